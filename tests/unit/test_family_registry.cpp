// Moment families: registry, index sets, flags, parameter validation, and the
// fast evaluation paths against direct formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <random>
#include <set>
#include <string>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"

namespace {

using erlangen::InvalidArgument;
using erlangen::basis::FamilyId;
using erlangen::basis::FamilyParameters;
using erlangen::basis::family_table;
using erlangen::basis::make_family;

// Number of (n, m) pairs for maximum order K, from the count column of the
// family table.
long expected_count(const std::string& formula, long k) {
  if (formula == "(K+1)(K+2)/2") return (k + 1) * (k + 2) / 2;
  if (formula == "(K+1)^2") return (k + 1) * (k + 1);
  if (formula == "(K+1)(2K+1)") return (k + 1) * (2 * k + 1);
  if (formula == "(2K+1)^2") return (2 * k + 1) * (2 * k + 1);
  if (formula == "K(2K+1)") return k * (2 * k + 1);
  ADD_FAILURE() << "unknown count formula " << formula;
  return -1;
}

TEST(FamilyRegistry, TableListsAllSeventeenFamilies) {
  const auto& table = family_table();
  ASSERT_EQ(table.size(), 17u);
  std::set<int> ids;
  std::set<std::string> names;
  for (const auto& row : table) {
    ids.insert(static_cast<int>(row.id));
    names.insert(row.name);
    EXPECT_FALSE(row.title.empty()) << row.name;
    EXPECT_FALSE(row.parameters.empty()) << row.name;
  }
  EXPECT_EQ(ids.size(), 17u);
  EXPECT_EQ(*ids.begin(), 1);
  EXPECT_EQ(*ids.rbegin(), 17);
  EXPECT_EQ(names.size(), 17u);
}

TEST(FamilyRegistry, RowsMatchTheFamilies) {
  for (const auto& row : family_table()) {
    const auto by_id = make_family(row.id);
    EXPECT_EQ(by_id->id(), row.id);
    EXPECT_EQ(by_id->name(), row.name);
    EXPECT_EQ(by_id->abbreviation(), row.abbreviation);
    EXPECT_EQ(by_id->complex_radial(), row.complex_radial) << row.name;
    EXPECT_EQ(make_family(row.name)->id(), row.id);
    EXPECT_EQ(make_family(row.abbreviation)->id(), row.id);
    for (long k = 0; k <= 7; ++k) {
      EXPECT_EQ(static_cast<long>(by_id->orders(static_cast<int>(k)).size()), expected_count(row.count, k))
          << row.name << " K=" << k;
    }
  }
}

TEST(FamilyRegistry, LongNamesAndAliases) {
  const std::pair<const char*, FamilyId> cases[] = {
      {"zm", FamilyId::zernike},
      {"PZM", FamilyId::pseudo_zernike},
      {"orthogonal-fourier-mellin", FamilyId::orthogonal_fourier_mellin},
      {"chebyshev_fourier", FamilyId::chebyshev_fourier},
      {"polar-cosine", FamilyId::polar_cosine},
      {"Polar-Sine", FamilyId::polar_sine},
      {"generic-polar-complex-exponential", FamilyId::generic_polar_complex_exponential},
      {"fractional-jacobi-fourier", FamilyId::fractional_jacobi_fourier},
      {"bessel-fourier", FamilyId::bessel_fourier},
      {"exponent-fourier", FamilyId::exponent_fourier},
  };
  for (const auto& [name, id] : cases) EXPECT_EQ(make_family(name)->id(), id) << name;
  EXPECT_THROW(make_family("zernicke"), InvalidArgument);
}

TEST(FamilyIndexSets, RangesOfNAndM) {
  const auto zm = make_family("zm");
  EXPECT_TRUE(zm->contains({4, -2}, 4));
  EXPECT_FALSE(zm->contains({4, 1}, 4));
  EXPECT_FALSE(zm->contains({3, 5}, 5));
  const auto pzm = make_family("pzm");
  EXPECT_TRUE(pzm->contains({3, -2}, 4));
  EXPECT_FALSE(pzm->contains({2, 3}, 4));
  const auto efm = make_family("efm");
  EXPECT_EQ(efm->n_min(5), -5);
  EXPECT_TRUE(efm->contains({-5, 5}, 5));
  const auto pst = make_family("pst");
  EXPECT_EQ(pst->n_min(5), 1);
  EXPECT_FALSE(pst->contains({0, 0}, 5));
  const auto pct = make_family("pct");
  EXPECT_TRUE(pct->contains({0, -5}, 5));
  EXPECT_FALSE(pct->contains({6, 0}, 5));
  // Orders are listed with n in the outer loop and m in the inner loop.
  const auto orders = pct->orders(1);
  ASSERT_EQ(orders.size(), 6u);
  EXPECT_EQ(orders[0], (erlangen::basis::OrderPair{0, -1}));
  EXPECT_EQ(orders[5], (erlangen::basis::OrderPair{1, 1}));
}

TEST(FamilyFlags, SingularAtOriginFollowsTheFormulas) {
  const std::pair<const char*, bool> defaults[] = {
      {"zm", false},   {"pzm", false},  {"ofmm", false}, {"chfm", true}, {"pjfm", false}, {"jfm", false},
      {"fjfm", false}, {"rhfm", true},  {"efm", true},   {"pcet", false}, {"pct", false}, {"pst", false},
      {"bfm", false},  {"grhfm", true}, {"gpcet", true}, {"gpct", true},  {"gpst", false},
  };
  for (const auto& [name, singular] : defaults) EXPECT_EQ(make_family(name)->singular_at_origin(), singular) << name;
  // JFM/FJFM: r^((alpha q - 2)/2); generic sine: r^(3 alpha/2 - 1).
  EXPECT_TRUE(make_family("jfm", {1.0, 2.0, 1.5})->singular_at_origin());
  EXPECT_TRUE(make_family("fjfm", {0.9, 2.0, 2.0})->singular_at_origin());
  EXPECT_FALSE(make_family("fjfm", {1.0, 2.0, 2.0})->singular_at_origin());
  EXPECT_TRUE(make_family("gpst", {0.5, 2.0, 2.0})->singular_at_origin());
  EXPECT_FALSE(make_family("gpcet", {2.0, 2.0, 2.0})->singular_at_origin());
  EXPECT_TRUE(make_family("gpct", {1.99, 2.0, 2.0})->singular_at_origin());
}

TEST(FamilyFlags, ValuesAtOriginAreFiniteUnlessSingular) {
  for (const auto& row : family_table()) {
    const auto family = make_family(row.id);
    erlangen::basis::RadialTable table;
    const double radius[1] = {0.0};
    family->evaluate(6, radius, table);
    bool finite = true;
    for (int n = family->n_min(6); n <= 6; ++n) {
      for (int m = 0; m <= table.m_abs_max(); ++m) finite = finite && std::isfinite(std::abs(table.row(n, m)[0]));
    }
    EXPECT_EQ(finite, !family->singular_at_origin()) << row.name;
  }
  // GPST between alpha = 2/3 and 2 uses the limit at r = 0.
  const auto gpst = make_family("gpst", {2.0 / 3.0, 2.0, 2.0});
  EXPECT_NEAR(gpst->radial(3, 0, 0.0).real(), std::sqrt(4.0 / 3.0) * std::numbers::pi * 3.0, 1e-12);
  EXPECT_EQ(make_family("gpst", {1.0, 2.0, 2.0})->radial(3, 0, 0.0).real(), 0.0);
}

TEST(FamilyParameters, TextDescribesParameters) {
  EXPECT_EQ(make_family("jfm")->parameter_text(), "p=2,q=2");
  EXPECT_EQ(make_family("fjfm", {1.5, 3.0, 2.5})->parameter_text(), "p=3,q=2.5,alpha=1.5");
  EXPECT_EQ(make_family("gpcet", {1.5, 2.0, 2.0})->parameter_text(), "alpha=1.5");
  EXPECT_EQ(make_family("gpct")->parameter_text(), "alpha=1");
  EXPECT_EQ(make_family("pct")->parameter_text(), "");
  EXPECT_EQ(make_family("ofmm", {3.0, 7.0, 1.0})->parameter_text(), "");
  // Fixed families ignore the user parameters.
  EXPECT_EQ(make_family("pcet", {0.5, 2.0, 2.0})->radial(1, 0, 0.5), make_family("pcet")->radial(1, 0, 0.5));
}

TEST(FamilyParameters, InvalidValuesAreRejected) {
  const double nan = std::nan("");
  for (const char* name : {"grhfm", "gpcet", "gpct", "gpst", "fjfm"}) {
    for (const double alpha : {0.0, -1.0, nan, std::numeric_limits<double>::infinity()}) {
      EXPECT_THROW(make_family(name, {alpha, 2.0, 2.0}), InvalidArgument) << name << " alpha=" << alpha;
    }
  }
  EXPECT_THROW(make_family("jfm", {1.0, 2.0, 0.0}), InvalidArgument);
  EXPECT_THROW(make_family("jfm", {1.0, 1.0, 2.0}), InvalidArgument);  // p - q = -1
  EXPECT_THROW(make_family("fjfm", {1.0, nan, 2.0}), InvalidArgument);
  EXPECT_NO_THROW(make_family("jfm", {1.0, 1.01, 2.0}));
  try {
    make_family("gpcet", {-0.5, 2.0, 2.0});
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("gpcet"), std::string::npos) << message;
    EXPECT_NE(message.find("alpha is -0.5"), std::string::npos) << message;
    EXPECT_NE(message.find("> 0"), std::string::npos) << message;
  }
  try {
    make_family("jfm", {1.0, 1.0, 3.0});
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("p is 1"), std::string::npos) << message;
    EXPECT_NE(message.find("p > 2"), std::string::npos) << message;
  }
}

