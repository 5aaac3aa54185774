// Unit tests of PDQ: the box and Jarosz filters against direct window means, decimation, quality,
// word and hex order, and the dihedral hashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/pdq.hpp"

namespace erlangen::forensics {
namespace {

ImageF random_plane(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed, float scale = 255.0f) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, scale);
  ImageF image(rows, cols);
  for (float& value : image.values()) value = uniform(generator);
  return image;
}

// Direct window mean of the box filter definition.
float direct_mean(const std::vector<float>& values, std::ptrdiff_t i, int window) {
  const std::ptrdiff_t half = (window + 2) / 2;
  const auto n = static_cast<std::ptrdiff_t>(values.size());
  double sum = 0.0;
  int count = 0;
  for (std::ptrdiff_t j = i - (window - half); j <= i + half - 1; ++j) {
    if (j < 0 || j >= n) continue;
    sum += values[static_cast<std::size_t>(j)];
    ++count;
  }
  return static_cast<float>(sum / count);
}

TEST(HashPdq, BoxFilterMatchesDirectMean) {
  std::mt19937 generator(3);
  std::uniform_real_distribution<float> uniform(0.0f, 255.0f);
  for (const std::size_t length : {1U, 2U, 5U, 17U, 64U, 300U}) {
    std::vector<float> values(length);
    for (float& value : values) value = uniform(generator);
    for (const int window : {1, 2, 3, 4, 7, 400}) {
      const std::vector<float> filtered = pdq_box_filter(values, window);
      for (std::size_t i = 0; i < length; ++i) {
        // Prefix sums of up to 300 values of size 255 in double, rounded to float: within float ulps.
        EXPECT_NEAR(filtered[i], direct_mean(values, static_cast<std::ptrdiff_t>(i), window), 1e-3)
            << length << " " << window << " " << i;
      }
    }
  }
  EXPECT_THROW(pdq_box_filter(std::vector<float>(3, 1.0f), 0), InvalidArgument);
}

TEST(HashPdq, BoxFilterWindowOfFour) {
  // w = 4, h = 3: out[i] = mean of in[i - 1 .. i + 2], clipped.
  const std::vector<float> values = {0, 4, 8, 12, 16};
  const std::vector<float> filtered = pdq_box_filter(values, 4);
  EXPECT_FLOAT_EQ(filtered[0], 4.0f);   // (0 + 4 + 8) / 3
  EXPECT_FLOAT_EQ(filtered[1], 6.0f);   // (0 + 4 + 8 + 12) / 4
  EXPECT_FLOAT_EQ(filtered[3], 12.0f);  // (8 + 12 + 16) / 3
  EXPECT_FLOAT_EQ(filtered[4], 14.0f);  // (12 + 16) / 2
}

TEST(HashPdq, JaroszFilterMatchesDirectPasses) {
  const ImageF plane = random_plane(300, 200, 11);
  const ImageF fast = pdq_jarosz_filter(plane);
  const int row_window = (200 + 127) / 128;
  const int column_window = (300 + 127) / 128;
  // Direct: two passes of window means along rows, then along columns.
  std::vector<std::vector<float>> current(300, std::vector<float>(200));
  for (std::ptrdiff_t i = 0; i < 300; ++i) {
    for (std::ptrdiff_t j = 0; j < 200; ++j) current[i][j] = plane(i, j);
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& row : current) {
      const std::vector<float> copy = row;
      for (std::ptrdiff_t j = 0; j < 200; ++j) row[j] = direct_mean(copy, j, row_window);
    }
    for (std::ptrdiff_t j = 0; j < 200; ++j) {
      std::vector<float> column(300);
      for (std::ptrdiff_t i = 0; i < 300; ++i) column[i] = current[i][j];
      for (std::ptrdiff_t i = 0; i < 300; ++i) current[i][j] = direct_mean(column, i, column_window);
    }
  }
  for (std::ptrdiff_t i = 0; i < 300; i += 7) {
    for (std::ptrdiff_t j = 0; j < 200; j += 3) {
      // Four passes of float rounding on values up to 255.
      EXPECT_NEAR(fast(i, j), current[i][j], 1e-3) << i << " " << j;
    }
  }
}

TEST(HashPdq, DecimationSamplesCentres) {
  ImageF plane(128, 192);
  for (std::ptrdiff_t i = 0; i < 128; ++i) {
    for (std::ptrdiff_t j = 0; j < 192; ++j) plane(i, j) = static_cast<float>(i * 1000 + j);
  }
  const ImageF buffer = pdq_decimate(plane);
  ASSERT_EQ(buffer.height(), 64);
  ASSERT_EQ(buffer.width(), 64);
  // Output k takes floor((k + 0.5) N / 64): rows 2k + 1, columns floor(3k + 1.5).
  EXPECT_EQ(buffer(0, 0), 1000.0f + 1.0f);
  EXPECT_EQ(buffer(10, 20), 21000.0f + 61.0f);
  EXPECT_EQ(buffer(63, 63), 127000.0f + 190.0f);
}

