// JPEG decoding: grey, YCbCr, RGB, CMYK, Adobe inverted CMYK and YCCK, EXIF
// orientation 1..8, and rejection of truncated, corrupt and oversized files.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

using testing::JpegColour;
using testing::JpegFixture;

// Test images are made of flat 8 x 8 blocks aligned with the JPEG block grid,
// so after quantisation at quality 100 only rounding error is left: the grey
// round trip stays within 1 code value. Colour adds the RGB <-> YCbCr (or YCCK)
// conversion in 8-bit arithmetic, up to about 2 code values per channel.
constexpr double kGreyTolerance = 1.5 / 255;
constexpr double kColourTolerance = 3.0 / 255;

// A block image: block (bi, bj) of 8 x 8 pixels has sample levels[(bi * cols + bj) * c + k].
JpegFixture block_image(int block_rows, int block_cols, JpegColour colour,
                        const std::vector<std::uint8_t>& levels) {
  JpegFixture fixture;
  fixture.width = block_cols * 8;
  fixture.height = block_rows * 8;
  fixture.colour = colour;
  fixture.quality = 100;
  const int components = colour == JpegColour::grey ? 1
                         : (colour == JpegColour::ycbcr || colour == JpegColour::rgb) ? 3 : 4;
  fixture.samples.resize(static_cast<std::size_t>(fixture.width) * fixture.height * components);
  for (int i = 0; i < fixture.height; ++i) {
    for (int j = 0; j < fixture.width; ++j) {
      const int block = (i / 8) * block_cols + j / 8;
      for (int c = 0; c < components; ++c) {
        fixture.samples[(static_cast<std::size_t>(i) * fixture.width + j) * components + c] =
            levels.at(block * components + c);
      }
    }
  }
  return fixture;
}

DecodedImage decode(const JpegFixture& fixture, const ReadOptions& options = {}) {
  const auto bytes = testing::encode_jpeg_fixture(fixture);
  return decode_image(bytes, options, "fixture.jpg");
}

TEST(IoJpeg, GreyBlocks) {
  const std::vector<std::uint8_t> levels = {0, 60, 128, 200, 255, 17};
  const DecodedImage decoded = decode(block_image(2, 3, JpegColour::grey, levels));
  EXPECT_EQ(decoded.format, ImageFormat::jpeg);
  EXPECT_EQ(decoded.colour_model, "grey");
  EXPECT_EQ(decoded.bit_depth, 8);
  EXPECT_FALSE(decoded.had_alpha);
  EXPECT_EQ(decoded.exif_orientation, 1);
  EXPECT_TRUE(decoded.warnings.empty());
  ASSERT_EQ(decoded.image.channels(), 1);
  ASSERT_EQ(decoded.image.height(), 16);
  ASSERT_EQ(decoded.image.width(), 24);
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 24; ++j) {
      ASSERT_NEAR(decoded.image(i, j), levels[(i / 8) * 3 + j / 8] / 255.0, kGreyTolerance);
    }
  }
}

TEST(IoJpeg, YcbcrAndRgbDecodeToRgb) {
  const std::vector<std::uint8_t> levels = {255, 0, 0, 0, 255, 0, 0, 0, 255, 30, 140, 220};
  for (const JpegColour colour : {JpegColour::ycbcr, JpegColour::rgb}) {
    const DecodedImage decoded = decode(block_image(2, 2, colour, levels));
    EXPECT_EQ(decoded.colour_model, colour == JpegColour::ycbcr ? "ycbcr" : "rgb");
    ASSERT_EQ(decoded.image.channels(), 3);
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < 16; ++j) {
        const int block = (i / 8) * 2 + j / 8;
        for (int c = 0; c < 3; ++c) {
          ASSERT_NEAR(decoded.image(i, j, c), levels[block * 3 + c] / 255.0, kColourTolerance)
              << i << "," << j << "," << c;
        }
      }
    }
  }
}

// Expected R, G, B of ink amounts C, M, Y, K (code values): (1 - C)(1 - K) etc.
std::array<double, 3> rgb_of_ink(const std::uint8_t* ink) {
  std::array<double, 3> rgb{};
  for (int c = 0; c < 3; ++c) rgb[c] = (1 - ink[c] / 255.0) * (1 - ink[3] / 255.0);
  return rgb;
}

