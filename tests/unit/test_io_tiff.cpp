// TIFF decoding through libtiff: grey, palette, RGB and RGBA at several depths,
// strips and tiles, planar layouts, orientation, CMYK, and bad input.
#include <gtest/gtest.h>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

#ifdef ERLANGEN_HAVE_TIFF
#include <tiffio.h>
#endif

namespace erlangen::io {
namespace {

#ifdef ERLANGEN_HAVE_TIFF

// value / maxval is computed in double and rounded once to float.
constexpr float kFloatRounding = 1e-7f;

struct TiffFixture {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint16_t samples_per_pixel = 1;
  std::uint16_t bits = 8;
  std::uint16_t photometric = PHOTOMETRIC_MINISBLACK;
  std::uint16_t planar = PLANARCONFIG_CONTIG;
  std::uint16_t compression = COMPRESSION_NONE;
  std::uint16_t extra_sample = 0;  // EXTRASAMPLE_* of one extra sample, when samples exceed colours
  bool has_extra = false;
  std::uint16_t orientation = ORIENTATION_TOPLEFT;
  std::uint32_t tile = 0;  // tile side (multiple of 16), or 0 for strips of 3 rows
  std::vector<std::uint16_t> samples;  // interleaved, row-major
  std::vector<std::uint16_t> colour_map;  // 3 * 2^bits entries for palette images
};

// Packs samples [first, first + count) of a row of `stride` samples per pixel
// (`plane` >= 0 selects one sample of each pixel) into bytes, MSB first below 8 bits.
std::vector<std::uint8_t> pack(const TiffFixture& f, std::uint32_t row, std::uint32_t x0,
                               std::uint32_t count, int plane) {
  const int per_pixel = plane >= 0 ? 1 : f.samples_per_pixel;
  std::vector<std::uint8_t> out((std::size_t{count} * per_pixel * f.bits + 7) / 8, 0);
  std::size_t k = 0;
  for (std::uint32_t x = x0; x < x0 + count; ++x) {
    for (int s = 0; s < per_pixel; ++s, ++k) {
      const bool inside = x < f.width && row < f.height;
      const int sample = plane >= 0 ? plane : s;
      const unsigned value =
          inside ? f.samples[(std::size_t{row} * f.width + x) * f.samples_per_pixel + sample] : 0;
      if (f.bits == 16) {
        const auto v = static_cast<std::uint16_t>(value);
        std::memcpy(out.data() + 2 * k, &v, 2);  // native order; libtiff swaps if needed
      } else if (f.bits == 8) {
        out[k] = static_cast<std::uint8_t>(value);
      } else {
        const std::size_t bit = k * f.bits;
        out[bit / 8] |= static_cast<std::uint8_t>(value << (8 - f.bits - bit % 8));
      }
    }
  }
  return out;
}

void write_tiff(const std::filesystem::path& path, const TiffFixture& f) {
  TIFF* tiff = TIFFOpen(path.c_str(), "w");
  ASSERT_NE(tiff, nullptr);
  TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, f.width);
  TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, f.height);
  TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, f.samples_per_pixel);
  TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, f.bits);
  TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, f.photometric);
  TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, f.planar);
  TIFFSetField(tiff, TIFFTAG_COMPRESSION, f.compression);
  TIFFSetField(tiff, TIFFTAG_ORIENTATION, f.orientation);
  if (f.has_extra) {
    std::uint16_t types[1] = {f.extra_sample};
    TIFFSetField(tiff, TIFFTAG_EXTRASAMPLES, 1, types);
  }

  if (!f.colour_map.empty()) {
    const std::size_t n = f.colour_map.size() / 3;
    TIFFSetField(tiff, TIFFTAG_COLORMAP, f.colour_map.data(), f.colour_map.data() + n,
                 f.colour_map.data() + 2 * n);
  }

  const int planes = f.planar == PLANARCONFIG_SEPARATE ? f.samples_per_pixel : 1;
  if (f.tile > 0) {
    TIFFSetField(tiff, TIFFTAG_TILEWIDTH, f.tile);
    TIFFSetField(tiff, TIFFTAG_TILELENGTH, f.tile);
    for (int plane = 0; plane < planes; ++plane) {
      for (std::uint32_t y = 0; y < f.height; y += f.tile) {
        for (std::uint32_t x = 0; x < f.width; x += f.tile) {
          std::vector<std::uint8_t> tile;
          for (std::uint32_t r = 0; r < f.tile; ++r) {
            const auto row = pack(f, y + r, x, f.tile, planes > 1 ? plane : -1);
            tile.insert(tile.end(), row.begin(), row.end());
          }
          ASSERT_GE(TIFFWriteTile(tiff, tile.data(), x, y, 0, static_cast<std::uint16_t>(plane)), 0);
        }
      }
    }
  } else {
    TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, 3);
    for (int plane = 0; plane < planes; ++plane) {
      for (std::uint32_t y = 0; y < f.height; ++y) {
        auto row = pack(f, y, 0, f.width, planes > 1 ? plane : -1);
        ASSERT_EQ(TIFFWriteScanline(tiff, row.data(), y, static_cast<std::uint16_t>(plane)), 1);
      }
    }
  }
  TIFFClose(tiff);
}

