// Numerical oracles of the dense local moments: FFT against direct sums, constant images,
// the exact 2x2 scale relation, arbitrary-angle rotation, scale covariance and the adjoint.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numbers>
#include <random>

#include "../unit/test_dense_support.hpp"
#include "erlangen/basis/family.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::dense {
namespace {

using basis::OrderPair;
using testing::dense_support::direct_oracle;
using testing::dense_support::family;
using testing::dense_support::max_magnitude;
using testing::dense_support::random_image;
using testing::dense_support::relative_difference;

// Every registered family with its default parameters.
std::vector<std::shared_ptr<const basis::Family>> all_families() {
  std::vector<std::shared_ptr<const basis::Family>> result;
  for (const auto& info : basis::family_table()) result.push_back(basis::make_family(info.id));
  return result;
}

LocalMomentStack run(const std::shared_ptr<const basis::Family>& basis_family, const ImageF& image,
                     LocalMomentOptions options) {
  const LocalMomentPlan plan(basis_family, image.height(), image.width(), std::move(options));
  return plan.apply(image.plane());
}

// The FFT path equals the direct sliding sum for every family, scale parity and image parity.
TEST(DenseOracle, FftEqualsDirectEveryFamily) {
  struct Case {
    std::ptrdiff_t rows;
    std::ptrdiff_t cols;
    std::vector<int> scales;
  };
  const std::array<Case, 2> cases = {Case{37, 42, {6, 10}}, Case{40, 35, {5, 9}}};
  for (const auto& basis_family : all_families()) {
    for (const Case& size : cases) {
      const ImageF image = random_image(size.rows, size.cols, 21);
      LocalMomentOptions options;
      options.orders = default_orders(*basis_family);
      options.scales = size.scales;
      options.boundary = Boundary::reflect;
      options.method = Method::direct;
      const auto direct = run(basis_family, image, options);
      options.method = Method::fft;
      const auto fast = run(basis_family, image, options);
      options.precision = Precision::float32;
      const auto single = run(basis_family, image, options);
      const std::string context = fmt::format("{} {}x{}", basis_family->abbreviation(), size.rows, size.cols);
      // Bounds: double FFTs round at about 1e-15 per stage; float32 at about 1e-7.
      EXPECT_LT(relative_difference(fast, direct), 1e-10) << context;
      EXPECT_LT(relative_difference(single, direct), 1e-5) << context;
    }
  }
}

TEST(DenseOracle, LibraryDirectEqualsIndependentOracle) {
  const ImageF image = random_image(29, 33, 22);
  for (Boundary boundary : {Boundary::valid, Boundary::zero, Boundary::reflect, Boundary::replicate}) {
    LocalMomentOptions options;
    options.scales = {4, 8};
    options.boundary = boundary;
    options.padding = boundary == Boundary::valid ? -1 : 6;
    options.stride = 2;
    options.method = Method::direct;
    const LocalMomentPlan plan(family("pct"), 29, 33, options);
    // Same products summed in another order.
    EXPECT_LT(relative_difference(plan.apply(image.plane()), direct_oracle(plan, image)), 1e-13)
        << to_string(boundary);
    options.method = Method::fft;
    const LocalMomentPlan fast(family("pct"), 29, 33, options);
    EXPECT_LT(relative_difference(fast.apply(image.plane()), direct_oracle(fast, image)), 1e-10)
        << to_string(boundary);
  }
}

TEST(DenseOracle, FftEqualsDirectOnRealImages) {
  for (const char* name : {"camera.png", "coins.png", "brick.png"}) {
    const ImageF full = io::read_grey(testing::example_path(name));
    // An odd-sized crop, so that both parities of the FFT size occur across tests.
    const std::ptrdiff_t rows = std::min<std::ptrdiff_t>(full.height(), 71);
    const std::ptrdiff_t cols = std::min<std::ptrdiff_t>(full.width(), 64);
    ImageF image(rows, cols);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) image(i, j) = full(i + full.height() / 3, j + full.width() / 3);
    }
    LocalMomentOptions options;
    options.scales = {8, 16, 24};
    options.method = Method::direct;
    const auto direct = run(family("pct"), image, options);
    options.method = Method::fft;
    const auto fast = run(family("pct"), image, options);
    options.precision = Precision::float32;
    const auto single = run(family("pct"), image, options);
    EXPECT_LT(relative_difference(fast, direct), 1e-10) << name;    // double FFT rounding
    EXPECT_LT(relative_difference(single, direct), 1e-5) << name;   // float32 FFT rounding
  }
}

