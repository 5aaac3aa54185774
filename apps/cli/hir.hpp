// Subcommands of `erlangen hir` (hierarchical invariant representation).
//
// `erlangen hir` is one top-level command whose work is done by sub-subcommands
// (extract, train, predict, evaluate, ...). Each of them lives in its own file
// apps/cli/hir_<name>.cpp and registers itself with a static
// HirSubcommandRegistrar, so that adding one never touches hir.cpp:
//
//   namespace {
//   const erlangen::cli::HirSubcommandRegistrar registrar{[] { return std::make_unique<HirTrainCommand>(); }};
//   }
//
// The global options (--threads, --max-pixels) are accepted after
// `hir <name>` too; they fall through to the parent and arrive in run().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"

namespace erlangen::cli {

// One `erlangen hir <name>` subcommand, with the same life cycle as Command:
// configure() declares its options on its own CLI11 app, run() runs after parsing.
class HirSubcommand {
 public:
  virtual ~HirSubcommand() = default;
  virtual std::string name() const = 0;
  // One line for the list in `erlangen hir --help`.
  virtual std::string summary() const = 0;
  virtual void configure(CLI::App& app) = 0;
  // Returns the exit code; errors are thrown and reported by main().
  virtual int run(const GlobalOptions& global) = 0;
};

using HirSubcommandFactory = std::function<std::unique_ptr<HirSubcommand>()>;

// Every registered factory, in registration order (the parent sorts them by name).
std::vector<HirSubcommandFactory>& hir_subcommand_factories();

// Registers a factory at static-initialisation time.
struct HirSubcommandRegistrar {
  explicit HirSubcommandRegistrar(HirSubcommandFactory factory) {
    hir_subcommand_factories().push_back(std::move(factory));
  }
};

}  // namespace erlangen::cli
