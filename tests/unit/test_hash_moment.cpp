// Unit tests of the moment hash: lengths, input checks, quality, the dihedral permutations and
// the invariances that hold exactly by construction.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <thread>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

constexpr MomentHashMode kModes[] = {MomentHashMode::rotation, MomentHashMode::dihedral};

ImageF camera() { return io::read_grey(testing::example_path("camera.png")); }

ImageF random_image(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  ImageF image(rows, cols);
  for (float& value : image.values()) value = uniform(generator);
  return image;
}

TEST(MomentHash, LengthIndependentOfImageSize) {
  const std::ptrdiff_t sizes[][2] = {{1, 1}, {4, 4}, {9, 4}, {7, 300}, {256, 256}, {301, 517}};
  for (MomentHashMode mode : kModes) {
    for (const auto& size : sizes) {
      const HashResult result = moment_hash(random_image(size[0], size[1], 7).plane(), mode);
      EXPECT_EQ(result.bits.size(), moment_hash_bits(mode)) << size[0] << "x" << size[1];
    }
  }
  EXPECT_EQ(moment_hash_bits(MomentHashMode::rotation), 256U);
  EXPECT_EQ(moment_hash_bits(MomentHashMode::dihedral), 1024U);
}

TEST(MomentHash, AlgorithmNames) {
  const ImageF image = random_image(64, 64, 1);
  EXPECT_EQ(moment_hash(image.plane(), MomentHashMode::rotation).algorithm, "moment");
  EXPECT_EQ(moment_hash(image.plane(), MomentHashMode::dihedral).algorithm, "moment-dihedral");
}

TEST(MomentHash, BitsBalancedPerGroup) {
  // Each group is thresholded at its own median, so exactly half of its values lie above it when
  // the values are distinct (an even group size and no ties on a natural image).
  for (MomentHashMode mode : kModes) {
    const MomentHashFeatures features = moment_hash_features(camera().plane(), mode);
    const HashResult result = quantise_moment_features(features);
    const std::size_t group_size = features.values.size() / features.groups;
    for (std::size_t g = 0; g < features.groups; ++g) {
      std::size_t ones = 0;
      for (std::size_t t = 0; t < group_size; ++t) ones += result.bits.bit(g * group_size + t) ? 1 : 0;
      EXPECT_EQ(ones, group_size / 2) << to_string(mode) << " group " << g;
    }
  }
}

TEST(MomentHash, UniformImageIsLowQuality) {
  for (MomentHashMode mode : kModes) {
    const ImageF grey(120, 80, 1, 0.5f);
    const HashResult result = moment_hash(grey.plane(), mode);
    EXPECT_EQ(result.quality, 0) << to_string(mode);
    EXPECT_TRUE(result.low_quality) << to_string(mode);
  }
}

TEST(MomentHash, NearUniformImagesAreLowQuality) {
  // Noise of +-1 grey level and a ramp of 3 grey levels across the image carry less than 2 grey
  // levels of structure.
  ImageF noisy(200, 200, 1, 0.5f);
  std::mt19937 generator(3);
  std::uniform_int_distribution<int> step(-1, 1);
  for (float& value : noisy.values()) value += static_cast<float>(step(generator)) / 255.0f;
  ImageF ramp(200, 200);
  for (std::ptrdiff_t i = 0; i < 200; ++i) {
    for (std::ptrdiff_t j = 0; j < 200; ++j) ramp(i, j) = 0.5f + 3.0f / 255.0f * static_cast<float>(j) / 199.0f;
  }
  for (MomentHashMode mode : kModes) {
    EXPECT_TRUE(moment_hash(noisy.plane(), mode).low_quality) << to_string(mode);
    EXPECT_TRUE(moment_hash(ramp.plane(), mode).low_quality) << to_string(mode);
  }
}

TEST(MomentHash, NaturalImageIsFullQuality) {
  for (MomentHashMode mode : kModes) {
    const HashResult result = moment_hash(camera().plane(), mode);
    EXPECT_EQ(result.quality, 100) << to_string(mode);
    EXPECT_FALSE(result.low_quality) << to_string(mode);
  }
}

TEST(MomentHash, RejectsInvalidInput) {
  const ImageF empty;
  EXPECT_THROW(moment_hash(ImageView<const float>(empty.data(), 0, 0), MomentHashMode::rotation), InvalidArgument);
  ImageF with_nan(16, 16, 1, 0.5f);
  with_nan(3, 4) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(moment_hash(with_nan.plane(), MomentHashMode::dihedral), InvalidArgument);
  ImageF two_planes(16, 16, 2, 0.5f);
  EXPECT_THROW(moment_hash(two_planes, MomentHashMode::rotation), InvalidArgument);
  EXPECT_THROW(parse_moment_hash_mode("circular"), InvalidArgument);
}

TEST(MomentHash, ParsesModes) {
  EXPECT_EQ(parse_moment_hash_mode("rotation"), MomentHashMode::rotation);
  EXPECT_EQ(parse_moment_hash_mode("dihedral"), MomentHashMode::dihedral);
  EXPECT_EQ(to_string(MomentHashMode::dihedral), "dihedral");
}

TEST(MomentHash, RgbUsesBt601Luma) {
  const ImageF grey = random_image(40, 50, 11);
  ImageF rgb(40, 50, 3);
  for (std::ptrdiff_t i = 0; i < 40; ++i) {
    for (std::ptrdiff_t j = 0; j < 50; ++j) {
      for (std::ptrdiff_t c = 0; c < 3; ++c) rgb(i, j, c) = grey(i, j);
    }
  }
  // 0.299 + 0.587 + 0.114 = 1, so a grey RGB image has the grey plane as luma up to float
  // rounding of the weighted sum, which may move a value sitting at a median: allow 2 bits.
  EXPECT_LE(hamming_distance(moment_hash(rgb, MomentHashMode::rotation).bits,
                             moment_hash(grey, MomentHashMode::rotation).bits),
            2U);
}

