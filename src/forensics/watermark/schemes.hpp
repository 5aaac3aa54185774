// Factories of the watermark schemes, for the registry (registry.cpp).
#pragma once

#include <memory>

#include "erlangen/forensics/watermark/watermark.hpp"

namespace erlangen::forensics::watermark {

// Each scheme's .cpp defines its factory here; uncomment it in registry.cpp.
std::unique_ptr<WatermarkScheme> make_moment_scheme(const WatermarkOptions& options);
std::unique_ptr<WatermarkScheme> make_dwtdct_scheme(const WatermarkOptions& options);
std::unique_ptr<WatermarkScheme> make_dwtdctsvd_scheme(const WatermarkOptions& options);

}  // namespace erlangen::forensics::watermark
