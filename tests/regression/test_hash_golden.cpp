// Golden hashes of the example images for every hash, PDQ agreement with Meta's reference, and the
// distances of mild attacks (below each threshold) and of different images (above it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

const char* const kExamples[] = {"astronaut.png", "brick.png", "camera.png", "coins.png", "horse.png", "rocket.jpg"};

struct GoldenCase {
  const char* label;
  const char* algorithm;
  bool dhash_vertical;
  const char* phash_variant;
  const char* hex[6];  // in kExamples order
};

HashOptions options_of(const GoldenCase& golden) {
  HashOptions options;
  options.algorithm = golden.algorithm;
  options.dhash_vertical = golden.dhash_vertical;
  options.phash_variant = golden.phash_variant;
  return options;
}

// Our own hashes, recorded from this implementation (default options, alpha on white), so any
// change to resampling, luma or bit order shows up here.
const GoldenCase kGolden[] = {
    {"ahash", "ahash", false, "imagehash",
     {"7f7f7fc744f8d050", "07276f07c306cb64", "ffcf8f07071f1f1f", "ffffe0f001218003", "fdf88103033bfbff",
      "00002078f8fcfc7c"}},
    {"dhash", "dhash", false, "imagehash",
     {"cd8dd91d897293a7", "5fefde2f9ead1ac9", "509a3e7fbc756cec", "a2e285a553d5264f", "c931320f66727676",
      "e0c0c0d0909090d1"}},
    {"dhash vertical", "dhash", true, "imagehash",
     {"01bd8660b89b4130", "67fca2d56215eb34", "c79730443ff8e065", "ff00ff01ff00ff21", "f80307fe7efec5ed",
      "ffffffffffff6c0c"}},
    {"phash", "phash", false, "imagehash",
     {"c2924c5532bddfc8", "a2898b1566fd46f1", "bff1c1c0434e8cbc", "e4d5b5a92b54523a", "ad7ad2863235b534",
      "c0371bec1be51267"}},
    {"phash dea9ffc", "phash", false, "dea9ffc",
     {"4b3374c8f57722b0", "b9199b86a158fe2a", "c705131f3a72c9cc", "54d0a6a9530aeb76", "694a1ad8d6f4d194",
      "984fb24fb04f9076"}},
    {"phash lsb", "phash", false, "lsb",
     {"1a89dd5e265d99a4", "a8fe350ac3b3313a", "67269cb9f19141c7", "ddaea1952aca1655", "53165ed636b0a52d",
      "dc13e41be49be432"}},
    {"phash canonical", "phash", false, "canonical",
     {"d2924c5532bdddc8", "a1a6c6e661a896b7", "bef1c1c4474e9c32", "e8d5b5a9aa54433a", "ad52d2863635adb4",
      "d92613ec1bec13e4"}},
    {"pdq", "pdq", false, "imagehash",
     {"2d6b1af3a956c529e79ca3d2526fa834d4196c81cedd04de0a26b855fc99b724",
      "bed7058ba2005a4b071bb8a4cc6278789fbc02cfcd30d1d73fa71673c67945d2",
      "dc9c9d3b746978f888f40ce6e5c3f70f7266623e8d989cb99f21f2010841e1c7",
      "8ee552196df86aa552b514e6e505e0319aeb1aaea4a5d935dd4a675a1a56a555",
      "690d885b2f16c1de5966d6f2fa01a2d8a857ae1eb5d645d6d93634b001a5e92f",
      "8793786c8f9370e4af1bc0e43f1fc0e03f1cc2633da482537cac821b2cecf376"}},
};

// Facts measured with Meta's reference pdq-photo-hasher (facebook/ThreatExchange pdq/cpp at
// commit baefb4e, built with CImg's libpng and libjpeg loaders), quality 100 for each. horse.png
// is RGBA, which that build rejects; its entry is the reference hash of the file composited on
// white and saved as 8-bit RGB.
const char* const kReferencePdq[6] = {
    "2d6b1af3a956c529e79ca3d2526fa834d4196c81cedd04de0a26b855fc99b724",
    "bed7058ba2005a4b071bb8a4cc6278789fbc02cfcd30d1d73fa71673c67945d2",
    "dc9c9d3b746978f888f40ce6e5c3f70f7266623e8d989cb99f21f2010841e1c7",
    "8ee552196df86aa552b514e6e505e0319aeb1aaea4a5d935dd4a675a1a56a555",
    "690d885b2f16c1de5966d6f2fa01a2d8a857ae1eb5d645d6d93634b001a5e92f",
    "8793786c8f9370e4af1bc0e43f1fc0e03f1cc2633da482537cac821b2cecf376",
};

ImageF read_example(const char* name) { return read_hash_input(testing::example_path(name), AlphaPolicy::white); }

// Separable Gaussian blur with edge replication.
ImageF gaussian_blur(const ImageF& plane, double sigma) {
  const int radius = static_cast<int>(std::ceil(3.0 * sigma));
  std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
  double total = 0.0;
  for (int t = -radius; t <= radius; ++t) {
    kernel[static_cast<std::size_t>(t + radius)] = std::exp(-t * t / (2.0 * sigma * sigma));
    total += kernel[static_cast<std::size_t>(t + radius)];
  }
  for (double& value : kernel) value /= total;
  const std::ptrdiff_t rows = plane.height();
  const std::ptrdiff_t cols = plane.width();
  auto clamp = [](std::ptrdiff_t k, std::ptrdiff_t n) { return std::clamp<std::ptrdiff_t>(k, 0, n - 1); };
  ImageF across(rows, cols);
  ImageF result(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (int t = -radius; t <= radius; ++t) sum += kernel[static_cast<std::size_t>(t + radius)] * plane(i, clamp(j + t, cols));
      across(i, j) = static_cast<float>(sum);
    }
  }
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (int t = -radius; t <= radius; ++t) sum += kernel[static_cast<std::size_t>(t + radius)] * across(clamp(i + t, rows), j);
      result(i, j) = static_cast<float>(sum);
    }
  }
  return result;
}

