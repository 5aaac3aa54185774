// The dwtdct and dwtdctsvd baselines (include/erlangen/forensics/watermark/dwtdct.hpp).
#include "erlangen/forensics/watermark/dwtdct.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "schemes.hpp"

namespace erlangen::forensics::watermark {

namespace dwtdct_detail {
namespace {

// 1/sqrt(2) rounded to double, the Haar filter tap of PyWavelets.
constexpr double kHaarTap = 0.7071067811865476;

// OpenCV's fixed-point YUV coefficients: round(c * 2^14) for the BT.601 constants
// 0.299, 0.587, 0.114, 0.492, 0.877 (forward) and 2.032, -0.395, -0.581, 1.140 (inverse).
constexpr int kShift = 14;
constexpr int kRound = 1 << (kShift - 1);
constexpr int kRToY = 4899;
constexpr int kGToY = 9617;
constexpr int kBToY = 1868;
constexpr int kBMinusYToU = 8061;
constexpr int kRMinusYToV = 14369;
constexpr int kUToB = 33292;
constexpr int kUToG = -6472;
constexpr int kVToG = -9519;
constexpr int kVToR = 18678;

std::uint8_t saturate(int value) { return static_cast<std::uint8_t>(std::clamp(value, 0, 255)); }

// The two outputs of the 1-D Haar step on (x0, x1) and its inverse.
void haar_pair(double x0, double x1, HaarArithmetic arithmetic, double& low, double& high) {
  if (arithmetic == HaarArithmetic::exact) {
    low = x0 + x1;
    high = x0 - x1;
  } else {
    low = kHaarTap * x0 + kHaarTap * x1;
    high = kHaarTap * x0 - kHaarTap * x1;
  }
}

void inverse_haar_pair(double low, double high, HaarArithmetic arithmetic, double& x0, double& x1) {
  if (arithmetic == HaarArithmetic::exact) {
    x0 = low + high;
    x1 = low - high;
  } else {
    x0 = kHaarTap * low + kHaarTap * high;
    x1 = kHaarTap * low - kHaarTap * high;
  }
}

}  // namespace

HaarBands haar_forward(ImageView<const double> image, HaarArithmetic arithmetic) {
  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  if (rows == 0 || cols == 0 || rows % 2 != 0 || cols % 2 != 0) {
    throw InvalidArgument(fmt::format("haar_forward: image size is {} x {}, expected an even, nonzero height and "
                                      "width; crop the image to even sides",
                                      rows, cols));
  }
  // The exact variant scales each 1-D step by 1 (sum, difference) and the 2-D result by 1/2,
  // which is exact in binary floating point.
  const double scale = arithmetic == HaarArithmetic::exact ? 0.5 : 1.0;
  HaarBands bands{ImageD(rows / 2, cols / 2), ImageD(rows / 2, cols / 2), ImageD(rows / 2, cols / 2),
                  ImageD(rows / 2, cols / 2)};
  for (std::ptrdiff_t i = 0; i < rows / 2; ++i) {
    for (std::ptrdiff_t j = 0; j < cols / 2; ++j) {
      // Along the rows first (PyWavelets' axis 0): top and bottom of each column of the cell.
      double low_left = 0.0;
      double high_left = 0.0;
      double low_right = 0.0;
      double high_right = 0.0;
      haar_pair(image(2 * i, 2 * j), image(2 * i + 1, 2 * j), arithmetic, low_left, high_left);
      haar_pair(image(2 * i, 2 * j + 1), image(2 * i + 1, 2 * j + 1), arithmetic, low_right, high_right);
      // Then along the columns (axis 1).
      double ll = 0.0;
      double vertical = 0.0;
      double horizontal = 0.0;
      double diagonal = 0.0;
      haar_pair(low_left, low_right, arithmetic, ll, vertical);
      haar_pair(high_left, high_right, arithmetic, horizontal, diagonal);
      bands.ll(i, j) = scale * ll;
      bands.horizontal(i, j) = scale * horizontal;
      bands.vertical(i, j) = scale * vertical;
      bands.diagonal(i, j) = scale * diagonal;
    }
  }
  return bands;
}

ImageD haar_inverse(const HaarBands& bands, HaarArithmetic arithmetic) {
  const std::ptrdiff_t rows = bands.ll.height();
  const std::ptrdiff_t cols = bands.ll.width();
  for (const ImageD* band : {&bands.horizontal, &bands.vertical, &bands.diagonal}) {
    if (band->height() != rows || band->width() != cols) {
      throw InvalidArgument(fmt::format("haar_inverse: a detail band is {} x {} but the LL band is {} x {}, "
                                        "expected four bands of one size; pass the bands of one haar_forward call",
                                        band->height(), band->width(), rows, cols));
    }
  }
  const double scale = arithmetic == HaarArithmetic::exact ? 0.5 : 1.0;
  ImageD image(2 * rows, 2 * cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      // Along the columns first (PyWavelets inverts the last axis first), then along the rows.
      double low_left = 0.0;
      double low_right = 0.0;
      double high_left = 0.0;
      double high_right = 0.0;
      inverse_haar_pair(bands.ll(i, j), bands.vertical(i, j), arithmetic, low_left, low_right);
      inverse_haar_pair(bands.horizontal(i, j), bands.diagonal(i, j), arithmetic, high_left, high_right);
      double top = 0.0;
      double bottom = 0.0;
      inverse_haar_pair(low_left, high_left, arithmetic, top, bottom);
      image(2 * i, 2 * j) = scale * top;
      image(2 * i + 1, 2 * j) = scale * bottom;
      inverse_haar_pair(low_right, high_right, arithmetic, top, bottom);
      image(2 * i, 2 * j + 1) = scale * top;
      image(2 * i + 1, 2 * j + 1) = scale * bottom;
    }
  }
  return image;
}

double quantise(double value, double step, int bit) {
  const double magnitude = (std::floor(std::abs(value) / step) + 0.25 + 0.5 * bit) * step;
  return value >= 0.0 ? magnitude : -magnitude;
}

int read_score(double value, double step) { return std::fmod(std::abs(value), step) > 0.5 * step ? 1 : 0; }

void rgb_to_yuv8(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t& y, std::uint8_t& u, std::uint8_t& v) {
  const int luma = (r * kRToY + g * kGToY + b * kBToY + kRound) >> kShift;
  y = saturate(luma);
  u = saturate(((b - luma) * kBMinusYToU + (128 << kShift) + kRound) >> kShift);
  v = saturate(((r - luma) * kRMinusYToV + (128 << kShift) + kRound) >> kShift);
}

void yuv_to_rgb8(std::uint8_t y, std::uint8_t u, std::uint8_t v, std::uint8_t& r, std::uint8_t& g, std::uint8_t& b) {
  const int du = u - 128;
  const int dv = v - 128;
  // >> of a negative int is an arithmetic shift (floor) since C++20, as in OpenCV's CV_DESCALE.
  r = saturate(y + ((dv * kVToR + kRound) >> kShift));
  g = saturate(y + ((du * kUToG + dv * kVToG + kRound) >> kShift));
  b = saturate(y + ((du * kUToB + kRound) >> kShift));
}

std::uint8_t truncate_to_uint8(double value) {
  if (!(value > -2147483649.0 && value < 2147483648.0)) return 0;
  const auto integer = static_cast<std::int64_t>(value);  // toward zero
  return static_cast<std::uint8_t>(static_cast<std::uint64_t>(integer) & 0xFFu);
}

}  // namespace dwtdct_detail

