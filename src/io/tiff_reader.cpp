// TIFF decoding with libtiff (4.5 or later): the first image of the file.
//
// Grey (min-is-black and min-is-white), palette and RGB images of 1, 2, 4, 8 or
// 16 bits per sample, with or without alpha, strips or tiles, contiguous or
// separate planes, are read sample by sample at full depth. Other photometric
// interpretations that libtiff's RGBA interface converts (CMYK, YCbCr, CIE Lab)
// are read through it at 8 bits per sample. Floating-point samples are rejected.
// Associated (premultiplied) alpha is composited as c + (1 - a) * background.
//
// This file is compiled only when libtiff is found. Without libtiff, decode_tiff
// in read_image.cpp throws an IoError naming the missing library.
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <tiffio.h>

#include "decoders.hpp"

namespace erlangen::io::detail {
namespace {

// Memory-backed file for TIFFClientOpenExt, plus the first error message.
struct TiffInput {
  std::span<const std::uint8_t> bytes;
  std::uint64_t position = 0;
  std::string error{};
  std::vector<std::string> warnings{};
};

tmsize_t read_proc(thandle_t handle, void* buffer, tmsize_t size) {
  auto* input = static_cast<TiffInput*>(handle);
  if (size <= 0 || input->position >= input->bytes.size()) return 0;
  const std::uint64_t available = input->bytes.size() - input->position;
  const auto count = static_cast<std::uint64_t>(size) < available
                         ? static_cast<std::uint64_t>(size) : available;
  std::memcpy(buffer, input->bytes.data() + input->position, count);
  input->position += count;
  return static_cast<tmsize_t>(count);
}

tmsize_t write_proc(thandle_t, void*, tmsize_t) { return -1; }

toff_t seek_proc(thandle_t handle, toff_t offset, int whence) {
  auto* input = static_cast<TiffInput*>(handle);
  std::uint64_t base = 0;
  if (whence == SEEK_CUR) base = input->position;
  if (whence == SEEK_END) base = input->bytes.size();
  if (offset > UINT64_MAX - base) return static_cast<toff_t>(-1);
  input->position = base + offset;
  return input->position;
}

int close_proc(thandle_t) { return 0; }
toff_t size_proc(thandle_t handle) { return static_cast<TiffInput*>(handle)->bytes.size(); }
int map_proc(thandle_t, void**, toff_t*) { return 0; }
void unmap_proc(thandle_t, void*, toff_t) {}

int record_error(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  auto* input = static_cast<TiffInput*>(user_data);
  if (input->error.empty()) {
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    input->error = module != nullptr && *module != '\0' ? std::string(module) + ": " + text : text;
  }
  return 1;  // handled, so libtiff does not print
}

int record_warning(TIFF*, void* user_data, const char* module, const char* format,
                   va_list args) {
  char text[512];
  const int prefix = module != nullptr && *module != '\0'
                         ? std::snprintf(text, sizeof text, "%s: ", module) : 0;
  if (prefix >= 0 && static_cast<std::size_t>(prefix) < sizeof text) {
    std::vsnprintf(text + prefix, sizeof text - static_cast<std::size_t>(prefix), format, args);
  }
  add_warning(static_cast<TiffInput*>(user_data)->warnings, text);
  return 1;  // handled, so libtiff does not print
}

struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
struct OptionsDeleter {
  void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};

// Layout of the samples that the direct path reads.
struct TiffLayout {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint16_t samples_per_pixel = 1;
  std::uint16_t bits = 8;
  std::uint16_t photometric = PHOTOMETRIC_MINISBLACK;
  std::uint16_t planar = PLANARCONFIG_CONTIG;
  int colours = 1;           // 1 grey or palette index, 3 RGB
  bool has_alpha = false;    // sample `colours` is alpha
  bool associated = false;   // alpha is premultiplied
};

class TiffDecoder {
 public:
  TiffDecoder(TIFF* tiff, TiffInput& input, std::string_view source)
      : tiff_(tiff), input_(input), source_(source) {}

  [[noreturn]] void fail(std::string_view what) const {
    if (input_.error.empty()) {
      throw_read_error(source_, fmt::format("invalid TIFF data: {}", what));
    }
    throw_read_error(source_,
                     fmt::format("invalid TIFF data: {} (libtiff: {})", what, input_.error));
  }

