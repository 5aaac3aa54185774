// LocalMomentPlan: output sizes, validation, tiling, stride, pooling and method choice.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "test_dense_support.hpp"

namespace erlangen::dense {
namespace {

using testing::dense_support::family;
using testing::dense_support::random_image;
using testing::dense_support::relative_difference;

LocalMomentOptions small_options() {
  LocalMomentOptions options;
  options.orders = nm10();
  options.scales = {6, 8, 12};
  return options;
}

TEST(DensePlan, ValidOutputSizeDefaultScales) {
  // valid maps are (H - S_max + 1) x (W - S_max + 1) x L, S_max = 32 for the default scales.
  const LocalMomentPlan plan(family("pct"), 100, 80, {});
  EXPECT_EQ(plan.output_rows(), 69);
  EXPECT_EQ(plan.output_cols(), 49);
  EXPECT_EQ(plan.channels(), 100);
  EXPECT_EQ(plan.orders(), nm10());
  EXPECT_EQ(plan.padding(), 0);
}

TEST(DensePlan, ZeroPaddingGivesOnePixelMore) {
  // zero padding by S_max/2 per side gives (H + 1) x (W + 1) for even S_max.
  LocalMomentOptions options;
  options.boundary = Boundary::zero;
  const LocalMomentPlan plan(family("pct"), 100, 80, options);
  EXPECT_EQ(plan.padding(), 16);
  EXPECT_EQ(plan.output_rows(), 101);
  EXPECT_EQ(plan.output_cols(), 81);
}

TEST(DensePlan, OddScalesSamePaddingKeepsSize) {
  LocalMomentOptions options = small_options();
  options.scales = {5, 9};
  options.boundary = Boundary::reflect;
  const LocalMomentPlan plan(family("pct"), 21, 17, options);
  EXPECT_EQ(plan.output_rows(), 21);
  EXPECT_EQ(plan.output_cols(), 17);
  // Output pixel (a, b) is centred on input pixel (a, b) for odd S_max and floor(S_max/2) padding.
  EXPECT_DOUBLE_EQ(plan.centre_row(3), 3.0);
  EXPECT_DOUBLE_EQ(plan.centre_col(0), 0.0);
}

TEST(DensePlan, CentreMappingValidEven) {
  LocalMomentOptions options = small_options();
  options.stride = 3;
  const LocalMomentPlan plan(family("pct"), 40, 40, options);
  EXPECT_EQ(plan.output_rows(), (40 - 12 + 1 + 2) / 3);
  EXPECT_DOUBLE_EQ(plan.centre_row(2), 6.0 + 5.5);  // a * k + (S_max - 1)/2
}

TEST(DensePlan, RejectsBadParameters) {
  const auto pct = family("pct");
  LocalMomentOptions options = small_options();

  // Scale larger than the image in valid mode: the message states the minimum size.
  try {
    LocalMomentPlan plan(pct, 10, 30, options);
    FAIL() << "a 10-row image cannot hold a 12-pixel window";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("at least 12x12"), std::string::npos) << error.what();
  }

  LocalMomentOptions empty = options;
  empty.orders.clear();
  empty.scales.clear();
  EXPECT_THROW(LocalMomentPlan(pct, 64, 64, empty), InvalidArgument);

  LocalMomentOptions zero_stride = options;
  zero_stride.stride = 0;
  EXPECT_THROW(LocalMomentPlan(pct, 64, 64, zero_stride), InvalidArgument);

  LocalMomentOptions mixed = options;
  mixed.scales = {8, 9};
  EXPECT_THROW(LocalMomentPlan(pct, 64, 64, mixed), InvalidArgument);

  LocalMomentOptions bad_order = options;
  bad_order.orders = {{0, 1}};
  EXPECT_THROW(LocalMomentPlan(family("zernike"), 64, 64, bad_order), InvalidArgument);

  LocalMomentOptions unknown_boundary = options;
  unknown_boundary.boundary = static_cast<Boundary>(17);
  EXPECT_THROW(LocalMomentPlan(pct, 64, 64, unknown_boundary), InvalidArgument);

  LocalMomentOptions negative_padding = options;
  negative_padding.boundary = Boundary::zero;
  negative_padding.padding = -2;
  EXPECT_THROW(LocalMomentPlan(pct, 64, 64, negative_padding), InvalidArgument);

  EXPECT_THROW(parse_boundary("wrap"), InvalidArgument);
  EXPECT_EQ(parse_boundary("same:symmetric"), Boundary::reflect);
  EXPECT_EQ(parse_boundary("same:zero"), Boundary::zero);

