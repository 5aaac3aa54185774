// The table of watermark schemes by name. A new scheme adds one entry.
#include <cmath>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"
#include "schemes.hpp"

namespace erlangen::forensics::watermark {
namespace {

struct SchemeEntry {
  const char* name;
  std::function<std::unique_ptr<WatermarkScheme>(const WatermarkOptions&)> make;
};

const std::vector<SchemeEntry>& scheme_table() {
  static const std::vector<SchemeEntry> table = {
      {"moment", make_moment_scheme},
      {"dwtdct", make_dwtdct_scheme},
      {"dwtdctsvd", make_dwtdctsvd_scheme},
  };
  return table;
}

}  // namespace

std::vector<std::string> watermark_scheme_names() {
  std::vector<std::string> names;
  for (const SchemeEntry& entry : scheme_table()) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<WatermarkScheme> make_watermark_scheme(std::string_view name, const WatermarkOptions& options) {
  if (!(options.detection_fpr > 0.0 && options.detection_fpr < 1.0)) {
    throw_invalid_argument("watermark", "detection false positive rate", options.detection_fpr, "(0, 1)",
                           "pass a false positive rate such as 1e-6");
  }
  if (!(options.strength >= 0.0) || !std::isfinite(options.strength)) {
    throw_invalid_argument("watermark", "strength", options.strength, "a finite value >= 0",
                           "pass 0 for the scheme's default strength");
  }
  for (const SchemeEntry& entry : scheme_table()) {
    if (name == entry.name) return entry.make(options);
  }
  throw InvalidArgument(fmt::format("watermark: scheme '{}' is unknown, expected one of {}; pick one of these",
                                    name, fmt::join(watermark_scheme_names(), ", ")));
}

}  // namespace erlangen::forensics::watermark
