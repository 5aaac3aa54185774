// Shared parts of the family interface: radial tables, index sets, the registry.
#include "erlangen/basis/family.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "erlangen/core/error.hpp"
#include "families/registry.hpp"

namespace erlangen::basis {

RadialTable::RadialTable(int n_min, int n_max, int m_abs_max, std::size_t radius_count)
    : n_min_(n_min), n_max_(n_max), m_abs_max_(std::max(m_abs_max, 0)), radius_count_(radius_count) {
  const auto order_count = static_cast<std::size_t>(std::max(n_max - n_min + 1, 0));
  values_.assign(order_count * static_cast<std::size_t>(m_abs_max_ + 1) * radius_count, {});
}

std::size_t RadialTable::index(int n, int m_abs) const {
  if (m_abs > m_abs_max_) m_abs = 0;
  ERLANGEN_ASSERT(n >= n_min_ && n <= n_max_);
  return (static_cast<std::size_t>(n - n_min_) * static_cast<std::size_t>(m_abs_max_ + 1) +
          static_cast<std::size_t>(m_abs)) *
         radius_count_;
}

std::complex<double>* RadialTable::row(int n, int m_abs) { return values_.data() + index(n, m_abs); }
const std::complex<double>* RadialTable::row(int n, int m_abs) const {
  return values_.data() + index(n, m_abs);
}

bool Family::contains(OrderPair order, int max_order) const {
  return order.n >= n_min(max_order) && order.n <= n_max(max_order) && std::abs(order.m) <= max_order;
}

std::vector<OrderPair> Family::orders(int max_order) const {
  std::vector<OrderPair> result;
  for (int n = n_min(max_order); n <= n_max(max_order); ++n) {
    for (int m = -max_order; m <= max_order; ++m) {
      if (contains({n, m}, max_order)) result.push_back({n, m});
    }
  }
  return result;
}

std::complex<double> Family::radial(int n, int m, double r) const {
  const int max_order = std::max({std::abs(n), std::abs(m), 1});
  RadialTable table;
  const double radius[1] = {r};
  evaluate(max_order, radius, table);
  return table.row(n, std::abs(m))[0];
}

namespace {

using Factory = std::unique_ptr<const Family> (*)(FamilyParameters);

struct RegistryEntry {
  FamilyInfo info;
  Factory factory;
  std::vector<std::string> aliases;
};

const std::vector<RegistryEntry>& registry() {
  using namespace families;
  static const std::vector<RegistryEntry> entries = {
      {{FamilyId::zernike, "zernike", "ZM", "Zernike moments", "none", "0..K",
        "|m| <= n, n - |m| even", "(K+1)(K+2)/2", false},
       make_zernike,
       {"zm"}},
  };
  return entries;
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::replace(result.begin(), result.end(), '_', '-');
  return result;
}

std::string known_names() {
  std::string names;
  for (const auto& entry : registry()) {
    if (!names.empty()) names += ", ";
    names += entry.info.name;
  }
  return names;
}

}  // namespace

const std::vector<FamilyInfo>& family_table() {
  static const std::vector<FamilyInfo> table = [] {
    std::vector<FamilyInfo> rows;
    for (const auto& entry : registry()) rows.push_back(entry.info);
    return rows;
  }();
  return table;
}

std::unique_ptr<const Family> make_family(FamilyId id, FamilyParameters parameters) {
  for (const auto& entry : registry()) {
    if (entry.info.id == id) return entry.factory(parameters);
  }
  throw InvalidArgument(fmt::format("family: id {} is unknown, expected one of: {}",
                                    static_cast<int>(id), known_names()));
}

std::unique_ptr<const Family> make_family(std::string_view name, FamilyParameters parameters) {
  const std::string key = lower(name);
  for (const auto& entry : registry()) {
    if (key == entry.info.name || key == lower(entry.info.abbreviation) ||
        std::find(entry.aliases.begin(), entry.aliases.end(), key) != entry.aliases.end()) {
      return entry.factory(parameters);
    }
  }
  throw InvalidArgument(fmt::format(
      "family: name '{}' is unknown, expected one of: {}; run 'erlangen families' for the list",
      name, known_names()));
}

}  // namespace erlangen::basis
