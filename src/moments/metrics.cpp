// Reconstruction quality measures: MSRE, PSNR, SSIM.
#include "erlangen/moments/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "erlangen/core/error.hpp"

namespace erlangen::moments {
namespace {

template <typename A, typename B>
void require_same_size(std::string_view operation, ImageView<A> a, ImageView<B> b) {
  if (a.height() != b.height() || a.width() != b.width()) {
    throw InvalidArgument(fmt::format("{}: image sizes {}x{} and {}x{} differ, expected equal sizes; compare images "
                                      "of the same size",
                                      operation, a.height(), a.width(), b.height(), b.width()));
  }
}

// Normalised 1-D Gaussian of 11 taps, sigma 1.5; the 2-D window is its outer product.
std::vector<double> gaussian_taps() {
  std::vector<double> taps(11);
  double sum = 0.0;
  for (int k = 0; k < 11; ++k) {
    const double x = k - 5;
    taps[static_cast<std::size_t>(k)] = std::exp(-x * x / (2.0 * 1.5 * 1.5));
    sum += taps[static_cast<std::size_t>(k)];
  }
  for (double& tap : taps) tap /= sum;
  return taps;
}

// "Valid" separable filtering of a height x width array with the 11-tap window.
std::vector<double> filter_valid(const std::vector<double>& input, std::ptrdiff_t height, std::ptrdiff_t width,
                                 const std::vector<double>& taps) {
  const std::ptrdiff_t out_height = height - 10;
  const std::ptrdiff_t out_width = width - 10;
  std::vector<double> rows(static_cast<std::size_t>(height * out_width));
  for (std::ptrdiff_t i = 0; i < height; ++i) {
    for (std::ptrdiff_t j = 0; j < out_width; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = 0; k < 11; ++k) sum += taps[static_cast<std::size_t>(k)] * input[static_cast<std::size_t>(i * width + j + k)];
      rows[static_cast<std::size_t>(i * out_width + j)] = sum;
    }
  }
  std::vector<double> output(static_cast<std::size_t>(out_height * out_width));
  for (std::ptrdiff_t i = 0; i < out_height; ++i) {
    for (std::ptrdiff_t j = 0; j < out_width; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = 0; k < 11; ++k) sum += taps[static_cast<std::size_t>(k)] * rows[static_cast<std::size_t>((i + k) * out_width + j)];
      output[static_cast<std::size_t>(i * out_width + j)] = sum;
    }
  }
  return output;
}

}  // namespace

ImageD mask_outside_disk(ImageView<const double> image, basis::Grid grid) {
  const basis::DiskGrid disk(image.height(), image.width(), grid);
  ImageD result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    const double y = disk.y(i);
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      const double x = disk.x(j);
      result(i, j) = x * x + y * y <= 1.0 ? image(i, j) : 0.0;
    }
  }
  return result;
}

double msre(ImageView<const double> original, ImageView<const double> reconstruction) {
  require_same_size("msre", original, reconstruction);
  double error = 0.0;
  double energy = 0.0;
  for (std::ptrdiff_t i = 0; i < original.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < original.width(); ++j) {
      const double difference = reconstruction(i, j) - original(i, j);
      error += difference * difference;
      energy += original(i, j) * original(i, j);
    }
  }
  if (energy == 0.0) {
    throw InvalidArgument("msre: the original image is zero everywhere, so the relative error is undefined; pass "
                          "an image with non-zero pixels inside the disk");
  }
  return error / energy;
}

Image<std::uint8_t> to_uint8(ImageView<const double> image, double white) {
  if (!(white > 0.0) || !std::isfinite(white)) {
    throw_invalid_argument("to_uint8", "white", white, "a positive finite intensity",
                           "pass 1 for images in [0, 1] or 255 for 8-bit data");
  }
  Image<std::uint8_t> result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      const double value = std::round(image(i, j) * 255.0 / white);
      result(i, j) = static_cast<std::uint8_t>(std::clamp(std::isnan(value) ? 0.0 : value, 0.0, 255.0));
    }
  }
  return result;
}

double psnr(ImageView<const std::uint8_t> a, ImageView<const std::uint8_t> b) {
  require_same_size("psnr", a, b);
  if (a.empty()) throw InvalidArgument("psnr: the images are empty; pass images with at least one pixel");
  double squared = 0.0;
  for (std::ptrdiff_t i = 0; i < a.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < a.width(); ++j) {
      const double difference = static_cast<double>(a(i, j)) - static_cast<double>(b(i, j));
      squared += difference * difference;
    }
  }
  if (squared == 0.0) return std::numeric_limits<double>::infinity();
  const double mse = squared / static_cast<double>(a.height() * a.width());
  return 10.0 * std::log10(255.0 * 255.0 / mse);
}

double ssim(ImageView<const std::uint8_t> a, ImageView<const std::uint8_t> b) {
  require_same_size("ssim", a, b);
  if (a.height() < 11 || a.width() < 11) {
    throw InvalidArgument(fmt::format("ssim: image size is {}x{}, expected at least 11x11 for the 11x11 window; "
                                      "use a larger image",
                                      a.height(), a.width()));
  }
  const std::ptrdiff_t height = a.height();
  const std::ptrdiff_t width = a.width();
  const auto count = static_cast<std::size_t>(height * width);
  std::vector<double> x(count), y(count), xx(count), yy(count), xy(count);
  for (std::ptrdiff_t i = 0; i < height; ++i) {
    for (std::ptrdiff_t j = 0; j < width; ++j) {
      const auto k = static_cast<std::size_t>(i * width + j);
      x[k] = a(i, j);
      y[k] = b(i, j);
      xx[k] = x[k] * x[k];
      yy[k] = y[k] * y[k];
      xy[k] = x[k] * y[k];
    }
  }
  const std::vector<double> taps = gaussian_taps();
  const std::vector<double> mean_x = filter_valid(x, height, width, taps);
  const std::vector<double> mean_y = filter_valid(y, height, width, taps);
  const std::vector<double> mean_xx = filter_valid(xx, height, width, taps);
  const std::vector<double> mean_yy = filter_valid(yy, height, width, taps);
  const std::vector<double> mean_xy = filter_valid(xy, height, width, taps);

  const double c1 = (0.01 * 255.0) * (0.01 * 255.0);
  const double c2 = (0.03 * 255.0) * (0.03 * 255.0);
  double sum = 0.0;
  for (std::size_t k = 0; k < mean_x.size(); ++k) {
    const double mx = mean_x[k];
    const double my = mean_y[k];
    const double variance_x = mean_xx[k] - mx * mx;
    const double variance_y = mean_yy[k] - my * my;
    const double covariance = mean_xy[k] - mx * my;
    sum += ((2.0 * mx * my + c1) * (2.0 * covariance + c2)) /
           ((mx * mx + my * my + c1) * (variance_x + variance_y + c2));
  }
  return sum / static_cast<double>(mean_x.size());
}

ReconstructionQuality reconstruction_quality(ImageView<const double> original, ImageView<const double> reconstruction,
                                             basis::Grid grid, double white) {
  require_same_size("reconstruction quality", original, reconstruction);
  const ImageD masked = mask_outside_disk(original, grid);
  ReconstructionQuality quality;
  quality.msre = msre(masked.plane(), reconstruction);
  const Image<std::uint8_t> a = to_uint8(masked.plane(), white);
  const Image<std::uint8_t> b = to_uint8(reconstruction, white);
  quality.psnr = psnr(a.plane(), b.plane());
  quality.ssim = ssim(a.plane(), b.plane());
  return quality;
}

}  // namespace erlangen::moments
