// Fuzz target: format sniffing (detect_format) and the EXIF orientation parser, which the
// decoders call on the APP1 and eXIf blocks of a file.
#include <span>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    const erlangen::io::ImageFormat format = erlangen::io::detect_format(bytes);
    if (erlangen::io::to_string(format).empty()) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  // parse_exif_orientation documents that any byte sequence is safe and yields 1..8.
  const int orientation = erlangen::io::parse_exif_orientation(bytes);
  if (orientation < 1 || orientation > 8) __builtin_trap();
  return 0;
}
