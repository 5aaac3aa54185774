// Atomic output files, and the text and JSON writers built on them.
#include "erlangen/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::io {
namespace {

std::string random_suffix() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  return fmt::format("{:012x}", generator() & 0xffffffffffffULL);
}

std::string errno_text(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
}

// Follows symbolic links at `path` (at most 40 hops, the Linux limit) and returns the path of the
// file the last link names, which need not exist. A relative link is read from the canonical form
// of the link's own folder.
std::filesystem::path follow_links(const std::filesystem::path& path, const std::string& operation) {
  std::filesystem::path current = path;
  for (int hop = 0; hop < 40; ++hop) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    std::error_code error;
    const std::filesystem::path link = std::filesystem::read_symlink(current, error);
    std::filesystem::path folder;
    if (!error) folder = std::filesystem::canonical(folder_of(current), error);
    if (error) {
      throw IoError(fmt::format("{}: {}: cannot resolve the symbolic link {}: {}", operation, path.string(),
                                current.string(), error.message()));
    }
    current = link.is_absolute() ? link : folder / link;
  }
  throw IoError(fmt::format("{}: {}: more than 40 levels of symbolic links; pass the path of a file",
                            operation, path.string()));
}

}  // namespace

void check_output_path(const std::filesystem::path& path) {
  if (path.empty()) throw IoError("output path: the path is empty; pass a file path");
  if (!path.has_filename()) {
    throw IoError(fmt::format("output path: {}: the path ends in a separator and names a folder; pass a file path",
                              path.string()));
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw IoError(fmt::format("output path: {}: is a directory; pass a file path", path.string()));
  }
  const std::filesystem::path folder = folder_of(path);
  if (::stat(folder.c_str(), &info) != 0) {
    const int error_number = errno;
    throw IoError(fmt::format("output path: {}: the folder {} cannot be used: {}; create it first", path.string(),
                              folder.string(), errno_text(error_number)));
  }
  if (!S_ISDIR(info.st_mode)) {
    throw IoError(fmt::format("output path: {}: {} is not a folder; pass a path inside an existing folder",
                              path.string(), folder.string()));
  }
}

AtomicFile::AtomicFile(std::filesystem::path target, std::string operation)
    : target_(std::move(target)), operation_(std::move(operation)) {
  if (target_.empty()) {
    throw_invalid_argument(operation_, "path", "empty", "a file path", "pass an output path");
  }
  if (!target_.has_filename()) {
    throw IoError(fmt::format("{}: {}: the path names a directory, expected a file path",
                              operation_, target_.string()));
  }
  // A link is kept and the file it names is replaced, as a plain open() of the path would do.
  destination_ = follow_links(target_, operation_);
  struct stat info {};
  if (::stat(destination_.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      throw IoError(fmt::format("{}: {}: is a directory; pass a file path", operation_, target_.string()));
    }
    if (!S_ISREG(info.st_mode)) {
      open_direct(S_ISFIFO(info.st_mode));
      return;
    }
  }
  // O_EXCL makes a name collision with another writer fail instead of sharing
  // the file; a new random name is tried then.
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::filesystem::path candidate = destination_;
    candidate += ".tmp-" + random_suffix();
    descriptor_ = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (descriptor_ >= 0) {
      temporary_ = std::move(candidate);
      try {
        pending_ = PendingOutput(temporary_, target_, PendingKind::file, operation_);
      } catch (...) {
        discard();
        throw;
      }
      return;
    }
    if (errno != EEXIST) {
      const int error_number = errno;
      throw IoError(fmt::format("{}: {}: cannot create a temporary file in {}: {}", operation_,
                                target_.string(), folder_of(destination_).string(), errno_text(error_number)));
    }
  }
  throw IoError(fmt::format("{}: {}: cannot create a temporary file: 64 random names were taken",
                            operation_, target_.string()));
}

