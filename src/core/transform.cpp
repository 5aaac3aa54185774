// Geometric transforms of single image planes (declared in core/transform.hpp).
//
// Resampling model: the output pixel at (i, j) takes the value of the input at
// a source position (row, col) in pixel units, pixel centres at integers. The
// input is extended outside its bounds by the constant `fill` (rotate,
// translate, scale_about_centre) or by its nearest edge pixel (resize), and the
// interpolation kernel is applied to that extended image. With fill = 0 a
// disk-masked image is therefore resampled as the compactly supported function
// it represents. Bicubic uses the Keys (1981) convolution kernel with a = -0.5,
// which reproduces quadratics and is exact at integer source positions.
#include "erlangen/core/transform.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "erlangen/core/error.hpp"

namespace erlangen {
namespace {

enum class Boundary { constant, clamp };

// Keys cubic convolution kernel with a = -0.5 at distance t (|t| < 2 has support).
double keys_weight(double t) {
  constexpr double a = -0.5;
  t = std::abs(t);
  if (t < 1.0) return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
  if (t < 2.0) return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
  return 0.0;
}

// Reads the input extended by the boundary rule.
class ExtendedPlane {
 public:
  ExtendedPlane(ImageView<const float> image, Boundary boundary, float fill)
      : image_(image), boundary_(boundary), fill_(fill) {}

  double at(std::ptrdiff_t row, std::ptrdiff_t col) const {
    const std::ptrdiff_t rows = image_.height();
    const std::ptrdiff_t cols = image_.width();
    if (row >= 0 && row < rows && col >= 0 && col < cols) return image_.row(row)[col];
    if (boundary_ == Boundary::constant) return fill_;
    row = std::clamp<std::ptrdiff_t>(row, 0, rows - 1);
    col = std::clamp<std::ptrdiff_t>(col, 0, cols - 1);
    return image_.row(row)[col];
  }

  // Integer part of a floored source position, clamped to a band 4 pixels wider than the image
  // on each side. Every position beyond the band reads the same boundary values. The clamp keeps
  // the cast defined for huge or non-finite positions, and NaN maps to the low end.
  std::ptrdiff_t index_of(double floored) const {
    const double limit = static_cast<double>(std::max(image_.height(), image_.width()) + 4);
    if (!(floored > -limit)) return -static_cast<std::ptrdiff_t>(limit);
    if (floored > limit) return static_cast<std::ptrdiff_t>(limit);
    return static_cast<std::ptrdiff_t>(floored);
  }

  // Interpolated value at a source position in pixel units (centres at integers).
  double sample(double row, double col, Interpolation interpolation) const {
    switch (interpolation) {
      case Interpolation::nearest:
        return at(index_of(std::floor(row + 0.5)), index_of(std::floor(col + 0.5)));
      case Interpolation::bilinear: {
        const double row_floor = std::floor(row);
        const double col_floor = std::floor(col);
        const double dr = row - row_floor;
        const double dc = col - col_floor;
        const std::ptrdiff_t r0 = index_of(row_floor);
        const std::ptrdiff_t c0 = index_of(col_floor);
        const double top = (1.0 - dc) * at(r0, c0) + dc * at(r0, c0 + 1);
        const double bottom = (1.0 - dc) * at(r0 + 1, c0) + dc * at(r0 + 1, c0 + 1);
        return (1.0 - dr) * top + dr * bottom;
      }
      case Interpolation::bicubic: {
        const double row_floor = std::floor(row);
        const double col_floor = std::floor(col);
        const double dr = row - row_floor;
        const double dc = col - col_floor;
        const std::ptrdiff_t r0 = index_of(row_floor);
        const std::ptrdiff_t c0 = index_of(col_floor);
        std::array<double, 4> row_weights{};
        std::array<double, 4> col_weights{};
        for (int k = 0; k < 4; ++k) {
          row_weights[k] = keys_weight(dr - (k - 1));
          col_weights[k] = keys_weight(dc - (k - 1));
        }
        double sum = 0.0;
        for (int a = 0; a < 4; ++a) {
          if (row_weights[a] == 0.0) continue;
          double row_sum = 0.0;
          for (int b = 0; b < 4; ++b) {
            if (col_weights[b] == 0.0) continue;
            row_sum += col_weights[b] * at(r0 + a - 1, c0 + b - 1);
          }
          sum += row_weights[a] * row_sum;
        }
        return sum;
      }
    }
    return fill_;
  }

