// Unit tests of the copy-move pieces: matchers, post-processing, scores, degenerate images.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/cmfd_bench.hpp"
#include "erlangen/forensics/cmfd_postprocess.hpp"
#include "erlangen/forensics/patchmatch.hpp"
#include "erlangen/io/image_io.hpp"
#include "forensics/cmfd_internal.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

// A side x side grey crop of a real photograph at (top, left).
ImageF small_crop(std::ptrdiff_t side, std::ptrdiff_t top, std::ptrdiff_t left) {
  const ImageF grey = io::read_grey(testing::example_path("astronaut.png"));
  ImageF crop(side, side);
  for (std::ptrdiff_t r = 0; r < side; ++r) {
    for (std::ptrdiff_t c = 0; c < side; ++c) crop(r, c) = grey(top + r, left + c);
  }
  return crop;
}

// Random features, so that every pixel has a distinct vector.
FeatureField random_field(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t dims, unsigned seed) {
  FeatureField field;
  field.rows = rows;
  field.cols = cols;
  field.dims = dims;
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.f, 1.f);
  field.values.resize(static_cast<std::size_t>(rows * cols * dims));
  for (float& value : field.values) value = uniform(generator);
  return field;
}

// Copies a block of feature vectors to another place in the same field.
void copy_block(FeatureField& field, std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t side,
                std::ptrdiff_t dy, std::ptrdiff_t dx) {
  for (std::ptrdiff_t r = top; r < top + side; ++r) {
    for (std::ptrdiff_t c = left; c < left + side; ++c) {
      const float* source = field.at(r, c);
      float* target = field.values.data() + ((r + dy) * field.cols + (c + dx)) * field.dims;
      std::copy(source, source + field.dims, target);
    }
  }
}

TEST(CmfdPatchMatch, DeterministicForSeed) {
  const FeatureField field = random_field(40, 50, 6, 3);
  PatchMatchOptions options;
  options.seed = 17;
  const OffsetField first = patchmatch(field, options);
  const OffsetField second = patchmatch(field, options);
  EXPECT_EQ(first.dy, second.dy);
  EXPECT_EQ(first.dx, second.dx);
  EXPECT_EQ(first.cost, second.cost);
  options.seed = 18;
  const OffsetField other = patchmatch(field, options);
  // A different seed gives a different random initialisation, so some offsets differ.
  EXPECT_NE(first.dy, other.dy);
}

TEST(CmfdPatchMatch, SameFieldForAnyThreadCount) {
  // 150 rows span three bands of 64 rows in even passes and four in odd passes.
  FeatureField field = random_field(150, 70, 5, 8);
  copy_block(field, 5, 5, 40, 90, 20);
  PatchMatchOptions options;
  options.seed = 3;
#ifdef _OPENMP
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
#endif
  const OffsetField single = patchmatch(field, options);
#ifdef _OPENMP
  omp_set_num_threads(2);
#endif
  const OffsetField dual = patchmatch(field, options);
#ifdef _OPENMP
  omp_set_num_threads(threads);
#endif
  EXPECT_EQ(single.dy, dual.dy);
  EXPECT_EQ(single.dx, dual.dx);
  EXPECT_EQ(single.cost, dual.cost);
  // The copied block is found across the band boundaries: its pixels match at zero cost.
  std::ptrdiff_t exact = 0;
  for (std::ptrdiff_t r = 5; r < 45; ++r) {
    for (std::ptrdiff_t c = 5; c < 45; ++c) exact += single.cost[single.index(r, c)] == 0.0f ? 1 : 0;
  }
  EXPECT_GT(exact, 40 * 40 * 95 / 100);  // PatchMatch is approximate; nearly every pixel of the block
}

TEST(CmfdPatchMatch, RespectsMinimumOffset) {
  const FeatureField field = random_field(30, 30, 4, 5);
  PatchMatchOptions options;
  options.min_offset = 8.0;
  const OffsetField result = patchmatch(field, options);
  for (std::size_t p = 0; p < result.dy.size(); ++p) {
    ASSERT_TRUE(result.valid[p]);
    EXPECT_GE(result.dy[p] * result.dy[p] + result.dx[p] * result.dx[p], 64) << "pixel " << p;
  }
}

