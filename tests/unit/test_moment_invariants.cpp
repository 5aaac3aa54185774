// Magnitude, phase-cancelled, normalised and Hu invariants.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <string>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/moments/invariants.hpp"
#include "erlangen/moments/plan.hpp"

namespace {

using erlangen::ImageD;
using erlangen::basis::Integration;
using erlangen::moments::MomentOptions;
using erlangen::moments::MomentPlan;
using erlangen::moments::MomentSet;

std::shared_ptr<const erlangen::basis::Family> family(const std::string& name) {
  return erlangen::basis::make_family(name);
}

ImageD random_image(std::ptrdiff_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  ImageD image(size, size);
  for (auto& value : image.values()) value = uniform(random);
  return image;
}

ImageD rotate_quarter(const ImageD& image) {
  const std::ptrdiff_t size = image.height();
  ImageD result(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) result(size - 1 - j, i) = image(i, j);
  }
  return result;
}

ImageD mirror_up_down(const ImageD& image) {
  ImageD result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) result(image.height() - 1 - i, j) = image(i, j);
  }
  return result;
}

// The moments of the image rotated by phi in the continuous domain: e^{-j m phi} M_nm.
MomentSet rotate_moments(const MomentSet& moments, double phi) {
  std::vector<std::complex<double>> values = moments.values();
  for (std::size_t k = 0; k < values.size(); ++k) values[k] *= std::polar(1.0, -moments.orders()[k].m * phi);
  return {moments.family_pointer(), moments.max_order(), moments.convention(), moments.orders(), values};
}

TEST(MomentInvariants, MagnitudesKeepNonNegativeRepetitions) {
  MomentOptions options;
  options.max_order = 4;
  const ImageD image = random_image(24, 1);
  const MomentSet zernike = MomentPlan(family("zm"), 24, 24, options).apply(image.plane());
  const auto features = erlangen::moments::magnitudes(zernike);
  EXPECT_EQ(features.size(), 9u);  // m >= 0 pairs of ZM for K = 4
  for (const auto& label : features.labels) EXPECT_GE(label.m, 0);
  EXPECT_EQ(features.labels[0].kind, "magnitude");

  const MomentSet pcet = MomentPlan(family("pcet"), 24, 24, options).apply(image.plane());
  EXPECT_EQ(erlangen::moments::magnitudes(pcet).size(), pcet.size());  // complex radial: every (n, m)
  EXPECT_EQ(erlangen::moments::symmetrised_magnitudes(pcet).size(), 9u * 5u);  // n in -4..4, m in 0..4
}

TEST(MomentInvariants, PhaseCancelledIsRotationInvariant) {
  MomentOptions options;
  options.max_order = 8;
  const MomentPlan plan(family("zm"), 32, 32, options);
  const ImageD image = random_image(32, 2);
  const MomentSet moments = plan.apply(image.plane());
  const auto original = erlangen::moments::phase_cancelled(moments);
  double largest = 0.0;
  for (double value : original.features.values) largest = std::max(largest, std::abs(value));

  for (const double phi : {0.7, 2.0, -1.3}) {
    const auto rotated = erlangen::moments::phase_cancelled(rotate_moments(moments, phi));
    EXPECT_EQ(rotated.reference_order, original.reference_order);
    ASSERT_EQ(rotated.features.size(), original.features.size());
    // The same products with unit phasors: rounding only.
    for (std::size_t k = 0; k < original.features.size(); ++k) {
      EXPECT_NEAR(rotated.features.values[k], original.features.values[k], 1e-12 * largest) << original.features.labels[k].text();
    }
  }

  // Exact quarter turn of the pixels.
  const auto quarter = erlangen::moments::phase_cancelled(plan.apply(rotate_quarter(image).plane()));
  for (std::size_t k = 0; k < original.features.size(); ++k) {
    EXPECT_NEAR(quarter.features.values[k], original.features.values[k], 1e-12 * largest);
  }

  // A mirror y -> -y conjugates: real parts stay, imaginary parts change sign.
  const auto mirrored = erlangen::moments::phase_cancelled(plan.apply(mirror_up_down(image).plane()));
  for (std::size_t k = 0; k < original.features.size(); ++k) {
    const double sign = original.features.labels[k].kind == "phase-cancelled-imag" ? -1.0 : 1.0;
    EXPECT_NEAR(mirrored.features.values[k], sign * original.features.values[k], 1e-12 * largest);
  }
}

TEST(MomentInvariants, PhaseCancelledRejectsVanishingReference) {
  MomentOptions options;
  options.max_order = 6;
  const ImageD ones(32, 32, 1, 1.0);
  const MomentSet moments = MomentPlan(family("zm"), 32, 32, options).apply(ones.plane());
  // A constant image has no m = 1 content, so the reference is zero to rounding.
  try {
    (void)erlangen::moments::phase_cancelled(moments);
    ADD_FAILURE() << "expected InvalidArgument";
  } catch (const erlangen::InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("m = 1"), std::string::npos) << error.what();
  }
  const ImageD image = random_image(32, 3);
  const MomentSet generic = MomentPlan(family("zm"), 32, 32, options).apply(image.plane());
  EXPECT_THROW((void)erlangen::moments::phase_cancelled(generic, 2), erlangen::InvalidArgument);  // (2, 1) is not a ZM pair
  EXPECT_EQ(erlangen::moments::phase_cancelled(generic, 3).reference_order, 3);
}