// Direct long double evaluation of the harmonic radial functions (the slow
// oracle of the phasor recurrence).
std::complex<long double> harmonic_direct(const std::string& name, double alpha, int n, double r) {
  const long double pi = std::numbers::pi_v<long double>;
  const long double u = std::pow(static_cast<long double>(r), static_cast<long double>(alpha));
  const long double w = std::sqrt(alpha * std::pow(static_cast<long double>(r), alpha - 2.0L));
  const long double root2 = std::sqrt(2.0L);
  if (name == "gpcet") return w * std::polar(1.0L, 2.0L * pi * n * u);
  if (name == "gpct") return n == 0 ? w : w * root2 * std::cos(pi * n * u);
  if (name == "gpst") return w * root2 * std::sin(pi * n * u);
  if (n == 0) return w;  // grhfm
  return n % 2 == 1 ? w * root2 * std::sin(pi * (n + 1) * u) : w * root2 * std::cos(pi * n * u);
}

TEST(FamilyEvaluation, HarmonicPhasorsMatchDirectFormulas) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> radii(64);
  for (auto& r : radii) r = uniform(random);
  radii.push_back(1.0);
  for (const char* name : {"grhfm", "gpcet", "gpct", "gpst"}) {
    for (const double alpha : {0.6, 1.0, 2.0, 3.3}) {
      const auto family = make_family(name, {alpha, 2.0, 2.0});
      erlangen::basis::RadialTable table;
      family->evaluate(200, radii, table);
      double worst = 0.0;
      for (int n = family->n_min(200); n <= 200; ++n) {
        for (std::size_t k = 0; k < radii.size(); ++k) {
          const std::complex<long double> expected = harmonic_direct(name, alpha, n, radii[k]);
          const std::complex<long double> actual(table.row(n, 0)[k].real(), table.row(n, 0)[k].imag());
          const long double weight = std::sqrt(alpha * std::pow(static_cast<long double>(radii[k]), alpha - 2.0L));
          worst = std::max(worst, static_cast<double>(std::abs(actual - expected) / weight));
        }
      }
      // Relative to the weight w(r): at most 32 phasor multiplications after
      // each direct restart (measured worst about 1e-14).
      EXPECT_LE(worst, 1e-13) << name << " alpha=" << alpha;
    }
  }
}