// Devices, FIFOs and sockets: a rename would replace the node itself with a regular file.
void AtomicFile::open_direct(bool fifo) {
  // O_NONBLOCK makes opening a FIFO that has no reader fail with ENXIO instead of waiting forever.
  descriptor_ = ::open(destination_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (fifo ? O_NONBLOCK : 0));
  if (descriptor_ < 0) {
    const int error_number = errno;
    if (fifo && error_number == ENXIO) {
      throw IoError(fmt::format("{}: {}: the FIFO has no reader; start the reader first", operation_,
                                target_.string()));
    }
    throw IoError(fmt::format("{}: {}: cannot open for writing: {}", operation_, target_.string(),
                              errno_text(error_number)));
  }
  if (fifo) {
    const int flags = ::fcntl(descriptor_, F_GETFL);
    if (flags < 0 || ::fcntl(descriptor_, F_SETFL, flags & ~O_NONBLOCK) != 0) {
      const int error_number = errno;
      ::close(descriptor_);
      descriptor_ = -1;
      throw IoError(fmt::format("{}: {}: cannot switch the FIFO to blocking writes: {}", operation_,
                                target_.string(), errno_text(error_number)));
    }
  }
  direct_ = true;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      destination_(std::move(other.destination_)),
      temporary_(std::move(other.temporary_)),
      operation_(std::move(other.operation_)),
      pending_(std::move(other.pending_)),
      descriptor_(other.descriptor_),
      direct_(other.direct_),
      committed_(other.committed_) {
  other.descriptor_ = -1;
  other.temporary_.clear();
  other.committed_ = true;  // nothing left for the moved-from object to remove
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (descriptor_ >= 0) {
    ::close(descriptor_);
    descriptor_ = -1;
  }
  if (!temporary_.empty()) {
    ::unlink(temporary_.c_str());
  }
  pending_.release();
}

void AtomicFile::fail(std::string_view reason, int error_number) {
  discard();
  committed_ = true;  // the temporary file is gone; the destructor has nothing to do
  throw IoError(fmt::format("{}: {}: {}: {}", operation_, target_.string(), reason,
                            errno_text(error_number)));
}

void AtomicFile::write(std::span<const std::uint8_t> bytes) {
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: {}: write after commit or failure", operation_,
                              target_.string()));
  }
  const std::uint8_t* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t written = ::write(descriptor_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(direct_ ? "writing failed" : "writing the temporary file failed", errno);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

void AtomicFile::write(std::string_view text) {
  write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()),
                                      text.size()));
}

void AtomicFile::commit() {
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: {}: commit after commit or failure", operation_,
                              target_.string()));
  }
  if (direct_) {
    const int descriptor = descriptor_;
    descriptor_ = -1;
    if (::close(descriptor) != 0) fail("closing failed", errno);
    committed_ = true;
    return;
  }
  // Data reaches the disk before the rename, so a crash cannot leave a renamed
  // but empty file.
  if (::fsync(descriptor_) != 0) fail("flushing the temporary file failed", errno);
  const int descriptor = descriptor_;
  descriptor_ = -1;
  if (::close(descriptor) != 0) fail("closing the temporary file failed", errno);
  // An interruption that discarded the temporary file first makes publish() return EINTR.
  const int rename_error = pending_.publish([this] {
    return ::rename(temporary_.c_str(), destination_.c_str()) == 0 ? 0 : errno;
  });
  if (rename_error == EINTR) fail("interrupted before the rename", rename_error);
  if (rename_error != 0) fail("renaming the temporary file onto the target failed", rename_error);
  committed_ = true;
}

void write_text(const std::filesystem::path& path, std::string_view text) {
  AtomicFile file(path, "write text");
  file.write(text);
  file.commit();
}

void write_json(const std::filesystem::path& path, const nlohmann::json& value) {
  std::string text;
  try {
    text = value.dump(2) + "\n";
  } catch (const nlohmann::json::exception& error) {
    // dump throws type_error 316 for strings that are not valid UTF-8.
    throw InvalidArgument(fmt::format(
        "write json: {}: the value cannot be serialised ({}); pass strings as valid UTF-8",
        path.string(), error.what()));
  }
  AtomicFile file(path, "write json");
  file.write(text);
  file.commit();
}

}  // namespace erlangen::io
