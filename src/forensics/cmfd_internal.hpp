// Helpers shared by the copy-move sources; not part of the public API.
#pragma once

#include <string_view>

#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {

// Throws InvalidArgument unless the feature image is non-empty and its buffer matches its size.
void validate_feature_field(const FeatureField& features, std::string_view operation);
// Throws InvalidArgument unless 0 <= min_offset <= 1e6.
void validate_min_offset(double min_offset, std::string_view operation);

}  // namespace erlangen::forensics
