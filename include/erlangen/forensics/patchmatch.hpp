// Nearest-neighbour fields over dense feature images, for copy-move forgery detection.
//
// For every pixel s of a feature image F the matchers look for an offset delta(s) that minimises
// the cost ||F(s) - F(s + delta)||^2 subject to ||delta|| >= min_offset and s + delta inside the
// image. Because each feature vector already describes a neighbourhood, the cost compares single
// vectors, not patches.
//
//   - patchmatch(): the randomised PatchMatch of Barnes, Shechtman, Finkelstein and Goldman
//     (SIGGRAPH 2009) with the first-order predictor of Cozzolino, Poggi and Verdoliva
//     ("Efficient Dense-Field Copy-Move Forgery Detection", IEEE TIFS 10(11), 2015). It is
//     approximate and deterministic for a given seed.
//   - exact_nearest_neighbours(): an exact search with a kd-tree (nanoflann), for checking
//     PatchMatch. Slower, and only for the plain squared Euclidean cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace erlangen::forensics {

// A dense feature image: rows x cols pixels, each a vector of `dims` floats, pixel-major
// (values[(row * cols + col) * dims + k]).
//
// With scale_groups = G > 1 each vector is G consecutive groups of dims / G values, one group per
// scale from the smallest to the largest window, which the scale-search cost uses.
struct FeatureField {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::ptrdiff_t dims = 0;
  std::ptrdiff_t scale_groups = 1;
  std::vector<float> values;

  const float* at(std::ptrdiff_t row, std::ptrdiff_t col) const {
    return values.data() + (row * cols + col) * dims;
  }
};

// An offset field: pixel (r, c) is matched to (r + dy, c + dx). valid is 0 where no offset of
// the required length exists inside the image (then dy = dx = 0 and cost is +infinity).
struct OffsetField {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::vector<int> dy;
  std::vector<int> dx;
  std::vector<float> cost;
  std::vector<std::uint8_t> valid;

  std::size_t index(std::ptrdiff_t row, std::ptrdiff_t col) const {
    return static_cast<std::size_t>(row * cols + col);
  }
};

struct PatchMatchOptions {
  // Iterations, alternating a forward raster scan (propagating from the left and upper
  // neighbours) and a backward scan (right and lower neighbours). Range [0, 1000].
  int iterations = 8;
  // Minimum offset length T_D1 in pixels; shorter offsets are never proposed. Range [0, 1e6].
  double min_offset = 8.0;
  // Also try 2 delta(s - e) - delta(s - 2e) for each scan direction e, which follows the linearly
  // varying offsets of rotated or scaled copies.
  bool first_order_predictor = true;
  // Seed of the random initialisation and random search (std::mt19937_64).
  std::uint64_t seed = 0;
  // Scale search: with FeatureField::scale_groups = G > 1, the cost is the minimum over scale
  // shifts k in [-scale_shift, scale_shift] of the mean squared distance between group g of F(s)
  // and group g + k of F(s + delta), over the groups where both exist. 0 compares whole vectors.
  int scale_shift = 0;
  // Exact seeds: with a stride s > 0, the pixels (i s, j s) start from their exact nearest
  // neighbour (kd-tree) among the pixels of a grid of stride s / 2 instead of a random offset,
  // when it costs less. Propagation then spreads these offsets. 0 starts every pixel at random.
  // Range [0, 64].
  int exact_init_stride = 0;
};

// Cost between feature vectors of two pixels, as PatchMatch computes it (see PatchMatchOptions).
float match_cost(const FeatureField& features, std::ptrdiff_t row, std::ptrdiff_t col, std::ptrdiff_t match_row,
                 std::ptrdiff_t match_col, int scale_shift);

// Runs PatchMatch. The scans run in parallel (OpenMP) over bands of 64 rows. Each band has its own
// random stream, derived from the seed, the pass and the band. Propagation stays inside a band,
// and the band boundaries move by 32 rows between passes. The field is therefore the same for any
// number of threads, but differs from a single whole-image raster scan. Throws InvalidArgument
// for an empty or inconsistent feature image or options outside their ranges.
OffsetField patchmatch(const FeatureField& features, const PatchMatchOptions& options = {});

// Exact nearest neighbour of every pixel under the squared Euclidean cost among the pixels at
// least min_offset away, found with a kd-tree. Ties go to the pixel that nanoflann reports first,
// which is deterministic. Whole vectors are compared even when scale_groups > 1. Throws
// InvalidArgument as patchmatch() does.
OffsetField exact_nearest_neighbours(const FeatureField& features, double min_offset = 8.0);

}  // namespace erlangen::forensics
