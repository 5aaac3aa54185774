// Process-wide registry of outputs in flight: temporary files, folders a command created and
// output files of an unfinished group. A program that handles SIGINT or SIGTERM calls
// discard_pending_outputs() from one thread and exits, so an interruption leaves no partial or
// temporary file behind. The library registers paths but installs no signal handler itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace erlangen::io {

// Removal action of discard_pending_outputs() for one entry.
enum class PendingKind {
  file,    // unlink the path
  folder,  // remove the path with everything inside it
};

// One registration; unregisters itself when destroyed. Moving transfers the registration.
class PendingOutput {
 public:
  PendingOutput() = default;
  // Registers `remove` (deleted on discard) for the output `target`, which the program names as
  // not written; an empty target marks scratch space that is removed but not named.
  // Throws IoError "<operation>: <target>: interrupted" when the registry was discarded already.
  PendingOutput(std::filesystem::path remove, std::filesystem::path target, PendingKind kind,
                const std::string& operation);
  ~PendingOutput();

  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;
  PendingOutput(PendingOutput&& other) noexcept;
  PendingOutput& operator=(PendingOutput&& other) noexcept;

  // Unregisters now; the path is then kept on an interruption.
  void release() noexcept;
  bool registered() const { return id_ != 0; }

  // Runs `publish` (a rename) and unregisters, as one step with respect to
  // discard_pending_outputs(): either the discard sees the entry and `publish` never runs, or the
  // output is complete and is not removed. `publish` returns an errno value (0 on success); an
  // interruption that came first returns EINTR without calling it.
  template <typename Publish>
  int publish(Publish&& publish_action);

 private:
  int lock_for_publish();
  void unlock_after_publish(bool published) noexcept;

  std::uint64_t id_ = 0;
};

// The outputs of one operation that belong together: an output folder that the operation creates and
// files it has finished. Until keep(), an interruption removes them, and so does the destructor
// (a failure that unwinds the operation). A folder that existed before is kept, and only the files
// added here are removed.
class OutputSet {
 public:
  // `operation` prefixes error messages, for example "hash-eval".
  explicit OutputSet(std::string operation);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Creates `folder` when it is missing (its parent must exist); throws IoError naming `option`
  // when it cannot be created or a file of that name exists.
  void create_folder(const std::filesystem::path& folder, const std::string& option);
  // Adds a file that the operation has written completely. Only a regular file is added: a
  // device or a symbolic link at `file` is never removed.
  void add_file(const std::filesystem::path& file);
  // Keeps everything: the operation finished.
  void keep() noexcept;

 private:
  std::string operation_;
  std::filesystem::path created_folder_;
  std::vector<std::filesystem::path> files_;
  std::vector<PendingOutput> pending_;
  bool kept_ = false;
};

// Removes every registered path (files unlinked, folders removed recursively) and returns the
// targets that were not written, in registration order, without duplicates, empty targets and
// targets inside a removed folder.
// Every later registration throws IoError and every later publish returns EINTR, so a thread
// that is still running cannot bring an output back. Call it once, then exit the process.
std::vector<std::filesystem::path> discard_pending_outputs();

// Number of outputs published (committed) since the process started.
std::uint64_t published_output_count();

template <typename Publish>
int PendingOutput::publish(Publish&& publish_action) {
  const int locked = lock_for_publish();
  if (locked != 0) return locked;
  int result = 0;
  try {
    result = publish_action();
  } catch (...) {
    unlock_after_publish(false);
    throw;
  }
  unlock_after_publish(result == 0);
  return result;
}

}  // namespace erlangen::io
