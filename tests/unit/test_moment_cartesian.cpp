// Legendre, Tchebichef and Krawtchouk moment plans.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/cartesian.hpp"

namespace {

using erlangen::ImageD;
using erlangen::moments::CartesianFamily;
using erlangen::moments::CartesianOptions;
using erlangen::moments::CartesianPlan;

ImageD random_image(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  ImageD image(rows, cols);
  for (auto& value : image.values()) value = uniform(random);
  return image;
}

double max_difference(const ImageD& a, const ImageD& b) {
  double largest = 0.0;
  for (std::size_t k = 0; k < a.values().size(); ++k) largest = std::max(largest, std::abs(a.values()[k] - b.values()[k]));
  return largest;
}

// Exactly orthogonal families reconstruct every image from all N orders.
TEST(MomentCartesian, FullOrderReconstructsExactly) {
  for (const CartesianFamily family : {CartesianFamily::tchebichef, CartesianFamily::krawtchouk}) {
    SCOPED_TRACE(std::string(erlangen::moments::to_string(family)));
    CartesianOptions options;
    options.family = family;
    options.max_order = 23;
    options.krawtchouk_p_rows = 0.4;
    options.krawtchouk_p_cols = 0.6;
    const ImageD image = random_image(24, 30, 1);
    const CartesianPlan plan(24, 30, options);
    const Eigen::MatrixXd moments = plan.apply(image.plane());
    ASSERT_EQ(moments.rows(), 24);
    // K + 1 = 24 of the 30 column polynomials lose some content, so the image
    // does not come back, but its projection does.
    const ImageD low = plan.reconstruct(moments);
    const Eigen::MatrixXd again = plan.apply(low.plane());
    // Q -> f_hat -> Q is the identity on the retained orders: rounding only.
    EXPECT_LT((again - moments).cwiseAbs().maxCoeff(), 1e-10);
  }
  for (const CartesianFamily family : {CartesianFamily::tchebichef, CartesianFamily::krawtchouk}) {
    CartesianOptions options;
    options.family = family;
    options.max_order = 19;
    const ImageD image = random_image(20, 20, 2);
    const CartesianPlan plan(20, 20, options);
    // All 20 orders span the 20 x 20 images: rounding only.
    EXPECT_LT(max_difference(plan.reconstruct(plan.apply(image.plane())), image), 1e-10);
  }
}

// Legendre moments of f(i, j) = x_i (x along the rows): lambda_10 = (3/N) sum x_i^2
// = (N^2 - 1) / N^2 exactly, lambda_00 = 0 and lambda_01 = 0.
TEST(MomentCartesian, LegendreOfLinearRamp) {
  const std::ptrdiff_t size = 16;
  ImageD image(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) image(i, j) = -1.0 + (2.0 * i + 1.0) / size;
  }
  CartesianOptions options;
  options.family = CartesianFamily::legendre;
  options.max_order = 4;
  const CartesianPlan plan(size, size, options);
  const Eigen::MatrixXd moments = plan.apply(image.plane());
  EXPECT_NEAR(moments(1, 0), (size * size - 1.0) / (size * size), 1e-14);
  EXPECT_NEAR(moments(0, 0), 0.0, 1e-14);
  EXPECT_NEAR(moments(0, 1), 0.0, 1e-14);
  EXPECT_NEAR(moments(2, 0), 0.0, 1e-14);  // even polynomial against an odd ramp
  const auto features = plan.to_features(moments);
  ASSERT_EQ(features.size(), 25u);
  EXPECT_EQ(features.labels[5].text(), "LM n=1 m=0 value");
  EXPECT_EQ(features.values[5], moments(1, 0));
}

// Reconstruction error of a smooth image falls as K grows. The discrete
// Legendre sums lose orthogonality as (p + q)^2 / N^2 grows, so on 32 samples
// its error rises again beyond about K = 12 and only K <= 12 is checked.
TEST(MomentCartesian, ReconstructionImprovesWithOrder) {
  const std::ptrdiff_t size = 32;
  ImageD image(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) image(i, j) = std::exp(-((i - 12.0) * (i - 12.0) + (j - 18.0) * (j - 18.0)) / 60.0);
  }
  for (const CartesianFamily family : {CartesianFamily::legendre, CartesianFamily::tchebichef, CartesianFamily::krawtchouk}) {
    SCOPED_TRACE(std::string(erlangen::moments::to_string(family)));
    double previous = 1e300;
    const std::vector<int> orders =
        family == CartesianFamily::legendre ? std::vector<int>{2, 6, 12} : std::vector<int>{2, 6, 12, 20};
    for (const int order : orders) {
      CartesianOptions options;
      options.family = family;
      options.max_order = order;
      const CartesianPlan plan(size, size, options);
      const double error = max_difference(plan.reconstruct(plan.apply(image.plane())), image);
      EXPECT_LT(error, previous) << "K=" << order;
      previous = error;
    }
  }
}

TEST(MomentCartesian, RejectsInvalidArguments) {
  CartesianOptions options;
  options.max_order = 16;
  try {
    CartesianPlan(16, 20, options);
    ADD_FAILURE() << "expected InvalidArgument";
  } catch (const erlangen::InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("[0, 15]"), std::string::npos) << error.what();
  }
  options.max_order = 4;
  options.family = CartesianFamily::krawtchouk;
  options.krawtchouk_p_rows = 1.0;
  EXPECT_THROW(CartesianPlan(16, 16, options), erlangen::InvalidArgument);
  options.krawtchouk_p_rows = 0.5;
  const CartesianPlan plan(16, 16, options);
  const ImageD wrong(16, 17);
  EXPECT_THROW(plan.apply(wrong.plane()), erlangen::InvalidArgument);
  EXPECT_THROW(plan.reconstruct(Eigen::MatrixXd::Zero(6, 6)), erlangen::InvalidArgument);
}

}  // namespace