 private:
  ImageView<const float> image_;
  Boundary boundary_;
  float fill_;
};

// Output pixel (i, j) <- input at source(i, j) = {row, col}; the affine map is
// source = offset + matrix * (i, j).
struct AffineMap {
  double row_offset, row_per_row, row_per_col;
  double col_offset, col_per_row, col_per_col;
};

ImageF resample(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols,
                const AffineMap& map, Interpolation interpolation, Boundary boundary, float fill) {
  ImageF result(rows, cols);
  const ExtendedPlane source(image, boundary, fill);
#if defined(ERLANGEN_HAVE_OPENMP)
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
#endif
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    float* output = result.plane().row(i);
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double row = map.row_offset + map.row_per_row * i + map.row_per_col * j;
      const double col = map.col_offset + map.col_per_row * i + map.col_per_col * j;
      output[j] = static_cast<float>(source.sample(row, col, interpolation));
    }
  }
  return result;
}

void require_finite(std::string_view operation, std::string_view argument, double value) {
  if (!std::isfinite(value)) {
    throw_invalid_argument(operation, argument, value, "a finite number", "pass a finite value");
  }
}

// A shift of more than 4 image sides moves every pixel out of view. Larger values are rejected,
// so source positions stay far inside the range of the index type.
void require_shift(std::string_view operation, std::string_view argument, double value, std::ptrdiff_t side) {
  const double limit = 4.0 * static_cast<double>(std::max<std::ptrdiff_t>(side, 1));
  if (!std::isfinite(value) || std::abs(value) > limit) {
    throw_invalid_argument(operation, argument, value, fmt::format("a number in [-{0}, {0}] (4 image sides)", limit),
                           "pass a smaller shift");
  }
}

// cos and sin of an angle in degrees, exact (0, +-1) at multiples of 90 degrees so
// that such rotations move pixel centres onto pixel centres without rounding.
std::pair<double, double> cos_sin_degrees(double degrees) {
  double reduced = std::fmod(degrees, 360.0);
  if (reduced < 0.0) reduced += 360.0;
  if (reduced == 0.0) return {1.0, 0.0};
  if (reduced == 90.0) return {0.0, 1.0};
  if (reduced == 180.0) return {-1.0, 0.0};
  if (reduced == 270.0) return {0.0, -1.0};
  const double radians = reduced * (3.14159265358979323846 / 180.0);
  return {std::cos(radians), std::sin(radians)};
}

}  // namespace

ImageF rotate90(ImageView<const float> image, int quarter_turns) {
  const int turns = ((quarter_turns % 4) + 4) % 4;
  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  if (turns == 0) return convert_plane<float, float>(image);
  if (turns == 2) {
    ImageF result(rows, cols);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) result(i, j) = image(rows - 1 - i, cols - 1 - j);
    }
    return result;
  }
  ImageF result(cols, rows);
  for (std::ptrdiff_t i = 0; i < cols; ++i) {
    for (std::ptrdiff_t j = 0; j < rows; ++j) {
      // One counter-clockwise quarter turn moves the top-right corner to the top-left.
      result(i, j) = turns == 1 ? image(j, cols - 1 - i) : image(rows - 1 - j, i);
    }
  }
  return result;
}

ImageF flip_left_right(ImageView<const float> image) {
  ImageF result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) result(i, j) = image(i, image.width() - 1 - j);
  }
  return result;
}

ImageF flip_up_down(ImageView<const float> image) {
  ImageF result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) result(i, j) = image(image.height() - 1 - i, j);
  }
  return result;
}

ImageF transpose(ImageView<const float> image) {
  ImageF result(image.width(), image.height());
  for (std::ptrdiff_t i = 0; i < image.width(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.height(); ++j) result(i, j) = image(j, i);
  }
  return result;
}

ImageF rotate(ImageView<const float> image, double degrees, Interpolation interpolation, float fill) {
  require_finite("rotate", "degrees", degrees);
  const auto [c, s] = cos_sin_degrees(degrees);
  const double centre_row = (static_cast<double>(image.height()) - 1.0) / 2.0;
  const double centre_col = (static_cast<double>(image.width()) - 1.0) / 2.0;

  // In screen coordinates x = j - centre_col, y = centre_row - i (y up), the
  // output at p takes the input at R(-phi) p:
  //   x_source = c x + s y,   y_source = -s x + c y.
  // Back in pixel units: col = centre_col + x_source, row = centre_row - y_source.
  AffineMap map{};
  map.col_per_col = c;
  map.col_per_row = -s;
  map.col_offset = centre_col - c * centre_col + s * centre_row;
  map.row_per_col = s;
  map.row_per_row = c;
  map.row_offset = centre_row - s * centre_col - c * centre_row;
  return resample(image, image.height(), image.width(), map, interpolation, Boundary::constant, fill);
}

