// HirPlan: the FFT prefix-tree computation against a slow direct path-by-path oracle, the
// read-outs against their definitions, and the input checks.
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::hierarchy {
namespace {

ImageF random_image(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  ImageF image(rows, cols);
  for (float& value : image.values()) value = uniform(engine);
  return image;
}

using Map = std::vector<double>;

// Kernel c_S h_nm of one filter, sampled as HirPlan samples it (through the dense module).
std::vector<std::complex<double>> filter_kernel(const Filter& filter, KernelMode mode) {
  const auto family = std::shared_ptr<const basis::Family>(basis::make_family("pct"));
  dense::LocalMomentOptions options;
  if (mode == KernelMode::reference) {
    options = dense::reference_options({{filter.n, filter.m}}, {filter.side});
  } else {
    options.orders = {{filter.n, filter.m}};
    options.scales = {filter.side};
  }
  options.method = dense::Method::direct;
  const dense::LocalMomentPlan plan(family, filter.side, filter.side, options);
  return plan.kernel(0);
}

// Direct oracle: each layer is a spatial valid correlation sum_{i,j} k[i,j] U[a+i, b+j] in double,
// then the modulus, with pooling by its definition. Returns the final map.
Map direct_path_map(const ImageF& image, const Path& path, KernelMode mode, const PoolingOptions& pooling,
                    std::ptrdiff_t& rows, std::ptrdiff_t& cols) {
  rows = image.height();
  cols = image.width();
  Map map(image.values().begin(), image.values().end());
  for (const Filter& filter : path) {
    if (pooling.kind != PoolingKind::none) {
      const std::ptrdiff_t pooled_rows = (rows - pooling.window) / pooling.stride + 1;
      const std::ptrdiff_t pooled_cols = (cols - pooling.window) / pooling.stride + 1;
      Map pooled(static_cast<std::size_t>(pooled_rows * pooled_cols));
      for (std::ptrdiff_t a = 0; a < pooled_rows; ++a) {
        for (std::ptrdiff_t b = 0; b < pooled_cols; ++b) {
          double sum = 0.0;
          double maximum = -std::numeric_limits<double>::infinity();
          for (int i = 0; i < pooling.window; ++i) {
            for (int j = 0; j < pooling.window; ++j) {
              const double value = map[static_cast<std::size_t>((a * pooling.stride + i) * cols + b * pooling.stride + j)];
              sum += value;
              maximum = std::max(maximum, value);
            }
          }
          pooled[static_cast<std::size_t>(a * pooled_cols + b)] =
              pooling.kind == PoolingKind::average ? sum / (pooling.window * pooling.window) : maximum;
        }
      }
      map = std::move(pooled);
      rows = pooled_rows;
      cols = pooled_cols;
    }
    Filter used = filter;
    if (mode == KernelMode::reference) used.side -= used.side % 2;
    const auto kernel = filter_kernel(used, mode);
    const std::ptrdiff_t side = used.side;
    const std::ptrdiff_t out_rows = rows - side + 1;
    const std::ptrdiff_t out_cols = cols - side + 1;
    Map next(static_cast<std::size_t>(out_rows * out_cols));
    for (std::ptrdiff_t a = 0; a < out_rows; ++a) {
      for (std::ptrdiff_t b = 0; b < out_cols; ++b) {
        std::complex<double> sum = 0.0;
        for (std::ptrdiff_t i = 0; i < side; ++i) {
          for (std::ptrdiff_t j = 0; j < side; ++j) {
            sum += kernel[static_cast<std::size_t>(i * side + j)] * map[static_cast<std::size_t>((a + i) * cols + b + j)];
          }
        }
        next[static_cast<std::size_t>(a * out_cols + b)] = std::abs(sum);
      }
    }
    map = std::move(next);
    rows = out_rows;
    cols = out_cols;
  }
  return map;
}

double mean(const Map& map) {
  double sum = 0.0;
  for (double value : map) sum += value;
  return sum / static_cast<double>(map.size());
}

void expect_matches_oracle(const HirOptions& options, const ImageF& image, double relative_tolerance) {
  const HirPlan plan(image.height(), image.width(), options);
  const LabelledFeatures features = plan.apply(image.plane());
  ASSERT_EQ(features.size(), plan.paths().size());
  for (std::size_t index = 0; index < plan.paths().size(); ++index) {
    std::ptrdiff_t rows = 0;
    std::ptrdiff_t cols = 0;
    const double expected = mean(direct_path_map(image, plan.paths()[index], options.kernels, options.pooling, rows, cols));
    EXPECT_NEAR(features.values[index], expected, relative_tolerance * std::abs(expected))
        << path_text(plan.paths()[index]);
  }
}

HirOptions small_tree(HirPrecision precision) {
  HirOptions options;
  options.path_options.max_total_order = 3;
  options.path_options.max_depth = 3;
  options.path_options.sides = {5};
  options.precision = precision;
  return options;
}

TEST(HirPlanOracle, TreeMatchesDirectDouble) {
  const ImageF image = random_image(23, 26, 1);
  // Double FFTs against double spatial sums: only rounding of about 1e-15 per operation differs.
  expect_matches_oracle(small_tree(HirPrecision::float64), image, 1e-10);
}

TEST(HirPlanOracle, TreeMatchesDirectSingle) {
  const ImageF image = random_image(23, 26, 2);
  // Single-precision FFTs: about 1e-7 relative rounding per layer, amplified by cancellation in
  // the small high-order responses, so 1e-4 relative.
  expect_matches_oracle(small_tree(HirPrecision::float32), image, 1e-4);
}

TEST(HirPlanOracle, ReferenceKernelsAndOddSide) {
  const ImageF image = random_image(30, 30, 3);
  HirOptions options = reference_hir_options(3, 7);  // side 7 is decremented to 6
  options.precision = HirPrecision::float64;
  const HirPlan plan(30, 30, options);
  EXPECT_EQ(plan.paths().front().front().side, 6);
  EXPECT_EQ(plan.paths().size(), 30u);
  expect_matches_oracle(options, image, 1e-10);
}

TEST(HirPlanOracle, PoolingAndMixedSides) {
  const ImageF image = random_image(56, 53, 4);
  for (PoolingKind kind : {PoolingKind::average, PoolingKind::max}) {
    HirOptions options;
    options.precision = HirPrecision::float64;
    options.pooling = {kind, 3, 2};
    options.paths = parse_paths("(0,0)@5->(1,1)@4; (0,0)@5->(2,1)@3->(0,1)@3; (1,2)@6", 5);
    expect_matches_oracle(options, image, 1e-10);
  }
}

TEST(HirPlan, ConstantImageShowsKernelNormalisation) {
  const ImageF constant(30, 30, 1, 2.0f);
  // Sub-pixel kernels are divided by the disk area they sample, so (0,0) of a constant c is c,
  // and (0,0) applied twice is c again.
  HirOptions options;
  options.precision = HirPrecision::float64;
  options.paths = parse_paths("(0,0); (0,0)->(0,0)", 10);
  const LabelledFeatures subpixel = HirPlan(30, 30, options).apply(constant.plane());
  EXPECT_NEAR(subpixel.values[0], 2.0, 1e-12);  // double rounding only
  EXPECT_NEAR(subpixel.values[1], 2.0, 1e-12);

  // Reference kernels at S = 10: 60 of the 100 pixel centres of the centre grid lie inside the
  // disk and the sum is divided by the 40 outside, so (0,0) of c is 1.5 c.
  options.kernels = KernelMode::reference;
  const LabelledFeatures reference = HirPlan(30, 30, options).apply(constant.plane());
  EXPECT_NEAR(reference.values[0], 3.0, 1e-12);
  EXPECT_NEAR(reference.values[1], 4.5, 1e-12);
}

TEST(HirPlan, SharesPrefixesAndBatchesForwardFfts) {
  HirOptions options = reference_hir_options(6, 10);
  const HirPlan plan(64, 64, options);
  EXPECT_EQ(plan.paths().size(), 140u);
  EXPECT_EQ(plan.node_count(), 140u);  // every prefix of a reference path is itself a reference path
  // Distinct maps that feed a C layer: the image plus the 21 parents (1 + K(K+1)/2 = 22 in all).
  EXPECT_EQ(plan.forward_fft_count(), 22u);

  HirOptions tree;
  const HirPlan default_plan(64, 64, tree);
  EXPECT_EQ(default_plan.paths().size(), 350u);
  EXPECT_EQ(default_plan.forward_fft_count(), 1u + 28u - 7u);  // the 7 order-6 filters have no children
}

TEST(HirPlan, PathMapMatchesOracle) {
  const ImageF image = random_image(24, 24, 5);
  HirOptions options = small_tree(HirPrecision::float64);
  const HirPlan plan(24, 24, options);
  const std::size_t index = plan.paths().size() - 1;
  const ImageD map = plan.path_map(image.plane(), index);
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  const Map expected = direct_path_map(image, plan.paths()[index], options.kernels, options.pooling, rows, cols);
  ASSERT_EQ(map.height(), rows);
  ASSERT_EQ(map.width(), cols);
  EXPECT_EQ(rows, 24 - 3 * 4);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_NEAR(map.values()[k], expected[k], 1e-10 * (1.0 + std::abs(expected[k])));  // double rounding only
  }
}

// dct_rings by its definition, with an explicit cosine sum.
std::vector<double> dct_rings_oracle(const ImageD& map, int bands, bool reference) {
  const std::ptrdiff_t h = map.height();
  std::vector<double> sum(static_cast<std::size_t>(bands), 0.0);
  std::vector<double> count(static_cast<std::size_t>(bands), 0.0);
  const double width = std::sqrt(2.0) * static_cast<double>(h - 1) / bands;
  for (std::ptrdiff_t u = 0; u < h; ++u) {
    for (std::ptrdiff_t v = 0; v < h; ++v) {
      double y = 0.0;
      for (std::ptrdiff_t i = 0; i < h; ++i) {
        for (std::ptrdiff_t j = 0; j < h; ++j) {
          y += map(i, j) * std::cos(std::numbers::pi * (2 * i + 1) * u / (2.0 * h)) *
               std::cos(std::numbers::pi * (2 * j + 1) * v / (2.0 * h));
        }
      }
      y *= (u == 0 ? std::sqrt(1.0 / h) : std::sqrt(2.0 / h)) * (v == 0 ? std::sqrt(1.0 / h) : std::sqrt(2.0 / h));
      y /= static_cast<double>(h * h);
      const double rho = std::hypot(u + 1.0, v + 1.0);
      for (int band = 0; band < bands; ++band) {
        const double low = (reference ? 0.0 : std::sqrt(2.0)) + band * width;
        const double high = low + width;
        const bool inside = (rho > low && rho <= high + 1e-9) || (!reference && band == 0 && rho == std::sqrt(2.0));
        if (inside) {
          sum[static_cast<std::size_t>(band)] += std::abs(y) * rho * rho;
          count[static_cast<std::size_t>(band)] += 1.0;
          break;
        }
      }
    }
  }
  for (int band = 0; band < bands; ++band) {
    sum[static_cast<std::size_t>(band)] = count[static_cast<std::size_t>(band)] > 0.0
                                              ? sum[static_cast<std::size_t>(band)] / count[static_cast<std::size_t>(band)]
                                              : std::numeric_limits<double>::quiet_NaN();
  }
  return sum;
}

TEST(HirReadout, DctRingsMatchDefinition) {
  for (bool reference : {false, true}) {
    const ImageF image = random_image(52, 52, 6);
    HirOptions options;
    options.precision = HirPrecision::float64;
    options.paths = parse_paths("(0,0)->(1,2); (2,0)", 10);
    options.readout.kind = ReadoutKind::dct_rings;
    options.readout.bands = 12;
    options.readout.reference_bands = reference;
    const HirPlan plan(52, 52, options);
    const LabelledFeatures features = plan.apply(image.plane());
    ASSERT_EQ(features.size(), 24u);
    EXPECT_EQ(features.labels[13].kind, "hir dct_rings band 2");
    EXPECT_EQ(features.labels[13].path, "(2,0)");
    for (std::size_t path = 0; path < 2; ++path) {
      const std::vector<double> expected = dct_rings_oracle(plan.path_map(image.plane(), path), 12, reference);
      for (std::size_t band = 0; band < 12; ++band) {
        const double value = features.values[path * 12 + band];
        EXPECT_NEAR(value, expected[band], 1e-9 * std::abs(expected[band]))  // double rounding only
            << "path " << path << " band " << band + 1 << (reference ? " reference" : " default");
      }
    }
  }
}

TEST(HirReadout, ReferenceDctRingsEmptyFirstBandIsNan) {
  // Final side 64 - 3 * 9 = 37 > 30 has no empty band; 28 (depth 4 of a 64 input) has band 1 empty.
  HirOptions options = reference_hir_options(6, 10, ReadoutKind::dct_rings);
  options.paths = parse_paths("(0,0)->(0,1)->(3,0)->(6,0); (0,0)", 10);
  const HirPlan plan(64, 64, options);
  const ImageF image = random_image(64, 64, 7);
  const LabelledFeatures features = plan.apply(image.plane());
  EXPECT_TRUE(std::isnan(features.values[0]));
  EXPECT_FALSE(std::isnan(features.values[1]));
  EXPECT_FALSE(std::isnan(features.values[30]));

  // A 3 x 3 final map has 9 coefficients for 30 bands: the default variant rejects it.
  options.readout.reference_bands = false;
  options.paths = parse_paths("(0,0)", 10);
  EXPECT_THROW(HirPlan(12, 12, options), InvalidArgument);
}

TEST(HirReadout, MomentsMatchMomentPlanOfFinalMap) {
  const ImageF image = random_image(40, 40, 8);
  HirOptions options;
  options.precision = HirPrecision::float64;
  options.paths = parse_paths("(0,1)->(2,0)", 10);
  options.readout.kind = ReadoutKind::moments;
  const HirPlan plan(40, 40, options);
  const LabelledFeatures features = plan.apply(image.plane());
  ASSERT_EQ(features.size(), 10u);  // NM10
  const ImageD map = plan.path_map(image.plane(), 0);
  const moments::MomentPlan moment_plan(std::shared_ptr<const basis::Family>(basis::make_family("pct")), map.height(),
                                        map.width(), moments::MomentOptions{.max_order = 3});
  const moments::MomentSet set = moment_plan.apply(map.plane());
  for (std::size_t k = 0; k < features.size(); ++k) {
    const FeatureLabel& label = features.labels[k];
    const auto info = plan.feature_info()[k];
    EXPECT_NEAR(features.values[k], std::abs(set.at(info.moment_n, info.moment_m)), 1e-12) << label.kind;
  }
}

TEST(HirPlan, BatchMatchesSingleApply) {
  std::vector<ImageF> images;
  for (unsigned seed = 0; seed < 5; ++seed) images.push_back(random_image(28, 28, 10 + seed));
  std::vector<ImageView<const float>> views;
  for (const ImageF& image : images) views.push_back(image.plane());
  const Preset digits = preset("digits");
  HirOptions options;
  options.path_options = digits.paths;
  options.kernels = KernelMode::reference;
  const HirPlan plan(64, 64, options);
  const FeatureMatrix matrix = extract_batch(plan, views, digits.preprocess);
  ASSERT_EQ(matrix.rows, 5u);
  ASSERT_EQ(matrix.cols, 140u);
  for (std::size_t k = 0; k < images.size(); ++k) {
    const ImageF prepared = preprocess(images[k].plane(), digits.preprocess);
    ASSERT_EQ(prepared.height(), 64);
    const LabelledFeatures single = plan.apply(prepared.plane());
    for (std::size_t j = 0; j < matrix.cols; ++j) {
      EXPECT_EQ(matrix.values[k * matrix.cols + j], single.values[j]);  // the same code on the same input
    }
  }
}

TEST(HirPlan, ManifestNamesEveryFeature) {
  HirOptions options = reference_hir_options(2, 10, ReadoutKind::dct_rings);
  options.readout.bands = 3;
  const HirPlan plan(64, 64, options);
  const nlohmann::json manifest = nlohmann::json::parse(manifest_json(plan));
  EXPECT_EQ(manifest["path_count"], 14);
  EXPECT_EQ(manifest["feature_count"], 42);
  ASSERT_EQ(manifest["features"].size(), 42u);
  EXPECT_EQ(manifest["features"][5]["path"], "(0,1)");
  EXPECT_EQ(manifest["features"][5]["band"], 3);
  EXPECT_EQ(manifest["paths"][3]["filters"][1]["m"], 1);
  EXPECT_EQ(manifest["kernels"], "reference");
  // Written only for an orbit average, so that earlier manifests keep their text.
  EXPECT_FALSE(manifest.contains("orbit_rotations"));
}

TEST(HirPlan, OrbitAverageOfOneRotationIsPlainApply) {
  const ImageF image = random_image(40, 40, 5);
  HirOptions options;
  options.path_options.max_total_order = 3;
  const std::vector<double> plain = HirPlan(40, 40, options).apply(image.plane()).values;
  options.orbit_rotations = 1;
  EXPECT_EQ(HirPlan(40, 40, options).apply(image.plane()).values, plain);
  options.orbit_rotations = 2;
  const HirPlan averaged(40, 40, options);
  const std::vector<double> features = averaged.apply(image.plane()).values;
  EXPECT_NE(features, plain);
  const nlohmann::json manifest = nlohmann::json::parse(manifest_json(averaged));
  EXPECT_EQ(manifest["orbit_rotations"], 2);
}

TEST(HirPlan, RejectsImageSmallerThanReceptiveField) {
  HirOptions options;  // K = 6, D = 2, S = 10: needs 2 * 9 + 1 = 19 pixels
  EXPECT_NO_THROW(HirPlan(19, 19, options));
  try {
    HirPlan(18, 40, options);
    FAIL() << "no exception";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("18x40"), std::string::npos) << message;
    EXPECT_NE(message.find("at least 19x19"), std::string::npos) << message;
  }
}