TEST(IoJpeg, CmykPlainAndInverted) {
  // Ink amounts C, M, Y, K per block.
  const std::vector<std::uint8_t> ink = {0,   0, 0,   0,    // white
                                         255, 0, 0,   0,    // cyan
                                         0,   0, 0,   255,  // black
                                         51,  102, 204, 25};
  struct Case {
    JpegColour colour;
    const char* model;
    bool inverted;
  };
  for (const Case& test : {Case{JpegColour::cmyk, "cmyk", false},
                           Case{JpegColour::adobe_cmyk, "inverted-cmyk", true},
                           Case{JpegColour::ycck, "inverted-cmyk", true}}) {
    SCOPED_TRACE(test.model);
    std::vector<std::uint8_t> stored = ink;
    if (test.inverted) {
      for (auto& value : stored) value = static_cast<std::uint8_t>(255 - value);
    }
    const DecodedImage decoded = decode(block_image(2, 2, test.colour, stored));
    EXPECT_EQ(decoded.colour_model, test.model);
    ASSERT_EQ(decoded.image.channels(), 3);
    for (int block = 0; block < 4; ++block) {
      const auto expected = rgb_of_ink(ink.data() + block * 4);
      const int i = (block / 2) * 8 + 3;
      const int j = (block % 2) * 8 + 4;
      for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(decoded.image(i, j, c), expected[c], kColourTolerance)
            << "block " << block << " channel " << c;
      }
    }
  }
}

// Blocks of the stored 2 x 3 image, numbered row by row, as displayed for each
// EXIF orientation (tables written out from the EXIF 2.3 definitions).
const std::array<std::vector<std::vector<int>>, 9> kDisplayedBlocks = {{
    {},
    {{0, 1, 2}, {3, 4, 5}},    // 1 as stored
    {{2, 1, 0}, {5, 4, 3}},    // 2 mirrored left-right
    {{5, 4, 3}, {2, 1, 0}},    // 3 rotated 180 degrees
    {{3, 4, 5}, {0, 1, 2}},    // 4 mirrored top-bottom
    {{0, 3}, {1, 4}, {2, 5}},  // 5 transposed
    {{3, 0}, {4, 1}, {5, 2}},  // 6 rotated 90 degrees clockwise
    {{5, 2}, {4, 1}, {3, 0}},  // 7 transposed about the anti-diagonal
    {{2, 5}, {1, 4}, {0, 3}},  // 8 rotated 90 degrees counter-clockwise
}};

TEST(IoJpeg, ExifOrientationAllEightValues) {
  const std::vector<std::uint8_t> levels = {10, 50, 90, 130, 170, 210};
  for (const bool big_endian : {false, true}) {
    for (int orientation = 1; orientation <= 8; ++orientation) {
      SCOPED_TRACE(::testing::Message() << "orientation " << orientation << " big-endian "
                                      << big_endian);
      JpegFixture fixture = block_image(2, 3, JpegColour::grey, levels);
      fixture.exif_orientation = orientation;
      fixture.exif_big_endian = big_endian;
      const DecodedImage decoded = decode(fixture);
      EXPECT_EQ(decoded.exif_orientation, orientation);
      const auto& blocks = kDisplayedBlocks[orientation];
      const int block_rows = static_cast<int>(blocks.size());
      const int block_cols = static_cast<int>(blocks[0].size());
      ASSERT_EQ(decoded.image.height(), block_rows * 8);
      ASSERT_EQ(decoded.image.width(), block_cols * 8);
      for (int i = 0; i < block_rows * 8; ++i) {
        for (int j = 0; j < block_cols * 8; ++j) {
          ASSERT_NEAR(decoded.image(i, j), levels[blocks[i / 8][j / 8]] / 255.0, kGreyTolerance)
              << i << "," << j;
        }
      }
    }
  }
}

TEST(IoJpeg, ExifOrientationCanBeIgnored) {
  const std::vector<std::uint8_t> levels = {10, 50, 90, 130, 170, 210};
  JpegFixture fixture = block_image(2, 3, JpegColour::grey, levels);
  fixture.exif_orientation = 8;
  ReadOptions options;
  options.apply_exif_orientation = false;
  const DecodedImage decoded = decode(fixture, options);
  EXPECT_EQ(decoded.exif_orientation, 8);
  ASSERT_EQ(decoded.image.height(), 16);
  ASSERT_EQ(decoded.image.width(), 24);
  EXPECT_NEAR(decoded.image(0, 23), 90 / 255.0, kGreyTolerance);
}

TEST(IoJpeg, ProgressiveDecodes) {
  const std::vector<std::uint8_t> levels = {0, 60, 128, 200, 255, 17};
  JpegFixture fixture = block_image(2, 3, JpegColour::grey, levels);
  fixture.progressive = true;
  const DecodedImage decoded = decode(fixture);
  EXPECT_NEAR(decoded.image(12, 20), 17 / 255.0, kGreyTolerance);
}

