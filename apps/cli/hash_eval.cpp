// `erlangen hash-eval`: robustness and discrimination of perceptual hashes under
// an attack suite, as distance distributions, ROC curves, AUC, EER and TPR at a
// fixed FPR, written as markdown, CSV and PNG plots.
//
// Pairs: for attack a, the positive pairs are (original i, attacked i) and the
// negative pairs are every pair of different originals plus every (attacked i,
// original j) with i != j. A group of attacks (all JPEG qualities, all rotation
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
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/forensics/roc.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/plot.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using forensics::BitHash;
using forensics::HashResult;
using forensics::SuiteEntry;

constexpr double kTargetFprs[2] = {1e-3, 1e-4};

// One algorithm as evaluated: its label in reports, the options passed to
// compute_hash and the distance it is compared with.
struct EvaluatedAlgorithm {
  std::string label;
  forensics::HashOptions options;
  bool dihedral_distance = false;  // moment hash in dihedral mode: minimum over the 8 permutations
  std::size_t bits = 0;
  std::size_t threshold = 0;

  std::size_t distance(const BitHash& a, const BitHash& b) const {
    if (dihedral_distance) return forensics::moment_hash_distance(a, b, forensics::MomentHashMode::dihedral);
    return forensics::hamming_distance(a, b);
  }
};

EvaluatedAlgorithm make_algorithm(const std::string& label) {
  EvaluatedAlgorithm algorithm;
  algorithm.label = label;
  algorithm.options.algorithm = label;
  algorithm.dihedral_distance = label == "moment-dihedral";
  forensics::find_hash_algorithm(label);  // throws naming the registered ones
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

std::vector<fs::path> list_images(const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw IoError(fmt::format("hash-eval: --images '{}' is not a folder; pass a folder of images", folder.string()));
  }
  std::vector<fs::path> images;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && is_image_file(entry.path())) images.push_back(entry.path());
  }
  std::sort(images.begin(), images.end());
  if (images.size() < 2) {
    throw InvalidArgument(fmt::format("hash-eval: --images '{}' contains {} image file(s), expected at least 2 "
                                      "(PNG, JPEG, PNM or TIFF) so that different-image pairs exist; add images",
                                      folder.string(), images.size()));
  }
  return images;
}

std::vector<SuiteEntry> load_suite(const std::string& suite) {
  const std::vector<std::string> names = forensics::distortion_suite_names();
  if (std::find(names.begin(), names.end(), suite) != names.end()) return forensics::distortion_suite(suite);
  std::ifstream stream(suite);
  if (!stream) {
    throw IoError(fmt::format("hash-eval: --suite '{}' is neither a built-in suite ({}) nor a readable file; "
                              "check the name or the path",
                              suite, fmt::join(names, ", ")));
  }
  std::stringstream text;
  text << stream.rdbuf();
  try {
    return forensics::parse_suite(text.str());
  } catch (const InvalidArgument& error) {
    throw InvalidArgument(fmt::format("hash-eval: --suite '{}': {}", suite, error.what()));
  }
}

// Seed of the attacks on image `index`, so that random crops and text differ between images.
std::uint64_t image_seed(std::uint64_t seed, std::size_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(index) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Every hash of the run: original[algorithm][image] and attacked[algorithm][attack][image].
struct HashTable {
  std::vector<std::vector<HashResult>> original;
  std::vector<std::vector<std::vector<HashResult>>> attacked;
};

HashTable compute_hashes(const std::vector<fs::path>& images, const std::vector<SuiteEntry>& suite,
                         const std::vector<EvaluatedAlgorithm>& algorithms, std::uint64_t seed,
                         std::uint64_t max_pixels) {
  const std::size_t n = images.size();
  HashTable table;
  table.original.assign(algorithms.size(), std::vector<HashResult>(n));
  table.attacked.assign(algorithms.size(), std::vector<std::vector<HashResult>>(suite.size(), std::vector<HashResult>(n)));

  const bool progress = stderr_is_terminal();
  std::atomic<std::size_t> done{0};
  std::mutex failure_mutex;
  std::string failure;
  bool failure_is_io = false;
  io::ReadOptions read_options;
  read_options.max_pixels = max_pixels;

#if defined(ERLANGEN_HAVE_OPENMP)
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
    const auto index = static_cast<std::size_t>(i);
    try {
      const ImageF image = io::read_image(images[index], read_options).image;
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
    } catch (const std::exception& error) {
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (failure.empty()) {
        failure = fmt::format("hash-eval: {}: {}", images[index].string(), error.what());
        failure_is_io = dynamic_cast<const IoError*>(&error) != nullptr;
      }
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rhash-eval: %zu/%zu images hashed", finished, n);
  }
  if (progress) std::fprintf(stderr, "\n");
  if (!failure.empty()) {
    if (failure_is_io) throw IoError(failure);
    throw InvalidArgument(failure);
  }
  return table;
}

// Distances of one attack (or a pooled group) for one algorithm.
struct PairDistances {
  std::vector<std::size_t> same;       // (original i, attacked i)
  std::vector<std::size_t> different;  // originals i < j, then (attacked i, original j), i != j
};

std::vector<std::size_t> original_pair_distances(const EvaluatedAlgorithm& algorithm,
                                                 const std::vector<HashResult>& originals) {
  std::vector<std::size_t> distances;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    for (std::size_t j = i + 1; j < originals.size(); ++j) {
      distances.push_back(algorithm.distance(originals[i].bits, originals[j].bits));
    }
  }
  return distances;
}

