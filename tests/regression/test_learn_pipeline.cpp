// End-to-end learning on HIR features of example-image crops: invariance of the predictions under
// 90-degree rotations and flips, prediction from the selected paths only, and save/reload.
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::hierarchy {
namespace {

namespace fs = std::filesystem;

// Crops of 32 x 32 pixels at 8 positions of three example images, one class per image.
ImageDataset example_crops() {
  ImageDataset dataset;
  const std::vector<std::string> names = {"brick", "camera", "coins"};
  for (std::size_t c = 0; c < names.size(); ++c) {
    const ImageF image = io::read_grey(fs::path(ERLANGEN_EXAMPLES_DIR) / (names[c] + ".png"));
    dataset.class_names.push_back(names[c]);
    for (int k = 0; k < 8; ++k) {
      const std::ptrdiff_t top = 30 + 29 * k;
      const std::ptrdiff_t left = 20 + 31 * k;
      ImageF crop(32, 32);
      for (std::ptrdiff_t i = 0; i < 32; ++i) {
        for (std::ptrdiff_t j = 0; j < 32; ++j) crop(i, j) = image(top + i, left + j);
      }
      dataset.images.push_back(std::move(crop));
      dataset.labels.push_back(static_cast<int>(c));
      dataset.sources.push_back(names[c]);
    }
  }
  return dataset;
}

ExtractorConfig small_hir() {
  ExtractorConfig config;
  config.kind = ExtractorKind::hir;
  config.preprocess.pad = 8;
  config.hir.path_options.max_total_order = 3;
  config.hir.path_options.max_depth = 2;
  config.hir.path_options.sides = {8};
  // Double precision, so that the features of a rotated crop agree to about 1e-12 and no
  // prediction can flip on float32 rounding.
  config.hir.precision = HirPrecision::float64;
  return config;
}

TEST(LearnPipeline, PredictionsInvariantUnderRot90AndFlips) {
  const ImageDataset data = example_crops();
  const FeatureExtractor extractor(small_hir(), 32, 32);
  const Eigen::MatrixXd features = extractor.extract(data.images);
  for (const ClassifierKind kind : {ClassifierKind::svm, ClassifierKind::pca}) {
    TrainingOptions options;
    options.classifier = kind;
    options.c_values = {1.0};
    const Model model = Model::train(features, extractor.labels(), data.labels, data.class_names, small_hir(), 32, 32,
                                     options);
    const std::vector<int> upright = model.predict(features, extractor.labels());
    int correct = 0;
    for (std::size_t i = 0; i < upright.size(); ++i) correct += upright[i] == data.labels[i] ? 1 : 0;
    // The crops of one image differ in content, so the fit may miss a crop or two of its training set.
    EXPECT_GE(correct, 21) << to_string(kind);

    for (int transform = 0; transform < 5; ++transform) {
      ImageDataset moved = data;
      for (ImageF& image : moved.images) {
        image = transform < 3 ? rotate90(image.plane(), transform + 1)
                              : (transform == 3 ? flip_left_right(image.plane()) : flip_up_down(image.plane()));
      }
      const Eigen::MatrixXd moved_features = extractor.extract(moved.images);
      // The mean read-out is exactly invariant under these grid symmetries up to rounding.
      const double relative = (moved_features - features).norm() / features.norm();
      EXPECT_LT(relative, 1e-9) << "transform " << transform;
      EXPECT_EQ(model.predict(moved_features, extractor.labels()), upright)
          << to_string(kind) << " transform " << transform;
    }
  }
}

TEST(LearnPipeline, SelectedPathsReproducePredictions) {
  const ImageDataset data = example_crops();
  const FeatureExtractor full(small_hir(), 32, 32);
  const Eigen::MatrixXd features = full.extract(data.images);
  TrainingOptions options;
  options.selection = SelectionScore::fisher;
  options.top = 6;
  options.c_values = {1.0};
  const Model model = Model::train(features, full.labels(), data.labels, data.class_names, small_hir(), 32, 32, options,
                                   feature_path_specs(full));
  ASSERT_FALSE(model.selection().paths.empty());
  ASSERT_LE(model.selection().paths.size(), 6u);

  // The prediction extractor computes only the selected paths, fewer than the full set.
  const FeatureExtractor limited(model.prediction_config(), 32, 32);
  EXPECT_LT(limited.feature_count(), full.feature_count());
  EXPECT_EQ(limited.feature_count(), model.selection().paths.size());
  const Eigen::MatrixXd limited_features = limited.extract(data.images);
  // The same paths on the same image: the same values up to the summation order of the FFTs.
  const Eigen::MatrixXd limited_scores = model.scores(limited_features, limited.labels());
  const Eigen::MatrixXd full_scores = model.scores(features, full.labels());
  EXPECT_LT((limited_scores - full_scores).norm(), 1e-9 * full_scores.norm());
  EXPECT_EQ(model.predict(limited_features, limited.labels()), model.predict(features, full.labels()));

  const fs::path path = fs::temp_directory_path() / ("erlangen_learn_pipeline_" + std::to_string(std::random_device{}()) + ".ehm");
  model.save(path);
  const Model reloaded = Model::load(path);
  fs::remove(path);
  const FeatureExtractor rebuilt(reloaded.prediction_config(), 32, 32);
  EXPECT_EQ(reloaded.predict(rebuilt.extract(data.images), rebuilt.labels()), model.predict(features, full.labels()));
}

TEST(LearnPipeline, BaselineExtractorsHaveDocumentedSizes) {
  const ImageDataset data = example_crops();
  ExtractorConfig pixels;
  pixels.kind = ExtractorKind::pixels;
  EXPECT_EQ(FeatureExtractor(pixels, 32, 32).feature_count(), 32u * 32u);

  ExtractorConfig moments;
  moments.kind = ExtractorKind::moments;
  moments.family = "zernike";
  moments.max_order = 4;
  // Zernike pairs with 0 <= m <= n <= 4 and n - m even: 1 + 1 + 2 + 2 + 3 = 9.
  const FeatureExtractor global(moments, 32, 32);
  EXPECT_EQ(global.feature_count(), 9u);

  ExtractorConfig dense;
  dense.kind = ExtractorKind::dense;
  dense.max_order = 2;
  dense.side = 6;
  // PCT pairs with n, m >= 0 and n + m <= 2: 6.
  const FeatureExtractor local(dense, 32, 32);
  ASSERT_EQ(local.feature_count(), 6u);
  // Each dense feature is a mean of magnitudes, so it is non-negative, and it is exactly invariant
  // under a 90-degree rotation of the crop.
  const std::vector<ImageF> one = {data.images[0]};
  const std::vector<ImageF> turned = {rotate90(data.images[0].plane(), 1)};
  const Eigen::MatrixXd a = local.extract(one);
  const Eigen::MatrixXd b = local.extract(turned);
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    EXPECT_GE(a(0, j), 0.0);
    // Sums of the same values in another order: relative rounding of about 1e-15.
    EXPECT_NEAR(a(0, j), b(0, j), 1e-12 * std::max(1.0, a(0, j))) << local.labels()[static_cast<std::size_t>(j)].text();
  }
}

}  // namespace
}  // namespace erlangen::hierarchy
