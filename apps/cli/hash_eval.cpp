// `erlangen hash-eval`: robustness and discrimination of perceptual hashes under
// an attack suite, as distance distributions, ROC curves, AUC, EER and TPR at a
// fixed FPR, written as markdown, CSV and PNG plots.
//
// Pairs: for attack a, the positive pairs are (original i, attacked i) and the
// negative pairs are every pair of different originals plus every (attacked i,
// original j) with i != j. Images of --distractors are hashed without attacks
// and add the negative pairs (original i, distractor d) and (attacked i,
// distractor d), so that small FPR targets become measurable. A group of attacks (all JPEG qualities, all rotation
// angles, ...) pools the pairs of its attacks, and "all" pools every attack.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "common.hpp"
#include "eval_suite.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "hash_eval.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using hash_eval::EvaluatedAlgorithm;
using hash_eval::HashTable;
using hash_eval::ResultRow;
using forensics::HashResult;
using forensics::SuiteEntry;

EvaluatedAlgorithm make_algorithm(const std::string& label) {
  EvaluatedAlgorithm algorithm;
  algorithm.label = label;
  // pdq-dihedral is PDQ with its 8 dihedral hashes, matched by the smallest distance among them.
  algorithm.pdq_dihedral = label == "pdq-dihedral";
  algorithm.options.algorithm = algorithm.pdq_dihedral ? "pdq" : label;
  algorithm.options.pdq_dihedral = algorithm.pdq_dihedral;
  algorithm.moment_dihedral = label == "moment-dihedral";
  forensics::find_hash_algorithm(algorithm.options.algorithm);  // throws naming the registered ones
  algorithm.bits = forensics::hash_bits(algorithm.options);
  algorithm.threshold = forensics::default_threshold(algorithm.options);
  return algorithm;
}

bool is_image_file(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".pgm", ".ppm", ".pnm", ".tif", ".tiff"};
  return known.count(extension) > 0;
}

// Image files of `folder`, sorted. `option` and `minimum` go into the messages.
std::vector<fs::path> list_images(const fs::path& folder, std::string_view option, std::size_t minimum,
                                  std::string_view why) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw IoError(fmt::format("hash-eval: {} '{}' is not a folder; pass a folder of images", option, folder.string()));
  }
  std::vector<fs::path> images;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && is_image_file(entry.path())) images.push_back(entry.path());
  }
  std::sort(images.begin(), images.end());
  if (images.size() < minimum) {
    throw InvalidArgument(fmt::format("hash-eval: {} '{}' contains {} image file(s), expected at least {} "
                                      "(PNG, JPEG, PNM or TIFF){}; add images",
                                      option, folder.string(), images.size(), minimum, why));
  }
  return images;
}

// Rejects a distractor folder that is the images folder, because each image would then also be
// a distractor and its own copies would count as different-image pairs. Both listings are
// flat, so a subfolder of the other contains none of its files.
void check_distractors_apart(const fs::path& images_folder, const fs::path& distractors_folder) {
  std::error_code error;
  if (fs::equivalent(images_folder, distractors_folder, error)) {
    throw InvalidArgument(fmt::format("hash-eval: --distractors '{}' is the --images folder; pass a folder of other "
                                      "images",
                                      distractors_folder.string()));
  }
}


