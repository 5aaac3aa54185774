// JPEG decoding with libjpeg-turbo through the libjpeg 6b API: grey, YCbCr,
// RGB, CMYK and YCCK (inverted Adobe CMYK), with the EXIF orientation.
//
// libjpeg's default error handler calls exit(). Ours records the message and
// longjmps back to the setjmp in read_jpeg_stream, which makes libjpeg calls
// only, so no C++ destructor is skipped. libjpeg treats a premature end of the
// data as a warning and pads the image with grey. erlangen treats it as an
// error, so a truncated file never decodes silently.
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>
#include <jerror.h>

#include "decoders.hpp"

namespace erlangen::io::detail {
namespace {

// Progressive files with more scans than this are rejected. Each scan makes
// the decoder pass over the whole coefficient buffer, so a small file with
// thousands of tiny scans costs CPU time out of all proportion to its size.
// libjpeg's default progression script writes 10 scans for a colour image.
constexpr int kMaxScans = 1000;

struct JpegErrors {
  jpeg_error_mgr manager;  // first member, so a jpeg_error_mgr* converts back
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
  bool premature_end = false;
  bool too_many_scans = false;
  std::vector<std::string> warnings{};
};

JpegErrors& errors_of(j_common_ptr cinfo) { return *reinterpret_cast<JpegErrors*>(cinfo->err); }

[[noreturn]] void on_error(j_common_ptr cinfo) {
  JpegErrors& errors = errors_of(cinfo);
  cinfo->err->format_message(cinfo, errors.message);
  std::longjmp(errors.jump, 1);
}

// Level -1 is a warning about corrupt data; levels >= 0 are trace messages.
void on_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;
  JpegErrors& errors = errors_of(cinfo);
  if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
    errors.premature_end = true;
    cinfo->err->format_message(cinfo, errors.message);
    std::longjmp(errors.jump, 1);
  }
  // Other warnings (extraneous bytes before a marker, a corrupt data segment)
  // leave a usable image, as in libjpeg's own tools. They are kept for
  // DecodedImage::warnings.
  ++cinfo->err->num_warnings;
  char text[JMSG_LENGTH_MAX];
  cinfo->err->format_message(cinfo, text);
  add_warning(errors.warnings, text);
}

void ignore_output(j_common_ptr) {}

struct ScanLimit {
  jpeg_progress_mgr manager;  // first member
  JpegErrors* errors = nullptr;
};

void check_scan_count(j_common_ptr cinfo) {
  if (!cinfo->is_decompressor) return;
  auto* decompressor = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (decompressor->input_scan_number > kMaxScans) {
    auto* limit = reinterpret_cast<ScanLimit*>(cinfo->progress);
    limit->errors->too_many_scans = true;
    std::snprintf(limit->errors->message, sizeof limit->errors->message,
                  "more than %d progressive scans", kMaxScans);
    std::longjmp(limit->errors->jump, 1);
  }
}

struct JpegStream {
  bool created = false;
  JDIMENSION width = 0;
  JDIMENSION height = 0;
  int precision = 8;
  J_COLOR_SPACE colour_space = JCS_UNKNOWN;
  bool adobe_marker = false;
  int components = 0;  // output components: 1 grey, 3 RGB, 4 CMYK
  std::vector<std::uint8_t> exif;
  std::vector<JSAMPLE> pixels;
};

enum class JpegStatus { ok, failed };

JpegStatus read_jpeg_stream(jpeg_decompress_struct& cinfo, JpegErrors& errors, ScanLimit& limit,
                            std::span<const std::uint8_t> bytes, const ReadOptions& options,
                            std::string_view source, JpegStream& stream) {
  if (setjmp(errors.jump)) return JpegStatus::failed;

  jpeg_create_decompress(&cinfo);
  stream.created = true;
  cinfo.progress = &limit.manager;
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
    std::snprintf(errors.message, sizeof errors.message,
                  "the stream holds tables but no image");
    return JpegStatus::failed;
  }

  stream.width = cinfo.image_width;
  stream.height = cinfo.image_height;
  stream.precision = cinfo.data_precision;
  stream.colour_space = cinfo.jpeg_color_space;
  stream.adobe_marker = cinfo.saw_Adobe_marker != 0;
  for (jpeg_saved_marker_ptr marker = cinfo.marker_list; marker != nullptr;
       marker = marker->next) {
    if (marker->marker == JPEG_APP0 + 1 && marker->data_length >= 6 &&
        std::memcmp(marker->data, "Exif\0\0", 6) == 0) {
      stream.exif.assign(marker->data, marker->data + marker->data_length);
      break;
    }
  }

  // Thrown before jpeg_start_decompress allocates the image buffers.
  check_image_size(source, stream.width, stream.height, options);
  // Huffman coding spends at least one bit on every 8 x 8 block of the
  // full-resolution component (its DC difference code), so a complete stream
  // has at least width * height / 512 bytes; the bound allows twice as many
  // pixels. Arithmetic coding can go far lower and is not bounded here.
  if (!cinfo.arith_code) {
    check_compression_ratio(source, "JPEG", std::uint64_t{stream.width} * stream.height,
                            bytes.size(), 1024);
  }

  switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: cinfo.out_color_space = JCS_GRAYSCALE; break;
    case JCS_YCbCr:
    case JCS_RGB: cinfo.out_color_space = JCS_RGB; break;
    case JCS_CMYK:
    case JCS_YCCK: cinfo.out_color_space = JCS_CMYK; break;
    default:
      std::snprintf(errors.message, sizeof errors.message,
                    "unsupported JPEG colour space with %d components", cinfo.num_components);
      return JpegStatus::failed;
  }

  jpeg_start_decompress(&cinfo);
  stream.components = cinfo.output_components;
  const std::size_t row_size = std::size_t{cinfo.output_width} * stream.components;
  stream.pixels.resize(row_size * cinfo.output_height);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = stream.pixels.data() + cinfo.output_scanline * row_size;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  return JpegStatus::ok;
}

