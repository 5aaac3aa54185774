#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"

namespace {

using erlangen::ImageF;
using erlangen::Interpolation;

ImageF from_rows(std::ptrdiff_t rows, std::ptrdiff_t cols, std::initializer_list<float> values) {
  ImageF image(rows, cols);
  std::ptrdiff_t k = 0;
  for (float value : values) image.data()[k++] = value;
  return image;
}

// Distinct values, so that any misplaced pixel shows.
ImageF ramp(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) image(i, j) = static_cast<float>(i * cols + j + 1);
  }
  return image;
}

// Smooth test image: a sum of anisotropic Gaussians that vanishes near the
// border, rendered analytically (no interpolation involved).
ImageF smooth_image(std::ptrdiff_t side) {
  ImageF image(side, side);
  const double c = (side - 1) / 2.0;
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double x = (j - c) / side;
      const double y = (c - i) / side;
      const double a = std::exp(-((x - 0.12) * (x - 0.12) / 0.010 + (y - 0.05) * (y - 0.05) / 0.004));
      const double b = 0.6 * std::exp(-((x + 0.10) * (x + 0.10) / 0.003 + (y + 0.12) * (y + 0.12) / 0.012));
      image(i, j) = static_cast<float>(a + b);
    }
  }
  return image;
}

double max_abs_difference(const ImageF& a, const ImageF& b) {
  EXPECT_EQ(a.height(), b.height());
  EXPECT_EQ(a.width(), b.width());
  double result = 0.0;
  for (std::ptrdiff_t k = 0; k < a.plane_size(); ++k) {
    result = std::max(result, std::abs(static_cast<double>(a.data()[k]) - b.data()[k]));
  }
  return result;
}

std::string message_of(auto&& call) {
  try {
    call();
  } catch (const erlangen::InvalidArgument& error) {
    return error.what();
  }
  return "<no exception>";
}

TEST(Transform, Rotate90CounterClockwise) {
  // 1 2 3          3 6
  // 4 5 6   --->   2 5
  //                1 4
  const ImageF image = from_rows(2, 3, {1, 2, 3, 4, 5, 6});
  const ImageF turned = erlangen::rotate90(image.plane(), 1);
  ASSERT_EQ(turned.height(), 3);
  ASSERT_EQ(turned.width(), 2);
  const float expected[] = {3, 6, 2, 5, 1, 4};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(turned.data()[k], expected[k]) << "index " << k;

  const ImageF clockwise = erlangen::rotate90(image.plane(), -1);
  const float expected_clockwise[] = {4, 1, 5, 2, 6, 3};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(clockwise.data()[k], expected_clockwise[k]) << "index " << k;
}

TEST(Transform, Rotate90FourTurnsIsIdentity) {
  const ImageF image = ramp(5, 7);
  ImageF turned = erlangen::rotate90(image.plane(), 1);
  for (int k = 0; k < 3; ++k) turned = erlangen::rotate90(turned.plane(), 1);
  EXPECT_EQ(max_abs_difference(turned, image), 0.0);
  EXPECT_EQ(max_abs_difference(erlangen::rotate90(image.plane(), 2),
                               erlangen::rotate90(erlangen::rotate90(image.plane(), 1).plane(), 1)),
            0.0);
  EXPECT_EQ(max_abs_difference(erlangen::rotate90(image.plane(), 7), erlangen::rotate90(image.plane(), -1)), 0.0);
}

TEST(Transform, FlipsAndTranspose) {
  const ImageF image = from_rows(2, 3, {1, 2, 3, 4, 5, 6});
  const ImageF left_right = erlangen::flip_left_right(image.plane());
  const ImageF up_down = erlangen::flip_up_down(image.plane());
  const ImageF transposed = erlangen::transpose(image.plane());
  const float expected_lr[] = {3, 2, 1, 6, 5, 4};
  const float expected_ud[] = {4, 5, 6, 1, 2, 3};
  const float expected_t[] = {1, 4, 2, 5, 3, 6};
  ASSERT_EQ(transposed.height(), 3);
  for (int k = 0; k < 6; ++k) {
    EXPECT_EQ(left_right.data()[k], expected_lr[k]) << "index " << k;
    EXPECT_EQ(up_down.data()[k], expected_ud[k]) << "index " << k;
    EXPECT_EQ(transposed.data()[k], expected_t[k]) << "index " << k;
  }
}