TEST(HirPlan, RejectsInvalidOptions) {
  HirOptions options;
  options.path_options.max_total_order = 21;
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.path_options.max_depth = 0;
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.path_options.sides = {1};
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.family = "zernike";
  options.paths = parse_paths("(1,0)", 10);  // n - m odd: not a Zernike pair
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.pooling = {PoolingKind::max, 2, 3};
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.family = "pst";  // n >= 1, so K = 0 leaves an empty bank and no path
  options.path_options.max_total_order = 0;
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  options = {};
  options.family = "no-such-family";
  EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument);
  for (const int rotations : {0, -1, kMaxOrbitRotations + 1}) {
    options = {};
    options.orbit_rotations = rotations;
    EXPECT_THROW(HirPlan(64, 64, options), InvalidArgument) << rotations << " orbit rotations";
  }
  EXPECT_THROW(HirPlan(0, 64, HirOptions{}), InvalidArgument);
}

TEST(HirPlan, RejectsWrongSizeAndNonFinitePixels) {
  const HirPlan plan(32, 32, HirOptions{});
  const ImageF wrong = random_image(31, 32, 9);
  EXPECT_THROW(plan.apply(wrong.plane()), InvalidArgument);
  ImageF image = random_image(32, 32, 9);
  image(3, 4) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(plan.apply(image.plane()), InvalidArgument);
}

