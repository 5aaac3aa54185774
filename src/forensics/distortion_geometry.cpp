// Geometric distortions: resampling with named kernels, crops, rotations,
// quarter turns and flips (declared in forensics/distortion.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "distortion_internal.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"

namespace erlangen::forensics {
namespace {

constexpr double kPi = 3.14159265358979323846;

double sinc(double x) {
  if (std::abs(x) < 1e-12) return 1.0;
  return std::sin(kPi * x) / (kPi * x);
}

// Kernel value at distance t (in input pixels at scale 1) and its support radius.
double kernel_weight(ResampleKernel kernel, double t) {
  t = std::abs(t);
  switch (kernel) {
    case ResampleKernel::box:
      return t < 0.5 ? 1.0 : (t == 0.5 ? 0.5 : 0.0);
    case ResampleKernel::bilinear:
      return t < 1.0 ? 1.0 - t : 0.0;
    case ResampleKernel::bicubic: {
      // Keys (1981) cubic convolution with a = -0.5.
      constexpr double a = -0.5;
      if (t < 1.0) return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
      if (t < 2.0) return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
      return 0.0;
    }
    case ResampleKernel::lanczos3:
      return t < 3.0 ? sinc(t) * sinc(t / 3.0) : 0.0;
    case ResampleKernel::nearest:
      break;
  }
  return 0.0;
}

double kernel_radius(ResampleKernel kernel) {
  switch (kernel) {
    case ResampleKernel::box:
      return 0.5;
    case ResampleKernel::bilinear:
      return 1.0;
    case ResampleKernel::bicubic:
      return 2.0;
    case ResampleKernel::lanczos3:
      return 3.0;
    case ResampleKernel::nearest:
      break;
  }
  return 0.5;
}

// Sparse weights of one output sample along an axis: input indices [first, first + count).
struct Taps {
  std::ptrdiff_t first = 0;
  std::vector<double> weights;
};

// Weights mapping `in` samples to `out` samples with aligned pixel areas: output
// sample i covers input [i, i + 1) * in / out, so its centre sits at
// (i + 1/2) * in / out - 1/2. When shrinking, the kernel is stretched by in / out.
// Indices outside [0, in) are folded onto the nearest edge sample.
std::vector<Taps> axis_taps(std::ptrdiff_t in, std::ptrdiff_t out, ResampleKernel kernel) {
  std::vector<Taps> taps(static_cast<std::size_t>(out));
  const double scale = static_cast<double>(in) / static_cast<double>(out);
  for (std::ptrdiff_t i = 0; i < out; ++i) {
    Taps& tap = taps[static_cast<std::size_t>(i)];
    const double centre = (static_cast<double>(i) + 0.5) * scale - 0.5;
    if (kernel == ResampleKernel::nearest) {
      const auto index = static_cast<std::ptrdiff_t>(std::floor((static_cast<double>(i) + 0.5) * scale));
      tap.first = std::clamp<std::ptrdiff_t>(index, 0, in - 1);
      tap.weights = {1.0};
      continue;
    }
    const double stretch = std::max(scale, 1.0);
    const double radius = kernel_radius(kernel) * stretch;
    const auto low = static_cast<std::ptrdiff_t>(std::ceil(centre - radius));
    const auto high = static_cast<std::ptrdiff_t>(std::floor(centre + radius));
    std::vector<double> folded(static_cast<std::size_t>(in), 0.0);
    std::ptrdiff_t first = in;
    std::ptrdiff_t last = -1;
    double total = 0.0;
    for (std::ptrdiff_t j = low; j <= high; ++j) {
      const double weight = kernel_weight(kernel, (static_cast<double>(j) - centre) / stretch);
      if (weight == 0.0) continue;
      const std::ptrdiff_t index = std::clamp<std::ptrdiff_t>(j, 0, in - 1);
      folded[static_cast<std::size_t>(index)] += weight;
      first = std::min(first, index);
      last = std::max(last, index);
      total += weight;
    }
    if (last < first || total == 0.0) {
      // Only possible for a box kernel whose window misses every sample centre.
      tap.first = std::clamp<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(std::lround(centre)), 0, in - 1);
      tap.weights = {1.0};
      continue;
    }
    tap.first = first;
    tap.weights.assign(folded.begin() + first, folded.begin() + last + 1);
    for (double& weight : tap.weights) weight /= total;
  }
  return taps;
}

ImageF crop_fraction(const ImageF& image, double removed, double anchor_row, double anchor_col) {
  const double keep = 1.0 - removed;
  const std::ptrdiff_t rows = std::max<std::ptrdiff_t>(1, std::lround(keep * static_cast<double>(image.height())));
  const std::ptrdiff_t cols = std::max<std::ptrdiff_t>(1, std::lround(keep * static_cast<double>(image.width())));
  // anchor in [0, 1]: 0 puts the window at the top (left), 1 at the bottom (right).
  const auto top = static_cast<std::ptrdiff_t>(std::floor(anchor_row * static_cast<double>(image.height() - rows)));
  const auto left = static_cast<std::ptrdiff_t>(std::floor(anchor_col * static_cast<double>(image.width() - cols)));
  return crop_window(image, top, left, rows, cols);
}

template <typename PlaneFunction>
ImageF per_plane(const ImageF& image, PlaneFunction&& function) {
  std::vector<ImageF> planes;
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) planes.push_back(function(image.plane(c)));
  ImageF result(planes[0].height(), planes[0].width(), image.channels());
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    std::copy(planes[static_cast<std::size_t>(c)].values().begin(), planes[static_cast<std::size_t>(c)].values().end(),
              result.values().begin() + c * result.plane_size());
  }
  return result;
}