// A 180-degree turn of every kernel multiplies it by (-1)^m, so convolution and correlation
// give identical magnitudes.
TEST(DenseOracle, KernelHalfTurnIsSignOfM) {
  for (const auto& basis_family : all_families()) {
    for (const std::vector<int>& scales : {std::vector<int>{6, 8}, std::vector<int>{7, 9}}) {
      LocalMomentOptions options;
      options.orders = default_orders(*basis_family);
      options.scales = scales;
      options.method = Method::direct;
      const LocalMomentPlan plan(basis_family, 20, 20, options);
      const std::ptrdiff_t side = plan.max_scale();
      double worst = 0.0;
      double largest = 0.0;
      for (std::ptrdiff_t channel = 0; channel < plan.channels(); ++channel) {
        const auto& kernel = plan.kernel(channel);
        const int m = plan.orders()[static_cast<std::size_t>(channel) % plan.orders().size()].m;
        const double sign = m % 2 == 0 ? 1.0 : -1.0;
        for (std::ptrdiff_t p = 0; p < side * side; ++p) {
          const auto turned = kernel[static_cast<std::size_t>(side * side - 1 - p)];
          worst = std::max(worst, std::abs(turned - sign * kernel[static_cast<std::size_t>(p)]));
          largest = std::max(largest, std::abs(kernel[static_cast<std::size_t>(p)]));
        }
      }
      // The node sets are symmetric to the last bit; only the radial recurrence and atan2 differ.
      EXPECT_LT(worst / largest, 1e-12) << basis_family->abbreviation() << " S_max " << side;
    }
  }
}

// With inside_area normalisation and PCT the (0,0) response to a constant c is c.
TEST(DenseOracle, ConstantImageGivesMeanPct) {
  const float c = 37.25f;
  const ImageF image(40, 40, 1, c);
  for (int scale : {8, 9, 10, 16, 32}) {
    for (int nodes : {1, 2, 4}) {
      LocalMomentOptions options;
      options.orders = {{0, 0}};
      options.scales = {scale};
      options.sampling = {basis::Integration::midpoint, nodes};
      options.method = Method::direct;
      const auto stack = run(family("pct"), image, options);
      double worst = 0.0;
      for (const auto& value : stack.values) worst = std::max(worst, std::abs(value - std::complex<double>(c, 0.0)));
      // A sum of at most S^2 = 1024 rounded products of c / A_S.
      EXPECT_LT(worst / c, 1e-14) << "S " << scale << " Q " << nodes;
    }
  }
}

// Constant image 1 with the reference kernel settings (centre grid, ZOA, 1/#outside, PCT);
// the table values were measured with an independent double-precision implementation.
TEST(DenseOracle, ConstantImageReferenceTable) {
  const std::vector<OrderPair> orders = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {0, 4}, {0, 8}};
  struct Row {
    int scale;
    std::array<double, 7> values;
    double inside_ratio;  // #outside / #inside, the factor to 1/#inside normalisation
  };
  const std::array<Row, 2> table = {
      Row{10, {1.5, 0.129666, 0.135354, 0.141693, 0.104098, 0.213626, 0.011423}, 40.0 / 60.0},
      Row{6, {0.8, 0.268472, 0.262792, 0.003609, 0.063381, 0.288, 0.06272}, 20.0 / 16.0},
  };
  const ImageF image(24, 24, 1, 1.0f);
  for (const Row& row : table) {
    LocalMomentOptions options = reference_options(orders, {row.scale});
    options.method = Method::direct;
    const auto stack = run(family("pct"), image, options);
    options.normalisation = Normalisation::inside_area;
    const auto inside = run(family("pct"), image, options);
    for (std::size_t k = 0; k < orders.size(); ++k) {
      const double value = std::abs(stack.at(static_cast<std::ptrdiff_t>(k), 3, 4));
      // The table has six significant digits.
      EXPECT_NEAR(value, row.values[k], 1e-6 * std::max(1.0, row.values[k]) + 5e-7)
          << "S " << row.scale << " (" << orders[k].n << "," << orders[k].m << ")";
      EXPECT_NEAR(std::abs(inside.at(static_cast<std::ptrdiff_t>(k), 3, 4)), row.values[k] * row.inside_ratio, 1e-6)
          << "S " << row.scale << " inside-area (" << orders[k].n << "," << orders[k].m << ")";
    }
    // Every m outside 4Z gives 0 on a constant image.
    LocalMomentOptions others = reference_options({{0, 1}, {0, 2}, {1, 3}, {2, 5}, {3, 6}}, {row.scale});
    others.method = Method::direct;
    const auto zeros = run(family("pct"), image, others);
    EXPECT_LT(max_magnitude(zeros), 1e-14) << "S " << row.scale;  // cancellation of O(1) terms
  }
}