// Same-image and attacked-versus-other distances of one attack (without the original pairs).
PairDistances attack_distances(const EvaluatedAlgorithm& algorithm, const std::vector<HashResult>& originals,
                               const std::vector<HashResult>& attacked) {
  PairDistances pairs;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    pairs.same.push_back(algorithm.distance(originals[i].bits, attacked[i].bits));
    for (std::size_t j = 0; j < originals.size(); ++j) {
      if (j != i) pairs.different.push_back(algorithm.distance(attacked[i].bits, originals[j].bits));
    }
  }
  return pairs;
}

// One row of the result tables.
struct ResultRow {
  std::string algorithm;
  std::string attack;  // attack spec, or "group:<name>", or "all"
  std::string group;
  double strength = 0.0;
  PairDistances pairs;
  forensics::RocAnalysis roc;
  forensics::ThresholdDecision decision;
};

double mean_of(const std::vector<std::size_t>& values) {
  double sum = 0.0;
  for (const std::size_t v : values) sum += static_cast<double>(v);
  return sum / static_cast<double>(values.size());
}

double median_of(std::vector<std::size_t> values) {
  std::sort(values.begin(), values.end());
  const std::size_t m = values.size() / 2;
  return values.size() % 2 == 1 ? static_cast<double>(values[m])
                                : 0.5 * static_cast<double>(values[m - 1] + values[m]);
}

ResultRow analyse(const EvaluatedAlgorithm& algorithm, std::string attack, std::string group, double strength,
                  PairDistances pairs) {
  ResultRow row;
  row.algorithm = algorithm.label;
  row.attack = std::move(attack);
  row.group = std::move(group);
  row.strength = strength;
  row.roc = forensics::analyse_roc(pairs.same, pairs.different, algorithm.bits, kTargetFprs);
  row.decision = forensics::decide_at_threshold(pairs.same, pairs.different,
                                                static_cast<std::ptrdiff_t>(algorithm.threshold));
  row.pairs = std::move(pairs);
  return row;
}

// Per attack, per group and overall rows for every algorithm, in that order per algorithm.
std::vector<ResultRow> analyse_all(const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                                   const HashTable& table, std::vector<std::string>& groups) {
  groups.clear();
  for (const SuiteEntry& entry : suite) {
    if (std::find(groups.begin(), groups.end(), entry.group) == groups.end()) groups.push_back(entry.group);
  }
  std::vector<ResultRow> rows;
  for (std::size_t a = 0; a < algorithms.size(); ++a) {
    const EvaluatedAlgorithm& algorithm = algorithms[a];
    const std::vector<std::size_t> originals = original_pair_distances(algorithm, table.original[a]);
    std::map<std::string, PairDistances> pooled;
    PairDistances everything{{}, originals};
    for (std::size_t k = 0; k < suite.size(); ++k) {
      PairDistances pairs = attack_distances(algorithm, table.original[a], table.attacked[a][k]);
      PairDistances& group = pooled[suite[k].group];
      if (group.different.empty()) group.different = originals;
      group.same.insert(group.same.end(), pairs.same.begin(), pairs.same.end());
      group.different.insert(group.different.end(), pairs.different.begin(), pairs.different.end());
      everything.same.insert(everything.same.end(), pairs.same.begin(), pairs.same.end());
      everything.different.insert(everything.different.end(), pairs.different.begin(), pairs.different.end());
      pairs.different.insert(pairs.different.begin(), originals.begin(), originals.end());
      rows.push_back(analyse(algorithm, suite[k].spec, suite[k].group, suite[k].strength, std::move(pairs)));
    }
    for (const std::string& group : groups) {
      rows.push_back(analyse(algorithm, "group:" + group, group, 0.0, std::move(pooled[group])));
    }
    rows.push_back(analyse(algorithm, "all", "all", 0.0, std::move(everything)));
  }
  return rows;
}

