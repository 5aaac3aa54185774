// Internal interface of `erlangen hash-eval` (apps/cli/hash_eval.cpp): the hash
// table of a run, the pair distances and ROC rows computed from it, and the
// writers of the report files (apps/cli/hash_eval_report.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/forensics/roc.hpp"

namespace erlangen::cli::hash_eval {

using forensics::BitHash;
using forensics::HashResult;
using forensics::SuiteEntry;

// FPR targets of every ROC row.
inline constexpr double kTargetFprs[2] = {1e-3, 1e-4};

// One algorithm as evaluated: its label in reports, the options passed to
// compute_hash and the distance it is compared with.
struct EvaluatedAlgorithm {
  std::string label;
  forensics::HashOptions options;
  bool moment_dihedral = false;  // moment-dihedral: minimum over the 8 permuted hashes of b
  bool pdq_dihedral = false;     // pdq-dihedral: minimum over the 8 dihedral hashes of a
  std::size_t bits = 0;
  std::size_t threshold = 0;

  std::size_t distance(const HashResult& a, const HashResult& b) const {
    if (moment_dihedral) {
      return forensics::moment_hash_distance(a.bits, b.bits, forensics::MomentHashMode::dihedral);
    }
    if (pdq_dihedral && !a.dihedral.empty()) {
      std::size_t smallest = forensics::hamming_distance(a.bits, b.bits);
      for (const BitHash& variant : a.dihedral) {
        smallest = std::min(smallest, forensics::hamming_distance(variant, b.bits));
      }
      return smallest;
    }
    return forensics::hamming_distance(a.bits, b.bits);
  }
};

// Every hash of the run: original[algorithm][image], attacked[algorithm][attack][image] and
// distractor[algorithm][image] (the unattacked images of --distractors, empty without it).
struct HashTable {
  std::vector<std::vector<HashResult>> original;
  std::vector<std::vector<std::vector<HashResult>>> attacked;
  std::vector<std::vector<HashResult>> distractor;
};

// Distances of one attack (or a pooled group) for one algorithm.
struct PairDistances {
  std::vector<std::size_t> same;       // (original i, attacked i)
  // Originals i < j and (original i, distractor d), then (attacked i, original j) with i != j and
  // (attacked i, distractor d).
  std::vector<std::size_t> different;
};

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

// Facts about the run for the header of summary.md.
struct RunInfo {
  std::string command;
  std::size_t images = 0;
  std::size_t distractors = 0;
  std::size_t attacks = 0;
  std::string suite;
  std::uint64_t seed = 0;
};

// Number of different-image pairs of one attack's row: pairs of originals, originals against
// distractors, and attacked copies against the other originals and every distractor.
inline std::size_t different_pairs_per_attack(std::size_t images, std::size_t distractors) {
  return images * (images - 1) / 2 + images * distractors + images * (images - 1) + images * distractors;
}

// Analyses every algorithm: one row per attack, per group and overall, in that order per
// algorithm. `groups` receives the group names in suite order.
std::vector<ResultRow> analyse_all(const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                                   const HashTable& table, std::vector<std::string>& groups);

// Report files, each written atomically.
void write_summary_md(const std::filesystem::path& path, const RunInfo& info, const std::vector<ResultRow>& rows,
                      const std::vector<EvaluatedAlgorithm>& algorithms, const std::vector<std::string>& groups);
void write_summary_csv(const std::filesystem::path& path, const std::vector<ResultRow>& rows);
void write_distances_csv(const std::filesystem::path& path, const std::vector<std::filesystem::path>& images,
                         const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                         const HashTable& table);
void write_histograms_csv(const std::filesystem::path& path, const std::vector<ResultRow>& rows,
                          const std::vector<EvaluatedAlgorithm>& algorithms);
// ROC points of the pooled rows (groups and "all").
void write_roc_csv(const std::filesystem::path& path, const std::vector<ResultRow>& rows);
void write_hashes_csv(const std::filesystem::path& path, const std::vector<std::filesystem::path>& images,
                      const std::vector<SuiteEntry>& suite, const std::vector<EvaluatedAlgorithm>& algorithms,
                      const HashTable& table);
// Writes roc_<group>.png for every group and "all", and tpr_<group>.png for
// groups with two or more strengths; returns the paths written.
std::vector<std::filesystem::path> write_plots(const std::filesystem::path& out, const std::vector<ResultRow>& rows,
                                               const std::vector<EvaluatedAlgorithm>& algorithms,
                                               const std::vector<std::string>& groups);

}  // namespace erlangen::cli::hash_eval
