// MomentPlan: argument validation, the symmetric method against the direct
// oracle, moment sets and labelled features.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/moments/features.hpp"
#include "erlangen/moments/plan.hpp"

namespace {

using erlangen::ImageD;
using erlangen::basis::Grid;
using erlangen::basis::Integration;
using erlangen::basis::SamplingRule;
using erlangen::moments::Method;
using erlangen::moments::MomentOptions;
using erlangen::moments::MomentPlan;
using erlangen::moments::MomentSet;

std::shared_ptr<const erlangen::basis::Family> family(const std::string& name) {
  return erlangen::basis::make_family(name);
}

// A smooth random image plus noise, so that every moment is generic.
ImageD random_image(std::ptrdiff_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  ImageD image(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      image(i, j) = 0.5 + 0.3 * std::sin(0.21 * i + 0.05 * j * j / size) + 0.2 * uniform(random);
    }
  }
  return image;
}

// Largest |a_k - b_k| divided by the largest |b_k|.
double relative_difference(const MomentSet& a, const MomentSet& b) {
  double difference = 0.0;
  double largest = 0.0;
  for (std::size_t k = 0; k < b.size(); ++k) {
    difference = std::max(difference, std::abs(a.values()[k] - b.values()[k]));
    largest = std::max(largest, std::abs(b.values()[k]));
  }
  return difference / largest;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const erlangen::Error& error) {
    return error.what();
  }
  return "no exception";
}

TEST(MomentPlan, RejectsNonSquareImage) {
  const std::string message = message_of([] { MomentPlan(family("zm"), 32, 40, {}); });
  EXPECT_NE(message.find("32x40"), std::string::npos) << message;
  EXPECT_NE(message.find("crop_centre_square"), std::string::npos) << message;
  EXPECT_THROW(MomentPlan(family("zm"), 32, 40, {}), erlangen::InvalidArgument);
}

TEST(MomentPlan, RejectsNegativeOrder) {
  MomentOptions options;
  options.max_order = -1;
  const std::string message = message_of([&] { MomentPlan(family("zm"), 32, 32, options); });
  EXPECT_NE(message.find("max_order is -1"), std::string::npos) << message;
  // ZM changes sign about n/2 times along the radius of 16 pixels, so K <= 32.
  EXPECT_NE(message.find("[0, 32]"), std::string::npos) << message;
}

TEST(MomentPlan, RejectsOrderAboveLimit) {
  MomentOptions options;
  options.max_order = 17;
  // PCET changes sign 2n times along the radius of 16 pixels, so K <= 8.
  const std::string message = message_of([&] { MomentPlan(family("pcet"), 32, 32, options); });
  EXPECT_NE(message.find("max_order is 17"), std::string::npos) << message;
  EXPECT_NE(message.find("[0, 8]"), std::string::npos) << message;
  EXPECT_EQ(erlangen::moments::max_accurate_order(*family("pcet"), 32, Method::direct), 8);
  // The sign-change rule gives 64 for ZM at N = 64 (and at N = 65 on the centre
  // grid); the family's tested recurrence range may cap it lower.
  const int zernike_cap = std::min(64, family("zm")->max_supported_order());
  EXPECT_EQ(erlangen::moments::max_accurate_order(*family("zm"), 64, Method::direct), zernike_cap);
  EXPECT_EQ(erlangen::moments::max_accurate_order(*family("pzm"), 64, Method::direct),
            std::min(32, family("pzm")->max_supported_order()));
  EXPECT_EQ(erlangen::moments::max_accurate_order(*family("zm"), 65, Method::direct, Grid::centre), zernike_cap);
  EXPECT_EQ(erlangen::moments::max_accurate_order(*family("zm"), 24, Method::direct), 24);
}

TEST(MomentPlan, RejectsPolarFftForZernike) {
  MomentOptions options;
  options.method = Method::polar_fft;
  const std::string message = message_of([&] { MomentPlan(family("zm"), 32, 32, options); });
  EXPECT_NE(message.find("polar_fft"), std::string::npos) << message;
  EXPECT_NE(message.find("EFM, PCET, GPCET, RHFM, GRHFM"), std::string::npos) << message;
}

TEST(MomentPlan, RejectsSymmetricForComplexRadial) {
  MomentOptions options;
  options.method = Method::symmetric;
  options.max_order = 4;
  const std::string message = message_of([&] { MomentPlan(family("pcet"), 32, 32, options); });
  EXPECT_NE(message.find("symmetric is not available for PCET"), std::string::npos) << message;
}

