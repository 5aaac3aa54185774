// Randomly damaged files of every format: each decode either returns a sane
// image or throws an erlangen::Error, never anything else, and never crashes.
// Run under AddressSanitizer, this is a small deterministic fuzzer.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

#ifdef ERLANGEN_HAVE_TIFF
#include <tiffio.h>
#endif

namespace erlangen::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Sample {
  std::string name;
  Bytes bytes;
};

Bytes textured_png(testing::PngColour colour, int depth, bool interlaced) {
  testing::PngFixture fixture{.width = 19, .height = 14, .colour = colour, .bit_depth = depth,
                              .interlaced = interlaced};
  const int channels = colour == testing::PngColour::rgba ? 4 : 1;
  const unsigned maxval = (1u << depth) - 1;
  for (int k = 0; k < 19 * 14 * channels; ++k) {
    fixture.samples.push_back(static_cast<std::uint16_t>((k * 2654435761u) % (maxval + 1)));
  }
  if (colour == testing::PngColour::palette) {
    for (unsigned e = 0; e <= maxval; ++e) {
      fixture.palette.push_back({static_cast<std::uint8_t>(e * 16), 7, 200});
    }
    fixture.palette_alpha = {0, 128};
  }
  fixture.exif = testing::exif_orientation_block(5, false);
  return testing::encode_png_fixture(fixture);
}

Bytes textured_jpeg(testing::JpegColour colour, bool progressive) {
  testing::JpegFixture fixture{.width = 33, .height = 17, .colour = colour};
  const int components = colour == testing::JpegColour::grey ? 1
                         : colour == testing::JpegColour::ycbcr ? 3 : 4;
  for (int k = 0; k < 33 * 17 * components; ++k) {
    fixture.samples.push_back(static_cast<std::uint8_t>((k * 37 + k / 33) % 256));
  }
  fixture.progressive = progressive;
  fixture.exif_orientation = 7;
  return testing::encode_jpeg_fixture(fixture);
}

#ifdef ERLANGEN_HAVE_TIFF
Bytes textured_tiff(const std::filesystem::path& folder) {
  const auto path = folder / "sample.tif";
  TIFF* tiff = TIFFOpen(path.c_str(), "w");
  if (tiff == nullptr) return {};
  TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, 21u);
  TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, 13u);
  TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, 4u);
  std::vector<std::uint16_t> row(21 * 3);
  for (std::uint32_t y = 0; y < 13; ++y) {
    for (std::size_t k = 0; k < row.size(); ++k) row[k] = static_cast<std::uint16_t>(k * 1000 + y);
    TIFFWriteScanline(tiff, row.data(), y, 0);
  }
  TIFFClose(tiff);
  return testing::read_bytes(path);
}
#endif

std::vector<Sample> samples() {
  using testing::JpegColour;
  using testing::PngColour;
  std::vector<Sample> all = {
      {"grey16-interlaced.png", textured_png(PngColour::grey, 16, true)},
      {"palette4.png", textured_png(PngColour::palette, 4, false)},
      {"rgba8.png", textured_png(PngColour::rgba, 8, false)},
      {"grey.jpg", textured_jpeg(JpegColour::grey, false)},
      {"progressive.jpg", textured_jpeg(JpegColour::ycbcr, true)},
      {"adobe-cmyk.jpg", textured_jpeg(JpegColour::adobe_cmyk, false)},
  };
  std::vector<unsigned> values(12 * 9 * 3);
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = static_cast<unsigned>(k * 613 % 1001);
  all.push_back({"p6.ppm", testing::encode_pnm_fixture('6', 12, 9, 1000, values)});
  all.push_back({"p3.ppm", testing::encode_pnm_fixture('3', 12, 9, 1000, values, "note")});
#ifdef ERLANGEN_HAVE_TIFF
  all.push_back({"rgb16.tif", textured_tiff(testing::fresh_temp_dir("mutation"))});
#endif
  return all;
}

// Applies 1 to 4 random edits: flip a byte, set it to 0 or 0xff, insert, delete, truncate.
Bytes mutate(const Bytes& original, std::mt19937& random) {
  Bytes bytes = original;
  const int edits = std::uniform_int_distribution<int>(1, 4)(random);
  for (int e = 0; e < edits && !bytes.empty(); ++e) {
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(random);
    switch (std::uniform_int_distribution<int>(0, 5)(random)) {
      case 0: bytes[at] ^= static_cast<std::uint8_t>(1u << (random() % 8)); break;
      case 1: bytes[at] = 0; break;
      case 2: bytes[at] = 0xff; break;
      case 3: bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                           static_cast<std::uint8_t>(random())); break;
      case 4: bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at)); break;
      default: bytes.resize(at); break;
    }
  }
  return bytes;
}

TEST(IoMutation, DamagedFilesDecodeOrThrowError) {
  std::mt19937 random(20261204);
  ReadOptions options;
  options.max_pixels = 1'000'000;  // keeps damaged headers from allocating much
  for (const Sample& sample : samples()) {
    SCOPED_TRACE(sample.name);
    ASSERT_FALSE(sample.bytes.empty());
    ASSERT_NO_THROW(decode_image(sample.bytes, options, sample.name));
    int decoded_count = 0;
    int rejected_count = 0;
    for (int trial = 0; trial < 400; ++trial) {
      const Bytes bytes = mutate(sample.bytes, random);
      try {
        const DecodedImage decoded = decode_image(bytes, options, sample.name);
        ++decoded_count;
        ASSERT_TRUE(decoded.image.channels() == 1 || decoded.image.channels() == 3);
        ASSERT_GT(decoded.image.height(), 0);
        ASSERT_GT(decoded.image.width(), 0);
        ASSERT_LE(static_cast<std::uint64_t>(decoded.image.plane_size()), options.max_pixels);
        for (const float value : decoded.image.values()) {
          ASSERT_GE(value, 0.f) << "trial " << trial;
          ASSERT_LE(value, 1.f) << "trial " << trial;
        }
      } catch (const Error& error) {
        ++rejected_count;
        ASSERT_NE(std::string(error.what()).find(sample.name), std::string::npos)
            << error.what();
      } catch (const std::exception& error) {
        FAIL() << "trial " << trial << " threw a non-erlangen exception: " << error.what();
      }
    }
    // Both outcomes must occur, or the mutations are not reaching the decoder.
    EXPECT_GT(rejected_count, 0);
    EXPECT_EQ(decoded_count + rejected_count, 400);
  }
}

}  // namespace
}  // namespace erlangen::io
