// Netpbm decoding: PBM, PGM and PPM in plain (P1, P2, P3) and raw (P4, P5, P6)
// form, maxval 1..65535, '#' comments anywhere in the header.
//
// Raw samples above maxval 255 take two bytes, most significant first. Only
// the first image of a multi-image file is read. A sample is value / maxval;
// in PBM, 1 is black (0.0) and 0 is white (1.0).
#include <bit>
#include <limits>

#include "decoders.hpp"

namespace erlangen::io::detail {
namespace {

bool is_space(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(std::uint8_t c) { return c >= '0' && c <= '9'; }

// Tokenizer over a Netpbm file; every error names the source.
class PnmParser {
 public:
  PnmParser(std::span<const std::uint8_t> bytes, std::string_view source)
      : bytes_(bytes), source_(source) {}

  // Skips whitespace and comments, which run from '#' to the end of the line.
  void skip_separators() {
    while (position_ < bytes_.size()) {
      if (is_space(bytes_[position_])) {
        ++position_;
      } else if (bytes_[position_] == '#') {
        while (position_ < bytes_.size() && bytes_[position_] != '\n' &&
               bytes_[position_] != '\r') {
          ++position_;
        }
      } else {
        return;
      }
    }
  }

  // Reads an unsigned decimal number after optional separators.
  std::uint64_t read_number(std::string_view what, std::uint64_t max_value) {
    skip_separators();
    if (position_ >= bytes_.size()) {
      throw_read_error(source_, fmt::format("truncated PNM data: the file ends before the {}", what));
    }
    if (!is_digit(bytes_[position_])) {
      throw_read_error(source_, fmt::format("corrupt PNM data: expected the {} at byte {}, found "
                                            "character code {}",
                                            what, position_, bytes_[position_]));
    }
    std::uint64_t value = 0;
    while (position_ < bytes_.size() && is_digit(bytes_[position_])) {
      value = value * 10 + (bytes_[position_] - '0');
      if (value > max_value) {
        throw_read_error(source_, fmt::format("corrupt PNM data: the {} exceeds {}", what,
                                              max_value));
      }
      ++position_;
    }
    return value;
  }

  // Consumes the single whitespace byte that ends a raw header.
  void end_raw_header() {
    if (position_ >= bytes_.size()) {
      throw_read_error(source_, "truncated PNM data: the file ends after the header");
    }
    if (!is_space(bytes_[position_])) {
      throw_read_error(source_, "corrupt PNM data: expected one whitespace byte after the header");
    }
    ++position_;
  }

  // Reads one plain PBM bit: '0' or '1', with or without separators between bits.
  unsigned read_bit() {
    skip_separators();
    if (position_ >= bytes_.size()) {
      throw_read_error(source_, "truncated PNM data: the file ends inside the pixel values");
    }
    const std::uint8_t c = bytes_[position_++];
    if (c != '0' && c != '1') {
      throw_read_error(source_, fmt::format("corrupt PNM data: expected 0 or 1 at byte {}",
                                            position_ - 1));
    }
    return c - '0';
  }

  std::size_t remaining() const { return bytes_.size() - position_; }
  std::size_t position() const { return position_; }
  const std::uint8_t* here() const { return bytes_.data() + position_; }
  std::string_view source() const { return source_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::string_view source_;
  std::size_t position_ = 2;  // after the magic number
};

[[noreturn]] void throw_truncated_raster(std::string_view source, std::uint64_t needed,
                                         std::size_t available) {
  throw_read_error(source, fmt::format("truncated PNM data: the pixels need {} bytes but only {} "
                                       "follow the header",
                                       needed, available));
}

}  // namespace

DecodedImage decode_pnm(std::span<const std::uint8_t> bytes, const ReadOptions& options,
                        std::string_view source) {
  const char kind = static_cast<char>(bytes[1]);
  const bool plain = kind <= '3';
  const bool bitmap = kind == '1' || kind == '4';
  const int channels = (kind == '3' || kind == '6') ? 3 : 1;

  PnmParser parser(bytes, source);
  constexpr std::uint64_t kMaxSide = std::numeric_limits<std::uint32_t>::max();
  const std::uint64_t width = parser.read_number("width", kMaxSide);
  const std::uint64_t height = parser.read_number("height", kMaxSide);
  std::uint64_t maxval = 1;
  if (!bitmap) {
    maxval = parser.read_number("maxval", 65535);
    if (maxval == 0) throw_read_error(source, "corrupt PNM data: maxval is 0, expected 1..65535");
  }
  check_image_size(source, width, height, options);
  if (!plain) parser.end_raw_header();

  const auto rows = static_cast<std::ptrdiff_t>(height);
  const auto cols = static_cast<std::ptrdiff_t>(width);
  const std::uint64_t samples = width * height * static_cast<std::uint64_t>(channels);

  // Reject short files before allocating. A plain sample needs at least one
  // digit and, except the last, one separator. A plain PBM bit needs one byte.
  // Raw rasters have an exact size: packed rows of bits (P4), or one or two
  // bytes per sample (P5, P6).
  const std::uint64_t row_bytes = (width + 7) / 8;
  const std::uint64_t sample_bytes = maxval > 255 ? 2 : 1;
  if (plain) {
    const std::uint64_t minimum = bitmap ? samples : 2 * samples - 1;
    if (parser.remaining() < minimum) {
      throw_read_error(source, fmt::format("truncated PNM data: {} pixel values need at least {} "
                                           "bytes but only {} follow the header",
                                           samples, minimum, parser.remaining()));
    }
  } else {
    const std::uint64_t needed = bitmap ? row_bytes * height : samples * sample_bytes;
    if (parser.remaining() < needed) throw_truncated_raster(source, needed, parser.remaining());
  }

  DecodedImage decoded;
  decoded.format = ImageFormat::pnm;
  decoded.bit_depth = static_cast<int>(std::bit_width(maxval));
  decoded.colour_model = channels == 3 ? "rgb" : "grey";
  decoded.had_alpha = false;
  decoded.exif_orientation = 1;
  decoded.image = ImageF(rows, cols, channels);
  ImageF& image = decoded.image;
  const double scale = 1.0 / static_cast<double>(maxval);

  if (bitmap && plain) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) image(i, j) = parser.read_bit() ? 0.f : 1.f;
    }
  } else if (bitmap) {
    // P4: each row is packed into whole bytes, most significant bit first.
    const std::uint8_t* data = parser.here();
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const std::uint8_t* row = data + static_cast<std::size_t>(i) * row_bytes;
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        const bool black = (row[j / 8] >> (7 - j % 8)) & 1;
        image(i, j) = black ? 0.f : 1.f;
      }
    }
  } else if (plain) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        for (int c = 0; c < channels; ++c) {
          const std::uint64_t value = parser.read_number("pixel value", maxval);
          image(i, j, c) = static_cast<float>(value * scale);
        }
      }
    }
  } else {
    const std::uint8_t* data = parser.here();
    std::size_t k = 0;
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        for (int c = 0; c < channels; ++c, ++k) {
          const unsigned value = sample_bytes == 2 ? (unsigned{data[2 * k]} << 8 | data[2 * k + 1])
                                                   : unsigned{data[k]};
          if (value > maxval) {
            throw_read_error(source, fmt::format("corrupt PNM data: sample {} at row {}, column {} "
                                                 "exceeds maxval {}",
                                                 value, i, j, maxval));
          }
          image(i, j, c) = static_cast<float>(value * scale);
        }
      }
    }
  }
  return decoded;
}

}  // namespace erlangen::io::detail
