// Size-limited whole-file reads (declared in text_file.hpp).
#include "erlangen/io/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::io {
namespace {

[[noreturn]] void throw_too_large(const std::filesystem::path& path, std::string_view size_text,
                                  std::uint64_t max_bytes, std::string_view operation, std::string_view fix) {
  throw LimitExceeded(fmt::format("{}: {}: the file has {} bytes, above the limit of {} bytes; {}", operation,
                                  path.string(), size_text, max_bytes, fix));
}

}  // namespace

std::string read_whole_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view operation,
                            std::string_view fix) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    const int error_number = errno;
    throw IoError(fmt::format("{}: {}: cannot open the file: {}", operation, path.string(),
                              std::error_code(error_number, std::generic_category()).message()));
  }
  struct Closer {
    int descriptor;
    ~Closer() { ::close(descriptor); }
  } closer{descriptor};

  struct stat info {};
  if (::fstat(descriptor, &info) != 0) {
    throw IoError(fmt::format("{}: {}: cannot read the file size", operation, path.string()));
  }
  if (S_ISDIR(info.st_mode)) {
    throw IoError(fmt::format("{}: {}: is a folder; pass a file", operation, path.string()));
  }
  const bool regular = S_ISREG(info.st_mode);
  if (regular && static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    throw_too_large(path, std::to_string(info.st_size), max_bytes, operation, fix);
  }

  std::string bytes;
  if (regular) bytes.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  while (true) {
    const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      const int error_number = errno;
      throw IoError(fmt::format("{}: {}: reading failed: {}", operation, path.string(),
                                std::error_code(error_number, std::generic_category()).message()));
    }
    if (bytes.size() + static_cast<std::size_t>(count) > max_bytes) {
      throw_too_large(path, fmt::format("more than {}", max_bytes), max_bytes, operation, fix);
    }
    bytes.append(buffer, static_cast<std::size_t>(count));
  }
  return bytes;
}

}  // namespace erlangen::io
