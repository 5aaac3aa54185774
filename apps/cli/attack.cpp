// `erlangen attack hash IMAGE --evade ...`: black-box perturbation attack on a perceptual hash.
//
// The attacked image is written as a PNG (atomically), read back and hashed again from the file
// before success is reported, because success that does not survive 8-bit storage is no success.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash_attack.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "hash.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOperation = "attack hash";

// A non-finite PSNR (nothing changed) is written as null in JSON.
nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

class AttackCommand final : public Command {
 public:
  std::string name() const override { return "attack"; }
  std::string summary() const override { return "Attacks on perceptual hashes (black-box evasion and collision)"; }

  void configure(CLI::App& app) override {
    app.require_subcommand(1, 1);
    CLI::App* hash = app.add_subcommand(
        "hash", "Perturb an image within a PSNR or L-infinity budget until its perceptual hash no longer matches");
    hash_ = hash;
    hash->add_option("image", image_, "image to attack (grey or RGB; alpha is composited per --alpha)")->required();
    add_hash_options(*hash, arguments_);
    hash->add_flag("--evade", evade_, "evasion: move the hash farther than the threshold from the original's");
    hash->add_option("--target-hash", target_hex_,
                     "collision: move the hash within the threshold of this hash (the algorithm's hex form)");
    hash->add_option("--threshold", threshold_,
                     "match threshold in bits (default: the algorithm's documented threshold)")
        ->check(CLI::NonNegativeNumber);
    CLI::Option* psnr = hash->add_option("--psnr", psnr_, "budget: PSNR of the result >= DB (default 35)")
                            ->check(CLI::Range(10.0, 80.0));
    CLI::Option* linf =
        hash->add_option("--linf", linf_, "budget: no 8-bit sample changes by more than L grey levels")
            ->check(CLI::Range(1.0, 255.0));
    psnr->excludes(linf);
    hash->add_option("--queries", queries_, "hash computations allowed, the original's included (default 5000)")
        ->check(CLI::Range(3, 100'000'000));
    hash->add_option("--seed", seed_, "seed of the random directions (default 0)");
    hash->add_option("--step", step_, "peak change of one step in grey levels (default: derived from the budget)")
        ->check(CLI::Range(0.0, 255.0));
    hash->add_option("--windows", windows_,
                     "window diameters in pixels, coarse to fine, comma-separated (default: 1/4, 1/8 and 1/16 of "
                     "the shorter side)")
        ->delimiter(',')
        ->check(CLI::Range(2, 4096));
    hash->add_flag("--hard-score", hard_score_,
                   "keep a step only when it moves the Hamming distance (default: also when it brings the "
                   "hash's pre-threshold values closer to flipping)");
    hash->add_option("-o,--output", output_, "attacked image, written as an 8-bit PNG")->required();
    hash->add_option("--json", json_, "also write a JSON report here ('-' for standard output)");
    hash->footer(
        "Exactly one of --evade and --target-hash. The PNG is written atomically, read back and hashed again; "
        "the reported success is that of the file. The exit code is 0 whether or not the attack succeeds; read "
        "'success' from the output.");
  }

