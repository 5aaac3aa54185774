// Quadrature rules and Gram-matrix checks shared by the radial-function oracle
// tests. Written independently of src/basis/grid.cpp so that the tests do not
// rely on the library's own Gauss-Legendre nodes.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <functional>
#include <numbers>
#include <vector>

#include "erlangen/basis/family.hpp"

namespace erlangen::testing {

// Nodes and weights of a rule for int_0^1 f(r) r dr ~ sum_i weights[i] f(radii[i]).
// The weights already contain the factor r and the Jacobian of any substitution.
struct RadialRule {
  std::vector<double> radii;
  std::vector<double> weights;
};

// Gauss-Legendre nodes and weights on [-1, 1], by Newton's method on P_count.
inline void gauss_legendre_nodes(int count, std::vector<double>& nodes, std::vector<double>& weights) {
  nodes.assign(static_cast<std::size_t>(count), 0.0);
  weights.assign(static_cast<std::size_t>(count), 0.0);
  for (int i = 0; i < count; ++i) {
    double x = std::cos(std::numbers::pi * (i + 0.75) / (count + 0.5));
    double derivative = 1.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p0 = 1.0;
      double p1 = x;
      for (int k = 2; k <= count; ++k) {
        const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = count * (x * p1 - p0) / (x * x - 1.0);
      const double step = p1 / derivative;
      x -= step;
      if (std::abs(step) < 1e-16) break;
    }
    nodes[static_cast<std::size_t>(i)] = x;
    weights[static_cast<std::size_t>(i)] = 2.0 / ((1.0 - x * x) * derivative * derivative);
  }
}

// Composite Gauss-Legendre rule for int_0^1 g(s) ds; `map` turns a node s into
// (radius, factor) with int_0^1 f(r) r dr = int_0^1 f(r(s)) factor(s) ds.
inline RadialRule composite_rule(int panels, int nodes_per_panel,
                                 const std::function<std::pair<double, double>(double)>& map) {
  std::vector<double> nodes;
  std::vector<double> weights;
  gauss_legendre_nodes(nodes_per_panel, nodes, weights);
  RadialRule rule;
  for (int panel = 0; panel < panels; ++panel) {
    const double left = static_cast<double>(panel) / panels;
    const double half_width = 0.5 / panels;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const double s = left + half_width * (nodes[i] + 1.0);
      const auto [radius, factor] = map(s);
      rule.radii.push_back(radius);
      rule.weights.push_back(half_width * weights[i] * factor);
    }
  }
  return rule;
}

// Plain composite rule in r: 50 panels of 200 nodes.
inline RadialRule plain_rule() {
  return composite_rule(50, 200, [](double r) { return std::pair{r, r}; });
}

// Rule in u = r^alpha, which turns the generic harmonic and fractional Jacobi
// families into smooth integrands: r dr = (1/alpha) u^(2/alpha - 1) du.
inline RadialRule power_rule(double alpha) {
  return composite_rule(50, 200, [alpha](double u) {
    return std::pair{std::pow(u, 1.0 / alpha), std::pow(u, 2.0 / alpha - 1.0) / alpha};
  });
}

// Rule in phi with r = sin^2(phi / 2), phi in [0, pi]: r dr = r sin(phi) / 2 dphi.
// It removes square-root singularities at both ends of [0, 1].
inline RadialRule sine_squared_rule() {
  return composite_rule(50, 200, [](double s) {
    const double phi = std::numbers::pi * s;
    const double half_sine = std::sin(0.5 * phi);
    const double r = half_sine * half_sine;
    return std::pair{r, std::numbers::pi * r * std::sin(phi) / 2.0};
  });
}

// Gauss-Chebyshev rule of the second kind with `count` nodes after r = (1 + t)/2:
// exact for int_0^1 sqrt(r (1 - r)) poly(r) dr up to degree 2 count - 1, which
// is the form of the CHFM products R_a R_b r.
inline RadialRule chebyshev_second_kind_rule(int count) {
  RadialRule rule;
  for (int k = 1; k <= count; ++k) {
    const double angle = k * std::numbers::pi / (count + 1);
    const double t = std::cos(angle);
    const double r = 0.5 * (1.0 + t);
    // int g dr = (1/2) int sqrt(1 - t^2) [g / sqrt(1 - t^2)] dt; the rule's
    // weight pi/(count+1) sin^2(angle) over sqrt(1 - t^2) = sin(angle).
    rule.radii.push_back(r);
    rule.weights.push_back(0.5 * std::numbers::pi / (count + 1) * std::sin(angle) * r);
  }
  return rule;
}

// max |G - I| of the Gram matrix of the normalised radial functions
// sqrt(2 pi Omega_n) R_n of one family up to max_order, under `rule`. For ZM
// and PZM every repetition m forms its own set, and the maximum is over all.
inline double orthonormality_error(const basis::Family& family, int max_order, const RadialRule& rule) {
  basis::RadialTable table;
  family.evaluate(max_order, rule.radii, table);
  const int n_min = family.n_min(max_order);
  const int n_max = family.n_max(max_order);
  const int m_last = family.radial_depends_on_m() ? max_order : 0;
  double worst = 0.0;
  for (int m = 0; m <= m_last; ++m) {
    std::vector<int> orders;
    for (int n = n_min; n <= n_max; ++n) {
      if (!family.radial_depends_on_m() || family.contains({n, m}, max_order)) orders.push_back(n);
    }
    for (const int a : orders) {
      const std::complex<double>* row_a = table.row(a, m);
      const double scale_a = std::sqrt(2.0 * std::numbers::pi * family.omega(a));
      for (const int b : orders) {
        if (b < a) continue;
        const std::complex<double>* row_b = table.row(b, m);
        const double scale_b = std::sqrt(2.0 * std::numbers::pi * family.omega(b));
        std::complex<double> sum = 0.0;
        for (std::size_t i = 0; i < rule.radii.size(); ++i) {
          sum += rule.weights[i] * row_a[i] * std::conj(row_b[i]);
        }
        sum *= scale_a * scale_b;
        const double expected = a == b ? 1.0 : 0.0;
        worst = std::max(worst, std::abs(sum - expected));
      }
    }
  }
  return worst;
}

}  // namespace erlangen::testing
