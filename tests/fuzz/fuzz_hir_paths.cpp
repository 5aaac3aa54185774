// Fuzz target: parse_paths, the HIR path syntax ("(0,0)->(0,1);(1,1)@8->(0,2)") of
// `erlangen hir extract --paths` and of path files.
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte is the default kernel side, so that invalid sides are reached too.
  const int default_side = static_cast<int>(data[0]) - 8;
  try {
    const std::vector<erlangen::hierarchy::Path> paths =
        erlangen::hierarchy::parse_paths(erlangen::fuzz::as_text(data + 1, size - 1), default_side);
    std::string text;
    for (const auto& path : paths) text += erlangen::hierarchy::path_text(path, true) + ";";
    // The text form with sides must parse back to the same text.
    const std::vector<erlangen::hierarchy::Path> again = erlangen::hierarchy::parse_paths(text, default_side);
    std::string text_again;
    for (const auto& path : again) text_again += erlangen::hierarchy::path_text(path, true) + ";";
    if (text_again != text) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
