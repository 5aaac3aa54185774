// Cartesian moments: Legendre, Tchebichef and Krawtchouk moment plans.
//
// The moments of a rows x cols image f are the separable matrix product
//   Q = A_rows f A_cols^T,    Q(p, q) for p, q in 0..K,
// with A = diag(normalisation) * values of basis/cartesian.hpp: p indexes the
// polynomial along the rows (image y, row 0 at the top) and q along the
// columns. Reconstruction is f_hat = V_rows^T Q V_cols with the plain values V.
// Tchebichef and Krawtchouk (binomial order N - 1) polynomials are exactly
// orthogonal on the samples, so K = N - 1 reconstructs f to rounding; the
// discrete Legendre sums are only approximately orthogonal. None of these
// moments is rotation invariant. Sources: Mukundan, Ong, Lee, "Image analysis
// by Tchebichef moments", IEEE TIP 10(9), 2001; Yap, Paramesran, Ong, "Image
// analysis by Krawtchouk moments", IEEE TIP 12(11), 2003.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "erlangen/basis/cartesian.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"

namespace erlangen::moments {

enum class CartesianFamily { legendre, tchebichef, krawtchouk };

struct CartesianOptions {
  CartesianFamily family = CartesianFamily::tchebichef;
  int max_order = 10;  // K, in [0, min(rows, cols) - 1]
  // Krawtchouk only: the parameter P in (0, 1) along the rows and along the
  // columns (0.5 centres the polynomials on the image), and the binomial order.
  double krawtchouk_p_rows = 0.5;
  double krawtchouk_p_cols = 0.5;
  basis::KrawtchoukOrder krawtchouk_order = basis::KrawtchoukOrder::samples_minus_one;
};

class CartesianPlan {
 public:
  // Builds the polynomial matrices. Throws InvalidArgument when max_order is
  // outside [0, min(rows, cols) - 1] or a Krawtchouk P is outside (0, 1).
  CartesianPlan(std::ptrdiff_t rows, std::ptrdiff_t cols, CartesianOptions options);

  // (K + 1) x (K + 1) moments Q(p, q). Throws InvalidArgument when the image
  // size differs from the plan's.
  Eigen::MatrixXd apply(ImageView<const float> image) const;
  Eigen::MatrixXd apply(ImageView<const double> image) const;

  // f_hat = V_rows^T Q V_cols from a (K' + 1) x (K' + 1) matrix with K' <= K.
  ImageD reconstruct(const Eigen::MatrixXd& moments) const;

  // Labelled values {label(), p, q, "value"}, p in the outer loop.
  LabelledFeatures to_features(const Eigen::MatrixXd& moments) const;

  // "LM", "TM" or "KM(p=0.5,0.5)".
  std::string label() const;
  const CartesianOptions& options() const { return options_; }
  std::ptrdiff_t rows() const { return rows_; }
  std::ptrdiff_t cols() const { return cols_; }

 private:
  std::ptrdiff_t rows_;
  std::ptrdiff_t cols_;
  CartesianOptions options_;
  basis::CartesianPolynomials row_polynomials_;
  basis::CartesianPolynomials col_polynomials_;
  Eigen::MatrixXd row_analysis_;  // (K + 1) x rows
  Eigen::MatrixXd col_analysis_;  // (K + 1) x cols
};

std::string_view to_string(CartesianFamily family);
// Parses "legendre", "tchebichef" (also "chebyshev") and "krawtchouk".
CartesianFamily parse_cartesian_family(std::string_view text);

}  // namespace erlangen::moments
