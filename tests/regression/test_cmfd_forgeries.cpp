// Copy-move detection on forgeries built from real photographs, with exact ground truth.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/cmfd_bench.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

// A side x side crop of an example image, as grey, taken at (top, left).
ImageF crop_example(const std::string& name, std::ptrdiff_t side, std::ptrdiff_t top, std::ptrdiff_t left) {
  const ImageF grey = io::read_grey(testing::example_path(name));
  ImageF crop(side, side);
  for (std::ptrdiff_t r = 0; r < side; ++r) {
    for (std::ptrdiff_t c = 0; c < side; ++c) crop(r, c) = grey(top + r, left + c);
  }
  return crop;
}

// The pipeline without the stages added after the tests that use it were measured: exact
// PatchMatch seeds, flat patches in the boundary growth and the photometric refinement of the
// affine maps. Each of them also recovers part of what those tests remove on purpose, so the
// tests switch them off to keep isolating their own stage.
CmfdOptions without_later_stages() {
  CmfdOptions options;
  options.patchmatch.exact_init_stride = 0;
  options.refine.faithful_ratio = 0.0;
  options.refine.photometric_iterations = 0;
  return options;
}

// A forgery of the benchmark set (`cmfd-bench generate --seed 1`), rebuilt from its manifest
// entry: the example image, the disk radius, the rotation and the seed of the variant.
CopyMoveForgery benchmark_forgery(const char* name, double radius, double degrees, std::uint64_t seed) {
  const ImageF image = io::read_grey(testing::example_path(name));
  CopyMoveSpec spec;
  spec.radius = radius;
  spec.rotation_degrees = degrees;
  spec.seed = seed;
  spec.min_source_contrast = 0.05;
  return make_copy_move_forgery(image, spec);
}

struct ForgeryCase {
  const char* name;
  double rotation_degrees;
  double scale;
};

class CmfdForgeryTest : public ::testing::TestWithParam<ForgeryCase> {};

