// Input preprocessing and task presets of the hierarchical invariant representation.
#include "erlangen/hierarchy/preprocess.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <utility>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy {
namespace {

void validate(const PreprocessOptions& options) {
  if (options.resize_side < 0 || options.resize_side > 65536) {
    throw_invalid_argument("hir preprocess", "resize side", options.resize_side, "an integer in [0, 65536]",
                           "pass 0 to keep the input size");
  }
  if (!(options.sigma >= 0.0) || options.sigma > 100.0) {
    throw_invalid_argument("hir preprocess", "blur sigma", options.sigma, "a value in [0, 100] pixels",
                           "pass 0 for no blur");
  }
  if (options.pad < 0 || options.pad > 65536) {
    throw_invalid_argument("hir preprocess", "zero border", options.pad, "an integer in [0, 65536] pixels",
                           "pass 0 for no border");
  }
  if (!std::isfinite(options.intensity_scale)) {
    throw_invalid_argument("hir preprocess", "intensity scale", options.intensity_scale, "a finite value",
                           "pass 1 to keep [0, 1] or 255 for [0, 255]");
  }
}

// Keys (1981) cubic convolution kernel with a = -0.5, the kernel of Interpolation::bicubic in
// core/transform.cpp, so that both protocols of the digit experiment interpolate alike.
double keys_weight(double t) {
  constexpr double a = -0.5;
  t = std::abs(t);
  if (t < 1.0) return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
  if (t < 2.0) return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
  return 0.0;
}

// Value of the input at integer position (row, col), `fill` outside it.
double pixel_or_fill(ImageView<const float> image, std::ptrdiff_t row, std::ptrdiff_t col, float fill) {
  if (row < 0 || row >= image.height() || col < 0 || col >= image.width()) return fill;
  return image.row(row)[col];
}

// Interpolated value at a source position in pixel units (centres at integers). The caller keeps
// the position within a few image sides, so the integer casts are defined.
double interpolate(ImageView<const float> image, double row, double col, Interpolation interpolation, float fill) {
  if (interpolation == Interpolation::nearest) {
    return pixel_or_fill(image, static_cast<std::ptrdiff_t>(std::floor(row + 0.5)),
                         static_cast<std::ptrdiff_t>(std::floor(col + 0.5)), fill);
  }
  const double row_floor = std::floor(row);
  const double col_floor = std::floor(col);
  const double dr = row - row_floor;
  const double dc = col - col_floor;
  const auto r0 = static_cast<std::ptrdiff_t>(row_floor);
  const auto c0 = static_cast<std::ptrdiff_t>(col_floor);

  if (interpolation == Interpolation::bilinear) {
    const double top = (1.0 - dc) * pixel_or_fill(image, r0, c0, fill) + dc * pixel_or_fill(image, r0, c0 + 1, fill);
    const double bottom =
        (1.0 - dc) * pixel_or_fill(image, r0 + 1, c0, fill) + dc * pixel_or_fill(image, r0 + 1, c0 + 1, fill);
    return (1.0 - dr) * top + dr * bottom;
  }

  std::array<double, 4> row_weights{};
  std::array<double, 4> col_weights{};
  for (int k = 0; k < 4; ++k) {
    row_weights[static_cast<std::size_t>(k)] = keys_weight(dr - (k - 1));
    col_weights[static_cast<std::size_t>(k)] = keys_weight(dc - (k - 1));
  }
  double sum = 0.0;
  for (int a = 0; a < 4; ++a) {
    double row_sum = 0.0;
    for (int b = 0; b < 4; ++b) {
      row_sum += col_weights[static_cast<std::size_t>(b)] * pixel_or_fill(image, r0 + a - 1, c0 + b - 1, fill);
    }
    sum += row_weights[static_cast<std::size_t>(a)] * row_sum;
  }
  return sum;
}

// cos and sin of an angle in degrees, exactly (0, +-1) at multiples of 90 degrees.
std::pair<double, double> cos_sin_degrees(double degrees) {
  double reduced = std::fmod(degrees, 360.0);
  if (reduced < 0.0) reduced += 360.0;
  if (reduced == 0.0) return {1.0, 0.0};
  if (reduced == 90.0) return {0.0, 1.0};
  if (reduced == 180.0) return {-1.0, 0.0};
  if (reduced == 270.0) return {0.0, -1.0};
  const double radians = reduced * (std::numbers::pi / 180.0);
  return {std::cos(radians), std::sin(radians)};
}

// Shared part of resize_rotated() and resize_rotated_gaussian(): validates the grid and the
// motion, then fills a rows x cols image with value(source_row, source_col), the model of the
// input evaluated at the point that the motion carries onto each output pixel centre.
template <typename Value>
ImageF resample_moved(const char* operation, ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols,
                      double degrees, double rows_down, double cols_right, const Value& value) {
  if (image.empty()) {
    throw InvalidArgument(fmt::format("{}: input image is empty, expected at least 1x1 pixels; pass a non-empty image",
                                      operation));
  }
  if (rows < 1 || rows > 65536) {
    throw_invalid_argument(operation, "rows", rows, "an integer in [1, 65536]", "pass the side of the working grid");
  }
  if (cols < 1 || cols > 65536) {
    throw_invalid_argument(operation, "cols", cols, "an integer in [1, 65536]", "pass the side of the working grid");
  }
  if (!std::isfinite(degrees)) {
    throw_invalid_argument(operation, "degrees", degrees, "a finite number", "pass a finite angle");
  }
  // Beyond 4 input sides every pixel is out of view; the bound keeps source positions small.
  const auto check_shift = [&](const char* argument, double shift, std::ptrdiff_t side) {
    const double limit = 4.0 * static_cast<double>(side);
    if (!std::isfinite(shift) || std::abs(shift) > limit) {
      throw_invalid_argument(operation, argument, shift, fmt::format("a number in [-{0}, {0}] (4 input sides)", limit),
                             "pass a smaller shift");
    }
  };
  check_shift("rows_down", rows_down, image.height());
  check_shift("cols_right", cols_right, image.width());

  const auto [c, s] = cos_sin_degrees(degrees);
  const double centre_row = 0.5 * (static_cast<double>(image.height()) - 1.0);
  const double centre_col = 0.5 * (static_cast<double>(image.width()) - 1.0);
  const double row_step = static_cast<double>(image.height()) / static_cast<double>(rows);
  const double col_step = static_cast<double>(image.width()) / static_cast<double>(cols);
  ImageF result(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    // Output centre in input pixel units, the shift undone, relative to the centre. In screen
    // coordinates (x right, y up) the point p takes the input at R(-phi) p, as in rotate():
    //   col = centre_col + c x - s y_down,   row = centre_row + s x + c y_down.
    const double y_down = (static_cast<double>(i) + 0.5) * row_step - 0.5 - rows_down - centre_row;
    float* output = result.plane().row(i);
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double x = (static_cast<double>(j) + 0.5) * col_step - 0.5 - cols_right - centre_col;
      output[j] = static_cast<float>(value(centre_row + s * x + c * y_down, centre_col + c * x - s * y_down));
    }
  }
  return result;
}

}  // namespace

