// PNG decoding: every colour type and bit depth, tRNS, interlacing, eXIf, and
// rejection of truncated, corrupt and oversized files.
#include <gtest/gtest.h>

#include <cmath>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

using testing::PngColour;
using testing::PngFixture;

// A decoded sample is value / maxval computed in double and rounded to float,
// so the comparison allows one float rounding (relative 6e-8) and no more.
constexpr float kFloatRounding = 1e-7f;

DecodedImage decode(const PngFixture& fixture, const ReadOptions& options = {}) {
  const auto bytes = testing::encode_png_fixture(fixture);
  return decode_image(bytes, options, "fixture.png");
}

// Deterministic test pattern of code values below 2^bit_depth.
std::vector<std::uint16_t> pattern(std::size_t count, int bit_depth, unsigned seed = 7) {
  const unsigned maxval = (1u << bit_depth) - 1;
  std::vector<std::uint16_t> values(count);
  for (std::size_t k = 0; k < count; ++k) {
    values[k] = static_cast<std::uint16_t>((k * 2654435761u + seed * 40503u) % (maxval + 1));
  }
  // Make sure both extremes occur.
  if (count >= 2) {
    values[0] = 0;
    values[1] = static_cast<std::uint16_t>(maxval);
  }
  return values;
}

TEST(IoPng, GreyEveryBitDepth) {
  for (const int depth : {1, 2, 4, 8, 16}) {
    SCOPED_TRACE(depth);
    PngFixture fixture{.width = 13, .height = 5, .colour = PngColour::grey, .bit_depth = depth};
    fixture.samples = pattern(13 * 5, depth);
    const DecodedImage decoded = decode(fixture);
    EXPECT_EQ(decoded.format, ImageFormat::png);
    EXPECT_EQ(decoded.bit_depth, depth);
    EXPECT_EQ(decoded.colour_model, "grey");
    EXPECT_FALSE(decoded.had_alpha);
    ASSERT_EQ(decoded.image.channels(), 1);
    ASSERT_EQ(decoded.image.height(), 5);
    ASSERT_EQ(decoded.image.width(), 13);
    const double maxval = (1u << depth) - 1;
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 13; ++j) {
        const double expected = fixture.samples[i * 13 + j] / maxval;
        ASSERT_NEAR(decoded.image(i, j), expected, kFloatRounding) << i << "," << j;
      }
    }
  }
}

TEST(IoPng, SixteenBitIsValueOver65535) {
  PngFixture fixture{.width = 5, .height = 1, .colour = PngColour::grey, .bit_depth = 16};
  fixture.samples = {0, 1, 257, 12345, 65535};
  const DecodedImage decoded = decode(fixture);
  for (int j = 0; j < 5; ++j) {
    EXPECT_EQ(decoded.image(0, j), static_cast<float>(fixture.samples[j] / 65535.0)) << j;
  }
}

TEST(IoPng, RgbEightAndSixteenBits) {
  for (const int depth : {8, 16}) {
    SCOPED_TRACE(depth);
    PngFixture fixture{.width = 7, .height = 4, .colour = PngColour::rgb, .bit_depth = depth};
    fixture.samples = pattern(7 * 4 * 3, depth);
    const DecodedImage decoded = decode(fixture);
    EXPECT_EQ(decoded.colour_model, "rgb");
    ASSERT_EQ(decoded.image.channels(), 3);
    const double maxval = (1u << depth) - 1;
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 7; ++j) {
        for (int c = 0; c < 3; ++c) {
          const double expected = fixture.samples[(i * 7 + j) * 3 + c] / maxval;
          ASSERT_NEAR(decoded.image(i, j, c), expected, kFloatRounding);
        }
      }
    }
  }
}

TEST(IoPng, AlphaCompositedOnWhite) {
  for (const int depth : {8, 16}) {
    SCOPED_TRACE(depth);
    const double maxval = (1u << depth) - 1;
    PngFixture fixture{.width = 6, .height = 3, .colour = PngColour::rgba, .bit_depth = depth};
    fixture.samples = pattern(6 * 3 * 4, depth, 3);
    const DecodedImage decoded = decode(fixture);
    EXPECT_EQ(decoded.colour_model, "rgba");
    EXPECT_TRUE(decoded.had_alpha);
    ASSERT_EQ(decoded.image.channels(), 3);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 6; ++j) {
        const std::size_t base = (i * 6 + j) * 4;
        const double alpha = fixture.samples[base + 3] / maxval;
        for (int c = 0; c < 3; ++c) {
          const double value = fixture.samples[base + c] / maxval;
          // Compositing in double, then one rounding to float.
          ASSERT_NEAR(decoded.image(i, j, c), alpha * value + (1 - alpha), kFloatRounding);
        }
      }
    }
  }
}