TEST_P(CmfdForgeryTest, DetectedWithHighPixelF1) {
  const ForgeryCase& forgery_case = GetParam();
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  // The 32 px feature windows erode about 4 px of the region border that the 10 px dilation does
  // not fully restore, so the disk must be large for F1 >= 0.9: radius 52 px (8500 px area).
  CopyMoveSpec spec;
  spec.radius = 52.0;
  spec.rotation_degrees = forgery_case.rotation_degrees;
  spec.scale = forgery_case.scale;
  spec.seed = 21;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  // The published pixel sizes. The copy spans 40 % of the crop, far more than the automatic scale
  // assumes: at its 0.5 the smaller dilation and growth leave recall at 0.76 to 0.82 here.
  CmfdOptions options;
  options.pixel_scale = 1.0;
  const CmfdResult result = detect_copy_move(forgery.image.plane(), options);
  ASSERT_TRUE(result.detected) << result.message;
  const PixelScores scores = score_mask(result.mask.plane(), forgery.mask.plane());
  EXPECT_GE(scores.f1, 0.9) << "precision " << scores.precision << ", recall " << scores.recall;

  // The strongest pair links source and copy and recovers the transform. Its orientation depends
  // on which region comes first in raster order, so compare |angle| and max(scale, 1/scale).
  ASSERT_FALSE(result.pairs.empty());
  const RegionPair& pair = result.pairs.front();
  EXPECT_NE(pair.source, pair.copy);
  EXPECT_FALSE(pair.transform.mirrored);
  const double angle = std::abs(pair.transform.rotation_degrees);
  // Offsets are integers and the fit is over a few thousand pixels, so the angle is good to a few degrees.
  EXPECT_NEAR(angle, std::abs(forgery_case.rotation_degrees), 3.0);
  const double scale = std::max(pair.transform.scale, 1.0 / pair.transform.scale);
  EXPECT_NEAR(scale, std::max(forgery_case.scale, 1.0 / forgery_case.scale), 0.05);
  EXPECT_GT(pair.score, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Attacks, CmfdForgeryTest,
                         ::testing::Values(ForgeryCase{"plain", 0.0, 1.0}, ForgeryCase{"rotated30", 30.0, 1.0},
                                           ForgeryCase{"rotated90", 90.0, 1.0}, ForgeryCase{"scaled1_2", 0.0, 1.2}),
                         [](const ::testing::TestParamInfo<ForgeryCase>& info) { return std::string(info.param.name); });

TEST(CmfdDetect, MirroredCopyIsFlagged) {
  // A disk of the camera crop pasted flipped left to right, then turned by 20 degrees
  // counter-clockwise on screen. The PCT magnitudes are flip invariant, so the copy is found; its
  // map has det A < 0 and is reported as mirrored with the rotation after the flip.
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  ImageF forged = image;
  const double source_row = 70.0;
  const double source_col = 70.0;
  const double target_row = 180.0;
  const double target_col = 170.0;
  const double radius = 45.0;
  const double theta = 20.0 * 3.14159265358979323846 / 180.0;
  Image<std::uint8_t> truth(256, 256);

  for (std::ptrdiff_t r = 0; r < 256; ++r) {
    for (std::ptrdiff_t c = 0; c < 256; ++c) {
      if (std::hypot(r - source_row, c - source_col) <= radius) truth(r, c) = 1;
      const double y = static_cast<double>(r) - target_row;
      const double x = static_cast<double>(c) - target_col;
      if (std::hypot(x, y) > radius) continue;
      // Undo the rotation (A = [[cos, sin], [-sin, cos]] on (x, y), y down), then the flip.
      const double unturned_x = std::cos(theta) * x - std::sin(theta) * y;
      const double unturned_y = std::sin(theta) * x + std::cos(theta) * y;
      const auto sr = static_cast<std::ptrdiff_t>(std::lround(source_row + unturned_y));
      const auto sc = static_cast<std::ptrdiff_t>(std::lround(source_col - unturned_x));
      forged(r, c) = image(sr, sc);
      truth(r, c) = 1;
    }
  }

  CmfdOptions options;
  options.pixel_scale = 1.0;
  const CmfdResult result = detect_copy_move(forged.plane(), options);
  ASSERT_TRUE(result.detected) << result.message;
  ASSERT_FALSE(result.pairs.empty());
  const RegionPair& pair = result.pairs.front();
  EXPECT_NE(pair.source, pair.copy);
  EXPECT_TRUE(pair.transform.mirrored);
  // A flip followed by a turn is a reflection and its own inverse, so both orientations of the
  // pair give the same map. The sign of the angle follows the on-screen convention; 3 degrees
  // cover nearest-pixel copying and the fit to integer offsets.
  EXPECT_NEAR(std::abs(pair.transform.rotation_degrees), 20.0, 3.0);
  EXPECT_NEAR(pair.transform.scale, 1.0, 0.05);
  const PixelScores scores = score_mask(result.mask.plane(), truth.plane());
  EXPECT_GE(scores.f1, 0.85) << "precision " << scores.precision << ", recall " << scores.recall;
}

TEST(CmfdRefine, RestoresErodedBorder) {
  // A 40 px disk: the 32 px feature windows stop matching inside its edge, and the dilation does not
  // restore the whole band (measured at min_texture 0.02: recall 0.815 without refinement, 0.861
  // with it).
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  CopyMoveSpec spec;
  spec.radius = 40.0;
  spec.seed = 21;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  CmfdOptions options;
  // The flat-window threshold of 0.02 drops the low-contrast part of the border from the matched
  // core, which leaves a band for the refinement to restore. At the default 0.01 the core already
  // reaches recall 0.947, and the refinement adds only 0.011 (0.958).
  options.min_texture = 0.02;
  options.refine.enabled = false;
  const CmfdResult plain = detect_copy_move(forgery.image.plane(), options);
  options.refine.enabled = true;
  const CmfdResult refined = detect_copy_move(forgery.image.plane(), options);
  ASSERT_TRUE(plain.detected) << plain.message;
  ASSERT_TRUE(refined.detected) << refined.message;
  const PixelScores before = score_mask(plain.mask.plane(), forgery.mask.plane());
  const PixelScores after = score_mask(refined.mask.plane(), forgery.mask.plane());
  // The copy is exact, so the grown pixels lie in the disks and precision stays high. Flat parts of
  // the border give no evidence and stay out, which limits the gain.
  EXPECT_GE(after.recall, before.recall + 0.02) << "before: precision " << before.precision << ", recall " << before.recall << "; after: precision " << after.precision;
  EXPECT_GE(after.precision, 0.9);
  EXPECT_GE(after.f1, 0.9) << "precision " << after.precision << ", recall " << after.recall;
}

// Recall over the truth pixels at most `depth` pixels inside the border of the mask (4-connected
// distance to the nearest pixel outside it).
double border_recall(const Image<std::uint8_t>& predicted, const Image<std::uint8_t>& truth, int depth) {
  const std::ptrdiff_t rows = truth.height();
  const std::ptrdiff_t cols = truth.width();
  Image<std::uint8_t> inner(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) inner(r, c) = truth(r, c) ? 1 : 0;
  }
  // After `depth` erosions, the truth pixels that are gone form the border band.
  for (int step = 0; step < depth; ++step) {
    Image<std::uint8_t> eroded(rows, cols);
    for (std::ptrdiff_t r = 1; r + 1 < rows; ++r) {
      for (std::ptrdiff_t c = 1; c + 1 < cols; ++c) {
        eroded(r, c) = inner(r, c) && inner(r - 1, c) && inner(r + 1, c) && inner(r, c - 1) && inner(r, c + 1);
      }
    }
    inner = eroded;
  }
  double band = 0.0;
  double found = 0.0;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (!truth(r, c) || inner(r, c)) continue;
      band += 1.0;
      if (predicted(r, c)) found += 1.0;
    }
  }
  return band > 0.0 ? found / band : 0.0;
}

