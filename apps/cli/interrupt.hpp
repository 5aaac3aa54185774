// SIGINT and SIGTERM handling of the command-line tool.
#pragma once

#include <sys/types.h>

#include <mutex>

namespace erlangen::cli {

// Installs handlers for SIGINT and SIGTERM and starts the thread that acts on them: it ends the
// registered child process groups, removes every pending output (io::discard_pending_outputs),
// prints "erlangen: interrupted (SIGINT); not written: PATHS" (or "nothing written yet") to
// stderr and exits with status 128 + the signal number. Call once, before any other thread starts.
void install_interrupt_handling();

// Blocks for good once an interruption is being handled, so that the main thread never reports
// an error caused by the cleanup (such as a child that the handler killed) or exits first.
void block_if_interrupted();

// Keeps an interruption from being handled while a child is started and its group registered.
// Hold one from before posix_spawn until the ChildGroupGuard of the new group exists. Without it, a
// signal handled between the two calls would exit the process without ending the new child, which
// would then keep running on its own. While a lock is held the cleanup waits, and once the cleanup
// has started no new child can be started.
class SpawnLock {
 public:
  SpawnLock();

 private:
  std::unique_lock<std::mutex> lock_;
};

// Registers the process group of a running child, which an interruption ends with SIGKILL;
// unregisters it when destroyed. At most 64 groups are tracked at once; more are not ended.
class ChildGroupGuard {
 public:
  explicit ChildGroupGuard(pid_t group);
  ~ChildGroupGuard();
  ChildGroupGuard(const ChildGroupGuard&) = delete;
  ChildGroupGuard& operator=(const ChildGroupGuard&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace erlangen::cli