TEST(CmfdPatchMatch, FindsExactCopyOfBlock) {
  FeatureField field = random_field(60, 80, 5, 7);
  copy_block(field, 10, 8, 20, 25, 40);
  const OffsetField result = patchmatch(field, {});
  int exact = 0;
  for (std::ptrdiff_t r = 10; r < 30; ++r) {
    for (std::ptrdiff_t c = 8; c < 28; ++c) {
      const std::size_t p = result.index(r, c);
      if (result.dy[p] == 25 && result.dx[p] == 40 && result.cost[p] == 0.f) ++exact;
    }
  }
  // Propagation spreads one lucky random hit over the block; allow a few misses at the block edge.
  EXPECT_GE(exact, 390);
}

TEST(CmfdPatchMatch, ExactSeedsAreGridNearestNeighbours) {
  // With no iterations, a grid pixel keeps the better of its random start and its exact nearest
  // neighbour among the pixels of the grid of half the stride. The oracle scans those targets.
  const FeatureField field = random_field(45, 52, 4, 11);
  PatchMatchOptions options;
  options.iterations = 0;
  options.min_offset = 8.0;
  options.exact_init_stride = 6;
  const OffsetField result = patchmatch(field, options);
  PatchMatchOptions random_only = options;
  random_only.exact_init_stride = 0;
  const OffsetField start = patchmatch(field, random_only);

  std::ptrdiff_t seeded = 0;
  for (std::ptrdiff_t r = 0; r < field.rows; ++r) {
    for (std::ptrdiff_t c = 0; c < field.cols; ++c) {
      const std::size_t p = result.index(r, c);
      if (r % 6 != 0 || c % 6 != 0) {
        // Off the grid the start stays random.
        ASSERT_EQ(result.dy[p], start.dy[p]);
        ASSERT_EQ(result.dx[p], start.dx[p]);
        continue;
      }
      float best = std::numeric_limits<float>::infinity();
      std::ptrdiff_t best_dy = 0;
      std::ptrdiff_t best_dx = 0;
      for (std::ptrdiff_t tr = 0; tr < field.rows; tr += 3) {
        for (std::ptrdiff_t tc = 0; tc < field.cols; tc += 3) {
          if ((tr - r) * (tr - r) + (tc - c) * (tc - c) < 64) continue;
          const float cost = match_cost(field, r, c, tr, tc, 0);
          if (cost < best) {
            best = cost;
            best_dy = tr - r;
            best_dx = tc - c;
          }
        }
      }
      const float expected = std::min(best, start.cost[p]);
      // Both sums run over the same 4 floats in the same order, so they agree exactly.
      ASSERT_EQ(result.cost[p], expected) << "pixel (" << r << ", " << c << ")";
      if (best < start.cost[p]) {
        EXPECT_EQ(result.dy[p], best_dy);
        EXPECT_EQ(result.dx[p], best_dx);
        ++seeded;
      }
    }
  }
  // Among about 260 targets the grid neighbour nearly always beats one random draw.
  EXPECT_GT(seeded, 72 * 8 / 10);
}

TEST(CmfdPatchMatch, RejectsExactSeedStrideOutOfRange) {
  const FeatureField field = random_field(20, 20, 3, 1);
  for (const int stride : {-1, 65}) {
    PatchMatchOptions options;
    options.exact_init_stride = stride;
    EXPECT_THROW(patchmatch(field, options), InvalidArgument) << stride;
  }
  // Detection checks the requested stride, before the pixel scale halves 100 to 50, and with the
  // kd-tree matcher too, which ignores it.
  const ImageF image = small_crop(64, 100, 100);
  CmfdOptions options;
  options.patchmatch.exact_init_stride = 100;
  options.pixel_scale = 0.5;
  EXPECT_THROW(detect_copy_move(image.plane(), options), InvalidArgument);
  options.matcher = MatcherKind::kdtree;
  EXPECT_THROW(detect_copy_move(image.plane(), options), InvalidArgument);
}

TEST(CmfdPatchMatch, ScaleSearchMatchesShiftedScales) {
  // Four scale groups of two values. The block at (20, 30) holds the groups of the block at (2, 2)
  // moved up by one scale, as a copy enlarged by one scale step would.
  FeatureField field = random_field(40, 50, 8, 23);
  field.scale_groups = 4;
  for (std::ptrdiff_t r = 2; r < 14; ++r) {
    for (std::ptrdiff_t c = 2; c < 14; ++c) {
      const float* source = field.at(r, c);
      float* target = field.values.data() + ((r + 18) * field.cols + (c + 28)) * field.dims;
      for (int k = 0; k < 6; ++k) target[k + 2] = source[k];
    }
  }
  // Groups 0..2 of the source equal groups 1..3 of the copy, so shift +1 costs exactly 0.
  EXPECT_EQ(match_cost(field, 5, 5, 23, 33, 1), 0.f);
  EXPECT_GT(match_cost(field, 5, 5, 23, 33, 0), 0.1f);
  PatchMatchOptions options;
  options.scale_shift = 1;
  const OffsetField result = patchmatch(field, options);
  int exact = 0;
  for (std::ptrdiff_t r = 2; r < 14; ++r) {
    for (std::ptrdiff_t c = 2; c < 14; ++c) {
      const std::size_t p = result.index(r, c);
      if (result.dy[p] == 18 && result.dx[p] == 28) ++exact;
    }
  }
  EXPECT_GE(exact, 130);  // of 144; PatchMatch may miss a few block-corner pixels
  options.scale_shift = 4;  // not below scale_groups
  EXPECT_THROW(patchmatch(field, options), InvalidArgument);
}

