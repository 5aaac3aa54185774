// Extreme transform arguments and family parameters are rejected with the accepted range
// instead of giving undefined behaviour, NaN or garbage.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <span>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen {
namespace {

ImageF ramp(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) image(i, j) = static_cast<float>(i * cols + j) / static_cast<float>(rows * cols);
  }
  return image;
}

void expect_invalid(const std::function<void()>& call, const std::string& expected) {
  try {
    call();
    FAIL() << "accepted; expected InvalidArgument with '" << expected << "'";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
}

TEST(HardeningParameters, TranslateShiftIsBounded) {
  const ImageF image = ramp(16, 20);
  // Before the fix 1e300 reached a double-to-integer cast (undefined behaviour).
  expect_invalid([&] { translate(image.plane(), 1e300, 0.0); }, "rows_down is 1e+300");
  expect_invalid([&] { translate(image.plane(), 0.0, -81.0); }, "[-80, 80]");
  expect_invalid([&] { translate(image.plane(), std::nan(""), 0.0); }, "rows_down");
  // At the bound the image is shifted out of view and only the fill remains.
  const ImageF away = translate(image.plane(), 64.0, 0.0, Interpolation::bilinear, 0.25f);
  EXPECT_EQ(away(0, 0), 0.25f);
  EXPECT_EQ(away(15, 19), 0.25f);
  // A whole-pixel shift moves values exactly.
  const ImageF moved = translate(image.plane(), 1.0, 2.0, Interpolation::bicubic, 0.0f);
  EXPECT_EQ(moved(5, 7), image(4, 5));
}

TEST(HardeningParameters, ScaleFactorIsBounded) {
  const ImageF image = ramp(16, 16);
  expect_invalid([&] { scale_about_centre(image.plane(), 1e-300); }, "[1e-3, 1e3]");
  expect_invalid([&] { scale_about_centre(image.plane(), 1e300); }, "[1e-3, 1e3]");
  expect_invalid([&] { scale_about_centre(image.plane(), 0.0); }, "factor");
  EXPECT_NO_THROW(scale_about_centre(image.plane(), 1e3));
  const ImageF same = scale_about_centre(image.plane(), 1.0);
  EXPECT_EQ(same(3, 9), image(3, 9));
  expect_invalid([&] { rotate(image.plane(), std::numeric_limits<double>::infinity()); }, "degrees");
}

TEST(HardeningParameters, FamilyParametersHaveFiniteBounds) {
  expect_invalid([] { basis::make_family("jfm", {1.0, 1e300, 1e300}); }, "(0, 1000]");
  expect_invalid([] { basis::make_family("jfm", {1.0, 1001.0, 2.0}); }, "p is 1001");
  expect_invalid([] { basis::make_family("fjfm", {1.0, 1000.5, 1000.5}); }, "q is 1000.5");
  expect_invalid([] { basis::make_family("gpcet", {1e308, 2.0, 2.0}); }, "[0.001, 100]");
  expect_invalid([] { basis::make_family("gpcet", {1e-300, 2.0, 2.0}); }, "[0.001, 100]");
  expect_invalid([] { basis::make_family("grhfm", {100.5, 2.0, 2.0}); }, "alpha is 100.5");
  // The rules that were there stay: p - q > -1 and q > 0.
  expect_invalid([] { basis::make_family("jfm", {1.0, 1.0, 3.0}); }, "p > 2");
  // The bounds themselves are accepted.
  EXPECT_NO_THROW(basis::make_family("jfm", {1.0, 1000.0, 1000.0}));
  EXPECT_NO_THROW(basis::make_family("gpcet", {100.0, 2.0, 2.0}));
  EXPECT_NO_THROW(basis::make_family("gpcet", {0.001, 2.0, 2.0}));
}

// Moments of the accepted extremes are either finite or rejected with a message naming the
// family and the order; NaN never reaches the caller.
TEST(HardeningParameters, MomentsAreFiniteOrRejected) {
  const ImageF image = ramp(32, 32);
  for (const auto& [name, parameters] : {std::pair{"jfm", basis::FamilyParameters{1.0, 1000.0, 1000.0}},
                                         std::pair{"jfm", basis::FamilyParameters{1.0, 1000.0, 0.01}},
                                         std::pair{"gpcet", basis::FamilyParameters{100.0, 2.0, 2.0}},
                                         std::pair{"gpcet", basis::FamilyParameters{0.001, 2.0, 2.0}}}) {
    std::shared_ptr<const basis::Family> family = basis::make_family(name, parameters);
    moments::MomentOptions options;
    options.max_order = 8;
    try {
      const moments::MomentPlan plan(family, 32, 32, options);
      const moments::MomentSet set = plan.apply(image.plane());
      for (const auto& value : set.values()) {
        EXPECT_TRUE(std::isfinite(value.real())) << name;
        EXPECT_TRUE(std::isfinite(value.imag())) << name;
      }
    } catch (const InvalidArgument& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("expected a finite value"), std::string::npos) << message;
      EXPECT_NE(message.find("lower maximum order"), std::string::npos) << message;
    }
  }
}

// A family whose radial function of order 2 is NaN, standing in for a basis that overflows.
class OverflowingFamily final : public basis::Family {
 public:
  OverflowingFamily() : Family({}) {}
  basis::FamilyId id() const override { return basis::FamilyId::orthogonal_fourier_mellin; }
  std::string_view name() const override { return "overflowing"; }
  std::string_view abbreviation() const override { return "OVF"; }
  double omega(int) const override { return 1.0 / 3.141592653589793; }
  void evaluate(int max_order, std::span<const double> radii, basis::RadialTable& table) const override {
    table = basis::RadialTable(0, max_order, 0, radii.size());
    for (int n = 0; n <= max_order; ++n) {
      std::complex<double>* row = table.row(n, 0);
      for (std::size_t k = 0; k < radii.size(); ++k) row[k] = n == 2 ? std::nan("") : 1.0;
    }
  }
};

TEST(HardeningParameters, NonFiniteMomentsAreRejected) {
  moments::MomentOptions options;
  options.max_order = 3;
  options.method = moments::Method::direct;
  const moments::MomentPlan plan(std::make_shared<OverflowingFamily>(), 16, 16, options);
  const ImageF image = ramp(16, 16);
  try {
    plan.apply(image.plane());
    FAIL() << "NaN moments were returned";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("OVF"), std::string::npos) << message;
    EXPECT_NE(message.find("n=2"), std::string::npos) << message;
    EXPECT_NE(message.find("lower maximum order"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace erlangen
