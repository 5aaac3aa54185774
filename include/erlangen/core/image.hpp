// Image containers: an owning multi-plane image and a non-owning single-plane view.
//
// Pixels are stored row-major, plane after plane. Row 0 is the top row and
// column 0 the left column. Kernels take views, so that any caller-owned buffer
// (a numpy array, a tile of a larger image) can be processed without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"

namespace erlangen {

// Non-owning view of one plane: height x width values with a row stride in elements.
template <typename T>
class ImageView {
 public:
  ImageView() = default;
  ImageView(T* data, std::ptrdiff_t height, std::ptrdiff_t width, std::ptrdiff_t row_stride)
      : data_(data), height_(height), width_(width), row_stride_(row_stride) {}
  ImageView(T* data, std::ptrdiff_t height, std::ptrdiff_t width)
      : ImageView(data, height, width, width) {}

  // A view of mutable pixels converts to a view of const pixels.
  template <typename U>
    requires std::is_same_v<T, const U>
  ImageView(const ImageView<U>& other)  // NOLINT(google-explicit-constructor)
      : ImageView(other.data(), other.height(), other.width(), other.row_stride()) {}

  T* data() const { return data_; }
  std::ptrdiff_t height() const { return height_; }
  std::ptrdiff_t width() const { return width_; }
  std::ptrdiff_t row_stride() const { return row_stride_; }
  bool empty() const { return height_ == 0 || width_ == 0; }

  T& operator()(std::ptrdiff_t row, std::ptrdiff_t column) const {
    ERLANGEN_ASSERT(row >= 0 && row < height_ && column >= 0 && column < width_);
    return data_[row * row_stride_ + column];
  }
  T* row(std::ptrdiff_t index) const { return data_ + index * row_stride_; }

 private:
  T* data_ = nullptr;
  std::ptrdiff_t height_ = 0;
  std::ptrdiff_t width_ = 0;
  std::ptrdiff_t row_stride_ = 0;
};

// Owning image of `channels` planes, each height x width, contiguous and row-major.
template <typename T>
class Image {
 public:
  Image() = default;
  Image(std::ptrdiff_t height, std::ptrdiff_t width, std::ptrdiff_t channels = 1, T fill = T{})
      : height_(height), width_(width), channels_(channels) {
    if (height < 0 || width < 0 || channels < 1) {
      throw InvalidArgument(fmt::format(
          "image: size {}x{}x{} is invalid, expected non-negative height and width and at "
          "least one channel",
          height, width, channels));
    }
    pixels_.assign(static_cast<std::size_t>(height * width * channels), fill);
  }

  std::ptrdiff_t height() const { return height_; }
  std::ptrdiff_t width() const { return width_; }
  std::ptrdiff_t channels() const { return channels_; }
  std::ptrdiff_t plane_size() const { return height_ * width_; }
  bool empty() const { return pixels_.empty(); }

  ImageView<T> plane(std::ptrdiff_t channel = 0) {
    ERLANGEN_ASSERT(channel >= 0 && channel < channels_);
    return {pixels_.data() + channel * plane_size(), height_, width_};
  }
  ImageView<const T> plane(std::ptrdiff_t channel = 0) const {
    ERLANGEN_ASSERT(channel >= 0 && channel < channels_);
    return {pixels_.data() + channel * plane_size(), height_, width_};
  }
  T& operator()(std::ptrdiff_t row, std::ptrdiff_t column, std::ptrdiff_t channel = 0) {
    return pixels_[static_cast<std::size_t>((channel * height_ + row) * width_ + column)];
  }
  const T& operator()(std::ptrdiff_t row, std::ptrdiff_t column, std::ptrdiff_t channel = 0) const {
    return pixels_[static_cast<std::size_t>((channel * height_ + row) * width_ + column)];
  }

  T* data() { return pixels_.data(); }
  const T* data() const { return pixels_.data(); }
  std::span<T> values() { return pixels_; }
  std::span<const T> values() const { return pixels_; }

 private:
  std::ptrdiff_t height_ = 0;
  std::ptrdiff_t width_ = 0;
  std::ptrdiff_t channels_ = 0;
  std::vector<T> pixels_;
};

using ImageF = Image<float>;
using ImageD = Image<double>;

// Copies a view into a new single-plane image of another value type.
template <typename To, typename From>
Image<To> convert_plane(ImageView<const From> view) {
  Image<To> result(view.height(), view.width());
  for (std::ptrdiff_t i = 0; i < view.height(); ++i) {
    const From* source = view.row(i);
    for (std::ptrdiff_t j = 0; j < view.width(); ++j) {
      result(i, j) = static_cast<To>(source[j]);
    }
  }
  return result;
}

}  // namespace erlangen