JpegFixture textured_colour_image() {
  JpegFixture fixture;
  fixture.width = 40;
  fixture.height = 24;
  fixture.colour = JpegColour::ycbcr;
  fixture.quality = 90;
  for (int i = 0; i < fixture.height; ++i) {
    for (int j = 0; j < fixture.width; ++j) {
      fixture.samples.push_back(static_cast<std::uint8_t>((i * 7 + j * 3) % 256));
      fixture.samples.push_back(static_cast<std::uint8_t>((i * j) % 256));
      fixture.samples.push_back(static_cast<std::uint8_t>(255 - (j * 5) % 256));
    }
  }
  return fixture;
}

TEST(IoJpeg, TruncatedAtEveryLengthThrows) {
  for (const bool progressive : {false, true}) {
    JpegFixture fixture = textured_colour_image();
    fixture.progressive = progressive;
    fixture.exif_orientation = 3;
    const auto bytes = testing::encode_jpeg_fixture(fixture);
    ASSERT_NO_THROW(decode_image(bytes, {}, "whole.jpg"));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      const std::span<const std::uint8_t> prefix(bytes.data(), cut);
      try {
        decode_image(prefix, {}, "cut.jpg");
        ADD_FAILURE() << "a prefix of " << cut << " of " << bytes.size() << " bytes decoded";
      } catch (const IoError& error) {
        EXPECT_NE(std::string(error.what()).find("cut.jpg"), std::string::npos) << error.what();
      }
    }
  }
}

TEST(IoJpeg, TruncatedMessageNamesTheCause) {
  auto bytes = testing::encode_jpeg_fixture(textured_colour_image());
  bytes.resize(bytes.size() / 2);
  const auto path = testing::fresh_temp_dir("jpeg-truncated") / "half.jpg";
  testing::write_bytes(path, bytes);
  try {
    read_image(path);
    FAIL() << "half a JPEG decoded";
  } catch (const IoError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("read image: " + path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("truncated JPEG data"), std::string::npos) << message;
  }
}

TEST(IoJpeg, CorruptBytesNeverCrash) {
  const auto original = testing::encode_jpeg_fixture(textured_colour_image());
  int rejected = 0;
  for (std::size_t position = 2; position < original.size(); position += 2) {
    auto bytes = original;
    bytes[position] ^= 0xa5;
    try {
      const DecodedImage decoded = decode_image(bytes, {}, "flipped.jpg");
      // Damaged entropy-coded data still decodes (libjpeg resynchronises); the
      // result must keep a sane size and range.
      EXPECT_LE(decoded.image.plane_size(), 100'000'000);
      for (const float value : decoded.image.values()) {
        ASSERT_GE(value, 0.f);
        ASSERT_LE(value, 1.f);
      }
    } catch (const Error& error) {
      ++rejected;
      EXPECT_NE(std::string(error.what()).find("flipped.jpg"), std::string::npos);
    }
  }
  // Flips in the marker segments (tables, SOF, SOS) must be detected.
  EXPECT_GT(rejected, 0);
}

TEST(IoJpeg, DecompressionBombRejectedFromHeader) {
  auto bytes = testing::encode_jpeg_fixture(textured_colour_image());
  testing::patch_jpeg_size(bytes, 60000, 60000);
  try {
    decode_image(bytes, {}, "big.jpg");
    FAIL() << "the bomb decoded";
  } catch (const LimitExceeded& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("big.jpg"), std::string::npos) << message;
    EXPECT_NE(message.find("3600000000 pixels exceed the limit"), std::string::npos) << message;
  }
}

TEST(IoJpeg, ThousandsOfScansRejected) {
  JpegFixture fixture = textured_colour_image();
  fixture.progressive = true;
  auto bytes = testing::encode_jpeg_fixture(fixture);
  // Repeat the last scan (from its SOS marker up to EOI) 1100 times. libjpeg
  // only warns about the bogus progression, so without the scan limit this
  // would decode; each repeat costs a pass over the coefficients.
  std::size_t last_sos = 0;
  for (std::size_t k = 0; k + 1 < bytes.size(); ++k) {
    if (bytes[k] == 0xff && bytes[k + 1] == 0xda) last_sos = k;
  }
  ASSERT_GT(last_sos, 0u);
  const std::vector<std::uint8_t> scan(bytes.begin() + static_cast<std::ptrdiff_t>(last_sos),
                                       bytes.end() - 2);
  std::vector<std::uint8_t> bomb(bytes.begin(), bytes.end() - 2);
  for (int k = 0; k < 1100; ++k) bomb.insert(bomb.end(), scan.begin(), scan.end());
  bomb.push_back(0xff);
  bomb.push_back(0xd9);
  try {
    decode_image(bomb, {}, "scans.jpg");
    FAIL() << "1100 repeated scans decoded";
  } catch (const LimitExceeded& error) {
    EXPECT_NE(std::string(error.what()).find("more than 1000 progressive scans"),
              std::string::npos)
        << error.what();
  }
}