TEST(FamilyEvaluation, BesselInterpolantMatchesStdBessel) {
  const auto bfm = make_family("bfm");
  std::mt19937 random(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> radii(200);
  for (auto& r : radii) r = uniform(random);
  erlangen::basis::RadialTable table;
  bfm->evaluate(500, radii, table);
  for (const int n : {0, 1, 7, 40, 200, 500}) {
    const double zero = erlangen::basis::bessel_fourier_zero(n);
    for (std::size_t k = 0; k < radii.size(); ++k) {
      // Degree-15 Chebyshev pieces of unit width interpolate with an error
      // below 1e-20. What remains is the phase error of order x eps that
      // std::cyl_bessel_j carries at large x (measured 7e-13 at x = 1575,
      // libstdc++ 12), in the nodes and in the comparison values alike.
      const double x = zero * radii[k];
      EXPECT_NEAR(table.row(n, 0)[k].real(), std::cyl_bessel_j(1.0, x), 2e-15 * std::max(1.0, x)) << n << " " << x;
    }
  }
  EXPECT_THROW(bfm->evaluate(501, radii, table), InvalidArgument);
}

TEST(FamilyEvaluation, TableShapes) {
  const double radii[3] = {0.1, 0.5, 0.9};
  erlangen::basis::RadialTable table;
  make_family("efm")->evaluate(4, radii, table);
  EXPECT_EQ(table.n_min(), -4);
  EXPECT_EQ(table.n_max(), 4);
  EXPECT_EQ(table.m_abs_max(), 0);
  EXPECT_EQ(table.radius_count(), 3u);
  // e^{j 2 pi n r} / sqrt(r) and its conjugate for -n.
  EXPECT_NEAR(std::abs(table.row(-3, 0)[1] - std::conj(table.row(3, 0)[1])), 0.0, 1e-15);
  make_family("pzm")->evaluate(4, radii, table);
  EXPECT_EQ(table.m_abs_max(), 4);
  // R_{n,n} = r^n for PZM and ZM.
  EXPECT_NEAR(table.row(4, 4)[2].real(), std::pow(0.9, 4), 1e-15);
  make_family("pst")->evaluate(4, radii, table);
  EXPECT_EQ(table.n_min(), 1);
}

}  // namespace