// "0.917", or "not measurable" when the negatives cannot resolve the target FPR.
std::string tpr_text(const forensics::OperatingPoint& point) {
  if (!point.measurable) return "not measurable";
  return fmt::format("{:.3f}", point.tpr);
}

std::string rate(double value) { return std::isnan(value) ? "nan" : fmt::format("{:.4f}", value); }

void write_summary_csv(const fs::path& path, const std::vector<ResultRow>& rows) {
  std::string text =
      "algorithm,attack,group,strength,same_pairs,different_pairs,same_mean,same_median,same_max,"
      "different_min,different_mean,auc,eer,eer_threshold,tpr_at_fpr_1e-3,threshold_at_fpr_1e-3,"
      "tpr_at_fpr_1e-4,threshold_at_fpr_1e-4,tpr_at_zero_fp,threshold_at_zero_fp,threshold,tpr_at_threshold,"
      "fpr_at_threshold,precision,recall,f1\n";
  for (const ResultRow& row : rows) {
    const auto& roc = row.roc;
    auto threshold_text = [](const forensics::OperatingPoint& point) {
      return point.measurable ? std::to_string(point.threshold) : std::string("not measurable");
    };
    text += fmt::format(
        "{},{},{},{},{},{},{:.3f},{},{},{},{:.3f},{:.6f},{:.6f},{:.3f},{},{},{},{},{:.6f},{},{},{:.6f},{:.6f},{},{:.6f},{}\n",
        csv_field(row.algorithm), csv_field(row.attack), csv_field(row.group), format_double(row.strength),
        row.pairs.same.size(), row.pairs.different.size(), mean_of(row.pairs.same), median_of(row.pairs.same),
        *std::max_element(row.pairs.same.begin(), row.pairs.same.end()),
        *std::min_element(row.pairs.different.begin(), row.pairs.different.end()), mean_of(row.pairs.different),
        roc.auc, roc.eer, roc.eer_threshold, tpr_text(roc.at_fpr[0]), threshold_text(roc.at_fpr[0]),
        tpr_text(roc.at_fpr[1]), threshold_text(roc.at_fpr[1]), roc.zero_false_positives.tpr,
        roc.zero_false_positives.threshold, row.decision.threshold, row.decision.tpr, row.decision.fpr,
        rate(row.decision.precision), row.decision.recall, rate(row.decision.f1));
  }
  io::write_text(path, text);
}

void write_distances_csv(const fs::path& path, const std::vector<fs::path>& images, const std::vector<SuiteEntry>& suite,
                         const std::vector<EvaluatedAlgorithm>& algorithms, const HashTable& table) {
  std::string text = "algorithm,attack,kind,image_a,image_b,distance\n";
  for (std::size_t a = 0; a < algorithms.size(); ++a) {
    const EvaluatedAlgorithm& algorithm = algorithms[a];
    const std::vector<HashResult>& originals = table.original[a];
    for (std::size_t i = 0; i < images.size(); ++i) {
      for (std::size_t j = i + 1; j < images.size(); ++j) {
        text += fmt::format("{},none,different,{},{},{}\n", algorithm.label, csv_field(images[i].filename().string()),
                            csv_field(images[j].filename().string()),
                            algorithm.distance(originals[i].bits, originals[j].bits));
      }
    }
    for (std::size_t k = 0; k < suite.size(); ++k) {
      const std::vector<HashResult>& attacked = table.attacked[a][k];
      for (std::size_t i = 0; i < images.size(); ++i) {
        for (std::size_t j = 0; j < images.size(); ++j) {
          const std::size_t d = algorithm.distance(attacked[i].bits, originals[j].bits);
          text += fmt::format("{},{},{},{},{},{}\n", algorithm.label, csv_field(suite[k].spec),
                              i == j ? "same" : "different", csv_field(images[i].filename().string()),
                              csv_field(images[j].filename().string()), d);
        }
      }
    }
  }
  io::write_text(path, text);
}

