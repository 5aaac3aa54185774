// Oracles A5 and A6: sign convention of the Jacobi-type families against their
// closed forms and the unified recurrence, and the identities between families.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "erlangen/basis/family.hpp"

namespace {

using erlangen::basis::FamilyParameters;
using erlangen::basis::make_family;

const double kRadii[] = {0.0, 0.03, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99, 1.0};
const double kInnerRadii[] = {0.03, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99};

long double factorial(int n) { return std::tgamma(static_cast<long double>(n) + 1.0L); }

// Closed forms in long double (orders <= 11 keep the cancellation below 1e-12).
long double ofmm_closed(int n, long double r) {
  long double sum = 0.0L;
  for (int s = 0; s <= n; ++s) {
    const long double term = factorial(n + s + 1) / (factorial(n - s) * factorial(s) * factorial(s + 1));
    sum += ((n + s) % 2 == 0 ? 1.0L : -1.0L) * term * std::pow(r, static_cast<long double>(s));
  }
  return sum;
}

long double chfm_closed(int n, long double r) {
  long double sum = 0.0L;
  for (int s = 0; s <= n / 2; ++s) {
    const long double term = factorial(n - s) / (factorial(s) * factorial(n - 2 * s));
    sum += (s % 2 == 0 ? 1.0L : -1.0L) * term * std::pow(4.0L * r - 2.0L, static_cast<long double>(n - 2 * s));
  }
  return std::sqrt(8.0L / std::numbers::pi_v<long double>) * std::pow((1.0L - r) / r, 0.25L) * sum;
}

long double pjfm_closed(int n, long double r) {
  long double sum = 0.0L;
  for (int k = 0; k <= n; ++k) {
    const long double term = factorial(n + k + 3) / (factorial(n - k) * factorial(k) * factorial(k + 2));
    sum += ((n + k) % 2 == 0 ? 1.0L : -1.0L) * term * std::pow(r, static_cast<long double>(k));
  }
  return std::sqrt((2.0L * n + 4.0L) * (r - r * r) / ((n + 3.0L) * (n + 1.0L))) * sum;
}

// JFM / FJFM gamma-function form: R_n = sqrt(alpha (1-x)^(p-q) r^(alpha q - 2) / b_n) G_n(x).
long double jfm_closed(int n, long double p, long double q, long double alpha, long double r) {
  const long double x = std::pow(r, alpha);
  long double sum = 0.0L;
  for (int k = 0; k <= n; ++k) {
    const long double term = std::tgamma(p + n + k) / (factorial(n - k) * factorial(k) * std::tgamma(q + k));
    sum += (k % 2 == 0 ? 1.0L : -1.0L) * term * std::pow(x, static_cast<long double>(k));
  }
  const long double g = factorial(n) * std::tgamma(q) / std::tgamma(p + n) * sum;
  const long double b = factorial(n) * std::tgamma(q) * std::tgamma(q) * std::tgamma(p - q + n + 1) /
                        (std::tgamma(q + n) * std::tgamma(p + n) * (p + 2 * n));
  return std::sqrt(alpha * std::pow(1.0L - x, p - q) * std::pow(r, alpha * q - 2.0L) / b) * g;
}

// The unified recurrence with L1, L2, L3 and A_n exactly as published, in long
// double, for orders where its cancellation stays below 1e-12.
long double unified_recurrence(int n, long double p, long double q, long double alpha, long double r) {
  const long double x = std::pow(r, alpha);
  std::vector<long double> values(static_cast<std::size_t>(n + 2));
  values[0] = std::tgamma(p) / std::tgamma(q);
  values[1] = std::tgamma(p + 1) / std::tgamma(q) * (1.0L - (p + 1) * x / q);
  for (int k = 2; k <= n; ++k) {
    const long double l1 = -(2 * k + p - 1) * (2 * k + p - 2) / (k * (q + k - 1));
    const long double l2 = (p + 2 * k - 2) + (k - 1) * (q + k - 2) * l1 / (p + 2 * k - 3);
    const long double l3 = (p + 2 * k - 4) * (p + 2 * k - 3) / 2 + (q + k - 3) * (k - 2) * l1 / 2 - (p + 2 * k - 4) * l2;
    values[static_cast<std::size_t>(k)] = (l1 * x + l2) * values[static_cast<std::size_t>(k - 1)] +
                                          l3 * values[static_cast<std::size_t>(k - 2)];
  }
  long double a = std::sqrt(std::tgamma(q) / (std::tgamma(p) * std::tgamma(p - q + 1)));
  for (int k = 1; k <= n; ++k) a *= std::sqrt(k * (q + k - 1) / ((p + k - 1) * (p - q + k)));
  return a * values[static_cast<std::size_t>(n)] *
         std::sqrt((p + 2 * n) * alpha * std::pow(1.0L - x, p - q) * std::pow(r, alpha * q - 2));
}

double relative_gap(double actual, long double expected) {
  return std::abs(static_cast<long double>(actual) - expected) / std::max(1.0L, std::abs(expected));
}

TEST(JacobiSign, ClosedFormsHaveOppositeOddSign) {
  const auto ofmm = make_family("ofmm");
  const auto chfm = make_family("chfm");
  const auto pjfm = make_family("pjfm");
  for (int n = 0; n <= 11; ++n) {
    const double sign = n % 2 == 0 ? 1.0 : -1.0;
    for (const double r : kInnerRadii) {
      // The closed-form coefficients reach 1e8 (PJFM, n = 11), so the long
      // double sums keep about 1e-11 relative (measured worst 9e-12).
      EXPECT_LE(relative_gap(sign * ofmm->radial(n, 0, r).real(), ofmm_closed(n, r)), 1e-10) << n << " " << r;
      EXPECT_LE(relative_gap(sign * chfm->radial(n, 0, r).real(), chfm_closed(n, r)), 1e-10) << n << " " << r;
      EXPECT_LE(relative_gap(sign * pjfm->radial(n, 0, r).real(), pjfm_closed(n, r)), 1e-10) << n << " " << r;
    }
  }
}

TEST(JacobiSign, GammaFormEqualsFamilyWithSameSign) {
  const FamilyParameters cases[] = {{1.0, 2.0, 2.0}, {1.0, 4.0, 3.0}, {2.0, 3.0, 3.0}, {1.0, 2.0, 1.5}, {0.7, 5.0, 2.5}};
  for (const FamilyParameters& parameters : cases) {
    const auto family = make_family("fjfm", parameters);
    for (int n = 0; n <= 11; ++n) {
      for (const double r : kInnerRadii) {
        const long double expected = jfm_closed(n, parameters.p, parameters.q, parameters.alpha, r);
        // The gamma form cancels like the factorial sums, so in long double it
        // keeps about 1e-11 relative up to n = 11 (measured worst 2e-11).
        EXPECT_LE(relative_gap(family->radial(n, 0, r).real(), expected), 1e-10)
            << family->parameter_text() << " n=" << n << " r=" << r;
      }
    }
  }
}

TEST(JacobiSign, PublishedRecurrenceEqualsFamily) {
  const FamilyParameters cases[] = {{1.0, 2.0, 2.0}, {1.0, 4.0, 3.0}, {2.0, 3.0, 3.0}, {1.0, 2.0, 1.5}, {1.0, 1.0, 1.0}};
  for (const FamilyParameters& parameters : cases) {
    const auto family = make_family("fjfm", parameters);
    for (int n = 0; n <= 20; ++n) {
      for (const double r : kInnerRadii) {
        const long double expected = unified_recurrence(n, parameters.p, parameters.q, parameters.alpha, r);
        // The published L-form loses about 3 of long double's 19 digits by n = 20.
        EXPECT_LE(relative_gap(family->radial(n, 0, r).real(), expected), 1e-12)
            << family->parameter_text() << " n=" << n << " r=" << r;
      }
    }
  }
}

// sqrt(2 pi Omega_n) R_n, the orthonormal radial function.
std::complex<double> normalised(const erlangen::basis::Family& family, int n, double r) {
  return std::sqrt(2.0 * std::numbers::pi * family.omega(n)) * family.radial(n, 0, r);
}

TEST(FamilyIdentities, PolarFamiliesAreSqrt2TimesGeneric) {
  const FamilyParameters alpha2{2.0, 2.0, 2.0};
  const std::pair<const char*, const char*> pairs[] = {{"pcet", "gpcet"}, {"pct", "gpct"}, {"pst", "gpst"}};
  for (const auto& [polar_name, generic_name] : pairs) {
    const auto polar = make_family(polar_name);
    const auto generic = make_family(generic_name, alpha2);
    for (int n = polar->n_min(10); n <= 10; ++n) {
      // Radial level: R_generic = sqrt2 R_polar and Omega_polar = 2 Omega_generic,
      // so the moments Omega conj(R) f satisfy M_polar = sqrt2 M_generic.
      EXPECT_NEAR(polar->omega(n), 2.0 * generic->omega(n), 1e-15) << polar_name;
      for (const double r : kRadii) {
        const std::complex<double> polar_value = polar->radial(n, 0, r);
        const std::complex<double> generic_value = generic->radial(n, 0, r);
        // Same phasor code, different constant: equal to rounding.
        EXPECT_LE(std::abs(generic_value - std::numbers::sqrt2 * polar_value), 1e-14) << polar_name << " n=" << n;
        EXPECT_LE(std::abs(polar->omega(n) * polar_value - std::numbers::sqrt2 * generic->omega(n) * generic_value),
                  1e-14)
            << polar_name << " n=" << n;
      }
    }
  }
}

TEST(FamilyIdentities, GenericWithAlphaOneIsClassic) {
  const auto efm = make_family("efm");
  const auto gpcet = make_family("gpcet", {1.0, 2.0, 2.0});
  const auto rhfm = make_family("rhfm");
  const auto grhfm = make_family("grhfm", {1.0, 2.0, 2.0});
  for (int n = -12; n <= 12; ++n) {
    EXPECT_EQ(efm->omega(n), gpcet->omega(n));
    for (const double r : kInnerRadii) {
      // Identical formulas evaluated by the same code: bitwise equal.
      EXPECT_EQ(efm->radial(n, 0, r), gpcet->radial(n, 0, r)) << n << " " << r;
      if (n >= 0) {
        EXPECT_EQ(rhfm->radial(n, 0, r), grhfm->radial(n, 0, r)) << n << " " << r;
      }
    }
  }
}

TEST(FamilyIdentities, JacobiSpecialCases) {
  const std::pair<const char*, FamilyParameters> cases[] = {
      {"ofmm", {1.0, 2.0, 2.0}}, {"chfm", {1.0, 2.0, 1.5}}, {"pjfm", {1.0, 4.0, 3.0}}};
  for (const auto& [name, parameters] : cases) {
    const auto special = make_family(name);
    const auto jfm = make_family("jfm", parameters);
    const auto fjfm = make_family("fjfm", parameters);
    for (int n = 0; n <= 30; ++n) {
      for (const double r : kInnerRadii) {
        // OFMM differs from JFM(2, 2) by its textbook constant only, so the
        // orthonormal functions agree. CHFM and PJFM agree outright.
        EXPECT_NEAR(std::abs(normalised(*special, n, r) - normalised(*jfm, n, r)), 0.0, 1e-12) << name << " " << n;
        EXPECT_EQ(jfm->radial(n, 0, r), fjfm->radial(n, 0, r)) << name << " " << n;
      }
    }
  }
}

TEST(FamilyIdentities, FractionalJacobiIsJacobiInRPowerAlpha) {
  // R_FJFM(r) = sqrt(alpha) r^(alpha - 1) R_JFM(r^alpha).
  const FamilyParameters fractional{1.7, 3.0, 2.0};
  const auto fjfm = make_family("fjfm", fractional);
  const auto jfm = make_family("jfm", {1.0, 3.0, 2.0});
  for (int n = 0; n <= 25; ++n) {
    for (const double r : kInnerRadii) {
      const double expected = std::sqrt(1.7) * std::pow(r, 0.7) * jfm->radial(n, 0, std::pow(r, 1.7)).real();
      EXPECT_NEAR(fjfm->radial(n, 0, r).real(), expected, 1e-13 * std::max(1.0, std::abs(expected))) << n << " " << r;
    }
  }
}

}  // namespace