  const LocalMomentPlan plan(pct, 64, 64, options);
  const ImageF wrong = random_image(63, 64, 1);
  EXPECT_THROW(plan.apply(wrong.plane()), InvalidArgument);
}

TEST(DensePlan, BudgetTooSmallThrowsLimitExceeded) {
  LocalMomentOptions options;
  options.orders = parse_order_set("getNM(5)", *family("pct"));
  options.scales = {120};
  options.memory_budget = std::size_t{1} << 20;
  options.method = Method::fft;
  EXPECT_THROW(LocalMomentPlan(family("pct"), 400, 400, options), LimitExceeded);
}

TEST(DensePlan, TiledEqualsUntiled) {
  const ImageF image = random_image(97, 83, 7);
  LocalMomentOptions options = small_options();
  options.boundary = Boundary::reflect;
  options.method = Method::fft;
  const LocalMomentPlan whole(family("pct"), 97, 83, options);
  ASSERT_EQ(whole.tile_count(), 1);

  options.tile_rows = 20;
  options.tile_cols = 25;
  const LocalMomentPlan tiled(family("pct"), 97, 83, options);
  ASSERT_GT(tiled.tile_count(), 4);
  // Tiles only change the FFT size and summation order, so results agree to rounding (1e-6 is
  // the tiling contract, far above double rounding).
  EXPECT_LT(relative_difference(tiled.apply(image.plane()), whole.apply(image.plane())), 1e-6);
}

TEST(DensePlan, TilesInParallelForFewChannels) {
  // One order and one scale: with two or more threads the plan hands whole tiles to threads.
  const ImageF image = random_image(90, 77, 16);
  LocalMomentOptions options;
  options.orders = {{1, 2}};
  options.scales = {9};
  options.boundary = Boundary::replicate;
  options.method = Method::fft;
  options.tile_rows = 16;
  options.tile_cols = 20;
  const LocalMomentPlan tiled(family("pct"), 90, 77, options);
  ASSERT_GT(tiled.tile_count(), 8);
  options.method = Method::direct;
  const LocalMomentPlan direct(family("pct"), 90, 77, options);
  // FFT rounding against direct sums, as in the FFT-versus-direct oracle.
  EXPECT_LT(relative_difference(tiled.apply(image.plane()), direct.apply(image.plane())), 1e-10);
  const auto pooled = tiled.pooled<double>(image.plane(), Pooling::max);
  const auto reference = direct.pooled<double>(image.plane(), Pooling::max);
  double worst = 0.0;
  for (std::size_t p = 0; p < pooled.planes.values().size(); ++p) {
    worst = std::max(worst, std::abs(pooled.planes.values()[p] - reference.planes.values()[p]));
  }
  EXPECT_LT(worst, 1e-9);  // magnitudes up to about 255, FFT rounding near 1e-13
}

TEST(DensePlan, BudgetForcesTilesWithSameResult) {
  const ImageF image = random_image(300, 260, 8);
  LocalMomentOptions options = small_options();
  options.method = Method::fft;
  const LocalMomentPlan whole(family("pct"), 300, 260, options);
  options.memory_budget = std::size_t{4} << 20;
  const LocalMomentPlan tiled(family("pct"), 300, 260, options);
  ASSERT_GT(tiled.tile_count(), 1);
  EXPECT_LE(tiled.spectrum_bytes(), options.memory_budget);
  const auto a = tiled.pooled<double>(image.plane(), Pooling::mean);
  const auto b = whole.pooled<double>(image.plane(), Pooling::mean);
  double difference = 0.0;
  double largest = 0.0;
  for (std::size_t p = 0; p < a.planes.values().size(); ++p) {
    difference = std::max(difference, std::abs(a.planes.values()[p] - b.planes.values()[p]));
    largest = std::max(largest, std::abs(b.planes.values()[p]));
  }
  EXPECT_LT(difference / largest, 1e-6);  // tiling contract
}

TEST(DensePlan, StrideSamplesStrideOneMap) {
  const ImageF image = random_image(61, 70, 9);
  for (Method method : {Method::fft, Method::direct}) {
    LocalMomentOptions options = small_options();
    options.boundary = Boundary::zero;
    options.method = method;
    const LocalMomentPlan dense(family("pct"), 61, 70, options);
    options.stride = 4;
    options.tile_rows = method == Method::fft ? 17 : 0;  // tiles must start on stride multiples
    const LocalMomentPlan strided(family("pct"), 61, 70, options);
    const auto full = dense.apply(image.plane());
    const auto sampled = strided.apply(image.plane());
    ASSERT_EQ(sampled.rows, (full.rows + 3) / 4);
    ASSERT_EQ(sampled.cols, (full.cols + 3) / 4);
    double difference = 0.0;
    for (std::ptrdiff_t c = 0; c < full.channels(); ++c) {
      for (std::ptrdiff_t a = 0; a < sampled.rows; ++a) {
        for (std::ptrdiff_t b = 0; b < sampled.cols; ++b) {
          difference = std::max(difference, std::abs(sampled.at(c, a, b) - full.at(c, 4 * a, 4 * b)));
        }
      }
    }
    // Same sums on a different FFT size: rounding only.
    EXPECT_LT(difference / testing::dense_support::max_magnitude(full), 1e-12) << to_string(method);
  }
}

TEST(DensePlan, PoolingMatchesMagnitudes) {
  const ImageF image = random_image(48, 52, 10);
  const LocalMomentPlan plan(family("pct"), 48, 52, small_options());
  const auto magnitudes = plan.magnitudes<double>(image.plane());
  const auto mean = plan.pooled<double>(image.plane(), Pooling::mean);
  const auto maximum = plan.pooled<double>(image.plane(), Pooling::max);
  ASSERT_EQ(mean.planes.channels(), 10);
  ASSERT_EQ(mean.labels.size(), 10u);
  EXPECT_EQ(mean.labels[4].n, 1);
  EXPECT_EQ(mean.labels[4].kind, "mean-pooled magnitude");
  const std::ptrdiff_t orders = 10;
  double worst = 0.0;
  for (std::ptrdiff_t k = 0; k < orders; ++k) {
    for (std::ptrdiff_t a = 0; a < plan.output_rows(); a += 5) {
      for (std::ptrdiff_t b = 0; b < plan.output_cols(); b += 5) {
        double sum = 0.0;
        double largest = 0.0;
        for (std::ptrdiff_t s = 0; s < 3; ++s) {
          sum += magnitudes.planes(a, b, s * orders + k);
          largest = std::max(largest, magnitudes.planes(a, b, s * orders + k));
        }
        worst = std::max(worst, std::abs(mean.planes(a, b, k) - sum / 3.0));
        worst = std::max(worst, std::abs(maximum.planes(a, b, k) - largest));
      }
    }
  }
  EXPECT_LT(worst, 1e-9);  // identical values summed in another order; image values up to 255
}

TEST(DensePlan, AutomaticMethodPrefersDirectForSparseOutput) {
  LocalMomentOptions options = small_options();
  options.stride = 16;
  const LocalMomentPlan sparse(family("pct"), 200, 200, options);
  EXPECT_EQ(sparse.method(), Method::direct);
  LocalMomentOptions dense_options;
  const LocalMomentPlan dense(family("pct"), 256, 256, dense_options);
  EXPECT_EQ(dense.method(), Method::fft);
}

TEST(DensePlan, Float32CloseToFloat64) {
  const ImageF image = random_image(64, 64, 11);
  LocalMomentOptions options = small_options();
  options.method = Method::fft;
  const LocalMomentPlan exact(family("pct"), 64, 64, options);
  options.precision = Precision::float32;
  const LocalMomentPlan single(family("pct"), 64, 64, options);
  // float32 FFTs of size 64: rounding of about 1e-7 per operation times log N stages.
  EXPECT_LT(relative_difference(single.apply(image.plane()), exact.apply(image.plane())), 1e-5);
}

TEST(DensePlan, KernelNormalisationInsideArea) {
  LocalMomentOptions options = small_options();
  options.sampling = {basis::Integration::zoa, 1};
  const LocalMomentPlan plan(family("pct"), 32, 32, options);
  // Scale 8 on the edge grid with ZOA: 52 pixel centres lie inside the disk of radius 4.
  double inside = 0.0;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) {
      const double x = (2.0 * j + 1.0 - 8.0) / 8.0;
      const double y = (8.0 - 1.0 - 2.0 * i) / 8.0;
      if (x * x + y * y <= 1.0) inside += 1.0;
    }
  }
  EXPECT_DOUBLE_EQ(plan.normalisation(10), 1.0 / inside);  // channel 10: scale 8, order (0,0)
}