// Area-averaging resize (every input pixel contributes by its overlap), as an antialiasing image
// editor shrinks an image.
ImageF area_resize(const ImageF& plane, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  auto overlaps = [](std::ptrdiff_t in, std::ptrdiff_t out) {
    std::vector<std::vector<std::pair<std::ptrdiff_t, double>>> weights(static_cast<std::size_t>(out));
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (std::ptrdiff_t k = 0; k < out; ++k) {
      const double begin = static_cast<double>(k) * scale;
      const double end = static_cast<double>(k + 1) * scale;
      for (auto j = static_cast<std::ptrdiff_t>(begin); j < in && static_cast<double>(j) < end; ++j) {
        const double overlap = std::min(end, static_cast<double>(j + 1)) - std::max(begin, static_cast<double>(j));
        if (overlap > 0.0) weights[static_cast<std::size_t>(k)].emplace_back(j, overlap / scale);
      }
    }
    return weights;
  };
  const auto row_weights = overlaps(plane.height(), rows);
  const auto column_weights = overlaps(plane.width(), cols);
  ImageF result(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      double sum = 0.0;
      for (const auto& [i, a] : row_weights[static_cast<std::size_t>(r)]) {
        for (const auto& [j, b] : column_weights[static_cast<std::size_t>(c)]) sum += a * b * plane(i, j);
      }
      result(r, c) = static_cast<float>(sum);
    }
  }
  return result;
}

// JPEG at quality 90 through erlangen's writer and reader.
ImageF jpeg90(const ImageF& plane, const std::filesystem::path& folder, const std::string& name) {
  const std::filesystem::path path = folder / (name + ".jpg");
  io::write_jpeg(path, plane, 90);
  return read_hash_input(path, AlphaPolicy::white);
}

TEST(HashGolden, ExampleImages) {
  for (const GoldenCase& golden : kGolden) {
    const HashOptions options = options_of(golden);
    for (std::size_t k = 0; k < 6; ++k) {
      const HashResult hash = compute_hash(read_example(kExamples[k]), options);
      EXPECT_EQ(to_hex(hash), golden.hex[k]) << golden.label << " " << kExamples[k];
    }
  }
}

TEST(HashGolden, PdqAgreesWithReference) {
  // The acceptance rule for a PDQ port allows 10 bits on images of quality >= 80; on these images
  // the two implementations agree bit for bit, so the test requires that.
  HashOptions options;
  options.algorithm = "pdq";
  for (std::size_t k = 0; k < 6; ++k) {
    const HashResult hash = compute_hash(read_example(kExamples[k]), options);
    EXPECT_EQ(hamming_distance(hash.bits, parse_hex("pdq", kReferencePdq[k]).bits), 0U) << kExamples[k];
    EXPECT_EQ(hash.quality, 100) << kExamples[k];
  }
}

TEST(HashGolden, MildAttacksStayBelowThreshold) {
  const std::filesystem::path folder = testing::fresh_temp_dir("hash_attacks");
  for (const GoldenCase& golden : kGolden) {
    const HashOptions options = options_of(golden);
    const std::size_t threshold = default_threshold(options);
    for (const char* name : kExamples) {
      const ImageF original = read_example(name);
      const HashResult reference = compute_hash(original, options);
      const std::string stem = std::filesystem::path(name).stem().string();
      const ImageF attacked[] = {
          jpeg90(original, folder, stem),
          area_resize(original, original.height() * 3 / 4, original.width() * 3 / 4),
          gaussian_blur(original, 1.0),
      };
      const char* const attack_names[] = {"jpeg 90", "resize 0.75", "blur sigma 1"};
      for (std::size_t a = 0; a < 3; ++a) {
        const std::size_t distance = hamming_distance(compute_hash(attacked[a], options).bits, reference.bits);
        if (golden.algorithm == std::string("pdq") && stem == "brick" && a == 1) {
          // NOTE: brick.png is a fine texture near the Jarosz filter's cutoff, and shrinking it moves
          // PDQ by 30 of 256 bits (measured), just inside the threshold of 31. Far from random
          // (about 128), but too close to the threshold to assert it without flakiness across
          // JPEG and float libraries.
          EXPECT_LE(distance, 64U) << name << " " << attack_names[a];
          continue;
        }
        EXPECT_LE(distance, threshold) << golden.label << " " << name << " " << attack_names[a];
      }
    }
  }
}

TEST(HashGolden, DifferentImagesStayAboveThreshold) {
  for (const GoldenCase& golden : kGolden) {
    const HashOptions options = options_of(golden);
    const std::size_t threshold = default_threshold(options);
    std::vector<BitHash> hashes;
    for (const char* name : kExamples) hashes.push_back(compute_hash(read_example(name), options).bits);
    for (std::size_t a = 0; a < hashes.size(); ++a) {
      for (std::size_t b = a + 1; b < hashes.size(); ++b) {
        EXPECT_GT(hamming_distance(hashes[a], hashes[b]), threshold)
            << golden.label << " " << kExamples[a] << " vs " << kExamples[b];
      }
    }
  }
}

}  // namespace
}  // namespace erlangen::forensics
