// Legendre, Tchebichef and Krawtchouk polynomials on equally spaced samples.
//
// The three-term recurrences of the discrete families lose orthogonality once
// the order passes about N/2 (measured: scaled Tchebichef at N = 64 reaches an
// error of 2e-6 at K = 48 and 1e9 at K = 63). The discrete families are
// therefore built by the Stieltjes (Lanczos) procedure with full
// re-orthogonalisation: phi_{n+1} is x phi_n made orthogonal to every earlier
// phi_j twice, then normalised. In exact arithmetic this gives the same
// polynomials as the recurrences. In floating point they stay orthonormal to
// rounding for every order up to N - 1, at a cost of O(N K^2).
#include "erlangen/basis/cartesian.hpp"

#include <cmath>

#include "erlangen/core/error.hpp"

namespace erlangen::basis {

namespace {

void validate_sizes(std::string_view operation, int max_order, std::ptrdiff_t samples) {
  if (samples < 1) {
    throw_invalid_argument(operation, "samples", samples, "an integer >= 1",
                           "pass the number of pixels along the axis");
  }
  if (max_order < 0 || max_order > samples - 1) {
    throw_invalid_argument(operation, "max_order", max_order, fmt::format("an integer in [0, {}]", samples - 1),
                           "use a maximum order below the number of samples");
  }
}

CartesianPolynomials allocate(int max_order, std::ptrdiff_t samples) {
  CartesianPolynomials result;
  result.values = Eigen::MatrixXd::Zero(max_order + 1, samples);
  result.normalisation = Eigen::VectorXd::Ones(max_order + 1);
  return result;
}

// Rows 0..max_order of the orthonormal vectors phi_n = q_n(x) start, where q_n
// is a polynomial of degree n whose leading coefficient has the sign of the
// multiplier's slope. `start` is sqrt of the weight; `multiplier` is an
// affine function of x (only the Krylov space it spans matters).
Eigen::MatrixXd orthonormal_polynomials(const Eigen::VectorXd& start, const Eigen::VectorXd& multiplier,
                                        int max_order) {
  Eigen::MatrixXd basis(max_order + 1, start.size());
  basis.row(0) = start.transpose() / start.norm();
  for (int n = 0; n < max_order; ++n) {
    Eigen::VectorXd next = multiplier.cwiseProduct(basis.row(n).transpose());
    // Two passes of classical Gram-Schmidt ("twice is enough").
    for (int pass = 0; pass < 2; ++pass) {
      const Eigen::VectorXd projections = basis.topRows(n + 1) * next;
      next -= basis.topRows(n + 1).transpose() * projections;
    }
    basis.row(n + 1) = next.transpose() / next.norm();
  }
  return basis;
}

}  // namespace

Eigen::MatrixXd CartesianPolynomials::analysis() const { return normalisation.asDiagonal() * values; }

CartesianPolynomials legendre_polynomials(int max_order, std::ptrdiff_t samples) {
  validate_sizes("legendre_polynomials", max_order, samples);
  CartesianPolynomials result = allocate(max_order, samples);
  const double n_samples = static_cast<double>(samples);
  for (std::ptrdiff_t i = 0; i < samples; ++i) {
    const double x = -1.0 + (2.0 * static_cast<double>(i) + 1.0) / n_samples;
    result.values(0, i) = 1.0;
    if (max_order >= 1) result.values(1, i) = x;
    for (int n = 2; n <= max_order; ++n) {
      result.values(n, i) = ((2.0 * n - 1.0) * x * result.values(n - 1, i) - (n - 1.0) * result.values(n - 2, i)) / n;
    }
  }
  for (int n = 0; n <= max_order; ++n) result.normalisation(n) = (2.0 * n + 1.0) / n_samples;
  return result;
}

CartesianPolynomials tchebichef_polynomials(int max_order, std::ptrdiff_t samples) {
  validate_sizes("tchebichef_polynomials", max_order, samples);
  CartesianPolynomials result = allocate(max_order, samples);
  const double n_samples = static_cast<double>(samples);

  // t_1 = (2x + 1 - N)/N increases with x, so the leading coefficients are positive.
  Eigen::VectorXd multiplier(samples);
  for (std::ptrdiff_t x = 0; x < samples; ++x) {
    multiplier(x) = (2.0 * static_cast<double>(x) + 1.0 - n_samples) / n_samples;
  }
  const Eigen::MatrixXd orthonormal = orthonormal_polynomials(Eigen::VectorXd::Ones(samples), multiplier, max_order);

  // rho(n) = N prod_{i=1..n} (1 - i^2/N^2) / (2n + 1), built as a running
  // product; t_n = sqrt(rho(n)) times the orthonormal polynomial.
  double product = 1.0;
  for (int n = 0; n <= max_order; ++n) {
    if (n > 0) product *= 1.0 - static_cast<double>(n) * n / (n_samples * n_samples);
    const double rho = n_samples * product / (2.0 * n + 1.0);
    result.values.row(n) = std::sqrt(rho) * orthonormal.row(n);
    result.normalisation(n) = 1.0 / rho;
  }
  return result;
}

CartesianPolynomials krawtchouk_polynomials(int max_order, std::ptrdiff_t samples, double p,
                                            KrawtchoukOrder order) {
  validate_sizes("krawtchouk_polynomials", max_order, samples);
  if (!(p > 0.0 && p < 1.0)) {
    throw_invalid_argument("krawtchouk_polynomials", "p", p, "a real number in (0, 1)",
                           "pass p = 0.5 for polynomials centred on the image");
  }
  CartesianPolynomials result = allocate(max_order, samples);
  const double binomial = order == KrawtchoukOrder::samples ? static_cast<double>(samples)
                                                            : static_cast<double>(samples - 1);
  const double spread = p * (1.0 - p);
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  Eigen::VectorXd root_weight(samples);
  for (std::ptrdiff_t xi = 0; xi < samples; ++xi) {
    const double x = static_cast<double>(xi);
    // log w(x) = log C(B, x) + x log P + (B - x) log(1 - P).
    const double log_weight = std::lgamma(binomial + 1.0) - std::lgamma(x + 1.0) -
                              std::lgamma(binomial - x + 1.0) + x * log_p + (binomial - x) * log_q;
    root_weight(xi) = std::exp(0.5 * log_weight);
  }

  if (order == KrawtchoukOrder::samples_minus_one) {
    // The recurrence's A contains -x, so Kbar_n has a leading coefficient of
    // sign (-1)^n; a decreasing multiplier reproduces that sign.
    Eigen::VectorXd multiplier(samples);
    for (std::ptrdiff_t xi = 0; xi < samples; ++xi) {
      multiplier(xi) = (p * binomial - static_cast<double>(xi)) / static_cast<double>(samples);
    }
    result.values = orthonormal_polynomials(root_weight, multiplier, max_order);
    return result;
  }

  // Reference mode: the weight of order N misses its sample x = N, so the
  // reference values are not orthonormal on the N samples and only the
  // recurrence itself reproduces them.
  for (std::ptrdiff_t xi = 0; xi < samples; ++xi) {
    const double x = static_cast<double>(xi);
    result.values(0, xi) = root_weight(xi);
    if (max_order >= 1) result.values(1, xi) = (p * binomial - x) / std::sqrt(spread * binomial) * root_weight(xi);
    for (int n = 2; n <= max_order; ++n) {
      const double a = (binomial * p + (n - 1.0) * (1.0 - 2.0 * p) - x) / std::sqrt(spread * n * (binomial - n + 1.0));
      const double c = std::sqrt((n - 1.0) * (binomial - n + 2.0) / (n * (binomial - n + 1.0)));
      result.values(n, xi) = a * result.values(n - 1, xi) - c * result.values(n - 2, xi);
    }
  }
  return result;
}

}  // namespace erlangen::basis