namespace {

using dwtdct_detail::HaarArithmetic;
using dwtdct_detail::HaarBands;

// Package constants: the minimum area of its encoder and decoder, and the LL block side.
constexpr std::ptrdiff_t kMinimumArea = 256 * 256;
constexpr std::ptrdiff_t kBlock = 4;

// The floating-point YUV constants (0..255 scale) of the fixed variant.
constexpr double kLumaR = 0.299;
constexpr double kLumaG = 0.587;
constexpr double kLumaB = 0.114;
constexpr double kChromaU = 0.492;

std::uint8_t to_8bit(float value) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

// Per-bit sums and counts of block scores.
struct BitScores {
  std::vector<double> sums;
  std::vector<std::size_t> counts;
};

class DwtDctScheme final : public WatermarkScheme {
 public:
  DwtDctScheme(DwtDctMethod method, const WatermarkOptions& options)
      : method_(method), step_(options.strength > 0.0 ? options.strength : kDwtDctDefaultStep),
        compat_(options.compat) {}

  std::string_view name() const override {
    return method_ == DwtDctMethod::max_coefficient ? "dwtdct" : "dwtdctsvd";
  }

  std::size_t capacity(std::ptrdiff_t height, std::ptrdiff_t width) const override {
    if (height <= 0 || width <= 0) return 0;
    if (compat_ && height * width < kMinimumArea) return 0;
    return static_cast<std::size_t>((height / (2 * kBlock)) * (width / (2 * kBlock)));
  }

