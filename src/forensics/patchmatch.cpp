// PatchMatch nearest-neighbour field with a minimum offset length (see forensics/patchmatch.hpp).
#include "erlangen/forensics/patchmatch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "erlangen/core/error.hpp"
#include "cmfd_internal.hpp"

namespace erlangen::forensics {
namespace {

constexpr float kNoMatch = std::numeric_limits<float>::infinity();
// Rows per band of the parallel scans. Fixed, so that the result does not depend on the thread
// count; 64 rows keep about 8 bands busy on a 512-row image.
constexpr std::ptrdiff_t kBandRows = 64;
// Draws of the rejection sampling of the initial offsets before the farthest corner is taken.
constexpr int kMaxDraws = 64;
// Capacity of the candidate list of one pixel in one step: 4 from propagation, or one per
// random-search radius, log2(side) + 1 of them (33 for a side of 2^32 pixels).
constexpr int kMaxCandidates = 48;

// The random stream of one band in one pass: SplitMix64 (Steele, Lea and Flood, OOPSLA 2014)
// started from a mix of the seed, the pass and the band, so streams of neighbouring bands are
// unrelated. It is several times cheaper than std::mt19937_64, which matters because the random
// search draws about twenty numbers per pixel and pass.
class BandRandom {
 public:
  BandRandom(std::uint64_t seed, std::int64_t pass, std::int64_t band)
      : state_(mix(mix(mix(seed) ^ static_cast<std::uint64_t>(pass)) ^ static_cast<std::uint64_t>(band))) {}

  // Uniform integer in [0, count) (modulo bias below count / 2^64, negligible for image sides).
  std::ptrdiff_t index(std::ptrdiff_t count) { return static_cast<std::ptrdiff_t>(next() % static_cast<std::uint64_t>(count)); }
  // Uniform in [-1, 1] from the top 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0; }

 private:
  static std::uint64_t mix(std::uint64_t value) {
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
  }
  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t value = state_;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
  }
  std::uint64_t state_;
};

// Squared distance of two feature vectors; the cost PatchMatch uses without a scale search.
inline float plain_cost(const float* a, const float* b, std::ptrdiff_t dims) {
  float sum = 0.f;
  for (std::ptrdiff_t k = 0; k < dims; ++k) {
    const float difference = a[k] - b[k];
    sum += difference * difference;
  }
  return sum;
}

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
  if (scale_shift == 0 || features.scale_groups <= 1) return plain_cost(a, b, features.dims);
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

