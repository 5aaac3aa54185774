#include "support/fixtures.hpp"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <png.h>
// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

namespace erlangen::testing {
namespace {

// ---- PNG -------------------------------------------------------------------

struct PngSink {
  std::vector<std::uint8_t> bytes;
  char message[256] = {};
};

void png_append(png_structp png, png_bytep data, size_t count) {
  auto* sink = static_cast<PngSink*>(png_get_io_ptr(png));
  sink->bytes.insert(sink->bytes.end(), data, data + count);
}
void png_flush(png_structp) {}
void png_fail(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
  std::snprintf(sink->message, sizeof sink->message, "%s", message);
  png_longjmp(png, 1);
}
void png_quiet(png_structp, png_const_charp) {}

int channels_of(PngColour colour) {
  switch (colour) {
    case PngColour::grey: return 1;
    case PngColour::grey_alpha: return 2;
    case PngColour::rgb: return 3;
    case PngColour::rgba: return 4;
    case PngColour::palette: return 1;
  }
  return 1;
}

// Packs code values into PNG rows: MSB first below 8 bits, big-endian at 16.
std::vector<std::vector<std::uint8_t>> pack_png_rows(const PngFixture& fixture) {
  const int channels = channels_of(fixture.colour);
  const std::size_t per_row = static_cast<std::size_t>(fixture.width) * channels;
  std::vector<std::vector<std::uint8_t>> rows(fixture.height);
  for (int i = 0; i < fixture.height; ++i) {
    auto& row = rows[i];
    row.assign((per_row * fixture.bit_depth + 7) / 8, 0);
    for (std::size_t k = 0; k < per_row; ++k) {
      const unsigned value = fixture.samples.at(i * per_row + k);
      if (fixture.bit_depth == 16) {
        row[2 * k] = static_cast<std::uint8_t>(value >> 8);
        row[2 * k + 1] = static_cast<std::uint8_t>(value & 0xff);
      } else if (fixture.bit_depth == 8) {
        row[k] = static_cast<std::uint8_t>(value);
      } else {
        const std::size_t bit = k * fixture.bit_depth;
        row[bit / 8] |= static_cast<std::uint8_t>(value << (8 - fixture.bit_depth - bit % 8));
      }
    }
  }
  return rows;
}

bool write_png_stream(png_structp png, png_infop info, PngSink& sink, const PngFixture& fixture,
                      std::vector<png_bytep>& row_pointers, std::vector<png_color>& palette,
                      std::vector<png_byte>& palette_alpha, png_color_16& transparent,
                      std::vector<std::uint8_t>& exif) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, &sink, png_append, png_flush);
  png_set_IHDR(png, info, fixture.width, fixture.height, fixture.bit_depth,
               static_cast<int>(fixture.colour),
               fixture.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!palette.empty()) png_set_PLTE(png, info, palette.data(), static_cast<int>(palette.size()));
  if (!palette_alpha.empty()) {
    png_set_tRNS(png, info, palette_alpha.data(), static_cast<int>(palette_alpha.size()), nullptr);
  } else if (fixture.transparent_colour) {
    png_set_tRNS(png, info, nullptr, 0, &transparent);
  }
  if (!exif.empty()) png_set_eXIf_1(png, info, static_cast<png_uint_32>(exif.size()), exif.data());
  png_write_info(png, info);
  png_write_image(png, row_pointers.data());
  png_write_end(png, info);
  return true;
}

// ---- JPEG ------------------------------------------------------------------

struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};

void jpeg_fail(j_common_ptr cinfo) {
  auto* failure = reinterpret_cast<JpegFailure*>(cinfo->err);
  cinfo->err->format_message(cinfo, failure->message);
  std::longjmp(failure->jump, 1);
}
void jpeg_quiet(j_common_ptr) {}

