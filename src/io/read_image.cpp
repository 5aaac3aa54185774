// Format detection, option checks, file reading and dispatch to the decoders.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "decoders.hpp"

namespace erlangen::io {
namespace {

bool starts_with(std::span<const std::uint8_t> bytes, std::string_view magic) {
  if (bytes.size() < magic.size()) return false;
  return std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}

bool is_pnm_whitespace(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '#';
}

std::optional<ImageFormat> detect(std::span<const std::uint8_t> bytes) {
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return ImageFormat::png;
  if (starts_with(bytes, "\xff\xd8\xff")) return ImageFormat::jpeg;
  // Classic TIFF ("II*\0", "MM\0*") and BigTIFF ("II+\0", "MM\0+").
  if (starts_with(bytes, std::string_view("II*\0", 4)) ||
      starts_with(bytes, std::string_view("MM\0*", 4)) ||
      starts_with(bytes, std::string_view("II+\0", 4)) ||
      starts_with(bytes, std::string_view("MM\0+", 4))) {
    return ImageFormat::tiff;
  }
  if (bytes.size() >= 3 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6' &&
      is_pnm_whitespace(bytes[2])) {
    return ImageFormat::pnm;
  }
  return std::nullopt;
}

// Names a few common formats that erlangen does not decode, for the error message.
std::string describe_unknown(std::span<const std::uint8_t> bytes) {
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return "a GIF image";
  if (starts_with(bytes, "BM")) return "a BMP image";
  if (starts_with(bytes, "RIFF") && bytes.size() >= 12 &&
      std::memcmp(bytes.data() + 8, "WEBP", 4) == 0) {
    return "a WebP image";
  }
  if (starts_with(bytes, "P7")) return "a PAM (P7) image";
  if (bytes.size() >= 12 && std::memcmp(bytes.data() + 4, "ftyp", 4) == 0) {
    return "an ISO media file (HEIF, AVIF or video)";
  }
  if (starts_with(bytes, std::string_view("\0\0\0\x0cjP  ", 8))) return "a JPEG 2000 image";
  std::string hex;
  for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) {
    hex += fmt::format("{}{:02x}", i == 0 ? "" : " ", bytes[i]);
  }
  return fmt::format("data starting with bytes {}", hex);
}

[[noreturn]] void throw_unknown_format(std::string_view prefix,
                                       std::span<const std::uint8_t> bytes) {
  throw IoError(fmt::format(
      "{}: unknown image format ({}); supported formats are PNG, JPEG, PBM/PGM/PPM and TIFF; "
      "convert the file to PNG",
      prefix, describe_unknown(bytes)));
}

void validate_options(const ReadOptions& options) {
  if (options.max_pixels < 1) {
    throw_invalid_argument("read image", "ReadOptions::max_pixels", options.max_pixels,
                           "at least 1", "pass a positive pixel limit");
  }
  if (options.max_file_bytes < 1) {
    throw_invalid_argument("read image", "ReadOptions::max_file_bytes", options.max_file_bytes,
                           "at least 1", "pass a positive size limit");
  }
  for (std::size_t c = 0; c < 3; ++c) {
    const float value = options.background[c];
    if (!(value >= 0.f && value <= 1.f)) {
      throw_invalid_argument("read image", fmt::format("ReadOptions::background[{}]", c), value,
                             "a value in [0, 1]", "give the background colour as R, G, B in [0, 1]");
    }
  }
}

std::string describe_errno(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// Reads the whole file, rejecting files above max_file_bytes before reading
// them (regular files) or as soon as the limit is passed (pipes, devices).
std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path,
                                          const ReadOptions& options) {
  const std::string name = path.string();
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      detail::throw_read_error(name, fmt::format("cannot access the file: {}", error.message()));
    }
    detail::throw_read_error(name, "file not found; check the path");
  }
  if (std::filesystem::is_directory(status)) {
    detail::throw_read_error(name, "is a directory, expected an image file");
  }

  const bool regular = std::filesystem::is_regular_file(status);
  if (regular) {
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) {
      detail::throw_read_error(name, fmt::format("cannot read the file size: {}", error.message()));
    }
    if (size > options.max_file_bytes) {
      throw LimitExceeded(fmt::format(
          "read image: {}: file size {} bytes exceeds the limit of {} bytes; raise "
          "ReadOptions::max_file_bytes",
          name, size, options.max_file_bytes));
    }
  }

  errno = 0;
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    const int error_number = errno;
    detail::throw_read_error(
        name, fmt::format("cannot open the file: {}",
                          error_number != 0 ? describe_errno(error_number) : "open failed"));
  }
  std::vector<std::uint8_t> bytes;
  std::array<char, 1 << 16> buffer{};
  while (stream) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto count = static_cast<std::size_t>(stream.gcount());
    if (count == 0) break;
    if (bytes.size() + count > options.max_file_bytes) {
      throw LimitExceeded(fmt::format(
          "read image: {}: file is larger than the limit of {} bytes; raise "
          "ReadOptions::max_file_bytes",
          name, options.max_file_bytes));
    }
    bytes.insert(bytes.end(), buffer.data(), buffer.data() + count);
  }
  if (stream.bad()) {
    detail::throw_read_error(name, "reading the file failed (I/O error)");
  }
  if (bytes.empty()) {
    detail::throw_read_error(name, "file is empty");
  }
  return bytes;
}

}  // namespace

