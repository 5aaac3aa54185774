// Fuzz target: parse_hex, the reader of the hexadecimal hash forms that `erlangen hash compare`
// and `erlangen hash query` take. The first byte selects the algorithm, the rest is the text.
#include <cctype>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<std::string> algorithms = erlangen::forensics::hash_algorithms();
  const std::string& algorithm = algorithms[data[0] % algorithms.size()];
  const std::string_view hex = erlangen::fuzz::as_text(data + 1, size - 1);
  try {
    const erlangen::forensics::HashResult hash = erlangen::forensics::parse_hex(algorithm, hex);
    // to_hex is documented as the inverse, and it writes lower case.
    std::string lower(hex);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (erlangen::forensics::to_hex(hash) != lower) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