std::string colour_model_of(const JpegStream& stream) {
  switch (stream.colour_space) {
    case JCS_GRAYSCALE: return "grey";
    case JCS_YCbCr: return "ycbcr";
    case JCS_RGB: return "rgb";
    case JCS_YCCK: return "inverted-cmyk";
    default: return stream.adobe_marker ? "inverted-cmyk" : "cmyk";
  }
}

// Converts CMYK samples to R, G, B planes: R = (1 - C)(1 - K) and so on, with
// C, M, Y, K the ink amounts in [0, 1]. Adobe files store 255 - ink * 255.
ImageF rgb_from_cmyk(const JpegStream& stream, bool inverted) {
  const auto rows = static_cast<std::ptrdiff_t>(stream.height);
  const auto cols = static_cast<std::ptrdiff_t>(stream.width);
  ImageF image(rows, cols, 3);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const JSAMPLE* row = stream.pixels.data() + i * cols * 4;
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double ink[4];
      for (int c = 0; c < 4; ++c) {
        const double stored = row[4 * j + c] / 255.0;
        ink[c] = inverted ? 1.0 - stored : stored;
      }
      for (int c = 0; c < 3; ++c) {
        image(i, j, c) = static_cast<float>((1.0 - ink[c]) * (1.0 - ink[3]));
      }
    }
  }
  return image;
}

}  // namespace

DecodedImage decode_jpeg(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                         std::string_view source) {
  jpeg_decompress_struct cinfo{};
  JpegErrors errors{};
  cinfo.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = on_error;
  errors.manager.emit_message = on_message;
  errors.manager.output_message = ignore_output;
  ScanLimit limit{};
  limit.manager.progress_monitor = check_scan_count;
  limit.errors = &errors;

  JpegStream stream;
  struct Destroyer {
    jpeg_decompress_struct* cinfo;
    const JpegStream* stream;
    ~Destroyer() {
      if (stream->created) jpeg_destroy_decompress(cinfo);
    }
  } destroyer{&cinfo, &stream};

  const JpegStatus status =
      read_jpeg_stream(cinfo, errors, limit, bytes, options, source, stream);
  if (status == JpegStatus::failed) {
    if (errors.premature_end) {
      throw_read_error(source, fmt::format("truncated JPEG data: the file ends after {} bytes "
                                           "(libjpeg: {})",
                                           bytes.size(), errors.message));
    }
    if (errors.too_many_scans) {
      throw LimitExceeded(fmt::format("read image: {}: JPEG has {}; re-encode the file",
                                      source, errors.message));
    }
    throw_read_error(source,
                     fmt::format("invalid or unsupported JPEG data (libjpeg: {})", errors.message));
  }

  DecodedImage decoded;
  decoded.format = ImageFormat::jpeg;
  decoded.bit_depth = stream.precision;
  decoded.colour_model = colour_model_of(stream);
  decoded.had_alpha = false;
  decoded.exif_orientation = parse_exif_orientation(stream.exif);
  decoded.warnings = std::move(errors.warnings);

  const auto rows = static_cast<std::ptrdiff_t>(stream.height);
  const auto cols = static_cast<std::ptrdiff_t>(stream.width);
  if (stream.components == 4) {
    decoded.image = rgb_from_cmyk(stream, decoded.colour_model == "inverted-cmyk");
  } else {
    decoded.image = planes_from_interleaved(
        rows, cols, stream.components, options, [&](std::ptrdiff_t i, std::ptrdiff_t k) {
          return stream.pixels[static_cast<std::size_t>(i * cols * stream.components + k)] /
                 255.0;
        });
  }
  stream.pixels = {};
  if (options.apply_exif_orientation && decoded.exif_orientation != 1) {
    decoded.image = orient_for_display(decoded.image, decoded.exif_orientation);
  }
  return decoded;
}

}  // namespace erlangen::io::detail
