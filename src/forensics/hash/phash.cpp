// pHash: imagehash's phash and the three bit packings of the pHash C++ DCT hash.
#include "erlangen/forensics/hash/phash.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "hash_internal.hpp"

namespace erlangen::forensics {

namespace {

constexpr std::string_view kVariants[] = {"imagehash", "dea9ffc", "lsb", "canonical"};

void check_variant(std::string_view variant, int hash_size) {
  if (std::find(std::begin(kVariants), std::end(kVariants), variant) == std::end(kVariants)) {
    throw_invalid_argument("phash", "phash_variant", fmt::format("'{}'", variant),
                           "imagehash, dea9ffc, lsb or canonical", "pass one of those variant names");
  }
  if (variant != "imagehash" && hash_size != 8) {
    throw_invalid_argument("phash", "hash_size", hash_size,
                           fmt::format("8 for the pHash C++ variant '{}'", variant),
                           "use hash_size 8 or the imagehash variant");
  }
}

// Sum over the 7 x 7 box centred on each pixel, replicating the edge pixels (Neumann border).
std::vector<double> box7_sum(const ImageF& luma) {
  const std::ptrdiff_t height = luma.height();
  const std::ptrdiff_t width = luma.width();
  auto clamp_index = [](std::ptrdiff_t index, std::ptrdiff_t size) {
    return std::clamp<std::ptrdiff_t>(index, 0, size - 1);
  };
  std::vector<double> across(static_cast<std::size_t>(height * width));
  for (std::ptrdiff_t i = 0; i < height; ++i) {
    for (std::ptrdiff_t j = 0; j < width; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t d = -3; d <= 3; ++d) sum += luma(i, clamp_index(j + d, width));
      across[static_cast<std::size_t>(i * width + j)] = sum;
    }
  }
  std::vector<double> result(across.size());
  for (std::ptrdiff_t i = 0; i < height; ++i) {
    for (std::ptrdiff_t j = 0; j < width; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t d = -3; d <= 3; ++d) {
        sum += across[static_cast<std::size_t>(clamp_index(i + d, height) * width + j)];
      }
      result[static_cast<std::size_t>(i * width + j)] = sum;
    }
  }
  return result;
}

// Nearest-neighbour resize of a row-major height x width plane to n x n: output k takes input
// floor(k * size / n), as CImg's default resize does.
std::vector<double> nearest_resize(const std::vector<double>& plane, std::ptrdiff_t height, std::ptrdiff_t width,
                                   std::ptrdiff_t n) {
  std::vector<double> result(static_cast<std::size_t>(n * n));
  for (std::ptrdiff_t r = 0; r < n; ++r) {
    const std::ptrdiff_t i = r * height / n;
    for (std::ptrdiff_t c = 0; c < n; ++c) {
      const std::ptrdiff_t j = c * width / n;
      result[static_cast<std::size_t>(r * n + c)] = plane[static_cast<std::size_t>(i * width + j)];
    }
  }
  return result;
}

double mean_abs_deviation(const std::vector<double>& values, double centre) {
  double sum = 0.0;
  for (double value : values) sum += std::abs(value - centre);
  return sum / static_cast<double>(values.size());
}

HashResult imagehash_phash(const ImageF& luma, int hash_size) {
  const std::ptrdiff_t s = hash_size;
  const std::ptrdiff_t n = 4 * s;
  const std::vector<double> pixels = detail::lanczos_resize(luma, n, n);
  const std::vector<double> coefficients = dct2(pixels, n, DctScaling::scipy_unnormalised);

  std::vector<double> block;
  block.reserve(static_cast<std::size_t>(s * s));
  for (std::ptrdiff_t u = 0; u < s; ++u) {
    for (std::ptrdiff_t v = 0; v < s; ++v) block.push_back(coefficients[static_cast<std::size_t>(u * n + v)]);
  }
  const double threshold = detail::median(block);

  HashResult result;
  result.algorithm = "phash";
  result.bits = BitHash(block.size());
  const double tolerance = detail::kLumaTolerance * static_cast<double>(n * n);  // X scales with N^2
  for (std::size_t k = 0; k < block.size(); ++k) {
    result.bits.set(k, detail::above_threshold(block[k], threshold, tolerance));
    result.margins.push_back(block[k] - threshold);
  }
  // The DC term measures the mean brightness, not structure, so the spread leaves it out.
  const std::vector<double> ac_values(block.begin() + 1, block.end());
  // SciPy's unnormalised X is 2N times the orthonormal coefficient when neither index is 0.
  const double spread = mean_abs_deviation(ac_values, threshold) / static_cast<double>(2 * n);
  result.quality = detail::spread_quality(255.0 * spread);
  result.low_quality = result.quality < detail::kSpreadLowQualityBelow;
  return result;
}