TEST(DensePlan, ConjugateOutputConjugates) {
  const ImageF image = random_image(30, 30, 12);
  LocalMomentOptions options = small_options();
  const LocalMomentPlan plain(family("pct"), 30, 30, options);
  options.conjugate_output = true;
  const LocalMomentPlan conjugated(family("pct"), 30, 30, options);
  const auto a = plain.apply(image.plane());
  const auto b = conjugated.apply(image.plane());
  double difference = 0.0;
  for (std::size_t p = 0; p < a.values.size(); ++p) difference = std::max(difference, std::abs(std::conj(a.values[p]) - b.values[p]));
  EXPECT_EQ(difference, 0.0);  // the same computation, conjugated at the end
}

TEST(DensePlan, ConcurrentApplyIsDeterministic) {
  const ImageF first = random_image(70, 66, 13);
  const ImageF second = random_image(70, 66, 14);
  LocalMomentOptions options = small_options();
  options.method = Method::fft;
  options.tile_rows = 30;  // several tiles share the cached spectra
  const LocalMomentPlan plan(family("pct"), 70, 66, options);
  const auto expected_first = plan.apply(first.plane());
  const auto expected_second = plan.apply(second.plane());
  LocalMomentStack result_first;
  LocalMomentStack result_second;
  std::thread worker([&] { result_first = plan.apply(first.plane()); });
  result_second = plan.apply(second.plane());
  worker.join();
  // The same operations in the same order on each thread: bitwise equal.
  EXPECT_EQ(result_first.values, expected_first.values);
  EXPECT_EQ(result_second.values, expected_second.values);
}

