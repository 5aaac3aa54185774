// Oracle A1 and A2: orthonormality of the normalised radial functions
// sqrt(2 pi Omega_n) R_n of every family, by quadrature rules that integrate
// the products exactly or to rounding, and the zeros of J_1 behind BFM.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "test_radial_support.hpp"

namespace {

using erlangen::basis::FamilyParameters;
using erlangen::basis::make_family;
using namespace erlangen::testing;

enum class Rule { plain, power, chebyshev, sine_squared };

struct Case {
  std::string name;
  FamilyParameters parameters;
  Rule rule;
};

RadialRule make_rule(const Case& c) {
  switch (c.rule) {
    case Rule::plain: return plain_rule();
    case Rule::power: return power_rule(c.parameters.alpha);
    case Rule::chebyshev: return chebyshev_second_kind_rule(400);
    case Rule::sine_squared: return sine_squared_rule();
  }
  return plain_rule();
}

std::string describe(const Case& c) {
  const auto family = make_family(c.name, c.parameters);
  return c.name + " " + family->parameter_text();
}

// Families whose products R_a R_b r are smooth in r, or become smooth after
// u = r^alpha (generic harmonic and fractional Jacobi families), or are
// sqrt(r (1 - r)) times a polynomial (CHFM, Gauss-Chebyshev of the second kind).
const Case kSmoothCases[] = {
    {"zernike", {}, Rule::plain},
    {"pseudo-zernike", {}, Rule::plain},
    {"ofmm", {}, Rule::plain},
    {"chfm", {}, Rule::chebyshev},
    {"pjfm", {}, Rule::plain},
    {"jfm", {1.0, 1.0, 1.0}, Rule::plain},
    {"jfm", {1.0, 5.0, 3.0}, Rule::plain},
    {"fjfm", {2.0, 3.0, 3.0}, Rule::power},
    {"fjfm", {0.5, 2.0, 2.0}, Rule::power},
    {"fjfm", {1.5, 4.0, 3.0}, Rule::power},
    {"rhfm", {}, Rule::power},
    {"grhfm", {0.5, 2.0, 2.0}, Rule::power},
    {"grhfm", {3.0, 2.0, 2.0}, Rule::power},
    {"efm", {}, Rule::power},
    {"pcet", {}, Rule::plain},
    {"gpcet", {0.7, 2.0, 2.0}, Rule::power},
    {"gpcet", {2.5, 2.0, 2.0}, Rule::power},
    {"pct", {}, Rule::plain},
    {"gpct", {0.3, 2.0, 2.0}, Rule::power},
    {"pst", {}, Rule::plain},
    {"gpst", {1.5, 2.0, 2.0}, Rule::power},
    {"bfm", {}, Rule::plain},
};

TEST(RadialOrthonormality, EveryFamilyAtOrder40) {
  for (const Case& c : kSmoothCases) {
    const auto family = make_family(c.name, c.parameters);
    const double error = orthonormality_error(*family, 40, make_rule(c));
    if (c.name == "pseudo-zernike") {
      // The p-recursive coefficients L2 and L3 are differences of large terms
      // (measured 2.9e-12 at K = 40), which the method's published accuracy
      // of about 1e-12 at n <= 30 matches.
      EXPECT_LE(error, 5e-12) << describe(c);
    } else {
      // The rules integrate every product to rounding.
      EXPECT_LE(error, 1e-12) << describe(c);
    }
  }
}

TEST(RadialOrthonormality, JacobiWithRimSingularity) {
  // p < q puts (1 - x)^((p - q)/2) into R_n, and x = sin^2(phi/2) makes the
  // products smooth. (p, q) = (0, 0.5) is the Chebyshev weight of the first
  // kind, where Gamma(p) is infinite but T_0 and beta_1 are not.
  const Case cases[] = {{"jfm", {1.0, 1.0, 1.5}, Rule::sine_squared},
                        {"jfm", {1.0, 0.0, 0.5}, Rule::sine_squared},
                        {"fjfm", {1.0, 0.5, 1.0}, Rule::sine_squared}};
  for (const Case& c : cases) {
    const auto family = make_family(c.name, c.parameters);
    // The family computes 1 - r from r, which costs eps / (1 - r) relative
    // error at the last nodes before r = 1 (measured 6e-11).
    EXPECT_LE(orthonormality_error(*family, 40, make_rule(c)), 2e-10) << describe(c);
  }
}

TEST(RadialOrthonormality, HighestSupportedOrders) {
  // Measured errors at the supported maximum: ZM 5e-13 (K = 200), PZM 2e-10,
  // Jacobi kind 1e-14 to 3e-14, harmonic kind 2e-14, BFM 3.3e-12 (K = 200).
  // Bounds leave a factor of about 5.
  struct Limit {
    Case c;
    double bound;
  };
  const Limit limits[] = {
      {{"zernike", {}, Rule::plain}, 1e-9},
      {{"pseudo-zernike", {}, Rule::plain}, 1e-9},
      {{"ofmm", {}, Rule::plain}, 1e-13},
      {{"chfm", {}, Rule::chebyshev}, 1e-13},
      {{"pjfm", {}, Rule::plain}, 1e-13},
      {{"jfm", {1.0, 1.0, 1.0}, Rule::plain}, 1e-13},
      {{"fjfm", {2.0, 3.0, 3.0}, Rule::power}, 1e-13},
      {{"grhfm", {0.5, 2.0, 2.0}, Rule::power}, 1e-13},
      {{"gpcet", {2.5, 2.0, 2.0}, Rule::power}, 1e-13},
      {{"pct", {}, Rule::plain}, 1e-13},
      {{"bfm", {}, Rule::plain}, 2e-11},
  };
  // 100 panels of 30 nodes resolve every product at these orders (at most
  // about 3 oscillations per panel) and give the same errors as 50 x 200
  // nodes, at a third of the cost.
  const RadialRule fast_plain = composite_rule(100, 30, [](double r) { return std::pair{r, r}; });
  for (const Limit& limit : limits) {
    const auto family = make_family(limit.c.name, limit.c.parameters);
    const int order = std::min(family->max_supported_order(), 200);
    const RadialRule rule = limit.c.rule == Rule::plain ? fast_plain : make_rule(limit.c);
    EXPECT_LE(orthonormality_error(*family, order, rule), limit.bound)
        << describe(limit.c) << " at K = " << order;
  }
}

TEST(RadialOrthonormality, ZernikeAcrossMethodBoundary) {
  // Orders up to 60 come from the q-recursive method and higher ones from the
  // Jacobi form. The 50 x 200 rule puts nodes down to r = 4e-7, where the
  // q-recursive values are least accurate (measured 1.6e-10 at K = 60 and at
  // K = 100); the q-recursive method alone reached 2.5e-5 at K = 100.
  const auto family = make_family("zernike");
  EXPECT_LE(orthonormality_error(*family, 100, plain_rule()), 1e-9);
}

TEST(BesselFourier, FirstZerosOfJ1) {
  const double expected[] = {3.8317059702, 7.0155866698, 10.1734681351, 13.3236919363, 16.4706300509};
  for (int n = 0; n < 5; ++n) {
    // The reference values carry ten decimals.
    EXPECT_NEAR(erlangen::basis::bessel_fourier_zero(n), expected[n], 1e-9) << "n = " << n;
  }
}

TEST(BesselFourier, ZerosAreRootsAndIncrease) {
  double previous = 0.0;
  for (int n = 0; n <= 500; ++n) {
    const double zero = erlangen::basis::bessel_fourier_zero(n);
    // Bounded by the absolute accuracy of std::cyl_bessel_j itself, which
    // falls to about 7e-13 near x = 1500 (libstdc++ 12, measured).
    EXPECT_LE(std::abs(std::cyl_bessel_j(1.0, zero)), 2e-12) << "n = " << n;
    // Consecutive zeros of J_1 are about pi apart.
    EXPECT_NEAR(zero - previous, std::numbers::pi, n == 0 ? 0.7 : 0.1) << "n = " << n;
    previous = zero;
  }
  EXPECT_THROW(erlangen::basis::bessel_fourier_zero(501), erlangen::InvalidArgument);
}

TEST(BesselFourier, OrthogonalityWithStdBessel) {
  // int_0^1 J_1(l_a r) J_1(l_b r) r dr = delta_ab J_2(l_a)^2 / 2, evaluated with
  // std::cyl_bessel_j directly (the slow oracle of the interpolated family).
  const RadialRule rule = composite_rule(20, 100, [](double r) { return std::pair{r, r}; });
  for (int a = 0; a < 8; ++a) {
    for (int b = 0; b < 8; ++b) {
      const double la = erlangen::basis::bessel_fourier_zero(a);
      const double lb = erlangen::basis::bessel_fourier_zero(b);
      double sum = 0.0;
      for (std::size_t i = 0; i < rule.radii.size(); ++i) {
        sum += rule.weights[i] * std::cyl_bessel_j(1.0, la * rule.radii[i]) * std::cyl_bessel_j(1.0, lb * rule.radii[i]);
      }
      const double j2 = std::cyl_bessel_j(2.0, la);
      const double expected = a == b ? j2 * j2 / 2.0 : 0.0;
      // Smooth integrand, 2000 Gauss nodes: exact to rounding.
      EXPECT_NEAR(sum, expected, 1e-14) << a << "," << b;
    }
  }
  const auto family = make_family("bfm");
  for (int n = 0; n < 8; ++n) {
    const double j2 = std::cyl_bessel_j(2.0, erlangen::basis::bessel_fourier_zero(n));
    EXPECT_NEAR(family->omega(n), 1.0 / (std::numbers::pi * j2 * j2), 1e-12 * family->omega(n));
  }
}

}  // namespace
