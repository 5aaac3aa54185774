// Fuzz target: parse_suite, the reader of the attack suite files of `erlangen hash-eval
// --suite FILE` and `erlangen watermark-eval --suite FILE`.
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::vector<erlangen::forensics::SuiteEntry> suite =
        erlangen::forensics::parse_suite(erlangen::fuzz::as_text(data, size));
    if (suite.empty()) __builtin_trap();
    for (const auto& entry : suite) {
      if (entry.chain.empty() || entry.spec.empty()) __builtin_trap();
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
