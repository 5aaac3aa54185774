// Unit tests of the imagehash-style hashes (aHash, dHash, pHash) and pHash's DCT.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/ahash.hpp"
#include "erlangen/forensics/hash/dhash.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/phash.hpp"

namespace erlangen::forensics {
namespace {

// Luma ramp rising to the right (or downwards when `vertical`).
ImageF ramp(std::ptrdiff_t rows, std::ptrdiff_t cols, bool vertical, bool rising = true) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double t = vertical ? static_cast<double>(i) / static_cast<double>(rows - 1)
                                : static_cast<double>(j) / static_cast<double>(cols - 1);
      image(i, j) = static_cast<float>(rising ? t : 1.0 - t);
    }
  }
  return image;
}

ImageF texture(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double y = static_cast<double>(i) / static_cast<double>(rows);
      const double x = static_cast<double>(j) / static_cast<double>(cols);
      image(i, j) = static_cast<float>(0.5 + 0.25 * std::sin(9.0 * x + 4.0 * y) + 0.2 * std::cos(13.0 * x * y - 3.0 * y));
    }
  }
  return image;
}

// Integer bit b of a pHash C++ hash: BitHash bit 63 - b.
bool integer_bit(const HashResult& hash, std::size_t b) { return hash.bits.bit(63 - b); }

TEST(HashDhash, RampSetsEveryBit) {
  EXPECT_EQ(to_hex(difference_hash(ramp(60, 90, false))), "ffffffffffffffff");
  EXPECT_EQ(to_hex(difference_hash(ramp(60, 90, false, false))), "0000000000000000");
  EXPECT_EQ(to_hex(difference_hash(ramp(90, 60, true), 8, true)), "ffffffffffffffff");
  EXPECT_EQ(to_hex(difference_hash(ramp(90, 60, true, false), 8, true)), "0000000000000000");
  // A steep ramp spreads 255 grey levels over 9 samples: about 28 levels per pair, quality 100.
  EXPECT_EQ(difference_hash(ramp(60, 90, false)).quality, 100);
}

TEST(HashDhash, HashSizeSetsTheLength) {
  const HashResult hash = difference_hash(ramp(60, 90, false), 16);
  EXPECT_EQ(hash.bits.size(), 256U);
  EXPECT_EQ(to_hex(hash), std::string(64, 'f'));
  EXPECT_THROW(difference_hash(ramp(60, 90, false), 1), InvalidArgument);
}

TEST(HashAhash, HalfBrightImage) {
  ImageF image(64, 64);
  for (std::ptrdiff_t i = 0; i < 64; ++i) {
    for (std::ptrdiff_t j = 32; j < 64; ++j) image(i, j) = 1.0f;
  }
  // Every row of the 8 x 8 thumbnail reads 00001111.
  EXPECT_EQ(to_hex(average_hash(image)), "0f0f0f0f0f0f0f0f");
  // Mean |pixel - mean| is about half of 255 grey levels.
  EXPECT_EQ(average_hash(image).quality, 100);
}

TEST(HashImagehash, InvariantToBrightnessAndContrast) {
  const ImageF image = texture(80, 100);
  ImageF changed = image;
  for (float& value : changed.values()) value = 0.6f * value + 0.15f;
  EXPECT_EQ(average_hash(changed).bits, average_hash(image).bits);
  EXPECT_EQ(difference_hash(changed).bits, difference_hash(image).bits);
  for (const char* variant : {"imagehash", "dea9ffc", "lsb", "canonical"}) {
    EXPECT_EQ(perceptual_hash(changed, variant).bits, perceptual_hash(image, variant).bits) << variant;
  }
}

