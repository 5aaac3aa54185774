// PNG decoding with libpng: every colour type and bit depth, tRNS, Adam7
// interlacing and the eXIf orientation.
//
// libpng reports errors by calling an error function that must not return.
// Ours records the message and longjmps back to the setjmp in read_png_stream,
// which makes libpng calls only; C++ objects with destructors are never live in
// the frames that the longjmp skips.
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include <png.h>

#include "decoders.hpp"

namespace erlangen::io::detail {
namespace {

struct PngInput {
  std::span<const std::uint8_t> bytes;
  std::size_t position = 0;
  bool truncated = false;
  char message[256] = {};
  std::vector<std::string> warnings{};
};

// Everything read_png_stream learns from the stream.
struct PngStream {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int file_bit_depth = 0;
  int colour_type = 0;
  bool has_trns = false;
  int channels = 0;      // after expansion: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
  int sample_bits = 0;   // after expansion: 8 or 16
  std::vector<std::uint8_t> exif;
  std::vector<std::uint8_t> pixels;
  std::vector<png_bytep> rows;
};

void read_from_memory(png_structp png, png_bytep out, size_t count) {
  auto* input = static_cast<PngInput*>(png_get_io_ptr(png));
  if (count > input->bytes.size() - input->position) {
    input->truncated = true;
    png_error(png, "unexpected end of data");
  }
  std::memcpy(out, input->bytes.data() + input->position, count);
  input->position += count;
}

void record_error(png_structp png, png_const_charp message) {
  auto* input = static_cast<PngInput*>(png_get_error_ptr(png));
  std::snprintf(input->message, sizeof input->message, "%s", message);
  png_longjmp(png, 1);
}

// Warnings (a bad CRC in an ancillary chunk, a bad ancillary chunk) do not
// affect the pixels. They are kept for DecodedImage::warnings, never printed.
void record_warning(png_structp png, png_const_charp message) {
  add_warning(static_cast<PngInput*>(png_get_error_ptr(png))->warnings, message);
}

void copy_exif(png_structp png, png_infop info, PngStream& stream) {
  png_bytep exif = nullptr;
  png_uint_32 size = 0;
  if (png_get_eXIf_1(png, info, &size, &exif) != 0 && size > 0 && exif != nullptr) {
    stream.exif.assign(exif, exif + size);
  }
}

enum class PngStatus { ok, failed };

// Decodes the stream into `stream`. Returns failed after a libpng error (the
// message is in input.message); throws when the size check fails.
PngStatus read_png_stream(png_structp png, png_infop info, const ReadOptions& options,
                          std::string_view source, PngStream& stream) {
  if (setjmp(png_jmpbuf(png))) return PngStatus::failed;

  png_read_info(png, info);
  png_get_IHDR(png, info, &stream.width, &stream.height, &stream.file_bit_depth,
               &stream.colour_type, nullptr, nullptr, nullptr);
  stream.has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  copy_exif(png, info, stream);

  // Thrown before any pixel is allocated; no libpng frame is active here, so
  // an exception is safe.
  check_image_size(source, stream.width, stream.height, options);
  // The rows before filtering hold at least width * height * bits-per-pixel bits,
  // interlaced or not, and DEFLATE expands at most 1032 times (258 bytes from
  // two 1-bit codes), so IDAT alone, let alone the whole file, is large enough.
  const std::uint64_t pixel_bits = std::uint64_t{png_get_channels(png, info)} *
                                   static_cast<std::uint64_t>(stream.file_bit_depth);
  const std::uint64_t declared =
      (std::uint64_t{stream.width} * stream.height * pixel_bits) / 8;
  check_compression_ratio(source, "PNG", declared,
                          static_cast<PngInput*>(png_get_io_ptr(png))->bytes.size(), 1032);

  if (stream.colour_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (stream.colour_type == PNG_COLOR_TYPE_GRAY && stream.file_bit_depth < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (stream.has_trns) png_set_tRNS_to_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  stream.channels = png_get_channels(png, info);
  stream.sample_bits = png_get_bit_depth(png, info);
  const std::size_t row_bytes = png_get_rowbytes(png, info);
  stream.pixels.resize(row_bytes * stream.height);
  stream.rows.resize(stream.height);
  for (png_uint_32 i = 0; i < stream.height; ++i) {
    stream.rows[i] = stream.pixels.data() + i * row_bytes;
  }
  png_read_image(png, stream.rows.data());
  // Reads the chunks after the image data up to IEND; an eXIf chunk may be there.
  png_read_end(png, info);
  if (stream.exif.empty()) copy_exif(png, info, stream);
  return PngStatus::ok;
}

// Owns the libpng structures.
class PngReader {
 public:
  explicit PngReader(PngInput& input) {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &input, record_error, record_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (png_ != nullptr && info_ != nullptr) {
      png_set_read_fn(png_, &input, read_from_memory);
      // libpng rejects widths or heights above 1000000 by default. Raising its
      // limit to the PNG maximum lets ReadOptions::max_pixels decide, with a
      // LimitExceeded error instead of a "corrupt data" one.
      png_set_user_limits(png_, 0x7fffffff, 0x7fffffff);
    }
  }
  ~PngReader() { png_destroy_read_struct(&png_, info_ != nullptr ? &info_ : nullptr, nullptr); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;

  bool valid() const { return png_ != nullptr && info_ != nullptr; }
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

std::string colour_model_of(int colour_type, bool has_trns) {
  switch (colour_type) {
    case PNG_COLOR_TYPE_GRAY: return has_trns ? "grey+alpha" : "grey";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "grey+alpha";
    case PNG_COLOR_TYPE_PALETTE: return has_trns ? "palette+alpha" : "palette";
    case PNG_COLOR_TYPE_RGB: return has_trns ? "rgba" : "rgb";
    default: return "rgba";
  }
}

// Rejects a chunk that declares more data than the file has left. libpng 1.6.39 allocates the
// eXIf buffer at the declared length before it reads the data, so a 71-byte file declaring a
// 1 GiB eXIf chunk made it allocate 1 GiB. Such a file is always truncated, so nothing valid is lost.
void check_chunk_lengths(std::span<const std::uint8_t> bytes, std::string_view source) {
  std::size_t position = 8;  // after the signature
  while (bytes.size() - position >= 8) {
    const std::uint8_t* header = bytes.data() + position;
    const std::uint64_t length = std::uint64_t{header[0]} << 24 | std::uint64_t{header[1]} << 16 |
                                 std::uint64_t{header[2]} << 8 | header[3];
    const std::string_view type(reinterpret_cast<const char*>(header + 4), 4);
    const std::uint64_t left = bytes.size() - position - 8;
    if (length > left) {
      throw_read_error(source, fmt::format("truncated PNG data: the chunk at byte {} declares {} bytes of "
                                           "data, but the file has only {} bytes after its header",
                                           position, length, left));
    }
    if (type == "IEND") return;
    position += 12 + static_cast<std::size_t>(length);  // length, type, data, CRC
    if (position > bytes.size()) return;  // the CRC is cut off; libpng reports it
  }
}

}  // namespace

DecodedImage decode_png(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                        std::string_view source) {
  check_chunk_lengths(bytes, source);
  PngInput input{bytes};
  PngReader reader(input);
  if (!reader.valid()) throw_read_error(source, "libpng could not allocate its decoder");

  PngStream stream;
  const PngStatus status = read_png_stream(reader.png(), reader.info(), options, source, stream);
  if (status == PngStatus::failed) {
    if (input.truncated) {
      throw_read_error(source, fmt::format("truncated PNG data: the file ends after {} bytes "
                                           "(libpng: {})",
                                           bytes.size(), input.message));
    }
    throw_read_error(source, fmt::format("corrupt PNG data (libpng: {})", input.message));
  }

  DecodedImage decoded;
  decoded.format = ImageFormat::png;
  decoded.bit_depth = stream.file_bit_depth;
  decoded.colour_model = colour_model_of(stream.colour_type, stream.has_trns);
  decoded.had_alpha = stream.has_trns || (stream.colour_type & PNG_COLOR_MASK_ALPHA) != 0;
  decoded.exif_orientation = parse_exif_orientation(stream.exif);
  decoded.warnings = std::move(input.warnings);

  const auto rows = static_cast<std::ptrdiff_t>(stream.height);
  const auto cols = static_cast<std::ptrdiff_t>(stream.width);
  // After expansion a grey sample of b < 8 bits is v * 255 / (2^b - 1), so
  // dividing by 255 gives v / (2^b - 1) for every depth.
  if (stream.sample_bits == 16) {
    decoded.image = planes_from_interleaved(
        rows, cols, stream.channels, options, [&](std::ptrdiff_t i, std::ptrdiff_t k) {
          const png_bytep row = stream.rows[i];
          const unsigned value = static_cast<unsigned>(row[2 * k]) << 8 | row[2 * k + 1];
          return value / 65535.0;
        });
  } else {
    decoded.image = planes_from_interleaved(
        rows, cols, stream.channels, options,
        [&](std::ptrdiff_t i, std::ptrdiff_t k) { return stream.rows[i][k] / 255.0; });
  }
  stream.pixels = {};
  if (options.apply_exif_orientation && decoded.exif_orientation != 1) {
    decoded.image = orient_for_display(decoded.image, decoded.exif_orientation);
  }
  return decoded;
}

}  // namespace erlangen::io::detail
