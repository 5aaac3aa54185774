// Parsers of the CLI's input files (declared in input_readers.hpp).
#include "input_readers.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/error.hpp"

namespace erlangen::cli {
namespace {

using hierarchy::Filter;
using hierarchy::Path;

// An integer field of a filter in a path manifest, or `fallback` when the field is missing. Both
// must lie in [low, high].
int filter_field(const nlohmann::json& filter, const char* key, int fallback, int low, int high,
                 std::string_view source, std::size_t path_index) {
  const auto it = filter.find(key);
  const bool valid = it == filter.end() ? fallback >= low && fallback <= high
                                        : it->is_number_integer() && it->get<std::int64_t>() >= low &&
                                              it->get<std::int64_t>() <= high;
  if (!valid) {
    throw InvalidArgument(fmt::format("hir extract: --path-file {}: path {} has the filter field \"{}\": {}, expected "
                                      "an integer in [{}, {}]; pass the manifest written by 'erlangen hir extract'",
                                      source, path_index, key, it == filter.end() ? std::to_string(fallback) : it->dump(),
                                      low, high));
  }
  return it == filter.end() ? fallback : static_cast<int>(it->get<std::int64_t>());
}

std::vector<Path> paths_of_manifest(const nlohmann::json& json, std::string_view source, int default_side) {
  if (!json.contains("paths") || !json["paths"].is_array()) {
    throw InvalidArgument(fmt::format("hir extract: --path-file {} is a JSON object without a \"paths\" array; "
                                      "pass the manifest written by 'erlangen hir extract'",
                                      source));
  }
  std::vector<Path> paths;
  for (const nlohmann::json& entry : json["paths"]) {
    const std::size_t index = paths.size();
    const auto bad_entry = [&](std::string_view reason) {
      throw InvalidArgument(fmt::format("hir extract: --path-file {}: path {} is invalid ({}); pass the manifest "
                                        "written by 'erlangen hir extract'",
                                        source, index, reason));
    };
    if (!entry.is_object()) bad_entry("expected an object with a \"filters\" array");
    const auto filters = entry.find("filters");
    if (filters == entry.end() || !filters->is_array()) bad_entry("expected a \"filters\" array");
    if (filters->empty()) bad_entry("the path has no filter");
    if (filters->size() > static_cast<std::size_t>(hierarchy::kMaxDepth)) {
      bad_entry(fmt::format("{} filters, at most {} are allowed", filters->size(), hierarchy::kMaxDepth));
    }
    Path path;
    for (const nlohmann::json& filter : *filters) {
      if (!filter.is_object()) bad_entry("a filter must be an object with n, m and side");
      // The same bounds as the path texts that hierarchy::parse_paths reads.
      path.push_back(Filter{filter_field(filter, "n", 0, -1000, 1000, source, index),
                            filter_field(filter, "m", 0, -1000, 1000, source, index),
                            filter_field(filter, "side", default_side, hierarchy::kMinSide, hierarchy::kMaxSide,
                                         source, index)});
    }
    paths.push_back(std::move(path));
  }
  if (paths.empty()) {
    throw InvalidArgument(fmt::format("hir extract: --path-file {} lists no path", source));
  }
  return paths;
}

std::string entry_text(const nlohmann::json& entry, const char* key, std::string_view source, std::size_t index) {
  const auto it = entry.find(key);
  if (it == entry.end() || !it->is_string() || it->get_ref<const std::string&>().empty() ||
      it->get_ref<const std::string&>().find('\0') != std::string::npos) {
    throw IoError(fmt::format("cmfd-bench: manifest '{}': entry {} needs \"{}\" as a non-empty string without NUL "
                              "bytes, found {}; run 'erlangen cmfd-bench generate' again",
                              source, index, key, it == entry.end() ? "nothing" : it->dump()));
  }
  return it->get<std::string>();
}

}  // namespace

std::vector<Path> parse_path_file(std::string_view text, std::string_view source, int default_side) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '[' || text[first] == '{')) {
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
      throw InvalidArgument(fmt::format("hir extract: --path-file {} is not valid JSON; give one path per line, a "
                                        "JSON array of path texts or a manifest",
                                        source));
    }
    if (json.is_array()) {
      std::string joined;
      for (const auto& entry : json) {
        if (!entry.is_string()) {
          throw InvalidArgument(fmt::format("hir extract: --path-file {}: the JSON array must contain path texts "
                                            "such as \"(0,0)->(0,1)\"",
                                            source));
        }
        joined += entry.get<std::string>() + ";";
      }
      return hierarchy::parse_paths(joined, default_side);
    }
    // A manifest: its "paths" entries carry every filter with its side.
    return paths_of_manifest(json, source, default_side);
  }

  std::string joined;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    joined += line + ";";
  }
  return hierarchy::parse_paths(joined, default_side);
}

std::vector<CmfdBenchEntry> parse_cmfd_bench_manifest(std::string_view text, std::string_view source) {
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw IoError(fmt::format("cmfd-bench: manifest '{}' is not valid JSON: {}", source, error.what()));
  }
  if (!manifest.is_object() || !manifest.contains("entries") || !manifest["entries"].is_array()) {
    throw IoError(fmt::format("cmfd-bench: manifest '{}' has no \"entries\" array; run 'erlangen cmfd-bench "
                              "generate' again",
                              source));
  }
  std::vector<CmfdBenchEntry> entries;
  for (const nlohmann::json& item : manifest["entries"]) {
    const std::size_t index = entries.size();
    if (!item.is_object()) {
      throw IoError(fmt::format("cmfd-bench: manifest '{}': entry {} is {}, expected an object; run 'erlangen "
                                "cmfd-bench generate' again",
                                source, index, item.dump()));
    }
    CmfdBenchEntry entry;
    entry.name = entry_text(item, "name", source, index);
    if (entry.name.find('/') != std::string::npos || entry.name == "." || entry.name == "..") {
      throw IoError(fmt::format("cmfd-bench: manifest '{}': entry {} has the name '{}', expected a plain file name "
                                "without '/'; run 'erlangen cmfd-bench generate' again",
                                source, index, entry.name));
    }
    entry.image = entry_text(item, "image", source, index);
    entry.mask = entry_text(item, "mask", source, index);
    entry.attack = entry_text(item, "attack", source, index);
    const auto strength = item.find("strength");
    if (strength == item.end() || !strength->is_number() || !std::isfinite(strength->get<double>())) {
      throw IoError(fmt::format("cmfd-bench: manifest '{}': entry {} needs \"strength\" as a finite number, found "
                                "{}; run 'erlangen cmfd-bench generate' again",
                                source, index, strength == item.end() ? "nothing" : strength->dump()));
    }
    entry.strength = strength->get<double>();
    const auto origin = item.find("source");
    if (origin != item.end()) {
      if (!origin->is_string()) {
        throw IoError(fmt::format("cmfd-bench: manifest '{}': entry {} has \"source\" {}, expected a string; run "
                                  "'erlangen cmfd-bench generate' again",
                                  source, index, origin->dump()));
      }
      entry.source = origin->get<std::string>();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<std::filesystem::path> parse_hash_manifest(std::string_view text, std::string_view source) {
  std::istringstream stream{std::string(text)};
  std::vector<std::filesystem::path> paths;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    if (line.find('\0') != std::string::npos) {
      throw InvalidArgument(fmt::format("hash index: manifest {}: line {} contains a NUL byte, which no file name "
                                        "can contain; put one image path per line",
                                        source, line_number));
    }
    paths.emplace_back(line);
  }
  return paths;
}

}  // namespace erlangen::cli
