// Atomic file output: write everything to a temporary file, then rename it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "erlangen/io/pending_outputs.hpp"

namespace erlangen::io {

// An output file opened as <target>.tmp-<random> in the target's directory.
// commit() flushes it to disk and renames it onto the target, which replaces an
// existing file atomically on POSIX file systems. A file that is destroyed
// without commit(), or whose commit fails, removes its temporary file, so
// readers see either the old target or the complete new one. The temporary file
// is registered as a pending output (pending_outputs.hpp) until the rename, so a
// program that handles SIGINT or SIGTERM can remove it before exiting.
//
// Targets that are not regular files:
//   - a symbolic link is followed (relative links from the link's folder), and
//     the temporary file is created next to the file it names, so the link stays;
//   - a character or block device, FIFO or socket is opened and written directly,
//     without a temporary file or rename (the node is never replaced); writes
//     are then not atomic, and a FIFO without a reader fails at once;
//   - a directory throws before anything is written.
//
// Every failure throws IoError "<operation>: <target>: <reason>".
class AtomicFile {
 public:
  // Creates the temporary file. `operation` prefixes error messages, e.g. "write png".
  explicit AtomicFile(std::filesystem::path target, std::string operation = "write file");
  ~AtomicFile();

  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) = delete;

  // Appends bytes to the temporary file.
  void write(std::span<const std::uint8_t> bytes);
  void write(std::string_view text);

  // Flushes the data to disk, closes the file and renames it onto the target
  // (for a direct write: closes the file).
  void commit();

  // The path as given.
  const std::filesystem::path& target() const { return target_; }
  // The path written: the target, or the file a symbolic link at the target names.
  const std::filesystem::path& destination() const { return destination_; }
  // The temporary file; empty when the target is written directly.
  const std::filesystem::path& temporary_path() const { return temporary_; }
  // True when the target is a device, FIFO or socket written without a temporary file.
  bool direct() const { return direct_; }
  bool committed() const { return committed_; }

 private:
  void open_direct(bool fifo);
  [[noreturn]] void fail(std::string_view reason, int error_number);
  void discard() noexcept;

  std::filesystem::path target_;
  std::filesystem::path destination_;
  std::filesystem::path temporary_;
  std::string operation_;
  PendingOutput pending_;
  int descriptor_ = -1;
  bool direct_ = false;
  bool committed_ = false;
};

// Checks that `path` can name an output file before any work is done: throws
// IoError when the path is empty, names a directory (or ends in a separator), or
// its parent folder does not exist or is not a folder. Files that exist are
// accepted (they are replaced), as are devices such as /dev/null. Permissions
// are not checked; AtomicFile reports them when it opens the file.
void check_output_path(const std::filesystem::path& path);

// Writes `text` to `path` atomically.
void write_text(const std::filesystem::path& path, std::string_view text);

// Writes `value` as JSON indented by 2 spaces with a final newline, atomically.
void write_json(const std::filesystem::path& path, const nlohmann::json& value);

}  // namespace erlangen::io
