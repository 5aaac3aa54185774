// SIGINT and SIGTERM handling (declared in interrupt.hpp).
//
// The handler only writes the signal number to a pipe, because almost nothing else is
// async-signal-safe: removing a folder needs opendir and malloc, and the registry of pending
// outputs takes a mutex that the interrupted thread may hold. A dedicated thread blocks on the
// pipe and does the cleanup with ordinary calls, while the other threads keep running until it
// calls _exit. The registry's mutex orders the cleanup against a rename in progress, so each
// output is either complete or gone.
#include "interrupt.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/pending_outputs.hpp"

namespace erlangen::cli {
namespace {

int signal_pipe[2] = {-1, -1};

std::array<std::atomic<pid_t>, 64> child_groups{};
std::atomic<bool> interrupting{false};
// Held by SpawnLock while a child is started and registered, and taken for good by the cleanup.
std::mutex spawn_mutex;

extern "C" void on_interrupt_signal(int signal_number) {
  const int saved_errno = errno;
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  // A full pipe means a signal is already queued for the watcher, so a failed write loses nothing.
  [[maybe_unused]] const ssize_t written = ::write(signal_pipe[1], &byte, 1);
  errno = saved_errno;
}

const char* signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal";
  }
}

[[noreturn]] void clean_up_and_exit(int signal_number) {
  interrupting.store(true);
  // Never unlocked, because the process exits below, so no child starts after its group list is read.
  spawn_mutex.lock();
  for (std::atomic<pid_t>& group : child_groups) {
    const pid_t id = group.load();
    if (id > 0) ::kill(-id, SIGKILL);
  }
  const std::vector<std::filesystem::path> not_written = io::discard_pending_outputs();

  std::string message = fmt::format("erlangen: interrupted ({}); ", signal_name(signal_number));
  if (!not_written.empty()) {
    message += "not written: ";
    for (std::size_t k = 0; k < not_written.size(); ++k) {
      message += (k == 0 ? "" : ", ") + not_written[k].string();
    }
  } else if (io::published_output_count() == 0) {
    message += "nothing written yet";
  } else {
    message += "no output was being written";
  }
  message += "\n";
  // write(2) directly: stdio of the main thread may hold its lock or a half-written line.
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message.data(), message.size());
  ::_exit(128 + signal_number);
}

void watch_signal_pipe() {
  unsigned char byte = 0;
  while (true) {
    const ssize_t count = ::read(signal_pipe[0], &byte, 1);
    if (count == 1) clean_up_and_exit(byte);
    if (count < 0 && errno == EINTR) continue;
    // NOTE: a read error other than EINTR ends the watcher, and later signals are then ignored.
    return;
  }
}

}  // namespace

void block_if_interrupted() {
  while (interrupting.load()) ::pause();
}

void install_interrupt_handling() {
  if (::pipe2(signal_pipe, O_CLOEXEC) != 0) {
    throw IoError(fmt::format("signal handling: cannot create a pipe: {}", std::strerror(errno)));
  }
  std::thread(watch_signal_pipe).detach();

  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART keeps system calls of the working threads from failing with EINTR meanwhile.
  action.sa_flags = SA_RESTART;
  for (const int signal_number : {SIGINT, SIGTERM}) {
    struct sigaction previous {};
    ::sigaction(signal_number, nullptr, &previous);
    // A shell starts background jobs with SIGINT ignored; that choice stays.
    if (previous.sa_handler == SIG_IGN) continue;
    ::sigaction(signal_number, &action, nullptr);
  }
}

SpawnLock::SpawnLock() : lock_(spawn_mutex) {}

ChildGroupGuard::ChildGroupGuard(pid_t group) {
  if (group <= 0) return;
  for (std::size_t k = 0; k < child_groups.size(); ++k) {
    pid_t expected = 0;
    if (child_groups[k].compare_exchange_strong(expected, group)) {
      slot_ = static_cast<int>(k);
      return;
    }
  }
}

ChildGroupGuard::~ChildGroupGuard() {
  if (slot_ >= 0) child_groups[static_cast<std::size_t>(slot_)].store(0);
}

}  // namespace erlangen::cli