  // Unpacks sample `index` of a row of `bits`-bit samples (MSB first for < 8 bits).
  static unsigned sample_at(const std::uint8_t* row, std::size_t index, int bits) {
    if (bits == 8) return row[index];
    if (bits == 16) {
      std::uint16_t value;  // libtiff returns 16-bit samples in native byte order
      std::memcpy(&value, row + 2 * index, 2);
      return value;
    }
    const std::size_t bit = index * bits;
    const unsigned byte = row[bit / 8];
    const unsigned shift = 8 - bits - bit % 8;
    return (byte >> shift) & ((1u << bits) - 1);
  }

  // Reads every sample into `samples` (height x width x used channels, where
  // the used channels are the colours plus alpha when present). A tile buffer
  // above `max_chunk_bytes` throws LimitExceeded before it is allocated.
  void read_samples(const TiffLayout& layout, std::uint64_t max_chunk_bytes,
                    std::vector<std::uint16_t>& samples) {
    const int used_channels = layout.colours + (layout.has_alpha ? 1 : 0);
    samples.assign(std::size_t{layout.width} * layout.height * used_channels, 0);
    const bool separate = layout.planar == PLANARCONFIG_SEPARATE;
    const int planes = separate ? used_channels : 1;
    const int chunk_spp = separate ? 1 : layout.samples_per_pixel;

    // Copies a decoded chunk covering rows [y0, y0 + rows) and columns
    // [x0, x0 + cols) of the image, with `chunk_width` pixels per chunk row.
    auto scatter = [&](const std::uint8_t* chunk, std::uint32_t y0, std::uint32_t x0,
                       std::uint32_t rows, std::uint32_t cols, std::uint32_t chunk_width,
                       int plane) {
      const std::size_t row_bytes = (std::size_t{chunk_width} * chunk_spp * layout.bits + 7) / 8;
      for (std::uint32_t r = 0; r < rows; ++r) {
        const std::uint8_t* row = chunk + r * row_bytes;
        std::uint16_t* out = samples.data() + (std::size_t{y0 + r} * layout.width + x0) * used_channels;
        for (std::uint32_t c = 0; c < cols; ++c) {
          if (separate) {
            out[std::size_t{c} * used_channels + plane] = static_cast<std::uint16_t>(
                sample_at(row, c, layout.bits));
          } else {
            for (int s = 0; s < used_channels; ++s) {
              out[std::size_t{c} * used_channels + s] = static_cast<std::uint16_t>(
                  sample_at(row, std::size_t{c} * chunk_spp + s, layout.bits));
            }
          }
        }
      }
    };

    if (TIFFIsTiled(tiff_)) {
      std::uint32_t tile_width = 0, tile_height = 0;
      TIFFGetField(tiff_, TIFFTAG_TILEWIDTH, &tile_width);
      TIFFGetField(tiff_, TIFFTAG_TILELENGTH, &tile_height);
      const tmsize_t tile_size = TIFFTileSize(tiff_);
      if (tile_width == 0 || tile_height == 0 || tile_size <= 0) fail("invalid tile size");
      // The tile size does not depend on the image size, so a 3 x 1 image may declare a tile of
      // gigabytes. The buffer gets the budget that libtiff's own allocations have.
      if (static_cast<std::uint64_t>(tile_size) > max_chunk_bytes) {
        throw LimitExceeded(fmt::format(
            "read image: {}: a TIFF tile of {} x {} pixels needs {} bytes, above the limit of {} bytes "
            "per tile (8 bytes per pixel of ReadOptions::max_pixels plus 16 MiB); raise --max-pixels "
            "(ReadOptions::max_pixels) if the file is valid",
            source_, tile_width, tile_height, tile_size, max_chunk_bytes));
      }
      std::vector<std::uint8_t> buffer(static_cast<std::size_t>(tile_size));
      for (int plane = 0; plane < planes; ++plane) {
        for (std::uint32_t y = 0; y < layout.height; y += tile_height) {
          for (std::uint32_t x = 0; x < layout.width; x += tile_width) {
            const std::uint32_t tile = TIFFComputeTile(tiff_, x, y, 0, static_cast<std::uint16_t>(plane));
            if (TIFFReadEncodedTile(tiff_, tile, buffer.data(), tile_size) != tile_size) {
              fail(fmt::format("cannot decode tile {}", tile));
            }
            const std::uint32_t rows = std::min(tile_height, layout.height - y);
            const std::uint32_t cols = std::min(tile_width, layout.width - x);
            scatter(buffer.data(), y, x, rows, cols, tile_width, plane);
          }
        }
      }
      return;
    }

    std::uint32_t rows_per_strip = 0;
    TIFFGetFieldDefaulted(tiff_, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    if (rows_per_strip == 0 || rows_per_strip > layout.height) rows_per_strip = layout.height;
    const std::uint32_t strips_per_plane = (layout.height + rows_per_strip - 1) / rows_per_strip;
    const std::size_t row_bytes =
        (std::size_t{layout.width} * chunk_spp * layout.bits + 7) / 8;
    // SamplesPerPixel is not bounded by the pixel limit, so a small image may declare strips of
    // gigabytes. The strip buffer gets the same budget as a tile.
    if (std::uint64_t{row_bytes} * rows_per_strip > max_chunk_bytes) {
      throw LimitExceeded(fmt::format(
          "read image: {}: a TIFF strip of {} x {} pixels with {} samples each needs {} bytes, above the "
          "limit of {} bytes per strip (8 bytes per pixel of ReadOptions::max_pixels plus 16 MiB); raise "
          "--max-pixels (ReadOptions::max_pixels) if the file is valid",
          source_, layout.width, rows_per_strip, chunk_spp, std::uint64_t{row_bytes} * rows_per_strip,
          max_chunk_bytes));
    }
    std::vector<std::uint8_t> buffer(row_bytes * rows_per_strip);
    for (int plane = 0; plane < planes; ++plane) {
      for (std::uint32_t k = 0; k < strips_per_plane; ++k) {
        const std::uint32_t y = k * rows_per_strip;
        const std::uint32_t rows = std::min(rows_per_strip, layout.height - y);
        const auto needed = static_cast<tmsize_t>(row_bytes * rows);
        const std::uint32_t strip = TIFFComputeStrip(tiff_, y, static_cast<std::uint16_t>(plane));
        if (TIFFReadEncodedStrip(tiff_, strip, buffer.data(), needed) != needed) {
          fail(fmt::format("cannot decode strip {}", strip));
        }
        scatter(buffer.data(), y, 0, rows, layout.width, layout.width, plane);
      }
    }
  }

 private:
  TIFF* tiff_;
  TiffInput& input_;
  std::string_view source_;
};

// Reads photometric interpretations that the direct path does not handle
// through libtiff's 8-bit RGBA interface, in the stored row order.
ImageF read_through_rgba(TIFF* tiff, const TiffLayout& layout, std::uint16_t orientation,
                         const ReadOptions& options, const TiffDecoder& decoder, bool& had_alpha) {
  char message[1024] = {};
  if (!TIFFRGBAImageOK(tiff, message)) {
    decoder.fail(fmt::format("unsupported TIFF layout: {}", message));
  }
  std::vector<std::uint32_t> raster(std::size_t{layout.width} * layout.height);
  // Requesting the file's own orientation makes libtiff flip nothing, so row 0
  // of the raster is the first stored row; orient_for_display applies the tag.
  if (!TIFFReadRGBAImageOriented(tiff, layout.width, layout.height, raster.data(), orientation,
                                 0)) {
    decoder.fail("cannot decode the image through libtiff's RGBA interface");
  }
  had_alpha = layout.has_alpha;
  ImageF image(layout.height, layout.width, 3);
  for (std::uint32_t i = 0; i < layout.height; ++i) {
    for (std::uint32_t j = 0; j < layout.width; ++j) {
      const std::uint32_t pixel = raster[std::size_t{i} * layout.width + j];
      const double alpha = TIFFGetA(pixel) / 255.0;
      const double rgb[3] = {TIFFGetR(pixel) / 255.0, TIFFGetG(pixel) / 255.0,
                             TIFFGetB(pixel) / 255.0};
      for (int c = 0; c < 3; ++c) {
        // libtiff returns premultiplied colour.
        image(i, j, c) = static_cast<float>(rgb[c] + (1.0 - alpha) * options.background[c]);
      }
    }
  }
  return image;
}

std::string photometric_name(std::uint16_t photometric) {
  switch (photometric) {
    case PHOTOMETRIC_SEPARATED: return "cmyk";
    case PHOTOMETRIC_YCBCR: return "ycbcr";
    case PHOTOMETRIC_CIELAB: return "cielab";
    default: return fmt::format("photometric-{}", photometric);
  }
}

}  // namespace

DecodedImage decode_tiff(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                         std::string_view source) {
  TiffInput input{bytes};
  std::unique_ptr<TIFFOpenOptions, OptionsDeleter> open_options(TIFFOpenOptionsAlloc());
  if (!open_options) throw_read_error(source, "libtiff could not allocate its options");
  TIFFOpenOptionsSetErrorHandlerExtR(open_options.get(), record_error, &input);
  TIFFOpenOptionsSetWarningHandlerExtR(open_options.get(), record_warning, &input);
  // One strip or tile of the largest allowed image, 4 samples of 16 bits, plus slack.
  const std::uint64_t max_allocation = options.max_pixels * 8 + (std::uint64_t{1} << 24);
  TIFFOpenOptionsSetMaxSingleMemAlloc(
      open_options.get(), static_cast<tmsize_t>(std::min<std::uint64_t>(max_allocation, INT64_MAX)));

  const std::string name(source);
  // "m" disables memory mapping; the procs above serve reads from `bytes`.
  std::unique_ptr<TIFF, TiffCloser> tiff(TIFFClientOpenExt(
      name.c_str(), "rm", &input, read_proc, write_proc, seek_proc, close_proc, size_proc,
      map_proc, unmap_proc, open_options.get()));
  TiffDecoder decoder(tiff.get(), input, source);
  if (!tiff) decoder.fail("cannot read the TIFF header");

  TiffLayout layout;
  if (!TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &layout.width) ||
      !TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &layout.height)) {
    decoder.fail("the image width or length tag is missing");
  }
  check_image_size(source, layout.width, layout.height, options);