TEST(CmfdDetect, ZernikeAndPatchFeaturesHaveTheirWindows) {
  const ImageF image = small_crop(64, 100, 100);
  CmfdFeatureOptions options;
  options.kind = CmfdFeatureKind::zernike;
  const CmfdFeatures zernike = compute_cmfd_features(image.plane(), options);
  EXPECT_EQ(zernike.field.dims, 12);  // Zernike pairs n <= 5, m >= 0, n - m even
  EXPECT_EQ(zernike.field.rows, 64 - 16 + 1);
  options.kind = CmfdFeatureKind::patch;
  const CmfdFeatures patch = compute_cmfd_features(image.plane(), options);
  EXPECT_EQ(patch.field.dims, 64);
  EXPECT_EQ(patch.field.rows, 64 - 8 + 1);
  options.kind = CmfdFeatureKind::dir;
  const CmfdFeatures dir = compute_cmfd_features(image.plane(), options);
  EXPECT_EQ(dir.field.dims, 10);
  EXPECT_EQ(dir.field.rows, 64 - 32 + 1);
  const auto [low, high] = std::minmax_element(dir.field.values.begin(), dir.field.values.end());
  EXPECT_EQ(*low, 0.f);
  EXPECT_EQ(*high, 1.f);
}

TEST(CmfdKdTree, AgreesWithPatchMatchOnPlainCopy) {
  FeatureField field = random_field(48, 64, 5, 11);
  copy_block(field, 5, 5, 16, 20, 30);
  const OffsetField exact = exact_nearest_neighbours(field, 8.0);
  const OffsetField approximate = patchmatch(field, {});
  int agree = 0;
  for (std::ptrdiff_t r = 5; r < 21; ++r) {
    for (std::ptrdiff_t c = 5; c < 21; ++c) {
      const std::size_t p = exact.index(r, c);
      ASSERT_EQ(exact.dy[p], 20);
      ASSERT_EQ(exact.dx[p], 30);
      if (approximate.dy[p] == exact.dy[p] && approximate.dx[p] == exact.dx[p]) ++agree;
    }
  }
  EXPECT_GE(agree, 250);  // of 256; PatchMatch is approximate at the block corners
}

TEST(CmfdKdTree, ExcludesShortOffsets) {
  const FeatureField field = random_field(20, 20, 3, 13);
  const OffsetField result = exact_nearest_neighbours(field, 8.0);
  for (std::size_t p = 0; p < result.dy.size(); ++p) {
    ASSERT_TRUE(result.valid[p]);
    EXPECT_GE(result.dy[p] * result.dy[p] + result.dx[p] * result.dx[p], 64);
  }
  // Brute force over one pixel: the kd-tree result is the true minimum among allowed pixels.
  const std::ptrdiff_t row = 7;
  const std::ptrdiff_t col = 11;
  float best = std::numeric_limits<float>::infinity();
  for (std::ptrdiff_t r = 0; r < 20; ++r) {
    for (std::ptrdiff_t c = 0; c < 20; ++c) {
      if ((r - row) * (r - row) + (c - col) * (c - col) < 64) continue;
      best = std::min(best, match_cost(field, row, col, r, c, 0));
    }
  }
  // Same float arithmetic order in both, up to nanoflann's own summation order.
  EXPECT_NEAR(result.cost[result.index(row, col)], best, 1e-5f);
}

