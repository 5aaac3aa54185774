// Boundary refinement of copy-move regions by pixel correspondence (see CmfdRefineOptions).
#include <algorithm>
#include <cmath>
#include <deque>

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

}  // namespace

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
    // A patch flatter than half the tolerance agrees with any flat patch, so it is no evidence.
    const std::vector<std::ptrdiff_t> accepted =
        grow_front(labels, front, options.max_growth, grown, [&](std::ptrdiff_t row, std::ptrdiff_t col) {
          const PatchAgreement agreement = patch_agreement(grey, row, col, map.transform, options.patch_radius);
          return agreement.difference >= 0.0 && agreement.difference <= tolerance &&
                 agreement.contrast >= 0.5 * tolerance;
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
