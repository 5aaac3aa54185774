// Fuzz target: read_npy on an arbitrary file.
#include "erlangen/core/error.hpp"
#include "erlangen/io/npy.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path = erlangen::fuzz::scratch_path("input.npy");
  erlangen::fuzz::write_scratch(path, data, size);
  try {
    const erlangen::io::NpyArray array = erlangen::io::read_npy(path, 1u << 20);
    std::size_t count = 1;
    for (const std::size_t extent : array.shape) count *= extent;
    if (array.bytes.size() != count * erlangen::io::npy_item_size(array.type)) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