TEST(IoPng, GreyAlphaUsesBackgroundLuma) {
  PngFixture fixture{.width = 3, .height = 1, .colour = PngColour::grey_alpha, .bit_depth = 8};
  fixture.samples = {200, 255, 200, 0, 100, 51};  // opaque, transparent, 20 % alpha
  ReadOptions options;
  options.background = {1.f, 0.f, 0.f};  // red: BT.601 luma 0.299
  const DecodedImage decoded = decode(fixture, options);
  EXPECT_EQ(decoded.colour_model, "grey+alpha");
  ASSERT_EQ(decoded.image.channels(), 1);
  EXPECT_NEAR(decoded.image(0, 0), 200 / 255.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1), 0.299, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 2), 0.2 * 100 / 255.0 + 0.8 * 0.299, kFloatRounding);
}

TEST(IoPng, PaletteEntriesWithoutTransparency) {
  for (const int depth : {1, 2, 4, 8}) {
    SCOPED_TRACE(depth);
    const int entries = 1 << std::min(depth, 4);
    PngFixture fixture{.width = 9, .height = 3, .colour = PngColour::palette, .bit_depth = depth};
    for (int e = 0; e < entries; ++e) {
      fixture.palette.push_back({static_cast<std::uint8_t>(e * 17),
                                 static_cast<std::uint8_t>(255 - e * 13),
                                 static_cast<std::uint8_t>((e * 71) % 256)});
    }
    for (int k = 0; k < 27; ++k) fixture.samples.push_back(static_cast<std::uint16_t>(k % entries));
    const DecodedImage decoded = decode(fixture);
    EXPECT_EQ(decoded.colour_model, "palette");
    EXPECT_EQ(decoded.bit_depth, depth);
    EXPECT_FALSE(decoded.had_alpha);
    ASSERT_EQ(decoded.image.channels(), 3);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 9; ++j) {
        const auto& entry = fixture.palette[fixture.samples[i * 9 + j]];
        for (int c = 0; c < 3; ++c) {
          ASSERT_NEAR(decoded.image(i, j, c), entry[c] / 255.0, kFloatRounding);
        }
      }
    }
  }
}

TEST(IoPng, PaletteWithTrnsAlpha) {
  PngFixture fixture{.width = 4, .height = 1, .colour = PngColour::palette, .bit_depth = 2};
  fixture.palette = {{{0, 0, 0}}, {{255, 0, 0}}, {{0, 0, 255}}, {{10, 20, 30}}};
  fixture.palette_alpha = {0, 255, 102};  // entry 3 has no tRNS entry, so it is opaque
  fixture.samples = {0, 1, 2, 3};
  ReadOptions options;
  options.background = {0.f, 1.f, 0.f};  // green
  const DecodedImage decoded = decode(fixture, options);
  EXPECT_EQ(decoded.colour_model, "palette+alpha");
  EXPECT_TRUE(decoded.had_alpha);
  ASSERT_EQ(decoded.image.channels(), 3);
  // Entry 0 fully transparent: the background.
  EXPECT_NEAR(decoded.image(0, 0, 0), 0.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 0, 1), 1.0, kFloatRounding);
  // Entry 1 opaque red.
  EXPECT_NEAR(decoded.image(0, 1, 0), 1.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1, 1), 0.0, kFloatRounding);
  // Entry 2: alpha 0.4 blue over green.
  EXPECT_NEAR(decoded.image(0, 2, 1), 0.6, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 2, 2), 0.4, kFloatRounding);
  // Entry 3 opaque.
  EXPECT_NEAR(decoded.image(0, 3, 2), 30 / 255.0, kFloatRounding);
}