Interpolation interpolation_of(ResampleKernel kernel) {
  if (kernel == ResampleKernel::nearest) return Interpolation::nearest;
  if (kernel == ResampleKernel::bilinear) return Interpolation::bilinear;
  return Interpolation::bicubic;
}

ImageF rotate_same_size(const ImageF& image, double degrees, ResampleKernel kernel) {
  return per_plane(image, [&](ImageView<const float> plane) {
    return erlangen::rotate(plane, degrees, interpolation_of(kernel), 0.0f);
  });
}

// Places the image in the centre of a rows x cols canvas of zeros. The margins
// must be even, so that the centre of the canvas is the centre of the image.
ImageF pad_centred(const ImageF& image, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF result(rows, cols, image.channels(), 0.0f);
  const std::ptrdiff_t top = (rows - image.height()) / 2;
  const std::ptrdiff_t left = (cols - image.width()) / 2;
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
      const float* source = image.plane(c).row(i);
      std::copy(source, source + image.width(), result.plane(c).row(top + i) + left);
    }
  }
  return result;
}

// Smallest size >= needed whose difference to `side` is even.
std::ptrdiff_t canvas_side(double needed, std::ptrdiff_t side) {
  auto result = std::max<std::ptrdiff_t>(side, static_cast<std::ptrdiff_t>(std::ceil(needed - 1e-9)));
  if ((result - side) % 2 != 0) ++result;
  return result;
}

}  // namespace

ImageF resample(const ImageF& image, std::ptrdiff_t rows, std::ptrdiff_t cols, ResampleKernel kernel) {
  if (image.empty() || rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format("resample: sizes {}x{} -> {}x{} are invalid, expected at least 1x1 on both "
                                      "sides; pass a non-empty image and a positive size",
                                      image.height(), image.width(), rows, cols));
  }
  const std::vector<Taps> row_taps = axis_taps(image.height(), rows, kernel);
  const std::vector<Taps> col_taps = axis_taps(image.width(), cols, kernel);
  ImageF result(rows, cols, image.channels());
  std::vector<double> horizontal(static_cast<std::size_t>(image.height() * cols));
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    const ImageView<const float> source = image.plane(c);
    // Columns first: image.height() x cols intermediate rows in double.
    for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
      const float* input = source.row(i);
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        const Taps& tap = col_taps[static_cast<std::size_t>(j)];
        double sum = 0.0;
        for (std::size_t k = 0; k < tap.weights.size(); ++k) sum += tap.weights[k] * input[tap.first + static_cast<std::ptrdiff_t>(k)];
        horizontal[static_cast<std::size_t>(i * cols + j)] = sum;
      }
    }
    const ImageView<float> target = result.plane(c);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const Taps& tap = row_taps[static_cast<std::size_t>(i)];
      float* output = target.row(i);
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        double sum = 0.0;
        for (std::size_t k = 0; k < tap.weights.size(); ++k) {
          sum += tap.weights[k] * horizontal[static_cast<std::size_t>((tap.first + static_cast<std::ptrdiff_t>(k)) * cols + j)];
        }
        output[j] = static_cast<float>(sum);
      }
    }
  }
  return result;
}

