// `erlangen watermark`: the parent of the watermark subcommands, which register themselves through
// watermark.hpp.
#include "watermark.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"

namespace erlangen::cli {

std::vector<WatermarkSubcommandFactory>& watermark_subcommand_factories() {
  static std::vector<WatermarkSubcommandFactory> factories;
  return factories;
}

void add_scheme_option(CLI::App& app, std::string& scheme) {
  app.add_option("--scheme", scheme,
                 fmt::format("watermark scheme: {}", fmt::join(forensics::watermark::watermark_scheme_names(), ", ")))
      ->capture_default_str();
}

Image<std::uint8_t> stacked_uint8(const ImageF& image) {
  Image<std::uint8_t> out(image.height() * image.channels(), image.width());
  const std::span<const float> values = image.values();
  for (std::size_t k = 0; k < values.size(); ++k) {
    const float v = std::clamp(values[k], 0.0f, 1.0f);
    out.data()[k] = static_cast<std::uint8_t>(std::lround(v * 255.0f));
  }
  return out;
}

namespace {

class WatermarkCommand final : public Command {
 public:
  std::string name() const override { return "watermark"; }
  std::string summary() const override {
    return "embed a blind watermark (moment, dwtdct, dwtdctsvd) in an image and detect it";
  }

  void configure(CLI::App& app) override {
    app.require_subcommand(1, 1);
    app.footer("Subcommands: 'erlangen watermark <subcommand> --help'.");
    for (const WatermarkSubcommandFactory& factory : watermark_subcommand_factories()) {
      subcommands_.emplace_back(factory(), nullptr);
    }
    std::sort(subcommands_.begin(), subcommands_.end(),
              [](const auto& a, const auto& b) { return a.first->name() < b.first->name(); });
    for (auto& [command, sub] : subcommands_) {
      sub = app.add_subcommand(command->name(), command->summary());
      command->configure(*sub);
      sub->fallthrough();
    }
  }

  int run(const GlobalOptions& global) override {
    for (auto& [command, sub] : subcommands_) {
      if (sub->parsed()) return command->run(global);
    }
    throw InvalidArgument("watermark: no subcommand given, expected embed or detect; run 'erlangen watermark --help'");
  }

 private:
  std::vector<std::pair<std::unique_ptr<WatermarkSubcommand>, CLI::App*>> subcommands_;
};

const CommandRegistrar registrar{[] { return std::make_unique<WatermarkCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
