// `erlangen families`: the table of moment families and their index rules.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/basis/family.hpp"

namespace erlangen::cli {
namespace {

class FamiliesCommand final : public Command {
 public:
  std::string name() const override { return "families"; }
  std::string summary() const override { return "list the moment families, their parameters and index ranges"; }

  void configure(CLI::App& app) override {
    app.footer(
        "List every moment family with its id, command-line name, label abbreviation, parameters and "
        "their ranges, the range of the order n and the repetition m for maximum order K, and the "
        "number of (n, m) pairs.");
    app.add_option("--format", format_, "output format: text (aligned table) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }

  int run(const GlobalOptions&) override {
    const auto& table = basis::family_table();
    // Cartesian families are separable products on the square, not disk-based;
    // their order pair (p, q) takes the place of (n, m).
    struct CartesianRow {
      const char* name;
      const char* abbreviation;
      const char* title;
      const char* parameters;
    };
    static constexpr CartesianRow kCartesian[] = {
        {"legendre", "LM", "Legendre moments", "none"},
        {"tchebichef", "TM", "Tchebichef moments", "none"},
        {"krawtchouk", "KM", "Krawtchouk moments", "P: real in (0, 1) (--krawtchouk-p, default 0.5)"},
    };
    if (format_ == "json") {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& info : table) {
        rows.push_back({{"id", static_cast<int>(info.id)},
                        {"name", info.name},
                        {"abbreviation", info.abbreviation},
                        {"title", info.title},
                        {"parameters", info.parameters},
                        {"n_range", info.n_range},
                        {"m_range", info.m_range},
                        {"count", info.count},
                        {"complex_radial", info.complex_radial},
                        {"kind", "disk"}});
      }
      for (const CartesianRow& row : kCartesian) {
        rows.push_back({{"id", nullptr},
                        {"name", row.name},
                        {"abbreviation", row.abbreviation},
                        {"title", row.title},
                        {"parameters", row.parameters},
                        {"n_range", "p = 0..K (rows), K <= N - 1"},
                        {"m_range", "q = 0..K (columns)"},
                        {"count", "(K+1)^2"},
                        {"complex_radial", false},
                        {"kind", "cartesian"}});
      }
      std::cout << dump_json(rows);
      return 0;
    }

    const std::vector<std::string> header = {"id", "name", "abbr", "parameters", "n range", "m range", "count L(K)"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& info : table) {
      rows.push_back({std::to_string(static_cast<int>(info.id)), info.name, info.abbreviation,
                      info.parameters.empty() ? "-" : info.parameters, info.n_range, info.m_range, info.count});
    }
    for (const CartesianRow& row : kCartesian) {
      rows.push_back({"-", row.name, row.abbreviation, row.parameters, "p: 0..K, K<=N-1", "q: 0..K", "(K+1)^2"});
    }
    print_table(header, rows);
    return 0;
  }

 private:
  static void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    }
    const auto print_row = [&](const std::vector<std::string>& row) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        line += row[c];
        if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
      }
      std::cout << line << "\n";
    };
    print_row(header);
    for (const auto& row : rows) print_row(row);
  }

  std::string format_ = "text";
};

const CommandRegistrar registrar{[] { return std::make_unique<FamiliesCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