  std::uint16_t sample_format = SAMPLEFORMAT_UINT;
  std::uint16_t orientation = ORIENTATION_TOPLEFT;
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLESPERPIXEL, &layout.samples_per_pixel);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_BITSPERSAMPLE, &layout.bits);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLEFORMAT, &sample_format);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_PLANARCONFIG, &layout.planar);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_ORIENTATION, &orientation);
  if (!TIFFGetField(tiff.get(), TIFFTAG_PHOTOMETRIC, &layout.photometric)) {
    layout.photometric = layout.samples_per_pixel >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  }
  std::uint16_t extra_count = 0;
  std::uint16_t* extra_types = nullptr;
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_EXTRASAMPLES, &extra_count, &extra_types);

  // Upper bounds on the expansion of each codec, checked before any pixel is
  // allocated: none 1 (no slack needed), PackBits 64 (2 bytes give 128),
  // DEFLATE 1032, LZW 4096 (a code of at least 9 bits stands for at most 4096
  // bytes). CCITT fax, JPEG, LZMA, ZSTD and others are not bounded here.
  std::uint16_t compression = COMPRESSION_NONE;
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_COMPRESSION, &compression);
  std::uint64_t max_ratio = 0;
  switch (compression) {
    case COMPRESSION_NONE: max_ratio = 1; break;
    case COMPRESSION_PACKBITS: max_ratio = 64; break;
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE: max_ratio = 1032; break;
    case COMPRESSION_LZW: max_ratio = 4096; break;
    default: break;
  }
  if (max_ratio > 0) {
    const std::uint64_t row_bits =
        std::uint64_t{layout.width} * layout.samples_per_pixel * layout.bits;
    const std::uint64_t declared = (row_bits / 8) * layout.height;
    check_compression_ratio(source, "TIFF", declared, input.bytes.size(), max_ratio);
  }

  if (sample_format != SAMPLEFORMAT_UINT) {
    throw_read_error(source, fmt::format("TIFF sample format {} is not supported, expected "
                                         "unsigned integers; convert the file to 8- or 16-bit PNG",
                                         sample_format));
  }
  if (layout.bits != 1 && layout.bits != 2 && layout.bits != 4 && layout.bits != 8 &&
      layout.bits != 16) {
    throw_read_error(source, fmt::format("TIFF with {} bits per sample is not supported, expected "
                                         "1, 2, 4, 8 or 16",
                                         layout.bits));
  }

  DecodedImage decoded;
  decoded.format = ImageFormat::tiff;
  decoded.bit_depth = layout.bits;
  decoded.exif_orientation = orientation >= 1 && orientation <= 8 ? orientation : 1;

  const std::uint16_t p = layout.photometric;
  const bool direct = p == PHOTOMETRIC_MINISBLACK || p == PHOTOMETRIC_MINISWHITE ||
                      p == PHOTOMETRIC_PALETTE || (p == PHOTOMETRIC_RGB && layout.bits >= 8);
  layout.colours = p == PHOTOMETRIC_RGB ? 3 : 1;
  if (layout.samples_per_pixel > layout.colours && extra_count > 0 && extra_types != nullptr) {
    layout.has_alpha = extra_types[0] == EXTRASAMPLE_ASSOCALPHA ||
                       extra_types[0] == EXTRASAMPLE_UNASSALPHA;
    layout.associated = extra_types[0] == EXTRASAMPLE_ASSOCALPHA;
  }
  decoded.had_alpha = layout.has_alpha;

  if (!direct) {
    decoded.colour_model = photometric_name(p);
    decoded.image = read_through_rgba(tiff.get(), layout, orientation, options, decoder,
                                      decoded.had_alpha);
  } else {
    if (layout.samples_per_pixel < layout.colours) {
      decoder.fail(fmt::format("{} samples per pixel are too few for photometric {}",
                               layout.samples_per_pixel, p));
    }
    std::vector<std::uint16_t> samples;
    decoder.read_samples(layout, max_allocation, samples);

    const double maxval = static_cast<double>((1u << layout.bits) - 1);
    const int used_channels = layout.colours + (layout.has_alpha ? 1 : 0);
    const auto rows = static_cast<std::ptrdiff_t>(layout.height);
    const auto cols = static_cast<std::ptrdiff_t>(layout.width);
    auto sample = [&](std::ptrdiff_t i, std::ptrdiff_t k) {
      return samples[static_cast<std::size_t>(i * cols * used_channels + k)] / maxval;
    };

    if (p == PHOTOMETRIC_PALETTE) {
      std::uint16_t* red = nullptr;
      std::uint16_t* green = nullptr;
      std::uint16_t* blue = nullptr;
      if (!TIFFGetField(tiff.get(), TIFFTAG_COLORMAP, &red, &green, &blue)) {
        decoder.fail("palette image without a colour map");
      }
      decoded.colour_model = layout.has_alpha ? "palette+alpha" : "palette";
      // The colour map has 2^bits entries of 16 bits each; libtiff checks its size.
      const std::uint16_t* map[3] = {red, green, blue};
      decoded.image = planes_from_interleaved(
          rows, cols, layout.has_alpha ? 4 : 3, options,
          [&](std::ptrdiff_t i, std::ptrdiff_t k) {
            const std::ptrdiff_t j = k / (layout.has_alpha ? 4 : 3);
            const std::ptrdiff_t c = k % (layout.has_alpha ? 4 : 3);
            const std::size_t base = static_cast<std::size_t>((i * cols + j) * used_channels);
            if (c == 3) return samples[base + 1] / maxval;
            return map[c][samples[base]] / 65535.0;
          });
    } else {
      const bool inverted = p == PHOTOMETRIC_MINISWHITE;
      if (layout.colours == 1) {
        decoded.colour_model = layout.has_alpha ? "grey+alpha" : "grey";
      } else {
        decoded.colour_model = layout.has_alpha ? "rgba" : "rgb";
      }
      decoded.image = planes_from_interleaved(
          rows, cols, used_channels, options, [&](std::ptrdiff_t i, std::ptrdiff_t k) {
            double value = sample(i, k);
            const std::ptrdiff_t c = k % used_channels;
            if (c < layout.colours) {
              if (inverted) value = 1.0 - value;
              if (layout.associated) {
                // Premultiplied: divide by alpha so that the shared compositing
                // a * v + (1 - a) * background gives c + (1 - a) * background.
                const double alpha = sample(i, k - c + layout.colours);
                value = alpha > 0.0 ? std::min(1.0, value / alpha) : 0.0;
              }
            }
            return value;
          });
    }
  }

  decoded.warnings = std::move(input.warnings);
  if (options.apply_exif_orientation && decoded.exif_orientation != 1) {
    decoded.image = orient_for_display(decoded.image, decoded.exif_orientation);
  }
  return decoded;
}

}  // namespace erlangen::io::detail
