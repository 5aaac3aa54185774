// Parsers of the CLI's own input files: the --path-file of `hir extract`, the manifest of
// `cmfd-bench` and the manifest of `hash index`.
//
// They take the file's text, not its path, and depend on the library only (not on CLI11), so that
// the libFuzzer targets in tests/fuzz can call them. Each throws erlangen::Error subclasses for
// every bad input and nothing else; `source` names the file in the messages.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/hierarchy/paths.hpp"

namespace erlangen::cli {

// Parses the --path-file of `hir extract`: one path text per line ('#' starts a comment line), a
// JSON array of path texts, or the JSON manifest that `hir extract` writes (an object whose "paths"
// array contains {"filters": [{"n", "m", "side"}, ...]}). Filters without a side get `default_side`.
// Every path has 1 to hierarchy::kMaxDepth filters with |n|, |m| <= 1000 and a side in
// [hierarchy::kMinSide, hierarchy::kMaxSide], as hierarchy::parse_paths requires of path texts.
// Throws InvalidArgument naming `source` and the entry.
std::vector<hierarchy::Path> parse_path_file(std::string_view text, std::string_view source, int default_side);

// One image of the synthetic benchmark written by `cmfd-bench generate`.
struct CmfdBenchEntry {
  std::string name;    // base name of the outputs NAME.png; a plain file name
  std::string image;   // forged image, relative to the manifest's folder
  std::string mask;    // ground-truth mask, relative to the manifest's folder
  std::string attack;  // "original", "plain", "rotation", ...
  double strength = 0.0;
  std::string source;  // path of the untouched source image as generate recorded it, or empty
};

// Parses manifest.json of `cmfd-bench`: an object whose "entries" array contains objects with the
// strings name, image, mask and attack and the finite number strength. A name must be a plain file
// name (no '/', not "." or "..") because the detector writes NAME.png into the --out folder. The
// string "source" is optional; manifests that predate it still load.
// Throws IoError naming `source` and the entry for invalid JSON and for a missing or wrong field.
std::vector<CmfdBenchEntry> parse_cmfd_bench_manifest(std::string_view text, std::string_view source);

// Parses the --manifest of `hash index`: one image path per line, with blank lines and lines that
// start with '#' skipped and a trailing '\r' removed. Throws InvalidArgument for a line with a NUL
// byte, which a file name cannot contain.
std::vector<std::filesystem::path> parse_hash_manifest(std::string_view text, std::string_view source);

}  // namespace erlangen::cli
