// resize_rotated: the single-resampling rotation of the digit experiment against resize(),
// rotate90(), rotate() + translate() and the exact rotation of a smooth function.
// resize_rotated_gaussian: the isotropic Gaussian model against a forward sum over moved pixel
// centres, rotate90() and a constant image.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/preprocess.hpp"

namespace erlangen::hierarchy {
namespace {

// A 28 x 28 random "digit" in [0, 1] with a zero margin of `margin` pixels, so that every 4 x 4
// bicubic neighbourhood near the frame edge reads zeros under both edge rules.
ImageF random_digit(std::ptrdiff_t margin, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  ImageF image(28, 28);
  for (std::ptrdiff_t i = margin; i < 28 - margin; ++i) {
    for (std::ptrdiff_t j = margin; j < 28 - margin; ++j) image(i, j) = uniform(engine);
  }
  return image;
}

// An off-centre Gaussian blob of standard deviation 3 px, evaluated at any point (row, col) in the
// pixel units of a 28 x 28 frame.
double blob(double row, double col) {
  const double dr = row - 11.0;
  const double dc = col - 15.5;
  return std::exp(-(dr * dr + dc * dc) / (2.0 * 9.0));
}

ImageF sampled_blob() {
  ImageF image(28, 28);
  for (std::ptrdiff_t i = 0; i < 28; ++i) {
    for (std::ptrdiff_t j = 0; j < 28; ++j) image(i, j) = static_cast<float>(blob(static_cast<double>(i), static_cast<double>(j)));
  }
  return image;
}

// The blob rotated by `degrees` about the centre of the 28 x 28 frame and shifted by
// (rows_down, cols_right) input pixels, sampled exactly on the side x side grid of resize_rotated.
ImageF exact_moved_blob(std::ptrdiff_t side, double degrees, double rows_down, double cols_right) {
  const double radians = degrees * std::numbers::pi / 180.0;
  const double c = std::cos(radians);
  const double s = std::sin(radians);
  const double centre = 13.5;
  const double step = 28.0 / static_cast<double>(side);
  ImageF image(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double y_down = (static_cast<double>(i) + 0.5) * step - 0.5 - rows_down - centre;
      const double x = (static_cast<double>(j) + 0.5) * step - 0.5 - cols_right - centre;
      image(i, j) = static_cast<float>(blob(centre + s * x + c * y_down, centre + c * x - s * y_down));
    }
  }
  return image;
}

double max_difference(const ImageF& a, const ImageF& b) {
  EXPECT_EQ(a.height(), b.height());
  EXPECT_EQ(a.width(), b.width());
  double largest = 0.0;
  for (std::ptrdiff_t i = 0; i < a.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < a.width(); ++j) largest = std::max(largest, std::abs(static_cast<double>(a(i, j)) - b(i, j)));
  }
  return largest;
}

TEST(HirResizeRotated, ZeroAngleEqualsResize) {
  // A 2 px zero margin covers the 4 x 4 bicubic neighbourhood of every source position, so the
  // edge rules (replicated edge in resize, zero fill here) read the same zeros.
  const ImageF digit = random_digit(2, 7);
  for (const std::ptrdiff_t side : {40, 80, 28}) {
    const ImageF single = resize_rotated(digit.plane(), side, side, 0.0);
    const ImageF plain = resize(digit.plane(), side, side, Interpolation::bicubic);
    // Same kernel and the same source positions up to one rounding of the position arithmetic:
    // differences are float rounding of values in [0, 1].
    EXPECT_LT(max_difference(single, plain), 1e-5) << "side " << side;
  }
}

TEST(HirResizeRotated, QuarterTurnEqualsRotate90) {
  const ImageF digit = random_digit(0, 11);  // no margin: the quarter turn holds for any content
  const ImageF upright = resize_rotated(digit.plane(), 80, 80, 0.0);
  const ImageF turned = resize_rotated(digit.plane(), 80, 80, 90.0);
  const ImageF expected = rotate90(upright.plane(), 1);
  // The quarter turn maps both grids onto themselves and the bicubic kernel is separable and even,
  // so the two agree up to float rounding of values in [0, 1].
  EXPECT_LT(max_difference(turned, expected), 1e-5);
  const ImageF half_turn = resize_rotated(digit.plane(), 80, 80, -180.0);
  EXPECT_LT(max_difference(half_turn, rotate90(upright.plane(), 2)), 1e-5);
}

