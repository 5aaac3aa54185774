// Fuzz target: load_index, the reader of the .ehi hash index files, followed by one query.
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path = erlangen::fuzz::scratch_path("index.ehi");
  erlangen::fuzz::write_scratch(path, data, size);
  try {
    const erlangen::forensics::HammingIndex index = erlangen::forensics::load_index(path);
    if (index.size() > 0) {
      // The first stored code must find itself at distance 0.
      const auto found = index.radius_search(index.code(0), 0);
      if (found.empty()) __builtin_trap();
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
