// Netpbm decoding: P1..P6, maxval up to 65535, comments, and bad input.
#include <gtest/gtest.h>

#include <string>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"

namespace erlangen::io {
namespace {

// value / maxval is computed in double and rounded once to float.
constexpr float kFloatRounding = 1e-7f;

std::vector<unsigned> ramp(std::size_t count, unsigned maxval) {
  std::vector<unsigned> values(count);
  for (std::size_t k = 0; k < count; ++k) values[k] = static_cast<unsigned>((k * 7919) % (maxval + 1));
  values[0] = maxval;
  return values;
}

DecodedImage decode(const std::vector<std::uint8_t>& bytes) {
  return decode_image(bytes, {}, "fixture.pnm");
}

DecodedImage decode(std::string_view text) {
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  return decode_image(bytes, {}, "fixture.pnm");
}

TEST(IoPnm, GreyAndColourAtManyMaxvals) {
  for (const char kind : {'2', '3', '5', '6'}) {
    for (const unsigned maxval : {1u, 15u, 255u, 256u, 1023u, 65535u}) {
      SCOPED_TRACE(::testing::Message() << "P" << kind << " maxval " << maxval);
      const int channels = (kind == '3' || kind == '6') ? 3 : 1;
      const auto samples = ramp(7 * 5 * channels, maxval);
      const auto bytes = testing::encode_pnm_fixture(kind, 7, 5, maxval, samples, "a comment");
      const DecodedImage decoded = decode(bytes);
      EXPECT_EQ(decoded.format, ImageFormat::pnm);
      EXPECT_EQ(decoded.colour_model, channels == 3 ? "rgb" : "grey");
      ASSERT_EQ(decoded.image.channels(), channels);
      ASSERT_EQ(decoded.image.height(), 5);
      ASSERT_EQ(decoded.image.width(), 7);
      for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 7; ++j) {
          for (int c = 0; c < channels; ++c) {
            const double expected = samples[(i * 7 + j) * channels + c] / double(maxval);
            ASSERT_NEAR(decoded.image(i, j, c), expected, kFloatRounding);
          }
        }
      }
    }
  }
}

TEST(IoPnm, BitDepthIsBitLengthOfMaxval) {
  EXPECT_EQ(decode("P2 1 1 255\n7\n").bit_depth, 8);
  EXPECT_EQ(decode("P2 1 1 65535\n7\n").bit_depth, 16);
  EXPECT_EQ(decode("P2 1 1 1023\n7\n").bit_depth, 10);
  EXPECT_EQ(decode("P2 1 1 1\n1\n").bit_depth, 1);
}

TEST(IoPnm, SixteenBitRawIsBigEndian) {
  const std::string header = "P5\n2 1\n65535\n";
  std::vector<std::uint8_t> bytes(header.begin(), header.end());
  bytes.insert(bytes.end(), {0x01, 0x02, 0xff, 0x00});
  const DecodedImage decoded = decode(bytes);
  EXPECT_NEAR(decoded.image(0, 0), 0x0102 / 65535.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1), 0xff00 / 65535.0, kFloatRounding);
}

TEST(IoPnm, BitmapsOneIsBlack) {
  const std::vector<unsigned> bits = {1, 0, 0, 1, 1, 0, 1, 0, 1, 1,   // 10 wide: 2 bytes per P4 row
                                      0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  for (const char kind : {'1', '4'}) {
    SCOPED_TRACE(kind);
    const DecodedImage decoded = decode(testing::encode_pnm_fixture(kind, 10, 2, 1, bits));
    EXPECT_EQ(decoded.bit_depth, 1);
    ASSERT_EQ(decoded.image.width(), 10);
    for (int k = 0; k < 20; ++k) {
      ASSERT_EQ(decoded.image(k / 10, k % 10), bits[k] ? 0.f : 1.f) << k;
    }
  }
  // Plain PBM bits need no separators.
  const DecodedImage packed = decode("P1\n3 1\n101");
  EXPECT_EQ(packed.image(0, 1), 1.f);
  EXPECT_EQ(packed.image(0, 2), 0.f);
}

TEST(IoPnm, CommentsAnywhereInHeader) {
  const DecodedImage decoded = decode("P2#c0\n# c1\n2 # c2\n#c3\n1\n#c4\n9 #c5\n3 9\n");
  ASSERT_EQ(decoded.image.width(), 2);
  EXPECT_NEAR(decoded.image(0, 0), 3 / 9.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1), 1.0, kFloatRounding);
}

void expect_read_error(std::string_view text, std::string_view fragment) {
  try {
    decode(text);
    ADD_FAILURE() << "decoded: " << text;
  } catch (const IoError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("fixture.pnm"), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
  }
}

TEST(IoPnm, BadHeadersAndSamples) {
  expect_read_error("P2 2 2 0\n0 0 0 0\n", "maxval is 0");
  expect_read_error("P2 2 2 65536\n0 0 0 0\n", "maxval exceeds 65535");
  expect_read_error("P2 2 x 255\n", "expected the height");
  expect_read_error("P2 0 2 255\n", "zero width or height");
  expect_read_error("P2 2 2 255\n0 0 0", "truncated PNM data");
  expect_read_error("P2 2 1 7\n0 8\n", "pixel value exceeds 7");
  expect_read_error("P5 2 2 255", "truncated PNM data");
  expect_read_error("P5 2 2 255\nab", "truncated PNM data");
  expect_read_error("P5 1 1 100\n\xff", "exceeds maxval 100");
  expect_read_error("P1 2 1\n0 2\n", "expected 0 or 1");
  expect_read_error("P6 99999999999 1 255\n", "width exceeds");
}

TEST(IoPnm, PixelLimitBeforeAllocation) {
  const std::string bomb = "P5 60000 60000 255\n";
  const std::vector<std::uint8_t> bytes(bomb.begin(), bomb.end());
  EXPECT_THROW(decode_image(bytes, {}, "bomb.pgm"), LimitExceeded);
  // Under the limit but far more pixels than bytes: rejected as truncated before
  // the image is allocated.
  const std::string big = "P2 9000 9000 255\n0 0 0\n";
  const std::vector<std::uint8_t> big_bytes(big.begin(), big.end());
  EXPECT_THROW(decode_image(big_bytes, {}, "short.pgm"), IoError);
}

TEST(IoPnm, TruncatedRawAtEveryLengthThrows) {
  for (const unsigned maxval : {255u, 65535u}) {
    const auto bytes = testing::encode_pnm_fixture('6', 6, 4, maxval, ramp(6 * 4 * 3, maxval));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_THROW(decode_image(std::span(bytes.data(), cut), {}, "cut.ppm"), IoError) << cut;
    }
  }
}

TEST(IoPnm, TruncatedPlainNeverCrashes) {
  const auto bytes = testing::encode_pnm_fixture('3', 6, 4, 1000, ramp(6 * 4 * 3, 1000));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    try {
      // A cut inside the last number still parses as a shorter number.
      const DecodedImage decoded = decode_image(std::span(bytes.data(), cut), {}, "cut.ppm");
      EXPECT_GE(cut, bytes.size() - 5) << "decoded a prefix of " << cut << " bytes";
    } catch (const IoError& error) {
      EXPECT_NE(std::string(error.what()).find("cut.ppm"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace erlangen::io
