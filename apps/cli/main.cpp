// Entry point of the erlangen command-line tool; each subcommand lives in its own
// file and registers itself (see command.hpp).
//
// Exit codes: 0 success, 1 failure (unreadable file, failed write, limit
// exceeded), 2 invalid usage (unknown option, invalid argument value),
// 128 + N after signal N (SIGINT 130, SIGTERM 143; see interrupt.hpp).
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "command.hpp"
#include "common.hpp"
#include "interrupt.hpp"
#include "erlangen/core/error.hpp"

#ifndef ERLANGEN_VERSION
#define ERLANGEN_VERSION "unknown"
#endif

namespace erlangen::cli {

std::vector<CommandFactory>& command_factories() {
  static std::vector<CommandFactory> factories;
  return factories;
}

namespace {

void apply_thread_count(const GlobalOptions& global) {
#if defined(ERLANGEN_HAVE_OPENMP)
  if (global.threads == 0) {
    omp_set_num_threads(omp_get_num_procs());
  } else if (global.threads > 0) {
    omp_set_num_threads(global.threads);
  }
  // Without --threads, OpenMP reads OMP_NUM_THREADS itself (default: all cores).
#else
  (void)global;
#endif
}

// Adds --threads and --max-pixels to `app`, stored in `global`.
void add_global_options(CLI::App& app, GlobalOptions& global) {
  app.add_option("--threads", global.threads,
                 "number of OpenMP threads, 0 to 4096, 0 for all cores (default: OMP_NUM_THREADS, else all cores)")
      ->check(CLI::Range(0, 4096));
  app.add_option("--max-pixels", global.max_pixels,
                 "largest image (width x height, pixels, 1 to 2^40) that is decoded; larger images are rejected "
                 "before their pixels are allocated")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  app.add_option("--max-input-bytes", global.max_input_bytes,
                 "largest input file (bytes, 1 to 2^50) that is read: images, models, indexes, manifests, "
                 "suite files and path lists; larger files are rejected before they are read")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 50));
}

int report(const char* message, int code) {
  block_if_interrupted();
  std::fprintf(stderr, "erlangen: %s\n", message);
  return code;
}

// Rewrites the library's names of its limits in `message` as the options that raise them.
std::string with_limit_options(std::string message) {
  const std::pair<std::string_view, std::string_view> spellings[] = {
      {"raise it with --max-pixels (ReadOptions::max_pixels)",
       "raise it with --max-pixels N (before or after the subcommand name)"},
      {"raise ReadOptions::max_file_bytes", "raise it with --max-input-bytes N (before or after the subcommand name)"},
      {"raise max_bytes", "raise it with --max-input-bytes N (before or after the subcommand name)"},
      {"or raise max_pixels", "or raise it with --max-work-pixels N"},
      {"raise DatasetLimits::max_file_bytes", "raise it with --max-input-bytes N (before or after the subcommand name)"}};
  for (const auto& [library, option] : spellings) {
    const std::size_t at = message.find(library);
    if (at != std::string::npos) message.replace(at, library.size(), option);
  }
  return message;
}

int run(int argc, char** argv) {
  CLI::App app{"erlangen: invariant image representations from orthogonal moments", "erlangen"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("erlangen ") + ERLANGEN_VERSION);

  GlobalOptions global;
  add_global_options(app, global);

  std::vector<std::unique_ptr<Command>> commands;
  for (const CommandFactory& factory : command_factories()) commands.push_back(factory());
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a->name() < b->name(); });

  std::vector<std::pair<CLI::App*, Command*>> subcommands;
  for (const auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command->name(), command->summary());
    command->configure(*sub);
    // The global options are accepted after the subcommand name too, bound to the same values.
    add_global_options(*sub, global);
    subcommands.emplace_back(sub, command.get());
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    // App::help() prints the help of the selected subcommand, if any.
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& version) {
    std::cout << version.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      std::cout << error.what() << "\n";
      return 0;
    }
    // Point at the help of the innermost subcommand that was parsed, such as 'erlangen hir train'.
    std::string help_command = "erlangen";
    const CLI::App* current = &app;
    while (current != nullptr) {
      const std::vector<const CLI::App*> parsed =
          current->get_subcommands([](const CLI::App* sub) { return sub->parsed(); });
      current = parsed.empty() ? nullptr : parsed.front();
      if (current != nullptr) help_command += " " + current->get_name();
    }
    std::fprintf(stderr, "erlangen: %s; run '%s --help'\n", error.what(), help_command.c_str());
    return 2;
  }

  apply_thread_count(global);
  set_input_byte_limit(global.max_input_bytes);
  for (const auto& [sub, command] : subcommands) {
    if (sub->parsed()) return command->run(global);
  }
  return report("no subcommand given; run 'erlangen --help' for the list", 2);
}

}  // namespace
}  // namespace erlangen::cli

namespace erlangen::cli {
namespace {

int run_and_report(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const InvalidArgument& error) {
    return report(error.what(), 2);
  } catch (const LimitExceeded& error) {
    return report(with_limit_options(error.what()).c_str(), 1);
  } catch (const Error& error) {
    return report(error.what(), 1);
  } catch (const std::exception& error) {
    return report(error.what(), 1);
  }
}

// Flushes standard output and returns 1 with a message when any write to it
// failed (a full disk, /dev/full, a closed pipe), so that a truncated result
// never exits with status 0.
int check_standard_output(int code) {
  errno = 0;
  std::cout.flush();
  const bool stream_failed = std::cout.fail();
  const int flush_status = std::fflush(stdout);
  const int saved_errno = errno;
  if (!stream_failed && flush_status == 0 && std::ferror(stdout) == 0) return code;
  const char* reason = saved_errno != 0 ? std::strerror(saved_errno) : "write failed";
  std::fprintf(stderr, "erlangen: write standard output: %s\n", reason);
  return 1;
}

}  // namespace
}  // namespace erlangen::cli

int main(int argc, char** argv) {
#if defined(SIGXFSZ)
  // A write beyond RLIMIT_FSIZE then fails with EFBIG instead of killing the
  // process, so the atomic writer removes its temporary file and we report it.
  std::signal(SIGXFSZ, SIG_IGN);
#endif
  try {
    erlangen::cli::install_interrupt_handling();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "erlangen: %s\n", error.what());
    return 1;
  }
  const int code = erlangen::cli::run_and_report(argc, argv);
  erlangen::cli::block_if_interrupted();
  return erlangen::cli::check_standard_output(code);
}