ImageF crop_window(const ImageF& image, std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t rows,
                   std::ptrdiff_t cols) {
  if (rows < 1 || cols < 1 || top < 0 || left < 0 || top + rows > image.height() || left + cols > image.width()) {
    throw InvalidArgument(fmt::format("crop: window {}x{} at ({}, {}) is invalid, expected a non-empty window "
                                      "inside the {}x{} image; pass a smaller window",
                                      rows, cols, top, left, image.height(), image.width()));
  }
  ImageF result(rows, cols, image.channels());
  for (std::ptrdiff_t c = 0; c < image.channels(); ++c) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const float* source = image.plane(c).row(top + i) + left;
      std::copy(source, source + cols, result.plane(c).row(i));
    }
  }
  return result;
}

std::pair<double, double> inscribed_rectangle(double rows, double cols, double degrees) {
  // A centred axis-aligned rectangle with half sides (x, y) lies inside the
  // rotated rectangle with half sides (W, H) = (cols / 2, rows / 2) when its
  // corners satisfy c x + s y <= W and s x + c y <= H, with c = |cos|, s = |sin|,
  // and inside the unrotated canvas when x <= W and y <= H. The area 4 x y is
  // largest either where one constraint alone binds (its optimum splits it
  // equally between the two terms, x = r / (2a), y = r / (2b)) or at a vertex
  // where two constraints meet. The best feasible candidate wins.
  const double radians = degrees * kPi / 180.0;
  const double c = std::abs(std::cos(radians));
  const double s = std::abs(std::sin(radians));
  const double half_width = cols / 2.0;
  const double half_height = rows / 2.0;
  struct Constraint {
    double a, b, r;  // a x + b y <= r
  };
  const std::array<Constraint, 4> constraints = {{
      {c, s, half_width}, {s, c, half_height}, {1.0, 0.0, half_width}, {0.0, 1.0, half_height}}};
  auto feasible = [&](double x, double y) {
    if (!(x >= 0.0 && y >= 0.0)) return false;
    for (const Constraint& k : constraints) {
      if (k.a * x + k.b * y > k.r * (1.0 + 1e-12) + 1e-12) return false;
    }
    return true;
  };
  double best_x = 0.0;
  double best_y = 0.0;
  auto consider = [&](double x, double y) {
    if (feasible(x, y) && x * y > best_x * best_y) {
      best_x = x;
      best_y = y;
    }
  };
  constexpr double tiny = 1e-12;
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    const Constraint& k = constraints[i];
    if (k.a > tiny && k.b > tiny) consider(k.r / (2.0 * k.a), k.r / (2.0 * k.b));
    for (std::size_t j = i + 1; j < constraints.size(); ++j) {
      const Constraint& m = constraints[j];
      const double determinant = k.a * m.b - k.b * m.a;
      if (std::abs(determinant) < tiny) continue;
      consider((k.r * m.b - k.b * m.r) / determinant, (k.a * m.r - k.r * m.a) / determinant);
    }
  }
  return {2.0 * best_y, 2.0 * best_x};
}