std::vector<std::uint16_t> pattern(std::size_t count, int bits) {
  const unsigned maxval = (1u << bits) - 1;
  std::vector<std::uint16_t> values(count);
  for (std::size_t k = 0; k < count; ++k) values[k] = static_cast<std::uint16_t>((k * 40503u + 11) % (maxval + 1));
  return values;
}

class IoTiff : public ::testing::Test {
 protected:
  std::filesystem::path folder_ = testing::fresh_temp_dir("tiff");

  DecodedImage round(const TiffFixture& fixture, const ReadOptions& options = {}) {
    const auto path = folder_ / "fixture.tif";
    write_tiff(path, fixture);
    return read_image(path, options);
  }
};

TEST_F(IoTiff, GreyEveryDepth) {
  for (const std::uint16_t bits : {1, 2, 4, 8, 16}) {
    SCOPED_TRACE(bits);
    TiffFixture f{.width = 11, .height = 7, .bits = bits};
    f.samples = pattern(11 * 7, bits);
    const DecodedImage decoded = round(f);
    EXPECT_EQ(decoded.format, ImageFormat::tiff);
    EXPECT_EQ(decoded.bit_depth, bits);
    EXPECT_EQ(decoded.colour_model, "grey");
    EXPECT_TRUE(decoded.warnings.empty()) << decoded.warnings.front();
    ASSERT_EQ(decoded.image.channels(), 1);
    const double maxval = (1u << bits) - 1;
    for (int k = 0; k < 77; ++k) {
      ASSERT_NEAR(decoded.image(k / 11, k % 11), f.samples[k] / maxval, kFloatRounding) << k;
    }
  }
}

TEST_F(IoTiff, MinIsWhiteInverts) {
  TiffFixture f{.width = 3, .height = 1, .bits = 8, .photometric = PHOTOMETRIC_MINISWHITE};
  f.samples = {0, 51, 255};
  const DecodedImage decoded = round(f);
  EXPECT_NEAR(decoded.image(0, 0), 1.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1), 0.8, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 2), 0.0, kFloatRounding);
}

TEST_F(IoTiff, RgbAndRgbaAtEightAndSixteenBits) {
  for (const std::uint16_t bits : {8, 16}) {
    for (const bool alpha : {false, true}) {
      for (const std::uint16_t planar : {PLANARCONFIG_CONTIG, PLANARCONFIG_SEPARATE}) {
        for (const std::uint32_t tile : {0u, 16u}) {
          SCOPED_TRACE(::testing::Message() << bits << " bits, alpha " << alpha << ", planar "
                                            << planar << ", tile " << tile);
          TiffFixture f{.width = 21, .height = 18, .samples_per_pixel = std::uint16_t(alpha ? 4 : 3),
                        .bits = bits, .photometric = PHOTOMETRIC_RGB, .planar = planar,
                        .compression = COMPRESSION_ADOBE_DEFLATE,
                        .extra_sample = EXTRASAMPLE_UNASSALPHA, .has_extra = alpha, .tile = tile};
          f.samples = pattern(21 * 18 * f.samples_per_pixel, bits);
          const DecodedImage decoded = round(f);
          EXPECT_EQ(decoded.colour_model, alpha ? "rgba" : "rgb");
          EXPECT_EQ(decoded.had_alpha, alpha);
          ASSERT_EQ(decoded.image.channels(), 3);
          const double maxval = (1u << bits) - 1;
          for (int i = 0; i < 18; ++i) {
            for (int j = 0; j < 21; ++j) {
              const std::size_t base = (std::size_t(i) * 21 + j) * f.samples_per_pixel;
              const double a = alpha ? f.samples[base + 3] / maxval : 1.0;
              for (int c = 0; c < 3; ++c) {
                const double expected = a * (f.samples[base + c] / maxval) + (1 - a);
                ASSERT_NEAR(decoded.image(i, j, c), expected, kFloatRounding) << i << "," << j;
              }
            }
          }
        }
      }
    }
  }
}