HashResult cpp_phash(const ImageF& luma, std::string_view variant) {
  constexpr std::ptrdiff_t n = 32;
  const std::vector<double> blurred = box7_sum(luma);
  const std::vector<double> small = nearest_resize(blurred, luma.height(), luma.width(), n);
  const std::vector<double> coefficients = dct2(small, n, DctScaling::orthonormal);

  const bool canonical = variant == "canonical";
  const std::ptrdiff_t first = canonical ? 0 : 1;
  std::vector<double> block;
  block.reserve(64);
  for (std::ptrdiff_t u = first; u < first + 8; ++u) {
    for (std::ptrdiff_t v = first; v < first + 8; ++v) block.push_back(coefficients[static_cast<std::size_t>(u * n + v)]);
  }
  // The canonical variant leaves the DC term c_0 out of the median.
  const std::vector<double> median_values = canonical ? std::vector<double>(block.begin() + 1, block.end()) : block;
  const double threshold = detail::median(median_values);

  const double tolerance = detail::kLumaTolerance * 49.0 * static_cast<double>(n);  // D scales with 49 N
  std::uint64_t value = 0;
  for (std::size_t k = 0; k < 64; ++k) {
    if (!detail::above_threshold(block[k], threshold, tolerance)) continue;
    if (variant == "dea9ffc") {
      if (k > 0) value |= std::uint64_t{1} << (64 - k);
    } else if (variant == "lsb") {
      value |= std::uint64_t{1} << k;
    } else {
      value |= std::uint64_t{1} << (63 - k);
    }
  }

  HashResult result;
  result.algorithm = "phash";
  result.bits = BitHash(64);
  // BitHash bit i contains integer bit 63 - i, so the shared most-significant-first hex form prints
  // the integer as %016llx does.
  for (std::size_t i = 0; i < 64; ++i) result.bits.set(i, ((value >> (63 - i)) & 1U) != 0);
  // Margins in the same bit order: coefficient k sets integer bit 63 - k (default), k (lsb) or
  // 64 - k (dea9ffc, which drops the DC term and never sets integer bit 0).
  result.margins.assign(64, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < 64; ++k) {
    std::size_t integer_bit = 63 - k;
    if (variant == "dea9ffc") {
      if (k == 0) continue;
      integer_bit = 64 - k;
    } else if (variant == "lsb") {
      integer_bit = k;
    }
    result.margins[63 - integer_bit] = block[k] - threshold;
  }
  // D is orthonormal, taken of a 7 x 7 sum: divide by 49 for the coefficient of mean values.
  const double spread = mean_abs_deviation(median_values, threshold) / 49.0;
  result.quality = detail::spread_quality(255.0 * spread);
  result.low_quality = result.quality < detail::kSpreadLowQualityBelow;
  return result;
}

}  // namespace

std::vector<double> dct2(const std::vector<double>& block, std::ptrdiff_t n, DctScaling scaling) {
  if (n < 1 || block.size() != static_cast<std::size_t>(n * n)) {
    throw_invalid_argument("dct2", "block size", block.size(), fmt::format("n * n = {} values", n * n),
                           "pass a square row-major block");
  }
  // basis[k * n + x] = scale_k cos(pi k (2x + 1) / 2n)
  std::vector<double> basis(static_cast<std::size_t>(n * n));
  for (std::ptrdiff_t k = 0; k < n; ++k) {
    double scale = 2.0;
    if (scaling == DctScaling::orthonormal) {
      scale = k == 0 ? std::sqrt(1.0 / static_cast<double>(n)) : std::sqrt(2.0 / static_cast<double>(n));
    }
    for (std::ptrdiff_t x = 0; x < n; ++x) {
      basis[static_cast<std::size_t>(k * n + x)] =
          scale * std::cos(std::numbers::pi * static_cast<double>(k * (2 * x + 1)) / static_cast<double>(2 * n));
    }
  }
  // Along columns: temp[u][x] = sum_y basis[u][y] block[y][x].
  std::vector<double> temp(block.size(), 0.0);
  for (std::ptrdiff_t u = 0; u < n; ++u) {
    for (std::ptrdiff_t y = 0; y < n; ++y) {
      const double weight = basis[static_cast<std::size_t>(u * n + y)];
      for (std::ptrdiff_t x = 0; x < n; ++x) {
        temp[static_cast<std::size_t>(u * n + x)] += weight * block[static_cast<std::size_t>(y * n + x)];
      }
    }
  }
  // Along rows: result[u][v] = sum_x temp[u][x] basis[v][x].
  std::vector<double> result(block.size(), 0.0);
  for (std::ptrdiff_t u = 0; u < n; ++u) {
    for (std::ptrdiff_t v = 0; v < n; ++v) {
      double sum = 0.0;
      for (std::ptrdiff_t x = 0; x < n; ++x) {
        sum += temp[static_cast<std::size_t>(u * n + x)] * basis[static_cast<std::size_t>(v * n + x)];
      }
      result[static_cast<std::size_t>(u * n + v)] = sum;
    }
  }
  return result;
}

HashResult perceptual_hash(const ImageF& luma, std::string_view variant, int hash_size) {
  HashOptions options;
  options.hash_size = hash_size;
  detail::check_hash_size(options, "phash");
  check_variant(variant, hash_size);
  detail::check_luma(luma, "phash");
  if (variant == "imagehash") return imagehash_phash(luma, hash_size);
  return cpp_phash(luma, variant);
}

HashAlgorithm make_phash_algorithm() {
  return detail::make_square_hash_algorithm(
      "phash", "DCT hash: imagehash phash (default) or the pHash C++ variants dea9ffc, lsb, canonical", 10,
      [](const ImageF& luma, const HashOptions& options) {
        return perceptual_hash(luma, options.phash_variant, options.hash_size);
      },
      [](const HashOptions& options) { check_variant(options.phash_variant, options.hash_size); });
}

}  // namespace erlangen::forensics