ImageF resize_rotated(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols, double degrees,
                      double rows_down, double cols_right, Interpolation interpolation, float fill) {
  return resample_moved("resize_rotated", image, rows, cols, degrees, rows_down, cols_right,
                        [&](double row, double col) { return interpolate(image, row, col, interpolation, fill); });
}

ImageF resize_rotated_gaussian(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols,
                               double degrees, double rows_down, double cols_right, double sigma) {
  constexpr const char* operation = "resize_rotated_gaussian";
  if (!(sigma >= 0.25) || sigma > 16.0) {
    throw_invalid_argument(operation, "sigma", sigma, "a value in [0.25, 16] input pixels",
                           "pass about 0.5 to 1 for an enlargement");
  }
  const double inverse_variance = 1.0 / (sigma * sigma);
  const double norm = inverse_variance / (2.0 * std::numbers::pi);
  const double reach = 4.0 * sigma;  // weights beyond 4 sigma are below exp(-8) of the centre one
  const std::ptrdiff_t last_row = image.height() - 1;
  const std::ptrdiff_t last_col = image.width() - 1;
  return resample_moved(operation, image, rows, cols, degrees, rows_down, cols_right, [&](double row, double col) {
    // Source points stay within a few image sides because resample_moved bounds the shift, so the
    // integer casts are defined. Pixels outside the image are zero in the model.
    const auto first_row = std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(std::ceil(row - reach)));
    const auto end_row = std::min<std::ptrdiff_t>(last_row, static_cast<std::ptrdiff_t>(std::floor(row + reach)));
    const auto first_col = std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(std::ceil(col - reach)));
    const auto end_col = std::min<std::ptrdiff_t>(last_col, static_cast<std::ptrdiff_t>(std::floor(col + reach)));
    double sum = 0.0;
    for (std::ptrdiff_t r = first_row; r <= end_row; ++r) {
      const double dr = static_cast<double>(r) - row;
      const float* pixels = image.row(r);
      for (std::ptrdiff_t k = first_col; k <= end_col; ++k) {
        const double dc = static_cast<double>(k) - col;
        sum += static_cast<double>(pixels[k]) * std::exp(-0.5 * (dr * dr + dc * dc) * inverse_variance);
      }
    }
    return norm * sum;
  });
}