TEST(HirResizeRotated, SameGridMatchesRotateThenTranslate) {
  const ImageF digit = random_digit(3, 5);
  // 30 degrees: one rotation with the same kernel, map and fill as rotate(), so float rounding only.
  const ImageF rotated = rotate(digit.plane(), 30.0, Interpolation::bicubic, 0.0f);
  EXPECT_LT(max_difference(resize_rotated(digit.plane(), 28, 28, 30.0), rotated), 1e-5);
  // An integer shift after a quarter turn moves pixel centres onto pixel centres, so the two-step
  // result has no interpolation error at all and the one-step result must equal it.
  const ImageF turned = rotate(digit.plane(), -90.0, Interpolation::bicubic, 0.0f);
  const ImageF moved = translate(turned.plane(), 2.0, -1.0, Interpolation::bicubic, 0.0f);
  EXPECT_LT(max_difference(resize_rotated(digit.plane(), 28, 28, -90.0, 2.0, -1.0), moved), 1e-6);
}

TEST(HirResizeRotated, OneResamplingIsCloserToExactMotion) {
  const ImageF digit = sampled_blob();
  const double degrees = 37.0;
  const double rows_down = 2.0;
  const double cols_right = -1.0;
  const ImageF exact = exact_moved_blob(80, degrees, rows_down, cols_right);
  const ImageF single = resize_rotated(digit.plane(), 80, 80, degrees, rows_down, cols_right);
  const ImageF rotated = rotate(digit.plane(), degrees, Interpolation::bicubic, 0.0f);
  const ImageF moved = translate(rotated.plane(), rows_down, cols_right, Interpolation::bicubic, 0.0f);
  const ImageF two_step = resize(moved.plane(), 80, 80, Interpolation::bicubic);
  const double single_error = max_difference(single, exact);
  const double two_step_error = max_difference(two_step, exact);
  // Keys bicubic interpolation of a Gaussian of sigma 3 px has an error of order h^3 |f'''|, a few
  // 1e-3 of the peak value 1; 0.01 leaves room for the truncated tails at the frame edge.
  EXPECT_LT(single_error, 0.01);
  // The second interpolation of the two-step path adds its own error, so it cannot be closer.
  EXPECT_LT(single_error, two_step_error);
}

TEST(HirResizeRotated, RejectsInvalidArguments) {
  const ImageF digit = random_digit(2, 3);
  const ImageF empty(0, 0);
  EXPECT_THROW(resize_rotated(empty.plane(), 80, 80, 0.0), InvalidArgument);
  EXPECT_THROW(resize_rotated(digit.plane(), 0, 80, 0.0), InvalidArgument);
  EXPECT_THROW(resize_rotated(digit.plane(), 80, -1, 0.0), InvalidArgument);
  EXPECT_THROW(resize_rotated(digit.plane(), 80, 80, std::nan("")), InvalidArgument);
  EXPECT_THROW(resize_rotated(digit.plane(), 80, 80, 0.0, 113.0, 0.0), InvalidArgument);
  EXPECT_THROW(resize_rotated(digit.plane(), 80, 80, 0.0, 0.0, INFINITY), InvalidArgument);
}


// The Gaussian model summed forward: every input pixel centre is carried by the motion onto the
// output frame, and each output centre adds up the Gaussians of all moved centres. The library
// maps backward (output point to input point); this oracle never inverts the motion.
ImageF forward_gaussian_sum(const ImageF& image, std::ptrdiff_t side, double degrees, double rows_down,
                            double cols_right, double sigma) {
  const double radians = degrees * std::numbers::pi / 180.0;
  const double c = std::cos(radians);
  const double s = std::sin(radians);
  const double centre = 0.5 * (static_cast<double>(image.height()) - 1.0);
  const double step = static_cast<double>(image.height()) / static_cast<double>(side);
  ImageF result(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      // Output centre in input pixel units (the frame of the input).
      const double point_row = (static_cast<double>(i) + 0.5) * step - 0.5;
      const double point_col = (static_cast<double>(j) + 0.5) * step - 0.5;
      double sum = 0.0;
      for (std::ptrdiff_t r = 0; r < image.height(); ++r) {
        for (std::ptrdiff_t k = 0; k < image.width(); ++k) {
          // Counter-clockwise on screen (x right, y up, y_down = -y), then the shift.
          const double x = static_cast<double>(k) - centre;
          const double y_down = static_cast<double>(r) - centre;
          const double moved_col = centre + c * x + s * y_down + cols_right;
          const double moved_row = centre - s * x + c * y_down + rows_down;
          const double distance2 = (point_row - moved_row) * (point_row - moved_row) +
                                   (point_col - moved_col) * (point_col - moved_col);
          sum += image(r, k) * std::exp(-distance2 / (2.0 * sigma * sigma));
        }
      }
      result(i, j) = static_cast<float>(sum / (2.0 * std::numbers::pi * sigma * sigma));
    }
  }
  return result;
}

