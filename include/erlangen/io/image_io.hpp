// Reading and writing raster images: PNG, JPEG, PGM/PPM and (when built with
// libtiff) TIFF.
//
// Decoding lives only here; every other module takes image views. A decoded
// image contains float32 planes in [0, 1] with row 0 at the top:
//   * a sample is value / maxval, where maxval = 2^bit_depth - 1 (PNG, JPEG,
//     TIFF) or the maxval of the PNM header, so 16-bit files give value / 65535;
//   * grey files give 1 plane; palette, RGB, YCbCr and CMYK files give 3 planes
//     (R, G, B);
//   * alpha is composited on ReadOptions::background as
//     a * value + (1 - a) * background, and the alpha plane is dropped. A grey
//     image is composited on the BT.601 luma of the background, so it stays grey;
//   * JPEG CMYK is converted without a colour profile as R = (1 - C)(1 - K),
//     G = (1 - M)(1 - K), B = (1 - Y)(1 - K) with C, M, Y, K in [0, 1] ink
//     amounts. A JPEG with an Adobe APP14 marker stores inverted CMYK (0 = full
//     ink, as Photoshop writes it), so its samples are inverted first;
//   * no colour management is applied: gAMA, cHRM, sRGB and ICC profiles are
//     ignored and the stored code values are used as they are;
//   * the EXIF orientation (JPEG APP1 Exif, PNG eXIf chunk, TIFF Orientation
//     tag) is applied by default, so the image is returned as it is meant to be
//     displayed.
//
// The format is detected from the leading bytes, never from the file name.
// Every failure throws IoError whose message names the file and the reason, or
// LimitExceeded when the file or the image is larger than ReadOptions allows.
// The functions keep no global state, so they may run concurrently.
// Width and height are checked against the pixel limit from the header, before
// any pixel buffer is allocated, so a small file declaring a huge image (a
// decompression bomb) is rejected cheaply.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"

