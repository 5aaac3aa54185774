// Fuzz target: read_idx, the reader of MNIST-style IDX files of unsigned bytes.
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path = erlangen::fuzz::scratch_path("input.idx");
  erlangen::fuzz::write_scratch(path, data, size);
  erlangen::hierarchy::DatasetLimits limits;
  limits.max_pixels = 1u << 16;
  limits.max_images = 1u << 12;
  limits.max_file_bytes = 1u << 20;
  try {
    const erlangen::hierarchy::IdxArray array = erlangen::hierarchy::read_idx(path, limits);
    std::size_t count = 1;
    for (const std::uint32_t extent : array.shape) count *= extent;
    if (array.values.size() != count) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
