// Photometric distortions: blur, median, noise, salt and pepper, Pillow-style
// enhancement factors, gamma and erasing (declared in forensics/distortion.hpp).
//
// The enhancement factors follow the definitions of Pillow's ImageEnhance
// module: each blends the image with a "degenerate" image as
// out = degenerate + factor * (in - degenerate), then clips. The degenerate
// image is black (Brightness), a constant grey at the mean luma rounded to an
// 8-bit level (Contrast), the per-pixel luma (Color, here "saturation") or the
// image smoothed by the 3 x 3 kernel [1 1 1; 1 5 1; 1 1 1] / 13 with the border
// pixels unchanged (Sharpness). Luma is ITU-R BT.601, 0.299 R + 0.587 G + 0.114 B.
// Pillow rounds every result to 8 bits; erlangen keeps floats.
#include <algorithm>
#include <cmath>
#include <vector>

#include "distortion_internal.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::forensics {
namespace {

// Index i mirrored into [0, n) without repeating the edge sample (..., 2, 1, 0, 1, 2, ...).
std::ptrdiff_t mirror(std::ptrdiff_t i, std::ptrdiff_t n) {
  if (n == 1) return 0;
  const std::ptrdiff_t period = 2 * (n - 1);
  i %= period;
  if (i < 0) i += period;
  return i < n ? i : period - i;
}

// Luma of pixel p (plane offset) of a 1- or 3-plane image.
float luma_at(const ImageF& image, std::ptrdiff_t p) {
  if (image.channels() == 1) return image.data()[p];
  const std::ptrdiff_t n = image.plane_size();
  return 0.299f * image.data()[p] + 0.587f * image.data()[n + p] + 0.114f * image.data()[2 * n + p];
}

// out = degenerate + factor * (in - degenerate) for every sample.
void blend_towards(ImageF& image, const ImageF& degenerate, double factor) {
  const auto f = static_cast<float>(factor);
  std::span<float> values = image.values();
  std::span<const float> base = degenerate.values();
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = base[k] + f * (values[k] - base[k]);
}

ImageF smooth_3x3(const ImageF& image) {
  ImageF result = image;
  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    const ImageView<const float> source = image.plane(c);
    const ImageView<float> target = result.plane(c);
    for (std::ptrdiff_t i = 1; i + 1 < rows; ++i) {
      for (std::ptrdiff_t j = 1; j + 1 < cols; ++j) {
        double sum = 4.0 * source(i, j);
        for (std::ptrdiff_t a = -1; a <= 1; ++a) {
          for (std::ptrdiff_t b = -1; b <= 1; ++b) sum += source(i + a, j + b);
        }
        target(i, j) = static_cast<float>(sum / 13.0);
      }
    }
  }
  return result;
}

ImageF erase_rectangle(const ImageF& image, double area_fraction, std::uint64_t seed) {
  ImageF result = image;
  if (area_fraction <= 0.0) return result;
  detail::Random random(seed);
  const double area = area_fraction * static_cast<double>(image.plane_size());
  // Aspect ratio (height / width) log-uniform in [1/2, 2].
  const double aspect = std::exp((random.uniform() * 2.0 - 1.0) * std::log(2.0));
  const auto rows = std::clamp<std::ptrdiff_t>(std::lround(std::sqrt(area * aspect)), 1, image.height());
  const auto cols = std::clamp<std::ptrdiff_t>(std::lround(area / static_cast<double>(rows)), 1, image.width());
  const auto top = static_cast<std::ptrdiff_t>(random.below(static_cast<std::uint64_t>(image.height() - rows + 1)));
  const auto left = static_cast<std::ptrdiff_t>(random.below(static_cast<std::uint64_t>(image.width() - cols + 1)));
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    for (std::ptrdiff_t i = top; i < top + rows; ++i) {
      float* row = result.plane(c).row(i);
      std::fill(row + left, row + left + cols, 0.0f);
    }
  }
  return result;
}

}  // namespace

