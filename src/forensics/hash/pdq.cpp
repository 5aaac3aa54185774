// PDQ hash: 512 resize, Jarosz tent filter, 64 x 64 decimation, quality, 16 x 16 DCT, median bits.
#include "erlangen/forensics/hash/pdq.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <vector>

#include "erlangen/core/error.hpp"
#include "hash_internal.hpp"

namespace erlangen::forensics {

namespace {

constexpr std::ptrdiff_t kBuffer = 64;
constexpr std::ptrdiff_t kFrequencies = 16;
constexpr std::ptrdiff_t kMaxSide = 512;
constexpr std::ptrdiff_t kMinSide = 5;
constexpr int kLowQualityBelow = 50;
constexpr std::size_t kThreshold = 31;
constexpr std::size_t kBits = 256;

using Dct = std::array<double, kFrequencies * kFrequencies>;

// Nearest-neighbour resize to 512 x 512: output k takes input floor(k N / 512).
ImageF resize_to_512(const ImageF& plane) {
  ImageF result(kMaxSide, kMaxSide);
  for (std::ptrdiff_t r = 0; r < kMaxSide; ++r) {
    const std::ptrdiff_t i = r * plane.height() / kMaxSide;
    for (std::ptrdiff_t c = 0; c < kMaxSide; ++c) result(r, c) = plane(i, c * plane.width() / kMaxSide);
  }
  return result;
}

const std::array<double, kFrequencies * kBuffer>& dct_matrix() {
  static const std::array<double, kFrequencies * kBuffer> matrix = [] {
    std::array<double, kFrequencies * kBuffer> m{};
    const double scale = std::sqrt(2.0 / static_cast<double>(kBuffer));
    for (std::ptrdiff_t i = 0; i < kFrequencies; ++i) {
      for (std::ptrdiff_t j = 0; j < kBuffer; ++j) {
        m[static_cast<std::size_t>(i * kBuffer + j)] =
            scale * std::cos(std::numbers::pi / 128.0 * static_cast<double>((i + 1) * (2 * j + 1)));
      }
    }
    return m;
  }();
  return matrix;
}

Dct dct16(const ImageF& buffer) {
  const auto& d = dct_matrix();
  // temp[i][x] = sum_y D[i][y] A[y][x]
  std::vector<double> temp(static_cast<std::size_t>(kFrequencies * kBuffer), 0.0);
  for (std::ptrdiff_t i = 0; i < kFrequencies; ++i) {
    for (std::ptrdiff_t y = 0; y < kBuffer; ++y) {
      const double weight = d[static_cast<std::size_t>(i * kBuffer + y)];
      for (std::ptrdiff_t x = 0; x < kBuffer; ++x) temp[static_cast<std::size_t>(i * kBuffer + x)] += weight * buffer(y, x);
    }
  }
  Dct b{};
  for (std::ptrdiff_t i = 0; i < kFrequencies; ++i) {
    for (std::ptrdiff_t j = 0; j < kFrequencies; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t x = 0; x < kBuffer; ++x) {
        sum += temp[static_cast<std::size_t>(i * kBuffer + x)] * d[static_cast<std::size_t>(j * kBuffer + x)];
      }
      b[static_cast<std::size_t>(i * kFrequencies + j)] = sum;
    }
  }
  return b;
}

BitHash bits_from_dct(const Dct& b) {
  // With 256 values the lower and upper medians bracket no value, so "> lower median" sets exactly
  // the bits that "> mean of the two middle values" sets.
  const double threshold = detail::median(std::vector<double>(b.begin(), b.end()));
  BitHash bits(kBits);
  for (std::size_t k = 0; k < kBits; ++k) bits.set(k, b[k] > threshold);
  return bits;
}

// B of the buffer transformed by `transform`, from B of the original. Mirroring along an axis
// multiplies frequency index k (frequency k + 1) by (-1)^(k + 1); a transpose of the buffer
// transposes B.
Dct transform_dct(const Dct& b, PdqDihedral transform) {
  auto sign = [](std::ptrdiff_t k) { return k % 2 == 0 ? -1.0 : 1.0; };
  Dct result{};
  for (std::ptrdiff_t i = 0; i < kFrequencies; ++i) {
    for (std::ptrdiff_t j = 0; j < kFrequencies; ++j) {
      const double same = b[static_cast<std::size_t>(i * kFrequencies + j)];
      const double swapped = b[static_cast<std::size_t>(j * kFrequencies + i)];
      double value = same;
      switch (transform) {
        case PdqDihedral::original: value = same; break;
        case PdqDihedral::rotate90: value = sign(i) * swapped; break;  // flip left-right, then transpose
        case PdqDihedral::rotate180: value = sign(i) * sign(j) * same; break;
        case PdqDihedral::rotate270: value = sign(j) * swapped; break;  // flip up-down, then transpose
        case PdqDihedral::flip_left_right: value = sign(j) * same; break;
        case PdqDihedral::flip_up_down: value = sign(i) * same; break;
        case PdqDihedral::transpose: value = swapped; break;
        case PdqDihedral::transverse: value = sign(i) * sign(j) * swapped; break;
      }
      result[static_cast<std::size_t>(i * kFrequencies + j)] = value;
    }
  }
  return result;
}

HashResult zero_hash(bool dihedral) {
  HashResult result;
  result.algorithm = "pdq";
  result.bits = BitHash(kBits);
  result.quality = 0;
  result.low_quality = true;
  if (dihedral) result.dihedral.assign(8, result.bits);
  return result;
}

}  // namespace