TEST(CmfdPostprocess, DlfErrorZeroForAffineField) {
  const std::ptrdiff_t rows = 40;
  const std::ptrdiff_t cols = 50;
  ImageD offset_rows(rows, cols);
  ImageD offset_cols(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      offset_rows(r, c) = 0.7 * r - 0.3 * c + 60.0;
      offset_cols(r, c) = 0.2 * r + 1.1 * c - 80.0;
    }
  }
  const ImageD error = dense_linear_fit_error(offset_rows.plane(), offset_cols.plane(), 6);
  for (std::ptrdiff_t r = 6; r < rows - 6; ++r) {
    for (std::ptrdiff_t c = 6; c < cols - 6; ++c) {
      // Sums of up to 113 squares of values near 100 cancel; 1e-6 is far above that rounding.
      ASSERT_NEAR(error(r, c), 0.0, 1e-6) << "pixel (" << r << ", " << c << ")";
    }
  }
}

TEST(CmfdPostprocess, DlfErrorMatchesDirectFit) {
  // A non-affine field: the prefix-sum residual equals a direct least-squares fit on the disk.
  const std::ptrdiff_t rows = 20;
  const std::ptrdiff_t cols = 20;
  ImageD offset_rows(rows, cols);
  ImageD offset_cols(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      offset_rows(r, c) = std::sin(0.3 * r) * 10.0 + 0.05 * c * c;
      offset_cols(r, c) = std::cos(0.2 * c + 0.1 * r) * 7.0;
    }
  }
  const int radius = 3;
  const ImageD error = dense_linear_fit_error(offset_rows.plane(), offset_cols.plane(), radius);
  const std::ptrdiff_t r0 = 10;
  const std::ptrdiff_t c0 = 9;
  double direct = 0.0;
  for (const ImageD* component : {&offset_rows, &offset_cols}) {
    // Normal equations of x ~ a + b X + c Y, solved with Cramer's rule on the 3 x 3 system.
    double s[3][3] = {};
    double t[3] = {};
    for (int dy = -radius; dy <= radius; ++dy) {
      for (int dx = -radius; dx <= radius; ++dx) {
        if (dx * dx + dy * dy > radius * radius) continue;
        const double basis[3] = {1.0, static_cast<double>(dx), static_cast<double>(dy)};
        const double x = (*component)(r0 + dy, c0 + dx);
        for (int i = 0; i < 3; ++i) {
          t[i] += basis[i] * x;
          for (int j = 0; j < 3; ++j) s[i][j] += basis[i] * basis[j];
        }
      }
    }
    // The disk is symmetric, so the system is diagonal.
    const double a = t[0] / s[0][0];
    const double b = t[1] / s[1][1];
    const double c = t[2] / s[2][2];
    for (int dy = -radius; dy <= radius; ++dy) {
      for (int dx = -radius; dx <= radius; ++dx) {
        if (dx * dx + dy * dy > radius * radius) continue;
        const double residual = (*component)(r0 + dy, c0 + dx) - (a + b * dx + c * dy);
        direct += residual * residual;
      }
    }
  }
  // Values are below 30, so rounding of the sums stays far below 1e-8.
  EXPECT_NEAR(error(r0, c0), direct, 1e-8);
  EXPECT_GT(direct, 1.0);  // the field is far from affine, so the check is not trivial
}

TEST(CmfdPostprocess, MedianFilterRemovesOutlier) {
  ImageD values(15, 15, 1, 5.0);
  values(7, 7) = 1000.0;
  const ImageD filtered = median_filter_disk(values.plane(), 4);
  EXPECT_EQ(filtered(7, 7), 5.0);
  // Order statistic (n+1)/2: a plane of 0..n-1 in the disk gives its middle value.
  ImageD ramp(9, 9);
  for (std::ptrdiff_t r = 0; r < 9; ++r) {
    for (std::ptrdiff_t c = 0; c < 9; ++c) ramp(r, c) = static_cast<double>(r);
  }
  EXPECT_EQ(median_filter_disk(ramp.plane(), 4)(4, 4), 4.0);
}

// The median of the disk samples by sorting, with the symmetric border extension of the filter.
double direct_disk_median(const ImageD& values, std::ptrdiff_t r, std::ptrdiff_t c, int radius) {
  auto reflect = [](std::ptrdiff_t i, std::ptrdiff_t n) {
    while (i < 0 || i >= n) i = i < 0 ? -1 - i : 2 * n - 1 - i;
    return i;
  };
  std::vector<double> samples;
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      if (dx * dx + dy * dy > radius * radius) continue;
      samples.push_back(values(reflect(r + dy, values.height()), reflect(c + dx, values.width())));
    }
  }
  std::sort(samples.begin(), samples.end());
  return samples[(samples.size() + 1) / 2 - 1];
}

