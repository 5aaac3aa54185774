// Subcommand registry of the erlangen command-line tool.
//
// Each subcommand lives in its own file apps/cli/<name>.cpp and registers
// itself with a static CommandRegistrar, so that adding a subcommand never
// touches main.cpp:
//
//   namespace {
//   const erlangen::cli::CommandRegistrar registrar{[] { return std::make_unique<FamiliesCommand>(); }};
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace erlangen::cli {

// Options that apply to every subcommand.
struct GlobalOptions {
  int threads = -1;                        // -1: not given (OMP_NUM_THREADS or all cores)
  std::uint64_t max_pixels = 100'000'000;  // width * height limit for every image read
  // Size limit in bytes of every input file: images, NPY arrays, models, indexes, manifests, suite
  // files and path lists (default 1 GiB).
  std::uint64_t max_input_bytes = std::uint64_t{1} << 30;
};

// One subcommand: declares its options on a CLI11 sub-app, then runs.
class Command {
 public:
  virtual ~Command() = default;
  virtual std::string name() const = 0;
  // One line for the list of subcommands in `erlangen --help`.
  virtual std::string summary() const = 0;
  // Adds options and positionals to `app` (the subcommand's own CLI11 app).
  virtual void configure(CLI::App& app) = 0;
  // Runs after parsing; returns the exit code. Errors are thrown, and main()
  // turns them into a message on stderr and exit code 1 or 2.
  virtual int run(const GlobalOptions& global) = 0;
};

using CommandFactory = std::function<std::unique_ptr<Command>()>;

// Every registered factory, in registration order (main sorts them by name).
std::vector<CommandFactory>& command_factories();

// Registers a factory at static-initialisation time.
struct CommandRegistrar {
  explicit CommandRegistrar(CommandFactory factory) { command_factories().push_back(std::move(factory)); }
};

}  // namespace erlangen::cli