  if (options.exact_init_stride < 0 || options.exact_init_stride > 64) {
    throw_invalid_argument("patchmatch", "exact_init_stride", options.exact_init_stride, "an integer in [0, 64]",
                           "pass 0 for a random start, or a grid stride such as 8");
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

  // The scans run over horizontal bands of kBandRows rows, each with its own random stream
  // seeded from (seed, pass, band), so the bands can run in parallel and the field does not
  // depend on the number of threads. Propagation stays inside a band; the band boundaries move by
  // half a band between passes, so offsets still cross every row boundary.
  const std::ptrdiff_t band_count_even = (rows + kBandRows - 1) / kBandRows;
  const std::ptrdiff_t band_count_odd = (rows + kBandRows / 2 + kBandRows - 1) / kBandRows;

  // Pass 0: random initialisation among the allowed offsets. Rejection sampling is capped; a pixel
  // whose draws all fail takes the farthest corner, which is allowed whenever any offset is.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t band = 0; band < band_count_even; ++band) {
    BandRandom random(options.seed, 0, band);
    const std::ptrdiff_t row_end = std::min(rows, (band + 1) * kBandRows);
    for (std::ptrdiff_t r = band * kBandRows; r < row_end; ++r) {
      for (std::ptrdiff_t c = 0; c < cols; ++c) {
        if (!searcher.has_allowed_offset(r, c)) continue;
        std::ptrdiff_t dy = 0;
        std::ptrdiff_t dx = 0;
        bool found = false;
        for (int draw = 0; draw < kMaxDraws && !found; ++draw) {
          dy = random.index(rows) - r;
          dx = random.index(cols) - c;
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
  }

  // Exact seeds: pixels on a grid of stride exact_init_stride take their exact nearest neighbour
  // among the pixels of the grid of stride exact_init_stride / 2, when it costs less than the
  // random offset.
  if (options.exact_init_stride > 0) {
    const std::ptrdiff_t stride = options.exact_init_stride;
    const std::ptrdiff_t target_stride = std::max<std::ptrdiff_t>(1, stride / 2);
    const ExactMatcher matcher(features, options.min_offset, target_stride);
    const std::ptrdiff_t grid_rows = (rows + stride - 1) / stride;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t i = 0; i < grid_rows; ++i) {
      const std::ptrdiff_t r = i * stride;
      for (std::ptrdiff_t c = 0; c < cols; c += stride) {
        const std::size_t p = field.index(r, c);
        if (!field.valid[p]) continue;
        const ExactMatcher::Match match = matcher.find(r, c);
        if (!match.found) continue;
        const float cost = match_cost(features, r, c, r + match.dy, c + match.dx, options.scale_shift);
        if (cost < field.cost[p]) {
          field.dy[p] = match.dy;
          field.dx[p] = match.dx;
          field.cost[p] = cost;
        }
      }
    }
  }

  const double initial_radius = static_cast<double>(std::max(rows, cols));
  const bool plain_search = options.scale_shift == 0 || features.scale_groups <= 1;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const bool forward = iteration % 2 == 0;
    const std::ptrdiff_t step = forward ? 1 : -1;
    // Even passes cut the rows at multiples of kBandRows, odd passes half a band earlier.
    const bool shifted = iteration % 2 == 1;
    const std::ptrdiff_t shift = shifted ? kBandRows / 2 : 0;
    const std::ptrdiff_t band_count = shifted ? band_count_odd : band_count_even;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t band = 0; band < band_count; ++band) {
      BandRandom random(options.seed, iteration + 1, band);
      const std::ptrdiff_t band_begin = std::max<std::ptrdiff_t>(0, band * kBandRows - shift);
      const std::ptrdiff_t band_end = std::min(rows, (band + 1) * kBandRows - shift);
      const std::ptrdiff_t band_rows = band_end - band_begin;
      const std::ptrdiff_t row_begin = forward ? band_begin : band_end - 1;
      const std::ptrdiff_t col_begin = forward ? 0 : cols - 1;
      auto inside = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
        return r >= band_begin && r < band_end && c >= 0 && c < cols;
      };
      for (std::ptrdiff_t i = 0; i < band_rows; ++i) {
        const std::ptrdiff_t r = row_begin + step * i;
        for (std::ptrdiff_t j = 0; j < cols; ++j) {
          const std::ptrdiff_t c = col_begin + step * j;
          const std::size_t p = field.index(r, c);
          if (!field.valid[p]) continue;
          std::ptrdiff_t best_dy = field.dy[p];
          std::ptrdiff_t best_dx = field.dx[p];
          float best_cost = field.cost[p];
          // Candidates are gathered first and their feature vectors prefetched, so that the
          // scattered memory reads of one pixel overlap instead of waiting one after another.
          std::ptrdiff_t candidate_dy[kMaxCandidates];
          std::ptrdiff_t candidate_dx[kMaxCandidates];
          int candidates = 0;
          auto propose = [&](std::ptrdiff_t dy, std::ptrdiff_t dx) {
            if (!searcher.allowed(r, c, dy, dx)) return;
            candidate_dy[candidates] = dy;
            candidate_dx[candidates] = dx;
            __builtin_prefetch(features.at(r + dy, c + dx));
            ++candidates;
          };
          const float* query = features.at(r, c);
          auto evaluate = [&] {
            for (int k = 0; k < candidates; ++k) {
              if (candidate_dy[k] == best_dy && candidate_dx[k] == best_dx) continue;
              const float cost =
                  plain_search ? plain_cost(query, features.at(r + candidate_dy[k], c + candidate_dx[k]), features.dims)
                               : match_cost(features, r, c, r + candidate_dy[k], c + candidate_dx[k], options.scale_shift);
              if (cost < best_cost) {
                best_cost = cost;
                best_dy = candidate_dy[k];
                best_dx = candidate_dx[k];
              }
            }
            candidates = 0;
          };

          // Propagation from the neighbour already visited in this scan, along each axis.
          const std::ptrdiff_t directions[2][2] = {{0, step}, {step, 0}};
          for (const auto& direction : directions) {
            const std::ptrdiff_t r1 = r - direction[0];
            const std::ptrdiff_t c1 = c - direction[1];
            if (!inside(r1, c1)) continue;
            const std::size_t p1 = field.index(r1, c1);
            if (!field.valid[p1]) continue;
            propose(field.dy[p1], field.dx[p1]);
            if (!options.first_order_predictor) continue;
            const std::ptrdiff_t r2 = r1 - direction[0];
            const std::ptrdiff_t c2 = c1 - direction[1];
            if (!inside(r2, c2)) continue;
            const std::size_t p2 = field.index(r2, c2);
            if (!field.valid[p2]) continue;
            propose(2 * field.dy[p1] - field.dy[p2], 2 * field.dx[p1] - field.dx[p2]);
          }
          evaluate();

          // Random search around the offset found so far (Barnes et al.: v0 + R_i u_i), in windows
          // halving from the image size to 1 px.
          const std::ptrdiff_t centre_dy = best_dy;
          const std::ptrdiff_t centre_dx = best_dx;
          for (double radius = initial_radius; radius >= 1.0; radius *= 0.5) {
            const auto dy = centre_dy + static_cast<std::ptrdiff_t>(std::nearbyint(radius * random.unit()));
            const auto dx = centre_dx + static_cast<std::ptrdiff_t>(std::nearbyint(radius * random.unit()));
            propose(dy, dx);
          }
          evaluate();

          field.dy[p] = static_cast<int>(best_dy);
          field.dx[p] = static_cast<int>(best_dx);
          field.cost[p] = best_cost;
        }
      }
    }
  }
  return field;
}

}  // namespace erlangen::forensics