// Counts of each distance among same-image and different-image pairs, per row.
void write_histograms_csv(const fs::path& path, const std::vector<ResultRow>& rows,
                          const std::vector<EvaluatedAlgorithm>& algorithms) {
  std::map<std::string, std::size_t> bits;
  for (const EvaluatedAlgorithm& algorithm : algorithms) bits[algorithm.label] = algorithm.bits;
  std::string text = "algorithm,attack,distance,same_count,different_count\n";
  for (const ResultRow& row : rows) {
    std::vector<std::size_t> same(bits[row.algorithm] + 1, 0);
    std::vector<std::size_t> different(bits[row.algorithm] + 1, 0);
    for (const std::size_t d : row.pairs.same) ++same[d];
    for (const std::size_t d : row.pairs.different) ++different[d];
    for (std::size_t d = 0; d < same.size(); ++d) {
      if (same[d] == 0 && different[d] == 0) continue;
      text += fmt::format("{},{},{},{},{}\n", row.algorithm, csv_field(row.attack), d, same[d], different[d]);
    }
  }
  io::write_text(path, text);
}

void write_roc_csv(const fs::path& path, const std::vector<ResultRow>& rows) {
  std::string text = "algorithm,attack,threshold,tpr,fpr\n";
  for (const ResultRow& row : rows) {
    if (row.attack.rfind("group:", 0) != 0 && row.attack != "all") continue;
    for (const forensics::RocPoint& point : row.roc.curve) {
      text += fmt::format("{},{},{},{:.6f},{:.6f}\n", row.algorithm, csv_field(row.attack), point.threshold,
                          point.tpr, point.fpr);
    }
  }
  io::write_text(path, text);
}

void write_hashes_csv(const fs::path& path, const std::vector<fs::path>& images, const std::vector<SuiteEntry>& suite,
                      const std::vector<EvaluatedAlgorithm>& algorithms, const HashTable& table) {
  std::string text = "image,attack,algorithm,hash,quality,low_quality\n";
  auto line = [&](const fs::path& image, std::string_view attack, const EvaluatedAlgorithm& algorithm,
                  const HashResult& hash) {
    text += fmt::format("{},{},{},{},{},{}\n", csv_field(image.filename().string()), csv_field(attack),
                        algorithm.label, forensics::to_hex(hash), hash.quality, hash.low_quality ? "true" : "false");
  };
  for (std::size_t i = 0; i < images.size(); ++i) {
    for (std::size_t a = 0; a < algorithms.size(); ++a) line(images[i], "none", algorithms[a], table.original[a][i]);
    for (std::size_t k = 0; k < suite.size(); ++k) {
      for (std::size_t a = 0; a < algorithms.size(); ++a) {
        line(images[i], suite[k].spec, algorithms[a], table.attacked[a][k][i]);
      }
    }
  }
  io::write_text(path, text);
}

struct RunInfo {
  std::string command;
  std::size_t images = 0;
  std::size_t attacks = 0;
  std::string suite;
  std::uint64_t seed = 0;
};