// The 2S kernel with Q nodes on a 2x2-replicated image equals the S kernel with 2Q nodes.
TEST(DenseOracle, ReplicatedImageScaleRelationExact) {
  const ImageF image = random_image(30, 27, 23);
  ImageF doubled(60, 54);
  for (std::ptrdiff_t i = 0; i < 60; ++i) {
    for (std::ptrdiff_t j = 0; j < 54; ++j) doubled(i, j) = image(i / 2, j / 2);
  }
  const std::vector<OrderPair> orders = {{0, 0}, {1, 1}, {2, 0}, {1, 3}, {3, 2}};
  for (int nodes : {1, 2, 4}) {
    LocalMomentOptions fine;
    fine.orders = orders;
    fine.scales = {20};
    fine.sampling = {basis::Integration::midpoint, nodes};
    fine.stride = 2;  // keeps the top-left corners 2p
    fine.method = Method::direct;
    LocalMomentOptions coarse = fine;
    coarse.scales = {10};
    coarse.sampling.nodes = 2 * nodes;
    coarse.stride = 1;
    const auto large = run(family("pct"), doubled, fine);
    const auto small = run(family("pct"), image, coarse);
    ASSERT_EQ(large.rows, small.rows);
    ASSERT_EQ(large.cols, small.cols);
    // The same sample positions and weights; only summation order differs.
    EXPECT_LT(relative_difference(large, small), 1e-13) << "Q " << nodes;
  }
}

// Smooth test image: three anisotropic Gaussians plus 0.5, as a function of
// disk coordinates (u right, v up), so that every window side samples the same function.
double gaussians(double u, double v) {
  struct Blob {
    double u, v, su, sv, angle, amplitude;
  };
  static constexpr std::array<Blob, 3> blobs = {Blob{0.30, 0.20, 0.28, 0.12, 0.5, 1.0},
                                                 Blob{-0.35, 0.05, 0.15, 0.32, -0.3, 0.7},
                                                 Blob{0.05, -0.45, 0.22, 0.18, 1.1, 0.5}};
  double value = 0.5;
  for (const Blob& blob : blobs) {
    const double du = u - blob.u;
    const double dv = v - blob.v;
    const double a = std::cos(blob.angle) * du + std::sin(blob.angle) * dv;
    const double b = -std::sin(blob.angle) * du + std::cos(blob.angle) * dv;
    value += blob.amplitude * std::exp(-0.5 * (a * a / (blob.su * blob.su) + b * b / (blob.sv * blob.sv)));
  }
  return value;
}

// Relative magnitude error max_k ||M_k(rotated)| - |M_k|| / max_k |M_k| at the patch centre.
double rotation_error(int side, basis::Integration integration, double degrees) {
  const double radius = (side - 1) / 2.0;  // centre geometry
  const double centre = (side - 1) / 2.0;
  const double angle = degrees * std::numbers::pi / 180.0;
  ImageF original(side, side);
  ImageF rotated(side, side);
  for (int i = 0; i < side; ++i) {
    for (int j = 0; j < side; ++j) {
      const double u = (j - centre) / radius;
      const double v = (centre - i) / radius;
      original(i, j) = static_cast<float>(gaussians(u, v));
      // Rotated counter-clockwise by `angle`: sample the original at the inverse rotation.
      rotated(i, j) = static_cast<float>(
          gaussians(std::cos(angle) * u + std::sin(angle) * v, -std::sin(angle) * u + std::cos(angle) * v));
    }
  }
  LocalMomentOptions options;
  options.orders = nm10();
  options.scales = {side};
  options.geometry = basis::Grid::centre;
  options.sampling = {integration, 4};
  options.method = Method::direct;
  const auto a = run(family("pct"), original, options);
  const auto b = run(family("pct"), rotated, options);
  double error = 0.0;
  double largest = 0.0;
  for (std::size_t k = 0; k < a.values.size(); ++k) {
    error = std::max(error, std::abs(std::abs(a.values[k]) - std::abs(b.values[k])));
    largest = std::max(largest, std::abs(a.values[k]));
  }
  return error / largest;
}

// Arbitrary-angle rotation on an analytically rendered image. Assert trends, not values.
TEST(DenseOracle, ArbitraryAngleErrorFallsWithScale) {
  std::array<double, 3> zoa{};
  std::array<double, 3> subpixel{};
  const std::array<int, 3> sides = {16, 32, 64};
  for (std::size_t s = 0; s < sides.size(); ++s) {
    zoa[s] = rotation_error(sides[s], basis::Integration::zoa, 30.0);
    subpixel[s] = rotation_error(sides[s], basis::Integration::midpoint, 30.0);
    EXPECT_LT(subpixel[s], zoa[s]) << "S " << sides[s];
  }
  EXPECT_LT(zoa[1], zoa[0]);
  EXPECT_LT(zoa[2], zoa[1]);
  EXPECT_LT(subpixel[1], subpixel[0]);
  EXPECT_LT(subpixel[2], subpixel[1]);
  EXPECT_LT(subpixel[0], 1e-2);  // loose bound at S = 16
  EXPECT_LT(zoa[0], 1e-2);
  RecordProperty("zoa_16_32_64", fmt::format("{:.2e} {:.2e} {:.2e}", zoa[0], zoa[1], zoa[2]));
  RecordProperty("subpixel_16_32_64", fmt::format("{:.2e} {:.2e} {:.2e}", subpixel[0], subpixel[1], subpixel[2]));
}

