// Registry of outputs in flight, emptied by discard_pending_outputs() on an interruption.
#include "erlangen/io/pending_outputs.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::io {
namespace {

struct Entry {
  std::uint64_t id = 0;
  std::filesystem::path remove;
  std::filesystem::path target;
  PendingKind kind = PendingKind::file;
};

// A plain mutex suffices because no signal handler touches the registry: the program's handler
// only wakes a thread, and that thread calls discard_pending_outputs().
struct Registry {
  std::mutex mutex;
  std::vector<Entry> entries;
  std::uint64_t next_id = 1;
  bool discarded = false;
  std::atomic<std::uint64_t> published{0};
};

// Never destroyed, so a thread that discards while the main thread runs exit() finds it intact.
Registry& registry() {
  static Registry* const instance = new Registry();
  return *instance;
}

// True when `path` is `folder` or lies inside it (compared component by component).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& folder) {
  auto folder_part = folder.begin();
  auto path_part = path.begin();
  for (; folder_part != folder.end(); ++folder_part, ++path_part) {
    if (folder_part->empty()) continue;  // a trailing separator
    if (path_part == path.end() || *path_part != *folder_part) return false;
  }
  return true;
}

}  // namespace

PendingOutput::PendingOutput(std::filesystem::path remove, std::filesystem::path target, PendingKind kind,
                             const std::string& operation) {
  Registry& state = registry();
  const std::lock_guard lock(state.mutex);
  if (state.discarded) {
    throw IoError(fmt::format("{}: {}: interrupted; the output was not written", operation, target.string()));
  }
  id_ = state.next_id++;
  state.entries.push_back(Entry{id_, std::move(remove), std::move(target), kind});
}

PendingOutput::~PendingOutput() { release(); }

PendingOutput::PendingOutput(PendingOutput&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

PendingOutput& PendingOutput::operator=(PendingOutput&& other) noexcept {
  if (this != &other) {
    release();
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void PendingOutput::release() noexcept {
  if (id_ == 0) return;
  Registry& state = registry();
  const std::lock_guard lock(state.mutex);
  std::erase_if(state.entries, [this](const Entry& entry) { return entry.id == id_; });
  id_ = 0;
}

int PendingOutput::lock_for_publish() {
  Registry& state = registry();
  state.mutex.lock();
  if (state.discarded) {
    state.mutex.unlock();
    return EINTR;
  }
  return 0;
}

void PendingOutput::unlock_after_publish(bool published) noexcept {
  Registry& state = registry();
  if (published) {
    std::erase_if(state.entries, [this](const Entry& entry) { return entry.id == id_; });
    id_ = 0;
    state.published.fetch_add(1, std::memory_order_relaxed);
  }
  state.mutex.unlock();
}

std::vector<std::filesystem::path> discard_pending_outputs() {
  Registry& state = registry();
  const std::lock_guard lock(state.mutex);
  state.discarded = true;

  std::vector<std::filesystem::path> removed_folders;
  for (const Entry& entry : state.entries) {
    std::error_code ignored;
    if (entry.kind == PendingKind::folder) {
      std::filesystem::remove_all(entry.remove, ignored);
      removed_folders.push_back(entry.remove);
    } else {
      ::unlink(entry.remove.c_str());
    }
  }

  std::vector<std::filesystem::path> targets;
  for (const Entry& entry : state.entries) {
    const bool inside_removed_folder =
        entry.kind == PendingKind::file &&
        std::any_of(removed_folders.begin(), removed_folders.end(),
                    [&](const std::filesystem::path& folder) { return is_within(entry.target, folder); });
    const bool listed = std::find(targets.begin(), targets.end(), entry.target) != targets.end();
    if (!entry.target.empty() && !inside_removed_folder && !listed) targets.push_back(entry.target);
  }
  state.entries.clear();
  return targets;
}

OutputSet::OutputSet(std::string operation) : operation_(std::move(operation)) {}

OutputSet::~OutputSet() {
  if (kept_) return;
  pending_.clear();
  std::error_code ignored;
  for (const std::filesystem::path& file : files_) std::filesystem::remove(file, ignored);
  if (!created_folder_.empty()) std::filesystem::remove_all(created_folder_, ignored);
}

void OutputSet::create_folder(const std::filesystem::path& folder, const std::string& option) {
  std::error_code error;
  const bool created = std::filesystem::create_directory(folder, error);
  if (!std::filesystem::is_directory(folder)) {
    throw IoError(fmt::format("{}: {} '{}' could not be created as a folder{}; check that its parent folder exists "
                              "and is writable",
                              operation_, option, folder.string(), error ? ": " + error.message() : std::string()));
  }
  if (!created) return;
  created_folder_ = folder;
  pending_.emplace_back(folder, folder, PendingKind::folder, operation_);
}

void OutputSet::add_file(const std::filesystem::path& file) {
  // A device such as /dev/null or a symbolic link was never replaced by this run, so it stays.
  std::error_code error;
  if (std::filesystem::symlink_status(file, error).type() != std::filesystem::file_type::regular) return;
  files_.push_back(file);
  pending_.emplace_back(file, file, PendingKind::file, operation_);
}

void OutputSet::keep() noexcept {
  kept_ = true;
  pending_.clear();
}

std::uint64_t published_output_count() { return registry().published.load(std::memory_order_relaxed); }

}  // namespace erlangen::io