TEST(Transform, RotateByQuarterTurnsEqualsRotate90) {
  for (std::ptrdiff_t side : {8, 9}) {
    const ImageF image = ramp(side, side);
    for (auto interpolation : {Interpolation::nearest, Interpolation::bilinear, Interpolation::bicubic}) {
      for (int turns : {1, 2, 3, -1}) {
        const ImageF rotated = erlangen::rotate(image.plane(), 90.0 * turns, interpolation);
        const ImageF exact = erlangen::rotate90(image.plane(), turns);
        // Multiples of 90 degrees land on pixel centres, where every kernel
        // weight is 0 or 1; 1e-6 allows float rounding of values up to 81.
        EXPECT_LE(max_abs_difference(rotated, exact), 1e-6)
            << "side " << side << " turns " << turns << " interpolation " << int(interpolation);
      }
    }
  }
}

TEST(Transform, RotateByFullTurnIsIdentity) {
  const ImageF image = ramp(6, 9);
  // 360 and 0 degrees take the exact cos/sin path, so the copy is bit-exact.
  EXPECT_EQ(max_abs_difference(erlangen::rotate(image.plane(), 360.0), image), 0.0);
  EXPECT_EQ(max_abs_difference(erlangen::rotate(image.plane(), -720.0), image), 0.0);
  EXPECT_EQ(max_abs_difference(erlangen::rotate(image.plane(), 0.0), image), 0.0);
}

TEST(Transform, RotateTurnsCounterClockwise) {
  // A small blob right of the centre moves up and left by a 30 degree rotation.
  const std::ptrdiff_t side = 65;
  const double c = 32.0;
  ImageF image(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double dx = j - (c + 16.0);
      const double dy = i - c;
      image(i, j) = static_cast<float>(std::exp(-(dx * dx + dy * dy) / (2.0 * 2.0 * 2.0)));
    }
  }
  const ImageF rotated = erlangen::rotate(image.plane(), 30.0);
  double mass = 0.0, row_sum = 0.0, col_sum = 0.0;
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      mass += rotated(i, j);
      row_sum += rotated(i, j) * i;
      col_sum += rotated(i, j) * j;
    }
  }
  const double angle = std::numbers::pi / 6.0;
  // Bicubic interpolation of a Gaussian with sigma 2 px moves its centroid by a
  // few hundredths of a pixel at most; 0.05 px still separates every wrong sign.
  EXPECT_NEAR(col_sum / mass, c + 16.0 * std::cos(angle), 0.05);
  EXPECT_NEAR(row_sum / mass, c - 16.0 * std::sin(angle), 0.05);
}

TEST(Transform, RotateBackAndForthOnSmoothImage) {
  const ImageF image = smooth_image(96);
  for (double degrees : {17.0, 45.0, 133.0}) {
    const ImageF there = erlangen::rotate(image.plane(), degrees);
    const ImageF back = erlangen::rotate(there.plane(), -degrees);
    // Two bicubic resamplings of Gaussians with widths of 5 to 10 pixels lose
    // about 1e-3 of the unit peak; 5e-3 leaves room and still catches a wrong
    // kernel or direction (which gives errors of order 1).
    EXPECT_LE(max_abs_difference(back, image), 5e-3) << degrees << " degrees";
  }
}

TEST(Transform, RotatedSmoothImageMatchesAnalyticRendering) {
  // Rendering the same Gaussians at the rotated pose gives the exact values.
  const std::ptrdiff_t side = 96;
  const double c = (side - 1) / 2.0;
  const double angle = 40.0 * std::numbers::pi / 180.0;
  ImageF expected(side, side);
  const ImageF image = smooth_image(side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      // The rotated image at p equals the original at R(-angle) p.
      const double x = (j - c) / side;
      const double y = (c - i) / side;
      const double xs = std::cos(angle) * x + std::sin(angle) * y;
      const double ys = -std::sin(angle) * x + std::cos(angle) * y;
      const double a = std::exp(-((xs - 0.12) * (xs - 0.12) / 0.010 + (ys - 0.05) * (ys - 0.05) / 0.004));
      const double b =
          0.6 * std::exp(-((xs + 0.10) * (xs + 0.10) / 0.003 + (ys + 0.12) * (ys + 0.12) / 0.012));
      expected(i, j) = static_cast<float>(a + b);
    }
  }
  const ImageF rotated = erlangen::rotate(image.plane(), 40.0);
  // One bicubic resampling of these Gaussians: error about 1e-3 of the peak.
  EXPECT_LE(max_abs_difference(rotated, expected), 3e-3);
  // Bilinear is less accurate than bicubic on smooth data.
  const ImageF bilinear = erlangen::rotate(image.plane(), 40.0, Interpolation::bilinear);
  EXPECT_GT(max_abs_difference(bilinear, expected), max_abs_difference(rotated, expected));
}

