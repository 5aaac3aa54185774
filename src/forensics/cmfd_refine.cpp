// Boundary refinement of copy-move regions by pixel correspondence (see CmfdRefineOptions).
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include <Eigen/Dense>

#include "erlangen/core/error.hpp"
#include "cmfd_internal.hpp"

namespace erlangen::forensics {
namespace {

// Bilinear grey value at (x, y) = (column, row); false outside the image.
bool sample(ImageView<const float> grey, double x, double y, double& value) {
  if (!(x >= 0.0 && y >= 0.0 && x <= static_cast<double>(grey.width() - 1) &&
        y <= static_cast<double>(grey.height() - 1))) {
    return false;
  }
  const auto c0 = static_cast<std::ptrdiff_t>(std::floor(x));
  const auto r0 = static_cast<std::ptrdiff_t>(std::floor(y));
  const std::ptrdiff_t c1 = std::min(c0 + 1, grey.width() - 1);
  const std::ptrdiff_t r1 = std::min(r0 + 1, grey.height() - 1);
  const double fx = x - static_cast<double>(c0);
  const double fy = y - static_cast<double>(r0);
  const double top = (1.0 - fx) * grey(r0, c0) + fx * grey(r0, c1);
  const double bottom = (1.0 - fx) * grey(r1, c0) + fx * grey(r1, c1);
  value = (1.0 - fy) * top + fy * bottom;
  return true;
}

// Agreement of the patch around (row, col) with its image under the affine map.
struct PatchAgreement {
  double difference = -1.0;  // RMS difference, -1 when part of either patch leaves the image
  double contrast = 0.0;     // standard deviation of the patch around (row, col)
};

PatchAgreement patch_agreement(ImageView<const float> grey, std::ptrdiff_t row, std::ptrdiff_t col,
                               const AffineEstimate& map, int radius) {
  const auto& a = map.matrix;
  PatchAgreement agreement;
  double squares = 0.0;
  double sum = 0.0;
  double sum_squares = 0.0;
  int count = 0;
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      const std::ptrdiff_t r = row + dy;
      const std::ptrdiff_t c = col + dx;
      if (r < 0 || r >= grey.height() || c < 0 || c >= grey.width()) return agreement;
      const auto x = static_cast<double>(c);
      const auto y = static_cast<double>(r);
      double mapped = 0.0;
      if (!sample(grey, a[0] * x + a[1] * y + map.translation[0], a[2] * x + a[3] * y + map.translation[1], mapped)) {
        return agreement;
      }
      const double value = grey(r, c);
      const double difference = value - mapped;
      squares += difference * difference;
      sum += value;
      sum_squares += value * value;
      ++count;
    }
  }
  const double mean = sum / count;
  agreement.difference = std::sqrt(squares / count);
  agreement.contrast = std::sqrt(std::max(0.0, sum_squares / count - mean * mean));
  return agreement;
}

// Breadth-first growth from `seeds` (flat indices) through unlabelled 8-neighbours that
// agrees(row, col) accepts, at most `limit` steps. Every pixel is tested once, so a rejected pixel
// is not tested again from another side. Accepted pixels are set in `grown` and returned.
template <typename Agrees>
std::vector<std::ptrdiff_t> grow_front(const Image<std::int32_t>& labels, const std::vector<std::ptrdiff_t>& seeds,
                                       int limit, Image<std::uint8_t>& grown, const Agrees& agrees) {
  const std::ptrdiff_t rows = labels.height();
  const std::ptrdiff_t cols = labels.width();
  Image<std::int32_t> steps(rows, cols, 1, -1);
  for (const std::ptrdiff_t p : seeds) steps(p / cols, p % cols) = 0;
  std::deque<std::ptrdiff_t> queue(seeds.begin(), seeds.end());
  std::vector<std::ptrdiff_t> accepted;
  while (!queue.empty()) {
    const std::ptrdiff_t p = queue.front();
    queue.pop_front();
    const std::ptrdiff_t pr = p / cols;
    const std::ptrdiff_t pc = p % cols;
    const std::int32_t next = steps(pr, pc) + 1;
    if (next > limit) continue;
    for (std::ptrdiff_t nr = std::max<std::ptrdiff_t>(pr - 1, 0); nr <= std::min(pr + 1, rows - 1); ++nr) {
      for (std::ptrdiff_t nc = std::max<std::ptrdiff_t>(pc - 1, 0); nc <= std::min(pc + 1, cols - 1); ++nc) {
        if (steps(nr, nc) >= 0 || labels(nr, nc) != 0) continue;
        steps(nr, nc) = next;
        if (!agrees(nr, nc)) continue;
        grown(nr, nc) = 1;
        accepted.push_back(nr * cols + nc);
        queue.push_back(nr * cols + nc);
      }
    }
  }
  return accepted;
}

