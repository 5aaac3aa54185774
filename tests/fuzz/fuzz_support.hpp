// Helpers shared by the libFuzzer targets in this folder.
//
// A target passes the input to one parser and treats erlangen::Error (InvalidArgument, IoError,
// LimitExceeded) as a clean rejection. Every other exception escapes LLVMFuzzerTestOneInput, and
// libFuzzer reports it as a crash together with sanitizer faults, timeouts and out-of-memory.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace erlangen::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Path of a scratch file in the temporary folder, unique per process, so that parallel fuzzing
// jobs (-jobs=N) do not overwrite each other's input.
inline std::filesystem::path scratch_path(std::string_view name) {
  return std::filesystem::temp_directory_path() /
         ("erlangen-fuzz-" + std::to_string(::getpid()) + "-" + std::string(name));
}

// Writes `data` to `path`, replacing its content, for the readers that only take a path.
inline void write_scratch(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("fuzz: cannot create the scratch file " + path.string());
  const bool written = size == 0 || std::fwrite(data, 1, size, file) == size;
  if (std::fclose(file) != 0 || !written) {
    throw std::runtime_error("fuzz: cannot write the scratch file " + path.string());
  }
}

}  // namespace erlangen::fuzz