  ImageF embed(const ImageF& image, const WatermarkKey& /*key*/, const Bits& payload) const override {
    check_image(image, "embed");
    if (payload.empty()) {
      throw InvalidArgument(fmt::format("{} embed: the payload is empty, expected 1 to {} bits; pass a payload",
                                        name(), capacity(image.height(), image.width())));
    }
    for (std::size_t i = 0; i < payload.size(); ++i) {
      if (payload[i] > 1) {
        throw_invalid_argument(fmt::format("{} embed", name()), fmt::format("payload bit {}", i), int{payload[i]},
                               "0 or 1", "pass one bit per element");
      }
    }
    check_bits(image, payload.size(), "embed");
    // Grey images take the fixed path in both modes (see the header).
    return compat_ && image.channels() == 3 ? embed_compat(image, payload) : embed_fixed(image, payload);
  }

  WatermarkDetection detect(const ImageF& image, const WatermarkKey& /*key*/, std::size_t payload_bits) const override {
    check_image(image, "detect");
    if (payload_bits == 0) {
      throw InvalidArgument(fmt::format("{} detect: payload_bits is 0, expected the embedded payload length (1 to "
                                        "{}); pass the number of embedded bits",
                                        name(), capacity(image.height(), image.width())));
    }
    check_bits(image, payload_bits, "detect");

    const bool package_path = compat_ && image.channels() == 3;
    const ImageD channel = package_path ? channel_compat(image) : channel_fixed(image);
    const HaarArithmetic arithmetic = package_path ? HaarArithmetic::pywavelets : HaarArithmetic::exact;
    const HaarBands bands = dwtdct_detail::haar_forward(channel.plane(), arithmetic);
    const BitScores scores = score_blocks(bands.ll, payload_bits);

    WatermarkDetection detection;
    detection.bits.assign(payload_bits, 0);
    detection.confidence.assign(payload_bits, 0.5);
    double agreement = 0.0;
    for (std::size_t k = 0; k < payload_bits; ++k) {
      // check_bits guarantees at least one block per bit.
      const double mean = scores.sums[k] / static_cast<double>(scores.counts[k]);
      // The package's rule: bit = mean * 255 > 127, so 0.5 reads as 1.
      detection.bits[k] = mean * 255.0 > 127.0 ? 1 : 0;
      detection.confidence[k] = detection.bits[k] == 1 ? mean : 1.0 - mean;
      agreement += detection.confidence[k];
    }
    detection.score = agreement / static_cast<double>(payload_bits);
    detection.p_value = 1.0;
    detection.hypotheses = 1;
    detection.hypothesis = "none";
    detection.detected = false;
    return detection;
  }

