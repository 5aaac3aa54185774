// Fuzz target: the watermark key and payload parsers (hex key, hex payload, text payload).
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"
#include "fuzz_support.hpp"

namespace watermark = erlangen::forensics::watermark;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = erlangen::fuzz::as_text(data, size);
  try {
    const watermark::WatermarkKey key = watermark::parse_key(text);
    // 8 to 64 hex digits fill 4 to 32 bytes, and one more byte stores the digit count.
    if (key.bytes.size() < 5 || key.bytes.size() > 33) __builtin_trap();
    (void)key.seed(1);
  } catch (const erlangen::Error&) {
  }
  try {
    const watermark::Bits bits = watermark::parse_hex_payload(text);
    if (bits.empty() || bits.size() > 256 || bits.size() % 4 != 0) __builtin_trap();
    // The hex form of the bits must parse back to the same bits.
    if (watermark::parse_hex_payload(watermark::bits_to_hex(bits)) != bits) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  try {
    const watermark::Bits bits = watermark::parse_text_payload(text);
    if (bits.size() != 8 * size) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
