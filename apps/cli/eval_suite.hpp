// Attack suites of the evaluation commands (`hash-eval`, `watermark-eval`): a built-in suite name
// or a file with one distortion spec per line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "erlangen/forensics/distortion.hpp"

namespace erlangen::cli {

// Loads the suite named by `suite` (a built-in name, else a file path) for `command`, and drops
// its "none" entries, because every evaluation always includes the unattacked case and would
// count it twice. `clean_case` describes that case in the note printed for a suite file that
// lists "none". Throws IoError for a missing file and InvalidArgument for a bad spec or a suite
// with no attack left.
std::vector<forensics::SuiteEntry> load_eval_suite(const std::string& suite, std::string_view command,
                                                   std::string_view clean_case);

}  // namespace erlangen::cli