ImageF translate(ImageView<const float> image, double rows_down, double cols_right,
                 Interpolation interpolation, float fill) {
  require_shift("translate", "rows_down", rows_down, image.height());
  require_shift("translate", "cols_right", cols_right, image.width());
  const AffineMap map{-rows_down, 1.0, 0.0, -cols_right, 0.0, 1.0};
  return resample(image, image.height(), image.width(), map, interpolation, Boundary::constant, fill);
}

ImageF scale_about_centre(ImageView<const float> image, double factor, Interpolation interpolation,
                          float fill) {
  // Beyond [1e-3, 1e3] the output is a single interpolated pixel value or constant fill.
  if (!std::isfinite(factor) || factor < 1e-3 || factor > 1e3) {
    throw_invalid_argument("scale_about_centre", "factor", factor, "a number in [1e-3, 1e3]",
                           "pass a positive scale factor (1 keeps the image)");
  }
  const double centre_row = (static_cast<double>(image.height()) - 1.0) / 2.0;
  const double centre_col = (static_cast<double>(image.width()) - 1.0) / 2.0;
  const double inverse = 1.0 / factor;
  const AffineMap map{centre_row * (1.0 - inverse), inverse, 0.0, centre_col * (1.0 - inverse), 0.0,
                      inverse};
  return resample(image, image.height(), image.width(), map, interpolation, Boundary::constant, fill);
}

ImageF resize(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols,
              Interpolation interpolation) {
  if (rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format(
        "resize: output size {}x{} is invalid, expected at least 1x1; pass positive rows and cols",
        rows, cols));
  }
  if (image.empty()) {
    throw InvalidArgument("resize: input image is empty, expected at least 1x1 pixels; pass a non-empty image");
  }
  // Pixel areas are aligned: output pixel i covers input rows [i, i + 1) * in / out,
  // so its centre maps to (i + 1/2) * in / out - 1/2.
  const double row_step = static_cast<double>(image.height()) / static_cast<double>(rows);
  const double col_step = static_cast<double>(image.width()) / static_cast<double>(cols);
  const AffineMap map{0.5 * row_step - 0.5, row_step, 0.0, 0.5 * col_step - 0.5, 0.0, col_step};
  return resample(image, rows, cols, map, interpolation, Boundary::clamp, 0.0f);
}

ImageF box_downsample(ImageView<const float> image, int factor) {
  if (factor < 1) {
    throw_invalid_argument("box_downsample", "factor", factor, "an integer >= 1",
                           "pass a positive block size");
  }
  const std::ptrdiff_t rows = image.height() / factor;
  const std::ptrdiff_t cols = image.width() / factor;
  if (rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format(
        "box_downsample: factor {} is larger than the image ({}x{}); pass a factor of at most {}",
        factor, image.height(), image.width(), std::min(image.height(), image.width())));
  }
  ImageF result(rows, cols);
  const double inverse_area = 1.0 / (static_cast<double>(factor) * factor);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (int a = 0; a < factor; ++a) {
        const float* source = image.row(i * factor + a) + j * factor;
        for (int b = 0; b < factor; ++b) sum += source[b];
      }
      result(i, j) = static_cast<float>(sum * inverse_area);
    }
  }
  return result;
}

ImageF crop_centre_square(ImageView<const float> image) {
  const std::ptrdiff_t side = std::min(image.height(), image.width());
  const std::ptrdiff_t top = (image.height() - side) / 2;
  const std::ptrdiff_t left = (image.width() - side) / 2;
  ImageF result(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    const float* source = image.row(top + i) + left;
    std::copy(source, source + side, result.plane().row(i));
  }
  return result;
}

Interpolation parse_interpolation(std::string_view text) {
  if (text == "nearest") return Interpolation::nearest;
  if (text == "bilinear" || text == "linear") return Interpolation::bilinear;
  if (text == "bicubic" || text == "cubic") return Interpolation::bicubic;
  throw InvalidArgument(fmt::format(
      "interpolation: '{}' is unknown, expected one of nearest, bilinear, bicubic", text));
}

}  // namespace erlangen
