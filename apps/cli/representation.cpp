// Registry of representations (declared in representation.hpp).
#include "representation.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"

namespace erlangen::cli {

std::vector<RepresentationEntry>& representation_entries() {
  static std::vector<RepresentationEntry> entries;
  return entries;
}

std::vector<std::string> representation_names() {
  std::vector<std::string> names;
  for (const auto& entry : representation_entries()) names.push_back(entry.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string representation_help() {
  std::string text;
  for (const std::string& name : representation_names()) {
    text += fmt::format("\n  {}: {}", name, find_representation(name).summary);
  }
  return text;
}

const RepresentationEntry& find_representation(std::string_view name) {
  for (const auto& entry : representation_entries()) {
    if (entry.name == name) return entry;
  }
  throw InvalidArgument(fmt::format("representation: '{}' is unknown, expected one of {}", name,
                                    fmt::join(representation_names(), ", ")));
}

std::shared_ptr<const moments::MomentPlan> plan_for(const RepresentationRequest& request) {
  if (request.plan) return request.plan;
  return std::make_shared<const moments::MomentPlan>(request.moments.make_plan(request.side));
}

}  // namespace erlangen::cli
