// Internal interface between the format-independent reader (read_image.cpp) and
// the format decoders (png_reader.cpp, jpeg_reader.cpp, pnm_reader.cpp,
// tiff_reader.cpp). Not installed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::io::detail {

// Throws IoError "read image: <source>: <reason>".
[[noreturn]] inline void throw_read_error(std::string_view source, std::string_view reason) {
  throw IoError(fmt::format("read image: {}: {}", source, reason));
}

// Rejects a zero width or height (IoError) and width * height above
// options.max_pixels (LimitExceeded). Decoders call it from the header, before
// they allocate pixels.
void check_image_size(std::string_view source, std::uint64_t width, std::uint64_t height,
                      const ReadOptions& options);

// Rejects a header whose pixel data cannot come from a file of `file_bytes`
// bytes: `declared_bytes` is a lower bound on the decoded data the header
// promises, and `max_ratio` an upper bound on the format's compression ratio
// (for example 1032 for DEFLATE). Called before any pixel is allocated, so that
// a small corrupt file or decompression bomb cannot claim gigabytes of memory.
// Throws IoError naming both sizes.
void check_compression_ratio(std::string_view source, std::string_view format,
                             std::uint64_t declared_bytes, std::uint64_t file_bytes,
                             std::uint64_t max_ratio);

// Maximum number of decoder warnings kept in DecodedImage::warnings.
inline constexpr std::size_t kMaxWarnings = 16;

// Appends a warning unless kMaxWarnings are kept already. Never throws, so C
// callbacks of libpng, libjpeg and libtiff may call it.
inline void add_warning(std::vector<std::string>& warnings, const char* message) noexcept {
  if (warnings.size() >= kMaxWarnings) return;
  try {
    warnings.emplace_back(message);
  } catch (...) {
    // Out of memory while recording a warning: the warning is dropped.
  }
}

// BT.601 luma of the background colour, used to composite grey + alpha images.
float background_luma(const ReadOptions& options);

// Converts interleaved samples to planes in [0, 1] and composites alpha.
// `fetch(row, index)` returns sample `index` of row `row` (index runs over
// cols * channels) already divided by maxval. channels: 1 grey, 2 grey + alpha,
// 3 RGB, 4 RGBA.
template <typename Fetch>
ImageF planes_from_interleaved(std::ptrdiff_t rows, std::ptrdiff_t cols, int channels,
                               const ReadOptions& options, Fetch fetch) {
  const bool has_alpha = channels == 2 || channels == 4;
  const int colours = has_alpha ? channels - 1 : channels;
  ImageF image(rows, cols, colours);
  std::array<double, 3> background{};
  if (colours == 1) {
    background[0] = background_luma(options);
  } else {
    for (int c = 0; c < 3; ++c) background[c] = options.background[c];
  }
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const std::ptrdiff_t base = j * channels;
      const double alpha = has_alpha ? fetch(i, base + colours) : 1.0;
      for (int c = 0; c < colours; ++c) {
        double value = fetch(i, base + c);
        if (has_alpha) value = alpha * value + (1.0 - alpha) * background[c];
        image(i, j, c) = static_cast<float>(value);
      }
    }
  }
  return image;
}

// Format decoders. Each validates the whole stream and throws IoError or
// LimitExceeded with the "read image: <source>: " prefix.
DecodedImage decode_png(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                        std::string_view source);
DecodedImage decode_jpeg(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                         std::string_view source);
DecodedImage decode_pnm(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                        std::string_view source);
DecodedImage decode_tiff(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                         std::string_view source);

}  // namespace erlangen::io::detail