TEST(CmfdPostprocess, MedianFilterMatchesSortingOracle) {
  // Integer offsets take the running-histogram path; adding 0.5 to one value forces the
  // selection path. Both must equal the sorted-sample median everywhere, borders included.
  std::mt19937 generator(5);
  std::uniform_int_distribution<int> offset(-300, 300);
  ImageD integers(37, 53);
  for (double& value : integers.values()) value = offset(generator);
  // A constant block, as in a matched region, next to the random field.
  for (std::ptrdiff_t r = 10; r < 25; ++r) {
    for (std::ptrdiff_t c = 5; c < 30; ++c) integers(r, c) = 42.0;
  }
  ImageD fractional = integers;
  fractional(0, 0) += 0.5;
  for (const ImageD* values : {&integers, &fractional}) {
    for (const int radius : {1, 4, 6}) {
      const ImageD filtered = median_filter_disk(values->plane(), radius);
      for (std::ptrdiff_t r = 0; r < values->height(); ++r) {
        for (std::ptrdiff_t c = 0; c < values->width(); ++c) {
          // Exact: a median is one of the input values, so both methods return the same double.
          ASSERT_EQ(filtered(r, c), direct_disk_median(*values, r, c, radius)) << "radius " << radius << " at " << r << "," << c;
        }
      }
    }
  }
}

TEST(CmfdPostprocess, RegionsAndDilation) {
  Image<std::uint8_t> mask(10, 10);
  mask(1, 1) = 1;
  mask(2, 2) = 1;  // diagonal neighbour: same region under 8-connectivity
  mask(7, 7) = 1;
  std::vector<std::ptrdiff_t> sizes;
  const Image<std::int32_t> labels = label_regions(mask.plane(), sizes);
  ASSERT_EQ(sizes.size(), 2u);
  EXPECT_EQ(sizes[0], 2);
  EXPECT_EQ(labels(2, 2), labels(1, 1));
  remove_small_regions(mask, 2);
  EXPECT_EQ(mask(7, 7), 0);
  EXPECT_EQ(mask(1, 1), 1);
  const Image<std::uint8_t> dilated = dilate_disk(mask.plane(), 2);
  EXPECT_EQ(dilated(3, 1), 1);  // distance 2 from (1, 1)
  EXPECT_EQ(dilated(4, 4), 0);  // distance sqrt(8) > 2 from (2, 2)
  EXPECT_EQ(dilated(4, 2), 1);
}

TEST(CmfdDetect, TooSmallImageGivesMessage) {
  const ImageF tiny = small_crop(20, 100, 100);
  CmfdOptions options;
  options.pixel_scale = 1.0;
  const CmfdResult result = detect_copy_move(tiny.plane(), options);
  EXPECT_FALSE(result.detected);
  EXPECT_NE(result.message.find("smaller than the 32 px feature window"), std::string::npos) << result.message;
  EXPECT_EQ(result.mask.height(), 20);
  EXPECT_EQ(result.mask.width(), 20);
  // The automatic pixel scale halves the windows of a small image, to 16 px at most.
  const ImageF tinier = small_crop(12, 100, 100);
  const CmfdResult automatic = detect_copy_move(tinier.plane());
  EXPECT_FALSE(automatic.detected);
  EXPECT_NE(automatic.message.find("smaller than the 16 px feature window"), std::string::npos) << automatic.message;
}

TEST(CmfdDetect, UniformImageGivesMessage) {
  const ImageF flat(80, 90, 1, 0.4f);
  const CmfdResult result = detect_copy_move(flat.plane());
  EXPECT_FALSE(result.detected);
  EXPECT_NE(result.message.find("uniform"), std::string::npos) << result.message;
  for (std::uint8_t value : result.mask.values()) ASSERT_EQ(value, 0);
}

TEST(CmfdDetect, RejectsNonFinitePixel) {
  ImageF image = small_crop(64, 100, 100);
  image(3, 4) = std::nanf("");
  EXPECT_THROW(detect_copy_move(image.plane()), InvalidArgument);
}

TEST(CmfdDetect, RejectsRefineOptionsOutOfRange) {
  const ImageF image = small_crop(64, 100, 100);
  for (const int band : {-1, 17}) {
    CmfdOptions options;
    options.refine.edge_band = band;
    try {
      detect_copy_move(image.plane(), options);
      ADD_FAILURE() << "edge_band " << band << " was accepted";
    } catch (const InvalidArgument& error) {
      EXPECT_NE(std::string(error.what()).find("edge_band"), std::string::npos) << error.what();
    }
  }
}