void write_summary_md(const fs::path& path, const RunInfo& info, const std::vector<ResultRow>& rows,
                      const std::vector<EvaluatedAlgorithm>& algorithms, const std::vector<std::string>& groups) {
  const std::size_t n = info.images;
  const std::size_t per_attack = n * (n - 1) / 2 + n * (n - 1);
  std::string text = "# Perceptual hash evaluation\n\n";
  text += fmt::format("Command: `{}`\n\n", info.command);
  text += fmt::format("{} images, {} attacks (suite `{}`, seed {}).\n", n, info.attacks, info.suite, info.seed);
  text += fmt::format(
      "Per attack: {} same-image pairs and {} different-image pairs ({} pairs of originals and {} attacked copies "
      "against the other originals). FPR targets below 1/{} = {:.2g} are not measurable per attack; pooled groups "
      "have more different-image pairs.\n\n",
      n, per_attack, n * (n - 1) / 2, n * (n - 1), per_attack, 1.0 / static_cast<double>(per_attack));
  text += "A pair matches when its distance is at most the threshold. Thresholds:";
  for (const EvaluatedAlgorithm& algorithm : algorithms) {
    text += fmt::format(" {} {} of {} bits;", algorithm.label, algorithm.threshold, algorithm.bits);
  }
  text.back() = '.';
  text += "\n\n";

  text += "## Groups\n\nTPR at the default threshold (FPR in brackets) and AUC, pooled over the attacks of each group.\n\n";
  text += "| group |";
  for (const EvaluatedAlgorithm& algorithm : algorithms) text += fmt::format(" {} TPR (FPR) | {} AUC |", algorithm.label, algorithm.label);
  text += "\n|---|";
  for (std::size_t a = 0; a < algorithms.size(); ++a) text += "---|---|";
  text += "\n";
  std::vector<std::string> pooled_names;
  for (const std::string& group : groups) pooled_names.push_back("group:" + group);
  pooled_names.push_back("all");
  for (const std::string& name : pooled_names) {
    text += fmt::format("| {} |", name == "all" ? "all" : name.substr(6));
    for (const EvaluatedAlgorithm& algorithm : algorithms) {
      const auto row = std::find_if(rows.begin(), rows.end(),
                                    [&](const ResultRow& r) { return r.algorithm == algorithm.label && r.attack == name; });
      text += fmt::format(" {:.3f} ({:.3f}) | {:.4f} |", row->decision.tpr, row->decision.fpr, row->roc.auc);
    }
    text += "\n";
  }

  for (const EvaluatedAlgorithm& algorithm : algorithms) {
    text += fmt::format(
        "\n## {}\n\n| attack | same-image distance mean / max | different-image min | AUC | EER | TPR@FPR 1e-3 | "
        "TPR@FPR 1e-4 | TPR at 0 FP | TPR@{} | FPR@{} |\n|---|---|---|---|---|---|---|---|---|---|\n",
        algorithm.label, algorithm.threshold, algorithm.threshold);
    for (const ResultRow& row : rows) {
      if (row.algorithm != algorithm.label) continue;
      text += fmt::format("| {} | {:.1f} / {} | {} | {:.4f} | {:.4f} | {} | {} | {:.3f} | {:.3f} | {:.4f} |\n", row.attack,
                          mean_of(row.pairs.same), *std::max_element(row.pairs.same.begin(), row.pairs.same.end()),
                          *std::min_element(row.pairs.different.begin(), row.pairs.different.end()), row.roc.auc,
                          row.roc.eer, tpr_text(row.roc.at_fpr[0]), tpr_text(row.roc.at_fpr[1]),
                          row.roc.zero_false_positives.tpr, row.decision.tpr, row.decision.fpr);
    }
  }
  text += "\n\"not measurable\": the target FPR is below 1 / (different-image pairs), so the data cannot resolve it. "
          "\"TPR at 0 FP\" is the TPR at the largest threshold with no different-image pair matched.\n";
  io::write_text(path, text);
}

std::string file_stem_of(std::string_view group) {
  std::string stem;
  for (const char c : group) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return stem;
}