TEST(CmfdRefine, EdgeBandReachesTheBorder) {
  // A 5 x 5 patch that straddles the border of the copy never agrees with its image, so patch
  // growth stops 2 px inside the disk. The edge band tests those pixels one by one.
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  CopyMoveSpec spec;
  spec.radius = 40.0;
  spec.seed = 21;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  CmfdOptions options;
  options.refine.edge_band = 0;
  const CmfdResult without = detect_copy_move(forgery.image.plane(), options);
  options.refine.edge_band = 2;
  const CmfdResult with = detect_copy_move(forgery.image.plane(), options);
  ASSERT_TRUE(without.detected) << without.message;
  ASSERT_TRUE(with.detected) << with.message;
  const double before = border_recall(without.mask, forgery.mask, 2);
  const double after = border_recall(with.mask, forgery.mask, 2);
  // Measured: 0.570 without the band, 0.984 with it, over the 2 px band of both disks.
  EXPECT_GE(after, 0.8) << "before " << before;
  EXPECT_GE(after, before + 0.3) << "before " << before;
  // The copy is exact, so pixels outside the disks rarely agree and precision stays high.
  EXPECT_GE(score_mask(with.mask.plane(), forgery.mask.plane()).precision, 0.95);
}

TEST(CmfdUntouched, RealImagesGiveEmptyMasks) {
  struct Crop {
    const char* name;
    std::ptrdiff_t top;
    std::ptrdiff_t left;
  };
  for (const Crop& crop : {Crop{"astronaut.png", 200, 200}, Crop{"camera.png", 200, 200}, Crop{"coins.png", 20, 60},
                           Crop{"rocket.jpg", 100, 200}}) {
    const ImageF image = crop_example(crop.name, 256, crop.top, crop.left);
    const CmfdResult result = detect_copy_move(image.plane());
    EXPECT_FALSE(result.detected) << crop.name << ": " << result.regions.size() << " regions";
    EXPECT_EQ(result.message, "no copy-move region found") << crop.name;
  }
}

TEST(CmfdMatchers, KdTreeAndPatchMatchAgreeOnPlainCopy) {
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  CopyMoveSpec spec;
  spec.radius = 52.0;
  spec.seed = 21;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  CmfdOptions options;
  const CmfdResult approximate = detect_copy_move(forgery.image.plane(), options);
  options.matcher = MatcherKind::kdtree;
  const CmfdResult exact = detect_copy_move(forgery.image.plane(), options);
  ASSERT_TRUE(approximate.detected) << approximate.message;
  ASSERT_TRUE(exact.detected) << exact.message;
  EXPECT_GE(score_mask(exact.mask.plane(), forgery.mask.plane()).f1, 0.9);
  // The masks agree: F1 of one against the other (as ground truth 0/1). They differ only where
  // PatchMatch missed the exact neighbour at the region border.
  const PixelScores agreement = score_mask(approximate.mask.plane(), exact.mask.plane());
  EXPECT_GE(agreement.f1, 0.9);
}