TEST(DensePlan, KernelEnergyMatchesBruteForce) {
  for (Boundary boundary : {Boundary::valid, Boundary::zero, Boundary::replicate}) {
    LocalMomentOptions options;
    options.orders = {{0, 0}, {1, 1}, {2, 3}};
    options.scales = {4, 6};
    options.boundary = boundary;
    options.stride = 2;
    const LocalMomentPlan plan(family("pct"), 15, 13, options);
    const ImageD energy = plan.kernel_energy();
    const std::ptrdiff_t side = plan.max_scale();
    const std::ptrdiff_t padding = plan.padding();
    ImageD expected(15, 13);
    for (std::ptrdiff_t channel = 0; channel < plan.channels(); ++channel) {
      const auto& kernel = plan.kernel(channel);
      for (std::ptrdiff_t a = 0; a < plan.output_rows(); ++a) {
        for (std::ptrdiff_t b = 0; b < plan.output_cols(); ++b) {
          for (std::ptrdiff_t i = 0; i < side; ++i) {
            for (std::ptrdiff_t j = 0; j < side; ++j) {
              std::ptrdiff_t row = a * 2 + i - padding;
              std::ptrdiff_t col = b * 2 + j - padding;
              if (boundary == Boundary::replicate) {
                row = std::clamp<std::ptrdiff_t>(row, 0, 14);
                col = std::clamp<std::ptrdiff_t>(col, 0, 12);
              }
              if (row < 0 || row >= 15 || col < 0 || col >= 13) continue;
              expected(row, col) += std::norm(kernel[static_cast<std::size_t>(i * side + j)]);
            }
          }
        }
      }
    }
    double worst = 0.0;
    double largest = 0.0;
    for (std::ptrdiff_t i = 0; i < 15; ++i) {
      for (std::ptrdiff_t j = 0; j < 13; ++j) {
        worst = std::max(worst, std::abs(energy(i, j) - expected(i, j)));
        largest = std::max(largest, expected(i, j));
      }
    }
    ASSERT_GT(largest, 0.0);
    EXPECT_LT(worst / largest, 1e-13) << to_string(boundary);  // same terms, other summation order
  }
}

TEST(DensePlan, ReferenceLabelsNegateExponentialOrder) {
  const ImageF image = random_image(30, 30, 15);
  LocalMomentOptions textbook;
  textbook.orders = {{1, 2}, {-2, 1}};
  textbook.scales = {8};
  LocalMomentOptions reference = textbook;
  reference.reference_labels = true;
  textbook.orders = {{-1, 2}, {2, 1}};
  const auto a = LocalMomentPlan(family("pcet"), 30, 30, reference).apply(image.plane());
  const auto b = LocalMomentPlan(family("pcet"), 30, 30, textbook).apply(image.plane());
  EXPECT_EQ(a.labels[0].n, 1);  // labelled as requested
  EXPECT_EQ(a.values, b.values);  // computed as the textbook (-n, m)

  // Real radial families ignore the switch.
  LocalMomentOptions real = reference;
  real.orders = {{1, 2}};
  LocalMomentOptions plain = real;
  plain.reference_labels = false;
  EXPECT_EQ(LocalMomentPlan(family("pct"), 30, 30, real).apply(image.plane()).values,
            LocalMomentPlan(family("pct"), 30, 30, plain).apply(image.plane()).values);
}

}  // namespace
}  // namespace erlangen::dense