 private:
  void check_image(const ImageF& image, std::string_view operation) const {
    if (image.channels() != 1 && image.channels() != 3) {
      throw_invalid_argument(fmt::format("{} {}", name(), operation), "the channel count", image.channels(),
                             "1 (grey) or 3 (RGB)", "convert the image to grey or RGB");
    }
  }

  // Rejects too small images (with the package's message in compat mode) and payloads above
  // the block count.
  void check_bits(const ImageF& image, std::size_t bits, std::string_view operation) const {
    if (compat_ && image.height() * image.width() < kMinimumArea) {
      throw InvalidArgument(fmt::format(
          "{} {}: image too small, should be larger than 256x256 (the image is {} x {} pixels, {} in all); "
          "pass an image of at least 65536 pixels, or set compat to false to accept any image with one 8 x 8 block",
          name(), operation, image.height(), image.width(), image.height() * image.width()));
    }
    const std::size_t blocks = capacity(image.height(), image.width());
    if (bits > blocks) {
      throw InvalidArgument(fmt::format(
          "{} {}: the payload has {} bits but the {} x {} image has {} blocks of 8 x 8 pixels, expected at most "
          "one bit per block; use a shorter payload or a larger image",
          name(), operation, bits, image.height(), image.width(), blocks));
    }
  }

  // Quantises the carrier of every whole 4 x 4 block of `ll` in raster order; block t carries
  // payload bit t mod L.
  void mark_blocks(ImageD& ll, const Bits& payload) const {
    const std::ptrdiff_t block_rows = ll.height() / kBlock;
    const std::ptrdiff_t block_cols = ll.width() / kBlock;
    std::size_t t = 0;
    for (std::ptrdiff_t bi = 0; bi < block_rows; ++bi) {
      for (std::ptrdiff_t bj = 0; bj < block_cols; ++bj, ++t) {
        const int bit = payload[t % payload.size()];
        if (method_ == DwtDctMethod::max_coefficient) {
          const auto [row, col] = largest_coefficient(ll, bi, bj);
          ll(row, col) = dwtdct_detail::quantise(ll(row, col), step_, bit);
        } else {
          Eigen::Matrix4d block;
          for (int r = 0; r < kBlock; ++r) {
            for (int c = 0; c < kBlock; ++c) block(r, c) = ll(kBlock * bi + r, kBlock * bj + c);
          }
          const Eigen::JacobiSVD<Eigen::Matrix4d> svd(block, Eigen::ComputeFullU | Eigen::ComputeFullV);
          const double largest = svd.singularValues()(0);
          const double change = dwtdct_detail::quantise(largest, step_, bit) - largest;
          block += change * svd.matrixU().col(0) * svd.matrixV().col(0).transpose();
          for (int r = 0; r < kBlock; ++r) {
            for (int c = 0; c < kBlock; ++c) ll(kBlock * bi + r, kBlock * bj + c) = block(r, c);
          }
        }
      }
    }
  }

  BitScores score_blocks(const ImageD& ll, std::size_t payload_bits) const {
    BitScores scores{std::vector<double>(payload_bits, 0.0), std::vector<std::size_t>(payload_bits, 0)};
    const std::ptrdiff_t block_rows = ll.height() / kBlock;
    const std::ptrdiff_t block_cols = ll.width() / kBlock;
    std::size_t t = 0;
    for (std::ptrdiff_t bi = 0; bi < block_rows; ++bi) {
      for (std::ptrdiff_t bj = 0; bj < block_cols; ++bj, ++t) {
        double carrier = 0.0;
        if (method_ == DwtDctMethod::max_coefficient) {
          const auto [row, col] = largest_coefficient(ll, bi, bj);
          carrier = ll(row, col);
        } else {
          Eigen::Matrix4d block;
          for (int r = 0; r < kBlock; ++r) {
            for (int c = 0; c < kBlock; ++c) block(r, c) = ll(kBlock * bi + r, kBlock * bj + c);
          }
          carrier = Eigen::JacobiSVD<Eigen::Matrix4d>(block).singularValues()(0);
        }
        scores.sums[t % payload_bits] += dwtdct_detail::read_score(carrier, step_);
        ++scores.counts[t % payload_bits];
      }
    }
    return scores;
  }

