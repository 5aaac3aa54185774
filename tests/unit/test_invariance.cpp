#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/moments/invariance.hpp"
#include "erlangen/moments/invariants.hpp"
#include "erlangen/moments/plan.hpp"
#include "support/paths.hpp"

namespace {

using erlangen::ImageF;
using erlangen::LabelledFeatures;
using erlangen::moments::Representation;
using erlangen::moments::TransformKind;
using erlangen::moments::TransformStep;
using erlangen::moments::TransformSweep;

// Smooth asymmetric test image, so that flips and rotations change it.
ImageF test_image(std::ptrdiff_t side) {
  ImageF image(side, side);
  const double c = (side - 1) / 2.0;
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double x = (j - c) / side;
      const double y = (c - i) / side;
      image(i, j) = static_cast<float>(std::exp(-((x - 0.15) * (x - 0.15) / 0.01 + (y - 0.1) * (y - 0.1) / 0.004)) +
                                       0.5 * std::exp(-((x + 0.1) * (x + 0.1) + (y + 0.2) * (y + 0.2)) / 0.006));
    }
  }
  return image;
}

// Sums of pixel values in 8 rings about the centre, accumulated in double:
// invariant under quarter turns and flips up to the summation order.
Representation ring_sums() {
  Representation representation;
  representation.name = "ring sums";
  representation.compute = [](erlangen::ImageView<const float> image) {
    const double c = (image.height() - 1) / 2.0;
    const double radius = image.height() / 2.0;
    std::vector<double> sums(8, 0.0);
    for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
      for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
        const double r = std::hypot(i - c, j - c) / radius;
        if (r < 1.0) sums[static_cast<std::size_t>(r * 8.0)] += image(i, j);
      }
    }
    LabelledFeatures features;
    for (int k = 0; k < 8; ++k) features.push_back(sums[k], {"ring", k, 0, 0.0, "sum", ""});
    return features;
  };
  return representation;
}

// Sums of the left and right halves: swapped by a left-right flip.
Representation half_sums() {
  Representation representation;
  representation.name = "half sums";
  representation.compute = [](erlangen::ImageView<const float> image) {
    double left = 0.0;
    double right = 0.0;
    for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
      for (std::ptrdiff_t j = 0; j < image.width(); ++j) (2 * j < image.width() ? left : right) += image(i, j);
    }
    LabelledFeatures features;
    features.push_back(left, {"half", 0, 0, 0.0, "sum", ""});
    features.push_back(right, {"half", 1, 0, 0.0, "sum", ""});
    return features;
  };
  return representation;
}

std::string message_of(auto&& call) {
  try {
    call();
  } catch (const erlangen::InvalidArgument& error) {
    return error.what();
  }
  return "<no exception>";
}

TEST(TransformSweep, ParsesRotationRange) {
  const TransformSweep sweep = erlangen::moments::parse_transform_sweep("rotate:0:360:15");
  ASSERT_EQ(sweep.steps.size(), 25u);
  EXPECT_EQ(sweep.steps.front().kind, TransformKind::rotate);
  EXPECT_DOUBLE_EQ(sweep.steps[1].value, 15.0);
  EXPECT_DOUBLE_EQ(sweep.steps.back().value, 360.0);
  EXPECT_EQ(sweep.parameter, "angle (degrees)");
  EXPECT_EQ(sweep.steps[1].text(), "rotate 15");
}

TEST(TransformSweep, ParsesOtherForms) {
  const auto quarter = erlangen::moments::parse_transform_sweep("rot90");
  ASSERT_EQ(quarter.steps.size(), 3u);
  EXPECT_EQ(quarter.steps[2].kind, TransformKind::rotate90);
  EXPECT_DOUBLE_EQ(quarter.steps[2].value, 3.0);

  EXPECT_EQ(erlangen::moments::parse_transform_sweep("flip:lr").steps.at(0).kind, TransformKind::flip_left_right);
  EXPECT_EQ(erlangen::moments::parse_transform_sweep("flip:ud").steps.at(0).kind, TransformKind::flip_up_down);

  const auto shift = erlangen::moments::parse_transform_sweep("translate:3:-2.5");
  ASSERT_EQ(shift.steps.size(), 1u);
  EXPECT_DOUBLE_EQ(shift.steps[0].value, 3.0);
  EXPECT_DOUBLE_EQ(shift.steps[0].value2, -2.5);

  const auto scales = erlangen::moments::parse_transform_sweep("scale:0.5:2:0.25");
  ASSERT_EQ(scales.steps.size(), 7u);
  EXPECT_DOUBLE_EQ(scales.steps.back().value, 2.0);
  EXPECT_EQ(erlangen::moments::parse_transform_sweep("rotate:30").steps.size(), 1u);
}

