// Internal interface of `erlangen watermark-eval` (apps/cli/watermark_eval.cpp): the attacks of a
// run, one decoded trial per (image, scheme, attack), and the writers of the report files
// (apps/cli/watermark_eval_report.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "erlangen/forensics/distortion.hpp"

namespace erlangen::cli::watermark_eval {

// Names of the two rows that every scheme gets besides the suite's attacks.
inline constexpr const char* kUnmarked = "unmarked";  // the original, decoded: the clean false-positive check
inline constexpr const char* kNoAttack = "none";      // the marked 8-bit image, decoded as it is

// One attack: a distortion chain of the library, or an external program (see run_external_attack).
struct Attack {
  std::string name;   // canonical chain spec, or "external:<command line>"
  std::string group;  // family for tables ("jpeg", "rotate", "combined", "external")
  double strength = 0.0;
  forensics::DistortionChain chain;  // empty for an external attack
  std::vector<std::string> command;  // program and leading arguments of an external attack
};

enum class Outcome {
  decoded,        // the scheme decoded the image
  decode_failed,  // the scheme rejected the attacked image (too small for the payload, ...)
  skipped,        // the scheme could not mark the original (too small for the payload, ...)
};

// One row of results.csv: one image, scheme and attack.
struct Trial {
  std::size_t image = 0;
  std::size_t scheme = 0;
  std::string attack;  // kUnmarked, kNoAttack or Attack::name
  std::string group;
  Outcome outcome = Outcome::decoded;
  std::string note;  // the scheme's message when the outcome is not `decoded`
  std::size_t bits = 0;
  std::size_t matches = 0;          // decoded bits equal to the embedded payload
  double known_p_value = 1.0;       // P[Bin(bits, 1/2) >= matches]
  bool known_detected = false;      // matches >= binomial_threshold(bits, fpr)
  double blind_p_value = 1.0;       // the scheme's own p-value, without the payload
  bool blind_detected = false;      // the scheme's decision at fpr
  double psnr = std::numeric_limits<double>::quiet_NaN();  // dB, marked 8-bit against original 8-bit
  double ssim = std::numeric_limits<double>::quiet_NaN();

  // Bit accuracy: matches / bits when decoded, 1/2 (the expectation of guessing) when the
  // scheme could not decode, NaN when the image was skipped.
  double bit_accuracy() const;
  bool word_correct() const { return outcome == Outcome::decoded && matches == bits; }
};

// Facts about the run for the header of report.md.
struct RunInfo {
  std::string command;
  std::string suite;
  std::size_t bits = 0;
  std::uint64_t seed = 0;
  double fpr = 1e-6;
  std::size_t threshold = 0;  // binomial_threshold(bits, fpr)
  bool compat = true;
};

// Report files, each written atomically. `attacks` excludes kUnmarked and kNoAttack.
void write_results_csv(const std::filesystem::path& path, const std::vector<std::filesystem::path>& images,
                       const std::vector<std::string>& schemes, const std::vector<Trial>& trials);
void write_report_md(const std::filesystem::path& path, const RunInfo& info,
                     const std::vector<std::filesystem::path>& images, const std::vector<std::string>& schemes,
                     const std::vector<Attack>& attacks, const std::vector<Trial>& trials);
// One line per scheme for standard output: mean PSNR and SSIM, bit accuracy without attack, its
// mean over the attacks and the attack with the lowest one.
std::vector<std::string> summary_lines(const std::vector<std::string>& schemes, const std::vector<Attack>& attacks,
                                       const std::vector<Trial>& trials);
// Mean bit accuracy per attack (x = attack number as in report.md, 0 = no attack), one line per scheme.
void write_bit_accuracy_plot(const std::filesystem::path& path, const std::vector<std::string>& schemes,
                             const std::vector<Attack>& attacks, const std::vector<Trial>& trials);

}  // namespace erlangen::cli::watermark_eval