// A smooth blob rendered at a chosen centre and scale, 4 x 4 sub-samples per pixel.
ImageD render_blob(std::ptrdiff_t size, double centre_row, double centre_col, double scale) {
  ImageD image(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      double sum = 0.0;
      for (int a = 0; a < 4; ++a) {
        for (int b = 0; b < 4; ++b) {
          const double y = (i - 0.375 + a * 0.25 - centre_row) / scale;
          const double x = (j - 0.375 + b * 0.25 - centre_col) / scale;
          sum += std::exp(-0.5 * ((x - 2.0) * (x - 2.0) / 9.0 + y * y / 2.0)) +
                 0.6 * std::exp(-0.5 * ((x + 3.0) * (x + 3.0) + (y - 2.0) * (y - 2.0) / 4.0));
        }
      }
      image(i, j) = sum / 16.0;
    }
  }
  return image;
}

TEST(MomentInvariants, NormalisationRemovesTranslationAndScale) {
  const ImageD base = render_blob(96, 40.0, 45.0, 2.0);
  const ImageD shifted = render_blob(96, 47.0, 38.0, 2.0);
  const ImageD larger = render_blob(96, 48.0, 50.0, 3.0);
  erlangen::moments::Normalisation measured;
  const ImageD a = erlangen::moments::normalise_translation_scale(base.plane(), 48, {}, &measured);
  const ImageD b = erlangen::moments::normalise_translation_scale(shifted.plane(), 48);
  const ImageD c = erlangen::moments::normalise_translation_scale(larger.plane(), 48);
  EXPECT_NEAR(measured.radius, std::sqrt(measured.mass), 1e-12);  // the default multiple is 1

  MomentOptions options;
  options.max_order = 8;
  const MomentPlan plan(family("zm"), 48, 48, options);
  const auto ma = erlangen::moments::magnitudes(plan.apply(a.plane()));
  const auto mb = erlangen::moments::magnitudes(plan.apply(b.plane()));
  const auto mc = erlangen::moments::magnitudes(plan.apply(c.plane()));
  double largest = 0.0;
  for (double value : ma.values) largest = std::max(largest, value);
  double shift_error = 0.0;
  double scale_error = 0.0;
  for (std::size_t k = 0; k < ma.size(); ++k) {
    shift_error = std::max(shift_error, std::abs(mb.values[k] - ma.values[k]));
    scale_error = std::max(scale_error, std::abs(mc.values[k] - ma.values[k]));
  }
  RecordProperty("shift_error", std::to_string(shift_error / largest));
  RecordProperty("scale_error", std::to_string(scale_error / largest));
  // An integer shift moves centroid and sample points by whole pixels, so the
  // bilinear weights repeat: equal up to the rounding of the centroid.
  EXPECT_LT(shift_error, 1e-9 * largest);
  // Scaling by 1.5 changes the pixel sampling of the blob: interpolation error only.
  EXPECT_LT(scale_error, 2e-2 * largest);
}

TEST(MomentInvariants, NormalisationRejectsEmptyImage) {
  const ImageD zero(16, 16);
  EXPECT_THROW(erlangen::moments::normalise_translation_scale(zero.plane(), 16), erlangen::InvalidArgument);
  ImageD negative(16, 16, 1, 1.0);
  negative(3, 4) = -1.0;
  EXPECT_THROW(erlangen::moments::measure_normalisation(negative.plane()), erlangen::InvalidArgument);
}

TEST(MomentInvariants, HuOfRectangleMatchesClosedForm) {
  ImageD image(20, 30);
  for (std::ptrdiff_t i = 5; i < 9; ++i) {
    for (std::ptrdiff_t j = 10; j < 18; ++j) image(i, j) = 1.0;  // 4 rows x 8 columns
  }
  const auto hu = erlangen::moments::hu_moments(image.plane());
  ASSERT_EQ(hu.size(), 7u);
  EXPECT_EQ(hu.labels[0].text(), "Hu phi1 hu");
  // Pixel sums: eta20 = (a^2 - 1) / (12 a b), eta02 = (b^2 - 1) / (12 a b) for a = 8 columns, b = 4 rows.
  EXPECT_NEAR(hu.values[0], (63.0 + 15.0) / 384.0, 1e-14);
  EXPECT_NEAR(hu.values[1], std::pow((63.0 - 15.0) / 384.0, 2), 1e-14);
  for (int k = 2; k < 7; ++k) EXPECT_NEAR(hu.values[static_cast<std::size_t>(k)], 0.0, 1e-14);  // symmetric shape
}

TEST(MomentInvariants, HuUnderQuarterTurnAndMirror) {
  ImageD image = random_image(24, 5);
  for (std::ptrdiff_t i = 0; i < 24; ++i) {
    for (std::ptrdiff_t j = 0; j < 24; ++j) image(i, j) *= std::exp(-((i - 9.0) * (i - 9.0) + (j - 14.0) * (j - 12.0) * 0.5) / 30.0);
  }
  const auto original = erlangen::moments::hu_moments(image.plane());
  const auto rotated = erlangen::moments::hu_moments(rotate_quarter(image).plane());
  const auto mirrored = erlangen::moments::hu_moments(mirror_up_down(image).plane());
  for (std::size_t k = 0; k < 7; ++k) {
    const double tolerance = 1e-10 * std::abs(original.values[k]) + 1e-18;  // the same sums, permuted
    EXPECT_NEAR(rotated.values[k], original.values[k], tolerance) << "phi" << k + 1;
    const double sign = k == 6 ? -1.0 : 1.0;  // a mirror changes the sign of phi7 only
    EXPECT_NEAR(mirrored.values[k], sign * original.values[k], tolerance) << "phi" << k + 1;
  }
  EXPECT_GT(std::abs(original.values[6]), 1e-12);  // so that the sign check means something
}

}  // namespace