TEST(CmfdDetect, SeedGivesSameMask) {
  const ImageF image = crop_example("coins.png", 256, 20, 60);
  CopyMoveSpec spec;
  spec.radius = 36.0;
  spec.rotation_degrees = 45.0;
  spec.seed = 9;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  CmfdOptions options;
  options.patchmatch.seed = 3;
  const CmfdResult first = detect_copy_move(forgery.image.plane(), options);
  const CmfdResult second = detect_copy_move(forgery.image.plane(), options);
  ASSERT_EQ(first.mask.values().size(), second.mask.values().size());
  EXPECT_TRUE(std::equal(first.mask.values().begin(), first.mask.values().end(), second.mask.values().begin()));
  EXPECT_EQ(first.pairs.size(), second.pairs.size());
}

TEST(CmfdDetect, PeriodicTextureRotatedCopyAtEverySeed) {
  // The brick forgery of the benchmark (seed 1 of cmfd-bench generate): a disk of radius 51.2 px
  // rotated by 30 degrees in a periodic wall. Every brick matches its neighbours nearly as well
  // as the copy matches its source, and PatchMatch from random starts found the copy with
  // seeds 3 and 4 only (seeds 1 and 2: empty mask). Exact seeds on a grid of stride 8 find it
  // at every seed.
  const CopyMoveForgery forgery = benchmark_forgery("brick.png", 51.2, 30.0, 1001014);
  ASSERT_EQ(forgery.source_centre.row, 372.0);
  ASSERT_EQ(forgery.source_centre.col, 303.0);
  for (const std::uint64_t seed : {1, 2, 3, 4}) {
    CmfdOptions options;
    options.patchmatch.seed = seed;
    const CmfdResult result = detect_copy_move(forgery.image.plane(), options);
    ASSERT_TRUE(result.detected) << "seed " << seed << ": " << result.message;
    const PixelScores scores = score_mask(result.mask.plane(), forgery.mask.plane());
    EXPECT_GE(scores.f1, 0.9) << "seed " << seed << ", precision " << scores.precision << ", recall "
                              << scores.recall;
  }
}

TEST(CmfdDetect, LoneRegionIsNoForgery) {
  // The untouched gravel photograph at PatchMatch seed 2: one region at the top border survives
  // post-processing, but no match links it to another region. It was the only false positive
  // among the benchmark's originals (grass aside, which contains a real copy) before lone regions
  // were dropped.
  const ImageF image = io::read_grey(std::filesystem::path(ERLANGEN_SOURCE_DIR) / "tests/data/images/gravel.png");
  CmfdOptions options;
  options.patchmatch.seed = 2;
  options.require_pair = false;
  const CmfdResult lone = detect_copy_move(image.plane(), options);
  ASSERT_TRUE(lone.detected) << "no lone region any more; the test lost its point";
  ASSERT_TRUE(lone.pairs.empty()) << "the region has a partner now; the test lost its point";
  options.require_pair = true;
  const CmfdResult paired = detect_copy_move(image.plane(), options);
  EXPECT_FALSE(paired.detected);
  EXPECT_TRUE(paired.regions.empty());
  EXPECT_EQ(paired.message,
            "1 region(s) found, but no match links any of them to a region, so they were dropped (require_pair)");
}

// Labels of the regions that no reported pair uses; every pair label must name a region.
std::vector<int> lone_regions(const CmfdResult& result) {
  std::vector<int> paired(result.regions.size() + 1, 0);
  for (const RegionPair& pair : result.pairs) {
    EXPECT_GE(pair.source, 1);
    EXPECT_GE(pair.copy, 1);
    EXPECT_LE(pair.source, static_cast<int>(result.regions.size()));
    EXPECT_LE(pair.copy, static_cast<int>(result.regions.size()));
    if (pair.source < 1 || pair.copy < 1 || pair.source > static_cast<int>(result.regions.size()) ||
        pair.copy > static_cast<int>(result.regions.size())) {
      continue;
    }
    paired[static_cast<std::size_t>(pair.source)] = 1;
    paired[static_cast<std::size_t>(pair.copy)] = 1;
  }
  std::vector<int> lone;
  for (const MaskRegion& region : result.regions) {
    if (!paired[static_cast<std::size_t>(region.label)]) lone.push_back(region.label);
  }
  return lone;
}

