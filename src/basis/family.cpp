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
      {{FamilyId::pseudo_zernike, "pseudo-zernike", "PZM", "pseudo-Zernike moments", "none", "0..K",
        "|m| <= n", "(K+1)^2", false},
       make_pseudo_zernike,
       {"pzm"}},
      {{FamilyId::orthogonal_fourier_mellin, "ofmm", "OFMM", "orthogonal Fourier-Mellin moments",
        "none (JFM with p=2, q=2)", "0..K", "|m| <= K", "(K+1)(2K+1)", false},
       make_orthogonal_fourier_mellin,
       {"orthogonal-fourier-mellin"}},
      {{FamilyId::chebyshev_fourier, "chfm", "CHFM", "Chebyshev-Fourier moments",
        "none (JFM with p=2, q=1.5)", "0..K", "|m| <= K", "(K+1)(2K+1)", false},
       make_chebyshev_fourier,
       {"chebyshev-fourier"}},
      {{FamilyId::pseudo_jacobi_fourier, "pjfm", "PJFM", "pseudo Jacobi-Fourier moments",
        "none (JFM with p=4, q=3)", "0..K", "|m| <= K", "(K+1)(2K+1)", false},
       make_pseudo_jacobi_fourier,
       {"pseudo-jacobi-fourier"}},
      {{FamilyId::jacobi_fourier, "jfm", "JFM", "Jacobi-Fourier moments",
        "p, q: real, q > 0 and p - q > -1 (default p=2, q=2)", "0..K", "|m| <= K", "(K+1)(2K+1)", false},
       make_jacobi_fourier,
       {"jacobi-fourier"}},
      {{FamilyId::radial_harmonic_fourier, "rhfm", "RHFM", "radial harmonic Fourier moments", "none",
        "0..K", "|m| <= K", "(K+1)(2K+1)", false},
       make_radial_harmonic_fourier,
       {"radial-harmonic-fourier"}},
      {{FamilyId::exponent_fourier, "efm", "EFM", "exponent-Fourier moments", "none", "-K..K",
        "|m| <= K", "(2K+1)^2", true},
       make_exponent_fourier,
       {"exponent-fourier"}},
      {{FamilyId::polar_complex_exponential, "pcet", "PCET", "polar complex exponential transform", "none",
        "-K..K", "|m| <= K", "(2K+1)^2", true},
       make_polar_complex_exponential,
       {"polar-complex-exponential"}},
      {{FamilyId::polar_cosine, "pct", "PCT", "polar cosine transform", "none", "0..K", "|m| <= K",
        "(K+1)(2K+1)", false},
       make_polar_cosine,
       {"polar-cosine"}},
      {{FamilyId::polar_sine, "pst", "PST", "polar sine transform", "none", "1..K", "|m| <= K", "K(2K+1)",
        false},
       make_polar_sine,
       {"polar-sine"}},
      {{FamilyId::bessel_fourier, "bfm", "BFM", "Bessel-Fourier moments", "none (v = 1)", "0..K (K <= 500)",
        "|m| <= K", "(K+1)(2K+1)", false},
       make_bessel_fourier,
       {"bessel-fourier"}},
      {{FamilyId::fractional_jacobi_fourier, "fjfm", "FJFM", "fractional-order Jacobi-Fourier moments",
        "p, q, alpha: real, q > 0, p - q > -1, alpha > 0 (default p=2, q=2, alpha=1)", "0..K", "|m| <= K",
        "(K+1)(2K+1)", false},
       make_fractional_jacobi_fourier,
       {"fractional-jacobi-fourier"}},
      {{FamilyId::generic_radial_harmonic_fourier, "grhfm", "GRHFM", "generic radial harmonic Fourier moments",
        "alpha: real > 0 (default 1, as in the reference code; 1 gives RHFM)", "0..K", "|m| <= K",
        "(K+1)(2K+1)", false},
       make_generic_radial_harmonic_fourier,
       {"generic-radial-harmonic-fourier"}},
      {{FamilyId::generic_polar_complex_exponential, "gpcet", "GPCET",
        "generic polar complex exponential transform",
        "alpha: real > 0 (default 1, as in the reference code; 1 gives EFM, 2 gives PCET / sqrt 2)", "-K..K",
        "|m| <= K", "(2K+1)^2", true},
       make_generic_polar_complex_exponential,
       {"generic-polar-complex-exponential"}},
      {{FamilyId::generic_polar_cosine, "gpct", "GPCT", "generic polar cosine transform",
        "alpha: real > 0 (default 1, as in the reference code; 2 gives PCT / sqrt 2)", "0..K", "|m| <= K",
        "(K+1)(2K+1)", false},
       make_generic_polar_cosine,
       {"generic-polar-cosine"}},
      {{FamilyId::generic_polar_sine, "gpst", "GPST", "generic polar sine transform",
        "alpha: real > 0 (default 1, as in the reference code; 2 gives PST / sqrt 2)", "1..K", "|m| <= K",
        "K(2K+1)", false},
       make_generic_polar_sine,
       {"generic-polar-sine"}},
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
