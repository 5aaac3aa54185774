// Pair distances, ROC rows and the report files of `erlangen hash-eval`
// (declared in hash_eval.hpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/plot.hpp"
#include "hash_eval.hpp"

namespace erlangen::cli::hash_eval {
namespace {

namespace fs = std::filesystem;
// Distances between different unattacked images: originals i < j, then each original against
// every distractor.
std::vector<std::size_t> original_pair_distances(const EvaluatedAlgorithm& algorithm,
                                                 const std::vector<HashResult>& originals,
                                                 const std::vector<HashResult>& distractors) {
  std::vector<std::size_t> distances;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    for (std::size_t j = i + 1; j < originals.size(); ++j) {
      distances.push_back(algorithm.distance(originals[i], originals[j]));
    }
  }
  for (const HashResult& original : originals) {
    for (const HashResult& distractor : distractors) distances.push_back(algorithm.distance(original, distractor));
  }
  return distances;
}

// Same-image and attacked-versus-other distances of one attack (without the pairs of unattacked
// images). The attacked copy is the first argument of the distance, as the query is in a search.
PairDistances attack_distances(const EvaluatedAlgorithm& algorithm, const std::vector<HashResult>& originals,
                               const std::vector<HashResult>& attacked, const std::vector<HashResult>& distractors) {
  PairDistances pairs;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    pairs.same.push_back(algorithm.distance(originals[i], attacked[i]));
    for (std::size_t j = 0; j < originals.size(); ++j) {
      if (j != i) pairs.different.push_back(algorithm.distance(attacked[i], originals[j]));
    }
    for (const HashResult& distractor : distractors) {
      pairs.different.push_back(algorithm.distance(attacked[i], distractor));
    }
  }
  return pairs;
}

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

// "0.917", or "not measurable" when the negatives cannot resolve the target FPR.
std::string tpr_text(const forensics::OperatingPoint& point) {
  if (!point.measurable) return "not measurable";
  return fmt::format("{:.3f}", point.tpr);
}

std::string rate(double value) { return std::isnan(value) ? "nan" : fmt::format("{:.4f}", value); }

std::string file_stem_of(std::string_view group) {
  std::string stem;
  for (const char c : group) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return stem;
}

}  // namespace

std::vector<ResultRow> analyse_all(const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                                   const HashTable& table, std::vector<std::string>& groups) {
  groups.clear();
  for (const SuiteEntry& entry : suite) {
    if (std::find(groups.begin(), groups.end(), entry.group) == groups.end()) groups.push_back(entry.group);
  }
  std::vector<ResultRow> rows;
  for (std::size_t a = 0; a < algorithms.size(); ++a) {
    const EvaluatedAlgorithm& algorithm = algorithms[a];
    static const std::vector<HashResult> kNoDistractors;
    const std::vector<HashResult>& distractors = table.distractor.empty() ? kNoDistractors : table.distractor[a];
    const std::vector<std::size_t> originals = original_pair_distances(algorithm, table.original[a], distractors);
    std::map<std::string, PairDistances> pooled;
    PairDistances everything{{}, originals};
    for (std::size_t k = 0; k < suite.size(); ++k) {
      PairDistances pairs = attack_distances(algorithm, table.original[a], table.attacked[a][k], distractors);
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
                            algorithm.distance(originals[i], originals[j]));
      }
    }
    for (std::size_t k = 0; k < suite.size(); ++k) {
      const std::vector<HashResult>& attacked = table.attacked[a][k];
      for (std::size_t i = 0; i < images.size(); ++i) {
        for (std::size_t j = 0; j < images.size(); ++j) {
          const std::size_t d = algorithm.distance(attacked[i], originals[j]);
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


void write_summary_md(const fs::path& path, const RunInfo& info, const std::vector<ResultRow>& rows,
                      const std::vector<EvaluatedAlgorithm>& algorithms, const std::vector<std::string>& groups) {
  const std::size_t n = info.images;
  const std::size_t d = info.distractors;
  const std::size_t per_attack = different_pairs_per_attack(n, d);
  std::string text = "# Perceptual hash evaluation\n\n";
  text += fmt::format("Command: `{}`\n\n", info.command);
  text += fmt::format("{} images, {} distractors, {} attacks (suite `{}`, seed {}).\n", n, d, info.attacks, info.suite,
                      info.seed);
  text += fmt::format(
      "Per attack: {} same-image pairs and {} different-image pairs ({} pairs of originals, {} originals against "
      "distractors, {} attacked copies against the other originals and {} against the distractors). Distractors "
      "are never attacked and never form pairs with each other. FPR targets below 1/{} = {:.2g} are not "
      "measurable per attack; pooled groups have more different-image pairs.\n\n",
      n, per_attack, n * (n - 1) / 2, n * d, n * (n - 1), n * d, per_attack, 1.0 / static_cast<double>(per_attack));
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


}  // namespace erlangen::cli::hash_eval