// Scale covariance: box-downsampling by 2 maps the response at scale 2S to the one at scale S.
TEST(DenseOracle, DownscaleMapsScaleTwoSToS) {
  const std::ptrdiff_t side = 96;
  ImageF large(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      // Smooth content with features of about 12 pixels at the large resolution.
      large(i, j) = static_cast<float>(100.0 * gaussians((j - 47.5) / 40.0, (47.5 - i) / 40.0));
    }
  }
  const ImageF small = box_downsample(large.plane(), 2);
  for (int scale : {8, 12, 16}) {
    LocalMomentOptions big_options;
    big_options.scales = {2 * scale};
    big_options.stride = 2;  // top-left corners 2p of the large image
    big_options.method = Method::direct;
    LocalMomentOptions small_options = big_options;
    small_options.scales = {scale};
    small_options.stride = 1;
    const auto a = run(family("pct"), large, big_options);
    const auto b = run(family("pct"), small, small_options);
    ASSERT_EQ(a.rows, b.rows);
    double error = 0.0;
    for (std::size_t k = 0; k < a.values.size(); ++k) {
      error = std::max(error, std::abs(std::abs(a.values[k]) - std::abs(b.values[k])));
    }
    // Box averaging blurs higher orders, and the two resolutions sample the disk boundary
    // differently. Measured relative errors: 1.2e-2 (S = 8), 4.5e-3 (S = 12), 3.9e-3 (S = 16);
    // the bound is twice the worst of them.
    EXPECT_LT(error / max_magnitude(b), 2.5e-2) << "S " << scale;
  }
}

// The adjoint identity <F X, Y> = <X, F^T Y> for random real X and complex Y.
TEST(DenseOracle, AdjointIdentity) {
  std::mt19937 generator(24);
  std::normal_distribution<double> normal;
  struct Case {
    Boundary boundary;
    std::ptrdiff_t stride;
    Method method;
    std::ptrdiff_t tile;
    Precision precision;
  };
  const std::array<Case, 7> cases = {Case{Boundary::valid, 1, Method::fft, 0, Precision::float64},
                                     Case{Boundary::zero, 1, Method::fft, 0, Precision::float64},
                                     Case{Boundary::reflect, 3, Method::fft, 0, Precision::float64},
                                     Case{Boundary::replicate, 2, Method::fft, 9, Precision::float64},
                                     Case{Boundary::reflect, 1, Method::direct, 0, Precision::float64},
                                     Case{Boundary::replicate, 3, Method::direct, 0, Precision::float64},
                                     Case{Boundary::zero, 1, Method::fft, 0, Precision::float32}};
  for (const Case& test : cases) {
    LocalMomentOptions options;
    options.orders = {{0, 0}, {1, 2}, {2, 1}, {3, 0}};
    options.scales = {6, 10};
    options.boundary = test.boundary;
    options.stride = test.stride;
    options.method = test.method;
    options.tile_rows = test.tile;
    options.tile_cols = test.tile;
    options.precision = test.precision;
    const LocalMomentPlan plan(family("pct"), 23, 26, options);
    const ImageF x = random_image(23, 26, 25);
    const auto fx = plan.apply(x.plane());
    LocalMomentStack y = fx;
    for (auto& value : y.values) value = {normal(generator), normal(generator)};
    double left = 0.0;
    for (std::size_t p = 0; p < y.values.size(); ++p) left += (std::conj(fx.values[p]) * y.values[p]).real();
    const ImageD adjoint = plan.adjoint(y);
    double right = 0.0;
    double scale = 0.0;
    for (std::ptrdiff_t i = 0; i < 23; ++i) {
      for (std::ptrdiff_t j = 0; j < 26; ++j) {
        right += x(i, j) * adjoint(i, j);
        scale += std::abs(x(i, j) * adjoint(i, j));
      }
    }
    // 1e-12 relative in double; float32 FFTs round at about 1e-7 per stage.
    const double tolerance = test.precision == Precision::float64 ? 1e-12 : 1e-5;
    EXPECT_LT(std::abs(left - right) / scale, tolerance)
        << to_string(test.boundary) << " stride " << test.stride << " " << to_string(test.method);
  }
}

}  // namespace
}  // namespace erlangen::dense