  int run(const GlobalOptions& global) override {
    if (!hash_->parsed()) return 0;  // CLI11 requires the subcommand, so this is not reached
    forensics::HashOptions hash_options = arguments_.to_options();
    if (evade_ == target_hex_.has_value()) {
      throw InvalidArgument(fmt::format("{}: pass exactly one of --evade and --target-hash (got {}); add --evade "
                                        "for evasion or --target-hash HEX for a collision",
                                        kOperation, evade_ ? "both" : "neither"));
    }
    if (hash_options.alpha == forensics::AlphaPolicy::ignore) {
      throw_invalid_argument(kOperation, "--alpha", "ignore", "white or black",
                             "the attacked PNG has no alpha plane; composite with --alpha white or black");
    }
    check_output_option(output_, "-o", false);
    if (json_ && *json_ != "-") check_output_option(*json_, "--json", true);
    if (json_) check_distinct_files(*json_, "--json", output_, "-o");
    if (json_) check_distinct_files(*json_, "--json", image_, "IMAGE");

    forensics::HashAttackOptions options;
    options.hash = hash_options;
    if (target_hex_) options.target = forensics::parse_hex(hash_options.algorithm, *target_hex_).bits;
    if (threshold_ >= 0) options.threshold = static_cast<std::size_t>(threshold_);
    if (linf_) {
      options.budget_kind = forensics::AttackBudget::linf;
      options.budget = *linf_;
    } else {
      options.budget = psnr_.value_or(35.0);
    }
    options.step = step_;
    if (!windows_.empty()) options.windows = windows_;
    options.max_queries = queries_;
    options.seed = seed_;
    options.soft_score = !hard_score_;

    io::ReadOptions read_options;
    read_options.max_pixels = global.max_pixels;
    read_options.max_file_bytes = input_byte_limit();
    const float background = hash_options.alpha == forensics::AlphaPolicy::black ? 0.f : 1.f;
    read_options.background = {background, background, background};
    const io::DecodedImage decoded = io::read_image(image_, read_options);

    const forensics::HashAttackResult result = forensics::attack_hash(decoded.image, options);

    // Write, read back and re-hash: the file is what counts (spec of the attack: re-verification).
    const ImageF written = forensics::to_unit_float(result.image);
    // The image and a --json report file are one result: a failed report removes the image.
    io::OutputSet outputs(kOperation);
    io::write_png(output_, written);
    outputs.add_file(output_);
    io::ReadOptions back_options;
    back_options.max_pixels = global.max_pixels;
    back_options.max_file_bytes = input_byte_limit();
    const io::DecodedImage read_back = io::read_image(output_, back_options);
    const forensics::HashResult file_hash = forensics::compute_hash(read_back.image, hash_options);
    const forensics::BitHash& reference = options.target ? *options.target : result.original_hash.bits;
    const std::size_t distance = forensics::hamming_distance(file_hash.bits, reference);
    const bool success = options.target ? distance <= result.threshold : distance > result.threshold;
    const bool identical = read_back.image.channels() == written.channels() &&
                           std::equal(written.values().begin(), written.values().end(),
                                      read_back.image.values().begin(), read_back.image.values().end());

    const std::string mode = options.target ? "target" : "evade";
    // A low-quality hash (a uniform or near-uniform image) flips with tiny changes, so a success on
    // it shows nothing about the algorithm.
    const bool low_quality = result.original_hash.low_quality || file_hash.low_quality;
    if (low_quality) {
      std::fprintf(stderr,
                   "erlangen: warning: %s: the %s hash of %s is flagged low quality (%d of 100), so it is not "
                   "meaningful for matching and the reported %s does not measure the algorithm\n",
                   kOperation, hash_options.algorithm.c_str(),
                   result.original_hash.low_quality ? image_.c_str() : output_.c_str(),
                   result.original_hash.low_quality ? result.original_hash.quality : file_hash.quality,
                   success ? "success" : "result");
    }
    if (!json_ || *json_ != "-") {
      std::cout << fmt::format(
        "{} {} {}: {} after {} queries in {:.2f} s, distance {} (threshold {}), PSNR {:.2f} dB, SSIM {:.4f}, "
        "L-inf {}\n",
        kOperation, hash_options.algorithm, mode, success ? "success" : "failed", result.queries, result.seconds,
        distance, result.threshold, result.psnr, result.ssim, result.linf);
    }
    if (!identical) {
      std::fprintf(stderr, "erlangen: note: %s: the PNG read back differs from the attacked pixels\n",
                   output_.c_str());
    }

    if (json_) {
      nlohmann::json report;
      report["image"] = image_;
      report["output"] = output_;
      report["algorithm"] = hash_options.algorithm;
      report["mode"] = mode;
      report["budget"] = {{"kind", linf_ ? "linf" : "psnr"}, {"value", options.budget}};
      report["threshold"] = result.threshold;
      report["success"] = success;
      report["distance"] = distance;
      report["queries"] = result.queries;
      report["iterations"] = result.iterations;
      report["accepted_steps"] = result.accepted;
      report["seconds"] = result.seconds;
      report["psnr"] = finite_or_null(result.psnr);
      report["ssim"] = finite_or_null(result.ssim);
      report["linf"] = result.linf;
      report["seed"] = seed_;
      report["soft_score"] = !hard_score_;
      report["original_hash"] = forensics::to_hex(result.original_hash);
      report["attacked_hash"] = forensics::to_hex(file_hash);
      if (options.target) report["target_hash"] = *target_hex_;
      report["read_back_identical"] = identical;
      report["original_quality"] = result.original_hash.quality;
      report["attacked_quality"] = file_hash.quality;
      report["low_quality"] = low_quality;
      emit_json_report(*json_, report);
    }
    outputs.keep();
    finish_stdout(kOperation);
    return 0;
  }

 private:
  CLI::App* hash_ = nullptr;
  std::string image_;
  HashArguments arguments_;
  bool evade_ = false;
  std::optional<std::string> target_hex_;
  long long threshold_ = -1;
  std::optional<double> psnr_;
  std::optional<double> linf_;
  std::size_t queries_ = 5000;
  std::uint64_t seed_ = 0;
  double step_ = 0.0;
  std::vector<int> windows_;
  bool hard_score_ = false;
  std::string output_;
  std::optional<std::string> json_;
};

const CommandRegistrar registrar{[] { return std::make_unique<AttackCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