TEST(CmfdDetect, EveryRegionBelongsToAPair) {
  // With require_pair (the default), each region of the result is the source or the copy of some
  // reported pair, on forged and untouched images alike. The untouched gravel photograph at
  // PatchMatch seed 2 has a lone region when require_pair is off, so the check can fail.
  struct Input {
    std::string name;
    ImageF image;
    std::uint64_t seed;
  };
  std::vector<Input> inputs;
  inputs.push_back({"gravel original",
                    io::read_grey(std::filesystem::path(ERLANGEN_SOURCE_DIR) / "tests/data/images/gravel.png"), 2});
  for (const char* name : {"camera.png", "coins.png", "brick.png", "horse.png"}) {
    const ImageF image = io::read_grey(testing::example_path(name));
    CopyMoveSpec spec;
    spec.radius = 30.0;
    spec.rotation_degrees = 30.0;
    spec.seed = 3;
    spec.min_source_contrast = 0.05;
    inputs.push_back({std::string(name) + " forgery", make_copy_move_forgery(image, spec).image, 0});
    inputs.push_back({std::string(name) + " original", image, 0});
  }

  for (const Input& input : inputs) {
    CmfdOptions options;
    options.patchmatch.seed = input.seed;
    const CmfdResult result = detect_copy_move(input.image.plane(), options);
    EXPECT_TRUE(lone_regions(result).empty()) << input.name;
  }

  CmfdOptions keep_lone;
  keep_lone.patchmatch.seed = 2;
  keep_lone.require_pair = false;
  EXPECT_FALSE(lone_regions(detect_copy_move(inputs.front().image.plane(), keep_lone)).empty())
      << "the gravel original has no lone region any more; the test lost its point";
}

TEST(CmfdRefine, FlatPatchesWithCopiedNoiseJoin) {
  // The coins copy rotated by 5 degrees of the benchmark (seed 1 of cmfd-bench generate): its
  // rim contains dark, nearly flat background, which patch growth used to skip as no evidence.
  // Measured on the benchmark's PNG: recall 0.853 without flat patches, 0.984 with them.
  const CopyMoveForgery forgery = benchmark_forgery("coins.png", 30.3, 5.0, 1006058);
  CmfdOptions options;
  const PixelScores with_flat = score_mask(detect_copy_move(forgery.image.plane(), options).mask.plane(),
                                           forgery.mask.plane());
  options.refine.faithful_ratio = 0.0;
  const PixelScores without_flat = score_mask(detect_copy_move(forgery.image.plane(), options).mask.plane(),
                                              forgery.mask.plane());
  EXPECT_GE(with_flat.f1, 0.95) << "precision " << with_flat.precision << ", recall " << with_flat.recall;
  EXPECT_GE(with_flat.recall, without_flat.recall + 0.05) << "without flat patches: recall " << without_flat.recall;
}

TEST(CmfdPixelScale, SmallCopyInSmallImage) {
  // A 300 x 300 crop with a copy of radius 30 px, as in the benchmark's smaller sample images.
  // With the pixel parameters of large images, the 32 px windows and the 1200 px minimum region
  // leave almost nothing of the copy. Scaled to the image (auto: 300 / 512 here), it is found.
  const ImageF image = crop_example("coins.png", 300, 0, 40);
  CopyMoveSpec spec;
  spec.radius = 30.0;
  spec.seed = 5;
  spec.min_source_contrast = 0.05;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  CmfdOptions options;
  options.pixel_scale = 1.0;
  const PixelScores fixed = score_mask(detect_copy_move(forgery.image.plane(), options).mask.plane(), forgery.mask.plane());
  options.pixel_scale = 0.0;
  const CmfdResult scaled = detect_copy_move(forgery.image.plane(), options);
  EXPECT_DOUBLE_EQ(scaled.pixel_scale, 300.0 / 512.0);
  const PixelScores automatic = score_mask(scaled.mask.plane(), forgery.mask.plane());
  // Measured: recall 0 with scale 1; F1 0.909 and recall 0.850 with auto. The bound leaves room
  // for small changes of the matcher.
  EXPECT_GE(automatic.f1, 0.85) << "precision " << automatic.precision << ", recall " << automatic.recall;
  EXPECT_GE(automatic.recall, fixed.recall + 0.3) << "scale 1: recall " << fixed.recall;
}

