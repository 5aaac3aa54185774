#include "eval_suite.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::cli {
namespace {

std::vector<forensics::SuiteEntry> without_clean_entries(std::vector<forensics::SuiteEntry> entries,
                                                         const std::string& file, std::string_view command,
                                                         std::string_view clean_case) {
  const auto is_clean = [](const forensics::SuiteEntry& entry) { return entry.spec == "none"; };
  const auto dropped = static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(), is_clean));
  if (dropped == 0) return entries;
  std::erase_if(entries, is_clean);
  if (!file.empty()) {
    std::fprintf(stderr, "%s\n",
                 fmt::format("erlangen: note: {}: --suite '{}' lists 'none', which is skipped because {}", command,
                             file, clean_case)
                     .c_str());
  }
  if (entries.empty()) {
    throw InvalidArgument(fmt::format("{}: --suite '{}' lists only 'none', which is always evaluated; add at least "
                                      "one attack",
                                      command, file));
  }
  return entries;
}

}  // namespace

std::vector<forensics::SuiteEntry> load_eval_suite(const std::string& suite, std::string_view command,
                                                   std::string_view clean_case) {
  const std::vector<std::string> names = forensics::distortion_suite_names();
  if (std::find(names.begin(), names.end(), suite) != names.end()) {
    return without_clean_entries(forensics::distortion_suite(suite), "", command, clean_case);
  }
  std::error_code error;
  if (!std::filesystem::exists(suite, error)) {
    throw IoError(fmt::format("{}: --suite '{}' is neither a built-in suite ({}) nor a readable file; check the "
                              "name or the path",
                              command, suite, fmt::join(names, ", ")));
  }
  const std::string text = read_input_file(suite, fmt::format("{}: --suite", command));
  std::vector<forensics::SuiteEntry> entries;
  try {
    entries = forensics::parse_suite(text);
  } catch (const InvalidArgument& parse_error) {
    throw InvalidArgument(fmt::format("{}: --suite '{}': {}", command, suite, parse_error.what()));
  }
  return without_clean_entries(std::move(entries), suite, command, clean_case);
}

}  // namespace erlangen::cli