TEST(MomentPlan, RejectsKernelsAboveMemoryBudget) {
  MomentOptions options;
  options.method = Method::direct;
  options.max_order = 20;
  options.memory_budget = 1 << 20;
  EXPECT_THROW(MomentPlan(family("zm"), 128, 128, options), erlangen::LimitExceeded);
  const std::string message = message_of([&] { MomentPlan(family("zm"), 128, 128, options); });
  EXPECT_NE(message.find("use method symmetric"), std::string::npos) << message;
  options.method = Method::direct;
  const std::string complex_message = message_of([&] { MomentPlan(family("pcet"), 128, 128, options); });
  EXPECT_NE(complex_message.find("use max_order"), std::string::npos) << complex_message;
  options.method = Method::polar_fft;
  options.max_order = 8;
  const std::string polar_message = message_of([&] { MomentPlan(family("pcet"), 128, 128, options); });
  EXPECT_NE(polar_message.find("lower polar_oversampling (now 10)"), std::string::npos) << polar_message;
}

TEST(MomentPlan, RejectsImageOfOtherSize) {
  MomentOptions options;
  options.max_order = 4;
  const MomentPlan plan(family("zm"), 16, 16, options);
  const ImageD image(17, 17);
  EXPECT_THROW(plan.apply(image.plane()), erlangen::InvalidArgument);
  ImageD broken(16, 16);
  broken(3, 5) = std::nan("");
  const std::string message = message_of([&] { plan.apply(broken.plane()); });
  EXPECT_NE(message.find("pixel (3, 5) is nan"), std::string::npos) << message;
}

TEST(MomentPlan, AutomaticMethodPicksSymmetricForRealRadial) {
  MomentOptions options;
  options.max_order = 4;
  EXPECT_EQ(MomentPlan(family("zm"), 16, 16, options).method(), Method::symmetric);
  EXPECT_EQ(MomentPlan(family("pcet"), 16, 16, options).method(), Method::direct);
}

// The symmetric method regroups the same products as the direct sum, so the
// two agree to rounding: 1e-12 relative leaves room for a few hundred
// additions of terms of size |M|.
TEST(MomentPlan, SymmetricMatchesDirect) {
  struct Case {
    std::string family;
    std::ptrdiff_t size;
    SamplingRule rule;
    Grid grid;
    int max_order;
  };
  const SamplingRule zoa{Integration::zoa, 1};
  const SamplingRule midpoint{Integration::midpoint, 4};
  const SamplingRule midpoint_odd{Integration::midpoint, 3};
  const SamplingRule gauss{Integration::gauss_legendre, 3};
  const std::vector<Case> cases = {
      {"zm", 32, zoa, Grid::edge, 12},        {"zm", 33, zoa, Grid::edge, 12},
      {"zm", 32, midpoint, Grid::edge, 12},   {"zm", 33, midpoint, Grid::edge, 12},
      {"zm", 33, midpoint_odd, Grid::edge, 12}, {"zm", 31, gauss, Grid::centre, 10},
      {"pzm", 32, zoa, Grid::edge, 10},       {"pzm", 33, midpoint, Grid::edge, 10},
      {"pzm", 34, zoa, Grid::centre, 10},     {"pct", 32, midpoint, Grid::edge, 8},
      {"pct", 33, zoa, Grid::edge, 8},        {"ofmm", 32, midpoint, Grid::edge, 8},
      {"ofmm", 33, zoa, Grid::edge, 8},       {"bfm", 33, midpoint, Grid::edge, 6},
      {"rhfm", 33, midpoint, Grid::edge, 8},  {"chfm", 32, zoa, Grid::centre, 6},
      {"gpct", 33, midpoint, Grid::edge, 6},  {"pst", 31, gauss, Grid::edge, 6},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.family + " N=" + std::to_string(c.size) + " " + std::string(erlangen::basis::to_string(c.rule.integration)) +
                 " Q=" + std::to_string(c.rule.nodes) + " " + std::string(erlangen::basis::to_string(c.grid)));
    MomentOptions options;
    options.max_order = c.max_order;
    options.sampling = c.rule;
    options.grid = c.grid;
    options.method = Method::direct;
    const MomentPlan direct(family(c.family), c.size, c.size, options);
    options.method = Method::symmetric;
    const MomentPlan symmetric(family(c.family), c.size, c.size, options);
    const ImageD image = random_image(c.size, 7);
    const MomentSet expected = direct.apply(image.plane());
    const MomentSet actual = symmetric.apply(image.plane());
    ASSERT_EQ(actual.orders(), expected.orders());
    EXPECT_LT(relative_difference(actual, expected), 1e-12);
  }
}