namespace erlangen::io {

// Container formats that erlangen can decode.
enum class ImageFormat { png, jpeg, pnm, tiff };

// Lower-case name of a format: "png", "jpeg", "pnm" or "tiff".
std::string_view to_string(ImageFormat format);

// Limits and conversions applied while decoding.
struct ReadOptions {
  // Maximum width * height; checked from the header before any pixel is allocated.
  // Must be at least 1.
  std::uint64_t max_pixels = 100'000'000;
  // Maximum size of the encoded file in bytes. Must be at least 1.
  std::uint64_t max_file_bytes = 1ull << 30;
  // R, G, B in [0, 1] on which alpha is composited (default white).
  std::array<float, 3> background = {1.f, 1.f, 1.f};
  // Whether the EXIF or TIFF orientation tag is applied by rotating or flipping the image.
  bool apply_exif_orientation = true;
};

// A decoded image and the sample format that the file declares.
struct DecodedImage {
  // 1 plane (grey) or 3 planes (R, G, B), float32 in [0, 1], alpha composited.
  ImageF image;
  ImageFormat format = ImageFormat::png;
  // Bits per sample in the file, 1..16. For palette PNG and TIFF files this is
  // the index depth; for PNM files it is the bit length of maxval.
  int bit_depth = 8;
  // Colour model of the file: "grey", "grey+alpha", "palette", "palette+alpha",
  // "rgb", "rgba", "ycbcr", "cmyk" or "inverted-cmyk". A PNG with a tRNS
  // transparent colour counts as having alpha ("grey+alpha", "rgba").
  std::string colour_model;
  // Whether the file had an alpha channel or tRNS transparency.
  bool had_alpha = false;
  // Orientation tag of the file, 1..8; 1 when the tag is absent or invalid. It
  // is reported even when ReadOptions::apply_exif_orientation is false.
  int exif_orientation = 1;
  // Decoder warnings about damaged data that still decoded, for example
  // "Corrupt JPEG data: 16 extraneous bytes before marker 0xd9" or a CRC error in
  // an ancillary PNG chunk. Empty for a clean file; at most 16 are kept.
  std::vector<std::string> warnings;
};

// Detects the format from the magic bytes at the start of `bytes`.
// Throws IoError when the bytes match no supported format.
ImageFormat detect_format(std::span<const std::uint8_t> bytes);

// Decodes an encoded image in memory. `source_name` appears in error messages.
// Throws IoError for unknown, corrupt or truncated data, LimitExceeded for
// images above options.max_pixels or data above options.max_file_bytes, and
// InvalidArgument for options outside their documented ranges.
DecodedImage decode_image(std::span<const std::uint8_t> bytes, const ReadOptions& options = {},
                          std::string_view source_name = "<memory>");

// Reads and decodes an image file. Throws IoError for a missing path, a
// directory, an unreadable or empty file and everything decode_image rejects.
DecodedImage read_image(const std::filesystem::path& path, const ReadOptions& options = {});

// Converts to luma by ITU-R BT.601: Y = 0.299 R + 0.587 G + 0.114 B.
// A 1-plane image is returned unchanged; other plane counts than 1 and 3 throw
// InvalidArgument.
ImageF to_luma(const ImageF& image);

// Reads an image and converts it to one luma plane (read_image, then to_luma).
ImageF read_grey(const std::filesystem::path& path, const ReadOptions& options = {});

// Returns `image` rotated or flipped from the stored orientation to the
// displayed one. The EXIF/TIFF orientation values 1..8 mean:
//   1 unchanged, 2 mirrored left-right, 3 rotated 180 degrees, 4 mirrored
//   top-bottom, 5 transposed, 6 rotated 90 degrees clockwise, 7 transposed
//   about the anti-diagonal, 8 rotated 90 degrees counter-clockwise.
// Values 5..8 swap height and width. Throws InvalidArgument for other values.
ImageF orient_for_display(const ImageF& image, int orientation);

// Returns the Orientation tag (274) of IFD0 in a TIFF-structured EXIF block
// (starting with "II*\0" or "MM\0*"; a leading "Exif\0\0" is skipped). Returns
// 1 when the block is malformed, the tag is absent or its value is outside 1..8.
// Every offset is bounds-checked, so any byte sequence is safe to pass.
int parse_exif_orientation(std::span<const std::uint8_t> exif);

// Writers. Each one encodes in memory, writes a temporary file in the target
// directory and renames it into place (see AtomicFile), so a failure never
// leaves a partial or stale-named file. On failure it throws IoError naming the
// path and the reason, and removes the temporary file.

// Writes a PNG of 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) planes with 8
// or 16 bits per sample. Values are clamped to [0, 1] and rounded to the nearest
// code value. Throws InvalidArgument for an empty image, another plane count or
// bit depth, or a NaN sample.
void write_png(const std::filesystem::path& path, const ImageF& image, int bit_depth = 8);

// Writes an 8-bit RGB PNG from interleaved R, G, B bytes, row-major, row 0 at
// the top (for plots and overlays). Throws InvalidArgument unless
// rgb.size() == rows * cols * 3 with rows, cols >= 1.
void write_png_rgb8(const std::filesystem::path& path, const std::vector<std::uint8_t>& rgb,
                    std::ptrdiff_t rows, std::ptrdiff_t cols);

// Writes a baseline JPEG of 1 (grey) or 3 (RGB) planes at a libjpeg quality in
// [1, 100] with 4:2:0 chroma subsampling (the libjpeg default). Values are
// clamped to [0, 1] and rounded to 8 bits. Throws InvalidArgument for an empty
// image, another plane count, a quality outside [1, 100] or a NaN sample.
void write_jpeg(const std::filesystem::path& path, const ImageF& image, int quality);

// Writes a binary PGM (P5) of one plane with maxval 255 (bit_depth 8) or 65535
// (bit_depth 16, big-endian samples). Values are clamped and rounded as in write_png.
void write_pgm(const std::filesystem::path& path, const ImageF& image, int bit_depth = 8);

}  // namespace erlangen::io