bool write_jpeg_stream(jpeg_compress_struct& cinfo, JpegFailure& failure,
                       const JpegFixture& fixture, unsigned char** buffer, unsigned long* size,
                       const std::vector<std::uint8_t>& app1) {
  if (setjmp(failure.jump)) return false;
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, buffer, size);
  cinfo.image_width = static_cast<JDIMENSION>(fixture.width);
  cinfo.image_height = static_cast<JDIMENSION>(fixture.height);
  switch (fixture.colour) {
    case JpegColour::grey:
      cinfo.input_components = 1;
      cinfo.in_color_space = JCS_GRAYSCALE;
      break;
    case JpegColour::ycbcr:
    case JpegColour::rgb:
      cinfo.input_components = 3;
      cinfo.in_color_space = JCS_RGB;
      break;
    default:
      cinfo.input_components = 4;
      cinfo.in_color_space = JCS_CMYK;
      break;
  }
  jpeg_set_defaults(&cinfo);
  if (fixture.colour == JpegColour::rgb) jpeg_set_colorspace(&cinfo, JCS_RGB);
  if (fixture.colour == JpegColour::ycck) jpeg_set_colorspace(&cinfo, JCS_YCCK);
  // jpeg_set_colorspace(JCS_CMYK) turns the Adobe marker on; plain CMYK has none.
  if (fixture.colour == JpegColour::cmyk) cinfo.write_Adobe_marker = FALSE;
  jpeg_set_quality(&cinfo, fixture.quality, TRUE);
  if (fixture.no_chroma_subsampling) {
    for (int c = 0; c < cinfo.num_components; ++c) {
      cinfo.comp_info[c].h_samp_factor = 1;
      cinfo.comp_info[c].v_samp_factor = 1;
    }
  }
  if (fixture.progressive) jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  if (!app1.empty()) {
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, app1.data(), static_cast<unsigned>(app1.size()));
  }
  const std::size_t row_size = static_cast<std::size_t>(fixture.width) * cinfo.input_components;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPLE*>(fixture.samples.data()) + cinfo.next_scanline * row_size;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  return true;
}

void put16(std::vector<std::uint8_t>& out, unsigned value, bool big_endian) {
  if (big_endian) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
  } else {
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
  }
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t value, bool big_endian) {
  if (big_endian) {
    put16(out, value >> 16, true);
    put16(out, value & 0xffff, true);
  } else {
    put16(out, value & 0xffff, false);
    put16(out, value >> 16, false);
  }
}

}  // namespace

std::vector<std::uint8_t> encode_png_fixture(const PngFixture& fixture) {
  auto rows = pack_png_rows(fixture);
  std::vector<png_bytep> row_pointers;
  for (auto& row : rows) row_pointers.push_back(row.data());
  std::vector<png_color> palette;
  for (const auto& entry : fixture.palette) palette.push_back({entry[0], entry[1], entry[2]});
  std::vector<png_byte> palette_alpha(fixture.palette_alpha.begin(), fixture.palette_alpha.end());
  png_color_16 transparent{};
  if (fixture.transparent_colour) {
    const auto& colour = *fixture.transparent_colour;
    transparent.gray = colour[0];
    transparent.red = colour[0];
    transparent.green = colour[1];
    transparent.blue = colour[2];
  }
  std::vector<std::uint8_t> exif = fixture.exif;

  PngSink sink;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, png_fail, png_quiet);
  png_infop info = png_create_info_struct(png);
  const bool ok = write_png_stream(png, info, sink, fixture, row_pointers, palette, palette_alpha,
                                   transparent, exif);
  png_destroy_write_struct(&png, &info);
  if (!ok) throw std::runtime_error(std::string("PNG fixture: libpng: ") + sink.message);
  return std::move(sink.bytes);
}

std::vector<std::uint8_t> exif_orientation_block(int orientation, bool big_endian) {
  std::vector<std::uint8_t> out;
  out.push_back(big_endian ? 'M' : 'I');
  out.push_back(big_endian ? 'M' : 'I');
  put16(out, 42, big_endian);
  put32(out, 8, big_endian);          // IFD0 right after the header
  put16(out, 1, big_endian);          // one entry
  put16(out, 274, big_endian);        // Orientation
  put16(out, 3, big_endian);          // SHORT
  put32(out, 1, big_endian);          // count
  put16(out, static_cast<unsigned>(orientation), big_endian);
  put16(out, 0, big_endian);          // rest of the 4-byte value field
  put32(out, 0, big_endian);          // no next IFD
  return out;
}

