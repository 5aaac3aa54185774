// `erlangen hash query`: search an index from 'erlangen hash index' for near duplicates of images.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "hash.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::forensics;

// Merges the results of several query variants, keeping the smallest distance per indexed code.
std::vector<Neighbour> merge_minimum(const std::vector<std::vector<Neighbour>>& lists, std::optional<std::size_t> k) {
  std::map<std::size_t, std::size_t> best;
  for (const auto& list : lists) {
    for (const Neighbour& found : list) {
      auto [entry, inserted] = best.emplace(found.index, found.distance);
      if (!inserted) entry->second = std::min(entry->second, found.distance);
    }
  }
  std::vector<Neighbour> merged;
  for (const auto& [index, distance] : best) merged.push_back({index, distance});
  std::sort(merged.begin(), merged.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.index < b.index;
  });
  if (k && merged.size() > *k) merged.resize(*k);
  return merged;
}

class HashQueryCommand final : public HashSubcommand {
 public:
  std::string name() const override { return "query"; }
  std::string summary() const override { return "find indexed images within a Hamming radius or the k nearest"; }

  void configure(CLI::App& app) override {
    app.add_option("index", index_path_, "index file written by 'erlangen hash index'")->required();
    app.add_option("images", images_, "query images")->required();
    auto* radius = app.add_option("-r,--radius", radius_,
                                  "report every indexed image within this Hamming distance in bits (default: the "
                                  "algorithm's match threshold)");
    auto* k = app.add_option("-k,--k", k_, "report the K nearest indexed images instead")->check(CLI::PositiveNumber);
    radius->excludes(k);
    app.add_option("--format", format_, "output format: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    add_hash_options(app, arguments_);
    app.add_flag("-q,--quiet", quiet_, "do not print decoder warnings on stderr");
    algorithm_option_ = app.get_option("--algorithm");
    app.footer(
        "The query images are hashed with the algorithm stored in the index unless --algorithm is given; the "
        "other hash options must match those used for the index. For moment-dihedral the distance is "
        "the minimum over the 8 rotations by 90 degrees and flips of the query. Results are sorted by distance, "
        "then by position in the index.");
  }

  int run(const GlobalOptions& global) override {
    const HammingIndex index = load_index(index_path_, 0, global.max_input_bytes);
    HashArguments arguments = arguments_;
    if (algorithm_option_->count() == 0) {
      arguments.algorithm = index.algorithm();
    } else if (arguments.algorithm != index.algorithm()) {
      throw_invalid_argument("hash query", "--algorithm", arguments.algorithm,
                             fmt::format("{}, the algorithm of index {}", index.algorithm(), index_path_.string()),
                             "drop --algorithm or query an index built with it");
    }
    const HashOptions options = arguments.to_options();
    const HashAlgorithm& algorithm = find_hash_algorithm(options.algorithm);
    if (algorithm.bits(options) != index.bits()) {
      throw_invalid_argument("hash query", "hash length", fmt::format("{} bits", algorithm.bits(options)),
                             fmt::format("{} bits, the code length of index {}", index.bits(), index_path_.string()),
                             "pass the --hash-size the index was built with");
    }
    const std::size_t radius = radius_.value_or(algorithm.threshold(options));
    const bool dihedral = algorithm.name == "moment-dihedral";

    nlohmann::json queries = nlohmann::json::array();
    std::string text;
    for (const fs::path& image : images_) {
      const HashResult hash = hash_file(image, options, global.max_pixels, quiet_);
      std::vector<BitHash> probes = {hash.bits};
      if (dihedral) {
        const auto variants = dihedral_variants(hash.bits);
        probes.assign(variants.begin(), variants.end());
      }
      std::vector<std::vector<Neighbour>> lists;
      for (const BitHash& probe : probes) {
        lists.push_back(k_ ? index.knn_search(probe, *k_) : index.radius_search(probe, radius));
      }
      const std::vector<Neighbour> found = merge_minimum(lists, k_);

      nlohmann::json matches = nlohmann::json::array();
      const std::string found_text = k_ ? fmt::format("{} nearest", found.size())
                                        : fmt::format("{} {} within {} bits", found.size(),
                                                      found.size() == 1 ? "match" : "matches", radius);
      const std::string quality_text = hash.low_quality ? fmt::format(" (low quality {})", hash.quality) : "";
      text += fmt::format("{}: {}{}\n", image.string(), found_text, quality_text);
      for (const Neighbour& match : found) {
        text += fmt::format("  {:4d}  {}\n", match.distance, index.id(match.index));
        matches.push_back({{"id", index.id(match.index)}, {"distance", match.distance}});
      }
      queries.push_back({{"image", image.string()},
                         {"quality", hash.quality},
                         {"low_quality", hash.low_quality},
                         {"matches", std::move(matches)}});
    }

    if (format_ == "json") {
      nlohmann::json report = {{"index", index_path_.string()},
                               {"algorithm", index.algorithm()},
                               {"bits", index.bits()},
                               {"indexed", index.size()},
                               {"queries", std::move(queries)}};
      if (k_) {
        report["k"] = *k_;
      } else {
        report["radius"] = radius;
      }
      std::cout << dump_json(report) << "\n";
    } else {
      std::cout << text;
    }
    std::cout.flush();
    if (!std::cout) throw IoError("hash query: writing the results to standard output failed");
    return 0;
  }

 private:
  fs::path index_path_;
  std::vector<fs::path> images_;
  std::optional<std::size_t> radius_;
  std::optional<std::size_t> k_;
  std::string format_ = "text";
  HashArguments arguments_;
  CLI::Option* algorithm_option_ = nullptr;
  bool quiet_ = false;
};

const HashSubcommandRegistrar registrar{[] { return std::make_unique<HashQueryCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
