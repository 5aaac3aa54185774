// Rotation invariance of HIR features at angles that are not multiples of 90 degrees, on a real
// image: the digits-hq preset against the same paths at half the resolution and the digits preset.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/preprocess.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::hierarchy {
namespace {

namespace fs = std::filesystem;

// A digit-sized object cut from a real photograph: the centre of camera.png averaged over
// 16 x 16 blocks (32 x 32), cropped to 28 x 28 and faded to zero outside a disk of radius 12 px,
// so that it lies on a zero background like an MNIST digit and a rotation keeps all of it.
ImageF camera_object() {
  const ImageF image = io::read_grey(fs::path(ERLANGEN_EXAMPLES_DIR) / "camera.png");
  const ImageF small = box_downsample(image.plane(), 16);
  constexpr std::ptrdiff_t kSide = 28;
  const std::ptrdiff_t top = (small.height() - kSide) / 2;
  const std::ptrdiff_t left = (small.width() - kSide) / 2;
  ImageF object(kSide, kSide);
  const double centre = 0.5 * (kSide - 1);
  for (std::ptrdiff_t i = 0; i < kSide; ++i) {
    for (std::ptrdiff_t j = 0; j < kSide; ++j) {
      const double radius = std::hypot(i - centre, j - centre);
      const double fade = std::clamp((12.0 - radius) / 2.0, 0.0, 1.0);
      object(i, j) = static_cast<float>(fade) * small(top + i, left + j);
    }
  }
  return object;
}

// The digits-hq extractor at half its resolution: 40 px, sigma 1, S = 10, a 22 px border
// (2 (S - 1) = 18 px plus a 2 px shift scaled to 40 px), the same 350 tree paths and kernels.
ExtractorConfig half_resolution() {
  ExtractorConfig config = preset_config("digits-hq");
  config.preprocess.resize_side = 40;
  config.preprocess.sigma = 1.0;
  config.preprocess.pad = 22;
  config.hir.path_options.sides = {10};
  return config;
}

// Root mean square over all features of the relative change |f(rotated) - f| / f, where the
// rotation by `degrees` (bicubic) is applied to the preprocessed image. This isolates the
// extractor's own discretisation error from the interpolation of the small input.
double relative_change(const ExtractorConfig& config, const ImageF& object, double degrees) {
  const FeatureExtractor extractor(config, object.height(), object.width());
  const HirPlan& plan = *extractor.hir_plan();
  const ImageF prepared = preprocess(object.plane(), config.preprocess);
  const ImageF rotated = rotate(prepared.plane(), degrees, Interpolation::bicubic, 0.0f);
  std::vector<double> before(plan.feature_count());
  std::vector<double> after(plan.feature_count());
  plan.apply(prepared.plane(), before);
  plan.apply(rotated.plane(), after);
  double sum = 0.0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    const double change = (after[k] - before[k]) / before[k];
    sum += change * change;
  }
  return std::sqrt(sum / static_cast<double>(before.size()));
}

TEST(HirRotation, DigitsHqPresetSettings) {
  const Preset chosen = preset("digits-hq");
  EXPECT_EQ(chosen.preprocess.resize_side, 80);
  EXPECT_EQ(chosen.preprocess.sigma, 2.0);
  EXPECT_EQ(chosen.preprocess.pad, 44);
  EXPECT_EQ(preprocessed_rows(chosen.preprocess, 28), 168);
  EXPECT_FALSE(chosen.reference_kernels);
  const ExtractorConfig config = preset_config("digits-hq");
  EXPECT_EQ(config.hir.kernels, KernelMode::subpixel);
  EXPECT_EQ(config.hir.path_options.rule, PathRule::tree);
  const FeatureExtractor extractor(config, 28, 28);
  EXPECT_EQ(extractor.feature_count(), 350u);
}

TEST(HirRotation, DigitsHqSmallerErrorThanHalfResolution) {
  const ImageF object = camera_object();
  // Measured (Release build, x86-64): digits-hq 0.0046 at 30 and 45 degrees, the
  // same paths at 40 px and S = 10 0.025, the digits preset 0.045 (its 12 px border also cuts
  // the depth-2 to depth-4 responses). The bounds sit about halfway between on a log scale, so
  // each check fails if its setting moves by a factor of about 2.
  for (const double degrees : {30.0, 45.0}) {
    SCOPED_TRACE(degrees);
    EXPECT_LT(relative_change(preset_config("digits-hq"), object, degrees), 0.01);
    EXPECT_GT(relative_change(half_resolution(), object, degrees), 0.015);
    EXPECT_GT(relative_change(preset_config("digits"), object, degrees), 0.03);
  }
}

TEST(HirRotation, DigitsHqExactUnderQuarterTurns) {
  const ImageF object = camera_object();
  const ExtractorConfig config = preset_config("digits-hq");
  const FeatureExtractor extractor(config, object.height(), object.width());
  const std::vector<ImageF> images = {object, rotate90(object.plane(), 1), flip_left_right(object.plane())};
  const Eigen::MatrixXd features = extractor.extract(images);
  for (Eigen::Index k = 0; k < features.cols(); ++k) {
    // Single-precision FFTs: the three images take different rounding paths.
    EXPECT_NEAR(features(1, k), features(0, k), 1e-4 * std::abs(features(0, k))) << k;
    EXPECT_NEAR(features(2, k), features(0, k), 1e-4 * std::abs(features(0, k))) << k;
  }
}

}  // namespace
}  // namespace erlangen::hierarchy