std::vector<float> pdq_box_filter(std::span<const float> values, int window) {
  if (window < 1) {
    throw_invalid_argument("pdq box filter", "window", window, "an integer >= 1", "pass ceil(size / 128)");
  }
  const auto n = static_cast<std::ptrdiff_t>(values.size());
  std::vector<double> prefix(values.size() + 1, 0.0);
  for (std::ptrdiff_t i = 0; i < n; ++i) prefix[static_cast<std::size_t>(i + 1)] = prefix[static_cast<std::size_t>(i)] + values[static_cast<std::size_t>(i)];
  const std::ptrdiff_t half = (window + 2) / 2;
  const std::ptrdiff_t behind = window - half;
  std::vector<float> result(values.size());
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, i - behind);
    const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(n - 1, i + half - 1);
    const double sum = prefix[static_cast<std::size_t>(hi + 1)] - prefix[static_cast<std::size_t>(lo)];
    result[static_cast<std::size_t>(i)] = static_cast<float>(sum / static_cast<double>(hi - lo + 1));
  }
  return result;
}

ImageF pdq_jarosz_filter(const ImageF& plane) {
  detail::check_luma(plane, "pdq");
  const std::ptrdiff_t height = plane.height();
  const std::ptrdiff_t width = plane.width();
  const int row_window = static_cast<int>((width + 127) / 128);
  const int column_window = static_cast<int>((height + 127) / 128);
  ImageF current = plane;
  std::vector<float> column(static_cast<std::size_t>(height));
  for (int pass = 0; pass < 2; ++pass) {
    for (std::ptrdiff_t i = 0; i < height; ++i) {
      float* row = current.data() + i * width;
      const std::vector<float> filtered = pdq_box_filter(std::span<const float>(row, static_cast<std::size_t>(width)), row_window);
      std::copy(filtered.begin(), filtered.end(), row);
    }
    for (std::ptrdiff_t j = 0; j < width; ++j) {
      for (std::ptrdiff_t i = 0; i < height; ++i) column[static_cast<std::size_t>(i)] = current(i, j);
      const std::vector<float> filtered = pdq_box_filter(column, column_window);
      for (std::ptrdiff_t i = 0; i < height; ++i) current(i, j) = filtered[static_cast<std::size_t>(i)];
    }
  }
  return current;
}

ImageF pdq_decimate(const ImageF& filtered) {
  detail::check_luma(filtered, "pdq");
  ImageF buffer(kBuffer, kBuffer);
  for (std::ptrdiff_t r = 0; r < kBuffer; ++r) {
    const auto i = static_cast<std::ptrdiff_t>((static_cast<double>(r) + 0.5) * static_cast<double>(filtered.height()) / kBuffer);
    for (std::ptrdiff_t c = 0; c < kBuffer; ++c) {
      const auto j = static_cast<std::ptrdiff_t>((static_cast<double>(c) + 0.5) * static_cast<double>(filtered.width()) / kBuffer);
      buffer(r, c) = filtered(i, j);
    }
  }
  return buffer;
}

