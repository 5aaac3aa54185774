// Order-set rules and scale syntax of the dense local moments.
#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/dense/order_set.hpp"
#include "test_dense_support.hpp"

namespace erlangen::dense {
namespace {

using basis::OrderPair;
using testing::dense_support::family;

TEST(DenseOrderSet, Nm10MatchesSumRule) {
  const auto pct = family("pct");
  const std::vector<OrderPair> expected = {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 0},
                                           {1, 1}, {1, 2}, {2, 0}, {2, 1}, {3, 0}};
  EXPECT_EQ(nm10(), expected);
  EXPECT_EQ(parse_order_set("n+m<=3", *pct), expected);
  EXPECT_EQ(parse_order_set(" NM10 ", *pct), expected);
}

TEST(DenseOrderSet, GeneratorsCountAndOrder) {
  const auto pct = family("pct");
  const auto square = parse_order_set("getNM(3)", *pct);
  ASSERT_EQ(square.size(), 16u);
  EXPECT_EQ(square[1], (OrderPair{0, 1}));
  EXPECT_EQ(square[4], (OrderPair{1, 0}));
  EXPECT_EQ(parse_order_set("n<=3,m<=3", *pct), square);
  EXPECT_EQ(parse_order_set("getNM(5)", *pct).size(), 36u);

  const auto zm = family("zernike");
  const auto zernike = parse_order_set("zernike<=5", *zm);
  EXPECT_EQ(zernike.size(), 12u);  // the 12 pairs of the Cozzolino ZM-cart features
  EXPECT_EQ(std::vector<OrderPair>(zernike.begin(), zernike.begin() + 10), znm10());
  EXPECT_EQ(parse_order_set("getZNM(5)", *zm), zernike);

  EXPECT_EQ(parse_order_set("family<=2", *pct).size(), 15u);  // (K+1)(2K+1) for PCT
}

TEST(DenseOrderSet, ExplicitListKeepsOrder) {
  const auto pct = family("pct");
  const std::vector<OrderPair> expected = {{2, 1}, {0, 0}, {1, -2}};
  EXPECT_EQ(parse_order_set("(2,1),(0,0),(1,-2)", *pct), expected);
}

TEST(DenseOrderSet, RejectsPairOutsideIndexSet) {
  const auto zm = family("zernike");
  try {
    parse_order_set("NM10", *zm);
    FAIL() << "NM10 contains (0,1), which is not a Zernike pair";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("(n=0, m=1)"), std::string::npos) << message;
    EXPECT_NE(message.find("ZNM10"), std::string::npos) << message;
  }
}

TEST(DenseOrderSet, RejectsEmptyMalformedAndRepeated) {
  const auto pct = family("pct");
  EXPECT_THROW(parse_order_set("", *pct), InvalidArgument);
  EXPECT_THROW(parse_order_set("n+m<=x", *pct), InvalidArgument);
  EXPECT_THROW(parse_order_set("(0,0),(0,0)", *pct), InvalidArgument);
  EXPECT_THROW(parse_order_set("(0,0", *pct), InvalidArgument);
  EXPECT_THROW(parse_order_set("n<=2,m<=3", *pct), InvalidArgument);
  EXPECT_THROW(validate_orders({}, *pct), InvalidArgument);
}

TEST(DenseScales, ListAndDefault) {
  EXPECT_EQ(parse_scales("8, 10,12"), (std::vector<int>{8, 10, 12}));
  EXPECT_EQ(parse_scales("default"), default_scales());
  EXPECT_EQ(default_scales(), (std::vector<int>{8, 10, 12, 14, 16, 18, 22, 24, 28, 32}));
}

TEST(DenseScales, RangeRoundsToParityOfStart) {
  // 8 + 24 k / 9 = 8, 10.67, 13.33, 16, 18.67, 21.33, 24, 26.67, 29.33, 32 -> nearest even values.
  EXPECT_EQ(parse_scales("8:32:10"), (std::vector<int>{8, 10, 14, 16, 18, 22, 24, 26, 30, 32}));
  EXPECT_EQ(parse_scales("9:17:5"), (std::vector<int>{9, 11, 13, 15, 17}));
  EXPECT_EQ(parse_scales("16:16:1"), (std::vector<int>{16}));
}

TEST(DenseScales, RejectsMixedParityNamingScales) {
  try {
    parse_scales("8,9,10,13");
    FAIL() << "a set with odd and even sides must be rejected";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("(9,13)"), std::string::npos) << message;
    EXPECT_NE(message.find("(8,10)"), std::string::npos) << message;
  }
}

TEST(DenseScales, RejectsBadRanges) {
  EXPECT_THROW(parse_scales("8:31:4"), InvalidArgument);   // ends differ in parity
  EXPECT_THROW(parse_scales("8:12:10"), InvalidArgument);  // rounding repeats sides
  EXPECT_THROW(parse_scales("8:32"), InvalidArgument);
  EXPECT_THROW(parse_scales("8:32:0"), InvalidArgument);
  EXPECT_THROW(parse_scales("1,3"), InvalidArgument);  // side below 2
  EXPECT_THROW(parse_scales("8,8"), InvalidArgument);
  EXPECT_THROW(parse_scales("8.5"), InvalidArgument);
  EXPECT_THROW(parse_scales(""), InvalidArgument);
}

TEST(DenseScales, ReferenceDecrementsOdd) {
  EXPECT_EQ(reference_scales({8, 10, 12, 14, 16, 19, 22, 25, 29, 32}), default_scales());
  EXPECT_EQ(reference_scales({18, 19}), (std::vector<int>{18}));
}

}  // namespace
}  // namespace erlangen::dense
