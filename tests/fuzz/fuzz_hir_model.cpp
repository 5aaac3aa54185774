// Fuzz target: Model::load, the reader of the JSON model files that `erlangen hir train` writes.
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path = erlangen::fuzz::scratch_path("model.json");
  erlangen::fuzz::write_scratch(path, data, size);
  try {
    const erlangen::hierarchy::Model model = erlangen::hierarchy::Model::load(path);
    (void)model.prediction_config();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