namespace detail {

ImageF apply_geometry(const ImageF& image, const Distortion& distortion, std::uint64_t seed) {
  const double value = distortion.value;
  ImageF result;
  switch (distortion.op) {
    case DistortionOp::resize: {
      const auto rows = std::max<std::ptrdiff_t>(1, std::lround(value * static_cast<double>(image.height())));
      const auto cols = std::max<std::ptrdiff_t>(1, std::lround(value * static_cast<double>(image.width())));
      result = resample(image, rows, cols, distortion.kernel);
      break;
    }
    case DistortionOp::crop:
      result = crop_fraction(image, value, 0.5, 0.5);
      break;
    case DistortionOp::crop_random: {
      Random random(seed);
      const double anchor_row = random.uniform();
      const double anchor_col = random.uniform();
      result = crop_fraction(image, value, anchor_row, anchor_col);
      break;
    }
    case DistortionOp::crop_area:
      result = crop_fraction(image, 1.0 - std::sqrt(value), 0.5, 0.5);
      break;
    case DistortionOp::crop_corner:
      result = crop_fraction(image, value, 1.0, 1.0);
      break;
    case DistortionOp::rotate:
      result = rotate_same_size(image, value, distortion.kernel);
      break;
    case DistortionOp::rotate_crop: {
      const ImageF rotated = rotate_same_size(image, value, distortion.kernel);
      const auto [inner_rows, inner_cols] = inscribed_rectangle(static_cast<double>(image.height()),
                                                                static_cast<double>(image.width()), value);
      // The window keeps the parity of the image side, so it stays centred on the
      // rotation centre, and is shrunk by one pixel on each side to stay clear of the
      // interpolated fill at the border.
      auto inner = [](double extent, std::ptrdiff_t side) {
        auto size = static_cast<std::ptrdiff_t>(std::floor(extent)) - 2;
        if ((side - size) % 2 != 0) --size;
        return std::clamp<std::ptrdiff_t>(size, 1, side);
      };
      const std::ptrdiff_t rows = inner(inner_rows, image.height());
      const std::ptrdiff_t cols = inner(inner_cols, image.width());
      result = crop_window(rotated, (image.height() - rows) / 2, (image.width() - cols) / 2, rows, cols);
      break;
    }
    case DistortionOp::rotate_expand: {
      const double radians = value * kPi / 180.0;
      const double c = std::abs(std::cos(radians));
      const double s = std::abs(std::sin(radians));
      const auto h = static_cast<double>(image.height());
      const auto w = static_cast<double>(image.width());
      // The canvas is the bounding box of the rotated image. Padding with the
      // fill value first and then rotating equals rotating into the larger canvas.
      const std::ptrdiff_t rows = canvas_side(h * c + w * s, image.height());
      const std::ptrdiff_t cols = canvas_side(w * c + h * s, image.width());
      result = rotate_same_size(pad_centred(image, rows, cols), value, distortion.kernel);
      // The canvas is at least as large as the input, so when the bounding box is
      // narrower along one axis (quarter turns of non-square images), it is cut
      // down to the box, keeping even margins.
      auto fitted = [](double needed, std::ptrdiff_t canvas) {
        auto size = static_cast<std::ptrdiff_t>(std::ceil(needed - 1e-9));
        if ((canvas - size) % 2 != 0) ++size;
        return std::clamp<std::ptrdiff_t>(size, 1, canvas);
      };
      const std::ptrdiff_t box_rows = fitted(h * c + w * s, rows);
      const std::ptrdiff_t box_cols = fitted(w * c + h * s, cols);
      result = crop_window(result, (rows - box_rows) / 2, (cols - box_cols) / 2, box_rows, box_cols);
      break;
    }
    case DistortionOp::rot90:
    case DistortionOp::rot180:
    case DistortionOp::rot270: {
      const int turns = distortion.op == DistortionOp::rot90 ? 1 : (distortion.op == DistortionOp::rot180 ? 2 : 3);
      result = per_plane(image, [&](ImageView<const float> plane) { return rotate90(plane, turns); });
      break;
    }
    case DistortionOp::flip_h:
      result = per_plane(image, [](ImageView<const float> plane) { return flip_left_right(plane); });
      break;
    case DistortionOp::flip_v:
      result = per_plane(image, [](ImageView<const float> plane) { return flip_up_down(plane); });
      break;
    default:
      ERLANGEN_ASSERT(false);
      return image;
  }
  if (distortion.back && (result.height() != image.height() || result.width() != image.width())) {
    result = resample(result, image.height(), image.width(), distortion.kernel);
  }
  return result;
}

}  // namespace detail
}  // namespace erlangen::forensics
