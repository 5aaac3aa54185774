// `erlangen hash`: perceptual hashes of images, and the parent of the hash subcommands, which
// register themselves through hash.hpp.
#include "hash.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::cli {

std::vector<HashSubcommandFactory>& hash_subcommand_factories() {
  static std::vector<HashSubcommandFactory> factories;
  return factories;
}

forensics::HashOptions HashArguments::to_options() const {
  forensics::HashOptions options;
  options.algorithm = algorithm;
  options.hash_size = hash_size;
  options.dhash_vertical = dhash_vertical;
  options.phash_variant = phash_variant;
  options.alpha = forensics::parse_alpha_policy(alpha);
  for (const std::string& parameter : parameters) {
    const std::size_t equals = parameter.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw_invalid_argument("hash", "--param", fmt::format("'{}'", parameter), "KEY=VALUE",
                             "write the parameter as key=value");
    }
    options.parameters[parameter.substr(0, equals)] = parameter.substr(equals + 1);
  }
  forensics::hash_bits(options);  // validates the algorithm name and its options
  return options;
}

void add_hash_options(CLI::App& app, HashArguments& arguments) {
  std::string names;
  for (const std::string& name : forensics::hash_algorithms()) names += (names.empty() ? "" : ", ") + name;
  app.add_option("--algorithm,-a", arguments.algorithm, fmt::format("hash algorithm: {}", names))
      ->capture_default_str();
  app.add_option("--hash-size", arguments.hash_size,
                 "ahash, dhash, phash (imagehash variant): side s of the bit grid, s*s bits, 2 to 64")
      ->capture_default_str()
      ->check(CLI::Range(2, 64));
  app.add_flag("--vertical", arguments.dhash_vertical,
               "dhash: compare each pixel with the one below instead of the one to its right");
  app.add_option("--phash-variant", arguments.phash_variant,
                 "phash: imagehash (imagehash 4.3.2 phash), or dea9ffc, lsb, canonical (pHash C++ bit packings)")
      ->capture_default_str();
  app.add_option("--alpha", arguments.alpha,
                 "transparent pixels: white (composite on white), black (composite on black) or ignore (drop "
                 "alpha and keep the colour)")
      ->capture_default_str();
  app.add_option("--param", arguments.parameters,
                 "KEY=VALUE option of an algorithm registered outside the core (repeatable)");
}

forensics::HashResult hash_file(const std::filesystem::path& path, const forensics::HashOptions& options,
                                std::uint64_t max_pixels, bool quiet) {
  io::ReadOptions read_options;
  read_options.max_pixels = max_pixels;
  read_options.max_file_bytes = input_byte_limit();
  if (!quiet) {
    // read_hash_input does not return the warnings, so read them from a first decode only when
    // they will be printed.
    const io::DecodedImage decoded = io::read_image(path, read_options);
    for (const std::string& warning : decoded.warnings) {
      std::fprintf(stderr, "erlangen: note: %s: %s\n", path.string().c_str(), warning.c_str());
    }
  }
  const ImageF luma = forensics::read_hash_input(path, options.alpha, read_options);
  return forensics::compute_hash(luma, options);
}

nlohmann::json hash_to_json(const forensics::HashResult& hash) {
  nlohmann::json record;
  record["algorithm"] = hash.algorithm;
  record["bits"] = hash.bits.size();
  record["hex"] = forensics::to_hex(hash);
  record["quality"] = hash.quality;
  record["low_quality"] = hash.low_quality;
  if (!hash.dihedral.empty()) {
    nlohmann::json variants = nlohmann::json::array();
    for (const forensics::BitHash& bits : hash.dihedral) {
      forensics::HashResult variant;
      variant.algorithm = hash.algorithm;
      variant.bits = bits;
      variants.push_back(forensics::to_hex(variant));
    }
    record["dihedral"] = variants;
  }
  return record;
}

namespace {

class HashCommand final : public Command {
 public:
  std::string name() const override { return "hash"; }
  std::string summary() const override {
    return "perceptual hashes of images (pdq, phash, dhash, ahash, moment); compare, index and query them";
  }

  void configure(CLI::App& app) override {
    app.require_subcommand(0, 1);
    app.add_option("images", images_, "image files to hash; pass a file named like a subcommand as ./NAME");
    add_hash_options(app, arguments_);
    app.add_option("--format", format_, "output: hex (one line 'HEX  PATH' per image) or json (an array of records)")
        ->capture_default_str()
        ->check(CLI::IsMember({"hex", "json"}));
    app.add_flag("--dihedral", dihedral_,
                 "pdq: also output the hashes of the 8 rotations and flips of the 64x64 buffer (json only)");
    app.add_flag("--quiet,-q", quiet_, "do not print decoder warnings and low-quality notes on stderr");
    app.footer(
        "Every hash starts from BT.601 luma after the alpha policy; EXIF orientation is applied. A hash whose "
        "quality is below the algorithm's limit (pdq: 50 of 100) is flagged low_quality and a note goes to "
        "stderr. Subcommands: 'erlangen hash <subcommand> --help'. An image file whose name equals a "
        "subcommand (compare, index, query) must be written as ./compare.");
    for (const HashSubcommandFactory& factory : hash_subcommand_factories()) subcommands_.emplace_back(factory(), nullptr);
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
      if (sub->parsed()) {
        if (!images_.empty()) {
          throw InvalidArgument(fmt::format(
              "hash: images before the subcommand '{}' ({}), expected them after it; to hash a file named "
              "like a subcommand, write it as ./{}",
              command->name(), images_.front(), command->name()));
        }
        return command->run(global);
      }
    }
    if (images_.empty()) {
      throw InvalidArgument("hash: no image given, expected at least one image path; run 'erlangen hash IMAGE...'");
    }

    forensics::HashOptions options = arguments_.to_options();
    options.pdq_dihedral = dihedral_;
    nlohmann::json records = nlohmann::json::array();
    for (const std::string& image : images_) {
      const forensics::HashResult hash = hash_file(image, options, global.max_pixels, quiet_);
      if (hash.low_quality && !quiet_) {
        std::fprintf(stderr, "erlangen: note: %s: low quality %d of 100, the hash is not meaningful for matching\n",
                     image.c_str(), hash.quality);
      }
      if (format_ == "hex") {
        std::cout << forensics::to_hex(hash) << "  " << image << '\n';
      } else {
        nlohmann::json record = hash_to_json(hash);
        record["path"] = image;
        records.push_back(std::move(record));
      }
    }
    if (format_ == "json") std::cout << dump_json(records) << '\n';
    finish_stdout("hash");
    return 0;
  }

 private:
  std::vector<std::string> images_;
  HashArguments arguments_;
  std::string format_ = "hex";
  bool dihedral_ = false;
  bool quiet_ = false;
  std::vector<std::pair<std::unique_ptr<HashSubcommand>, CLI::App*>> subcommands_;
};

const CommandRegistrar registrar{[] { return std::make_unique<HashCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