TEST(TransformSweep, RejectsInvalidSpecs) {
  using erlangen::moments::parse_transform_sweep;
  EXPECT_NE(message_of([] { parse_transform_sweep("spin:3"); }).find("'spin' is not a known transform"),
            std::string::npos);
  EXPECT_NE(message_of([] { parse_transform_sweep("rotate:0:360:0"); }).find("STEP is 0"), std::string::npos);
  EXPECT_NE(message_of([] { parse_transform_sweep("rotate:a"); }).find("'a' is not a finite number"),
            std::string::npos);
  EXPECT_NE(message_of([] { parse_transform_sweep("flip:xy"); }).find("lr or ud"), std::string::npos);
  EXPECT_NE(message_of([] { parse_transform_sweep("scale:0"); }).find("not > 0"), std::string::npos);
  EXPECT_NE(message_of([] { parse_transform_sweep("rotate:0:1e9:1e-3"); }).find("exceed the limit"),
            std::string::npos);
  // Every message lists the accepted forms.
  EXPECT_NE(message_of([] { parse_transform_sweep("rotate:360:0:15"); }).find("rotate:FROM:TO:STEP"),
            std::string::npos);
}

TEST(MaskToDisk, KeepsPixelsInsideInscribedDisk) {
  ImageF ones(4, 4, 1, 1.0f);
  const ImageF masked = erlangen::moments::mask_to_disk(ones.plane());
  // Corner centres lie at radius sqrt(0.75^2 + 0.75^2) > 1; the other 12 are inside.
  double inside = 0.0;
  for (float value : masked.values()) inside += value;
  EXPECT_EQ(inside, 12.0);
  EXPECT_EQ(masked(0, 0), 0.0f);
  EXPECT_EQ(masked(0, 1), 1.0f);
  EXPECT_THROW(erlangen::moments::mask_to_disk(ImageF(3, 4).plane()), erlangen::InvalidArgument);
}

TEST(Invariance, ExactTransformsGiveRoundingErrors) {
  const ImageF image = test_image(64);
  std::vector<TransformSweep> sweeps = {erlangen::moments::parse_transform_sweep("rot90"),
                                        erlangen::moments::parse_transform_sweep("flip:lr"),
                                        erlangen::moments::parse_transform_sweep("flip:ud")};
  const auto report = erlangen::moments::measure_invariance(image.plane(), ring_sums(), sweeps);
  ASSERT_EQ(report.rows.size(), 5u);
  EXPECT_EQ(report.reference.size(), 8u);
  EXPECT_GT(report.reference_scale, 0.0);
  for (const auto& row : report.rows) {
    // Ring membership is the same set of pixels after an exact permutation; only
    // the summation order changes, worth a few ulps of sums near 100.
    EXPECT_LT(row.max_relative_error, 1e-13) << row.step.text();
    EXPECT_EQ(row.compared, 8u);
  }
  EXPECT_EQ(report.rows[3].sweep, 1u);
}

TEST(Invariance, InterpolatedRotationGivesSmallError) {
  const ImageF image = test_image(64);
  const std::vector<TransformSweep> sweeps = {erlangen::moments::parse_transform_sweep("rotate:30")};
  const auto report = erlangen::moments::measure_invariance(image.plane(), ring_sums(), sweeps);
  ASSERT_EQ(report.rows.size(), 1u);
  // Ring sums over a jagged pixel disk move by a few percent at most when the
  // content is rotated; they are not exact, so the error is well above rounding.
  EXPECT_LT(report.rows[0].max_relative_error, 5e-2);
  EXPECT_GT(report.rows[0].max_relative_error, 1e-6);
  EXPECT_LE(report.rows[0].mean_relative_error, report.rows[0].max_relative_error);
}

TEST(Invariance, FlipErrorOfNonInvariantRepresentation) {
  const ImageF image = test_image(32);
  const std::vector<TransformSweep> sweeps = {erlangen::moments::parse_transform_sweep("flip:lr")};
  erlangen::moments::InvarianceOptions options;
  options.mask_disk = false;
  const auto report = erlangen::moments::measure_invariance(image.plane(), half_sums(), sweeps, options);
  const double left = report.reference.values[0];
  const double right = report.reference.values[1];
  // The flip swaps the halves, so both values change by |left - right|.
  const double expected = std::abs(left - right) / std::max(left, right);
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_NEAR(report.rows[0].max_relative_error, expected, 1e-6 * expected);
  EXPECT_NEAR(report.rows[0].mean_relative_error, expected, 1e-6 * expected);
  EXPECT_GT(expected, 0.1);  // the test image is far from symmetric
}