TEST(HashPdq, QualityOfAStepAndARamp) {
  ImageF step(64, 64);
  for (std::ptrdiff_t i = 0; i < 64; ++i) {
    for (std::ptrdiff_t j = 32; j < 64; ++j) step(i, j) = 255.0f;
  }
  // 64 horizontal pairs of 100 each: 6400 / 90 = 71.
  EXPECT_EQ(pdq_quality(step), 71);
  ImageF ramp(64, 64);
  for (std::ptrdiff_t i = 0; i < 64; ++i) {
    for (std::ptrdiff_t j = 0; j < 64; ++j) ramp(i, j) = 4.0f * static_cast<float>(j);
  }
  // Steps of 4 grey levels truncate to 1: 63 * 64 / 90 = 44.
  EXPECT_EQ(pdq_quality(ramp), 44);
  EXPECT_EQ(pdq_quality(random_plane(64, 64, 5)), 100);
  EXPECT_THROW(pdq_quality(ImageF(32, 64)), InvalidArgument);
}

TEST(HashPdq, WordAndHexOrder) {
  BitHash bits(256);
  bits.set(0, true);  // word 0, position 0: the last digit
  EXPECT_EQ(pdq_to_hex(bits), std::string(63, '0') + "1");
  bits.set(0, false);
  bits.set(17, true);  // word 1, position 1: the fourth digit from the end of word 1
  EXPECT_EQ(pdq_to_hex(bits), std::string(56, '0') + "0002" + std::string(4, '0'));
  bits.set(17, false);
  bits.set(255, true);  // word 15, position 15: the most significant bit of the first digit
  EXPECT_EQ(pdq_to_hex(bits), "8" + std::string(63, '0'));
  const std::string hex = "dc9c9d3b746978f888f40ce6e5c3f70f7266623e8d989cb99f21f2010841e1c7";
  EXPECT_EQ(pdq_to_hex(pdq_from_hex(hex)), hex);
  EXPECT_THROW(pdq_from_hex(hex.substr(1)), InvalidArgument);
}

TEST(HashPdq, BitsFollowTheMedian) {
  const HashResult hash = pdq_hash_from_buffer(random_plane(64, 64, 9));
  std::size_t set = 0;
  for (std::size_t k = 0; k < 256; ++k) set += hash.bits.bit(k) ? 1 : 0;
  EXPECT_EQ(set, 128U);  // distinct values: exactly half above the median
}

TEST(HashPdq, DihedralEqualsTransformedBuffer) {
  const ImageF buffer = random_plane(64, 64, 21);
  const HashResult hash = pdq_hash_from_buffer(buffer, true);
  ASSERT_EQ(hash.dihedral.size(), 8U);
  const ImageView<const float> view = buffer.plane();
  const ImageF transformed[8] = {buffer,
                                 rotate90(view, 1),
                                 rotate90(view, 2),
                                 rotate90(view, 3),
                                 flip_up_down(view),
                                 flip_left_right(view),
                                 transpose(view),
                                 rotate90(transpose(view).plane(), 2)};
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(hash.dihedral[static_cast<std::size_t>(t)], pdq_hash_from_buffer(transformed[t]).bits) << "transform " << t;
  }
  EXPECT_EQ(hash.dihedral[0], hash.bits);
}

TEST(HashPdq, SmallAndLargeImages) {
  // Below 5 pixels per side: all-zero hash, quality 0.
  const HashResult tiny = pdq_hash(random_plane(4, 40, 1, 1.0f));
  EXPECT_EQ(pdq_to_hex(tiny.bits), std::string(64, '0'));
  EXPECT_EQ(tiny.quality, 0);
  EXPECT_TRUE(tiny.low_quality);
  EXPECT_EQ(pdq_hash(random_plane(5, 5, 2, 1.0f)).bits.size(), 256U);
  // Above 512: nearest-neighbour resize to 512 x 512 taking pixel floor(k N / 512). A 1024 x 1024
  // image made of 2 x 2 blocks therefore hashes like its 512 x 512 block image.
  const ImageF small = random_plane(512, 512, 4, 1.0f);
  ImageF large(1024, 1024);
  for (std::ptrdiff_t i = 0; i < 1024; ++i) {
    for (std::ptrdiff_t j = 0; j < 1024; ++j) large(i, j) = small(i / 2, j / 2);
  }
  EXPECT_EQ(pdq_hash(large).bits, pdq_hash(small).bits);
}

}  // namespace
}  // namespace erlangen::forensics
