// Exceptions inside OpenMP regions reach the caller, and explicit order lists obey the order cap.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/basis/kernel.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/order_set.hpp"

namespace erlangen {
namespace {

using basis::OrderPair;

// BFM evaluates orders up to its table size only; order 5000 makes family.evaluate throw inside
// the parallel chunk loop, which used to terminate the process instead of reaching this catch.
TEST(HardeningParallel, KernelSamplingRethrowsAFamilyError) {
  const auto family = basis::make_family("bfm");
  const basis::DiskGrid grid(8, 8, basis::Grid::edge);
  const basis::SamplingRule rule{basis::Integration::midpoint, 2};
  const std::vector<basis::PixelIndex> pixels = basis::pixels_touching_disk(grid, rule);
  ASSERT_FALSE(pixels.empty());
  const std::vector<OrderPair> orders = {{5000, 0}};
  try {
    basis::sample_kernels(*family, 5000, orders, grid, rule, pixels);
    FAIL() << "order 5000 of BFM was sampled";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("bfm"), std::string::npos) << error.what();
  }
  // The same call with a valid order still works after the failure: no state is left behind.
  const std::vector<OrderPair> valid = {{2, 0}};
  const basis::PixelKernels kernels = basis::sample_kernels(*family, 2, valid, grid, rule, pixels);
  EXPECT_EQ(kernels.values.cols(), static_cast<Eigen::Index>(pixels.size()));
  EXPECT_GT(std::abs(kernels.values(0, static_cast<Eigen::Index>(pixels.size() / 2))), 0.0);
}

void expect_order_cap(const std::string& text, const std::string& family_name, const std::string& expected) {
  const auto family = basis::make_family(family_name);
  try {
    dense::parse_order_set(text, *family);
    FAIL() << text << " was accepted for " << family_name;
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
}

TEST(HardeningParallel, ExplicitOrderListsObeyTheCap) {
  expect_order_cap("(3000,1)", "pcet", "(n=3000, m=1)");
  expect_order_cap("(99999,0)", "zm", "[0, 200]");
  expect_order_cap("(0,0),(5000,0)", "bfm", "exceeds the largest order");
  expect_order_cap("(1,201)", "pcet", "m=201");
  // validate_orders, which the dense plan calls on option structs, applies the same cap.
  const auto pcet = basis::make_family("pcet");
  EXPECT_THROW(dense::validate_orders({{0, 0}, {201, 0}}, *pcet), InvalidArgument);
  // The cap itself is accepted, as it is for rules ("n+m<=200").
  EXPECT_EQ(dense::parse_order_set("(200,0),(0,200)", *pcet).size(), 2u);
  EXPECT_EQ(dense::parse_order_set("(0,0),(1,2)", *pcet).size(), 2u);
}

}  // namespace
}  // namespace erlangen