// Mask pixels whose 25 x 25 neighbourhood is all light background (grey > 0.7) in the horse image.
std::ptrdiff_t pixels_deep_in_background(const ImageF& grey, const Image<std::uint8_t>& mask) {
  constexpr std::ptrdiff_t kHalf = 12;
  std::ptrdiff_t count = 0;
  for (std::ptrdiff_t r = kHalf; r + kHalf < grey.height(); ++r) {
    for (std::ptrdiff_t c = kHalf; c + kHalf < grey.width(); ++c) {
      if (!mask(r, c)) continue;
      bool background = true;
      for (std::ptrdiff_t dr = -kHalf; dr <= kHalf && background; ++dr) {
        for (std::ptrdiff_t dc = -kHalf; dc <= kHalf && background; ++dc) background = grey(r + dr, c + dc) > 0.7f;
      }
      count += background ? 1 : 0;
    }
  }
  return count;
}

TEST(CmfdFlat, FlatBackgroundIsNotAForgery) {
  // The horse silhouette on a flat light background: the background matches itself at every
  // offset, and PatchMatch turns that into smooth offset fields that pass the affine test.
  // Dropping windows without texture removes them. (Straight parts of the silhouette's edge can
  // still match themselves along the edge; that is not what this test checks.)
  const ImageF grey = io::read_grey(testing::example_path("horse.png"));
  EXPECT_EQ(pixels_deep_in_background(grey, detect_copy_move(grey.plane(), {}).mask), 0);
  CmfdOptions options = without_later_stages();
  const CmfdResult dropped = detect_copy_move(grey.plane(), options);
  EXPECT_EQ(pixels_deep_in_background(grey, dropped.mask), 0);
  options.min_texture = 0.0;
  const CmfdResult unfiltered = detect_copy_move(grey.plane(), options);
  EXPECT_GT(pixels_deep_in_background(grey, unfiltered.mask), 1000)
      << "the flat background no longer forms regions; the test lost its point";
}

TEST(CmfdFlat, LowContrastRotatedCopyIsFound) {
  // A low-contrast image, as a micrograph is: the camera crop with its contrast reduced to a
  // quarter about its mean. The copy is rotated by 30 degrees. With the flat-window threshold at
  // 0.02 (the previous default), many matches inside the copy are dropped as flat. Measured: seed 2
  // gives F1 0.000 at 0.02 and 0.888 at 0.01 (the default), seed 4 gives 0.724 and 0.920.
  ImageF image = crop_example("camera.png", 256, 200, 200);
  double mean = 0.0;
  for (const float value : image.values()) mean += value;
  mean /= static_cast<double>(image.values().size());
  for (float& value : image.values()) value = static_cast<float>(mean + 0.25 * (value - mean));
  for (const std::uint64_t seed : {2, 4}) {
    CopyMoveSpec spec;
    spec.radius = 52.0;
    spec.rotation_degrees = 30.0;
    spec.min_source_contrast = 0.0125;
    spec.seed = seed;
    const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
    // The full pipeline finds the copy too.
    const PixelScores full = score_mask(detect_copy_move(forgery.image.plane(), {}).mask.plane(), forgery.mask.plane());
    EXPECT_GE(full.f1, 0.85) << "seed " << seed << ": precision " << full.precision << ", recall " << full.recall;
    CmfdOptions options = without_later_stages();
    const CmfdResult found = detect_copy_move(forgery.image.plane(), options);
    options.min_texture = 0.02;
    const CmfdResult strict = detect_copy_move(forgery.image.plane(), options);
    const PixelScores scores = score_mask(found.mask.plane(), forgery.mask.plane());
    const PixelScores strict_scores = score_mask(strict.mask.plane(), forgery.mask.plane());
    // 0.85 sits below the measured 0.888 and 0.920. PatchMatch is deterministic for the seed, so
    // the margin covers only changes elsewhere in the pipeline.
    EXPECT_GE(scores.f1, 0.85) << "seed " << seed << ": precision " << scores.precision << ", recall "
                               << scores.recall;
    // The threshold must be what makes the difference, not an easier forgery.
    EXPECT_LT(strict_scores.f1, 0.8) << "seed " << seed << ": the copy no longer needs the lower threshold; "
                                     << "pick another seed";
  }
}

