// Integer fields of the JSON files that erlangen reads back (models, extractor configurations).
//
// nlohmann::json::get<T>() for an integral T converts a floating-point number with static_cast,
// which is undefined behaviour when the number lies outside T's range, and it narrows a large
// integer silently. A fuzzed model file with "training_feature_count": 3.3e80 reached the first
// case. These readers accept only JSON integers inside T's range and throw InvalidArgument,
// naming the field, for anything else.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/error.hpp"

namespace erlangen::detail {

template <std::integral T>
  requires(!std::same_as<T, bool>)
T json_integer(const nlohmann::json& value, std::string_view field) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (std::in_range<T>(number)) return static_cast<T>(number);
  } else if (value.is_number_integer()) {
    const auto number = value.get<std::int64_t>();
    if (std::in_range<T>(number)) return static_cast<T>(number);
  }
  throw InvalidArgument(fmt::format("{} is {}, expected an integer in [{}, {}]; the file is damaged or was not written "
                                    "by erlangen, so write it again with erlangen",
                                    field, value.dump(), std::numeric_limits<T>::min(),
                                    std::numeric_limits<T>::max()));
}

template <std::integral T>
  requires(!std::same_as<T, bool>)
std::vector<T> json_integers(const nlohmann::json& value, std::string_view field) {
  if (!value.is_array()) {
    throw InvalidArgument(fmt::format("{} is {}, expected an array of integers; the file is damaged or was not written "
                                      "by erlangen, so write it again with erlangen",
                                      field, value.dump()));
  }
  std::vector<T> result;
  result.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    result.push_back(json_integer<T>(value[i], fmt::format("{}[{}]", field, i)));
  }
  return result;
}

}  // namespace erlangen::detail
