// `erlangen hir`: the parent of the hierarchical invariant representation
// subcommands, which register themselves through hir.hpp.
#include "hir.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"

namespace erlangen::cli {

std::vector<HirSubcommandFactory>& hir_subcommand_factories() {
  static std::vector<HirSubcommandFactory> factories;
  return factories;
}

namespace {

class HirCommand final : public Command {
 public:
  std::string name() const override { return "hir"; }
  std::string summary() const override {
    return "hierarchical invariant representation: extract features, train and evaluate classifiers";
  }

  void configure(CLI::App& app) override {
    app.require_subcommand(1);
    app.footer(
        "A hierarchical invariant representation (HIR) cascades local-moment correlations with complex "
        "modulus and optional pooling along paths of (n, m) orders, then reads out a global invariant of "
        "each final map. Run 'erlangen hir <subcommand> --help' for the options of each subcommand.");
    for (const HirSubcommandFactory& factory : hir_subcommand_factories()) subcommands_.emplace_back(factory(), nullptr);
    std::sort(subcommands_.begin(), subcommands_.end(),
              [](const auto& a, const auto& b) { return a.first->name() < b.first->name(); });
    for (auto& [command, sub] : subcommands_) {
      sub = app.add_subcommand(command->name(), command->summary());
      command->configure(*sub);
      // --threads and --max-pixels given after `hir <name>` reach the parent's copies of the global options.
      sub->fallthrough();
    }
  }

  int run(const GlobalOptions& global) override {
    for (auto& [command, sub] : subcommands_) {
      if (sub->parsed()) return command->run(global);
    }
    return 2;  // unreachable: require_subcommand(1) makes CLI11 reject a missing subcommand
  }

 private:
  std::vector<std::pair<std::unique_ptr<HirSubcommand>, CLI::App*>> subcommands_;
};

const CommandRegistrar registrar{[] { return std::make_unique<HirCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
