// Fuzz target: the --path-file reader of `erlangen hir extract` (cli::parse_path_file), which takes
// path texts one per line, a JSON array of path texts or the JSON manifest of `hir extract`.
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "fuzz_support.hpp"
#include "input_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte is the default kernel side, so that invalid defaults are reached too.
  const int default_side = static_cast<int>(data[0]) - 8;
  try {
    const std::vector<erlangen::hierarchy::Path> paths =
        erlangen::cli::parse_path_file(erlangen::fuzz::as_text(data + 1, size - 1), "fuzz", default_side);
    // Every path that the reader accepts must satisfy the rules of the path texts.
    if (paths.empty()) __builtin_trap();
    for (const erlangen::hierarchy::Path& path : paths) {
      if (path.empty() || path.size() > static_cast<std::size_t>(erlangen::hierarchy::kMaxDepth)) __builtin_trap();
      for (const erlangen::hierarchy::Filter& filter : path) {
        if (filter.n < -1000 || filter.n > 1000 || filter.m < -1000 || filter.m > 1000) __builtin_trap();
        if (filter.side < erlangen::hierarchy::kMinSide || filter.side > erlangen::hierarchy::kMaxSide) __builtin_trap();
      }
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