TEST(HirPreprocess, DigitsPresetGivesSixtyFour) {
  const Preset digits = preset("digits");
  ImageF image(28, 28, 1, 1.0f);
  const ImageF prepared = preprocess(image.plane(), digits.preprocess);
  ASSERT_EQ(prepared.height(), 64);
  ASSERT_EQ(prepared.width(), 64);
  EXPECT_EQ(prepared(0, 0), 0.0f);    // zero border
  EXPECT_EQ(prepared(11, 30), 0.0f);
  EXPECT_NEAR(prepared(32, 32), 255.0f, 1e-3f);  // a constant image stays constant inside, scaled to 255
  EXPECT_THROW(preset("mnist"), InvalidArgument);
}

TEST(HirPreprocess, GaussianBlurPreservesSumAwayFromBorders) {
  ImageF image(21, 21);
  image(10, 10) = 1.0f;
  const ImageF blurred = gaussian_blur(image.plane(), 0.5);
  double sum = 0.0;
  for (float value : blurred.values()) sum += value;
  EXPECT_NEAR(sum, 1.0, 1e-6);  // normalised taps, the impulse is far from the border
  EXPECT_NEAR(blurred(10, 11), blurred(11, 10), 1e-7);
  EXPECT_GT(blurred(10, 10), blurred(10, 11));
  // sigma 0.5: 2 ceil(1) + 1 = 3 taps per axis, so two pixels away nothing arrives.
  EXPECT_EQ(blurred(10, 12), 0.0f);
}

}  // namespace
}  // namespace erlangen::hierarchy