// Bilinear grey value and its gradient (d/dx, d/dy) at (x, y). Returns false unless (x, y) and
// the four points half a pixel away lie inside the image. The gradient is the central difference of bilinear
// samples half a pixel apart.
bool sample_with_gradient(ImageView<const float> grey, double x, double y, double& value, double& gx, double& gy) {
  double left = 0.0;
  double right = 0.0;
  double up = 0.0;
  double down = 0.0;
  if (!sample(grey, x, y, value) || !sample(grey, x - 0.5, y, left) || !sample(grey, x + 0.5, y, right) ||
      !sample(grey, x, y - 0.5, up) || !sample(grey, x, y + 0.5, down)) {
    return false;
  }
  gx = right - left;
  gy = down - up;
  return true;
}

}  // namespace

AffineEstimate refine_affine_photometric(ImageView<const float> grey, const std::vector<std::ptrdiff_t>& pixels,
                                         const AffineEstimate& initial, int iterations) {
  // Gauss-Newton on E(A, t) = sum_p (I(p) - I(A p + t))^2 over the region pixels p, parameters
  // (a00, a01, a10, a11, t_x, t_y). Coordinates are centred on the region so that the normal
  // matrix is well conditioned. The worst 20 % of the residuals are left out of each step, so
  // pixels at the border of the copy do not pull the map.
  using Vector6 = Eigen::Matrix<double, 6, 1>;
  using Matrix6 = Eigen::Matrix<double, 6, 6>;
  const std::ptrdiff_t cols = grey.width();
  if (pixels.size() < 16) return initial;
  double centre_x = 0.0;
  double centre_y = 0.0;
  for (const std::ptrdiff_t p : pixels) {
    centre_x += static_cast<double>(p % cols);
    centre_y += static_cast<double>(p / cols);
  }
  centre_x /= static_cast<double>(pixels.size());
  centre_y /= static_cast<double>(pixels.size());
  // Map in centred form: q = A (p - c) + u with u = A c + t.
  const auto& a0 = initial.matrix;
  Vector6 start;
  start << a0[0], a0[1], a0[2], a0[3], a0[0] * centre_x + a0[1] * centre_y + initial.translation[0],
      a0[2] * centre_x + a0[3] * centre_y + initial.translation[1];

  // Residual I(p) - I(q) and its gradient with respect to the parameters at one pixel; false
  // when q leaves the image.
  auto term = [&](const Vector6& parameters, std::ptrdiff_t p, double& residual, Vector6* jacobian) {
    const double x = static_cast<double>(p % cols) - centre_x;
    const double y = static_cast<double>(p / cols) - centre_y;
    double value = 0.0;
    double gx = 0.0;
    double gy = 0.0;
    if (!sample_with_gradient(grey, parameters[0] * x + parameters[1] * y + parameters[4],
                              parameters[2] * x + parameters[3] * y + parameters[5], value, gx, gy)) {
      return false;
    }
    residual = grey(p / cols, p % cols) - value;
    if (jacobian != nullptr) *jacobian << gx * x, gx * y, gy * x, gy * y, gx, gy;
    return true;
  };
  // Trimmed energy: the mean squared residual below the 80th percentile of |residual|, which is
  // returned in `cut`. Only the residuals are stored, 4 bytes per pixel.
  std::vector<float> magnitudes;
  magnitudes.reserve(pixels.size());
  auto energy_of = [&](const Vector6& parameters, double& cut) {
    magnitudes.clear();
    double residual = 0.0;
    for (const std::ptrdiff_t p : pixels) {
      if (term(parameters, p, residual, nullptr)) magnitudes.push_back(static_cast<float>(std::abs(residual)));
    }
    if (magnitudes.size() < 16) return std::numeric_limits<double>::infinity();
    const auto percentile_index = static_cast<std::ptrdiff_t>(0.8 * static_cast<double>(magnitudes.size() - 1));
    std::nth_element(magnitudes.begin(), magnitudes.begin() + percentile_index, magnitudes.end());
    cut = magnitudes[static_cast<std::size_t>(percentile_index)];
    double sum = 0.0;
    std::ptrdiff_t count = 0;
    for (const float magnitude : magnitudes) {
      if (magnitude > cut) continue;
      sum += static_cast<double>(magnitude) * magnitude;
      ++count;
    }
    return sum / static_cast<double>(count);
  };
  // A map that moves some region pixel more than 2 px from where `initial` puts it has left the
  // basin of the matches and is not trusted.
  auto near_start = [&](const Vector6& parameters) {
    const Vector6 change = parameters - start;
    for (const std::ptrdiff_t p : pixels) {
      const double x = static_cast<double>(p % cols) - centre_x;
      const double y = static_cast<double>(p / cols) - centre_y;
      const double dx = change[0] * x + change[1] * y + change[4];
      const double dy = change[2] * x + change[3] * y + change[5];
      if (dx * dx + dy * dy > 4.0) return false;
    }
    return true;
  };

  Vector6 theta = start;
  double cut = 0.0;
  double energy = energy_of(theta, cut);
  const double initial_energy = energy;
  for (int iteration = 0; iteration < iterations && std::isfinite(energy); ++iteration) {
    Matrix6 normal = Matrix6::Zero();
    Vector6 right = Vector6::Zero();
    double residual = 0.0;
    Vector6 jacobian;
    for (const std::ptrdiff_t p : pixels) {
      if (!term(theta, p, residual, &jacobian) || std::abs(residual) > cut) continue;
      normal += jacobian * jacobian.transpose();
      right += jacobian * residual;
    }
    const Eigen::LDLT<Matrix6> solver(normal);
    if (solver.info() != Eigen::Success) break;
    Vector6 step = solver.solve(right);
    if (!step.allFinite()) break;
    // Halve an overshooting step up to 4 times before giving up.
    bool improved = false;
    for (int halving = 0; halving <= 4 && !improved; ++halving, step *= 0.5) {
      const Vector6 candidate = theta + step;
      if (!near_start(candidate)) continue;
      double candidate_cut = 0.0;
      const double candidate_energy = energy_of(candidate, candidate_cut);
      if (candidate_energy < energy) {
        theta = candidate;
        energy = candidate_energy;
        cut = candidate_cut;
        improved = true;
      }
    }
    if (!improved) break;
  }
  if (!(energy < initial_energy)) return initial;

  // Back to q = A p + t. Only the matrix and the translation are refined. rotation_degrees, scale
  // and mirrored follow from the matrix, and rms_residual stays that of the fit to the matches.
  AffineEstimate refined = initial;
  refined.matrix = {theta[0], theta[1], theta[2], theta[3]};
  refined.translation = {theta[4] - theta[0] * centre_x - theta[1] * centre_y,
                         theta[5] - theta[2] * centre_x - theta[3] * centre_y};
  describe_matrix(refined);
  return refined;
}