  // Position of the largest |value| of block (bi, bj) among its row-major positions 1..15; the
  // first one on ties.
  static std::pair<std::ptrdiff_t, std::ptrdiff_t> largest_coefficient(const ImageD& ll, std::ptrdiff_t bi,
                                                                       std::ptrdiff_t bj) {
    int best = 1;
    double best_magnitude = -1.0;
    for (int k = 1; k < kBlock * kBlock; ++k) {
      const double magnitude = std::abs(ll(kBlock * bi + k / kBlock, kBlock * bj + k % kBlock));
      if (magnitude > best_magnitude) {
        best_magnitude = magnitude;
        best = k;
      }
    }
    return {kBlock * bi + best / kBlock, kBlock * bj + best % kBlock};
  }

  // The 8-bit pipeline of the package for an RGB image: round to 8 bits, 8-bit YUV, transform the
  // top-left 4-aligned region of U with PyWavelets' arithmetic, mark, invert with the detail bands
  // swapped, truncate to 8 bits, convert back.
  ImageF embed_compat(const ImageF& image, const Bits& payload) const {
    const std::ptrdiff_t rows = image.height();
    const std::ptrdiff_t cols = image.width();
    const std::ptrdiff_t region_rows = rows / 4 * 4;
    const std::ptrdiff_t region_cols = cols / 4 * 4;

    // The 8-bit planes Y, U (the carrier) and V.
    Image<std::uint8_t> y(rows, cols);
    Image<std::uint8_t> carrier(rows, cols);
    Image<std::uint8_t> v(rows, cols);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        dwtdct_detail::rgb_to_yuv8(to_8bit(image(i, j, 0)), to_8bit(image(i, j, 1)), to_8bit(image(i, j, 2)), y(i, j),
                                   carrier(i, j), v(i, j));
      }
    }

    ImageD region(region_rows, region_cols);
    for (std::ptrdiff_t i = 0; i < region_rows; ++i) {
      for (std::ptrdiff_t j = 0; j < region_cols; ++j) region(i, j) = carrier(i, j);
    }
    HaarBands bands = dwtdct_detail::haar_forward(region.plane(), HaarArithmetic::pywavelets);
    mark_blocks(bands.ll, payload);
    std::swap(bands.horizontal, bands.vertical);  // quirk 2
    const ImageD marked = dwtdct_detail::haar_inverse(bands, HaarArithmetic::pywavelets);
    for (std::ptrdiff_t i = 0; i < region_rows; ++i) {
      for (std::ptrdiff_t j = 0; j < region_cols; ++j) carrier(i, j) = dwtdct_detail::truncate_to_uint8(marked(i, j));
    }

