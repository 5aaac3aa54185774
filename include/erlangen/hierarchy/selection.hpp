// Univariate feature and path selection, fitted on the training split: the ANOVA F-score
// (Fisher ratio) and the chi-square statistic on equal-frequency bins, top-k selection, and
// the list of hierarchical paths that the selected features need, so that extraction can be
// limited to them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "erlangen/core/labels.hpp"

namespace erlangen::hierarchy {

enum class SelectionScore {
  fisher,  // one-way ANOVA F-score
  chi2,    // chi-square independence statistic of binned feature and class
};

std::string_view to_string(SelectionScore score);
// Accepts "fisher" (also "anova") and "chi2"; throws InvalidArgument otherwise.
SelectionScore parse_selection_score(std::string_view text);

// One-way ANOVA F-score of every column (samples x features) against the class labels:
//   F = [sum_c n_c (mean_c - mean)^2 / (C - 1)] / [sum_c sum_{i in c} (x_i - mean_c)^2 / (N - C)].
// A feature with zero within-class variance scores +inf when its class means differ and 0 when
// they do not. Needs N > C >= 2; throws InvalidArgument otherwise.
std::vector<double> fisher_scores(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count);

// Chi-square statistic of every column against the labels after discretising the column into
// `bins` equal-frequency bins. The bin edges are the sorted column values at ranks
// floor(b N / bins), b = 1..bins-1, and a value v falls into bin #{edges <= v}, so equal values
// share a bin and ties merge bins. With O the bins x classes table of counts and E its
// independence expectation (row total x column total / N), chi2 = sum (O - E)^2 / E over the
// cells with E > 0. A constant column scores 0. Throws InvalidArgument for bins < 2.
std::vector<double> chi2_scores(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                int bins = 10);

// Indices of the k highest scores, best first; equal scores keep column order and NaN scores
// rank last. k larger than the number of scores keeps all. Throws InvalidArgument for k < 1.
std::vector<std::size_t> top_k(std::span<const double> scores, std::size_t k);

// The distinct paths (FeatureLabel::path) of the selected features, in the order of their first
// appearance among the selected features. Features without a path are skipped.
std::vector<std::string> selected_paths(std::span<const FeatureLabel> labels, std::span<const std::size_t> selected);

// Copies the selected columns, in the order of `selected`.
Eigen::MatrixXd select_columns(const Eigen::MatrixXd& features, std::span<const std::size_t> selected);

}  // namespace erlangen::hierarchy
