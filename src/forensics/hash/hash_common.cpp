// Resampling, quality and option checks shared by the imagehash-style hashes.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "erlangen/core/error.hpp"
#include "hash_internal.hpp"

namespace erlangen::forensics::detail {

namespace {

double lanczos3(double x) {
  x = std::abs(x);
  if (x >= 3.0) return 0.0;
  if (x < 1e-12) return 1.0;
  const double px = std::numbers::pi * x;
  return 3.0 * std::sin(px) * std::sin(px / 3.0) / (px * px);
}

// Weights of a 1-D resampling from `in` to `out` samples: for output k, the input range
// [first[k], first[k] + count[k]) and its normalised weights.
struct ResampleWeights {
  std::vector<std::ptrdiff_t> first;
  std::vector<std::vector<double>> weights;
};

ResampleWeights make_weights(std::ptrdiff_t in, std::ptrdiff_t out) {
  const double scale = static_cast<double>(in) / static_cast<double>(out);
  const double stretch = std::max(scale, 1.0);
  const double support = 3.0 * stretch;
  ResampleWeights result;
  result.first.resize(static_cast<std::size_t>(out));
  result.weights.resize(static_cast<std::size_t>(out));
  for (std::ptrdiff_t k = 0; k < out; ++k) {
    const double centre = (static_cast<double>(k) + 0.5) * scale;  // in pixel-edge coordinates
    const auto begin = std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(std::floor(centre - support)));
    const auto end = std::min<std::ptrdiff_t>(in, static_cast<std::ptrdiff_t>(std::ceil(centre + support)));
    std::vector<double> w;
    double total = 0.0;
    for (std::ptrdiff_t j = begin; j < end; ++j) {
      const double value = lanczos3((static_cast<double>(j) + 0.5 - centre) / stretch);
      w.push_back(value);
      total += value;
    }
    // total > 0 always: the input pixel nearest the centre lies within one stretch of it, where the
    // kernel is positive, and the lobes further out are smaller.
    for (double& value : w) value /= total;
    result.first[static_cast<std::size_t>(k)] = begin;
    result.weights[static_cast<std::size_t>(k)] = std::move(w);
  }
  return result;
}

}  // namespace

std::vector<double> lanczos_resize(const ImageF& luma, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  const std::ptrdiff_t height = luma.height();
  const std::ptrdiff_t width = luma.width();
  const ResampleWeights horizontal = make_weights(width, cols);
  const ResampleWeights vertical = make_weights(height, rows);

  std::vector<double> across(static_cast<std::size_t>(height * cols));
  for (std::ptrdiff_t i = 0; i < height; ++i) {
    for (std::ptrdiff_t k = 0; k < cols; ++k) {
      const auto& w = horizontal.weights[static_cast<std::size_t>(k)];
      const std::ptrdiff_t first = horizontal.first[static_cast<std::size_t>(k)];
      double sum = 0.0;
      for (std::size_t t = 0; t < w.size(); ++t) sum += w[t] * luma(i, first + static_cast<std::ptrdiff_t>(t));
      across[static_cast<std::size_t>(i * cols + k)] = sum;
    }
  }

  std::vector<double> result(static_cast<std::size_t>(rows * cols));
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    const auto& w = vertical.weights[static_cast<std::size_t>(r)];
    const std::ptrdiff_t first = vertical.first[static_cast<std::size_t>(r)];
    for (std::ptrdiff_t k = 0; k < cols; ++k) {
      double sum = 0.0;
      for (std::size_t t = 0; t < w.size(); ++t) {
        sum += w[t] * across[static_cast<std::size_t>((first + static_cast<std::ptrdiff_t>(t)) * cols + k)];
      }
      result[static_cast<std::size_t>(r * cols + k)] = sum;
    }
  }
  return result;
}

int spread_quality(double mean_abs_deviation_grey_levels) {
  const double score = 25.0 * mean_abs_deviation_grey_levels;
  if (!(score < 100.0)) return 100;
  return static_cast<int>(score);
}

void check_hash_size(const HashOptions& options, std::string_view algorithm) {
  if (options.hash_size < 2 || options.hash_size > 64) {
    throw_invalid_argument(algorithm, "hash_size", options.hash_size, "an integer in [2, 64]",
                           "pass 8 for the usual 64-bit hash");
  }
}

int hash_size_from_hex_digits(std::size_t digits, std::string_view algorithm) {
  for (int s = 2; s <= 64; ++s) {
    if (static_cast<std::size_t>((s * s + 3) / 4) == digits) return s;
  }
  throw_invalid_argument(fmt::format("{} hash", algorithm), "hex length", digits,
                         "ceil(s * s / 4) digits for a hash size s in [2, 64], such as 16 for s = 8",
                         "pass the hex form that erlangen or imagehash printed");
}

void check_luma(const ImageF& luma, std::string_view algorithm) {
  if (luma.empty() || luma.channels() != 1) {
    throw_invalid_argument(algorithm, "image", fmt::format("{}x{}x{}", luma.height(), luma.width(), luma.channels()),
                           "a non-empty luma plane (one channel)",
                           "convert the image with hash_input_luma or call compute_hash");
  }
}

std::size_t scaled_threshold(std::size_t bits, std::size_t per_64_bits) {
  return (bits * per_64_bits + 32) / 64;
}

HashAlgorithm make_square_hash_algorithm(
    std::string name, std::string summary, std::size_t threshold_per_64_bits,
    std::function<HashResult(const ImageF& luma, const HashOptions& options)> compute,
    std::function<void(const HashOptions& options)> validate) {
  HashAlgorithm algorithm;
  algorithm.name = name;
  algorithm.summary = std::move(summary);
  algorithm.bits = [](const HashOptions& options) {
    return static_cast<std::size_t>(options.hash_size * options.hash_size);
  };
  algorithm.compute = std::move(compute);
  algorithm.to_hex = [](const HashResult& hash) { return bits_to_hex_msb_first(hash.bits); };
  algorithm.parse_hex = [name](std::string_view hex) {
    const int size = hash_size_from_hex_digits(hex.size(), name);
    HashResult result;
    result.algorithm = name;
    result.bits = bits_from_hex_msb_first(hex, static_cast<std::size_t>(size * size), name);
    return result;
  };
  algorithm.threshold = [threshold_per_64_bits](const HashOptions& options) {
    return scaled_threshold(static_cast<std::size_t>(options.hash_size * options.hash_size), threshold_per_64_bits);
  };
  algorithm.validate = [name, validate = std::move(validate)](const HashOptions& options) {
    check_hash_size(options, name);
    if (validate) validate(options);
  };
  return algorithm;
}

double median(std::vector<double> values) {
  ERLANGEN_ASSERT(!values.empty());
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return 0.5 * (lower + upper);
}

}  // namespace erlangen::forensics::detail
