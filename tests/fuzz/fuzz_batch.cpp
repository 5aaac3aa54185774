// Fuzz target: the inputs of `erlangen batch` that come from files or the command line: the
// manifest (one image path per line), the --shard text and the feature options as JSON, which the
// CLI builds from its flags and the Python module parses from a string. The input is split at the
// first two NUL bytes into manifest, shard text and "feature\nJSON".
#include <nlohmann/json.hpp>

#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"
#include "fuzz_support.hpp"

namespace {

std::string_view next_part(std::string_view& rest) {
  const std::size_t end = rest.find('\0');
  const std::string_view part = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path = erlangen::fuzz::scratch_path("manifest.txt");
  std::string_view rest = erlangen::fuzz::as_text(data, size);
  const std::string_view manifest = next_part(rest);
  const std::string_view shard = next_part(rest);
  const std::string_view extractor = rest;

  erlangen::fuzz::write_scratch(path, reinterpret_cast<const std::uint8_t*>(manifest.data()), manifest.size());
  try {
    const erlangen::batch::Manifest read = erlangen::batch::read_manifest(path);
    if (read.entries.empty()) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  try {
    const erlangen::batch::ShardSpec spec = erlangen::batch::parse_shard(shard);
    if (spec.count < 1 || spec.index < 0 || spec.index >= spec.count) __builtin_trap();
  } catch (const erlangen::Error&) {
  }

  const std::size_t newline = extractor.find('\n');
  if (newline == std::string_view::npos) return 0;
  const nlohmann::json options = nlohmann::json::parse(extractor.substr(newline + 1), nullptr, false);
  if (options.is_discarded()) return 0;
  try {
    const auto built = erlangen::batch::make_extractor(extractor.substr(0, newline), options);
    (void)built->labels();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
