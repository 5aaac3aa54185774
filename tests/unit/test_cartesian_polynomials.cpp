// Cartesian polynomials (basis/cartesian.hpp): discrete orthogonality, values
// against the published recurrences, and argument validation.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <Eigen/Core>

#include "erlangen/basis/cartesian.hpp"
#include "erlangen/core/error.hpp"

namespace {

using erlangen::basis::CartesianPolynomials;
using erlangen::basis::KrawtchoukOrder;

// max |A V^T - I| with A = diag(normalisation) V: the moments of each
// polynomial, taken with the family's own normalisation.
double analysis_error(const CartesianPolynomials& polynomials) {
  const Eigen::MatrixXd gram = polynomials.analysis() * polynomials.values.transpose();
  return (gram - Eigen::MatrixXd::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

// max |D V V^T D - I| with D = diag(sqrt(normalisation)): the symmetric form,
// which does not mix the scales rho(p) and rho(q) of two different orders.
double symmetric_error(const CartesianPolynomials& polynomials) {
  const Eigen::MatrixXd scaled = polynomials.normalisation.cwiseSqrt().asDiagonal() * polynomials.values;
  const Eigen::MatrixXd gram = scaled * scaled.transpose();
  return (gram - Eigen::MatrixXd::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

// Scaled Tchebichef recurrence exactly as published (accurate up to about N/2).
Eigen::MatrixXd tchebichef_recurrence(int max_order, int samples) {
  Eigen::MatrixXd t(max_order + 1, samples);
  const double n = samples;
  for (int x = 0; x < samples; ++x) {
    t(0, x) = 1.0;
    if (max_order >= 1) t(1, x) = (2.0 * x + 1.0 - n) / n;
    for (int k = 2; k <= max_order; ++k) {
      t(k, x) = ((2.0 * k - 1.0) * t(1, x) * t(k - 1, x) - (k - 1.0) * (1.0 - (k - 1.0) * (k - 1.0) / (n * n)) * t(k - 2, x)) / k;
    }
  }
  return t;
}

// Weighted Krawtchouk recurrence of binomial order b, with the weight from
// std::lgamma.
Eigen::MatrixXd krawtchouk_recurrence(int max_order, int samples, double p, double b) {
  Eigen::MatrixXd values(max_order + 1, samples);
  for (int x = 0; x < samples; ++x) {
    const double log_weight = std::lgamma(b + 1.0) - std::lgamma(x + 1.0) - std::lgamma(b - x + 1.0) + x * std::log(p) +
                              (b - x) * std::log(1.0 - p);
    values(0, x) = std::exp(0.5 * log_weight);
    if (max_order >= 1) values(1, x) = (p * b - x) / std::sqrt(p * (1.0 - p) * b) * values(0, x);
    for (int k = 2; k <= max_order; ++k) {
      const double a = (b * p + (k - 1.0) * (1.0 - 2.0 * p) - x) / std::sqrt(p * (1.0 - p) * k * (b - k + 1.0));
      const double c = std::sqrt((k - 1.0) * (b - k + 2.0) / (k * (b - k + 1.0)));
      values(k, x) = a * values(k - 1, x) - c * values(k - 2, x);
    }
  }
  return values;
}

TEST(Tchebichef, OrthogonalToEveryOrder) {
  // Orthonormalisation keeps rounding level (measured 2.7e-15 at K = 40).
  EXPECT_LE(analysis_error(erlangen::basis::tchebichef_polynomials(40, 64)), 1e-12);
  for (const int samples : {8, 64, 256}) {
    // Symmetric form at full order: measured below 1e-15.
    EXPECT_LE(symmetric_error(erlangen::basis::tchebichef_polynomials(samples - 1, samples)), 1e-12) << samples;
  }
}

TEST(Tchebichef, MatchesPublishedRecurrence) {
  const auto polynomials = erlangen::basis::tchebichef_polynomials(24, 64);
  const Eigen::MatrixXd expected = tchebichef_recurrence(24, 64);
  // The recurrence itself is accurate to about 1e-15 up to K = N/2 - 8.
  EXPECT_LE((polynomials.values - expected).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_DOUBLE_EQ(1.0 / polynomials.normalisation(0), 64.0);
  EXPECT_DOUBLE_EQ(1.0 / polynomials.normalisation(1), 64.0 * (1.0 - 1.0 / 4096.0) / 3.0);
}

TEST(Tchebichef, PublishedRecurrenceFailsAtHighOrder) {
  // Documents why the library orthonormalises: at N = 64 the recurrence's
  // orthogonality error exceeds 1e-3 by K = 63 (measured 1e9).
  Eigen::MatrixXd values = tchebichef_recurrence(63, 64);
  CartesianPolynomials recurrence{values, erlangen::basis::tchebichef_polynomials(63, 64).normalisation};
  EXPECT_GT(symmetric_error(recurrence), 1e-3);
}

TEST(Krawtchouk, OrthonormalToEveryOrder) {
  for (const double p : {0.2, 0.5, 0.8}) {
    const auto polynomials = erlangen::basis::krawtchouk_polynomials(63, 64, p);
    // Measured below 1e-15 for every order.
    EXPECT_LE(analysis_error(polynomials), 1e-12) << "p=" << p;
    EXPECT_EQ(polynomials.normalisation, Eigen::VectorXd::Ones(64));
  }
}

TEST(Krawtchouk, MatchesPublishedRecurrence) {
  for (const double p : {0.3, 0.5}) {
    const auto polynomials = erlangen::basis::krawtchouk_polynomials(20, 64, p);
    const Eigen::MatrixXd expected = krawtchouk_recurrence(20, 64, p, 63.0);
    // The recurrence is accurate to about 1e-15 at these orders, and the sign
    // convention (-1)^n of the leading coefficient must match too.
    EXPECT_LE((polynomials.values - expected).cwiseAbs().maxCoeff(), 1e-12) << "p=" << p;
  }
}

TEST(Krawtchouk, ReferenceBinomialOrderIsApproximate) {
  const auto reference = erlangen::basis::krawtchouk_polynomials(16, 64, 0.5, KrawtchoukOrder::samples);
  const Eigen::MatrixXd expected = krawtchouk_recurrence(16, 64, 0.5, 64.0);
  // The reference mode is the recurrence itself.
  EXPECT_LE((reference.values - expected).cwiseAbs().maxCoeff(), 1e-15);
  // The missing sample x = N breaks orthonormality (measured 2.6e-5).
  EXPECT_GT(analysis_error(reference), 1e-6);
  EXPECT_LT(analysis_error(reference), 1e-3);
}

TEST(CartesianReconstruction, FullOrderIsExact) {
  std::mt19937 random(5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::VectorXd signal(48);
  for (auto& value : signal) value = uniform(random);
  for (const auto& polynomials : {erlangen::basis::tchebichef_polynomials(47, 48),
                                  erlangen::basis::krawtchouk_polynomials(47, 48, 0.4)}) {
    const Eigen::VectorXd moments = polynomials.analysis() * signal;
    const Eigen::VectorXd back = polynomials.values.transpose() * moments;
    // Orthogonal change of basis and back: rounding only.
    EXPECT_LE((back - signal).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(Legendre, ValuesAndApproximateOrthogonality) {
  const auto polynomials = erlangen::basis::legendre_polynomials(4, 8);
  for (int i = 0; i < 8; ++i) {
    const double x = -1.0 + (2.0 * i + 1.0) / 8.0;
    // Closed forms of P_2, P_3 and P_4.
    EXPECT_NEAR(polynomials.values(2, i), (3.0 * x * x - 1.0) / 2.0, 1e-15);
    EXPECT_NEAR(polynomials.values(3, i), (5.0 * x * x * x - 3.0 * x) / 2.0, 1e-15);
    EXPECT_NEAR(polynomials.values(4, i), (35.0 * std::pow(x, 4) - 30.0 * x * x + 3.0) / 8.0, 1e-15);
  }
  EXPECT_DOUBLE_EQ(polynomials.normalisation(3), 7.0 / 8.0);
  // The midpoint rule makes the orthogonality approximate, with an error that
  // falls like 1/N^2 (measured 0.047 at N = 64 and 0.0031 at N = 256, K = 8).
  const double coarse = analysis_error(erlangen::basis::legendre_polynomials(8, 64));
  const double fine = analysis_error(erlangen::basis::legendre_polynomials(8, 256));
  EXPECT_GT(coarse, 1e-3);
  EXPECT_LT(fine, coarse / 10.0);
  EXPECT_LT(fine, 5e-3);
}

TEST(CartesianValidation, RejectsInvalidArguments) {
  EXPECT_THROW(erlangen::basis::legendre_polynomials(8, 8), erlangen::InvalidArgument);
  EXPECT_THROW(erlangen::basis::tchebichef_polynomials(-1, 8), erlangen::InvalidArgument);
  EXPECT_THROW(erlangen::basis::tchebichef_polynomials(0, 0), erlangen::InvalidArgument);
  EXPECT_THROW(erlangen::basis::krawtchouk_polynomials(2, 8, 0.0), erlangen::InvalidArgument);
  EXPECT_THROW(erlangen::basis::krawtchouk_polynomials(2, 8, 1.0), erlangen::InvalidArgument);
  EXPECT_THROW(erlangen::basis::krawtchouk_polynomials(2, 8, std::nan("")), erlangen::InvalidArgument);
  EXPECT_NO_THROW(erlangen::basis::tchebichef_polynomials(0, 1));
  try {
    erlangen::basis::tchebichef_polynomials(9, 8);
    FAIL() << "expected InvalidArgument";
  } catch (const erlangen::InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("max_order is 9, expected an integer in [0, 7]"), std::string::npos)
        << error.what();
  }
}

}  // namespace
