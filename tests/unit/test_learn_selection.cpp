// Fisher and chi-square scores on hand-computed examples, top-k and path export.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/selection.hpp"

namespace erlangen::hierarchy {
namespace {

TEST(LearnSelection, FisherScoreByHand) {
  // Column 0: class 0 = {1, 2, 3}, class 1 = {5, 6, 7}. Means 2 and 6, overall 4.
  // Between: 3 (2-4)^2 + 3 (6-4)^2 = 24 over C - 1 = 1. Within: 2 + 2 = 4 over N - C = 4.
  // F = 24 / 1 = 24. Column 1 is constant (F = 0); column 2 is constant within each class
  // with different means (F = +inf).
  Eigen::MatrixXd features(6, 3);
  features << 1, 7, 0, 2, 7, 0, 3, 7, 0, 5, 7, 1, 6, 7, 1, 7, 7, 1;
  const std::vector<int> labels = {0, 0, 0, 1, 1, 1};
  const std::vector<double> scores = fisher_scores(features, labels, 2);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_NEAR(scores[0], 24.0, 1e-12);
  EXPECT_EQ(scores[1], 0.0);
  EXPECT_TRUE(std::isinf(scores[2]));
}

TEST(LearnSelection, FisherScoreThreeClasses) {
  // Class means 1, 2, 6 (n = 2 each), overall 3: between = 2 (4 + 1 + 9) = 28 over 2 = 14.
  // Within: each class {m - 1, m + 1} gives 2, total 6 over N - C = 3 = 2. F = 7.
  Eigen::MatrixXd features(6, 1);
  features << 0, 2, 1, 3, 5, 7;
  const std::vector<int> labels = {0, 0, 1, 1, 2, 2};
  EXPECT_NEAR(fisher_scores(features, labels, 3)[0], 7.0, 1e-12);
}

TEST(LearnSelection, ChiSquareByHand) {
  // Two equal-frequency bins: edge = sorted[2] = 2, so {0, 1} and {2, 3}.
  // Column 0 against labels {0, 0, 1, 1}: table [[2, 0], [0, 2]] and every E = 1, so each of the
  // 4 cells adds (O - E)^2 / E = 1 and chi2 = 4. Column 1 puts one sample of each class in each
  // bin: table [[1, 1], [1, 1]], chi2 = 0.
  Eigen::MatrixXd features(4, 3);
  features << 0, 0, 5, 1, 2, 5, 2, 1, 5, 3, 3, 5;
  const std::vector<int> labels = {0, 0, 1, 1};
  const std::vector<double> scores = chi2_scores(features, labels, 2, 2);
  EXPECT_NEAR(scores[0], 4.0, 1e-12);
  EXPECT_NEAR(scores[1], 0.0, 1e-12);
  // Constant column: one occupied bin, observed equals expected.
  EXPECT_NEAR(scores[2], 0.0, 1e-12);
}

TEST(LearnSelection, ChiSquareUnevenTable) {
  // Six samples, three bins: edges sorted[2] = 2 and sorted[4] = 4, so bins {0, 1}, {2, 3}, {4, 5}.
  // Labels 0, 0, 0, 1, 1, 1 by value: table rows (bins) [2, 0], [1, 1], [0, 2]; E = 1 in every cell.
  // chi2 = (1 + 1) + (0 + 0) + (1 + 1) = 4.
  Eigen::MatrixXd features(6, 1);
  features << 0, 1, 2, 3, 4, 5;
  const std::vector<int> labels = {0, 0, 0, 1, 1, 1};
  EXPECT_NEAR(chi2_scores(features, labels, 2, 3)[0], 4.0, 1e-12);
  EXPECT_THROW(chi2_scores(features, labels, 2, 1), InvalidArgument);
}

TEST(LearnSelection, TopKOrdersByScore) {
  const std::vector<double> scores = {1.0, std::nan(""), 5.0, 3.0, 5.0, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(top_k(scores, 3), (std::vector<std::size_t>{5, 2, 4}));
  // NaN ranks last; k beyond the size keeps all.
  EXPECT_EQ(top_k(scores, 10), (std::vector<std::size_t>{5, 2, 4, 3, 0, 1}));
  EXPECT_THROW(top_k(scores, 0), InvalidArgument);
}

TEST(LearnSelection, SelectedPathsAreDistinctInOrder) {
  std::vector<FeatureLabel> labels(5);
  labels[0].path = "(0,0)";
  labels[1].path = "(0,0)->(0,1)";
  labels[2].path = "(0,0)->(0,1)";
  labels[3].path = "";
  labels[4].path = "(1,0)";
  const std::vector<std::size_t> selected = {2, 4, 1, 3};
  EXPECT_EQ(selected_paths(labels, selected), (std::vector<std::string>{"(0,0)->(0,1)", "(1,0)"}));
  const std::vector<std::size_t> outside = {5};
  EXPECT_THROW(selected_paths(labels, outside), InvalidArgument);
}

TEST(LearnSelection, ParsesScoreNames) {
  EXPECT_EQ(parse_selection_score("fisher"), SelectionScore::fisher);
  EXPECT_EQ(parse_selection_score("chi2"), SelectionScore::chi2);
  EXPECT_THROW(parse_selection_score("mi"), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::hierarchy
