// Baseline JPEG encoder through libjpeg, used to build compressed test and benchmark images.
//
// libjpeg reports errors through error_exit, which here longjmps back to the setjmp in
// encode_jpeg. Only libjpeg calls and plain buffers live between the two, so no C++ destructor
// is skipped.
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <jpeglib.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::io {
namespace {

struct JpegErrorState {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};

void exit_with_message(j_common_ptr info) {
  auto* state = reinterpret_cast<JpegErrorState*>(info->err);
  (*info->err->format_message)(info, state->message);
  std::longjmp(state->jump, 1);
}

// Encodes interleaved 8-bit samples; returns false and fills `message` on failure.
bool encode_jpeg(const std::vector<std::uint8_t>& samples, int width, int height, int components, int quality,
                 std::vector<std::uint8_t>& bytes, std::string& message) {
  jpeg_compress_struct info{};
  JpegErrorState state{};
  info.err = jpeg_std_error(&state.manager);
  state.manager.error_exit = exit_with_message;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(state.jump) != 0) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    message = state.message;
    return false;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = components;
  info.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(samples.data() +
                                        static_cast<std::size_t>(info.next_scanline) * width * components);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  bytes.assign(buffer, buffer + size);
  std::free(buffer);
  return true;
}

}  // namespace

void write_jpeg(const std::filesystem::path& path, const ImageF& image, int quality) {
  if (image.empty()) {
    throw InvalidArgument(fmt::format("write jpeg: image for '{}' is empty; pass an image with pixels", path.string()));
  }
  if (image.channels() != 1 && image.channels() != 3) {
    throw_invalid_argument("write jpeg", "image.channels()", image.channels(), "1 (grey) or 3 (RGB)",
                           "convert the image to grey or RGB first");
  }
  if (quality < 1 || quality > 100) {
    throw_invalid_argument("write jpeg", "quality", quality, "an integer in [1, 100]",
                           "pass a libjpeg quality such as 90");
  }
  if (image.width() > JPEG_MAX_DIMENSION || image.height() > JPEG_MAX_DIMENSION) {
    throw InvalidArgument(fmt::format("write jpeg: image size {}x{} exceeds the JPEG limit of {} pixels per side",
                                      image.height(), image.width(), JPEG_MAX_DIMENSION));
  }
  const std::ptrdiff_t planes = image.channels();
  const std::ptrdiff_t pixels = image.plane_size();
  std::vector<std::uint8_t> samples(static_cast<std::size_t>(pixels * planes));
  for (std::ptrdiff_t p = 0; p < pixels; ++p) {
    for (std::ptrdiff_t c = 0; c < planes; ++c) {
      const float value = image.data()[c * pixels + p];
      if (std::isnan(value)) {
        throw InvalidArgument(fmt::format("write jpeg: sample {} of plane {} is NaN; replace NaN before writing",
                                          p, c));
      }
      const float clamped = value < 0.f ? 0.f : (value > 1.f ? 1.f : value);
      samples[static_cast<std::size_t>(p * planes + c)] = static_cast<std::uint8_t>(std::lround(clamped * 255.f));
    }
  }
  std::vector<std::uint8_t> bytes;
  std::string message;
  if (!encode_jpeg(samples, static_cast<int>(image.width()), static_cast<int>(image.height()),
                   static_cast<int>(planes), quality, bytes, message)) {
    throw IoError(fmt::format("write jpeg: encoding '{}' failed: {}", path.string(), message));
  }
  AtomicFile file(path, "write jpeg");
  file.write(bytes);
  file.commit();
}

}  // namespace erlangen::io
