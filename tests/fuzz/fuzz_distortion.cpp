// Fuzz target: the distortion (attack) spec syntax ("jpeg:75", "resize:0.5:lanczos3:back,rot90").
// A parsed chain must print back to a spec that parses to the same text, and its first step is
// applied to a small image, so that every accepted parameter also runs through the operation.
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "fuzz_support.hpp"

namespace forensics = erlangen::forensics;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const forensics::DistortionChain chain = forensics::parse_distortion_chain(erlangen::fuzz::as_text(data, size));
    const std::string spec = forensics::to_spec(chain);
    if (forensics::to_spec(forensics::parse_distortion_chain(spec)) != spec) __builtin_trap();
    if (chain.empty()) return 0;

    // Only one step runs: eight "resize:8" steps would legitimately need 8^16 times the pixels.
    const std::ptrdiff_t channels = (size & 1) != 0 ? 3 : 1;
    erlangen::ImageF image(9, 7, channels);
    for (std::size_t k = 0; k < image.values().size(); ++k) image.values()[k] = static_cast<float>(k % 11) / 10.f;
    const erlangen::ImageF result = forensics::apply_distortion(image, chain.front(), size);
    if (result.channels() != channels) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
