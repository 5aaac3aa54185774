// Exact grid symmetries of the dense local moments: 90-degree rotations, mirror flips and integer
// translations, at the map level.
#include <gtest/gtest.h>

#include <complex>
#include <numbers>

#include "../unit/test_dense_support.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"

namespace erlangen::dense {
namespace {

using testing::dense_support::family;
using testing::dense_support::max_magnitude;
using testing::dense_support::random_image;

// Counter-clockwise quarter turn: out[i, j] = in[j, W - 1 - i].
ImageF quarter_turn(const ImageF& image) {
  ImageF result(image.width(), image.height());
  for (std::ptrdiff_t i = 0; i < result.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < result.width(); ++j) result(i, j) = image(j, image.width() - 1 - i);
  }
  return result;
}

ImageF mirror(const ImageF& image) {
  ImageF result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) result(i, j) = image(i, image.width() - 1 - j);
  }
  return result;
}

LocalMomentStack run(const std::string& name, const ImageF& image, LocalMomentOptions options) {
  const LocalMomentPlan plan(family(name), image.height(), image.width(), std::move(options));
  return plan.apply(image.plane());
}

struct SymmetryCase {
  std::vector<int> scales;
  basis::Grid geometry;
  basis::SamplingRule sampling;
  Boundary boundary;
};

std::vector<SymmetryCase> symmetry_cases() {
  return {{{6, 10}, basis::Grid::edge, {basis::Integration::midpoint, 4}, Boundary::valid},
          {{5, 9}, basis::Grid::edge, {basis::Integration::midpoint, 3}, Boundary::valid},
          {{6, 10}, basis::Grid::centre, {basis::Integration::zoa, 1}, Boundary::valid},
          {{7, 9}, basis::Grid::centre, {basis::Integration::gauss_legendre, 3}, Boundary::zero},
          {{6, 8}, basis::Grid::edge, {basis::Integration::midpoint, 4}, Boundary::reflect},
          {{6, 8}, basis::Grid::edge, {basis::Integration::midpoint, 2}, Boundary::replicate}};
}

// with F the map of I and F' that of rot90(I), F'[W' - 1 - b, a] = e^{-j m pi/2} F[a, b],
// where W' is the output width (W - S_max + 1 in valid mode). Magnitudes are exactly rotated.
TEST(DenseSymmetry, QuarterTurnRotatesMaps) {
  const ImageF image = random_image(31, 31, 31);
  const ImageF turned = quarter_turn(image);
  for (const SymmetryCase& test : symmetry_cases()) {
    LocalMomentOptions options;
    options.orders = nm10();
    options.scales = test.scales;
    options.geometry = test.geometry;
    options.sampling = test.sampling;
    options.boundary = test.boundary;
    const auto f = run("pct", image, options);
    const auto g = run("pct", turned, options);
    ASSERT_EQ(f.rows, g.cols);
    double worst = 0.0;
    for (std::ptrdiff_t channel = 0; channel < f.channels(); ++channel) {
      const int m = f.labels[static_cast<std::size_t>(channel)].m;
      const std::complex<double> phase = std::polar(1.0, -m * std::numbers::pi / 2.0);
      for (std::ptrdiff_t a = 0; a < f.rows; ++a) {
        for (std::ptrdiff_t b = 0; b < f.cols; ++b) {
          worst = std::max(worst, std::abs(g.at(channel, f.cols - 1 - b, a) - phase * f.at(channel, a, b)));
        }
      }
    }
    // Exact up to rounding of the FFT path (about 1e-15 relative per stage).
    EXPECT_LT(worst / max_magnitude(f), 1e-12)
        << to_string(test.boundary) << " " << basis::to_string(test.geometry) << " S_max " << test.scales.back();
  }
}

TEST(DenseSymmetry, HalfTurnRotatesMaps) {
  const ImageF image = random_image(28, 33, 32);
  const ImageF turned = quarter_turn(quarter_turn(image));
  LocalMomentOptions options;
  options.scales = {8, 12};
  const auto f = run("pct", image, options);
  const auto g = run("pct", turned, options);
  double worst = 0.0;
  for (std::ptrdiff_t channel = 0; channel < f.channels(); ++channel) {
    for (std::ptrdiff_t a = 0; a < f.rows; ++a) {
      for (std::ptrdiff_t b = 0; b < f.cols; ++b) {
        // 180 degrees: F'[H - S - a, W - S - b] = F[a, b] in magnitude.
        worst = std::max(worst, std::abs(std::abs(g.at(channel, f.rows - 1 - a, f.cols - 1 - b)) -
                                         std::abs(f.at(channel, a, b))));
      }
    }
  }
  EXPECT_LT(worst / max_magnitude(f), 1e-12);  // exact up to rounding
}

