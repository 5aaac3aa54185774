// Atomic file output: write everything to a temporary file, then rename it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace erlangen::io {

// An output file opened as <target>.tmp-<random> in the target's directory.
// commit() flushes it to disk and renames it onto the target, which replaces an
// existing file atomically on POSIX file systems. A file that is destroyed
// without commit(), or whose commit fails, removes its temporary file, so
// readers see either the old target or the complete new one. A symbolic link
// at the target path is replaced by the new file, not followed.
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

  // Flushes the data to disk, closes the file and renames it onto the target.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }
  bool committed() const { return committed_; }

 private:
  [[noreturn]] void fail(std::string_view reason, int error_number);
  void discard() noexcept;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::string operation_;
  int descriptor_ = -1;
  bool committed_ = false;
};

// Writes `text` to `path` atomically.
void write_text(const std::filesystem::path& path, std::string_view text);

// Writes `value` as JSON indented by 2 spaces with a final newline, atomically.
void write_json(const std::filesystem::path& path, const nlohmann::json& value);

}  // namespace erlangen::io
