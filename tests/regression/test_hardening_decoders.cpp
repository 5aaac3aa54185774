// Small corrupt files and decompression bombs are rejected before their declared pixels are
// allocated. Each check runs in a child process whose address space is capped a little above
// its current size, so an allocation of the declared image shows up as std::bad_alloc.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <functional>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"

namespace erlangen::io {
namespace {

// Virtual size of this process in bytes, from /proc/self/statm.
std::size_t virtual_bytes() {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) return 0;
  unsigned long pages = 0;
  const int read = std::fscanf(file, "%lu", &pages);
  std::fclose(file);
  return read == 1 ? pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

// Exit codes of the child.
constexpr int kRejected = 0;     // IoError naming `expected`
constexpr int kWrongError = 2;   // IoError without `expected`
constexpr int kOutOfMemory = 3;  // the decoder allocated the declared image
constexpr int kDecoded = 4;

// Decodes `bytes` with at most `budget` bytes of address space beyond the current size and
// returns one of the exit codes above. Runs in the death-test child only.
int decode_status(const std::vector<std::uint8_t>& bytes, const std::string& expected, std::size_t budget) {
  const rlim_t cap = virtual_bytes() + budget;
  const rlimit limit{cap, cap};
  ::setrlimit(RLIMIT_AS, &limit);
  try {
    decode_image(bytes, {}, "bomb");
  } catch (const IoError& error) {
    if (std::string(error.what()).find(expected) != std::string::npos) return kRejected;
    std::fprintf(stderr, "%s\n", error.what());
    return kWrongError;
  } catch (const std::bad_alloc&) {
    return kOutOfMemory;
  }
  return kDecoded;
}

void decode_in_budget(const std::vector<std::uint8_t>& bytes, const std::string& expected, std::size_t budget) {
  EXPECT_EXIT(std::_Exit(decode_status(bytes, expected, budget)), ::testing::ExitedWithCode(kRejected), "");
}

constexpr std::size_t kBudget = std::size_t{64} << 20;  // far below every declared image below

TEST(HardeningDecodersDeathTest, RawPnmHeaderWithoutPixels) {
  // 10000 x 10000 RGB at 8 bits: 300 MB of samples, 1.2 GB as float planes.
  const std::string header = "P6\n10000 10000\n255\n";
  decode_in_budget({header.begin(), header.end()}, "truncated PNM data", kBudget);
  const std::string grey16 = "P5\n10000 10000\n65535\n\x01\x02";
  decode_in_budget({grey16.begin(), grey16.end()}, "truncated PNM data", kBudget);
  const std::string bits = "P4\n60000 1000\n";
  decode_in_budget({bits.begin(), bits.end()}, "truncated PNM data", kBudget);
}

TEST(HardeningDecodersDeathTest, PngDeclaringMorePixelsThanDeflateCanHold) {
  // 100000000 x 1 grey 8-bit in 67 bytes: 100 MB of rows.
  const auto bytes = testing::png_declaring_size(100'000'000, 1);
  decode_in_budget(bytes, "decompression bomb", kBudget);
}

TEST(HardeningDecodersDeathTest, JpegDeclaringMorePixelsThanItsBlocks) {
  testing::JpegFixture fixture{.width = 16, .height = 16, .colour = testing::JpegColour::ycbcr};
  fixture.samples.assign(16 * 16 * 3, 128);
  auto bytes = testing::encode_jpeg_fixture(fixture);
  testing::patch_jpeg_size(bytes, 8000, 8000);  // 64 M pixels from a few hundred bytes
  decode_in_budget(bytes, "decompression bomb", kBudget);
}

// A little-endian baseline TIFF: one uncompressed 8-bit grey strip of `width` x `height`
// pixels whose data would start past the end of the file.
std::vector<std::uint8_t> tiff_declaring_size(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> out = {'I', 'I', 42, 0, 8, 0, 0, 0};
  const auto put16 = [&out](unsigned value) {
    out.push_back(static_cast<std::uint8_t>(value & 0xff));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
  };
  const auto put32 = [&](std::uint32_t value) {
    put16(value & 0xffff);
    put16(value >> 16);
  };
  const auto entry = [&](unsigned tag, unsigned type, std::uint32_t value) {
    put16(tag);
    put16(type);
    put32(1);
    if (type == 3) {
      put16(value);
      put16(0);
    } else {
      put32(value);
    }
  };
  put16(9);
  entry(256, 4, width);           // ImageWidth
  entry(257, 4, height);          // ImageLength
  entry(258, 3, 8);               // BitsPerSample
  entry(259, 3, 1);               // Compression: none
  entry(262, 3, 1);               // Photometric: black is zero
  entry(273, 4, 200);             // StripOffsets
  entry(277, 3, 1);               // SamplesPerPixel
  entry(278, 4, height);          // RowsPerStrip
  entry(279, 4, width * height);  // StripByteCounts
  put32(0);
  return out;
}

TEST(HardeningDecodersDeathTest, UncompressedTiffLargerThanTheFile) {
  decode_in_budget(tiff_declaring_size(10000, 9000), "decompression bomb", kBudget);
}

// Real, highly compressible images stay accepted: an all-zero 4000 x 4000 PNG compresses about
// 1000 times, near the DEFLATE limit of 1032, and must decode.
TEST(HardeningDecoders, AllZeroPngDecodes) {
  testing::PngFixture fixture{.width = 4000, .height = 4000, .colour = testing::PngColour::grey, .bit_depth = 8};
  fixture.samples.assign(std::size_t{4000} * 4000, 0);
  const auto bytes = testing::encode_png_fixture(fixture);
  const double ratio = 4000.0 * 4000.0 / static_cast<double>(bytes.size());
  RecordProperty("compression_ratio", std::to_string(ratio));
  const DecodedImage decoded = decode_image(bytes, {}, "zeros.png");
  EXPECT_EQ(decoded.image.height(), 4000);
  EXPECT_EQ(decoded.image.width(), 4000);
  EXPECT_EQ(decoded.image(3999, 3999), 0.0f);
}

TEST(HardeningDecoders, UniformJpegDecodes) {
  // A flat 2048 x 2048 image codes each block in a few bits, the densest real case for JPEG.
  testing::JpegFixture fixture{.width = 2048, .height = 2048, .colour = testing::JpegColour::grey};
  fixture.samples.assign(std::size_t{2048} * 2048, 77);
  const auto bytes = testing::encode_jpeg_fixture(fixture);
  const DecodedImage decoded = decode_image(bytes, {}, "flat.jpg");
  EXPECT_EQ(decoded.image.width(), 2048);
  // 77 / 255 after lossy coding of a flat field; quantisation moves it by at most one level.
  EXPECT_NEAR(decoded.image(1000, 1000), 77.0f / 255.0f, 1.5f / 255.0f);
}

}  // namespace
}  // namespace erlangen::io