// roc_<group>.png for every group and "all", tpr_<group>.png for groups with two or more strengths.
std::vector<fs::path> write_plots(const fs::path& out, const std::vector<ResultRow>& rows,
                                  const std::vector<EvaluatedAlgorithm>& algorithms,
                                  const std::vector<std::string>& groups) {
  std::vector<fs::path> written;
  std::vector<std::string> pooled = groups;
  pooled.push_back("all");
  for (const std::string& group : pooled) {
    const std::string name = group == "all" ? "all" : "group:" + group;
    std::vector<io::PlotSeries> series;
    for (const EvaluatedAlgorithm& algorithm : algorithms) {
      for (const ResultRow& row : rows) {
        if (row.algorithm != algorithm.label || row.attack != name) continue;
        io::PlotSeries line{fmt::format("{} (AUC {:.3f})", algorithm.label, row.roc.auc), {}, {}};
        for (const forensics::RocPoint& point : row.roc.curve) {
          line.x.push_back(point.fpr);
          line.y.push_back(point.tpr);
        }
        series.push_back(std::move(line));
      }
    }
    io::PlotOptions options;
    options.title = fmt::format("ROC, attacks: {}", group);
    options.x_label = "false positive rate";
    options.y_label = "true positive rate";
    options.markers = false;
    const fs::path path = out / fmt::format("roc_{}.png", file_stem_of(group));
    io::write_line_plot(path, series, options);
    written.push_back(path);
  }

  for (const std::string& group : groups) {
    std::vector<io::PlotSeries> series;
    std::set<double> strengths;
    for (const EvaluatedAlgorithm& algorithm : algorithms) {
      io::PlotSeries line{fmt::format("{} (threshold {})", algorithm.label, algorithm.threshold), {}, {}};
      std::vector<std::pair<double, double>> points;
      for (const ResultRow& row : rows) {
        if (row.algorithm != algorithm.label || row.group != group || row.attack.rfind("group:", 0) == 0) continue;
        points.emplace_back(row.strength, row.decision.tpr);
        strengths.insert(row.strength);
      }
      std::sort(points.begin(), points.end());
      for (const auto& [x, y] : points) {
        line.x.push_back(x);
        line.y.push_back(y);
      }
      series.push_back(std::move(line));
    }
    if (strengths.size() < 2) continue;
    io::PlotOptions options;
    options.title = fmt::format("TPR at the default threshold: {}", group);
    options.x_label = fmt::format("{} strength", group);
    options.y_label = "true positive rate";
    const fs::path path = out / fmt::format("tpr_{}.png", file_stem_of(group));
    io::write_line_plot(path, series, options);
    written.push_back(path);
  }
  return written;
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
    app.add_option("--algorithms", algorithms_,
                   "comma-separated hash algorithms; moment-dihedral is compared by its minimum distance over the "
                   "8 rotations and flips (default: those of pdq,phash,dhash,ahash,moment that are registered)");
    app.add_option("--suite", suite_,
                   "built-in suite (hash, quick, watermark, watermark-classic, stable-signature) or a file with one "
                   "distortion spec per line")
        ->capture_default_str();
    app.add_option("--seed", seed_, "seed of the random attacks (crops, noise, text); image i uses a seed derived "
                                    "from it and i")
        ->capture_default_str();
    app.add_option("--out", out_, "output folder for summary.md, summary.csv, the other CSV files and the plots; "
                                  "created when missing")
        ->required();
    app.footer(
        "Positive pairs: each original with its attacked copy. Negative pairs: all pairs of different originals "
        "and each attacked copy with every other original. Distortion spec syntax: name[:value][:option], chains "
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
    const std::vector<SuiteEntry> suite = load_suite(suite_);
    const std::vector<fs::path> images = list_images(images_);
    std::error_code error;
    fs::create_directory(out_, error);
    if (!fs::is_directory(out_)) {
      throw IoError(fmt::format("hash-eval: --out '{}' could not be created as a folder{}; check that its parent "
                                "folder exists",
                                out_.string(), error ? ": " + error.message() : std::string()));
    }

    const HashTable table = compute_hashes(images, suite, algorithms, seed_, global.max_pixels);
    std::vector<std::string> groups;
    const std::vector<ResultRow> rows = analyse_all(suite, algorithms, table, groups);

    RunInfo info;
    info.command = fmt::format("erlangen hash-eval --images {} --algorithms {} --suite {} --seed {} --out {}",
                               images_.string(), fmt::join(labels_of(algorithms), ","), suite_, seed_, out_.string());
    info.images = images.size();
    info.attacks = suite.size();
    info.suite = suite_;
    info.seed = seed_;
    write_summary_md(out_ / "summary.md", info, rows, algorithms, groups);
    write_summary_csv(out_ / "summary.csv", rows);
    write_distances_csv(out_ / "distances.csv", images, suite, algorithms, table);
    write_histograms_csv(out_ / "histograms.csv", rows, algorithms);
    write_roc_csv(out_ / "roc.csv", rows);
    write_hashes_csv(out_ / "hashes.csv", images, suite, algorithms, table);
    const std::vector<fs::path> plots = write_plots(out_, rows, algorithms, groups);

    auto counted = [](std::size_t count, std::string_view noun) {
      return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
    };
    std::printf("hash-eval: %s, %s, %s (%s)\n", counted(images.size(), "image").c_str(),
                counted(suite.size(), "attack").c_str(), counted(algorithms.size(), "algorithm").c_str(),
                fmt::format("{}", fmt::join(labels_of(algorithms), ", ")).c_str());
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
  std::string algorithms_;
  std::string suite_ = "hash";
  std::uint64_t seed_ = 0;
  fs::path out_;
};

const CommandRegistrar registrar{[] { return std::make_unique<HashEvalCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
