// Fuzz target: the manifest.json reader of `erlangen cmfd-bench detect` and `evaluate`
// (cli::parse_cmfd_bench_manifest).
#include <cmath>

#include "erlangen/core/error.hpp"
#include "fuzz_support.hpp"
#include "input_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::vector<erlangen::cli::CmfdBenchEntry> entries =
        erlangen::cli::parse_cmfd_bench_manifest(erlangen::fuzz::as_text(data, size), "fuzz");
    // The detector writes NAME.png into its output folder, so an accepted name must be a plain
    // file name, and the file names must be usable.
    for (const erlangen::cli::CmfdBenchEntry& entry : entries) {
      if (entry.name.empty() || entry.name.find('/') != std::string::npos || entry.name == "." ||
          entry.name == "..") {
        __builtin_trap();
      }
      for (const std::string* text : {&entry.name, &entry.image, &entry.mask, &entry.attack}) {
        if (text->empty() || text->find('\0') != std::string::npos) __builtin_trap();
      }
      if (!std::isfinite(entry.strength)) __builtin_trap();
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
