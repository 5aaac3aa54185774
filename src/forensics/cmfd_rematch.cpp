// Affine-guided re-matching of a copy-move offset field (see CmfdRematchOptions in
// forensics/cmfd.hpp). Our design. The region pairs whose affine maps seed it come from the first
// post-processing pass of Cozzolino, Poggi and Verdoliva ("Efficient Dense-Field Copy-Move Forgery
// Detection", IEEE TIFS 10(11), 2015).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "cmfd_internal.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::forensics {
namespace {

// Distance in pixels within which a current match counts as agreeing with a map: the rounding of
// an integer offset (up to 0.71 px) plus a pixel of slack for the fitted map.
constexpr double kAgreement = 2.0;

// One direction of a region pair. Pixels p map to T(p), and an accepted candidate costs at most max_cost.
struct GuidedMap {
  AffineEstimate transform;
  float max_cost = 0.f;
};

AffineEstimate inverse_of(const AffineEstimate& forward) {
  const auto& a = forward.matrix;
  const double determinant = a[0] * a[3] - a[1] * a[2];
  AffineEstimate backward;
  backward.matrix = {a[3] / determinant, -a[1] / determinant, -a[2] / determinant, a[0] / determinant};
  const auto& b = backward.matrix;
  backward.translation = {-(b[0] * forward.translation[0] + b[1] * forward.translation[1]),
                          -(b[2] * forward.translation[0] + b[3] * forward.translation[1])};
  return backward;
}

}  // namespace

std::ptrdiff_t rematch_by_affine(const FeatureField& features, const PostProcessResult& post, double min_offset,
                                 int scale_shift, const CmfdRematchOptions& options, OffsetField& field) {
  if (!(options.cost_quantile > 0.0 && options.cost_quantile <= 1.0)) {
    throw_invalid_argument("copy-move re-matching", "cost_quantile", options.cost_quantile, "a quantile in (0, 1]",
                           "use the default 0.95");
  }
  if (!options.enabled) return 0;
  const std::ptrdiff_t rows = field.rows;
  const std::ptrdiff_t cols = field.cols;

  // Pairs of regions of the undilated mask, linked by the surviving matches, oriented from the
  // smaller label. Points are (column, row, column', row') in feature coordinates.
  std::vector<std::ptrdiff_t> sizes;
  const Image<std::int32_t> labels = label_regions(post.undilated.plane(), sizes);
  struct PairPoints {
    std::vector<std::array<double, 4>> points;
    std::vector<float> costs;
  };
  std::map<std::pair<int, int>, PairPoints> pairs;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (!post.matched(r, c)) continue;
      const auto tr = r + static_cast<std::ptrdiff_t>(std::lround(post.offset_rows(r, c)));
      const auto tc = c + static_cast<std::ptrdiff_t>(std::lround(post.offset_cols(r, c)));
      if (tr < 0 || tr >= rows || tc < 0 || tc >= cols) continue;
      const int from = labels(r, c);
      const int to = labels(tr, tc);
      if (from == 0 || to == 0 || from == to) continue;
      PairPoints& pair = pairs[{std::min(from, to), std::max(from, to)}];
      const auto sr = static_cast<double>(r);
      const auto sc = static_cast<double>(c);
      if (from < to) {
        pair.points.push_back({sc, sr, static_cast<double>(tc), static_cast<double>(tr)});
      } else {
        pair.points.push_back({static_cast<double>(tc), static_cast<double>(tr), sc, sr});
      }
      pair.costs.push_back(field.cost[field.index(r, c)]);
    }
  }

  std::vector<GuidedMap> maps;
  for (auto& [key, pair] : pairs) {
    if (static_cast<std::ptrdiff_t>(pair.points.size()) < options.min_matches) continue;
    const AffineEstimate forward = fit_affine(pair.points);
    const auto& a = forward.matrix;
    const double determinant = a[0] * a[3] - a[1] * a[2];
    if (forward.rms_residual > options.max_residual || std::abs(determinant) < 1e-6) continue;
    const auto rank = static_cast<std::size_t>(
        std::ceil(options.cost_quantile * static_cast<double>(pair.costs.size())) - 1.0);
    std::nth_element(pair.costs.begin(), pair.costs.begin() + static_cast<std::ptrdiff_t>(rank), pair.costs.end());
    const float max_cost = pair.costs[rank];
    maps.push_back({forward, max_cost});
    maps.push_back({inverse_of(forward), max_cost});
  }
  if (maps.empty()) return 0;

  const double min_offset_squared = min_offset * min_offset;
  std::ptrdiff_t changed = 0;
#pragma omp parallel for schedule(dynamic, 8) reduction(+ : changed)
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const std::size_t p = field.index(r, c);
      if (!field.valid[p]) continue;
      // A match that already agrees with one of the maps is kept. With several copies, a source
      // pixel has one true match per copy; taking the cheapest of them pixel by pixel would make
      // neighbours alternate between copies and break the smooth field that the DLF test needs.
      const auto match_col = static_cast<double>(c + field.dx[p]);
      const auto match_row = static_cast<double>(r + field.dy[p]);
      bool consistent = false;
      for (const GuidedMap& map : maps) {
        const auto& a = map.transform.matrix;
        const auto& t = map.transform.translation;
        const double ex = a[0] * static_cast<double>(c) + a[1] * static_cast<double>(r) + t[0] - match_col;
        const double ey = a[2] * static_cast<double>(c) + a[3] * static_cast<double>(r) + t[1] - match_row;
        if (ex * ex + ey * ey <= kAgreement * kAgreement) {
          consistent = true;
          break;
        }
      }
      if (consistent) continue;
      float best_cost = field.cost[p];
      int best_dy = field.dy[p];
      int best_dx = field.dx[p];
      for (const GuidedMap& map : maps) {
        const auto& a = map.transform.matrix;
        const auto& t = map.transform.translation;
        const double x = a[0] * static_cast<double>(c) + a[1] * static_cast<double>(r) + t[0];
        const double y = a[2] * static_cast<double>(c) + a[3] * static_cast<double>(r) + t[1];
        const auto x0 = static_cast<std::ptrdiff_t>(std::floor(x));
        const auto y0 = static_cast<std::ptrdiff_t>(std::floor(y));
        // The four integer neighbours of the real-valued match.
        for (std::ptrdiff_t ty = y0; ty <= y0 + 1; ++ty) {
          for (std::ptrdiff_t tx = x0; tx <= x0 + 1; ++tx) {
            if (ty < 0 || ty >= rows || tx < 0 || tx >= cols) continue;
            const std::ptrdiff_t dy = ty - r;
            const std::ptrdiff_t dx = tx - c;
            if (static_cast<double>(dy * dy + dx * dx) < min_offset_squared) continue;
            const float cost = match_cost(features, r, c, ty, tx, scale_shift);
            if (cost < best_cost && cost <= map.max_cost) {
              best_cost = cost;
              best_dy = static_cast<int>(dy);
              best_dx = static_cast<int>(dx);
            }
          }
        }
      }
      if (best_dy != field.dy[p] || best_dx != field.dx[p]) {
        field.dy[p] = best_dy;
        field.dx[p] = best_dx;
        field.cost[p] = best_cost;
        ++changed;
      }
    }
  }
  return changed;
}

}  // namespace erlangen::forensics
