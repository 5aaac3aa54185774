// Encoders of small test images written directly with libpng and libjpeg, so
// that reader tests do not depend on erlangen's own writers.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace erlangen::testing {

// PNG colour types, with the values of the PNG specification.
enum class PngColour { grey = 0, rgb = 2, palette = 3, grey_alpha = 4, rgba = 6 };

// A PNG to encode. `samples` contains width * height pixels row-major, each with
// the samples of its colour type interleaved (a palette index for palette
// images). Each sample is a code value of `bit_depth` bits.
struct PngFixture {
  int width = 0;
  int height = 0;
  PngColour colour = PngColour::grey;
  int bit_depth = 8;
  std::vector<std::uint16_t> samples;
  std::vector<std::array<std::uint8_t, 3>> palette;
  // tRNS of a palette image: alpha of the first palette_alpha.size() entries.
  std::vector<std::uint8_t> palette_alpha;
  // tRNS of a grey (first value) or RGB image: the single transparent colour.
  std::optional<std::array<std::uint16_t, 3>> transparent_colour;
  bool interlaced = false;
  // Payload of an eXIf chunk (a TIFF structure); no chunk when empty.
  std::vector<std::uint8_t> exif;
};

std::vector<std::uint8_t> encode_png_fixture(const PngFixture& fixture);

// How a JPEG fixture is coded. ycbcr is RGB input coded as YCbCr (the usual
// JFIF file) and rgb is RGB coded as RGB (Adobe transform 0). cmyk has no
// Adobe marker and its samples are ink amounts. adobe_cmyk has an Adobe marker
// and its samples are stored inverted (255 - ink), as Photoshop writes them.
// ycck is Adobe transform 2 with samples given as inverted CMYK.
enum class JpegColour { grey, ycbcr, rgb, cmyk, adobe_cmyk, ycck };

// A JPEG to encode. `samples` contains width * height pixels row-major with 1
// (grey), 3 (R, G, B) or 4 (C, M, Y, K as stored) samples each.
struct JpegFixture {
  int width = 0;
  int height = 0;
  JpegColour colour = JpegColour::grey;
  std::vector<std::uint8_t> samples;
  int quality = 95;
  bool progressive = false;
  // Full-resolution chroma (4:4:4) keeps colour edges sharp for small images.
  bool no_chroma_subsampling = true;
  // EXIF orientation written in an APP1 segment; none when 0.
  int exif_orientation = 0;
  bool exif_big_endian = false;
};

std::vector<std::uint8_t> encode_jpeg_fixture(const JpegFixture& fixture);

// A minimal TIFF-structured EXIF block (no "Exif\0\0" prefix) whose IFD0 holds
// one Orientation entry with `orientation`, in little- or big-endian order.
std::vector<std::uint8_t> exif_orientation_block(int orientation, bool big_endian);

// A Netpbm image: kind '1'..'6' (P1..P6), maxval ignored for P1 and P4,
// samples row-major with 1 (P1, P2, P4, P5) or 3 (P3, P6) per pixel. `comment`,
// when not empty, is put on its own '#' line between every header field.
std::vector<std::uint8_t> encode_pnm_fixture(char kind, int width, int height, unsigned maxval,
                                             const std::vector<unsigned>& samples,
                                             std::string_view comment = "");

// A structurally valid 8-bit grey PNG whose IHDR declares width x height but
// whose image data holds only a few bytes: a decompression bomb for limit tests.
std::vector<std::uint8_t> png_declaring_size(std::uint32_t width, std::uint32_t height);

// Rewrites the width and height in the SOF segment of a JPEG stream.
void patch_jpeg_size(std::vector<std::uint8_t>& jpeg, unsigned width, unsigned height);

// Writes bytes to a file, replacing it.
void write_bytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

// Reads a whole file.
std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path);

}  // namespace erlangen::testing