TEST(Invariance, ExpectedAfterMapsPositions) {
  // Pixel values as features; the mapping moves the reference like the image,
  // so a quarter turn gives zero error and NaN entries are skipped.
  Representation pixels;
  pixels.name = "pixels";
  pixels.compute = [](erlangen::ImageView<const float> image) {
    LabelledFeatures features;
    for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
      for (std::ptrdiff_t j = 0; j < image.width(); ++j) features.push_back(image(i, j), {"pixel", 0, 0, 0.0, "", ""});
    }
    return features;
  };
  pixels.expected_after = [](const LabelledFeatures& reference, const TransformStep& step) {
    const std::ptrdiff_t side = static_cast<std::ptrdiff_t>(std::lround(std::sqrt(reference.size())));
    ImageF map(side, side);
    for (std::ptrdiff_t k = 0; k < side * side; ++k) map.data()[k] = static_cast<float>(reference.values[k]);
    const ImageF moved = erlangen::moments::apply_transform(map.plane(), step);
    LabelledFeatures expected = reference;
    for (std::ptrdiff_t k = 0; k < side * side; ++k) expected.values[k] = moved.data()[k];
    expected.values[0] = NAN;  // excluded from the comparison
    return expected;
  };
  const ImageF image = test_image(16);
  const auto report = erlangen::moments::measure_invariance(
      image.plane(), pixels, {erlangen::moments::parse_transform_sweep("rot90")});
  ASSERT_EQ(report.rows.size(), 3u);
  for (const auto& row : report.rows) {
    EXPECT_EQ(row.max_relative_error, 0.0) << row.step.text();
    EXPECT_EQ(row.compared, 255u);
  }
}

TEST(Invariance, ReportsProgress) {
  const ImageF image = test_image(16);
  std::vector<std::size_t> calls;
  std::size_t reported_total = 0;
  erlangen::moments::measure_invariance(
      image.plane(), ring_sums(), {erlangen::moments::parse_transform_sweep("rotate:0:90:30")}, {},
      [&](std::size_t done, std::size_t total) {
        calls.push_back(done);
        reported_total = total;
      });
  EXPECT_EQ(calls, (std::vector<std::size_t>{1, 2, 3, 4}));
  EXPECT_EQ(reported_total, 4u);
}

TEST(Invariance, RejectsInvalidInput) {
  const std::vector<TransformSweep> sweeps = {erlangen::moments::parse_transform_sweep("rot90")};
  EXPECT_NE(message_of([&] { erlangen::moments::measure_invariance(ImageF(8, 9).plane(), ring_sums(), sweeps); })
                .find("8x9"),
            std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::moments::measure_invariance(ImageF(8, 8).plane(), ring_sums(), sweeps); })
                .find("no non-zero finite value"),
            std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::moments::measure_invariance(test_image(8).plane(), Representation{}, sweeps); })
                .find("no compute function"),
            std::string::npos);

  // A representation whose length depends on the image is rejected.
  Representation unstable;
  unstable.name = "unstable";
  unstable.compute = [calls = 0](erlangen::ImageView<const float>) mutable {
    LabelledFeatures features;
    for (int k = 0; k <= calls; ++k) features.push_back(1.0, {"x", k, 0, 0.0, "", ""});
    ++calls;
    return features;
  };
  EXPECT_NE(message_of([&] { erlangen::moments::measure_invariance(test_image(8).plane(), unstable, sweeps); })
                .find("returned 2 values"),
            std::string::npos);
}

// ZM magnitudes of a real photograph, through the real moment plan.
Representation zernike_magnitudes(std::ptrdiff_t side, int max_order) {
  erlangen::moments::MomentOptions options;
  options.max_order = max_order;
  auto plan = std::make_shared<const erlangen::moments::MomentPlan>(
      erlangen::basis::make_family("zernike"), side, side, options);
  Representation representation;
  representation.name = "ZM magnitude";
  representation.compute = [plan](erlangen::ImageView<const float> image) {
    return erlangen::moments::magnitudes(plan->apply(image));
  };
  return representation;
}

TEST(Invariance, ZernikeMagnitudesOnCamera) {
  const ImageF camera = erlangen::io::read_grey(erlangen::testing::example_path("camera.png"));
  const ImageF image = erlangen::box_downsample(camera.plane(), 8);  // 64 x 64
  const std::vector<TransformSweep> sweeps = {erlangen::moments::parse_transform_sweep("rot90"),
                                              erlangen::moments::parse_transform_sweep("flip:lr"),
                                              erlangen::moments::parse_transform_sweep("flip:ud"),
                                              erlangen::moments::parse_transform_sweep("rotate:30")};
  const auto report = erlangen::moments::measure_invariance(image.plane(), zernike_magnitudes(64, 10), sweeps);
  ASSERT_EQ(report.rows.size(), 6u);
  EXPECT_EQ(report.reference.size(), 36u);  // (K/2 + 1)^2 pairs with m >= 0 for K = 10
  for (std::size_t k = 0; k < 5; ++k) {
    // Quarter turns and mirrors permute the pixels of the disk exactly, so only
    // the summation order of the moment sums changes.
    EXPECT_LT(report.rows[k].max_relative_error, 1e-12) << report.rows[k].step.text();
  }
  // A bicubic 30 degree rotation of a 64 x 64 photograph: measured 3.6e-2 for
  // the worst magnitude (|M_10,0|). 8e-2 bounds it, and 1e-4 shows it is not exact.
  EXPECT_LT(report.rows[5].max_relative_error, 8e-2);
  EXPECT_GT(report.rows[5].max_relative_error, 1e-4);
}

}  // namespace
