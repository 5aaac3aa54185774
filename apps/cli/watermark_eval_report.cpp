// Aggregation and report files of `erlangen watermark-eval` (declared in watermark_eval.hpp).
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/plot.hpp"
#include "watermark_eval.hpp"

namespace erlangen::cli::watermark_eval {

double Trial::bit_accuracy() const {
  if (outcome == Outcome::skipped) return std::numeric_limits<double>::quiet_NaN();
  if (outcome == Outcome::decode_failed) return 0.5;
  return static_cast<double>(matches) / static_cast<double>(bits);
}

namespace {

namespace fs = std::filesystem;

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::decoded:
      return "decoded";
    case Outcome::decode_failed:
      return "decode-failed";
    case Outcome::skipped:
      return "skipped";
  }
  return "decoded";
}

// The statistics of the trials of one scheme and attack that were not skipped.
struct Cell {
  std::size_t trials = 0;    // not skipped
  std::size_t failures = 0;  // decode_failed
  double bit_accuracy = 0.0;
  double word_accuracy = 0.0;
  double known_rate = 0.0;  // fraction with matches >= k*
  double blind_rate = 0.0;  // fraction the scheme detected without the payload
  std::string first_failure;
};

Cell summarise(const std::vector<Trial>& trials, std::size_t scheme, const std::string& attack) {
  Cell cell;
  for (const Trial& trial : trials) {
    if (trial.scheme != scheme || trial.attack != attack || trial.outcome == Outcome::skipped) continue;
    ++cell.trials;
    cell.bit_accuracy += trial.bit_accuracy();
    cell.word_accuracy += trial.word_correct() ? 1.0 : 0.0;
    cell.known_rate += trial.known_detected ? 1.0 : 0.0;
    cell.blind_rate += trial.blind_detected ? 1.0 : 0.0;
    if (trial.outcome == Outcome::decode_failed) {
      if (cell.failures == 0) cell.first_failure = trial.note;
      ++cell.failures;
    }
  }
  if (cell.trials > 0) {
    const auto n = static_cast<double>(cell.trials);
    cell.bit_accuracy /= n;
    cell.word_accuracy /= n;
    cell.known_rate /= n;
    cell.blind_rate /= n;
  } else {
    cell.bit_accuracy = cell.word_accuracy = cell.known_rate = cell.blind_rate =
        std::numeric_limits<double>::quiet_NaN();
  }
  return cell;
}

std::string number(double value, int digits) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{:.{}f}", value, digits);
}

// Markdown cells cannot contain '|'.
std::string cell_text(std::string text) {
  std::replace(text.begin(), text.end(), '|', '/');
  return text;
}

// Table of one statistic: a row per attack (with its number), a column per scheme.
std::string attack_table(const std::string& title, const std::string& explanation,
                         const std::vector<std::string>& schemes, const std::vector<std::string>& attack_names,
                         const std::vector<std::string>& attack_groups,
                         const std::vector<std::vector<Cell>>& cells, const std::function<std::string(const Cell&)>& value) {
  std::string text = fmt::format("## {}\n\n{}\n\n| # | attack | group |", title, explanation);
  for (const std::string& scheme : schemes) text += fmt::format(" {} |", scheme);
  text += "\n|---|---|---|";
  for (std::size_t s = 0; s < schemes.size(); ++s) text += "---|";
  text += "\n";
  for (std::size_t a = 0; a < attack_names.size(); ++a) {
    text += fmt::format("| {} | {} | {} |", a, cell_text(attack_names[a]), attack_groups[a]);
    for (std::size_t s = 0; s < schemes.size(); ++s) text += fmt::format(" {} |", value(cells[s][a]));
    text += "\n";
  }
  return text + "\n";
}

}  // namespace

void write_results_csv(const fs::path& path, const std::vector<fs::path>& images, const std::vector<std::string>& schemes,
                       const std::vector<Trial>& trials) {
  std::string text =
      "image,scheme,attack,group,outcome,bits,matches,bit_accuracy,word_correct,known_p_value,detected_known,"
      "blind_p_value,detected_blind,psnr,ssim,note\n";
  for (const Trial& trial : trials) {
    const bool decoded = trial.outcome == Outcome::decoded;
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(images[trial.image].filename().string()),
                        schemes[trial.scheme], csv_field(trial.attack), csv_field(trial.group), outcome_name(trial.outcome),
                        trial.bits, decoded ? std::to_string(trial.matches) : std::string(),
                        format_double(trial.bit_accuracy()), trial.word_correct() ? "true" : "false",
                        decoded ? format_double(trial.known_p_value) : std::string(),
                        trial.known_detected ? "true" : "false",
                        decoded ? format_double(trial.blind_p_value) : std::string(),
                        trial.blind_detected ? "true" : "false", format_double(trial.psnr), format_double(trial.ssim),
                        csv_field(trial.note));
  }
  io::write_text(path, text);
}