std::vector<std::uint8_t> encode_jpeg_fixture(const JpegFixture& fixture) {
  std::vector<std::uint8_t> app1;
  if (fixture.exif_orientation != 0) {
    const std::string prefix("Exif\0\0", 6);
    app1.assign(prefix.begin(), prefix.end());
    const auto block = exif_orientation_block(fixture.exif_orientation, fixture.exif_big_endian);
    app1.insert(app1.end(), block.begin(), block.end());
  }
  jpeg_compress_struct cinfo{};
  JpegFailure failure{};
  cinfo.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = jpeg_fail;
  failure.manager.output_message = jpeg_quiet;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  const bool ok = write_jpeg_stream(cinfo, failure, fixture, &buffer, &size, app1);
  jpeg_destroy_compress(&cinfo);
  std::vector<std::uint8_t> bytes;
  if (buffer != nullptr) {
    bytes.assign(buffer, buffer + size);
    std::free(buffer);
  }
  if (!ok) throw std::runtime_error(std::string("JPEG fixture: libjpeg: ") + failure.message);
  return bytes;
}

std::vector<std::uint8_t> encode_pnm_fixture(char kind, int width, int height, unsigned maxval,
                                             const std::vector<unsigned>& samples,
                                             std::string_view comment) {
  const bool bitmap = kind == '1' || kind == '4';
  const bool plain = kind <= '3';
  const std::string note = comment.empty() ? std::string(" ") : "\n# " + std::string(comment) + "\n";
  std::string header = std::string("P") + kind + note + std::to_string(width) + note +
                       std::to_string(height);
  if (!bitmap) header += note + std::to_string(maxval);
  header += "\n";
  std::vector<std::uint8_t> out(header.begin(), header.end());

  if (plain) {
    std::string body;
    for (std::size_t k = 0; k < samples.size(); ++k) {
      body += std::to_string(samples[k]);
      body += (k + 1) % 12 == 0 ? '\n' : ' ';
    }
    out.insert(out.end(), body.begin(), body.end());
  } else if (bitmap) {
    const int row_bytes = (width + 7) / 8;
    for (int i = 0; i < height; ++i) {
      std::vector<std::uint8_t> row(row_bytes, 0);
      for (int j = 0; j < width; ++j) {
        if (samples.at(i * width + j)) row[j / 8] |= static_cast<std::uint8_t>(0x80 >> (j % 8));
      }
      out.insert(out.end(), row.begin(), row.end());
    }
  } else {
    for (const unsigned value : samples) {
      if (maxval > 255) out.push_back(static_cast<std::uint8_t>(value >> 8));
      out.push_back(static_cast<std::uint8_t>(value & 0xff));
    }
  }
  return out;
}

namespace {

std::uint32_t crc32_of(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xffffffffu;
  for (std::size_t k = 0; k < size; ++k) {
    crc ^= data[k];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

void append_chunk(std::vector<std::uint8_t>& out, const char* type,
                  const std::vector<std::uint8_t>& data) {
  put32(out, static_cast<std::uint32_t>(data.size()), true);
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  put32(out, crc32_of(out.data() + start, out.size() - start), true);
}

}  // namespace

std::vector<std::uint8_t> png_declaring_size(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> header;
  put32(header, width, true);
  put32(header, height, true);
  header.insert(header.end(), {8, 0, 0, 0, 0});  // 8-bit grey, deflate, no filter, no interlace
  append_chunk(out, "IHDR", header);
  // A zlib stream of one stored empty block: too short for the declared image.
  append_chunk(out, "IDAT", {0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01});
  append_chunk(out, "IEND", {});
  return out;
}

void patch_jpeg_size(std::vector<std::uint8_t>& jpeg, unsigned width, unsigned height) {
  // Walk the marker segments after SOI up to the first SOFn (C0..CF except C4, C8, CC).
  std::size_t position = 2;
  while (position + 4 <= jpeg.size()) {
    if (jpeg[position] != 0xff) throw std::runtime_error("patch_jpeg_size: marker expected");
    const std::uint8_t marker = jpeg[position + 1];
    const std::size_t length = std::size_t{jpeg[position + 2]} << 8 | jpeg[position + 3];
    const bool is_sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
                        marker != 0xcc;
    if (is_sof) {
      // Segment: length (2), precision (1), height (2), width (2).
      jpeg[position + 5] = static_cast<std::uint8_t>(height >> 8);
      jpeg[position + 6] = static_cast<std::uint8_t>(height & 0xff);
      jpeg[position + 7] = static_cast<std::uint8_t>(width >> 8);
      jpeg[position + 8] = static_cast<std::uint8_t>(width & 0xff);
      return;
    }
    position += 2 + length;
  }
  throw std::runtime_error("patch_jpeg_size: no SOF segment");
}

void write_bytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  if (!stream) throw std::runtime_error("cannot write fixture " + path.string());
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

}  // namespace erlangen::testing
