// Legendre, Tchebichef and Krawtchouk moment plans (separable matrix products).
#include "erlangen/moments/cartesian.hpp"

#include <algorithm>

#include "erlangen/core/error.hpp"

namespace erlangen::moments {
namespace {

basis::CartesianPolynomials polynomials(const CartesianOptions& options, std::ptrdiff_t samples, double p) {
  switch (options.family) {
    case CartesianFamily::legendre: return basis::legendre_polynomials(options.max_order, samples);
    case CartesianFamily::tchebichef: return basis::tchebichef_polynomials(options.max_order, samples);
    case CartesianFamily::krawtchouk:
      return basis::krawtchouk_polynomials(options.max_order, samples, p, options.krawtchouk_order);
  }
  return {};
}

template <typename T>
Eigen::MatrixXd to_matrix(ImageView<const T> image, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  if (image.height() != rows || image.width() != cols) {
    throw InvalidArgument(fmt::format(
        "cartesian moments: image size is {}x{}, expected {}x{} as the plan was built for; build a plan for this "
        "size",
        image.height(), image.width(), rows, cols));
  }
  Eigen::MatrixXd matrix(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) matrix(i, j) = static_cast<double>(image(i, j));
  }
  return matrix;
}

}  // namespace

CartesianPlan::CartesianPlan(std::ptrdiff_t rows, std::ptrdiff_t cols, CartesianOptions options)
    : rows_(rows), cols_(cols), options_(options) {
  if (rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format("cartesian moments: image size is {}x{}, expected at least 1x1", rows, cols));
  }
  const std::ptrdiff_t limit = std::min(rows, cols) - 1;
  if (options.max_order < 0 || options.max_order > limit) {
    throw_invalid_argument("cartesian moments", "max_order", options.max_order, fmt::format("an integer in [0, {}]", limit),
                           "the polynomials of N samples have orders 0..N-1; lower the order or use a larger image");
  }
  if (options.family == CartesianFamily::krawtchouk) {
    for (const double p : {options.krawtchouk_p_rows, options.krawtchouk_p_cols}) {
      if (!(p > 0.0 && p < 1.0)) {
        throw_invalid_argument("cartesian moments", "krawtchouk p", p, "a real number in (0, 1)",
                               "0.5 centres the polynomials on the image");
      }
    }
  }
  row_polynomials_ = polynomials(options, rows, options.krawtchouk_p_rows);
  col_polynomials_ = polynomials(options, cols, options.krawtchouk_p_cols);
  row_analysis_ = row_polynomials_.analysis();
  col_analysis_ = col_polynomials_.analysis();
}

Eigen::MatrixXd CartesianPlan::apply(ImageView<const float> image) const {
  return row_analysis_ * to_matrix(image, rows_, cols_) * col_analysis_.transpose();
}

Eigen::MatrixXd CartesianPlan::apply(ImageView<const double> image) const {
  return row_analysis_ * to_matrix(image, rows_, cols_) * col_analysis_.transpose();
}

ImageD CartesianPlan::reconstruct(const Eigen::MatrixXd& moments) const {
  if (moments.rows() != moments.cols() || moments.rows() < 1 || moments.rows() > options_.max_order + 1) {
    throw InvalidArgument(fmt::format(
        "cartesian moments: reconstruct got a {}x{} moment matrix, expected a square matrix of side 1 to {}; pass "
        "the output of apply() or its top-left block",
        moments.rows(), moments.cols(), options_.max_order + 1));
  }
  const Eigen::Index count = moments.rows();
  const Eigen::MatrixXd values = row_polynomials_.values.topRows(count).transpose() * moments *
                                 col_polynomials_.values.topRows(count);
  ImageD result(rows_, cols_);
  for (std::ptrdiff_t i = 0; i < rows_; ++i) {
    for (std::ptrdiff_t j = 0; j < cols_; ++j) result(i, j) = values(i, j);
  }
  return result;
}

LabelledFeatures CartesianPlan::to_features(const Eigen::MatrixXd& moments) const {
  LabelledFeatures features;
  const std::string name = label();
  for (Eigen::Index p = 0; p < moments.rows(); ++p) {
    for (Eigen::Index q = 0; q < moments.cols(); ++q) {
      features.push_back(moments(p, q), {name, static_cast<int>(p), static_cast<int>(q), 0.0, "value", ""});
    }
  }
  return features;
}

std::string CartesianPlan::label() const {
  switch (options_.family) {
    case CartesianFamily::legendre: return "LM";
    case CartesianFamily::tchebichef: return "TM";
    case CartesianFamily::krawtchouk:
      return fmt::format("KM(p={:g},{:g})", options_.krawtchouk_p_rows, options_.krawtchouk_p_cols);
  }
  return "unknown";
}

std::string_view to_string(CartesianFamily family) {
  switch (family) {
    case CartesianFamily::legendre: return "legendre";
    case CartesianFamily::tchebichef: return "tchebichef";
    case CartesianFamily::krawtchouk: return "krawtchouk";
  }
  return "unknown";
}

CartesianFamily parse_cartesian_family(std::string_view text) {
  if (text == "legendre" || text == "lm") return CartesianFamily::legendre;
  if (text == "tchebichef" || text == "chebyshev" || text == "tm") return CartesianFamily::tchebichef;
  if (text == "krawtchouk" || text == "km") return CartesianFamily::krawtchouk;
  throw InvalidArgument(fmt::format(
      "cartesian moments: family '{}' is unknown, expected 'legendre', 'tchebichef' or 'krawtchouk'", text));
}

}  // namespace erlangen::moments