TEST(MomentHash, PixelDuplicationKeepsHash) {
  // Area resampling of a 512 x 512 image whose pixels are 2 x 2 copies of a 256 x 256 image gives
  // that image exactly (each output averages four equal values with weights 1/4).
  const ImageF small = random_image(256, 256, 5);
  ImageF large(512, 512);
  for (std::ptrdiff_t i = 0; i < 512; ++i) {
    for (std::ptrdiff_t j = 0; j < 512; ++j) large(i, j) = small(i / 2, j / 2);
  }
  for (MomentHashMode mode : kModes) {
    EXPECT_EQ(moment_hash(large.plane(), mode).bits, moment_hash(small.plane(), mode).bits) << to_string(mode);
  }
}

TEST(MomentHash, GainKeepsHash) {
  // The features are linear in the image and each group is thresholded at its own median, so a
  // gain of 0.8 leaves every bit unchanged up to float rounding near a median (allow 2 bits).
  const ImageF image = camera();
  ImageF darker = image;
  for (float& value : darker.values()) value *= 0.8f;
  for (MomentHashMode mode : kModes) {
    EXPECT_LE(hamming_distance(moment_hash(image.plane(), mode).bits, moment_hash(darker.plane(), mode).bits), 2U)
        << to_string(mode);
  }
}

TEST(MomentHash, DihedralVariantsFormAGroup) {
  const BitHash hash = moment_hash(camera().plane(), MomentHashMode::dihedral).bits;
  const auto variants = dihedral_variants(hash);
  EXPECT_EQ(variants[static_cast<int>(Dihedral::identity)], hash);
  // Two quarter turns make a half turn, and 270 plus 90 degrees give the identity.
  const auto once = dihedral_variants(variants[static_cast<int>(Dihedral::rotate90)]);
  EXPECT_EQ(once[static_cast<int>(Dihedral::rotate90)], variants[static_cast<int>(Dihedral::rotate180)]);
  const auto after_270 = dihedral_variants(variants[static_cast<int>(Dihedral::rotate270)]);
  EXPECT_EQ(after_270[static_cast<int>(Dihedral::rotate90)], hash);
  // Each mirror is its own inverse.
  for (Dihedral mirror : {Dihedral::flip_left_right, Dihedral::flip_up_down, Dihedral::transpose,
                          Dihedral::anti_transpose}) {
    const auto twice = dihedral_variants(variants[static_cast<int>(mirror)]);
    EXPECT_EQ(twice[static_cast<int>(mirror)], hash) << static_cast<int>(mirror);
  }
  // The 8 variants of a natural image are all different.
  for (int a = 0; a < 8; ++a) {
    for (int b = a + 1; b < 8; ++b) EXPECT_NE(variants[a], variants[b]) << a << " " << b;
  }
}

TEST(MomentHash, DihedralDistanceIsMinimumOverVariants) {
  const BitHash a = moment_hash(camera().plane(), MomentHashMode::dihedral).bits;
  const BitHash b = moment_hash(random_image(100, 100, 9).plane(), MomentHashMode::dihedral).bits;
  std::size_t expected = 1024;
  for (const BitHash& variant : dihedral_variants(b)) expected = std::min(expected, hamming_distance(a, variant));
  EXPECT_EQ(moment_hash_distance(a, b, MomentHashMode::dihedral), expected);
  EXPECT_LE(expected, hamming_distance(a, b));
  EXPECT_EQ(moment_hash_distance(a, dihedral_variants(a)[3], MomentHashMode::dihedral), 0U);
}

TEST(MomentHash, DistanceRejectsWrongLengths) {
  EXPECT_THROW(dihedral_variants(BitHash(256)), InvalidArgument);
  EXPECT_THROW(moment_hash_distance(BitHash(256), BitHash(1024), MomentHashMode::dihedral), InvalidArgument);
  EXPECT_THROW(moment_hash_distance(BitHash(1024), BitHash(1024), MomentHashMode::rotation), InvalidArgument);
  EXPECT_EQ(moment_hash_distance(BitHash(256), BitHash(256), MomentHashMode::rotation), 0U);
}

TEST(MomentHash, ConcurrentCallsAgree) {
  // The shared plan and caches are read-only after their first use, so threads get the serial
  // results bit for bit.
  const ImageF image = camera();
  const BitHash rotation = moment_hash(image.plane(), MomentHashMode::rotation).bits;
  const BitHash dihedral = moment_hash(image.plane(), MomentHashMode::dihedral).bits;
  std::vector<BitHash> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    const MomentHashMode mode = t % 2 == 0 ? MomentHashMode::rotation : MomentHashMode::dihedral;
    threads.emplace_back([&, t, mode] { results[t] = moment_hash(image.plane(), mode).bits; });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t t = 0; t < results.size(); ++t) {
    EXPECT_EQ(results[t], t % 2 == 0 ? rotation : dihedral) << "thread " << t;
  }
}

TEST(MomentHash, QuantiseRejectsForeignFeatures) {
  MomentHashFeatures features;
  features.mode = MomentHashMode::rotation;
  features.values.assign(100, 1.0);
  features.groups = 10;
  EXPECT_THROW(quantise_moment_features(features), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::forensics