TEST(HirResizeRotatedGaussian, EqualsForwardSumOverMovedCentres) {
  const ImageF digit = random_digit(0, 7);
  for (const double degrees : {0.0, 37.0, -123.0}) {
    const ImageF rendered = resize_rotated_gaussian(digit.plane(), 80, 80, degrees, 1.5, -2.0, 0.7);
    const ImageF expected = forward_gaussian_sum(digit, 80, degrees, 1.5, -2.0, 0.7);
    // The library drops the Gaussians beyond 4 sigma. The mass of a 2-D Gaussian outside radius
    // 4 sigma is exp(-8) = 3.4e-4, and the lattice sum follows the integral closely at sigma 0.7,
    // so with pixel values in [0, 1] the difference stays below about 3.4e-4 plus float rounding.
    EXPECT_LT(max_difference(rendered, expected), 1e-3) << degrees << " degrees";
  }
}

TEST(HirResizeRotatedGaussian, RotationActsExactlyOnTheModel) {
  // The forward sum places a Gaussian on every rotated pixel centre, which is the rotated model.
  // The render matches it at every angle up to the 4-sigma truncation alone, so the rotation acts
  // on the model exactly and not only at multiples of 90 degrees. The bicubic map of
  // resize_rotated() has no such form.
  const ImageF digit = random_digit(2, 19);
  double largest = 0.0;
  for (int degrees = 0; degrees < 90; degrees += 15) {
    const ImageF rendered = resize_rotated_gaussian(digit.plane(), 56, 56, degrees, 0.0, 0.0, 0.8);
    const ImageF expected = forward_gaussian_sum(digit, 56, degrees, 0.0, 0.0, 0.8);
    largest = std::max(largest, max_difference(rendered, expected));
  }
  // Truncation at 4 sigma (mass exp(-8) = 3.4e-4), see the previous test.
  EXPECT_LT(largest, 1e-3);
}

TEST(HirResizeRotatedGaussian, QuarterTurnEqualsRotate90) {
  const ImageF digit = random_digit(0, 23);
  const ImageF upright = resize_rotated_gaussian(digit.plane(), 80, 80, 0.0, 0.0, 0.0, 0.7);
  // The quarter turn maps both grids and the 4-sigma windows onto themselves; float rounding only.
  EXPECT_LT(max_difference(resize_rotated_gaussian(digit.plane(), 80, 80, 90.0, 0.0, 0.0, 0.7),
                           rotate90(upright.plane(), 1)),
            1e-5);
  EXPECT_LT(max_difference(resize_rotated_gaussian(digit.plane(), 80, 80, 180.0, 0.0, 0.0, 0.7),
                           rotate90(upright.plane(), 2)),
            1e-5);
}

TEST(HirResizeRotatedGaussian, ConstantImageStaysConstantInside) {
  ImageF flat(28, 28);
  for (std::ptrdiff_t i = 0; i < 28; ++i) {
    for (std::ptrdiff_t j = 0; j < 28; ++j) flat(i, j) = 1.0f;
  }
  const ImageF rendered = resize_rotated_gaussian(flat.plane(), 80, 80, 20.0, 0.0, 0.0, 0.7);
  // Inside a disk of radius 8 input pixels about the centre every Gaussian within 4 sigma lies in
  // the rotated frame, so the value is the lattice sum of g: 1 within 4 exp(-2 pi^2 sigma^2)
  // = 2.5e-4, plus the truncation at 4 sigma (below 1e-3 of 1).
  double largest = 0.0;
  for (std::ptrdiff_t i = 0; i < 80; ++i) {
    for (std::ptrdiff_t j = 0; j < 80; ++j) {
      const double row = (static_cast<double>(i) + 0.5) * 28.0 / 80.0 - 0.5 - 13.5;
      const double col = (static_cast<double>(j) + 0.5) * 28.0 / 80.0 - 0.5 - 13.5;
      if (row * row + col * col < 64.0) largest = std::max(largest, std::abs(rendered(i, j) - 1.0));
    }
  }
  EXPECT_LT(largest, 1.5e-3);
  // Far outside the frame the model is zero.
  const ImageF shifted = resize_rotated_gaussian(flat.plane(), 80, 80, 0.0, 0.0, 100.0, 0.7);
  EXPECT_EQ(shifted(40, 40), 0.0f);
}

TEST(HirResizeRotatedGaussian, RejectsInvalidArguments) {
  const ImageF digit = random_digit(2, 3);
  const ImageF empty(0, 0);
  EXPECT_THROW(resize_rotated_gaussian(empty.plane(), 80, 80, 0.0, 0.0, 0.0, 0.7), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 0, 80, 0.0, 0.0, 0.0, 0.7), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 80, 80, INFINITY, 0.0, 0.0, 0.7), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 80, 80, 0.0, 113.0, 0.0, 0.7), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 80, 80, 0.0, 0.0, 0.0, 0.1), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 80, 80, 0.0, 0.0, 0.0, 17.0), InvalidArgument);
  EXPECT_THROW(resize_rotated_gaussian(digit.plane(), 80, 80, 0.0, 0.0, 0.0, std::nan("")), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::hierarchy
