// Cartesian orthogonal polynomials on N equally spaced samples: Legendre,
// Tchebichef and Krawtchouk. Their moments are separable matrix products
//   Q = A_rows f A_cols^T,   A = diag(normalisation) values,
// and the reconstruction from orders up to K is f ~ values_rows^T Q values_cols.
// None of them is rotation invariant; they serve as baselines next to the
// disk-based families of family.hpp.
#pragma once

#include <cstddef>

#include <Eigen/Core>

namespace erlangen::basis {

// Values of one polynomial family at N samples, orders 0..K.
struct CartesianPolynomials {
  // (K + 1) x N matrix: values(n, i) is the order-n polynomial at sample i.
  Eigen::MatrixXd values;
  // Per-order factor of the moments: Q_pq = normalisation(p) normalisation(q)
  // sum_i sum_j values(p, i) values(q, j) f(i, j).
  Eigen::VectorXd normalisation;

  // Analysis matrix diag(normalisation) * values, (K + 1) x N.
  Eigen::MatrixXd analysis() const;
};

// Legendre polynomials P_n at the pixel centres x_i = -1 + (2i + 1)/N, by the
// three-term recurrence P_n = ((2n - 1) x P_{n-1} - (n - 1) P_{n-2}) / n, with
// normalisation (2n + 1)/N. The sum over samples is the midpoint rule for the
// integral over [-1, 1], so the discrete orthogonality is only approximate:
// its error grows like (p + q)^2 / N^2. max_order must lie in [0, N - 1].
CartesianPolynomials legendre_polynomials(int max_order, std::ptrdiff_t samples);

// Scaled Tchebichef polynomials t_n(x), x = 0..N-1, in the form of Mukundan,
// Ong and Lee (2001):
//   t_0 = 1,  t_1 = (2x + 1 - N) / N,
//   t_n = ((2n - 1) t_1 t_{n-1} - (n - 1)(1 - (n - 1)^2 / N^2) t_{n-2}) / n,
// with normalisation 1 / rho(n), rho(n) = N prod_{i=1..n} (1 - i^2/N^2) / (2n + 1).
// They are exactly orthogonal on the samples: sum_x t_p t_q = rho(p) delta_pq.
// The values come from an orthonormalisation that stays accurate for every
// order (see cartesian.cpp), scaled by sqrt(rho(n)). max_order must lie in
// [0, N - 1].
// NOTE: rho(N - 1) is about exp(-0.61 N), so it underflows to 0 for N above
// about 1100 at the highest orders, and the normalisation becomes infinite.
CartesianPolynomials tchebichef_polynomials(int max_order, std::ptrdiff_t samples);

// Binomial order of the Krawtchouk weight for N samples.
enum class KrawtchoukOrder {
  // N - 1: the polynomials are exactly orthonormal on x = 0..N-1 (default).
  samples_minus_one,
  // N, as in the reference code: orthonormal only up to an error of about P^N,
  // because the sample x = N of the binomial weight is missing.
  samples,
};

// Weighted Krawtchouk polynomials Kbar_n(x; P, B), x = 0..N-1, with binomial
// order B (N - 1 or N) and parameter P in (0, 1), in the form of Yap,
// Paramesran and Ong (2003):
//   w(x) = C(B, x) P^x (1 - P)^(B - x),  Kbar_0 = sqrt(w),
//   Kbar_1 = (P B - x) / sqrt(P (1 - P) B) Kbar_0,
//   Kbar_n = A Kbar_{n-1} - C Kbar_{n-2},
//   A = (B P + (n - 1)(1 - 2P) - x) / sqrt(P (1 - P) n (B - n + 1)),
//   C = sqrt((n - 1)(B - n + 2) / (n (B - n + 1))),
// and normalisation 1. With B = N - 1 the values come from an
// orthonormalisation that stays accurate for every order (see cartesian.cpp);
// with B = N they come from the recurrence itself. The weight is computed in
// logarithms and only underflows below exp(-745), at samples far from P B for
// N in the thousands. max_order must lie in [0, N - 1].
CartesianPolynomials krawtchouk_polynomials(int max_order, std::ptrdiff_t samples, double p,
                                            KrawtchoukOrder order = KrawtchoukOrder::samples_minus_one);

}  // namespace erlangen::basis
