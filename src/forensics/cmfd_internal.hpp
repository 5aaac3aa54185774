// Helpers shared by the copy-move sources; not part of the public API.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {

// Throws InvalidArgument unless the feature image is non-empty and its buffer matches its size.
void validate_feature_field(const FeatureField& features, std::string_view operation);
// Throws InvalidArgument unless 0 <= min_offset <= 1e6.
void validate_min_offset(double min_offset, std::string_view operation);

// Exact nearest neighbour, under the plain squared distance of whole feature vectors, among the
// pixels of the grid {(i s, j s)} of stride s that lie at least min_offset from the query pixel
// (kd-tree, nanoflann). The tree is built once, and find() is const and may run on several threads.
class ExactMatcher {
 public:
  struct Match {
    bool found = false;  // false when no grid pixel lies min_offset away
    int dy = 0;
    int dx = 0;
    float cost = 0.f;
  };
  ExactMatcher(const FeatureField& features, double min_offset, std::ptrdiff_t target_stride = 1);
  ~ExactMatcher();
  ExactMatcher(const ExactMatcher&) = delete;
  ExactMatcher& operator=(const ExactMatcher&) = delete;
  Match find(std::ptrdiff_t row, std::ptrdiff_t col) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One direction of a region pair for the boundary refinement: pixels p of region `label` map to
// T(p) = A p + t with p = (column, row).
struct RegionMap {
  int label = 0;
  AffineEstimate transform;
};

// Grows each mapped region of `labels` (CmfdRefineOptions) and returns the grown pixels only
// (1 grown, 0 elsewhere), the size of `grey`.
Image<std::uint8_t> grow_by_correspondence(ImageView<const float> grey, const Image<std::int32_t>& labels,
                                           const std::vector<RegionMap>& maps, const CmfdRefineOptions& options);

// Least-squares affine map q = A p + t over point pairs (p, q), each (x, y, x', y') with
// x a column and y a row. Fewer than 3 points, or collinear ones, give the identity matrix with
// the mean translation.
AffineEstimate fit_affine(const std::vector<std::array<double, 4>>& points);

// Affine-guided re-matching (CmfdRematchOptions). Fits an affine map to each pair of regions of
// post.undilated linked by the surviving matches of post.matched, then offers every valid pixel
// p of the field whose match lies more than 2 px from every T(p) the match T(p) (and T^-1(p)),
// rounded down and up in each coordinate. A
// candidate replaces the current match when its cost is lower and at most the pair's cost
// quantile. Costs are match_cost() with the given scale shift (0 for pooled features). Works in
// feature-image coordinates. Returns the number of pixels whose match changed.
std::ptrdiff_t rematch_by_affine(const FeatureField& features, const PostProcessResult& post, double min_offset,
                                 int scale_shift, const CmfdRematchOptions& options, OffsetField& field);

// Refines an affine map q = A p + t by Gauss-Newton on the grey differences I(p) - I(A p + t)
// over the given pixels (flat indices of `grey`), bilinear sampling, leaving out the worst 20 % of
// the residuals at each step. Returns `initial` when the energy does not fall, or when the refined
// map moves some pixel more than 2 px from where `initial` puts it.
AffineEstimate refine_affine_photometric(ImageView<const float> grey, const std::vector<std::ptrdiff_t>& pixels,
                                         const AffineEstimate& initial, int iterations);

// Throws InvalidArgument for refinement options outside their ranges.
void validate_refine_options(const CmfdRefineOptions& options);

}  // namespace erlangen::forensics
