// In-memory JPEG encoding (declared in io/jpeg_memory.hpp).
//
// libjpeg reports errors through error_exit, which here longjmps back to the
// setjmp in compress_samples. Only libjpeg calls and plain buffers live between
// the two, so no C++ destructor is skipped.
#include "erlangen/io/jpeg_memory.hpp"

#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <string>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::io {
namespace {

struct ErrorState {
  jpeg_error_mgr manager;  // first member, so a jpeg_error_mgr* converts back
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
};

[[noreturn]] void jump_with_message(j_common_ptr info) {
  auto* state = reinterpret_cast<ErrorState*>(info->err);
  (*info->err->format_message)(info, state->message);
  std::longjmp(state->jump, 1);
}

// Compresses interleaved 8-bit samples; returns false and fills `message` on failure.
bool compress_samples(const std::vector<std::uint8_t>& samples, int width, int height, int components,
                      int quality, ChromaSubsampling chroma, std::vector<std::uint8_t>& bytes,
                      std::string& message) {
  jpeg_compress_struct info{};
  ErrorState state{};
  info.err = jpeg_std_error(&state.manager);
  state.manager.error_exit = jump_with_message;
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
  if (components == 3) {
    // Component 0 is Y; its sampling factors relative to Cb and Cr set the subsampling.
    const int factor = chroma == ChromaSubsampling::s420 ? 2 : 1;
    info.comp_info[0].h_samp_factor = factor;
    info.comp_info[0].v_samp_factor = factor;
    for (int c = 1; c < 3; ++c) {
      info.comp_info[c].h_samp_factor = 1;
      info.comp_info[c].v_samp_factor = 1;
    }
  }
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

std::vector<std::uint8_t> encode_jpeg(const ImageF& image, int quality, ChromaSubsampling chroma) {
  if (image.empty()) {
    throw InvalidArgument("encode jpeg: image is empty, expected at least 1x1 pixels; pass an image with pixels");
  }
  if (image.channels() != 1 && image.channels() != 3) {
    throw_invalid_argument("encode jpeg", "image.channels()", image.channels(), "1 (grey) or 3 (RGB)",
                           "convert the image to grey or RGB first");
  }
  if (quality < 1 || quality > 100) {
    throw_invalid_argument("encode jpeg", "quality", quality, "an integer in [1, 100]",
                           "pass a libjpeg quality such as 90");
  }
  if (image.width() > JPEG_MAX_DIMENSION || image.height() > JPEG_MAX_DIMENSION) {
    throw InvalidArgument(fmt::format(
        "encode jpeg: image size {}x{} exceeds the JPEG limit of {} pixels per side; downscale the image first",
        image.height(), image.width(), JPEG_MAX_DIMENSION));
  }
  const std::ptrdiff_t planes = image.channels();
  const std::ptrdiff_t pixels = image.plane_size();
  std::vector<std::uint8_t> samples(static_cast<std::size_t>(pixels * planes));
  for (std::ptrdiff_t c = 0; c < planes; ++c) {
    const float* plane = image.data() + c * pixels;
    for (std::ptrdiff_t p = 0; p < pixels; ++p) {
      const float value = plane[p];
      if (std::isnan(value)) {
        throw InvalidArgument(fmt::format(
            "encode jpeg: sample {} of plane {} is NaN, expected a number in [0, 1]; replace NaN first", p, c));
      }
      const float clamped = value < 0.f ? 0.f : (value > 1.f ? 1.f : value);
      samples[static_cast<std::size_t>(p * planes + c)] = static_cast<std::uint8_t>(std::lround(clamped * 255.f));
    }
  }
  std::vector<std::uint8_t> bytes;
  std::string message;
  if (!compress_samples(samples, static_cast<int>(image.width()), static_cast<int>(image.height()),
                        static_cast<int>(planes), quality, chroma, bytes, message)) {
    throw IoError(fmt::format("encode jpeg: libjpeg failed: {}", message));
  }
  return bytes;
}

ImageF jpeg_round_trip(const ImageF& image, int quality, ChromaSubsampling chroma) {
  const std::vector<std::uint8_t> bytes = encode_jpeg(image, quality, chroma);
  return decode_image(bytes, ReadOptions{}, "<jpeg round trip>").image;
}

}  // namespace erlangen::io
