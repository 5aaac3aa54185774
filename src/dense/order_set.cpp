// Parsing and validation of order sets and scale sets for the dense local moments.
#include "erlangen/dense/order_set.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"

namespace erlangen::dense {
namespace {

using basis::Family;
using basis::FamilyId;
using basis::OrderPair;

std::string normalise(std::string_view text) {
  std::string result;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    result.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return result;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Parses a whole string as an integer; returns false when it is not one.
bool parse_int(std::string_view text, int& value) {
  if (text.empty()) return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  auto [end, error] = std::from_chars(first, last, value);
  return error == std::errc() && end == last;
}

bool parse_double(std::string_view text, double& value) {
  if (text.empty()) return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  auto [end, error] = std::from_chars(first, last, value);
  return error == std::errc() && end == last;
}

[[noreturn]] void throw_bad_rule(std::string_view text) {
  throw InvalidArgument(fmt::format(
      "order set: '{}' is not a valid rule, expected NM10, ZNM10, SNM10, 'n+m<=K', 'n<=K,m<=K', "
      "'getNM(K)', 'zernike<=K', 'getZNM(K)', 'getSNM(K)', 'family<=K' or a list such as "
      "'(0,0),(1,2)'",
      text));
}

// Largest order bound K of a rule, and largest |n| or |m| of an explicit list.
constexpr int kMaxOrderBound = 200;

// Reads the K of "<prefix>K<suffix>"; K must be in [0, 200].
bool read_bound(std::string_view text, std::string_view prefix, std::string_view suffix, int& bound) {
  if (!starts_with(text, prefix)) return false;
  if (text.size() < prefix.size() + suffix.size()) return false;
  if (text.substr(text.size() - suffix.size()) != suffix) return false;
  const std::string_view middle = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  if (!parse_int(middle, bound)) return false;
  if (bound < 0 || bound > kMaxOrderBound) {
    throw_invalid_argument("order set", "maximum order", bound, "an integer in [0, 200]",
                           "pass a smaller bound");
  }
  return true;
}

std::vector<OrderPair> sum_bounded(int bound) {
  std::vector<OrderPair> result;
  for (int n = 0; n <= bound; ++n) {
    for (int m = 0; n + m <= bound; ++m) result.push_back({n, m});
  }
  return result;
}

std::vector<OrderPair> square(int n_first, int bound) {
  std::vector<OrderPair> result;
  for (int n = n_first; n <= bound; ++n) {
    for (int m = 0; m <= bound; ++m) result.push_back({n, m});
  }
  return result;
}

std::vector<OrderPair> zernike_set(int bound) {
  std::vector<OrderPair> result;
  for (int n = 0; n <= bound; ++n) {
    for (int m = n % 2; m <= n; m += 2) result.push_back({n, m});
  }
  return result;
}

// Parses "(n,m),(n,m),...".
std::vector<OrderPair> parse_pair_list(std::string_view original, std::string_view text) {
  std::vector<OrderPair> result;
  std::size_t position = 0;
  while (position < text.size()) {
    if (text[position] != '(') throw_bad_rule(original);
    const std::size_t close = text.find(')', position);
    if (close == std::string_view::npos) throw_bad_rule(original);
    const std::string_view inside = text.substr(position + 1, close - position - 1);
    const std::size_t comma = inside.find(',');
    if (comma == std::string_view::npos) throw_bad_rule(original);
    OrderPair pair;
    if (!parse_int(inside.substr(0, comma), pair.n) || !parse_int(inside.substr(comma + 1), pair.m)) {
      throw_bad_rule(original);
    }
    result.push_back(pair);
    position = close + 1;
    if (position < text.size()) {
      if (text[position] != ',' && text[position] != ';') throw_bad_rule(original);
      ++position;
    }
  }
  return result;
}

std::string_view suggested_set(const Family& family) {
  switch (family.id()) {
    case FamilyId::zernike:
    case FamilyId::pseudo_zernike:
      return "ZNM10 or 'zernike<=K'";
    case FamilyId::polar_sine:
    case FamilyId::generic_polar_sine:
      return "SNM10 or 'getSNM(K)'";
    default:
      return "NM10 or 'n+m<=K'";
  }
}

}  // namespace

std::vector<OrderPair> nm10() { return sum_bounded(3); }

std::vector<OrderPair> znm10() {
  return {{0, 0}, {1, 1}, {2, 0}, {2, 2}, {3, 1}, {3, 3}, {4, 0}, {4, 2}, {4, 4}, {5, 1}};
}

std::vector<OrderPair> snm10() {
  return {{1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}, {3, 0}, {3, 1}, {3, 2}, {3, 3}};
}

std::vector<OrderPair> default_orders(const Family& family) {
  switch (family.id()) {
    case FamilyId::zernike:
    case FamilyId::pseudo_zernike:
      return znm10();
    case FamilyId::polar_sine:
    case FamilyId::generic_polar_sine:
      return snm10();
    default:
      return nm10();
  }
}

int covering_max_order(const std::vector<OrderPair>& orders) {
  int bound = 1;
  for (const OrderPair& order : orders) bound = std::max({bound, std::abs(order.n), std::abs(order.m)});
  return bound;
}

void validate_orders(const std::vector<OrderPair>& orders, const Family& family) {
  if (orders.empty()) {
    throw InvalidArgument(fmt::format(
        "order set: the set is empty, expected at least one (n, m) pair; pass for example {}",
        suggested_set(family)));
  }
  const int bound = covering_max_order(orders);
  // Explicit lists obey the same cap as the rules: kernel sampling costs grow with the largest
  // order, and orders beyond the family's limit are not evaluated accurately.
  const int limit = std::min(kMaxOrderBound, family.max_supported_order());
  if (bound > limit) {
    const auto largest = std::find_if(orders.begin(), orders.end(), [bound](const OrderPair& order) {
      return std::abs(order.n) == bound || std::abs(order.m) == bound;
    });
    throw InvalidArgument(fmt::format(
        "order set: (n={}, m={}) exceeds the largest order {} accepts, expected |n| and |m| in [0, {}]; "
        "pass smaller orders",
        largest->n, largest->m, family.abbreviation(), limit));
  }
  std::set<OrderPair> seen;
  for (const OrderPair& order : orders) {
    if (!family.contains(order, bound)) {
      throw InvalidArgument(fmt::format(
          "order set: (n={}, m={}) is not in the {} index set; use pairs valid for {}, for example {}",
          order.n, order.m, family.abbreviation(), family.abbreviation(), suggested_set(family)));
    }
    if (!seen.insert(order).second) {
      throw InvalidArgument(fmt::format(
          "order set: (n={}, m={}) appears twice, expected each pair once; remove the repeat", order.n,
          order.m));
    }
  }
}

std::vector<OrderPair> parse_order_set(std::string_view text, const Family& family) {
  const std::string key = normalise(text);
  std::vector<OrderPair> orders;
  int bound = 0;
  if (key.empty()) {
    validate_orders(orders, family);  // throws: empty set
  } else if (key == "nm10") {
    orders = nm10();
  } else if (key == "znm10") {
    orders = znm10();
  } else if (key == "snm10") {
    orders = snm10();
  } else if (read_bound(key, "n+m<=", "", bound)) {
    orders = sum_bounded(bound);
  } else if (read_bound(key, "getnm(", ")", bound)) {
    orders = square(0, bound);
  } else if (read_bound(key, "getznm(", ")", bound) || read_bound(key, "zernike<=", "", bound)) {
    orders = zernike_set(bound);
  } else if (read_bound(key, "getsnm(", ")", bound)) {
    orders = square(1, bound);
  } else if (read_bound(key, "family<=", "", bound)) {
    orders = family.orders(bound);
  } else if (starts_with(key, "n<=")) {
    const std::size_t comma = key.find(',');
    int m_bound = 0;
    if (comma == std::string::npos || !read_bound(key.substr(0, comma), "n<=", "", bound) ||
        !read_bound(std::string_view(key).substr(comma + 1), "m<=", "", m_bound)) {
      throw_bad_rule(text);
    }
    if (m_bound != bound) {
      throw InvalidArgument(fmt::format(
          "order set: '{}' has different bounds for n and m, expected 'n<=K,m<=K' with one K", text));
    }
    orders = square(0, bound);
  } else if (key.front() == '(') {
    orders = parse_pair_list(text, key);
  } else {
    throw_bad_rule(text);
  }
  validate_orders(orders, family);
  return orders;
}

std::vector<int> default_scales() { return {8, 10, 12, 14, 16, 18, 22, 24, 28, 32}; }

void validate_scales(const std::vector<int>& scales) {
  if (scales.empty()) {
    throw InvalidArgument(
        "scales: the set is empty, expected at least one window side in pixels; pass for example "
        "'8,10,12' or 'default'");
  }
  std::set<int> seen;
  std::vector<int> odd;
  std::vector<int> even;
  for (int scale : scales) {
    if (scale < 2 || scale > 4096) {
      throw_invalid_argument("scales", "window side", scale, "an integer in [2, 4096] pixels",
                             "pass window sides of at least 2 pixels");
    }
    if (!seen.insert(scale).second) {
      throw InvalidArgument(
          fmt::format("scales: {} appears twice, expected each window side once; remove the repeat", scale));
    }
    (scale % 2 == 0 ? even : odd).push_back(scale);
  }
  if (!odd.empty() && !even.empty()) {
    throw InvalidArgument(fmt::format(
        "scales: the set mixes odd sides ({}) and even sides ({}), expected one parity, because the "
        "centre crop that aligns scales removes (S_max - S)/2 pixels per side; change the odd or the "
        "even ones by one pixel",
        fmt::join(odd, ","), fmt::join(even, ",")));
  }
}

std::vector<int> parse_scales(std::string_view text) {
  const std::string key = normalise(text);
  std::vector<int> scales;
  if (key == "default") {
    scales = default_scales();
  } else if (key.find(':') != std::string::npos) {
    const std::size_t first = key.find(':');
    const std::size_t second = key.find(':', first + 1);
    int start = 0;
    int stop = 0;
    int count = 0;
    if (second == std::string::npos || key.find(':', second + 1) != std::string::npos ||
        !parse_int(std::string_view(key).substr(0, first), start) ||
        !parse_int(std::string_view(key).substr(first + 1, second - first - 1), stop) ||
        !parse_int(std::string_view(key).substr(second + 1), count)) {
      throw InvalidArgument(fmt::format(
          "scales: '{}' is not a valid range, expected start:stop:count with integers, for example "
          "'8:32:10'",
          text));
    }
    if (count < 1 || count > 1000) {
      throw_invalid_argument("scales", "range count", count, "an integer in [1, 1000]",
                             "pass the number of scales as the third field");
    }
    if (start % 2 != stop % 2 && count > 1) {
      throw InvalidArgument(fmt::format(
          "scales: range '{}' starts at {} and stops at {}, which differ in parity; expected ends of "
          "one parity because every scale of a set must share it",
          text, start, stop));
    }
    if (count == 1 && start != stop) {
      throw InvalidArgument(fmt::format(
          "scales: range '{}' has count 1 but different ends, expected start == stop for one scale",
          text));
    }
    const int parity = ((start % 2) + 2) % 2;
    for (int k = 0; k < count; ++k) {
      const double value =
          count == 1 ? start : start + (stop - start) * static_cast<double>(k) / (count - 1);
      // Nearest integer of the parity of start: round (value - parity) / 2, ties upwards.
      const int rounded = 2 * static_cast<int>(std::floor((value - parity) / 2.0 + 0.5)) + parity;
      if (!scales.empty() && rounded == scales.back()) {
        throw InvalidArgument(fmt::format(
            "scales: range '{}' gives the side {} twice after rounding to the parity of {}; expected "
            "at most {} scales in this range, so pass a smaller count or a wider range",
            text, rounded, start, std::abs(stop - start) / 2 + 1));
      }
      scales.push_back(rounded);
    }
  } else {
    std::size_t position = 0;
    while (position <= key.size()) {
      std::size_t comma = key.find(',', position);
      if (comma == std::string::npos) comma = key.size();
      int scale = 0;
      double fractional = 0.0;
      const std::string_view item = std::string_view(key).substr(position, comma - position);
      if (!parse_int(item, scale)) {
        if (parse_double(item, fractional)) {
          throw InvalidArgument(fmt::format(
              "scales: '{}' is not an integer, expected window sides in whole pixels; round it", item));
        }
        throw InvalidArgument(fmt::format(
            "scales: '{}' is not a valid scale list, expected comma-separated integers such as "
            "'8,10,12', a range start:stop:count such as '8:32:10', or 'default'",
            text));
      }
      scales.push_back(scale);
      position = comma + 1;
    }
  }
  validate_scales(scales);
  return scales;
}

std::vector<int> reference_scales(const std::vector<int>& scales) {
  std::vector<int> result;
  for (int scale : scales) {
    const int even = scale - (scale % 2);
    if (std::find(result.begin(), result.end(), even) == result.end()) result.push_back(even);
  }
  return result;
}

std::string format_orders(const std::vector<OrderPair>& orders) {
  std::string text;
  for (const OrderPair& order : orders) {
    if (!text.empty()) text += ',';
    text += fmt::format("({},{})", order.n, order.m);
  }
  return text;
}

}  // namespace erlangen::dense