TEST(IoPng, TransparentColourTrns) {
  PngFixture grey{.width = 3, .height = 1, .colour = PngColour::grey, .bit_depth = 16};
  grey.samples = {1000, 2000, 1000};
  grey.transparent_colour = std::array<std::uint16_t, 3>{2000, 0, 0};
  ReadOptions options;
  options.background = {0.5f, 0.5f, 0.5f};
  const DecodedImage decoded_grey = decode(grey, options);
  EXPECT_EQ(decoded_grey.colour_model, "grey+alpha");
  EXPECT_TRUE(decoded_grey.had_alpha);
  EXPECT_NEAR(decoded_grey.image(0, 0), 1000 / 65535.0, kFloatRounding);
  EXPECT_NEAR(decoded_grey.image(0, 1), 0.5, kFloatRounding);

  PngFixture rgb{.width = 2, .height = 1, .colour = PngColour::rgb, .bit_depth = 8};
  rgb.samples = {1, 2, 3, 4, 5, 6};
  rgb.transparent_colour = std::array<std::uint16_t, 3>{4, 5, 6};
  const DecodedImage decoded_rgb = decode(rgb);
  EXPECT_EQ(decoded_rgb.colour_model, "rgba");
  EXPECT_NEAR(decoded_rgb.image(0, 0, 2), 3 / 255.0, kFloatRounding);
  EXPECT_NEAR(decoded_rgb.image(0, 1, 0), 1.0, kFloatRounding);
}

TEST(IoPng, InterlacedEqualsNonInterlaced) {
  for (const PngColour colour : {PngColour::grey, PngColour::rgb, PngColour::rgba}) {
    for (const int depth : {8, 16}) {
      PngFixture fixture{.width = 13, .height = 11, .colour = colour, .bit_depth = depth};
      const int channels = colour == PngColour::grey ? 1 : (colour == PngColour::rgb ? 3 : 4);
      fixture.samples = pattern(13 * 11 * channels, depth);
      const DecodedImage plain = decode(fixture);
      fixture.interlaced = true;
      const DecodedImage interlaced = decode(fixture);
      ASSERT_EQ(plain.image.channels(), interlaced.image.channels());
      for (std::size_t k = 0; k < plain.image.values().size(); ++k) {
        ASSERT_EQ(plain.image.values()[k], interlaced.image.values()[k]) << k;
      }
      if (colour == PngColour::grey) {
        // Check against the samples too, not only against the other decode.
        EXPECT_NEAR(interlaced.image(10, 12), fixture.samples[10 * 13 + 12] / ((1 << depth) - 1.0),
                    kFloatRounding);
      }
    }
  }
}

TEST(IoPng, ExifChunkOrientationApplied) {
  PngFixture fixture{.width = 3, .height = 2, .colour = PngColour::grey, .bit_depth = 8};
  fixture.samples = {0, 10, 20, 30, 40, 50};
  fixture.exif = testing::exif_orientation_block(6, true);
  const DecodedImage rotated = decode(fixture);
  EXPECT_EQ(rotated.exif_orientation, 6);
  ASSERT_EQ(rotated.image.height(), 3);
  ASSERT_EQ(rotated.image.width(), 2);
  // Rotated 90 degrees clockwise: the left column, bottom to top, becomes row 0.
  EXPECT_NEAR(rotated.image(0, 0), 30 / 255.0, kFloatRounding);
  EXPECT_NEAR(rotated.image(0, 1), 0.0, kFloatRounding);
  EXPECT_NEAR(rotated.image(2, 0), 50 / 255.0, kFloatRounding);

  ReadOptions keep;
  keep.apply_exif_orientation = false;
  const DecodedImage stored = decode(fixture, keep);
  EXPECT_EQ(stored.exif_orientation, 6);
  EXPECT_EQ(stored.image.height(), 2);
  EXPECT_NEAR(stored.image(0, 1), 10 / 255.0, kFloatRounding);
}

TEST(IoPng, AncillaryCrcErrorGivesWarning) {
  PngFixture fixture{.width = 4, .height = 2, .colour = PngColour::grey, .bit_depth = 8};
  fixture.samples = pattern(8, 8);
  auto bytes = testing::encode_png_fixture(fixture);
  EXPECT_TRUE(decode_image(bytes, {}, "clean.png").warnings.empty());
  // A tEXt chunk with a wrong CRC, inserted before IEND (the last 12 bytes).
  const std::vector<std::uint8_t> chunk = {0, 0, 0, 3, 't', 'E', 'X', 't', 'a', 0, 'b',
                                           0xde, 0xad, 0xbe, 0xef};
  bytes.insert(bytes.end() - 12, chunk.begin(), chunk.end());
  const DecodedImage decoded = decode_image(bytes, {}, "crc.png");
  ASSERT_FALSE(decoded.warnings.empty());
  EXPECT_NE(decoded.warnings[0].find("CRC"), std::string::npos) << decoded.warnings[0];
  EXPECT_NEAR(decoded.image(1, 3), fixture.samples[7] / 255.0, kFloatRounding);
}