TEST(Transform, RotateFillsOutsideWithFillValue) {
  ImageF image(10, 10, 1, 1.0f);
  const ImageF rotated = erlangen::rotate(image.plane(), 45.0, Interpolation::bilinear, -2.0f);
  // The corner comes from far outside the input, so it is the fill value.
  EXPECT_EQ(rotated(0, 0), -2.0f);
  // The centre comes from inside, where the image is constant 1.
  EXPECT_NEAR(rotated(5, 5), 1.0f, 1e-6);
}

TEST(Transform, IntegerTranslationIsExact) {
  const ImageF image = ramp(7, 8);
  for (auto interpolation : {Interpolation::nearest, Interpolation::bilinear, Interpolation::bicubic}) {
    const ImageF moved = erlangen::translate(image.plane(), 2.0, -3.0, interpolation, 0.0f);
    for (std::ptrdiff_t i = 0; i < 7; ++i) {
      for (std::ptrdiff_t j = 0; j < 8; ++j) {
        const std::ptrdiff_t si = i - 2;
        const std::ptrdiff_t sj = j + 3;
        const float expected = (si >= 0 && si < 7 && sj >= 0 && sj < 8) ? image(si, sj) : 0.0f;
        EXPECT_EQ(moved(i, j), expected) << "pixel " << i << "," << j;
      }
    }
  }
}

TEST(Transform, HalfPixelTranslationAveragesNeighbours) {
  const ImageF image = ramp(4, 6);
  const ImageF moved = erlangen::translate(image.plane(), 0.0, 0.5, Interpolation::bilinear);
  for (std::ptrdiff_t i = 0; i < 4; ++i) {
    for (std::ptrdiff_t j = 1; j < 6; ++j) {
      EXPECT_FLOAT_EQ(moved(i, j), 0.5f * (image(i, j - 1) + image(i, j)));
    }
  }
}

TEST(Transform, BicubicReproducesQuadratics) {
  // Keys' kernel with a = -0.5 reproduces polynomials up to degree 2 exactly.
  const std::ptrdiff_t side = 20;
  ImageF image(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      image(i, j) = static_cast<float>(0.01 * i * i - 0.02 * i * j + 0.015 * j * j + 0.3 * i + 1.0);
    }
  }
  const double dy = 0.3;
  const double dx = -0.7;
  const ImageF moved = erlangen::translate(image.plane(), dy, dx);
  for (std::ptrdiff_t i = 3; i < side - 3; ++i) {
    for (std::ptrdiff_t j = 3; j < side - 3; ++j) {
      const double si = i - dy;
      const double sj = j - dx;
      const double expected = 0.01 * si * si - 0.02 * si * sj + 0.015 * sj * sj + 0.3 * si + 1.0;
      // Exact in real arithmetic; 1e-5 covers float storage of values up to 10.
      EXPECT_NEAR(moved(i, j), expected, 1e-5) << "pixel " << i << "," << j;
    }
  }
}

TEST(Transform, ScaleAboutCentreKeepsCentreAndStretches) {
  const std::ptrdiff_t side = 81;
  const double c = 40.0;
  const double sigma = 4.0;
  ImageF image(side, side);
  ImageF expected(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double d2 = (i - c) * (i - c) + (j - c - 5.0) * (j - c - 5.0);
      image(i, j) = static_cast<float>(std::exp(-d2 / (2.0 * sigma * sigma)));
      // Scaled by 2: the blob centre moves from c + 5 to c + 10 and sigma doubles.
      const double e2 = (i - c) * (i - c) + (j - c - 10.0) * (j - c - 10.0);
      expected(i, j) = static_cast<float>(std::exp(-e2 / (2.0 * 4.0 * sigma * sigma)));
    }
  }
  const ImageF scaled = erlangen::scale_about_centre(image.plane(), 2.0);
  // Upsampling a Gaussian with sigma 4 px by bicubic: error well below 1e-2.
  EXPECT_LE(max_abs_difference(scaled, expected), 1e-2);
  EXPECT_EQ(max_abs_difference(erlangen::scale_about_centre(image.plane(), 1.0), image), 0.0);
}

