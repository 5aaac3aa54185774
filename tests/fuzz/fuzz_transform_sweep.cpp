// Fuzz target: parse_transform_sweep, the --transform syntax of `erlangen invariance`
// ("rotate:0:360:15", "scale:0.5:2:0.25", "translate:3:-2").
#include "erlangen/core/error.hpp"
#include "erlangen/moments/invariance.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const erlangen::moments::TransformSweep sweep =
        erlangen::moments::parse_transform_sweep(erlangen::fuzz::as_text(data, size));
    // The parser documents at most 100000 steps.
    if (sweep.steps.empty() || sweep.steps.size() > 100000) __builtin_trap();
    for (const auto& step : sweep.steps) (void)step.text();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
