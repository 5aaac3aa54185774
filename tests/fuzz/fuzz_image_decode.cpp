// Fuzz target: decode_image on arbitrary bytes. The format is chosen by the magic bytes, so one
// target reaches the PNG, JPEG, PNM and TIFF decoders; the seed corpus holds valid files of each.
#include <cmath>
#include <span>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  erlangen::io::ReadOptions options;
  // 2^16 pixels keep one decode far below the -rss_limit_mb of scripts/fuzz.sh, while a valid
  // header may still declare any size: the decoders must reject it before they allocate.
  options.max_pixels = 1u << 16;
  options.max_file_bytes = 1u << 20;
  // The last byte toggles the orientation step, which leaves the magic bytes of the seeds intact.
  options.apply_exif_orientation = size == 0 || (data[size - 1] & 1) == 0;
  try {
    const erlangen::io::DecodedImage decoded =
        erlangen::io::decode_image(std::span<const std::uint8_t>(data, size), options);
    const erlangen::ImageF& image = decoded.image;
    if (image.channels() != 1 && image.channels() != 3) __builtin_trap();
    if (static_cast<std::uint64_t>(image.plane_size()) > options.max_pixels) __builtin_trap();
    // Every sample is value / maxval composited on a background in [0, 1], so it lies in [0, 1].
    for (const float value : image.values()) {
      if (!(value >= 0.f && value <= 1.f)) __builtin_trap();
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