TEST(MomentPlan, OrthonormalIsTextbookOverSqrtOmega) {
  MomentOptions options;
  options.max_order = 6;
  const auto zernike = family("zm");
  const MomentPlan textbook(zernike, 24, 24, options);
  options.convention = erlangen::moments::Convention::orthonormal;
  const MomentPlan orthonormal(zernike, 24, 24, options);
  const ImageD image = random_image(24, 3);
  const MomentSet m = textbook.apply(image.plane());
  const MomentSet c = orthonormal.apply(image.plane());
  for (std::size_t k = 0; k < m.size(); ++k) {
    const double omega = zernike->omega(m.orders()[k].n);
    // Same sums with scale factors Omega dA and sqrt(Omega) dA: equal to rounding.
    EXPECT_LT(std::abs(c.values()[k] * std::sqrt(omega) - m.values()[k]), 1e-13 * (1.0 + std::abs(m.values()[k])));
  }
}

TEST(MomentPlan, AreaPlusOneScalesByPixelCount) {
  MomentOptions options;
  options.max_order = 4;
  const MomentPlan exact(family("zm"), 20, 20, options);
  options.area_plus_one = true;
  const MomentPlan compatible(family("zm"), 20, 20, options);
  const ImageD image = random_image(20, 5);
  const MomentSet a = exact.apply(image.plane());
  const MomentSet b = compatible.apply(image.plane());
  // The reference element is 4 / (N^2 + 1) instead of 4 / N^2.
  EXPECT_NEAR(b.at(0, 0).real() / a.at(0, 0).real(), 400.0 / 401.0, 1e-14);
}

TEST(MomentSet, LooksUpOrders) {
  MomentOptions options;
  options.max_order = 3;
  const MomentPlan plan(family("zm"), 16, 16, options);
  const ImageD image = random_image(16, 1);
  const MomentSet moments = plan.apply(image.plane());
  EXPECT_EQ(moments.size(), 10u);  // (K + 1)(K + 2) / 2 ZM orders for K = 3
  EXPECT_TRUE(moments.contains(3, -1));
  EXPECT_FALSE(moments.contains(3, 0));
  EXPECT_EQ(moments.at(2, 2), moments.values()[5]);  // orders: (0,0) (1,-1) (1,1) (2,-2) (2,0) (2,2)
  EXPECT_THROW((void)moments.at(3, 0), erlangen::InvalidArgument);
  // Real image, real radial family: M_{n,-m} = conj(M_nm) exactly (copied).
  EXPECT_EQ(moments.at(3, -1), std::conj(moments.at(3, 1)));
}

TEST(MomentFeatures, LabelsEveryValue) {
  MomentOptions options;
  options.max_order = 2;
  const MomentPlan plan(family("zm"), 16, 16, options);
  const ImageD image = random_image(16, 2);
  const MomentSet moments = plan.apply(image.plane());
  const auto complex_features = erlangen::moments::to_features(moments);
  ASSERT_EQ(complex_features.size(), 2 * moments.size());
  EXPECT_EQ(complex_features.labels[0].text(), "ZM n=0 m=0 real");
  EXPECT_EQ(complex_features.labels[1].kind, "imag");
  EXPECT_EQ(complex_features.values[0], moments.at(0, 0).real());
  const auto magnitudes = erlangen::moments::to_features(moments, erlangen::moments::MomentValue::magnitude, true);
  ASSERT_EQ(magnitudes.size(), 4u);  // (0,0) (1,1) (2,0) (2,2)
  EXPECT_EQ(magnitudes.labels[3].n, 2);
  EXPECT_EQ(magnitudes.labels[3].m, 2);
  EXPECT_DOUBLE_EQ(magnitudes.values[3], std::abs(moments.at(2, 2)));
}


