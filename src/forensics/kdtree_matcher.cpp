// Exact nearest-neighbour field with a minimum offset, by kd-tree search (nanoflann).
#include <cmath>
#include <limits>
#include <memory>

#include <nanoflann.hpp>

#include "cmfd_internal.hpp"
#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {
namespace {

// nanoflann dataset adaptor over the pixels of a grid of the given stride in the pixel-major
// feature buffer. Point i is pixel (row_of(i), col_of(i)).
struct GridCloud {
  const FeatureField& features;
  std::ptrdiff_t stride;
  std::ptrdiff_t grid_rows;
  std::ptrdiff_t grid_cols;

  std::ptrdiff_t row_of(std::size_t index) const { return static_cast<std::ptrdiff_t>(index) / grid_cols * stride; }
  std::ptrdiff_t col_of(std::size_t index) const { return static_cast<std::ptrdiff_t>(index) % grid_cols * stride; }
  std::size_t kdtree_get_point_count() const { return static_cast<std::size_t>(grid_rows * grid_cols); }
  float kdtree_get_pt(std::size_t index, std::size_t dim) const {
    return features.at(row_of(index), col_of(index))[dim];
  }
  template <class BoundingBox>
  bool kdtree_get_bbox(BoundingBox&) const {
    return false;
  }
};

// Result set that keeps the single best candidate among points at least min_offset away from the
// query pixel. Closer points are skipped without shrinking the search radius, so the search stays
// exact.
class ExcludingResultSet {
 public:
  ExcludingResultSet(const GridCloud& cloud, std::ptrdiff_t row, std::ptrdiff_t col, double min_offset_squared)
      : cloud_(cloud), row_(row), col_(col), min_offset_squared_(min_offset_squared) {}

  // Returns false, which ends the search, once an allowed point at distance 0 is found: nothing
  // can beat it, and in a flat area the tree would otherwise visit every identical point.
  bool addPoint(float distance, std::size_t index) {
    const auto dy = static_cast<double>(cloud_.row_of(index) - row_);
    const auto dx = static_cast<double>(cloud_.col_of(index) - col_);
    if (dy * dy + dx * dx < min_offset_squared_) return true;
    if (distance < best_distance_) {
      best_distance_ = distance;
      best_index_ = index;
      found_ = true;
    }
    return distance > 0.f;
  }
  float worstDist() const { return best_distance_; }
  bool full() const { return found_; }
  std::size_t size() const { return found_ ? 1 : 0; }

  bool found() const { return found_; }
  float distance() const { return best_distance_; }
  std::size_t index() const { return best_index_; }

 private:
  const GridCloud& cloud_;
  std::ptrdiff_t row_;
  std::ptrdiff_t col_;
  double min_offset_squared_;
  float best_distance_ = std::numeric_limits<float>::infinity();
  std::size_t best_index_ = 0;
  bool found_ = false;
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, GridCloud, float>, GridCloud, -1,
                                                 std::size_t>;

}  // namespace

struct ExactMatcher::Impl {
  GridCloud cloud;
  double min_offset_squared;
  Tree tree;

  Impl(const FeatureField& features, double min_offset, std::ptrdiff_t stride)
      : cloud{features, stride, (features.rows + stride - 1) / stride, (features.cols + stride - 1) / stride},
        min_offset_squared(min_offset * min_offset),
        tree(static_cast<std::size_t>(features.dims), cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {}
  // The tree constructor builds the index.
};

ExactMatcher::ExactMatcher(const FeatureField& features, double min_offset, std::ptrdiff_t target_stride)
    : impl_(std::make_unique<Impl>(features, min_offset, target_stride)) {}

ExactMatcher::~ExactMatcher() = default;

ExactMatcher::Match ExactMatcher::find(std::ptrdiff_t row, std::ptrdiff_t col) const {
  ExcludingResultSet result(impl_->cloud, row, col, impl_->min_offset_squared);
  impl_->tree.findNeighbors(result, impl_->cloud.features.at(row, col), nanoflann::SearchParams());
  Match match;
  if (!result.found()) return match;
  match.found = true;
  match.dy = static_cast<int>(impl_->cloud.row_of(result.index()) - row);
  match.dx = static_cast<int>(impl_->cloud.col_of(result.index()) - col);
  match.cost = result.distance();
  return match;
}

OffsetField exact_nearest_neighbours(const FeatureField& features, double min_offset) {
  validate_feature_field(features, "exact nearest neighbours");
  validate_min_offset(min_offset, "exact nearest neighbours");
  const ExactMatcher matcher(features, min_offset);

  OffsetField field;
  field.rows = features.rows;
  field.cols = features.cols;
  const auto pixels = static_cast<std::size_t>(features.rows * features.cols);
  field.dy.assign(pixels, 0);
  field.dx.assign(pixels, 0);
  field.cost.assign(pixels, std::numeric_limits<float>::infinity());
  field.valid.assign(pixels, 0);
  for (std::ptrdiff_t r = 0; r < features.rows; ++r) {
    for (std::ptrdiff_t c = 0; c < features.cols; ++c) {
      const ExactMatcher::Match match = matcher.find(r, c);
      if (!match.found) continue;
      const std::size_t p = field.index(r, c);
      field.dy[p] = match.dy;
      field.dx[p] = match.dx;
      field.cost[p] = match.cost;
      field.valid[p] = 1;
    }
  }
  return field;
}

}  // namespace erlangen::forensics
