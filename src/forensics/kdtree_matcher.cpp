// Exact nearest-neighbour field with a minimum offset, by kd-tree search (nanoflann).
#include <cmath>
#include <limits>

#include <nanoflann.hpp>

#include "cmfd_internal.hpp"
#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {
namespace {

// nanoflann dataset adaptor over the pixel-major feature buffer.
struct FeatureCloud {
  const FeatureField& features;
  std::size_t kdtree_get_point_count() const { return static_cast<std::size_t>(features.rows * features.cols); }
  float kdtree_get_pt(std::size_t index, std::size_t dim) const {
    return features.values[index * static_cast<std::size_t>(features.dims) + dim];
  }
  template <class BoundingBox>
  bool kdtree_get_bbox(BoundingBox&) const {
    return false;
  }
};

// Result set that keeps the single best candidate among pixels at least min_offset away from the
// query pixel. Closer pixels are skipped without shrinking the search radius, so the search stays
// exact.
class ExcludingResultSet {
 public:
  ExcludingResultSet(std::ptrdiff_t row, std::ptrdiff_t col, std::ptrdiff_t cols, double min_offset_squared)
      : row_(row), col_(col), cols_(cols), min_offset_squared_(min_offset_squared) {}

  bool addPoint(float distance, std::size_t index) {
    const auto r = static_cast<std::ptrdiff_t>(index) / cols_;
    const auto c = static_cast<std::ptrdiff_t>(index) % cols_;
    const auto dy = static_cast<double>(r - row_);
    const auto dx = static_cast<double>(c - col_);
    if (dy * dy + dx * dx < min_offset_squared_) return true;
    if (distance < best_distance_) {
      best_distance_ = distance;
      best_index_ = index;
      found_ = true;
    }
    return true;
  }
  float worstDist() const { return best_distance_; }
  bool full() const { return found_; }
  std::size_t size() const { return found_ ? 1 : 0; }

  bool found() const { return found_; }
  float distance() const { return best_distance_; }
  std::size_t index() const { return best_index_; }

 private:
  std::ptrdiff_t row_;
  std::ptrdiff_t col_;
  std::ptrdiff_t cols_;
  double min_offset_squared_;
  float best_distance_ = std::numeric_limits<float>::infinity();
  std::size_t best_index_ = 0;
  bool found_ = false;
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, FeatureCloud, float>,
                                                 FeatureCloud, -1, std::size_t>;

}  // namespace

OffsetField exact_nearest_neighbours(const FeatureField& features, double min_offset) {
  validate_feature_field(features, "exact nearest neighbours");
  validate_min_offset(min_offset, "exact nearest neighbours");
  const FeatureCloud cloud{features};
  Tree tree(static_cast<std::size_t>(features.dims), cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  tree.buildIndex();

  OffsetField field;
  field.rows = features.rows;
  field.cols = features.cols;
  const auto pixels = static_cast<std::size_t>(features.rows * features.cols);
  field.dy.assign(pixels, 0);
  field.dx.assign(pixels, 0);
  field.cost.assign(pixels, std::numeric_limits<float>::infinity());
  field.valid.assign(pixels, 0);
  const double min_offset_squared = min_offset * min_offset;
  for (std::ptrdiff_t r = 0; r < features.rows; ++r) {
    for (std::ptrdiff_t c = 0; c < features.cols; ++c) {
      ExcludingResultSet result(r, c, features.cols, min_offset_squared);
      tree.findNeighbors(result, features.at(r, c), nanoflann::SearchParams());
      if (!result.found()) continue;
      const std::size_t p = field.index(r, c);
      const auto match = static_cast<std::ptrdiff_t>(result.index());
      field.dy[p] = static_cast<int>(match / features.cols - r);
      field.dx[p] = static_cast<int>(match % features.cols - c);
      field.cost[p] = result.distance();
      field.valid[p] = 1;
    }
  }
  return field;
}

}  // namespace erlangen::forensics