TEST(Transform, ResizeKeepsConstantsAndRamps) {
  ImageF constant(5, 7, 1, 0.25f);
  const ImageF bigger = erlangen::resize(constant.plane(), 12, 9);
  ASSERT_EQ(bigger.height(), 12);
  ASSERT_EQ(bigger.width(), 9);
  for (float value : bigger.values()) EXPECT_NEAR(value, 0.25f, 1e-6);

  // A linear ramp along columns, doubled in size: output centre j maps to
  // (j + 1/2) / 2 - 1/2 and bilinear reproduces the ramp away from the edges.
  ImageF line(3, 8);
  for (std::ptrdiff_t i = 0; i < 3; ++i) {
    for (std::ptrdiff_t j = 0; j < 8; ++j) line(i, j) = static_cast<float>(j);
  }
  const ImageF doubled = erlangen::resize(line.plane(), 6, 16, Interpolation::bilinear);
  for (std::ptrdiff_t j = 1; j < 15; ++j) {
    EXPECT_NEAR(doubled(2, j), (j + 0.5) / 2.0 - 0.5, 1e-6) << "column " << j;
  }
  const ImageF same = erlangen::resize(line.plane(), 3, 8);
  EXPECT_EQ(max_abs_difference(same, line), 0.0);
}

TEST(Transform, BoxDownsampleAverages) {
  const ImageF image = ramp(5, 7);  // remainder row 4 and column 6 are dropped
  const ImageF small = erlangen::box_downsample(image.plane(), 2);
  ASSERT_EQ(small.height(), 2);
  ASSERT_EQ(small.width(), 3);
  for (std::ptrdiff_t i = 0; i < 2; ++i) {
    for (std::ptrdiff_t j = 0; j < 3; ++j) {
      const double mean = (image(2 * i, 2 * j) + image(2 * i, 2 * j + 1) + image(2 * i + 1, 2 * j) +
                           image(2 * i + 1, 2 * j + 1)) / 4.0;
      EXPECT_FLOAT_EQ(small(i, j), static_cast<float>(mean));
    }
  }
  EXPECT_EQ(max_abs_difference(erlangen::box_downsample(image.plane(), 1), image), 0.0);
}

TEST(Transform, CropCentreSquare) {
  const ImageF wide = ramp(4, 7);
  const ImageF cropped = erlangen::crop_centre_square(wide.plane());
  ASSERT_EQ(cropped.height(), 4);
  ASSERT_EQ(cropped.width(), 4);
  EXPECT_EQ(cropped(0, 0), wide(0, 1));  // (7 - 4) / 2 = 1 column dropped on the left
  EXPECT_EQ(cropped(3, 3), wide(3, 4));

  const ImageF tall = ramp(9, 4);
  const ImageF cropped_tall = erlangen::crop_centre_square(tall.plane());
  ASSERT_EQ(cropped_tall.height(), 4);
  EXPECT_EQ(cropped_tall(0, 0), tall(2, 0));
}

TEST(Transform, InvalidArgumentsAreRejected) {
  const ImageF image = ramp(4, 4);
  EXPECT_NE(message_of([&] { erlangen::scale_about_centre(image.plane(), 0.0); }).find("factor is 0"),
            std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::rotate(image.plane(), std::nan("")); }).find("degrees"),
            std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::box_downsample(image.plane(), 5); }).find("at most 4"),
            std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::box_downsample(image.plane(), 0); }).find(">= 1"), std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::resize(image.plane(), 0, 3); }).find("0x3"), std::string::npos);
  EXPECT_NE(message_of([&] { erlangen::parse_interpolation("lanczos"); }).find("nearest, bilinear, bicubic"),
            std::string::npos);
  EXPECT_EQ(erlangen::parse_interpolation("bicubic"), Interpolation::bicubic);
  EXPECT_EQ(erlangen::parse_interpolation("nearest"), Interpolation::nearest);
}

}  // namespace