// Grey standard deviation over the disk of the given radius about centre.
double disk_deviation(const ImageF& image, Point2 centre, double radius) {
  double sum = 0.0;
  double squares = 0.0;
  double count = 0.0;
  for (std::ptrdiff_t r = 0; r < image.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < image.width(); ++c) {
      if (std::hypot(r - centre.row, c - centre.col) > radius) continue;
      sum += image(r, c);
      squares += image(r, c) * image(r, c);
      count += 1.0;
    }
  }
  const double mean = sum / count;
  return std::sqrt(std::max(0.0, squares / count - mean * mean));
}

TEST(CmfdForgery, SourceCarriesContent) {
  // Horse: most of the image is flat white, so a uniformly drawn source is often flat.
  const ImageF image = io::read_grey(testing::example_path("horse.png"));
  int flat_sources_without = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CopyMoveSpec spec;
    spec.radius = 30.0;
    spec.seed = seed;
    const CopyMoveForgery uniform = make_copy_move_forgery(image, spec);
    spec.min_source_contrast = 0.05;
    const CopyMoveForgery textured = make_copy_move_forgery(image, spec);
    EXPECT_GE(disk_deviation(image, textured.source_centre, spec.radius), 0.05) << "seed " << seed;
    flat_sources_without += disk_deviation(image, uniform.source_centre, spec.radius) < 0.05 ? 1 : 0;
  }
  EXPECT_GE(flat_sources_without, 1) << "no uniform draw was flat; pick seeds that show the difference";
}

TEST(CmfdRematch, FollowsCopiesRotatedBy30Degrees) {
  // PatchMatch propagates integer offsets; on a copy rotated by 30 degrees the true offset drifts
  // by 0.52 px per pixel, propagation stalls where the features vary quickly, and part of the
  // copy keeps random offsets. The affine-guided re-matching offers each pixel the match that the
  // pair's affine map predicts. Measured on this 256 px crop (automatic pixel scale 0.5), disk of
  // radius 52 px, textured source (min_source_contrast 0.05): seed 3 gives F1 0.892 without
  // re-matching and 0.958 with it, seed 6 gives 0.813 and 0.950 (recall 0.70 and 0.93).
  const ImageF image = crop_example("camera.png", 256, 200, 200);
  for (const std::uint64_t seed : {3, 6}) {
    CopyMoveSpec spec;
    spec.radius = 52.0;
    spec.rotation_degrees = 30.0;
    spec.min_source_contrast = 0.05;
    spec.seed = seed;
    const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
    CmfdOptions options = without_later_stages();
    // The figures above were measured without the edge band of the refinement, which adds about
    // 0.01 to both runs. It stays off so that the test isolates the re-matching.
    options.refine.edge_band = 0;
    const CmfdResult with = detect_copy_move(forgery.image.plane(), options);
    options.rematch.enabled = false;
    const CmfdResult without = detect_copy_move(forgery.image.plane(), options);
    const PixelScores on = score_mask(with.mask.plane(), forgery.mask.plane());
    const PixelScores off = score_mask(without.mask.plane(), forgery.mask.plane());
    // 0.93 sits below the measured 0.950 and 0.958 (PatchMatch is deterministic for the seed, so
    // the margin covers only changes elsewhere in the pipeline) and above 0.892 and 0.813.
    EXPECT_GE(on.f1, 0.93) << "seed " << seed << ": precision " << on.precision << ", recall " << on.recall;
    // The pass must be what makes the difference here, not an easier forgery.
    EXPECT_LT(off.f1, 0.9) << "seed " << seed << ": the forgery no longer needs re-matching; pick another seed";
    // Re-matching must not spread the mask beyond the copy: precision stays as it was (measured
    // 0.981 and 0.973 before, 0.973 and 0.973 after), within 0.02.
    EXPECT_GE(on.precision, off.precision - 0.02) << "seed " << seed;
  }
}

}  // namespace
}  // namespace erlangen::forensics