TEST(CmfdDetect, RejectsImageAboveMaxPixels) {
  const ImageF image = small_crop(64, 100, 100);
  CmfdOptions options;
  options.max_pixels = 4000;  // below 64 x 64 = 4096
  EXPECT_THROW(detect_copy_move(image.plane(), options), LimitExceeded);
  // The limit applies after enlargement: 64 px enlarged to 128 px is 16384 pixels.
  options.max_pixels = 10000;
  options.enlarge_to = 128;
  EXPECT_THROW(detect_copy_move(image.plane(), options), LimitExceeded);
}

TEST(CmfdFeatures, SmallMemoryBudgetGivesSameFeatures) {
  // A large image is processed in FFT tiles that fit the budget; tiling changes only rounding.
  const ImageF image = small_crop(200, 150, 150);
  CmfdFeatureOptions roomy;
  roomy.memory_budget = std::size_t{1} << 30;
  CmfdFeatureOptions tight;
  tight.memory_budget = std::size_t{8} << 20;  // 8 MiB: room for 64 x 64 transforms of 100 spectra only
  const CmfdFeatures reference = compute_cmfd_features(image.plane(), roomy);
  const CmfdFeatures tiled = compute_cmfd_features(image.plane(), tight);
  ASSERT_EQ(reference.field.values.size(), tiled.field.values.size());
  float worst = 0.0f;
  for (std::size_t k = 0; k < tiled.field.values.size(); ++k) {
    worst = std::max(worst, std::abs(reference.field.values[k] - tiled.field.values[k]));
  }
  // Features are normalised to [0, 1]; double FFTs of different sizes differ by rounding only.
  EXPECT_LT(worst, 1e-5f);
}

TEST(CmfdDetect, ParsesNames) {
  EXPECT_EQ(parse_cmfd_features("zernike"), CmfdFeatureKind::zernike);
  EXPECT_EQ(parse_matcher("kdtree"), MatcherKind::kdtree);
  EXPECT_THROW(parse_cmfd_features("sift"), InvalidArgument);
}

TEST(CmfdPixelScale, OneKeepsTheOptions) {
  const CmfdOptions base;
  const CmfdOptions same = scaled_cmfd_options(base, 1.0);
  EXPECT_TRUE(same.features.dir_scales.empty());
  EXPECT_EQ(same.postprocess.min_region, base.postprocess.min_region);
  EXPECT_EQ(same.postprocess.dlf_radius, base.postprocess.dlf_radius);
  EXPECT_EQ(same.patchmatch.min_offset, base.patchmatch.min_offset);
}

TEST(CmfdPixelScale, HalfScalesLengthsAndAreas) {
  const CmfdOptions half = scaled_cmfd_options(CmfdOptions{}, 0.5);
  // Defaults 8, 10, 12, 14, 16, 18, 22, 24, 28, 32 halved and rounded to even sides, repeats dropped.
  EXPECT_EQ(half.features.dir_scales, (std::vector<int>{4, 6, 8, 10, 12, 14, 16}));
  EXPECT_EQ(feature_window(half.features), 16);
  EXPECT_EQ(half.postprocess.min_region, 300);  // an area: 1200 * 0.5^2
  EXPECT_DOUBLE_EQ(half.postprocess.min_offset, 25.0);
  EXPECT_EQ(half.postprocess.median_radius, 2);
  EXPECT_EQ(half.postprocess.dlf_radius, 3);
  EXPECT_DOUBLE_EQ(half.postprocess.dlf_threshold, 75.0);  // 300 times the disk-area ratio (3/6)^2
  EXPECT_EQ(half.postprocess.dilation_radius, 5);
  EXPECT_DOUBLE_EQ(half.patchmatch.min_offset, 4.0);
  EXPECT_EQ(half.refine.max_growth, 8);
  EXPECT_EQ(half.patchmatch.exact_init_stride, 4);  // the seed grid keeps its density per copy
  CmfdOptions fine;
  fine.patchmatch.exact_init_stride = 1;
  EXPECT_EQ(scaled_cmfd_options(fine, 0.75).patchmatch.exact_init_stride, 1);
  fine.patchmatch.exact_init_stride = 0;
  EXPECT_EQ(scaled_cmfd_options(fine, 0.5).patchmatch.exact_init_stride, 0);  // off stays off
  EXPECT_THROW(scaled_cmfd_options(CmfdOptions{}, 0.2), InvalidArgument);
  EXPECT_THROW(scaled_cmfd_options(CmfdOptions{}, 1.5), InvalidArgument);
}

