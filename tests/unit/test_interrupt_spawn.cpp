// The interrupt handling of the CLI (apps/cli/interrupt.hpp) and a child that is started while a
// signal arrives: SpawnLock must keep the cleanup from exiting before the child's process group is
// registered, so that the child is ended with the process.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "interrupt.hpp"
#include "support/paths.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// True while `pid` exists and is not a zombie. An orphan that no process reaps stays a zombie, which
// counts as ended here.
bool process_is_running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const std::size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// Starts `sleep 30` in a process group of its own, as watermark-eval starts external attacks. The
// child closes every descriptor above 2, because GoogleTest waits until the write end of its
// death-test pipe is closed, which would otherwise wait for `sleep` to end by itself.
pid_t spawn_sleep_in_own_group() {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  char program[] = "sleep";
  char seconds[] = "30";
  char* argv[] = {program, seconds, nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "sleep", &actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return spawned == 0 ? pid : -1;
}

TEST(InterruptSpawnDeathTest, ChildStartedDuringSignalIsEnded) {
  // "fast" forks at EXPECT_EXIT, so the child writes to the folder made here. The "threadsafe" style
  // would run the test body again in a new process and make another folder.
  GTEST_FLAG_SET(death_test_style, "fast");
  const fs::path folder = erlangen::testing::fresh_temp_dir("interrupt_spawn");
  const fs::path pid_file = folder / "child.pid";

  // The signal arrives after the child started but before its group is registered, and the
  // registration waits 300 ms on purpose, so the cleanup must wait for the SpawnLock.
  EXPECT_EXIT(
      {
        erlangen::cli::install_interrupt_handling();
        std::optional<erlangen::cli::SpawnLock> lock(std::in_place);
        const pid_t child = spawn_sleep_in_own_group();
        std::ofstream(pid_file) << child << "\n";
        std::raise(SIGTERM);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const erlangen::cli::ChildGroupGuard guard(child);
        lock.reset();
        while (true) ::pause();
      },
      ::testing::ExitedWithCode(128 + SIGTERM), "interrupted \\(SIGTERM\\)");

  pid_t child = -1;
  std::ifstream(pid_file) >> child;
  ASSERT_GT(child, 0) << "the child was not started; is 'sleep' on PATH?";
  // SIGKILL is delivered at once, so 5 s leaves room for a loaded machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (process_is_running(child) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const bool running = process_is_running(child);
  if (running) ::kill(child, SIGKILL);
  EXPECT_FALSE(running) << "the child started during the interruption outlived the process";
  fs::remove_all(folder);
}

}  // namespace