TEST(MomentPlan, ApplyIsThreadSafe) {
  MomentOptions options;
  options.max_order = 10;
  const MomentPlan plan(family("zm"), 48, 48, options);
  std::vector<ImageD> images;
  for (unsigned seed = 0; seed < 8; ++seed) images.push_back(random_image(48, seed));
  std::vector<MomentSet> serial;
  for (const ImageD& image : images) serial.push_back(plan.apply(image.plane()));
  std::vector<MomentSet> parallel(images.size());
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < images.size(); ++k) {
    threads.emplace_back([&, k] { parallel[k] = plan.apply(images[k].plane()); });
  }
  for (std::thread& thread : threads) thread.join();
  // The same operations in the same order: bit-identical.
  for (std::size_t k = 0; k < images.size(); ++k) EXPECT_EQ(parallel[k].values(), serial[k].values());
}

TEST(MomentFeatures, LabelsCarryParameters) {
  const auto generic = std::shared_ptr<const erlangen::basis::Family>(
      erlangen::basis::make_family("gpcet", erlangen::basis::FamilyParameters{1.5, 2.0, 2.0}));
  EXPECT_EQ(erlangen::moments::family_label(*generic), "GPCET(alpha=1.5)");
  EXPECT_EQ(erlangen::moments::family_label(*family("zm")), "ZM");
}


// A smooth image inside the disk, for reconstruction tests.
ImageD smooth_image(std::ptrdiff_t size) {
  ImageD image(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      const double x = (2.0 * j + 1.0 - size) / size;
      const double y = (size - 1.0 - 2.0 * i) / size;
      image(i, j) = 0.5 + 0.3 * std::exp(-8.0 * ((x - 0.2) * (x - 0.2) + (y + 0.1) * (y + 0.1))) + 0.1 * x * y;
    }
  }
  return image;
}

double relative_error_in_disk(const ImageD& reconstruction, const ImageD& original) {
  const std::ptrdiff_t size = original.height();
  double error = 0.0;
  double energy = 0.0;
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      const double x = (2.0 * j + 1.0 - size) / size;
      const double y = (size - 1.0 - 2.0 * i) / size;
      if (x * x + y * y > 1.0) {
        EXPECT_EQ(reconstruction(i, j), 0.0);
        continue;
      }
      error += (reconstruction(i, j) - original(i, j)) * (reconstruction(i, j) - original(i, j));
      energy += original(i, j) * original(i, j);
    }
  }
  return error / energy;
}

// Reconstruction error of a smooth image falls with K for real and complex
// radial families, in both conventions.
TEST(MomentPlan, ReconstructionImprovesWithOrder) {
  const ImageD image = smooth_image(48);
  for (const std::string name : {"zm", "pcet", "pct"}) {
    for (const auto convention : {erlangen::moments::Convention::textbook, erlangen::moments::Convention::orthonormal}) {
      SCOPED_TRACE(name);
      double previous = 1e300;
      for (const int order : {2, 4, 8}) {
        MomentOptions options;
        options.max_order = order;
        options.convention = convention;
        const MomentPlan plan(family(name), 48, 48, options);
        const double error = relative_error_in_disk(plan.reconstruct(plan.apply(image.plane())), image);
        EXPECT_LT(error, previous) << "K=" << order;
        previous = error;
      }
      // Measured at K = 8: 9.5e-5 (ZM), 7.6e-4 (PCET), 1.3e-4 (PCT); 5e-3 leaves room.
      EXPECT_LT(previous, 5e-3);
    }
  }
}

// RHFM is unbounded at r = 0, so the centre pixel of an odd grid shows the
// mean of its four neighbours.
TEST(MomentPlan, ReconstructionFillsSingularCentre) {
  const ImageD image = smooth_image(33);
  MomentOptions options;
  options.max_order = 6;
  const MomentPlan plan(family("rhfm"), 33, 33, options);
  const ImageD reconstruction = plan.reconstruct(plan.apply(image.plane()));
  const double mean = (reconstruction(15, 16) + reconstruction(17, 16) + reconstruction(16, 15) + reconstruction(16, 17)) / 4.0;
  EXPECT_DOUBLE_EQ(reconstruction(16, 16), mean);
  EXPECT_TRUE(std::isfinite(mean));
}

TEST(MomentPlan, ReconstructionRejectsOtherFamily) {
  MomentOptions options;
  options.max_order = 4;
  const MomentPlan zernike(family("zm"), 16, 16, options);
  const MomentPlan pseudo(family("pzm"), 16, 16, options);
  const ImageD image = random_image(16, 4);
  EXPECT_THROW(zernike.reconstruct(pseudo.apply(image.plane())), erlangen::InvalidArgument);
}

}  // namespace
