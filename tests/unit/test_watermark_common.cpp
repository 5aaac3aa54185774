// Keys, payloads and the binomial threshold shared by the watermark schemes.
#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"

namespace wm = erlangen::forensics::watermark;

TEST(WatermarkBinomial, ThresholdsMatchTheTabulatedValues) {
  // k* = min{k : P[Bin(n, 1/2) >= k] <= FPR}, tabulated for n = 32, 48, 64 and 256.
  EXPECT_EQ(wm::binomial_threshold(32, 1e-3), 26u);
  EXPECT_EQ(wm::binomial_threshold(32, 1e-6), 30u);
  EXPECT_EQ(wm::binomial_threshold(48, 1e-3), 36u);
  EXPECT_EQ(wm::binomial_threshold(48, 1e-6), 41u);
  EXPECT_EQ(wm::binomial_threshold(64, 1e-3), 45u);
  EXPECT_EQ(wm::binomial_threshold(64, 1e-6), 51u);
  EXPECT_EQ(wm::binomial_threshold(256, 1e-3), 154u);
  EXPECT_EQ(wm::binomial_threshold(256, 1e-6), 167u);
}

TEST(WatermarkBinomial, TailIsExactForSmallN) {
  // P[Bin(4, 1/2) >= 3] = (4 + 1) / 16; the tolerance is a few ulps of the log-space sum.
  EXPECT_NEAR(wm::binomial_tail(4, 3), 5.0 / 16.0, 1e-14);
  EXPECT_DOUBLE_EQ(wm::binomial_tail(4, 0), 1.0);
  EXPECT_DOUBLE_EQ(wm::binomial_tail(4, 5), 0.0);
  // Realised rate of accepting k >= 50 of 64, 3.5e-6 in the literature's rounding.
  EXPECT_NEAR(wm::binomial_tail(64, 50), 3.5e-6, 0.1e-6);
}

TEST(WatermarkKey, ParsesHexAndRejectsBadKeys) {
  const wm::WatermarkKey a = wm::parse_key("0123456789abcdef");
  const wm::WatermarkKey b = wm::parse_key("0x0123456789ABCDEF");
  EXPECT_EQ(a.seed(), b.seed());
  EXPECT_NE(a.seed(0), a.seed(1));
  EXPECT_NE(a.seed(), wm::parse_key("0123456789abcdee").seed());
  EXPECT_NE(wm::parse_key("012345670").seed(), wm::parse_key("0123456700").seed());
  EXPECT_THROW(wm::parse_key(""), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_key("1234567"), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_key("0123456789abcdeg"), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_key(std::string(65, 'a')), erlangen::InvalidArgument);
}

TEST(WatermarkPayload, HexAndTextRoundTrip) {
  const wm::Bits bits = wm::parse_hex_payload("0xa5");
  EXPECT_EQ(bits, (wm::Bits{1, 0, 1, 0, 0, 1, 0, 1}));
  EXPECT_EQ(wm::bits_to_hex(bits), "a5");
  EXPECT_EQ(wm::bits_to_hex(wm::parse_text_payload("A")), "41");
  EXPECT_THROW(wm::parse_hex_payload(""), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_hex_payload("xyz"), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_hex_payload(std::string(65, 'f')), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_text_payload(""), erlangen::InvalidArgument);
  EXPECT_THROW(wm::parse_text_payload(std::string(33, 'x')), erlangen::InvalidArgument);
}

TEST(WatermarkRegistry, UnknownSchemeNamesTheChoices) {
  EXPECT_THROW(wm::make_watermark_scheme("nope"), erlangen::InvalidArgument);
}