TEST(IoPng, TruncatedAtEveryLengthThrows) {
  PngFixture fixture{.width = 16, .height = 16, .colour = PngColour::rgba, .bit_depth = 8};
  fixture.samples = pattern(16 * 16 * 4, 8);
  fixture.interlaced = true;
  const auto bytes = testing::encode_png_fixture(fixture);
  ASSERT_NO_THROW(decode_image(bytes, {}, "whole.png"));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    const std::span<const std::uint8_t> prefix(bytes.data(), cut);
    try {
      decode_image(prefix, {}, "cut.png");
      ADD_FAILURE() << "a prefix of " << cut << " bytes decoded";
    } catch (const IoError& error) {
      EXPECT_NE(std::string(error.what()).find("cut.png"), std::string::npos) << error.what();
    }
  }
}

TEST(IoPng, TruncatedMessageNamesTheCause) {
  PngFixture fixture{.width = 8, .height = 8, .colour = PngColour::grey, .bit_depth = 8};
  fixture.samples = pattern(64, 8);
  auto bytes = testing::encode_png_fixture(fixture);
  bytes.resize(bytes.size() - 20);
  const auto folder = testing::fresh_temp_dir("png-truncated");
  const auto path = folder / "short.png";
  testing::write_bytes(path, bytes);
  try {
    read_image(path);
    FAIL() << "the truncated file decoded";
  } catch (const IoError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("read image: " + path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("truncated PNG data"), std::string::npos) << message;
  }
}

TEST(IoPng, CorruptBytesNeverCrash) {
  PngFixture fixture{.width = 12, .height = 9, .colour = PngColour::rgb, .bit_depth = 16};
  fixture.samples = pattern(12 * 9 * 3, 16);
  const auto original = testing::encode_png_fixture(fixture);
  int rejected = 0;
  for (std::size_t position = 8; position < original.size(); position += 3) {
    auto bytes = original;
    bytes[position] ^= 0x5a;
    try {
      const DecodedImage decoded = decode_image(bytes, {}, "flipped.png");
      // A flipped byte in an ancillary place may decode; the size must still hold.
      EXPECT_LE(decoded.image.plane_size(), 100'000'000);
    } catch (const Error& error) {
      ++rejected;
      EXPECT_NE(std::string(error.what()).find("flipped.png"), std::string::npos);
    }
  }
  // Every chunk carries a CRC, so nearly every flip is detected.
  EXPECT_GT(rejected, 0);
}

TEST(IoPng, DecompressionBombRejectedFromHeader) {
  const auto bytes = testing::png_declaring_size(60000, 60000);
  try {
    decode_image(bytes, {}, "big.png");
    FAIL() << "the bomb decoded";
  } catch (const LimitExceeded& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("big.png"), std::string::npos) << message;
    EXPECT_NE(message.find("3600000000 pixels exceed the limit of 100000000"), std::string::npos)
        << message;
  }
}

TEST(IoPng, WideImageMeetsPixelLimitNotLibpngLimit) {
  // libpng's own default limit is 1000000 columns; erlangen's pixel limit decides.
  try {
    decode_image(testing::png_declaring_size(2'000'000, 100), {}, "wide.png");
    FAIL() << "the wide bomb decoded";
  } catch (const LimitExceeded& error) {
    EXPECT_NE(std::string(error.what()).find("200000000 pixels"), std::string::npos)
        << error.what();
  }
  // Under the pixel limit it passes the header check and fails on the short data.
  EXPECT_THROW(decode_image(testing::png_declaring_size(2'000'000, 1), {}, "wide.png"), IoError);
}

TEST(IoPng, PixelLimitIsConfigurable) {
  PngFixture fixture{.width = 10, .height = 10, .colour = PngColour::grey, .bit_depth = 8};
  fixture.samples = pattern(100, 8);
  const auto bytes = testing::encode_png_fixture(fixture);
  ReadOptions options;
  options.max_pixels = 100;
  EXPECT_NO_THROW(decode_image(bytes, options));
  options.max_pixels = 99;
  EXPECT_THROW(decode_image(bytes, options), LimitExceeded);
}

TEST(IoPng, ZeroWidthRejected) {
  const auto bytes = testing::png_declaring_size(0, 10);
  try {
    decode_image(bytes, {}, "zero.png");
    FAIL() << "a zero-width PNG decoded";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("zero.png"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace erlangen::io