ImageF gaussian_blur(const ImageF& image, double sigma, int taps) {
  if (!std::isfinite(sigma) || sigma < 0.0 || sigma > 50.0) {
    throw_invalid_argument("gaussian blur", "sigma", sigma, "a number in [0, 50] (pixels)",
                           "pass a standard deviation such as 1");
  }
  if (taps != 0 && (taps < 1 || taps > 301 || taps % 2 == 0)) {
    throw_invalid_argument("gaussian blur", "taps", taps, "0 or an odd integer in [1, 301]",
                           "pass an odd kernel size such as 5, or 0 for 2 ceil(3 sigma) + 1");
  }
  if (sigma == 0.0 || image.empty()) return image;
  const auto radius = taps != 0 ? static_cast<std::ptrdiff_t>(taps / 2)
                                : std::max<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(std::ceil(3.0 * sigma)));
  std::vector<double> weights(static_cast<std::size_t>(2 * radius + 1));
  double total = 0.0;
  for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
    const double weight = std::exp(-static_cast<double>(k * k) / (2.0 * sigma * sigma));
    weights[static_cast<std::size_t>(k + radius)] = weight;
    total += weight;
  }
  for (double& weight : weights) weight /= total;

  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  ImageF result(rows, cols, image.channels());
  std::vector<double> horizontal(static_cast<std::size_t>(rows * cols));
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    const ImageView<const float> source = image.plane(c);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        double sum = 0.0;
        for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
          sum += weights[static_cast<std::size_t>(k + radius)] * source(i, mirror(j + k, cols));
        }
        horizontal[static_cast<std::size_t>(i * cols + j)] = sum;
      }
    }
    const ImageView<float> target = result.plane(c);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        double sum = 0.0;
        for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
          sum += weights[static_cast<std::size_t>(k + radius)] *
                 horizontal[static_cast<std::size_t>(mirror(i + k, rows) * cols + j)];
        }
        target(i, j) = static_cast<float>(sum);
      }
    }
  }
  return result;
}

ImageF median_filter(const ImageF& image, int k) {
  if (k < 1 || k > 99 || k % 2 == 0) {
    throw_invalid_argument("median filter", "k", k, "an odd integer in [1, 99]", "pass a window side such as 3");
  }
  if (k == 1 || image.empty()) return image;
  const std::ptrdiff_t radius = k / 2;
  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  ImageF result(rows, cols, image.channels());
  std::vector<float> window(static_cast<std::size_t>(k) * static_cast<std::size_t>(k));
  const auto middle = window.begin() + static_cast<std::ptrdiff_t>(window.size() / 2);
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    const ImageView<const float> source = image.plane(c);
    const ImageView<float> target = result.plane(c);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        std::size_t n = 0;
        for (std::ptrdiff_t a = -radius; a <= radius; ++a) {
          const std::ptrdiff_t row = mirror(i + a, rows);
          for (std::ptrdiff_t b = -radius; b <= radius; ++b) window[n++] = source(row, mirror(j + b, cols));
        }
        std::nth_element(window.begin(), middle, window.end());
        target(i, j) = *middle;
      }
    }
  }
  return result;
}

namespace detail {

ImageF apply_photometric(const ImageF& image, const Distortion& distortion, std::uint64_t seed) {
  const double value = distortion.value;
  switch (distortion.op) {
    case DistortionOp::blur:
      return gaussian_blur(image, value, distortion.blur_taps);
    case DistortionOp::median:
      return median_filter(image, static_cast<int>(value));
    case DistortionOp::noise: {
      ImageF result = image;
      Random random(seed);
      for (float& sample : result.values()) sample += static_cast<float>(value * random.normal());
      return result;
    }
    case DistortionOp::salt_pepper: {
      ImageF result = image;
      Random random(seed);
      const std::ptrdiff_t pixels = image.plane_size();
      for (std::ptrdiff_t p = 0; p < pixels; ++p) {
        if (random.uniform() >= value) continue;
        const float level = random.uniform() < 0.5 ? 0.0f : 1.0f;
        for (std::ptrdiff_t c = 0; c < image.channels(); ++c) result.data()[c * pixels + p] = level;
      }
      return result;
    }
    case DistortionOp::brightness: {
      ImageF result = image;
      for (float& sample : result.values()) sample *= static_cast<float>(value);
      return result;
    }
    case DistortionOp::contrast: {
      double sum = 0.0;
      for (std::ptrdiff_t p = 0; p < image.plane_size(); ++p) sum += luma_at(image, p);
      const double mean = std::round(255.0 * sum / static_cast<double>(image.plane_size())) / 255.0;
      ImageF result = image;
      const ImageF degenerate(image.height(), image.width(), image.channels(), static_cast<float>(mean));
      blend_towards(result, degenerate, value);
      return result;
    }
    case DistortionOp::saturation: {
      ImageF degenerate(image.height(), image.width(), image.channels());
      for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
        for (std::ptrdiff_t p = 0; p < image.plane_size(); ++p) {
          degenerate.data()[c * image.plane_size() + p] = luma_at(image, p);
        }
      }
      ImageF result = image;
      blend_towards(result, degenerate, value);
      return result;
    }
    case DistortionOp::sharpness: {
      ImageF result = image;
      blend_towards(result, smooth_3x3(image), value);
      return result;
    }
    case DistortionOp::gamma: {
      ImageF result = image;
      for (float& sample : result.values()) {
        sample = static_cast<float>(std::pow(std::max(0.0f, sample), value));
      }
      return result;
    }
    case DistortionOp::erase:
      return erase_rectangle(image, value, seed);
    default:
      ERLANGEN_ASSERT(false);
      return image;
  }
}

}  // namespace detail
}  // namespace erlangen::forensics
