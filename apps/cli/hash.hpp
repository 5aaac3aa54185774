// `erlangen hash`: perceptual hashes of images, and the registry of its sub-subcommands.
//
// `erlangen hash IMAGE... --algorithm ALG` hashes images itself. The sub-subcommands (compare,
// index, query, ...) each live in their own file apps/cli/hash_<name>.cpp and register themselves
// with a static HashSubcommandRegistrar, so that adding one never touches hash.cpp:
//
//   namespace {
//   const erlangen::cli::HashSubcommandRegistrar registrar{[] { return std::make_unique<HashCompareCommand>(); }};
//   }
//
// A first positional argument equal to a sub-subcommand name selects it, so an image file called
// "compare" is passed as ./compare. The global options (--threads, --max-pixels) are accepted after
// `hash <name>` too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::cli {

// One `erlangen hash <name>` subcommand, with the same life cycle as Command.
class HashSubcommand {
 public:
  virtual ~HashSubcommand() = default;
  virtual std::string name() const = 0;
  // One line for the list in `erlangen hash --help`.
  virtual std::string summary() const = 0;
  virtual void configure(CLI::App& app) = 0;
  // Returns the exit code; errors are thrown and reported by main().
  virtual int run(const GlobalOptions& global) = 0;
};

using HashSubcommandFactory = std::function<std::unique_ptr<HashSubcommand>()>;

// Every registered factory, in registration order (the parent sorts them by name).
std::vector<HashSubcommandFactory>& hash_subcommand_factories();

// Registers a factory at static-initialisation time.
struct HashSubcommandRegistrar {
  explicit HashSubcommandRegistrar(HashSubcommandFactory factory) {
    hash_subcommand_factories().push_back(std::move(factory));
  }
};

// The options that choose a hash, as given on the command line; shared by every hash subcommand.
struct HashArguments {
  std::string algorithm = "pdq";
  int hash_size = 8;
  bool dhash_vertical = false;
  std::string phash_variant = "imagehash";
  std::string alpha = "white";
  std::vector<std::string> parameters;  // key=value

  // Converts to library options; throws InvalidArgument for an unknown algorithm, alpha policy,
  // a parameter without '=' or options the algorithm rejects.
  forensics::HashOptions to_options() const;
};

// Adds --algorithm, --hash-size, --vertical, --phash-variant, --alpha and --param to `app`.
void add_hash_options(CLI::App& app, HashArguments& arguments);

// Reads an image file with the global pixel limit and hashes it. Prints each decoder warning as
// "erlangen: note: FILE: WARNING" on stderr unless `quiet`.
forensics::HashResult hash_file(const std::filesystem::path& path, const forensics::HashOptions& options,
                                std::uint64_t max_pixels, bool quiet);

// JSON record of a hash: algorithm, bits, hex, quality, low_quality (and dihedral hex strings when
// present).
nlohmann::json hash_to_json(const forensics::HashResult& hash);

}  // namespace erlangen::cli
