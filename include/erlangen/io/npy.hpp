// NumPy .npy files (format versions 1.0 to 3.0) for feature maps and moment arrays.
//
// write_npy writes a version 1.0 header, little-endian samples and C (row-major)
// order, which numpy.load reads on every platform. read_npy accepts only the
// four sample types below, in either byte order, in C order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace erlangen::io {

// Sample type of an NPY array: '<f4', '<f8', '<c8' or '<c16' in NumPy notation.
enum class NpyType { float32, float64, complex64, complex128 };

// Size in bytes of one sample of `type` (4, 8, 8 or 16).
std::size_t npy_item_size(NpyType type);

// NumPy type string of `type` in little-endian order, e.g. "<f4".
std::string_view npy_descr(NpyType type);

// Writes the array at `data` (product(shape) samples of `type`, C order, native
// byte order) as an NPY file, atomically. An empty shape writes a 0-d array of
// one sample. Throws InvalidArgument for a null `data` with a non-empty array
// or more than 32 dimensions, and IoError when the file cannot be written.
void write_npy(const std::filesystem::path& path, const void* data, NpyType type,
               std::span<const std::size_t> shape);

// An array read from an NPY file. `bytes` contains the samples in C order and
// native byte order.
struct NpyArray {
  NpyType type = NpyType::float32;
  std::vector<std::size_t> shape;
  std::vector<std::uint8_t> bytes;
};

// Reads an NPY file and validates it strictly: the magic string, a version of
// 1.0, 2.0 or 3.0, a header that is a dictionary with exactly the keys 'descr',
// 'fortran_order' and 'shape', a supported 'descr', fortran_order False, and a
// data section of exactly product(shape) samples. Throws IoError naming the file
// and the defect, or LimitExceeded when the file is larger than `max_bytes`.
NpyArray read_npy(const std::filesystem::path& path, std::uint64_t max_bytes = 1ull << 32);

}  // namespace erlangen::io
