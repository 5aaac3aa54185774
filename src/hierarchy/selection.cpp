// Fisher and chi-square ranking of features and top-k path selection.
#include "erlangen/hierarchy/selection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "classifier_checks.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy {

std::string_view to_string(SelectionScore score) { return score == SelectionScore::fisher ? "fisher" : "chi2"; }

SelectionScore parse_selection_score(std::string_view text) {
  if (text == "fisher" || text == "anova") return SelectionScore::fisher;
  if (text == "chi2") return SelectionScore::chi2;
  throw_invalid_argument("path selection", "score", text, "fisher or chi2", "pass --select fisher or chi2");
}

std::vector<double> fisher_scores(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count) {
  constexpr std::string_view operation = "fisher scores";
  detail::check_training_input(operation, features, labels, class_count);
  const auto samples = static_cast<double>(labels.size());
  if (labels.size() <= static_cast<std::size_t>(class_count)) {
    throw InvalidArgument(fmt::format("{}: {} samples for {} classes; the F-score needs more samples than classes",
                                      operation, labels.size(), class_count));
  }
  const std::vector<std::size_t> counts = detail::count_classes(labels, class_count);
  std::vector<double> scores(static_cast<std::size_t>(features.cols()));
  std::vector<double> class_mean(static_cast<std::size_t>(class_count));
  for (Eigen::Index j = 0; j < features.cols(); ++j) {
    std::fill(class_mean.begin(), class_mean.end(), 0.0);
    for (std::size_t i = 0; i < labels.size(); ++i) class_mean[static_cast<std::size_t>(labels[i])] += features(static_cast<Eigen::Index>(i), j);
    for (int c = 0; c < class_count; ++c) class_mean[static_cast<std::size_t>(c)] /= static_cast<double>(counts[static_cast<std::size_t>(c)]);
    const double mean = features.col(j).mean();

    double between = 0.0;
    for (int c = 0; c < class_count; ++c) {
      const double difference = class_mean[static_cast<std::size_t>(c)] - mean;
      between += static_cast<double>(counts[static_cast<std::size_t>(c)]) * difference * difference;
    }
    double within = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const double difference = features(static_cast<Eigen::Index>(i), j) - class_mean[static_cast<std::size_t>(labels[i])];
      within += difference * difference;
    }
    between /= class_count - 1;
    within /= samples - class_count;
    // Compare with a scale-aware zero, because sums of rounded values rarely cancel exactly.
    const double tiny = 1e-24 * std::max(1.0, mean * mean);
    if (within <= tiny) {
      scores[static_cast<std::size_t>(j)] = between > tiny ? std::numeric_limits<double>::infinity() : 0.0;
    } else {
      scores[static_cast<std::size_t>(j)] = between / within;
    }
  }
  return scores;
}

std::vector<double> chi2_scores(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                int bins) {
  constexpr std::string_view operation = "chi2 scores";
  if (bins < 2) {
    throw_invalid_argument(operation, "bins", bins, "an integer >= 2", "pass for example 10");
  }
  detail::check_training_input(operation, features, labels, class_count);
  const std::size_t samples = labels.size();
  std::vector<double> scores(static_cast<std::size_t>(features.cols()), 0.0);
  std::vector<double> sorted(samples);
  std::vector<double> edges;
  std::vector<double> table(static_cast<std::size_t>(bins * class_count));
  std::vector<double> bin_totals(static_cast<std::size_t>(bins));
  const std::vector<std::size_t> class_totals = detail::count_classes(labels, class_count);

  for (Eigen::Index j = 0; j < features.cols(); ++j) {
    for (std::size_t i = 0; i < samples; ++i) sorted[i] = features(static_cast<Eigen::Index>(i), j);
    std::sort(sorted.begin(), sorted.end());
    edges.clear();
    for (int b = 1; b < bins; ++b) edges.push_back(sorted[static_cast<std::size_t>(b) * samples / static_cast<std::size_t>(bins)]);

    std::fill(table.begin(), table.end(), 0.0);
    std::fill(bin_totals.begin(), bin_totals.end(), 0.0);
    for (std::size_t i = 0; i < samples; ++i) {
      const double value = features(static_cast<Eigen::Index>(i), j);
      const auto bin = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), value) - edges.begin());
      table[bin * static_cast<std::size_t>(class_count) + static_cast<std::size_t>(labels[i])] += 1.0;
      bin_totals[bin] += 1.0;
    }
    double statistic = 0.0;
    for (int b = 0; b < bins; ++b) {
      for (int c = 0; c < class_count; ++c) {
        const double expected = bin_totals[static_cast<std::size_t>(b)] * static_cast<double>(class_totals[static_cast<std::size_t>(c)]) /
                                static_cast<double>(samples);
        if (expected <= 0.0) continue;
        const double difference = table[static_cast<std::size_t>(b * class_count + c)] - expected;
        statistic += difference * difference / expected;
      }
    }
    scores[static_cast<std::size_t>(j)] = statistic;
  }
  return scores;
}

std::vector<std::size_t> top_k(std::span<const double> scores, std::size_t k) {
  if (k < 1) {
    throw_invalid_argument("path selection", "top", k, "an integer >= 1", "pass the number of features to keep");
  }
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool a_nan = std::isnan(scores[a]);
    const bool b_nan = std::isnan(scores[b]);
    if (a_nan || b_nan) return !a_nan && b_nan;
    return scores[a] > scores[b];
  });
  order.resize(std::min(k, order.size()));
  return order;
}

std::vector<std::string> selected_paths(std::span<const FeatureLabel> labels, std::span<const std::size_t> selected) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  for (const std::size_t index : selected) {
    if (index >= labels.size()) {
      throw_invalid_argument("selected paths", "feature index", index, fmt::format("[0, {})", labels.size()),
                             "pass indices of existing features");
    }
    const std::string& path = labels[index].path;
    if (!path.empty() && seen.insert(path).second) paths.push_back(path);
  }
  return paths;
}

Eigen::MatrixXd select_columns(const Eigen::MatrixXd& features, std::span<const std::size_t> selected) {
  Eigen::MatrixXd result(features.rows(), static_cast<Eigen::Index>(selected.size()));
  for (std::size_t k = 0; k < selected.size(); ++k) {
    if (selected[k] >= static_cast<std::size_t>(features.cols())) {
      throw_invalid_argument("select columns", "feature index", selected[k], fmt::format("[0, {})", features.cols()),
                             "pass indices of existing features");
    }
    result.col(static_cast<Eigen::Index>(k)) = features.col(static_cast<Eigen::Index>(selected[k]));
  }
  return result;
}

}  // namespace erlangen::hierarchy