TEST(IoJpeg, ExtraneousBytesGiveWarning) {
  auto bytes = testing::encode_jpeg_fixture(textured_colour_image());
  const DecodedImage clean = decode_image(bytes, {}, "clean.jpg");
  // 40 stray bytes between the scan data and EOI: more than the entropy decoder
  // reads ahead, so libjpeg skips some of them with a corrupt-data warning.
  bytes.insert(bytes.end() - 2, 40, 0x11);
  const DecodedImage damaged = decode_image(bytes, {}, "stray.jpg");
  ASSERT_FALSE(damaged.warnings.empty());
  EXPECT_NE(damaged.warnings[0].find("extraneous bytes"), std::string::npos)
      << damaged.warnings[0];
  // The pixels are unaffected because the stray bytes follow the last block.
  ASSERT_EQ(damaged.image.values().size(), clean.image.values().size());
  for (std::size_t k = 0; k < clean.image.values().size(); ++k) {
    ASSERT_EQ(damaged.image.values()[k], clean.image.values()[k]) << k;
  }
}

TEST(IoJpeg, ZeroHeightRejected) {
  auto bytes = testing::encode_jpeg_fixture(textured_colour_image());
  testing::patch_jpeg_size(bytes, 40, 0);
  try {
    decode_image(bytes, {}, "zero.jpg");
    FAIL() << "a zero-height JPEG decoded";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("zero.jpg"), std::string::npos) << error.what();
  }
}

TEST(IoJpeg, ExifParserRejectsMalformedBlocks) {
  const auto good = testing::exif_orientation_block(6, false);
  EXPECT_EQ(parse_exif_orientation(good), 6);
  EXPECT_EQ(parse_exif_orientation(testing::exif_orientation_block(3, true)), 3);
  // Out-of-range values count as absent.
  EXPECT_EQ(parse_exif_orientation(testing::exif_orientation_block(0, false)), 1);
  EXPECT_EQ(parse_exif_orientation(testing::exif_orientation_block(9, false)), 1);
  // Every truncation of the block is safe and yields 1 unless the entry survives.
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    const int value = parse_exif_orientation(std::span(good.data(), cut));
    EXPECT_TRUE(value == 1 || value == 6) << cut;
    if (cut < 20) EXPECT_EQ(value, 1) << cut;  // the value field ends at byte 20
  }
  // An IFD offset past the end, and an entry count past the end.
  auto far_offset = good;
  far_offset[4] = 0xff;
  far_offset[7] = 0x7f;
  EXPECT_EQ(parse_exif_orientation(far_offset), 1);
  auto many_entries = good;
  many_entries[8] = 0xff;
  many_entries[9] = 0xff;
  EXPECT_EQ(parse_exif_orientation(many_entries), 1);
  // Wrong type (LONG instead of SHORT).
  auto wrong_type = good;
  wrong_type[12] = 4;
  EXPECT_EQ(parse_exif_orientation(wrong_type), 1);
}

TEST(IoJpeg, OrientForDisplayPixelTables) {
  ImageF stored(2, 3);
  for (int k = 0; k < 6; ++k) stored(k / 3, k % 3) = static_cast<float>(k);
  for (int orientation = 1; orientation <= 8; ++orientation) {
    SCOPED_TRACE(orientation);
    const ImageF displayed = orient_for_display(stored, orientation);
    const auto& expected = kDisplayedBlocks[orientation];
    ASSERT_EQ(displayed.height(), static_cast<std::ptrdiff_t>(expected.size()));
    ASSERT_EQ(displayed.width(), static_cast<std::ptrdiff_t>(expected[0].size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
      for (std::size_t j = 0; j < expected[0].size(); ++j) {
        EXPECT_EQ(displayed(i, j), expected[i][j]);
      }
    }
  }
  EXPECT_THROW(orient_for_display(stored, 0), InvalidArgument);
  EXPECT_THROW(orient_for_display(stored, 9), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::io