std::ptrdiff_t preprocessed_rows(const PreprocessOptions& options, std::ptrdiff_t rows) {
  return (options.resize_side > 0 ? options.resize_side : rows) + 2 * options.pad;
}

std::ptrdiff_t preprocessed_cols(const PreprocessOptions& options, std::ptrdiff_t cols) {
  return (options.resize_side > 0 ? options.resize_side : cols) + 2 * options.pad;
}

ImageF gaussian_blur(ImageView<const float> image, double sigma) {
  if (!(sigma >= 0.0) || sigma > 100.0) {
    throw_invalid_argument("gaussian blur", "sigma", sigma, "a value in [0, 100] pixels", "pass 0 for no blur");
  }
  ImageF result = convert_plane<float, float>(image);
  if (sigma == 0.0 || image.empty()) return result;

  const auto radius = static_cast<std::ptrdiff_t>(std::ceil(2.0 * sigma));
  std::vector<double> taps(static_cast<std::size_t>(2 * radius + 1));
  double total = 0.0;
  for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
    const double value = std::exp(-0.5 * static_cast<double>(k * k) / (sigma * sigma));
    taps[static_cast<std::size_t>(k + radius)] = value;
    total += value;
  }
  for (double& tap : taps) tap /= total;

  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  ImageF horizontal(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
        const std::ptrdiff_t column = std::clamp<std::ptrdiff_t>(j + k, 0, cols - 1);  // replicated border
        sum += taps[static_cast<std::size_t>(k + radius)] * result(i, column);
      }
      horizontal(i, j) = static_cast<float>(sum);
    }
  }
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
        const std::ptrdiff_t row = std::clamp<std::ptrdiff_t>(i + k, 0, rows - 1);
        sum += taps[static_cast<std::size_t>(k + radius)] * horizontal(row, j);
      }
      result(i, j) = static_cast<float>(sum);
    }
  }
  return result;
}

ImageF preprocess(ImageView<const float> image, const PreprocessOptions& options) {
  validate(options);
  ImageF current = convert_plane<float, float>(image);
  if (options.resize_side > 0 && (image.height() != options.resize_side || image.width() != options.resize_side)) {
    current = resize(current.plane(), options.resize_side, options.resize_side, options.interpolation);
  }
  if (options.sigma > 0.0) current = gaussian_blur(current.plane(), options.sigma);

  const auto scale = static_cast<float>(options.intensity_scale);
  ImageF result(current.height() + 2 * options.pad, current.width() + 2 * options.pad);
  for (std::ptrdiff_t i = 0; i < current.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < current.width(); ++j) {
      result(i + options.pad, j + options.pad) = current(i, j) * scale;
    }
  }
  return result;
}

std::vector<std::string> preset_names() {
  return {"digits", "digits-hq", "digits-rot", "texture", "parasite", "adversarial", "aigc"};
}

Preset preset(std::string_view name) {
  Preset result;
  result.name = std::string(name);
  result.preprocess.intensity_scale = 255.0;
  result.paths.rule = PathRule::reference;
  result.paths.max_total_order = 6;
  result.paths.sides = {10};
  result.readout.kind = ReadoutKind::mean;
  if (name == "digits") {
    result.preprocess.resize_side = 40;
    result.preprocess.sigma = 0.5;
    result.preprocess.pad = 12;
  } else if (name == "digits-hq" || name == "digits-rot") {
    result.preprocess.resize_side = 80;
    result.preprocess.sigma = 2.0;
    result.preprocess.pad = 44;
    result.paths.rule = PathRule::tree;
    result.paths.max_depth = 2;
    result.paths.sides = {20};
    result.reference_kernels = false;
    if (name == "digits-rot") result.orbit_rotations = 4;
  } else if (name == "texture") {
    result.preprocess.resize_side = 100;
    result.preprocess.sigma = 0.5;
    result.preprocess.pad = 12;
  } else if (name == "parasite") {
    result.preprocess.resize_side = 100;
    result.preprocess.pad = 12;
  } else if (name == "adversarial" || name == "aigc") {
    result.preprocess.resize_side = name == "aigc" ? 512 : 224;
    result.paths.max_total_order = 7;
    result.paths.sides = {name == "aigc" ? 6 : 10};
    result.readout.kind = ReadoutKind::dct_rings;
    result.readout.bands = 30;
    result.readout.reference_bands = true;
  } else {
    throw InvalidArgument(fmt::format(
        "hir: preset \"{}\" is unknown, expected digits, digits-hq, digits-rot, texture, parasite, adversarial "
        "or aigc", name));
  }
  return result;
}

}  // namespace erlangen::hierarchy