// Seed of the attacks on image `index`, so that random crops and text differ between images.
std::uint64_t image_seed(std::uint64_t seed, std::size_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(index) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Hashes every image and its attacked copies, then every distractor. Work item i < n is image i
// with all its attacks, and item n + d is distractor d alone.
HashTable compute_hashes(const std::vector<fs::path>& images, const std::vector<fs::path>& distractors,
                         const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                         std::uint64_t seed, std::uint64_t max_pixels) {
  const std::size_t n = images.size();
  const std::size_t items = n + distractors.size();
  HashTable table;
  table.original.assign(algorithms.size(), std::vector<HashResult>(n));
  table.attacked.assign(algorithms.size(), std::vector<std::vector<HashResult>>(suite.size(), std::vector<HashResult>(n)));
  table.distractor.assign(algorithms.size(), std::vector<HashResult>(distractors.size()));

  const bool progress = stderr_is_terminal();
  std::atomic<std::size_t> done{0};
  std::mutex failure_mutex;
  std::string failure;
  enum class FailureKind { io, limit, argument } failure_kind = FailureKind::argument;
  io::ReadOptions read_options;
  read_options.max_pixels = max_pixels;
  read_options.max_file_bytes = input_byte_limit();

#if defined(ERLANGEN_HAVE_OPENMP)
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(items); ++i) {
    const auto index = static_cast<std::size_t>(i);
    const fs::path& path = index < n ? images[index] : distractors[index - n];
    try {
      const ImageF image = io::read_image(path, read_options).image;
      if (index >= n) {
        for (std::size_t a = 0; a < algorithms.size(); ++a) {
          table.distractor[a][index - n] = forensics::compute_hash(image, algorithms[a].options);
        }
      } else {
        for (std::size_t a = 0; a < algorithms.size(); ++a) {
          table.original[a][index] = forensics::compute_hash(image, algorithms[a].options);
        }
        const std::uint64_t attack_seed = image_seed(seed, index);
        for (std::size_t k = 0; k < suite.size(); ++k) {
          const ImageF attacked = forensics::apply_distortions(image, suite[k].chain, attack_seed);
          for (std::size_t a = 0; a < algorithms.size(); ++a) {
            table.attacked[a][k][index] = forensics::compute_hash(attacked, algorithms[a].options);
          }
        }
      }
    } catch (const std::exception& error) {
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (failure.empty()) {
        // Decoder messages name the file already; hashing and attack errors do not.
        const std::string message = error.what();
        const std::string name = path.string();
        failure = message.find(name) != std::string::npos ? fmt::format("hash-eval: {}", message)
                                                           : fmt::format("hash-eval: {}: {}", name, message);
        if (dynamic_cast<const IoError*>(&error) != nullptr) failure_kind = FailureKind::io;
        if (dynamic_cast<const LimitExceeded*>(&error) != nullptr) failure_kind = FailureKind::limit;
      }
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rhash-eval: %zu/%zu images hashed", finished, items);
  }
  if (progress) std::fprintf(stderr, "\n");
  if (!failure.empty()) {
    // The first failure is rethrown with its kind, so the exit code matches a single-image run.
    if (failure_kind == FailureKind::io) throw IoError(failure);
    if (failure_kind == FailureKind::limit) throw LimitExceeded(failure);
    throw InvalidArgument(failure);
  }
  return table;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

class HashEvalCommand final : public Command {
 public:
  std::string name() const override { return "hash-eval"; }
  std::string summary() const override {
    return "evaluate perceptual hashes under an attack suite: distances, ROC, AUC, TPR at fixed FPR";
  }

  void configure(CLI::App& app) override {
    app.add_option("--images", images_, "folder of images (PNG, JPEG, PNM, TIFF); at least 2")->required();
    app.add_option("--distractors", distractors_,
                   "folder of further images that are hashed without attacks and used only as different-image "
                   "pairs, so that FPR targets such as 1e-4 become measurable; must not hold the --images");
    app.add_option("--algorithms", algorithms_,
                   "comma-separated hash algorithms; moment-dihedral and pdq-dihedral are compared by their minimum "
                   "distance over the 8 rotations and flips (default: those of pdq,phash,dhash,ahash,moment that "
                   "are registered)");
    app.add_option("--suite", suite_,
                   "built-in suite (hash, quick, watermark, watermark-classic, stable-signature, watermark-eval) or a "
                   "file with one distortion spec per line")
        ->capture_default_str();
    app.add_option("--seed", seed_, "seed of the random attacks (crops, noise, text); image i uses a seed derived "
                                    "from it and i")
        ->capture_default_str();
    app.add_option("--out", out_, "output folder for summary.md, summary.csv, the other CSV files and the plots; "
                                  "created when missing")
        ->required();
    app.footer(
        "Positive pairs: each original with its attacked copy. Negative pairs: all pairs of different originals "
        "and each attacked copy with every other original, plus each original and each attacked copy with every "
        "distractor. Distortion spec syntax: name[:value][:option], chains "
        "joined by commas, for example jpeg:70, rotate-crop:30, resize:0.5:lanczos3, crop:0.2:back, "
        "crop:0.5,brightness:1.5,jpeg:80.");
  }

  int run(const GlobalOptions& global) override {
    std::vector<EvaluatedAlgorithm> algorithms;
    if (algorithms_.empty()) {
      const std::vector<std::string> registered = forensics::hash_algorithms();
      for (const char* name : {"pdq", "phash", "dhash", "ahash", "moment"}) {
        if (std::find(registered.begin(), registered.end(), name) != registered.end()) {
          algorithms.push_back(make_algorithm(name));
        }
      }
    } else {
      for (const std::string& name : split_list(algorithms_)) algorithms.push_back(make_algorithm(name));
    }
    if (algorithms.empty()) {
      throw InvalidArgument("hash-eval: --algorithms lists no algorithm; pass names such as pdq,phash");
    }
    const std::vector<SuiteEntry> suite =
        load_eval_suite(suite_, "hash-eval", "the pairs of unchanged originals are always evaluated");
    const std::vector<fs::path> images =
        list_images(images_, "--images", 2, " so that different-image pairs exist");
    std::vector<fs::path> distractors;
    if (!distractors_.empty()) {
      check_distractors_apart(images_, distractors_);
      distractors = list_images(distractors_, "--distractors", 1, "");
    }
    check_folder_is_not_input(out_, "--out", images_, "--images", "hash-eval");
    if (!distractors_.empty()) check_folder_is_not_input(out_, "--out", distractors_, "--distractors", "hash-eval");
    io::OutputSet outputs("hash-eval");
    outputs.create_folder(out_, "--out");

    const HashTable table = compute_hashes(images, distractors, suite, algorithms, seed_, global.max_pixels);
    std::vector<std::string> groups;
    const std::vector<ResultRow> rows = hash_eval::analyse_all(suite, algorithms, table, groups);

    hash_eval::RunInfo info;
    const std::string distractor_option =
        distractors_.empty() ? std::string() : fmt::format(" --distractors {}", distractors_.string());
    info.command = fmt::format("erlangen hash-eval --images {}{} --algorithms {} --suite {} --seed {} --out {}",
                               images_.string(), distractor_option, fmt::join(labels_of(algorithms), ","), suite_,
                               seed_, out_.string());
    info.images = images.size();
    info.distractors = distractors.size();
    info.attacks = suite.size();
    info.suite = suite_;
    info.seed = seed_;
    hash_eval::write_summary_md(out_ / "summary.md", info, rows, algorithms, groups);
    outputs.add_file(out_ / "summary.md");
    hash_eval::write_summary_csv(out_ / "summary.csv", rows);
    outputs.add_file(out_ / "summary.csv");
    hash_eval::write_distances_csv(out_ / "distances.csv", images, suite, algorithms, table);
    outputs.add_file(out_ / "distances.csv");
    hash_eval::write_histograms_csv(out_ / "histograms.csv", rows, algorithms);
    outputs.add_file(out_ / "histograms.csv");
    hash_eval::write_roc_csv(out_ / "roc.csv", rows);
    outputs.add_file(out_ / "roc.csv");
    hash_eval::write_hashes_csv(out_ / "hashes.csv", images, suite, algorithms, table);
    outputs.add_file(out_ / "hashes.csv");
    const std::vector<fs::path> plots = hash_eval::write_plots(out_, rows, algorithms, groups);
    outputs.keep();

    auto counted = [](std::size_t count, std::string_view noun) {
      return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
    };
    const std::string distractor_count =
        distractors.empty() ? std::string() : ", " + counted(distractors.size(), "distractor");
    std::printf("hash-eval: %s%s, %s, %s (%s)\n", counted(images.size(), "image").c_str(), distractor_count.c_str(),
                counted(suite.size(), "attack").c_str(), counted(algorithms.size(), "algorithm").c_str(),
                fmt::format("{}", fmt::join(labels_of(algorithms), ", ")).c_str());
    if (!distractors.empty()) {
      std::printf("different-image pairs per attack: %zu\n",
                  hash_eval::different_pairs_per_attack(images.size(), distractors.size()));
    }
    std::printf("wrote %s, summary.csv, distances.csv, histograms.csv, roc.csv, hashes.csv and %zu plots\n",
                (out_ / "summary.md").string().c_str(), plots.size());
    return 0;
  }

 private:
  static std::vector<std::string> labels_of(const std::vector<EvaluatedAlgorithm>& algorithms) {
    std::vector<std::string> labels;
    for (const EvaluatedAlgorithm& algorithm : algorithms) labels.push_back(algorithm.label);
    return labels;
  }

  fs::path images_;
  fs::path distractors_;
  std::string algorithms_;
  std::string suite_ = "hash";
  std::uint64_t seed_ = 0;
  fs::path out_;
};

const CommandRegistrar registrar{[] { return std::make_unique<HashEvalCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