TEST(HashPhash, DctMatchesDirectSum) {
  std::mt19937 generator(7);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (const std::ptrdiff_t n : {8, 32}) {
    std::vector<double> block(static_cast<std::size_t>(n * n));
    for (double& value : block) value = uniform(generator);
    for (const DctScaling scaling : {DctScaling::scipy_unnormalised, DctScaling::orthonormal}) {
      const std::vector<double> fast = dct2(block, n, scaling);
      // Direct O(n^4) sum of the definition.
      for (std::ptrdiff_t u = 0; u < n; u += 3) {
        for (std::ptrdiff_t v = 0; v < n; v += 5) {
          double sum = 0.0;
          for (std::ptrdiff_t y = 0; y < n; ++y) {
            for (std::ptrdiff_t x = 0; x < n; ++x) {
              sum += block[static_cast<std::size_t>(y * n + x)] *
                     std::cos(std::numbers::pi * static_cast<double>(u * (2 * y + 1)) / static_cast<double>(2 * n)) *
                     std::cos(std::numbers::pi * static_cast<double>(v * (2 * x + 1)) / static_cast<double>(2 * n));
            }
          }
          double scale = 4.0;
          if (scaling == DctScaling::orthonormal) {
            auto factor = [n](std::ptrdiff_t k) { return std::sqrt((k == 0 ? 1.0 : 2.0) / static_cast<double>(n)); };
            scale = factor(u) * factor(v);
          }
          // Sums of up to 1024 terms of size <= 4 in double: rounding stays far below 1e-9.
          EXPECT_NEAR(fast[static_cast<std::size_t>(u * n + v)], scale * sum, 1e-9) << n << " " << u << " " << v;
        }
      }
    }
  }
}

TEST(HashPhash, CosinePatternSetsItsBit) {
  // 0.5 + 0.4 cos(pi 2 (2y + 1) / 64) cos(pi 3 (2x + 1) / 64) on 32 x 32: the resize is the
  // identity, so the DCT block holds the DC term and the (2, 3) coefficient, the rest ~0.
  ImageF image(32, 32);
  for (std::ptrdiff_t y = 0; y < 32; ++y) {
    for (std::ptrdiff_t x = 0; x < 32; ++x) {
      image(y, x) = static_cast<float>(0.5 + 0.4 * std::cos(std::numbers::pi * 2.0 * (2.0 * y + 1.0) / 64.0) *
                                                 std::cos(std::numbers::pi * 3.0 * (2.0 * x + 1.0) / 64.0));
    }
  }
  const HashResult hash = perceptual_hash(image);
  EXPECT_TRUE(hash.bits.bit(0));           // DC
  EXPECT_TRUE(hash.bits.bit(2 * 8 + 3));   // the pattern's frequency
  // The other 62 coefficients are rounding noise around 0, within the tolerance of the median, so
  // they give bit 0 and the hash is fixed.
  EXPECT_EQ(to_hex(hash), "8000100000000000");
  // One orthonormal coefficient of 0.4 * 16 * 255 grey levels over 63 values: far above 2 levels.
  EXPECT_FALSE(hash.low_quality);
}

TEST(HashPhash, CppVariantPackings) {
  const ImageF image = texture(120, 90);
  const HashResult dea9ffc = perceptual_hash(image, "dea9ffc");
  const HashResult lsb = perceptual_hash(image, "lsb");
  const HashResult canonical = perceptual_hash(image, "canonical");
  // dea9ffc shifts after the last bit: integer bit 0 is always clear and c_k sits at bit 64 - k.
  EXPECT_FALSE(integer_bit(dea9ffc, 0));
  for (std::size_t k = 1; k < 64; ++k) EXPECT_EQ(integer_bit(dea9ffc, 64 - k), integer_bit(lsb, k)) << k;
  // The canonical block contains the DC term of a positive image, far above the AC median.
  EXPECT_TRUE(integer_bit(canonical, 63));
  // Every variant puts half of the thresholded values above the median.
  std::size_t set = 0;
  for (std::size_t b = 0; b < 64; ++b) set += integer_bit(lsb, b) ? 1 : 0;
  EXPECT_EQ(set, 32U);
  EXPECT_FALSE(lsb.low_quality);
}

TEST(HashPhash, CppHexIsTheIntegerInHex) {
  HashResult hash;
  hash.algorithm = "phash";
  hash.bits = BitHash(64);
  hash.bits.set(63, true);  // integer bit 0
  hash.bits.set(0, true);   // integer bit 63
  EXPECT_EQ(to_hex(hash), "8000000000000001");
}

TEST(HashPhash, RejectsBadVariants) {
  const ImageF image = texture(40, 40);
  EXPECT_THROW(perceptual_hash(image, "mh"), InvalidArgument);
  EXPECT_THROW(perceptual_hash(image, "lsb", 12), InvalidArgument);
  EXPECT_EQ(perceptual_hash(image, "imagehash", 12).bits.size(), 144U);
}

}  // namespace
}  // namespace erlangen::forensics