TEST_F(IoTiff, AssociatedAlphaIsPremultiplied) {
  TiffFixture f{.width = 2, .height = 1, .samples_per_pixel = 2, .bits = 8,
                .extra_sample = EXTRASAMPLE_ASSOCALPHA, .has_extra = true};
  f.samples = {51, 102, 0, 0};  // premultiplied 0.2 at alpha 0.4; fully transparent
  ReadOptions options;
  options.background = {0.5f, 0.5f, 0.5f};
  const DecodedImage decoded = round(f, options);
  EXPECT_EQ(decoded.colour_model, "grey+alpha");
  EXPECT_NEAR(decoded.image(0, 0), 0.2 + 0.6 * 0.5, 1e-6);  // two roundings: divide, composite
  EXPECT_NEAR(decoded.image(0, 1), 0.5, kFloatRounding);
}

TEST_F(IoTiff, PaletteFourBits) {
  TiffFixture f{.width = 5, .height = 2, .bits = 4, .photometric = PHOTOMETRIC_PALETTE};
  f.colour_map.resize(3 * 16);
  for (int e = 0; e < 16; ++e) {
    f.colour_map[e] = static_cast<std::uint16_t>(e * 4096);
    f.colour_map[16 + e] = static_cast<std::uint16_t>(65535 - e * 1000);
    f.colour_map[32 + e] = static_cast<std::uint16_t>(e * 77);
  }
  f.samples = {0, 1, 2, 3, 15, 9, 8, 7, 6, 5};
  const DecodedImage decoded = round(f);
  EXPECT_EQ(decoded.colour_model, "palette");
  ASSERT_EQ(decoded.image.channels(), 3);
  for (int k = 0; k < 10; ++k) {
    const int e = f.samples[k];
    EXPECT_NEAR(decoded.image(k / 5, k % 5, 0), e * 4096 / 65535.0, kFloatRounding);
    EXPECT_NEAR(decoded.image(k / 5, k % 5, 1), (65535 - e * 1000) / 65535.0, kFloatRounding);
    EXPECT_NEAR(decoded.image(k / 5, k % 5, 2), e * 77 / 65535.0, kFloatRounding);
  }
}

TEST_F(IoTiff, OrientationTagApplied) {
  TiffFixture f{.width = 3, .height = 2, .bits = 8, .orientation = ORIENTATION_RIGHTTOP};
  f.samples = {0, 10, 20, 30, 40, 50};
  const DecodedImage decoded = round(f);
  EXPECT_EQ(decoded.exif_orientation, 6);
  ASSERT_EQ(decoded.image.height(), 3);
  // Rotated 90 degrees clockwise: row 0 is the left column read bottom to top.
  EXPECT_NEAR(decoded.image(0, 0), 30 / 255.0, kFloatRounding);
  EXPECT_NEAR(decoded.image(0, 1), 0.0, kFloatRounding);
}

TEST_F(IoTiff, CmykThroughRgbaInterface) {
  TiffFixture f{.width = 2, .height = 1, .samples_per_pixel = 4, .bits = 8,
                .photometric = PHOTOMETRIC_SEPARATED};
  f.samples = {255, 0, 0, 0, 51, 102, 153, 51};
  const DecodedImage decoded = round(f);
  EXPECT_EQ(decoded.colour_model, "cmyk");
  ASSERT_EQ(decoded.image.channels(), 3);
  // libtiff converts to 8-bit RGB with integer arithmetic: within 1 code value.
  EXPECT_NEAR(decoded.image(0, 0, 0), 0.0, 1.0 / 255);
  EXPECT_NEAR(decoded.image(0, 0, 1), 1.0, 1.0 / 255);
  EXPECT_NEAR(decoded.image(0, 1, 0), 0.8 * 0.8, 1.0 / 255);
  EXPECT_NEAR(decoded.image(0, 1, 2), 0.4 * 0.8, 1.0 / 255);
}

