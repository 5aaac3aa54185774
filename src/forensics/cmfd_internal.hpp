// Helpers shared by the copy-move sources; not part of the public API.
#pragma once

#include <array>
#include <cstdint>
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

// Throws InvalidArgument for refinement options outside their ranges.
void validate_refine_options(const CmfdRefineOptions& options);

}  // namespace erlangen::forensics
