// Reconstruction metrics: MSRE, PSNR, SSIM and the uint8 mapping.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/metrics.hpp"

namespace {

using erlangen::Image;
using erlangen::ImageD;
using Image8 = erlangen::Image<std::uint8_t>;

Image8 random_image8(std::ptrdiff_t height, std::ptrdiff_t width, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> uniform(0, 255);
  Image8 image(height, width);
  for (auto& value : image.values()) value = static_cast<std::uint8_t>(uniform(random));
  return image;
}

TEST(MomentMetrics, MaskKeepsPixelsWithCentreInDisk) {
  const ImageD ones(4, 4, 1, 1.0);
  const ImageD masked = erlangen::moments::mask_outside_disk(ones.plane());
  // Corner centres sit at radius 0.75 sqrt 2 > 1 on the edge grid; the other 12 are inside.
  double sum = 0.0;
  for (double value : masked.values()) sum += value;
  EXPECT_EQ(sum, 12.0);
  EXPECT_EQ(masked(0, 0), 0.0);
  EXPECT_EQ(masked(0, 1), 1.0);
}

TEST(MomentMetrics, MsreOfHalfImageIsQuarter) {
  ImageD original(8, 8, 1, 2.0);
  ImageD reconstruction(8, 8, 1, 1.0);
  EXPECT_DOUBLE_EQ(erlangen::moments::msre(original.plane(), reconstruction.plane()), 0.25);
  const ImageD zero(8, 8);
  EXPECT_THROW(erlangen::moments::msre(zero.plane(), reconstruction.plane()), erlangen::InvalidArgument);
  const ImageD other(8, 9);
  EXPECT_THROW(erlangen::moments::msre(original.plane(), other.plane()), erlangen::InvalidArgument);
}

TEST(MomentMetrics, Uint8RoundsAndClamps) {
  ImageD image(1, 5);
  const double values[] = {-0.1, 0.0, 127.5 / 255.0, 1.0, 1.2};
  for (int k = 0; k < 5; ++k) image(0, k) = values[k];
  const Image8 bytes = erlangen::moments::to_uint8(image.plane(), 1.0);
  EXPECT_EQ(bytes(0, 0), 0);
  EXPECT_EQ(bytes(0, 1), 0);
  EXPECT_EQ(bytes(0, 2), 128);  // halves round away from zero, as MATLAB's uint8()
  EXPECT_EQ(bytes(0, 3), 255);
  EXPECT_EQ(bytes(0, 4), 255);
  EXPECT_THROW(erlangen::moments::to_uint8(image.plane(), 0.0), erlangen::InvalidArgument);
}

TEST(MomentMetrics, PsnrKnownValues) {
  const Image8 a(16, 16, 1, 0);
  const Image8 b(16, 16, 1, 10);
  // MSE = 100, so PSNR = 10 log10(255^2 / 100).
  EXPECT_NEAR(erlangen::moments::psnr(a.plane(), b.plane()), 10.0 * std::log10(65025.0 / 100.0), 1e-12);
  EXPECT_EQ(erlangen::moments::psnr(a.plane(), a.plane()), std::numeric_limits<double>::infinity());
}

TEST(MomentMetrics, SsimOfIdenticalImagesIsOne) {
  const Image8 image = random_image8(40, 37, 1);
  // Numerator and denominator are the same sums: equal up to rounding.
  EXPECT_NEAR(erlangen::moments::ssim(image.plane(), image.plane()), 1.0, 1e-12);
}

TEST(MomentMetrics, SsimOfConstantImages) {
  const Image8 a(20, 20, 1, 100);
  const Image8 b(20, 20, 1, 120);
  const double c1 = 2.55 * 2.55;  // (K1 L)^2
  // No variance: SSIM = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1).
  const double expected = (2.0 * 100 * 120 + c1) / (100.0 * 100 + 120.0 * 120 + c1);
  // Variances come out as E[x^2] - mu^2 of equal values: zero up to rounding.
  EXPECT_NEAR(erlangen::moments::ssim(a.plane(), b.plane()), expected, 1e-9);
}

// On an 11 x 11 image the map has one value; compute it from the definition.
TEST(MomentMetrics, SsimSingleWindowMatchesDefinition) {
  const Image8 a = random_image8(11, 11, 2);
  Image8 b = random_image8(11, 11, 3);
  for (std::ptrdiff_t i = 0; i < 11; ++i) {
    for (std::ptrdiff_t j = 0; j < 11; ++j) b(i, j) = static_cast<std::uint8_t>((a(i, j) + b(i, j)) / 2);
  }
  double weights[11][11];
  double total = 0.0;
  for (int i = 0; i < 11; ++i) {
    for (int j = 0; j < 11; ++j) {
      weights[i][j] = std::exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2.0 * 1.5 * 1.5));
      total += weights[i][j];
    }
  }
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  for (int i = 0; i < 11; ++i) {
    for (int j = 0; j < 11; ++j) {
      const double w = weights[i][j] / total;
      mx += w * a(i, j);
      my += w * b(i, j);
    }
  }
  for (int i = 0; i < 11; ++i) {
    for (int j = 0; j < 11; ++j) {
      const double w = weights[i][j] / total;
      sxx += w * (a(i, j) - mx) * (a(i, j) - mx);
      syy += w * (b(i, j) - my) * (b(i, j) - my);
      sxy += w * (a(i, j) - mx) * (b(i, j) - my);
    }
  }
  const double c1 = 6.5025, c2 = 58.5225;  // (0.01 * 255)^2, (0.03 * 255)^2
  const double expected = (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
  // Separable filtering and E[x^2] - mu^2 against two-pass sums: rounding only.
  EXPECT_NEAR(erlangen::moments::ssim(a.plane(), b.plane()), expected, 1e-10);
  EXPECT_LT(expected, 0.99);
  EXPECT_NEAR(erlangen::moments::ssim(b.plane(), a.plane()), expected, 1e-10);  // symmetric
}

TEST(MomentMetrics, SsimRejectsSmallImages) {
  const Image8 a(10, 20);
  EXPECT_THROW(erlangen::moments::ssim(a.plane(), a.plane()), erlangen::InvalidArgument);
}

}  // namespace