void validate_refine_options(const CmfdRefineOptions& options) {
  const char* operation = "copy-move refinement";
  if (options.max_growth < 0 || options.max_growth > 128) {
    throw_invalid_argument(operation, "max_growth", options.max_growth, "an integer in [0, 128] pixels",
                           "use 16, half the largest dir window");
  }
  if (options.patch_radius < 0 || options.patch_radius > 8) {
    throw_invalid_argument(operation, "patch_radius", options.patch_radius, "an integer in [0, 8]", "use 2 (5x5 patches)");
  }
  if (options.edge_band < 0 || options.edge_band > 16) {
    throw_invalid_argument(operation, "edge_band", options.edge_band, "an integer in [0, 16] pixels",
                           "use the patch radius");
  }
  if (!(options.tolerance_factor >= 0.0)) {
    throw_invalid_argument(operation, "tolerance_factor", options.tolerance_factor, "a value >= 0", "use 2");
  }
  if (!(options.min_tolerance >= 0.0)) {
    throw_invalid_argument(operation, "min_tolerance", options.min_tolerance, "an RMS grey difference >= 0",
                           "use 0.02");
  }
  if (options.min_matches < 3) {
    throw_invalid_argument(operation, "min_matches", options.min_matches, "an integer >= 3",
                           "use 50; an affine fit needs at least 3 matches");
  }
  if (!(options.faithful_ratio >= 0.0 && options.faithful_ratio <= 1.0)) {
    throw_invalid_argument(operation, "faithful_ratio", options.faithful_ratio, "a ratio in [0, 1]",
                           "use 0.5, or 0 to keep flat patches out of the growth");
  }
  if (!(options.noise_floor > 0.0 && options.noise_floor <= 0.1)) {
    throw_invalid_argument(operation, "noise_floor", options.noise_floor, "a grey deviation in (0, 0.1]",
                           "use 0.002, half an 8-bit grey level; set faithful_ratio to 0 to keep flat patches out");
  }
  if (options.photometric_iterations < 0 || options.photometric_iterations > 100) {
    throw_invalid_argument(operation, "photometric_iterations", options.photometric_iterations,
                           "an integer in [0, 100]", "use 10, or 0 to keep the fit to the matches");
  }
  if (!(options.max_residual >= 0.0)) {
    throw_invalid_argument(operation, "max_residual", options.max_residual, "a length >= 0 pixels", "use 3");
  }
}

