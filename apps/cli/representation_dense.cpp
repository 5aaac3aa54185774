// Dense representation for `erlangen invariance --representation dense`: local moment
// magnitude maps, compared at corresponding pixels after moving positions through the transform.
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>

#include <fmt/format.h>

#include "erlangen/dense/local_moments.hpp"
#include "erlangen/moments/features.hpp"
#include "representation.hpp"

namespace erlangen::cli {
namespace {

// Window sides of the dense representation and the spacing of the compared positions.
constexpr int kSmallScale = 16;
constexpr int kLargeScale = 32;
constexpr std::ptrdiff_t kStride = 4;

struct DenseGeometry {
  std::ptrdiff_t side = 0;          // image side
  std::ptrdiff_t map_rows = 0;      // rows of each magnitude map
  std::ptrdiff_t map_cols = 0;
  std::ptrdiff_t channels = 0;
  double centre_offset = 0.0;       // image position of map pixel 0: (S_max - 1) / 2
};

// Image position (row, col) of the patch centre of map pixel (a, b).
double map_to_image(std::ptrdiff_t index, const DenseGeometry& geometry) {
  return static_cast<double>(index * kStride) + geometry.centre_offset;
}

// Position in the original image f whose content the transform moves to (row, col) of D f.
// Positions are in pixels, rotations turn about the image centre c = (side - 1) / 2, and angles
// count counter-clockwise on screen, as in core/transform.hpp.
bool source_position(const moments::TransformStep& step, double side, double row, double col,
                     double& source_row, double& source_col) {
  const double centre = (side - 1.0) / 2.0;
  const double dy = row - centre;
  const double dx = col - centre;
  switch (step.kind) {
    case moments::TransformKind::rotate:
    case moments::TransformKind::rotate90: {
      const double degrees = step.kind == moments::TransformKind::rotate ? step.value : 90.0 * step.value;
      // Inverse rotation (clockwise by phi on screen) in coordinates with y up.
      const double phi = degrees * std::numbers::pi / 180.0;
      const double x = dx;
      const double y = -dy;
      const double source_x = x * std::cos(phi) + y * std::sin(phi);
      const double source_y = -x * std::sin(phi) + y * std::cos(phi);
      source_row = centre - source_y;
      source_col = centre + source_x;
      return true;
    }
    case moments::TransformKind::flip_left_right:
      source_row = row;
      source_col = side - 1.0 - col;
      return true;
    case moments::TransformKind::flip_up_down:
      source_row = side - 1.0 - row;
      source_col = col;
      return true;
    case moments::TransformKind::translate:
      source_row = row - step.value2;
      source_col = col - step.value;
      return true;
    case moments::TransformKind::scale:
      source_row = centre + dy / step.value;
      source_col = centre + dx / step.value;
      return true;
  }
  return false;
}

// True when the window of side kLargeScale centred at (row, col) lies inside the disk that the
// invariance measurement keeps (radius side / 2 about the centre), with one pixel to spare for
// interpolation.
bool window_inside_disk(double side, double row, double col) {
  const double centre = (side - 1.0) / 2.0;
  const double reach = kLargeScale / std::numbers::sqrt2 + 1.0;
  return std::hypot(row - centre, col - centre) + reach <= side / 2.0;
}

// Samples one map bilinearly at fractional map coordinates, and returns NaN outside the map.
double sample_map(const std::vector<double>& values, std::size_t offset, const DenseGeometry& geometry,
                  double map_row, double map_col) {
  // Exact positions (integer shifts, quarter turns, flips) are read without interpolation.
  const double rounded_row = std::round(map_row);
  const double rounded_col = std::round(map_col);
  if (std::abs(map_row - rounded_row) < 1e-9) map_row = rounded_row;
  if (std::abs(map_col - rounded_col) < 1e-9) map_col = rounded_col;
  if (map_row < 0.0 || map_col < 0.0 || map_row > static_cast<double>(geometry.map_rows - 1) ||
      map_col > static_cast<double>(geometry.map_cols - 1)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const auto row0 = static_cast<std::ptrdiff_t>(std::floor(map_row));
  const auto col0 = static_cast<std::ptrdiff_t>(std::floor(map_col));
  const std::ptrdiff_t row1 = std::min(row0 + 1, geometry.map_rows - 1);
  const std::ptrdiff_t col1 = std::min(col0 + 1, geometry.map_cols - 1);
  const double fr = map_row - static_cast<double>(row0);
  const double fc = map_col - static_cast<double>(col0);
  auto at = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
    return values[offset + static_cast<std::size_t>(r * geometry.map_cols + c)];
  };
  const double top = (fc == 0.0) ? at(row0, col0) : (1.0 - fc) * at(row0, col0) + fc * at(row0, col1);
  if (fr == 0.0) return top;
  const double bottom = (fc == 0.0) ? at(row1, col0) : (1.0 - fc) * at(row1, col0) + fc * at(row1, col1);
  return (1.0 - fr) * top + fr * bottom;
}

moments::Representation make_dense(const RepresentationRequest& request) {
  const std::shared_ptr<const basis::Family> family = request.moments.make_family();
  dense::LocalMomentOptions options;
  options.scales = {kSmallScale, kLargeScale};
  options.stride = kStride;
  options.sampling = {basis::parse_integration(request.moments.integration), request.moments.nodes};
  options.geometry = basis::parse_grid(request.moments.grid);
  auto plan = std::make_shared<const dense::LocalMomentPlan>(family, request.side, request.side, options);

  auto geometry = std::make_shared<DenseGeometry>();
  geometry->side = request.side;
  geometry->map_rows = plan->output_rows();
  geometry->map_cols = plan->output_cols();
  geometry->centre_offset = (kLargeScale - 1) / 2.0;

  moments::Representation representation;
  representation.name = fmt::format("{} dense magnitude maps, S = {} and {}, every {}th pixel",
                                    moments::family_label(*family), kSmallScale, kLargeScale, kStride);
  representation.compute = [plan, geometry](ImageView<const float> image) {
    const dense::LabelledPlanes<double> maps = plan->magnitudes<double>(image);
    geometry->channels = maps.planes.channels();
    LabelledFeatures features;
    features.values.assign(maps.planes.values().begin(), maps.planes.values().end());
    features.labels.reserve(features.values.size());
    for (std::ptrdiff_t channel = 0; channel < maps.planes.channels(); ++channel) {
      for (std::ptrdiff_t a = 0; a < maps.planes.height(); ++a) {
        for (std::ptrdiff_t b = 0; b < maps.planes.width(); ++b) {
          FeatureLabel label = maps.labels[static_cast<std::size_t>(channel)];
          label.kind += fmt::format(" at ({:g}, {:g})", map_to_image(a, *geometry), map_to_image(b, *geometry));
          features.labels.push_back(std::move(label));
        }
      }
    }
    return features;
  };
  // R(D f) at map pixel q should equal R(f) at the map position whose patch centre D moves onto
  // the centre of q. Positions whose windows leave the kept disk in either image are left out.
  representation.expected_after = [geometry](const LabelledFeatures& reference, const moments::TransformStep& step) {
    LabelledFeatures expected = reference;
    const double side = static_cast<double>(geometry->side);
    const std::size_t plane = static_cast<std::size_t>(geometry->map_rows * geometry->map_cols);
    for (std::ptrdiff_t channel = 0; channel < geometry->channels; ++channel) {
      const std::size_t offset = static_cast<std::size_t>(channel) * plane;
      for (std::ptrdiff_t a = 0; a < geometry->map_rows; ++a) {
        for (std::ptrdiff_t b = 0; b < geometry->map_cols; ++b) {
          const double row = map_to_image(a, *geometry);
          const double col = map_to_image(b, *geometry);
          double source_row = 0.0;
          double source_col = 0.0;
          double value = std::numeric_limits<double>::quiet_NaN();
          if (source_position(step, side, row, col, source_row, source_col) &&
              window_inside_disk(side, row, col) && window_inside_disk(side, source_row, source_col)) {
            value = sample_map(reference.values, offset, *geometry,
                               (source_row - geometry->centre_offset) / kStride,
                               (source_col - geometry->centre_offset) / kStride);
          }
          expected.values[offset + static_cast<std::size_t>(a * geometry->map_cols + b)] = value;
        }
      }
    }
    return expected;
  };
  return representation;
}

const RepresentationRegistrar dense_maps{
    {"dense",
     "local moment magnitudes |M_nm(p, S)| of the family's default order set at window sides 16 and 32, every "
     "4th pixel, compared at corresponding pixels (positions moved through the transform; positions whose "
     "32-pixel window leaves the inscribed disk are skipped; off-grid positions are interpolated bilinearly)",
     make_dense}};

}  // namespace
}  // namespace erlangen::cli
