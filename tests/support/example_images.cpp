#include "support/example_images.hpp"

#include <gtest/gtest.h>
#include <png.h>

#include <vector>

#include "support/paths.hpp"

namespace erlangen::testing {

ImageD read_example_grey(const std::string& name) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  const std::string path = example_path(name).string();
  EXPECT_NE(png_image_begin_read_from_file(&image, path.c_str()), 0) << path;
  image.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> buffer(PNG_IMAGE_SIZE(image));
  EXPECT_NE(png_image_finish_read(&image, nullptr, buffer.data(), 0, nullptr), 0) << path;
  ImageD result(image.height, image.width);
  for (std::size_t k = 0; k < buffer.size(); ++k) result.data()[k] = buffer[k] / 255.0;
  return result;
}

ImageD box_downsample(const ImageD& image, std::ptrdiff_t factor) {
  ImageD result(image.height() / factor, image.width() / factor);
  for (std::ptrdiff_t i = 0; i < result.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < result.width(); ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t a = 0; a < factor; ++a) {
        for (std::ptrdiff_t b = 0; b < factor; ++b) sum += image(i * factor + a, j * factor + b);
      }
      result(i, j) = sum / static_cast<double>(factor * factor);
    }
  }
  return result;
}

}  // namespace erlangen::testing