TEST_F(IoTiff, CmykOrientationApplied) {
  // Only K varies: stored pixels (row, column) = (0,0) 0, (0,1) 51, (1,0) 102, (1,1) 153.
  TiffFixture f{.width = 2, .height = 2, .samples_per_pixel = 4, .bits = 8,
                .photometric = PHOTOMETRIC_SEPARATED, .orientation = ORIENTATION_RIGHTTOP};
  f.samples = {0, 0, 0, 0, 0, 0, 0, 51, 0, 0, 0, 102, 0, 0, 0, 153};
  const DecodedImage decoded = round(f);
  EXPECT_EQ(decoded.exif_orientation, 6);
  // Rotated 90 degrees clockwise: displayed row 0 is (1,0), (0,0); row 1 is (1,1), (0,1).
  // libtiff's 8-bit conversion is exact for K alone: 255 - K.
  EXPECT_NEAR(decoded.image(0, 0, 0), 1 - 102 / 255.0, 1.0 / 255);
  EXPECT_NEAR(decoded.image(0, 1, 0), 1.0, 1.0 / 255);
  EXPECT_NEAR(decoded.image(1, 0, 0), 1 - 153 / 255.0, 1.0 / 255);
  EXPECT_NEAR(decoded.image(1, 1, 0), 1 - 51 / 255.0, 1.0 / 255);
}

TEST_F(IoTiff, TruncatedAtManyLengthsThrows) {
  TiffFixture f{.width = 20, .height = 9, .samples_per_pixel = 3, .bits = 16,
                .photometric = PHOTOMETRIC_RGB, .compression = COMPRESSION_ADOBE_DEFLATE};
  f.samples = pattern(20 * 9 * 3, 16);
  const auto path = folder_ / "whole.tif";
  write_tiff(path, f);
  const auto bytes = testing::read_bytes(path);
  ASSERT_NO_THROW(decode_image(bytes, {}, "whole.tif"));
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    try {
      decode_image(std::span(bytes.data(), cut), {}, "cut.tif");
      ADD_FAILURE() << "a prefix of " << cut << " bytes decoded";
    } catch (const IoError& error) {
      EXPECT_NE(std::string(error.what()).find("cut.tif"), std::string::npos) << error.what();
    }
  }
}

TEST_F(IoTiff, DecompressionBombRejectedFromHeader) {
  // A valid 8 x 8 file whose ImageWidth and ImageLength entries are rewritten
  // to 60000: the strip stays 64 bytes long.
  TiffFixture f{.width = 8, .height = 8, .bits = 8};
  f.samples = pattern(64, 8);
  const auto path = folder_ / "big.tif";
  write_tiff(path, f);
  auto bytes = testing::read_bytes(path);
  ASSERT_EQ(bytes[0], 'I');  // libtiff writes the host byte order; x86 and ARM are little-endian
  auto u16 = [&](std::size_t at) { return unsigned(bytes[at]) | unsigned(bytes[at + 1]) << 8; };
  const std::size_t ifd = u16(4) | std::size_t(u16(6)) << 16;
  int patched = 0;
  for (unsigned k = 0; k < u16(ifd); ++k) {
    const std::size_t entry = ifd + 2 + 12 * k;
    const unsigned tag = u16(entry);
    if (tag != TIFFTAG_IMAGEWIDTH && tag != TIFFTAG_IMAGELENGTH) continue;
    // SHORT or LONG, little-endian, in the value field: 60000 = 0xea60.
    bytes[entry + 8] = 0x60;
    bytes[entry + 9] = 0xea;
    ++patched;
  }
  ASSERT_EQ(patched, 2);
  try {
    decode_image(bytes, {}, "big.tif");
    FAIL() << "the bomb decoded";
  } catch (const LimitExceeded& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("big.tif"), std::string::npos) << message;
    EXPECT_NE(message.find("3600000000 pixels"), std::string::npos) << message;
  }
}

#else

TEST(IoTiff, WithoutLibtiffThrowsClearError) {
  const std::vector<std::uint8_t> header = {'I', 'I', 42, 0, 8, 0, 0, 0};
  try {
    decode_image(header, {}, "x.tif");
    FAIL() << "decoded without libtiff";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("built without libtiff"), std::string::npos);
  }
}

#endif

}  // namespace
}  // namespace erlangen::io