void write_report_md(const fs::path& path, const RunInfo& info, const std::vector<fs::path>& images,
                     const std::vector<std::string>& schemes, const std::vector<Attack>& attacks,
                     const std::vector<Trial>& trials) {
  std::string text = "# Watermark evaluation\n\n";
  text += fmt::format("Command: `{}`\n\n", info.command);
  text += fmt::format(
      "{} images, {} attacks (suite `{}`), payload {} bits, seed {}, dwtdct and dwtdctsvd in {} mode. Each image "
      "is marked with a random payload, rounded to 8 bits, attacked, rounded to 8 bits again and decoded. "
      "Known-payload detection accepts k >= {} matching bits of {}, the smallest k with P[Bin({}, 1/2) >= k] <= "
      "{:g}. Blind detection is each scheme's own test at the same FPR, without the payload (dwtdct and dwtdctsvd "
      "have none and never detect). A decoding that the scheme rejects (for example an image made too small by a "
      "resize) counts as bit accuracy 1/2 and as not detected.\n\n",
      images.size(), attacks.size(), info.suite, info.bits, info.seed, info.compat ? "compat" : "fixed",
      info.threshold, info.bits, info.bits, info.fpr);

  // Imperceptibility and the clean check, one row per scheme.
  text += "## Imperceptibility and clean check\n\nPSNR and SSIM of the marked 8-bit image against the original "
          "(8-bit RGB or grey). The clean check decodes each unmarked original with the payload it would carry: "
          "a known-payload or blind detection there is a false positive.\n\n"
          "| scheme | marked | skipped | PSNR mean (dB) | PSNR min | SSIM mean | SSIM min | clean bit accuracy | "
          "clean known-payload FP | clean blind FP |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (std::size_t s = 0; s < schemes.size(); ++s) {
    std::size_t marked = 0;
    std::size_t skipped = 0;
    double psnr_sum = 0.0;
    double psnr_min = std::numeric_limits<double>::infinity();
    double ssim_sum = 0.0;
    double ssim_min = std::numeric_limits<double>::infinity();
    std::size_t finite_psnr = 0;
    for (const Trial& trial : trials) {
      if (trial.scheme != s || trial.attack != kNoAttack) continue;
      if (trial.outcome == Outcome::skipped) {
        ++skipped;
        continue;
      }
      ++marked;
      if (std::isfinite(trial.psnr)) {
        psnr_sum += trial.psnr;
        ++finite_psnr;
      }
      psnr_min = std::min(psnr_min, trial.psnr);
      ssim_sum += trial.ssim;
      ssim_min = std::min(ssim_min, trial.ssim);
    }
    const Cell clean = summarise(trials, s, kUnmarked);
    const auto clean_count = [&](bool Trial::*field) {
      std::size_t count = 0;
      for (const Trial& trial : trials) {
        if (trial.scheme == s && trial.attack == kUnmarked && trial.*field) ++count;
      }
      return count;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    text += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} of {} | {} of {} |\n", schemes[s], marked, skipped,
                        number(finite_psnr > 0 ? psnr_sum / static_cast<double>(finite_psnr) : nan, 2),
                        number(marked > 0 ? psnr_min : nan, 2),
                        number(marked > 0 ? ssim_sum / static_cast<double>(marked) : nan, 4),
                        number(marked > 0 ? ssim_min : nan, 4), number(clean.bit_accuracy, 3),
                        clean_count(&Trial::known_detected), clean.trials, clean_count(&Trial::blind_detected),
                        clean.trials);
  }
  text += "\n";

  // Robustness tables: row 0 is the marked image without attack.
  std::vector<std::string> names{kNoAttack};
  std::vector<std::string> groups{kNoAttack};
  for (const Attack& attack : attacks) {
    names.push_back(attack.name);
    groups.push_back(attack.group);
  }
  std::vector<std::vector<Cell>> cells(schemes.size());
  for (std::size_t s = 0; s < schemes.size(); ++s) {
    for (const std::string& name : names) cells[s].push_back(summarise(trials, s, name));
  }
  text += attack_table("Bit accuracy", "Mean fraction of payload bits decoded correctly (1/2 is chance).", schemes,
                       names, groups, cells, [](const Cell& c) { return number(c.bit_accuracy, 3); });
  text += attack_table("Word accuracy", "Fraction of images with every payload bit correct.", schemes, names, groups,
                       cells, [](const Cell& c) { return number(c.word_accuracy, 3); });
  text += attack_table(fmt::format("TPR at FPR {:g} (known payload)", info.fpr),
                       fmt::format("Fraction of images with at least {} of {} bits correct.", info.threshold, info.bits),
                       schemes, names, groups, cells, [](const Cell& c) { return number(c.known_rate, 3); });
  text += attack_table("Blind detection rate", "Fraction of images the scheme detected without the payload.", schemes,
                       names, groups, cells, [](const Cell& c) { return number(c.blind_rate, 3); });

  std::string failures;
  for (std::size_t s = 0; s < schemes.size(); ++s) {
    for (std::size_t a = 0; a < names.size(); ++a) {
      const Cell& cell = cells[s][a];
      if (cell.failures == 0) continue;
      failures += fmt::format("| {} | {} | {} of {} | {} |\n", schemes[s], cell_text(names[a]), cell.failures,
                              cell.trials, cell_text(cell.first_failure));
    }
  }
  if (!failures.empty()) {
    text += "## Decodings the scheme rejected\n\n| scheme | attack | count | first message |\n|---|---|---|---|\n" +
            failures + "\n";
  }
  io::write_text(path, text);
}

