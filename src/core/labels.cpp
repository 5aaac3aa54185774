#include "erlangen/core/labels.hpp"

#include <fmt/format.h>

namespace erlangen {

std::string FeatureLabel::text() const {
  std::string result = family;
  if (!path.empty()) {
    result += " path=" + path;
  } else if (kind != "hu") {
    result += fmt::format(" n={} m={}", n, m);
  } else {
    result += fmt::format(" phi{}", n);
  }
  if (scale > 0.0) result += fmt::format(" scale={:g}", scale);
  if (!kind.empty()) result += " " + kind;
  return result;
}

}  // namespace erlangen