TEST(CmfdPixelScale, AutoFollowsTheShorterSide) {
  EXPECT_DOUBLE_EQ(auto_pixel_scale(200, 451), 0.5);
  EXPECT_DOUBLE_EQ(auto_pixel_scale(451, 384), 0.75);
  EXPECT_DOUBLE_EQ(auto_pixel_scale(512, 512), 1.0);
  EXPECT_DOUBLE_EQ(auto_pixel_scale(2592, 3888), 1.0);
  EXPECT_DOUBLE_EQ(parse_pixel_scale("auto"), 0.0);
  EXPECT_DOUBLE_EQ(parse_pixel_scale("0.75"), 0.75);
  EXPECT_THROW(parse_pixel_scale("0.1"), InvalidArgument);
  EXPECT_THROW(parse_pixel_scale("half"), InvalidArgument);
}

TEST(CmfdScores, CountsPixels) {
  Image<std::uint8_t> truth(4, 4);
  Image<std::uint8_t> predicted(4, 4);
  truth(0, 0) = 255;
  truth(0, 1) = 255;
  truth(3, 3) = 128;  // neither forged nor pristine: left out
  predicted(0, 0) = 1;
  predicted(1, 1) = 1;
  predicted(3, 3) = 1;
  const PixelScores scores = score_mask(predicted.plane(), truth.plane());
  EXPECT_EQ(scores.true_positives, 1);
  EXPECT_EQ(scores.false_positives, 1);
  EXPECT_EQ(scores.false_negatives, 1);
  EXPECT_EQ(scores.true_negatives, 12);
  EXPECT_DOUBLE_EQ(scores.f1, 0.5);
}

TEST(CmfdForgery, MaskMatchesCopiedPixels) {
  const ImageF image = small_crop(128, 150, 150);
  CopyMoveSpec spec;
  spec.radius = 20;
  spec.seed = 4;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  ASSERT_EQ(forgery.copy_centres.size(), 1u);
  const Point2 source = forgery.source_centre;
  const Point2 copy = forgery.copy_centres[0];
  const auto dy = static_cast<std::ptrdiff_t>(copy.row - source.row);
  const auto dx = static_cast<std::ptrdiff_t>(copy.col - source.col);
  std::ptrdiff_t copied = 0;
  for (std::ptrdiff_t r = 0; r < 128; ++r) {
    for (std::ptrdiff_t c = 0; c < 128; ++c) {
      if (!forgery.copy_mask(r, c)) continue;
      ++copied;
      // A plain copy at integer centres samples the source exactly (bicubic weights 1, 0, 0, 0).
      ASSERT_NEAR(forgery.image(r, c), image(r - dy, c - dx), 1e-6f);
    }
  }
  EXPECT_NEAR(static_cast<double>(copied), M_PI * 400.0, 0.05 * M_PI * 400.0);
}

}  // namespace
}  // namespace erlangen::forensics

namespace erlangen::forensics {
namespace {

// Largest distance between the images of the given pixels under two affine maps.
double largest_displacement(const AffineEstimate& a, const AffineEstimate& b, const std::vector<std::ptrdiff_t>& pixels,
                            std::ptrdiff_t cols) {
  double largest = 0.0;
  for (const std::ptrdiff_t p : pixels) {
    const auto x = static_cast<double>(p % cols);
    const auto y = static_cast<double>(p / cols);
    const double dx = (a.matrix[0] - b.matrix[0]) * x + (a.matrix[1] - b.matrix[1]) * y + a.translation[0] - b.translation[0];
    const double dy = (a.matrix[2] - b.matrix[2]) * x + (a.matrix[3] - b.matrix[3]) * y + a.translation[1] - b.translation[1];
    largest = std::max(largest, std::hypot(dx, dy));
  }
  return largest;
}

TEST(CmfdPhotometricRefinement, RecoversTheMapOfARotatedCopy) {
  // A copy rotated by 30 degrees, built with a known map. Started from that map turned by 0.6
  // degrees, scaled by 1.006 and shifted by (0.3, -0.2) px, as fits to integer offsets are, the
  // refinement must land within 0.1 px of the true map over the copy.
  const ImageF image = small_crop(256, 150, 150);
  CopyMoveSpec spec;
  spec.radius = 40.0;
  spec.rotation_degrees = 30.0;
  spec.seed = 5;
  const CopyMoveForgery forgery = make_copy_move_forgery(image, spec);
  const double theta = 30.0 * 3.14159265358979323846 / 180.0;
  // The generator maps a copy pixel p to the source at c_s + B (p - c_t), B = [[cos, -sin], [sin, cos]].
  AffineEstimate truth;
  truth.matrix = {std::cos(theta), -std::sin(theta), std::sin(theta), std::cos(theta)};
  const Point2 target = forgery.copy_centres.front();
  truth.translation = {forgery.source_centre.col - (truth.matrix[0] * target.col + truth.matrix[1] * target.row),
                       forgery.source_centre.row - (truth.matrix[2] * target.col + truth.matrix[3] * target.row)};
  // Pixels well inside the copy, which contain resampled source content only.
  std::vector<std::ptrdiff_t> pixels;
  const std::ptrdiff_t cols = forgery.image.width();
  for (std::ptrdiff_t r = 0; r < forgery.image.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (std::hypot(static_cast<double>(r) - target.row, static_cast<double>(c) - target.col) <= 36.0) {
        pixels.push_back(r * cols + c);
      }
    }
  }

