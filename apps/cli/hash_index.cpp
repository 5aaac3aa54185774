// `erlangen hash index`: hash many images with one algorithm and write a Hamming index file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "hash.hpp"
#include "input_readers.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::forensics;

// Paths listed in a manifest, one per line; blank lines and lines starting with '#' are skipped.
std::vector<fs::path> read_manifest(const fs::path& manifest) {
  std::error_code error;
  if (!fs::exists(manifest, error) || fs::is_directory(manifest, error) || ::access(manifest.c_str(), R_OK) != 0) {
    throw IoError(fmt::format("hash index: manifest {}: cannot be read (missing, a folder or no permission); pass a "
                              "text file with one image path per line",
                              manifest.string()));
  }
  return parse_hash_manifest(read_input_file(manifest, "hash index: manifest"), manifest.string());
}

class HashIndexCommand final : public HashSubcommand {
 public:
  std::string name() const override { return "index"; }
  std::string summary() const override { return "hash images and write an index for near-duplicate search"; }

  void configure(CLI::App& app) override {
    app.add_option("images", images_, "image files to index");
    app.add_option("--manifest", manifest_, "text file with one image path per line (added after IMAGES)");
    add_hash_options(app, arguments_);
    app.add_option("-o,--output", output_, "index file to write")->required();
    app.add_flag("--keep-low-quality", keep_low_quality_,
                 "index low-quality hashes (uniform or near-uniform images) too; they are skipped by default");
    app.add_flag("-q,--quiet", quiet_, "no progress or notes on stderr");
    app.footer(
        "Each image is stored under its path as given. The index file contains the algorithm name, the bit length, "
        "the paths and the hashes; 'erlangen hash query' searches it. Low-quality images get a note on stderr.");
  }

  int run(const GlobalOptions& global) override {
    const HashOptions options = arguments_.to_options();
    const HashAlgorithm& algorithm = find_hash_algorithm(options.algorithm);
    check_output_option(output_, "--output", false);

    std::vector<fs::path> paths = images_;
    if (!manifest_.empty()) {
      const std::vector<fs::path> listed = read_manifest(manifest_);
      paths.insert(paths.end(), listed.begin(), listed.end());
    }
    if (paths.empty()) {
      throw InvalidArgument("hash index: no images given; pass image paths or --manifest FILE");
    }

    const bool progress = !quiet_ && stderr_is_terminal();
    std::vector<std::string> ids;
    std::vector<BitHash> codes;
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      HashResult hash = hash_file(paths[i], options, global.max_pixels, quiet_);
      if (hash.low_quality && !keep_low_quality_) {
        ++skipped;
        if (!quiet_) {
          std::cerr << fmt::format("erlangen: note: {}: low quality ({}), not indexed\n", paths[i].string(),
                                   hash.quality);
        }
      } else {
        ids.push_back(paths[i].string());
        codes.push_back(std::move(hash.bits));
      }
      if (progress) std::cerr << fmt::format("\rhash index: {}/{} images", i + 1, paths.size()) << std::flush;
    }
    if (progress) std::cerr << "\n";

    const std::size_t count = ids.size();
    const HammingIndex index(algorithm.name, algorithm.bits(options), std::move(ids), std::move(codes));
    save_index(output_, index);
    std::cout << fmt::format("indexed {} of {} images ({}, {} bits, {} low quality skipped) into {}\n", count,
                             paths.size(), algorithm.name, index.bits(), skipped, output_.string());
    return 0;
  }

 private:
  std::vector<fs::path> images_;
  fs::path manifest_;
  HashArguments arguments_;
  fs::path output_;
  bool keep_low_quality_ = false;
  bool quiet_ = false;
};

const HashSubcommandRegistrar registrar{[] { return std::make_unique<HashIndexCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
