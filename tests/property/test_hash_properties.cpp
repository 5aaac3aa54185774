// Properties of the moment hash and the Hamming index: the dihedral permutation property on real
// and random images, and multi-index hashing against the linear scan on random codes.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

ImageF anti_transpose(ImageView<const float> image) {
  const ImageF turned = rotate90(image, 2);
  return transpose(turned.plane());
}

// The image transform of each Dihedral element, as core/transform.hpp defines them.
ImageF apply_dihedral(const ImageF& image, Dihedral g) {
  switch (g) {
    case Dihedral::identity: return image;
    case Dihedral::rotate90: return rotate90(image.plane(), 1);
    case Dihedral::rotate180: return rotate90(image.plane(), 2);
    case Dihedral::rotate270: return rotate90(image.plane(), 3);
    case Dihedral::flip_left_right: return flip_left_right(image.plane());
    case Dihedral::flip_up_down: return flip_up_down(image.plane());
    case Dihedral::transpose: return transpose(image.plane());
    case Dihedral::anti_transpose: return anti_transpose(image.plane());
  }
  return image;
}

ImageF random_image(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  ImageF image(rows, cols);
  for (float& value : image.values()) value = uniform(generator);
  return image;
}

// Hash of the transformed image against the permuted hash of the original, for every transform.
// The resampling, the FFT correlation and the pooling are not bit-for-bit symmetric in floating
// point, so a cell within rounding (about 1e-7 relative, float input) of its median may flip. On
// these images no bit flips; the bound of 2 bits leaves room for another FFT library.
void expect_permutation_property(const ImageF& image, const std::string& name) {
  const BitHash original = moment_hash(image.plane(), MomentHashMode::dihedral).bits;
  const auto variants = dihedral_variants(original);
  for (int g = 0; g < 8; ++g) {
    const ImageF transformed = apply_dihedral(image, static_cast<Dihedral>(g));
    const BitHash hashed = moment_hash(transformed.plane(), MomentHashMode::dihedral).bits;
    EXPECT_LE(hamming_distance(hashed, variants[static_cast<std::size_t>(g)]), 2U) << name << " transform " << g;
  }
}

TEST(MomentHashProperty, DihedralPermutationOnCamera) {
  expect_permutation_property(io::read_grey(testing::example_path("camera.png")), "camera");
}

TEST(MomentHashProperty, DihedralPermutationOnNonSquareImage) {
  // The whole image is resampled to 256 x 256, so a quarter turn of a non-square image still
  // turns the resampled square exactly.
  expect_permutation_property(io::read_grey(testing::example_path("coins.png")), "coins");
}

TEST(MomentHashProperty, DihedralPermutationOnRandomImages) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    expect_permutation_property(random_image(97 + 31 * seed, 120 + 17 * seed, seed), "random " + std::to_string(seed));
  }
}

TEST(MomentHashProperty, RotationModeExactUnderGridSymmetries) {
  // Rings and their angular Fourier magnitudes are unchanged by the 8 symmetries of the sample
  // lattice, up to rounding (same 2-bit allowance as above).
  const ImageF image = io::read_grey(testing::example_path("camera.png"));
  const BitHash original = moment_hash(image.plane(), MomentHashMode::rotation).bits;
  for (int g = 1; g < 8; ++g) {
    const ImageF transformed = apply_dihedral(image, static_cast<Dihedral>(g));
    EXPECT_LE(hamming_distance(moment_hash(transformed.plane(), MomentHashMode::rotation).bits, original), 2U)
        << "transform " << g;
  }
}

// Random codes with clusters: every fourth code is a copy of an earlier one with a few bits flipped,
// so that small radii have neighbours to find.
std::vector<BitHash> clustered_codes(std::size_t count, std::size_t bits, std::mt19937_64& generator) {
  std::vector<BitHash> codes;
  std::uniform_int_distribution<std::size_t> position(0, bits - 1);
  std::uniform_int_distribution<int> flips(0, static_cast<int>(bits / 8));
  for (std::size_t i = 0; i < count; ++i) {
    BitHash code(bits);
    if (i % 4 == 3) {
      code = codes[std::uniform_int_distribution<std::size_t>(0, i - 1)(generator)];
      for (int f = flips(generator); f > 0; --f) {
        const std::size_t k = position(generator);
        code.set(k, !code.bit(k));
      }
    } else {
      for (std::size_t k = 0; k < bits; ++k) code.set(k, (generator() & 1U) != 0);
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

TEST(HashIndexProperty, MultiIndexEqualsLinearScan) {
  std::mt19937_64 generator(2024);
  const std::size_t lengths[] = {8, 64, 100, 256, 1024};
  for (std::size_t bits : lengths) {
    for (std::size_t count : {std::size_t{1}, std::size_t{50}, std::size_t{3000}}) {
      std::vector<BitHash> codes = clustered_codes(count, bits, generator);
      std::vector<std::string> ids(count);
      for (std::size_t i = 0; i < count; ++i) ids[i] = "code" + std::to_string(i);
      // Queries: near an indexed code, or fresh random codes.
      std::vector<BitHash> queries = clustered_codes(20, bits, generator);
      for (std::size_t q = 0; q < 10; ++q) {
        BitHash query = codes[std::uniform_int_distribution<std::size_t>(0, count - 1)(generator)];
        for (int f = static_cast<int>(q); f > 0; --f) {
          const std::size_t k = std::uniform_int_distribution<std::size_t>(0, bits - 1)(generator);
          query.set(k, !query.bit(k));
        }
        queries.push_back(std::move(query));
      }

      for (std::size_t substrings : {std::size_t{0}, (bits + 63) / 64, std::min<std::size_t>(bits, 16)}) {
        const HammingIndex index("test", bits, ids, codes, substrings);
        for (const BitHash& query : queries) {
          for (std::size_t radius : {std::size_t{0}, std::size_t{1}, bits / 16, bits / 8, bits / 4, bits}) {
            EXPECT_EQ(index.radius_search(query, radius), index.linear_radius_search(query, radius))
                << "bits " << bits << " count " << count << " m " << index.substrings() << " r " << radius;
          }
          for (std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{40}, count + 3}) {
            EXPECT_EQ(index.knn_search(query, k), index.linear_knn_search(query, k))
                << "bits " << bits << " count " << count << " m " << index.substrings() << " k " << k;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace erlangen::forensics