// the mirrored image has mirrored magnitude maps.
TEST(DenseSymmetry, MirrorRealRadialFamily) {
  const ImageF image = random_image(26, 35, 33);
  const ImageF flipped = mirror(image);
  for (const SymmetryCase& test : symmetry_cases()) {
    for (const std::string name : {"pct", "zernike"}) {
      LocalMomentOptions options;
      options.orders = name == "zernike" ? znm10() : nm10();
      options.scales = test.scales;
      options.geometry = test.geometry;
      options.sampling = test.sampling;
      options.boundary = test.boundary;
      const auto f = run(name, image, options);
      const auto g = run(name, flipped, options);
      double worst = 0.0;
      for (std::ptrdiff_t channel = 0; channel < f.channels(); ++channel) {
        for (std::ptrdiff_t a = 0; a < f.rows; ++a) {
          for (std::ptrdiff_t b = 0; b < f.cols; ++b) {
            worst = std::max(worst, std::abs(std::abs(g.at(channel, a, f.cols - 1 - b)) - std::abs(f.at(channel, a, b))));
          }
        }
      }
      EXPECT_LT(worst / max_magnitude(f), 1e-12) << name << " " << to_string(test.boundary);  // exact up to rounding
    }
  }
}

// |F'_{n,m}| equals the mirrored |F_{n,-m}| and |F_{-n,m}|, and differs
// from the mirrored |F_{n,m}|.
TEST(DenseSymmetry, MirrorExponentialFamilySwapsRepetition) {
  const ImageF image = random_image(30, 30, 34);
  const ImageF flipped = mirror(image);
  LocalMomentOptions options;
  options.orders = {{1, 1}, {1, -1}, {-1, 1}, {2, 3}, {2, -3}, {-2, 3}};
  options.scales = {8, 12};
  const auto f = run("pcet", image, options);
  const auto g = run("pcet", flipped, options);
  double swapped_m = 0.0;
  double swapped_n = 0.0;
  double same = 0.0;
  for (std::ptrdiff_t s = 0; s < 2; ++s) {
    for (std::ptrdiff_t group = 0; group < 2; ++group) {
      const std::ptrdiff_t plus = s * 6 + group * 3;  // (n, m)
      const std::ptrdiff_t minus_m = plus + 1;        // (n, -m)
      const std::ptrdiff_t minus_n = plus + 2;        // (-n, m)
      for (std::ptrdiff_t a = 0; a < f.rows; ++a) {
        for (std::ptrdiff_t b = 0; b < f.cols; ++b) {
          const double mirrored = std::abs(g.at(plus, a, f.cols - 1 - b));
          swapped_m = std::max(swapped_m, std::abs(mirrored - std::abs(f.at(minus_m, a, b))));
          swapped_n = std::max(swapped_n, std::abs(mirrored - std::abs(f.at(minus_n, a, b))));
          same = std::max(same, std::abs(mirrored - std::abs(f.at(plus, a, b))));
        }
      }
    }
  }
  const double scale = max_magnitude(f);
  EXPECT_LT(swapped_m / scale, 1e-12);  // exact up to rounding
  EXPECT_LT(swapped_n / scale, 1e-12);  // exact up to rounding
  EXPECT_GT(same / scale, 1e-3);        // a generic image breaks |F'_{n,m}| = |F_{n,m}|
}

// F_shifted[p] = F[p - t] for every p whose patch stays inside both images.
TEST(DenseSymmetry, IntegerTranslationShiftsMaps) {
  const ImageF big = random_image(60, 64, 35);
  const std::ptrdiff_t rows = 50;
  const std::ptrdiff_t cols = 52;
  for (const auto& shift : {std::array<std::ptrdiff_t, 2>{3, 7}, std::array<std::ptrdiff_t, 2>{10, 1}}) {
    ImageF image(rows, cols);
    ImageF shifted(rows, cols);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        image(i, j) = big(i + shift[0], j + shift[1]);
        shifted(i, j) = big(i, j);  // shifted(i + t) = image(i)
      }
    }
    LocalMomentOptions options;
    options.scales = {8, 14};
    const auto f = run("pct", image, options);
    const auto g = run("pct", shifted, options);
    double worst = 0.0;
    for (std::ptrdiff_t channel = 0; channel < f.channels(); ++channel) {
      for (std::ptrdiff_t a = shift[0]; a < f.rows; ++a) {
        for (std::ptrdiff_t b = shift[1]; b < f.cols; ++b) {
          worst = std::max(worst, std::abs(g.at(channel, a, b) - f.at(channel, a - shift[0], b - shift[1])));
        }
      }
    }
    EXPECT_LT(worst / max_magnitude(f), 1e-12);  // exact up to FFT rounding
  }
}

}  // namespace
}  // namespace erlangen::dense
