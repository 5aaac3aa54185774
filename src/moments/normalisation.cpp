// Translation and scale normalisation by centroid and mass.
#include <algorithm>
#include <cmath>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/invariants.hpp"

namespace erlangen::moments {
namespace {

// Bilinear sample at (row, col) in pixel-centre coordinates; 0 outside.
double bilinear(ImageView<const double> image, double row, double col) {
  const double row_floor = std::floor(row);
  const double col_floor = std::floor(col);
  const auto i = static_cast<std::ptrdiff_t>(row_floor);
  const auto j = static_cast<std::ptrdiff_t>(col_floor);
  const double dy = row - row_floor;
  const double dx = col - col_floor;
  const auto at = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
    if (r < 0 || c < 0 || r >= image.height() || c >= image.width()) return 0.0;
    return image(r, c);
  };
  return (1.0 - dy) * ((1.0 - dx) * at(i, j) + dx * at(i, j + 1)) + dy * ((1.0 - dx) * at(i + 1, j) + dx * at(i + 1, j + 1));
}

}  // namespace

Normalisation measure_normalisation(ImageView<const double> image, NormalisationOptions options) {
  if (!(options.radius_per_sqrt_mass > 0.0) || !std::isfinite(options.radius_per_sqrt_mass)) {
    throw_invalid_argument("normalisation", "radius_per_sqrt_mass", options.radius_per_sqrt_mass,
                           "a positive finite number", "1.0 is the default");
  }
  double mass = 0.0;
  double row_sum = 0.0;
  double col_sum = 0.0;
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      const double value = image(i, j);
      if (value < 0.0 || !std::isfinite(value)) {
        throw InvalidArgument(fmt::format(
            "normalisation: pixel ({}, {}) is {}, expected a finite non-negative intensity; shift the image so that "
            "the background is 0",
            i, j, value));
      }
      mass += value;
      row_sum += value * static_cast<double>(i);
      col_sum += value * static_cast<double>(j);
    }
  }
  if (!(mass > 0.0)) {
    throw InvalidArgument("normalisation: the image mass (sum of intensities) is 0, so the centroid is undefined; "
                          "pass an image with a non-zero object");
  }
  Normalisation result;
  result.mass = mass;
  result.centroid_row = row_sum / mass;
  result.centroid_col = col_sum / mass;
  result.radius = options.radius_per_sqrt_mass * std::sqrt(mass);
  return result;
}

ImageD normalise_translation_scale(ImageView<const double> image, std::ptrdiff_t output_size,
                                   NormalisationOptions options, Normalisation* measured) {
  if (output_size < 1) {
    throw_invalid_argument("normalisation", "output_size", output_size, "a positive number of pixels",
                           "pass the size of the moment plan");
  }
  const Normalisation normalisation = measure_normalisation(image, options);
  if (measured != nullptr) *measured = normalisation;

  const double size = static_cast<double>(output_size);
  // One output pixel covers 2 R / N input pixels; sub-sample it that densely.
  const int subsamples = std::max(1, static_cast<int>(std::ceil(2.0 * normalisation.radius / size - 1e-9)));
  ImageD result(output_size, output_size);
  for (std::ptrdiff_t i = 0; i < output_size; ++i) {
    for (std::ptrdiff_t j = 0; j < output_size; ++j) {
      double sum = 0.0;
      for (int a = 0; a < subsamples; ++a) {
        for (int b = 0; b < subsamples; ++b) {
          // Edge-grid disk coordinates of the sub-sample.
          const double x = (2.0 * (static_cast<double>(j) + (b + 0.5) / subsamples) - size) / size;
          const double y = (size - 2.0 * (static_cast<double>(i) + (a + 0.5) / subsamples)) / size;
          sum += bilinear(image, normalisation.centroid_row - y * normalisation.radius,
                          normalisation.centroid_col + x * normalisation.radius);
        }
      }
      result(i, j) = sum / (subsamples * subsamples);
    }
  }
  return result;
}

ImageD normalise_translation_scale(ImageView<const float> image, std::ptrdiff_t output_size,
                                   NormalisationOptions options, Normalisation* measured) {
  const ImageD converted = convert_plane<double, float>(image);
  return normalise_translation_scale(converted.plane(), output_size, options, measured);
}

}  // namespace erlangen::moments