std::vector<std::string> summary_lines(const std::vector<std::string>& schemes, const std::vector<Attack>& attacks,
                                       const std::vector<Trial>& trials) {
  std::vector<std::string> lines;
  for (std::size_t s = 0; s < schemes.size(); ++s) {
    double psnr = 0.0;
    double ssim = 0.0;
    std::size_t marked = 0;
    for (const Trial& trial : trials) {
      if (trial.scheme != s || trial.attack != kNoAttack || trial.outcome == Outcome::skipped) continue;
      psnr += trial.psnr;
      ssim += trial.ssim;
      ++marked;
    }
    if (marked == 0) {
      lines.push_back(fmt::format("{}: no image was marked (each was too small or rejected; see results.csv)",
                                  schemes[s]));
      continue;
    }
    const double clean = summarise(trials, s, kNoAttack).bit_accuracy;
    double mean = 0.0;
    double lowest = std::numeric_limits<double>::infinity();
    std::string lowest_attack = "none";
    for (const Attack& attack : attacks) {
      const double accuracy = summarise(trials, s, attack.name).bit_accuracy;
      mean += accuracy;
      if (accuracy < lowest) {
        lowest = accuracy;
        lowest_attack = attack.name;
      }
    }
    std::string line = fmt::format("{}: PSNR {} dB, SSIM {}, bit accuracy {} without attack", schemes[s],
                                   number(psnr / static_cast<double>(marked), 2),
                                   number(ssim / static_cast<double>(marked), 4), number(clean, 3));
    if (!attacks.empty()) {
      line += fmt::format(", mean {} over {} attack{}, lowest {} ({})", number(mean / static_cast<double>(attacks.size()), 3),
                          attacks.size(), attacks.size() == 1 ? "" : "s", number(lowest, 3), lowest_attack);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void write_bit_accuracy_plot(const fs::path& path, const std::vector<std::string>& schemes,
                             const std::vector<Attack>& attacks, const std::vector<Trial>& trials) {
  std::vector<io::PlotSeries> series;
  for (std::size_t s = 0; s < schemes.size(); ++s) {
    io::PlotSeries line{schemes[s], {}, {}};
    for (std::size_t a = 0; a <= attacks.size(); ++a) {
      const std::string& name = a == 0 ? std::string(kNoAttack) : attacks[a - 1].name;
      line.x.push_back(static_cast<double>(a));
      line.y.push_back(summarise(trials, s, name).bit_accuracy);
    }
    series.push_back(std::move(line));
  }
  io::PlotOptions options;
  options.title = "Bit accuracy per attack";
  options.x_label = "attack number (see report.md), 0 = no attack";
  options.y_label = "mean bit accuracy";
  io::write_line_plot(path, series, options);
}

}  // namespace erlangen::cli::watermark_eval