Image<std::uint8_t> grow_by_correspondence(ImageView<const float> grey, const Image<std::int32_t>& labels,
                                           const std::vector<RegionMap>& maps, const CmfdRefineOptions& options) {
  const std::ptrdiff_t rows = grey.height();
  const std::ptrdiff_t cols = grey.width();
  Image<std::uint8_t> grown(rows, cols);
  for (const RegionMap& map : maps) {
    // The tolerance comes from the differences inside the region, where the copy is known.
    std::vector<double> inside;
    std::vector<std::ptrdiff_t> front;
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      for (std::ptrdiff_t c = 0; c < cols; ++c) {
        if (labels(r, c) != map.label) continue;
        front.push_back(r * cols + c);
        const PatchAgreement agreement = patch_agreement(grey, r, c, map.transform, options.patch_radius);
        if (agreement.difference >= 0.0) inside.push_back(agreement.difference);
      }
    }
    if (inside.empty()) continue;
    const auto percentile = static_cast<std::ptrdiff_t>(0.9 * static_cast<double>(inside.size() - 1));
    std::nth_element(inside.begin(), inside.begin() + percentile, inside.end());
    const double tolerance = std::max(options.min_tolerance, options.tolerance_factor * inside[static_cast<std::size_t>(percentile)]);

    // Patch growth, 8-connected, so the reach is a square of max_growth around each region pixel.
    // A patch flatter than half the tolerance agrees with any flat patch, so it must reproduce
    // its own noise to count.
    const std::vector<std::ptrdiff_t> accepted =
        grow_front(labels, front, options.max_growth, grown, [&](std::ptrdiff_t row, std::ptrdiff_t col) {
          const PatchAgreement agreement = patch_agreement(grey, row, col, map.transform, options.patch_radius);
          if (!(agreement.difference >= 0.0 && agreement.difference <= tolerance)) return false;
          if (agreement.contrast >= 0.5 * tolerance) return true;
          return agreement.contrast >= options.noise_floor &&
                 agreement.difference < options.faithful_ratio * agreement.contrast;
        });

    // Edge band: a patch that straddles the border of the copy never agrees, so the last
    // patch_radius pixels inside the copy are tested one by one, up to edge_band steps beyond the
    // region grown so far.
    if (options.edge_band > 0) {
      std::vector<std::ptrdiff_t> seeds = front;
      seeds.insert(seeds.end(), accepted.begin(), accepted.end());
      const auto& a = map.transform.matrix;
      grow_front(labels, seeds, options.edge_band, grown, [&](std::ptrdiff_t row, std::ptrdiff_t col) {
        const auto x = static_cast<double>(col);
        const auto y = static_cast<double>(row);
        double mapped = 0.0;
        return sample(grey, a[0] * x + a[1] * y + map.transform.translation[0],
                      a[2] * x + a[3] * y + map.transform.translation[1], mapped) &&
               std::abs(grey(row, col) - mapped) <= tolerance;
      });
    }
  }
  return grown;
}

}  // namespace erlangen::forensics
