// EXIF orientation: parsing the tag from a TIFF-structured EXIF block and
// transforming an image from its stored to its displayed orientation.
//
// The tag semantics follow the TIFF 6.0 specification (tag 274, Orientation)
// and EXIF 2.3: the value gives where row 0 and column 0 of the stored image
// belong on the display.
#include <cstring>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::io {
namespace {

// Bounds-checked reader of a TIFF structure in either byte order.
class TiffBytes {
 public:
  TiffBytes(std::span<const std::uint8_t> bytes, bool big_endian)
      : bytes_(bytes), big_endian_(big_endian) {}

  bool has(std::uint64_t offset, std::uint64_t count) const {
    return offset <= bytes_.size() && count <= bytes_.size() - offset;
  }
  std::uint16_t u16(std::size_t offset) const {
    const std::uint8_t* p = bytes_.data() + offset;
    return big_endian_ ? static_cast<std::uint16_t>(p[0] << 8 | p[1])
                       : static_cast<std::uint16_t>(p[1] << 8 | p[0]);
  }
  std::uint32_t u32(std::size_t offset) const {
    const std::uint8_t* p = bytes_.data() + offset;
    if (big_endian_) {
      return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
             std::uint32_t{p[3]};
    }
    return std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 |
           std::uint32_t{p[0]};
  }

 private:
  std::span<const std::uint8_t> bytes_;
  bool big_endian_;
};

constexpr std::uint16_t kOrientationTag = 274;
constexpr std::uint16_t kTypeShort = 3;

}  // namespace

int parse_exif_orientation(std::span<const std::uint8_t> exif) {
  // A JPEG APP1 payload starts with "Exif\0\0"; the PNG eXIf chunk does not.
  if (exif.size() >= 6 && std::memcmp(exif.data(), "Exif\0\0", 6) == 0) {
    exif = exif.subspan(6);
  }
  if (exif.size() < 8) return 1;
  bool big_endian = false;
  if (exif[0] == 'I' && exif[1] == 'I') {
    big_endian = false;
  } else if (exif[0] == 'M' && exif[1] == 'M') {
    big_endian = true;
  } else {
    return 1;
  }
  const TiffBytes tiff(exif, big_endian);
  if (tiff.u16(2) != 42) return 1;

  // IFD0: a 2-byte entry count, then 12-byte entries of tag, type, count, value.
  const std::uint32_t ifd = tiff.u32(4);
  if (!tiff.has(ifd, 2)) return 1;
  const std::uint16_t entries = tiff.u16(ifd);
  if (!tiff.has(std::uint64_t{ifd} + 2, std::uint64_t{entries} * 12)) return 1;
  for (std::uint32_t k = 0; k < entries; ++k) {
    const std::size_t entry = ifd + 2 + std::size_t{k} * 12;
    if (tiff.u16(entry) != kOrientationTag) continue;
    // A SHORT with count 1 sits in the first two bytes of the 4-byte value field.
    if (tiff.u16(entry + 2) != kTypeShort || tiff.u32(entry + 4) != 1) return 1;
    const int value = tiff.u16(entry + 8);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

ImageF orient_for_display(const ImageF& image, int orientation) {
  if (orientation < 1 || orientation > 8) {
    throw_invalid_argument("orient image", "orientation", orientation, "an integer in [1, 8]",
                           "pass an EXIF orientation value");
  }
  if (orientation == 1) return image;

  const std::ptrdiff_t h = image.height();
  const std::ptrdiff_t w = image.width();
  const bool swaps_axes = orientation >= 5;
  ImageF result(swaps_axes ? w : h, swaps_axes ? h : w, image.channels());

  // For each displayed pixel (r, c), the stored pixel it comes from.
  auto source = [&](std::ptrdiff_t r, std::ptrdiff_t c) -> std::pair<std::ptrdiff_t, std::ptrdiff_t> {
    switch (orientation) {
      case 2: return {r, w - 1 - c};          // mirrored left-right
      case 3: return {h - 1 - r, w - 1 - c};  // rotated 180 degrees
      case 4: return {h - 1 - r, c};          // mirrored top-bottom
      case 5: return {c, r};                  // transposed
      case 6: return {h - 1 - c, r};          // rotated 90 degrees clockwise
      case 7: return {h - 1 - c, w - 1 - r};  // transposed about the anti-diagonal
      default: return {c, w - 1 - r};         // 8: rotated 90 degrees counter-clockwise
    }
  };

  for (std::ptrdiff_t channel = 0; channel < image.channels(); ++channel) {
    for (std::ptrdiff_t r = 0; r < result.height(); ++r) {
      for (std::ptrdiff_t c = 0; c < result.width(); ++c) {
        const auto [i, j] = source(r, c);
        result(r, c, channel) = image(i, j, channel);
      }
    }
  }
  return result;
}

}  // namespace erlangen::io
