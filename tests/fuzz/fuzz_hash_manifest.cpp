// Fuzz target: the --manifest reader of `erlangen hash index` (cli::parse_hash_manifest), one
// image path per line.
#include "erlangen/core/error.hpp"
#include "fuzz_support.hpp"
#include "input_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::vector<std::filesystem::path> paths =
        erlangen::cli::parse_hash_manifest(erlangen::fuzz::as_text(data, size), "fuzz");
    // Every entry must be one non-empty, non-comment line that a file name can hold. Only one
    // trailing '\r' is removed, so "a.png\r\r\n" gives "a.png\r", which is a valid file name.
    for (const std::filesystem::path& path : paths) {
      const std::string& text = path.native();
      if (text.empty() || text.front() == '#') __builtin_trap();
      if (text.find('\n') != std::string::npos || text.find('\0') != std::string::npos) __builtin_trap();
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
