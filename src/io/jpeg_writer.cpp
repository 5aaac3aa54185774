// Writes a baseline JPEG file: the bytes of the in-memory encoder (io/jpeg_memory.hpp), written
// atomically.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <jpeglib.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/jpeg_memory.hpp"

namespace erlangen::io {

void write_jpeg(const std::filesystem::path& path, const ImageF& image, int quality) {
  if (image.empty()) {
    throw InvalidArgument(fmt::format("write jpeg: image for '{}' is empty; pass an image with pixels", path.string()));
  }
  if (image.channels() != 1 && image.channels() != 3) {
    throw_invalid_argument("write jpeg", "image.channels()", image.channels(), "1 (grey) or 3 (RGB)",
                           "convert the image to grey or RGB first");
  }
  if (quality < 1 || quality > 100) {
    throw_invalid_argument("write jpeg", "quality", quality, "an integer in [1, 100]",
                           "pass a libjpeg quality such as 90");
  }
  if (image.width() > JPEG_MAX_DIMENSION || image.height() > JPEG_MAX_DIMENSION) {
    throw InvalidArgument(fmt::format("write jpeg: image size {}x{} exceeds the JPEG limit of {} pixels per side",
                                      image.height(), image.width(), JPEG_MAX_DIMENSION));
  }
  // The in-memory encoder validates the samples and uses the same libjpeg settings (4:2:0 chroma).
  const std::vector<std::uint8_t> bytes = encode_jpeg(image, quality, ChromaSubsampling::s420);
  AtomicFile file(path, "write jpeg");
  file.write(bytes);
  file.commit();
}

}  // namespace erlangen::io