  const double turn = 0.6 * 3.14159265358979323846 / 180.0;
  AffineEstimate start;
  const double cosine = 1.006 * std::cos(theta + turn);
  const double sine = 1.006 * std::sin(theta + turn);
  start.matrix = {cosine, -sine, sine, cosine};
  start.translation = {truth.translation[0] + 0.3, truth.translation[1] - 0.2};
  // Then re-centre the start on the copy centre, so that only the rotation error grows outwards.
  const double shift_x = (truth.matrix[0] - start.matrix[0]) * target.col + (truth.matrix[1] - start.matrix[1]) * target.row;
  const double shift_y = (truth.matrix[2] - start.matrix[2]) * target.col + (truth.matrix[3] - start.matrix[3]) * target.row;
  start.translation[0] += shift_x;
  start.translation[1] += shift_y;
  const double before = largest_displacement(start, truth, pixels, cols);
  ASSERT_GT(before, 0.5);
  const AffineEstimate refined = refine_affine_photometric(forgery.image.plane(), pixels, start, 10);
  // The copy is bicubic and the refinement samples bilinearly, so the optimum sits a little off
  // the true map; 0.1 px is a fifth of the start's error and well below a pixel.
  EXPECT_LT(largest_displacement(refined, truth, pixels, cols), 0.1) << "start error " << before;
  EXPECT_NEAR(refined.rotation_degrees, -30.0, 0.1);
  EXPECT_NEAR(refined.scale, 1.0, 0.002);
}

TEST(CmfdPhotometricRefinement, StaysWithinTwoPixelsOfTheStart) {
  // Started 3 px beside the true map, the refinement may not leave the 2 px trust region around
  // its start, even where the energy would fall further.
  const ImageF image = small_crop(128, 150, 150);
  std::vector<std::ptrdiff_t> pixels;
  for (std::ptrdiff_t r = 40; r < 88; ++r) {
    for (std::ptrdiff_t c = 40; c < 88; ++c) pixels.push_back(r * 128 + c);
  }
  AffineEstimate start;  // the identity is the true map of the image onto itself
  start.translation = {3.0, 0.0};
  const AffineEstimate refined = refine_affine_photometric(image.plane(), pixels, start, 10);
  EXPECT_LE(largest_displacement(refined, start, pixels, 128), 2.0 + 1e-9);
}

TEST(CmfdPhotometricRefinement, KeepsTheStartOnAFlatImage) {
  // Every residual is 0 and stays 0, so no step lowers the energy.
  const ImageF flat(64, 64, 1, 0.5f);
  std::vector<std::ptrdiff_t> pixels;
  for (std::ptrdiff_t r = 20; r < 44; ++r) {
    for (std::ptrdiff_t c = 20; c < 44; ++c) pixels.push_back(r * 64 + c);
  }
  AffineEstimate start;
  start.matrix = {0.99, 0.05, -0.05, 0.99};
  start.translation = {1.5, -0.5};
  const AffineEstimate unchanged = refine_affine_photometric(flat.plane(), pixels, start, 10);
  EXPECT_EQ(unchanged.matrix, start.matrix);
  EXPECT_EQ(unchanged.translation, start.translation);
}

TEST(CmfdPhotometricRefinement, KeepsTheStartWithoutSupport) {
  const ImageF image = small_crop(64, 100, 100);
  AffineEstimate start;
  start.translation = {3.0, 4.0};
  const std::vector<std::ptrdiff_t> few = {0, 1, 2};
  const AffineEstimate unchanged = refine_affine_photometric(image.plane(), few, start, 10);
  EXPECT_EQ(unchanged.translation, start.translation);
  EXPECT_EQ(unchanged.matrix, start.matrix);
}

}  // namespace
}  // namespace erlangen::forensics
