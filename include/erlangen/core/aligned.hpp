// Allocator and vector type with 64-byte alignment, as SIMD FFT kernels expect.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace erlangen {

inline constexpr std::size_t kBufferAlignment = 64;

template <typename T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() noexcept = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)

  T* allocate(std::size_t count) {
    if (count > static_cast<std::size_t>(-1) / sizeof(T) - kBufferAlignment) {
      throw std::bad_array_new_length();
    }
    std::size_t bytes = count * sizeof(T);
    bytes = (bytes + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
    void* memory = std::aligned_alloc(kBufferAlignment, bytes == 0 ? kBufferAlignment : bytes);
    if (memory == nullptr) throw std::bad_alloc();
    return static_cast<T*>(memory);
  }
  void deallocate(T* pointer, std::size_t) noexcept { std::free(pointer); }

  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const noexcept { return true; }
};

template <typename T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace erlangen