int pdq_quality(const ImageF& buffer) {
  if (buffer.height() != kBuffer || buffer.width() != kBuffer || buffer.channels() != 1) {
    throw_invalid_argument("pdq quality", "buffer size", fmt::format("{}x{}x{}", buffer.height(), buffer.width(), buffer.channels()),
                           "64x64x1", "pass the decimated buffer");
  }
  long sum = 0;
  auto add = [&sum](float u, float v) { sum += std::abs(static_cast<long>((u - v) * 100.0f / 255.0f)); };
  for (std::ptrdiff_t i = 0; i < kBuffer; ++i) {
    for (std::ptrdiff_t j = 0; j < kBuffer; ++j) {
      if (i + 1 < kBuffer) add(buffer(i + 1, j), buffer(i, j));
      if (j + 1 < kBuffer) add(buffer(i, j + 1), buffer(i, j));
    }
  }
  return static_cast<int>(std::min<long>(100, sum / 90));
}

HashResult pdq_hash_from_buffer(const ImageF& buffer, bool dihedral) {
  HashResult result;
  result.algorithm = "pdq";
  result.quality = pdq_quality(buffer);
  result.low_quality = result.quality < kLowQualityBelow;
  const Dct b = dct16(buffer);
  result.bits = bits_from_dct(b);
  const double threshold = detail::median(std::vector<double>(b.begin(), b.end()));
  for (std::size_t k = 0; k < kBits; ++k) result.margins.push_back(b[k] - threshold);
  if (dihedral) {
    for (int t = 0; t < 8; ++t) result.dihedral.push_back(bits_from_dct(transform_dct(b, static_cast<PdqDihedral>(t))));
  }
  return result;
}

HashResult pdq_hash(const ImageF& luma, bool dihedral) {
  detail::check_luma(luma, "pdq");
  if (luma.height() < kMinSide || luma.width() < kMinSide) return zero_hash(dihedral);

  ImageF scaled = luma.height() > kMaxSide || luma.width() > kMaxSide ? resize_to_512(luma) : luma;
  for (float& value : scaled.values()) value *= 255.0f;
  return pdq_hash_from_buffer(pdq_decimate(pdq_jarosz_filter(scaled)), dihedral);
}

std::string pdq_to_hex(const BitHash& bits) {
  if (bits.size() != kBits) {
    throw_invalid_argument("pdq hash", "bits", bits.size(), "256", "pass a PDQ hash");
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(kBits / 4, '0');
  for (std::size_t d = 0; d < hex.size(); ++d) {
    const std::size_t low = kBits - 4 * (d + 1);  // lowest bit index of digit d
    int value = 0;
    for (std::size_t b = 0; b < 4; ++b) value |= (bits.bit(low + b) ? 1 : 0) << b;
    hex[d] = kDigits[value];
  }
  return hex;
}

BitHash pdq_from_hex(std::string_view hex) {
  // The most-significant-first reader gives bit 255 - k at position k; reverse it.
  const BitHash reversed = bits_from_hex_msb_first(hex, kBits, "pdq");
  BitHash bits(kBits);
  for (std::size_t k = 0; k < kBits; ++k) bits.set(k, reversed.bit(kBits - 1 - k));
  return bits;
}

HashAlgorithm make_pdq_algorithm() {
  HashAlgorithm algorithm;
  algorithm.name = "pdq";
  algorithm.summary = "Meta PDQ: 256-bit DCT hash of a Jarosz-filtered 64 x 64 buffer, with a quality score";
  algorithm.bits = [](const HashOptions&) { return kBits; };
  algorithm.compute = [](const ImageF& luma, const HashOptions& options) { return pdq_hash(luma, options.pdq_dihedral); };
  algorithm.to_hex = [](const HashResult& hash) { return pdq_to_hex(hash.bits); };
  algorithm.parse_hex = [](std::string_view hex) {
    HashResult result;
    result.algorithm = "pdq";
    result.bits = pdq_from_hex(hex);
    return result;
  };
  algorithm.threshold = [](const HashOptions&) { return kThreshold; };
  return algorithm;
}

}  // namespace erlangen::forensics
