// PatchMatch nearest-neighbour field with a minimum offset length (see forensics/patchmatch.hpp).
#include "erlangen/forensics/patchmatch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "erlangen/core/error.hpp"
#include "cmfd_internal.hpp"

namespace erlangen::forensics {
namespace {

constexpr float kNoMatch = std::numeric_limits<float>::infinity();

struct Searcher {
  const FeatureField& features;
  const PatchMatchOptions& options;
  double min_offset_squared;

  bool allowed(std::ptrdiff_t row, std::ptrdiff_t col, std::ptrdiff_t dy, std::ptrdiff_t dx) const {
    const std::ptrdiff_t target_row = row + dy;
    const std::ptrdiff_t target_col = col + dx;
    if (target_row < 0 || target_row >= features.rows || target_col < 0 || target_col >= features.cols) return false;
    return static_cast<double>(dy * dy + dx * dx) >= min_offset_squared;
  }

  // Whether any pixel of the image lies at least min_offset away: the farthest corner decides.
  bool has_allowed_offset(std::ptrdiff_t row, std::ptrdiff_t col) const {
    const auto far_row = static_cast<double>(std::max(row, features.rows - 1 - row));
    const auto far_col = static_cast<double>(std::max(col, features.cols - 1 - col));
    return far_row * far_row + far_col * far_col >= min_offset_squared;
  }
};

}  // namespace

float match_cost(const FeatureField& features, std::ptrdiff_t row, std::ptrdiff_t col, std::ptrdiff_t match_row,
                 std::ptrdiff_t match_col, int scale_shift) {
  const float* a = features.at(row, col);
  const float* b = features.at(match_row, match_col);
  if (scale_shift == 0 || features.scale_groups <= 1) {
    float sum = 0.f;
    for (std::ptrdiff_t k = 0; k < features.dims; ++k) {
      const float difference = a[k] - b[k];
      sum += difference * difference;
    }
    return sum;
  }
  const std::ptrdiff_t groups = features.scale_groups;
  const std::ptrdiff_t width = features.dims / groups;
  float best = kNoMatch;
  for (std::ptrdiff_t shift = -scale_shift; shift <= scale_shift; ++shift) {
    float sum = 0.f;
    std::ptrdiff_t used = 0;
    for (std::ptrdiff_t g = std::max<std::ptrdiff_t>(0, -shift); g < groups && g + shift < groups; ++g) {
      const float* ga = a + g * width;
      const float* gb = b + (g + shift) * width;
      for (std::ptrdiff_t k = 0; k < width; ++k) {
        const float difference = ga[k] - gb[k];
        sum += difference * difference;
      }
      ++used;
    }
    // Mean over the compared groups, scaled to a whole vector so that shift 0 equals the plain cost.
    if (used > 0) best = std::min(best, sum * static_cast<float>(groups) / static_cast<float>(used));
  }
  return best;
}

void validate_feature_field(const FeatureField& features, std::string_view operation) {
  if (features.rows < 1 || features.cols < 1 || features.dims < 1) {
    throw InvalidArgument(fmt::format("{}: feature image is {}x{} with {} values per pixel, expected at least 1x1x1; "
                                      "compute features of a non-empty image first",
                                      operation, features.rows, features.cols, features.dims));
  }
  if (features.values.size() != static_cast<std::size_t>(features.rows * features.cols * features.dims)) {
    throw InvalidArgument(fmt::format("{}: feature image holds {} values, expected rows * cols * dims = {}; "
                                      "fill FeatureField::values pixel-major",
                                      operation, features.values.size(), features.rows * features.cols * features.dims));
  }
  if (features.scale_groups < 1 || features.dims % features.scale_groups != 0) {
    throw_invalid_argument(operation, "scale_groups", features.scale_groups,
                           fmt::format("a divisor of dims = {}", features.dims),
                           "set scale_groups to the number of scales, or 1");
  }
}

void validate_min_offset(double min_offset, std::string_view operation) {
  if (!(min_offset >= 0.0 && min_offset <= 1e6)) {
    throw_invalid_argument(operation, "min_offset", min_offset, "a length in [0, 1e6] pixels",
                           "pass the minimum offset T_D1, for example 8");
  }
}

OffsetField patchmatch(const FeatureField& features, const PatchMatchOptions& options) {
  validate_feature_field(features, "patchmatch");
  validate_min_offset(options.min_offset, "patchmatch");
  if (options.iterations < 0 || options.iterations > 1000) {
    throw_invalid_argument("patchmatch", "iterations", options.iterations, "an integer in [0, 1000]",
                           "pass the iteration count N_it, for example 8");
  }
  if (options.scale_shift < 0 || options.scale_shift >= std::max<std::ptrdiff_t>(features.scale_groups, 1) ||
      (options.scale_shift > 0 && features.scale_groups < 2)) {
    throw_invalid_argument("patchmatch", "scale_shift", options.scale_shift,
                           fmt::format("0, or an integer below scale_groups = {} when scale_groups > 1",
                                       features.scale_groups),
                           "use 0 for pooled features, or per-scale features for a scale search");
  }

  const std::ptrdiff_t rows = features.rows;
  const std::ptrdiff_t cols = features.cols;
  const Searcher searcher{features, options, options.min_offset * options.min_offset};
  OffsetField field;
  field.rows = rows;
  field.cols = cols;
  const auto pixels = static_cast<std::size_t>(rows * cols);
  field.dy.assign(pixels, 0);
  field.dx.assign(pixels, 0);
  field.cost.assign(pixels, kNoMatch);
  field.valid.assign(pixels, 0);

  std::mt19937_64 generator(options.seed);
  auto random_index = [&generator](std::ptrdiff_t count) {
    return static_cast<std::ptrdiff_t>(generator() % static_cast<std::uint64_t>(count));
  };
  // Uniform in [-1, 1] from the top 53 bits, independent of the standard library's distributions.
  auto random_unit = [&generator] { return static_cast<double>(generator() >> 11) * 0x1.0p-52 - 1.0; };

  // Random initialisation among the allowed offsets. Rejection sampling is capped; a pixel whose
  // draws all fail takes the farthest corner, which is allowed whenever any offset is.
  constexpr int kMaxDraws = 64;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (!searcher.has_allowed_offset(r, c)) continue;
      std::ptrdiff_t dy = 0;
      std::ptrdiff_t dx = 0;
      bool found = false;
      for (int draw = 0; draw < kMaxDraws && !found; ++draw) {
        dy = random_index(rows) - r;
        dx = random_index(cols) - c;
        found = searcher.allowed(r, c, dy, dx);
      }
      if (!found) {
        dy = (r < rows - 1 - r ? rows - 1 : 0) - r;
        dx = (c < cols - 1 - c ? cols - 1 : 0) - c;
      }
      const std::size_t p = field.index(r, c);
      field.dy[p] = static_cast<int>(dy);
      field.dx[p] = static_cast<int>(dx);
      field.cost[p] = match_cost(features, r, c, r + dy, c + dx, options.scale_shift);
      field.valid[p] = 1;
    }
  }

  const double initial_radius = static_cast<double>(std::max(rows, cols));
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const bool forward = iteration % 2 == 0;
    const std::ptrdiff_t step = forward ? 1 : -1;
    const std::ptrdiff_t row_begin = forward ? 0 : rows - 1;
    const std::ptrdiff_t col_begin = forward ? 0 : cols - 1;
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const std::ptrdiff_t r = row_begin + step * i;
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        const std::ptrdiff_t c = col_begin + step * j;
        const std::size_t p = field.index(r, c);
        if (!field.valid[p]) continue;
        std::ptrdiff_t best_dy = field.dy[p];
        std::ptrdiff_t best_dx = field.dx[p];
        float best_cost = field.cost[p];
        auto consider = [&](std::ptrdiff_t dy, std::ptrdiff_t dx) {
          if ((dy == best_dy && dx == best_dx) || !searcher.allowed(r, c, dy, dx)) return;
          const float cost = match_cost(features, r, c, r + dy, c + dx, options.scale_shift);
          if (cost < best_cost) {
            best_cost = cost;
            best_dy = dy;
            best_dx = dx;
          }
        };

        // Propagation from the neighbour already visited in this scan, along each axis.
        const std::ptrdiff_t directions[2][2] = {{0, step}, {step, 0}};
        for (const auto& direction : directions) {
          const std::ptrdiff_t r1 = r - direction[0];
          const std::ptrdiff_t c1 = c - direction[1];
          if (r1 < 0 || r1 >= rows || c1 < 0 || c1 >= cols) continue;
          const std::size_t p1 = field.index(r1, c1);
          if (!field.valid[p1]) continue;
          consider(field.dy[p1], field.dx[p1]);
          if (!options.first_order_predictor) continue;
          const std::ptrdiff_t r2 = r1 - direction[0];
          const std::ptrdiff_t c2 = c1 - direction[1];
          if (r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols) continue;
          const std::size_t p2 = field.index(r2, c2);
          if (!field.valid[p2]) continue;
          consider(2 * field.dy[p1] - field.dy[p2], 2 * field.dx[p1] - field.dx[p2]);
        }

        // Random search around the current best in windows halving from the image size to 1 px.
        for (double radius = initial_radius; radius >= 1.0; radius *= 0.5) {
          const auto dy = best_dy + static_cast<std::ptrdiff_t>(std::lround(radius * random_unit()));
          const auto dx = best_dx + static_cast<std::ptrdiff_t>(std::lround(radius * random_unit()));
          consider(dy, dx);
        }

        field.dy[p] = static_cast<int>(best_dy);
        field.dx[p] = static_cast<int>(best_dx);
        field.cost[p] = best_cost;
      }
    }
  }
  return field;
}

}  // namespace erlangen::forensics