namespace detail {

void check_image_size(std::string_view source, std::uint64_t width, std::uint64_t height,
                      const ReadOptions& options) {
  if (width == 0 || height == 0) {
    throw_read_error(source, fmt::format("image size {} x {} is empty (zero width or height)",
                                         width, height));
  }
  // width and height come from 32-bit header fields, so the product fits in 64 bits.
  const std::uint64_t pixels = width * height;
  if (pixels > options.max_pixels) {
    throw LimitExceeded(fmt::format(
        "read image: {}: {} x {} = {} pixels exceed the limit of {}; raise it with --max-pixels "
        "(ReadOptions::max_pixels)",
        source, width, height, pixels, options.max_pixels));
  }
}

void check_compression_ratio(std::string_view source, std::string_view format,
                             std::uint64_t declared_bytes, std::uint64_t file_bytes,
                             std::uint64_t max_ratio) {
  // declared_bytes <= max_pixels * 8 bytes per pixel, far below 2^64 / max_ratio.
  if (declared_bytes / max_ratio <= file_bytes) return;
  throw_read_error(source, fmt::format("corrupt {} data: the header declares {} bytes of pixels but "
                                       "the file has {} bytes of data, more than the {}:1 that {} "
                                       "compression can reach; the file is corrupt or a "
                                       "decompression bomb",
                                       format, declared_bytes, file_bytes, max_ratio, format));
}

float background_luma(const ReadOptions& options) {
  const auto& b = options.background;
  return static_cast<float>(0.299 * b[0] + 0.587 * b[1] + 0.114 * b[2]);
}

#ifndef ERLANGEN_HAVE_TIFF
DecodedImage decode_tiff(std::span<const std::uint8_t>, const ReadOptions&,
                         std::string_view source) {
  throw_read_error(source,
                   "TIFF image, but erlangen was built without libtiff; install libtiff and "
                   "rebuild with -DERLANGEN_WITH_TIFF=ON, or convert the file to PNG");
}
#endif

}  // namespace detail

std::string_view to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::png: return "png";
    case ImageFormat::jpeg: return "jpeg";
    case ImageFormat::pnm: return "pnm";
    case ImageFormat::tiff: return "tiff";
  }
  return "unknown";
}

ImageFormat detect_format(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) throw IoError("detect format: the data is empty");
  const auto format = detect(bytes);
  if (!format) throw_unknown_format("detect format", bytes);
  return *format;
}

DecodedImage decode_image(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                          std::string_view source_name) {
  validate_options(options);
  if (bytes.empty()) detail::throw_read_error(source_name, "file is empty");
  if (bytes.size() > options.max_file_bytes) {
    throw LimitExceeded(fmt::format(
        "read image: {}: data size {} bytes exceeds the limit of {} bytes; raise "
        "ReadOptions::max_file_bytes",
        source_name, bytes.size(), options.max_file_bytes));
  }
  const auto format = detect(bytes);
  if (!format) throw_unknown_format(fmt::format("read image: {}", source_name), bytes);

  switch (*format) {
    case ImageFormat::png: return detail::decode_png(bytes, options, source_name);
    case ImageFormat::jpeg: return detail::decode_jpeg(bytes, options, source_name);
    case ImageFormat::pnm: return detail::decode_pnm(bytes, options, source_name);
    case ImageFormat::tiff: return detail::decode_tiff(bytes, options, source_name);
  }
  detail::throw_read_error(source_name, "internal error: unhandled image format");
}

DecodedImage read_image(const std::filesystem::path& path, const ReadOptions& options) {
  validate_options(options);
  const std::vector<std::uint8_t> bytes = read_file_bytes(path, options);
  return decode_image(bytes, options, path.string());
}

ImageF to_luma(const ImageF& image) {
  if (image.channels() == 1) return image;
  if (image.channels() != 3) {
    throw_invalid_argument("to_luma", "image.channels()", image.channels(), "1 or 3",
                           "pass a grey or an RGB image");
  }
  ImageF luma(image.height(), image.width());
  const float* red = image.data();
  const float* green = red + image.plane_size();
  const float* blue = green + image.plane_size();
  float* out = luma.data();
  for (std::ptrdiff_t k = 0; k < image.plane_size(); ++k) {
    // In double precision the sum is within a few double ulps of v when r = g = b = v,
    // so the float result is exactly v and grey stored as RGB stays unchanged.
    out[k] = static_cast<float>(0.299 * red[k] + 0.587 * green[k] + 0.114 * blue[k]);
  }
  return luma;
}

ImageF read_grey(const std::filesystem::path& path, const ReadOptions& options) {
  return to_luma(read_image(path, options).image);
}

}  // namespace erlangen::io