    ImageF result(rows, cols, 3);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        std::uint8_t r = 0;
        std::uint8_t g = 0;
        std::uint8_t b = 0;
        dwtdct_detail::yuv_to_rgb8(y(i, j), carrier(i, j), v(i, j), r, g, b);
        result(i, j, 0) = static_cast<float>(r) / 255.0f;
        result(i, j, 1) = static_cast<float>(g) / 255.0f;
        result(i, j, 2) = static_cast<float>(b) / 255.0f;
      }
    }
    return result;
  }

  // The fixed variant, and every grey image: floating-point U (or grey) on the 0..255 scale over
  // the whole 8 x 8 blocks, exact Haar, no swap, no truncation. The change of U goes into B and G.
  ImageF embed_fixed(const ImageF& image, const Bits& payload) const {
    const ImageD channel = channel_fixed(image);
    HaarBands bands = dwtdct_detail::haar_forward(channel.plane(), HaarArithmetic::exact);
    mark_blocks(bands.ll, payload);
    const ImageD marked = dwtdct_detail::haar_inverse(bands, HaarArithmetic::exact);

    ImageF result = image;
    for (std::ptrdiff_t i = 0; i < marked.height(); ++i) {
      for (std::ptrdiff_t j = 0; j < marked.width(); ++j) {
        const double change = marked(i, j) - channel(i, j);
        if (image.channels() == 1) {
          result(i, j, 0) = static_cast<float>(std::clamp(marked(i, j) / 255.0, 0.0, 1.0));
          continue;
        }
        // U = 0.492 (B - Y) with Y and V fixed: dB = dU / 0.492 and 0.587 dG + 0.114 dB = 0.
        const double blue_change = change / kChromaU;
        const double green_change = -kLumaB / kLumaG * blue_change;
        result(i, j, 1) = static_cast<float>(std::clamp(image(i, j, 1) + green_change / 255.0, 0.0, 1.0));
        result(i, j, 2) = static_cast<float>(std::clamp(image(i, j, 2) + blue_change / 255.0, 0.0, 1.0));
      }
    }
    return result;
  }

  // The carrier plane the package's decoder transforms: 8-bit U of the 4-aligned region of an RGB image.
  static ImageD channel_compat(const ImageF& image) {
    const std::ptrdiff_t region_rows = image.height() / 4 * 4;
    const std::ptrdiff_t region_cols = image.width() / 4 * 4;
    ImageD channel(region_rows, region_cols);
    for (std::ptrdiff_t i = 0; i < region_rows; ++i) {
      for (std::ptrdiff_t j = 0; j < region_cols; ++j) {
        std::uint8_t y = 0;
        std::uint8_t u = 0;
        std::uint8_t v = 0;
        dwtdct_detail::rgb_to_yuv8(to_8bit(image(i, j, 0)), to_8bit(image(i, j, 1)), to_8bit(image(i, j, 2)), y, u, v);
        channel(i, j) = u;
      }
    }
    return channel;
  }

  // Floating-point U (or grey) on the 0..255 scale over the whole 8 x 8 blocks.
  static ImageD channel_fixed(const ImageF& image) {
    const std::ptrdiff_t region_rows = image.height() / (2 * kBlock) * (2 * kBlock);
    const std::ptrdiff_t region_cols = image.width() / (2 * kBlock) * (2 * kBlock);
    ImageD channel(region_rows, region_cols);
    for (std::ptrdiff_t i = 0; i < region_rows; ++i) {
      for (std::ptrdiff_t j = 0; j < region_cols; ++j) {
        if (image.channels() == 3) {
          const double r = 255.0 * image(i, j, 0);
          const double g = 255.0 * image(i, j, 1);
          const double b = 255.0 * image(i, j, 2);
          const double luma = kLumaR * r + kLumaG * g + kLumaB * b;
          channel(i, j) = kChromaU * (b - luma) + 128.0;
        } else {
          channel(i, j) = 255.0 * image(i, j, 0);
        }
      }
    }
    return channel;
  }

  DwtDctMethod method_;
  double step_;
  bool compat_;
};

}  // namespace

std::unique_ptr<WatermarkScheme> make_dwtdct_method_scheme(DwtDctMethod method, const WatermarkOptions& options) {
  return std::make_unique<DwtDctScheme>(method, options);
}

std::unique_ptr<WatermarkScheme> make_dwtdct_scheme(const WatermarkOptions& options) {
  return make_dwtdct_method_scheme(DwtDctMethod::max_coefficient, options);
}

std::unique_ptr<WatermarkScheme> make_dwtdctsvd_scheme(const WatermarkOptions& options) {
  return make_dwtdct_method_scheme(DwtDctMethod::singular_value, options);
}

}  // namespace erlangen::forensics::watermark
