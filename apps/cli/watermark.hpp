// `erlangen watermark`: embed a blind watermark in an image and detect it, and the registry of its
// subcommands (embed, detect, and those other modules add, such as an evaluation).
//
// Each subcommand lives in its own file apps/cli/watermark_<name>.cpp and registers itself with a
// static WatermarkSubcommandRegistrar, so that adding one never touches watermark.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "erlangen/core/image.hpp"

namespace erlangen::cli {

// One `erlangen watermark <name>` subcommand, with the same life cycle as Command.
class WatermarkSubcommand {
 public:
  virtual ~WatermarkSubcommand() = default;
  virtual std::string name() const = 0;
  // One line for the list in `erlangen watermark --help`.
  virtual std::string summary() const = 0;
  virtual void configure(CLI::App& app) = 0;
  // Returns the exit code; errors are thrown and reported by main().
  virtual int run(const GlobalOptions& global) = 0;
};

using WatermarkSubcommandFactory = std::function<std::unique_ptr<WatermarkSubcommand>()>;

// Every registered factory, in registration order (the parent sorts them by name).
std::vector<WatermarkSubcommandFactory>& watermark_subcommand_factories();

// Registers a factory at static-initialisation time.
struct WatermarkSubcommandRegistrar {
  explicit WatermarkSubcommandRegistrar(WatermarkSubcommandFactory factory) {
    watermark_subcommand_factories().push_back(std::move(factory));
  }
};

// Adds --scheme (the registry's names, default "moment") to `app`.
void add_scheme_option(CLI::App& app, std::string& scheme);

// Samples rounded to 8 bits as write_png stores them, every plane stacked into one plane, so that
// PSNR over the result averages the squared error over all channels.
Image<std::uint8_t> stacked_uint8(const ImageF& image);

}  // namespace erlangen::cli
