// Standardiser, affine PCA subspace classifier and liblinear wrapper against direct computations.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/classifier.hpp"
#include "erlangen/hierarchy/dataset.hpp"

namespace erlangen::hierarchy {
namespace {

// Two or three Gaussian blobs in `dimensions` dimensions, centres `spacing` apart on the axes.
struct Blobs {
  Eigen::MatrixXd features;
  std::vector<int> labels;
};

Blobs make_blobs(int classes, int per_class, int dimensions, double spacing, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  Blobs blobs;
  blobs.features.resize(classes * per_class, dimensions);
  for (int c = 0; c < classes; ++c) {
    for (int k = 0; k < per_class; ++k) {
      const int row = c * per_class + k;
      for (int j = 0; j < dimensions; ++j) blobs.features(row, j) = noise(engine) + (j == c ? spacing : 0.0);
      blobs.labels.push_back(c);
    }
  }
  return blobs;
}

TEST(LearnStandardiser, MatchesDirectMeanAndDeviation) {
  Eigen::MatrixXd features(4, 2);
  features << 1, 10, 2, 10, 3, 10, 6, 10;
  const Standardiser standardiser = Standardiser::fit(features);
  // Mean 3 and population deviation sqrt(((-2)^2 + 1 + 0 + 9) / 4) = sqrt(3.5), by hand.
  EXPECT_DOUBLE_EQ(standardiser.mean()[0], 3.0);
  EXPECT_DOUBLE_EQ(standardiser.scale()[0], std::sqrt(3.5));
  // The constant column keeps scale 1, so it maps to 0 instead of dividing by 0.
  EXPECT_DOUBLE_EQ(standardiser.mean()[1], 10.0);
  EXPECT_DOUBLE_EQ(standardiser.scale()[1], 1.0);

  const Eigen::MatrixXd mapped = standardiser.apply(features);
  for (int i = 0; i < 4; ++i) {
    // Direct formula; one division and one subtraction, so 1 ulp-level agreement.
    EXPECT_NEAR(mapped(i, 0), (features(i, 0) - 3.0) / std::sqrt(3.5), 1e-15);
    EXPECT_EQ(mapped(i, 1), 0.0);
  }
}

TEST(LearnStandardiser, RejectsOtherWidthAndNaN) {
  Eigen::MatrixXd features(2, 2);
  features << 1, 2, 3, 4;
  const Standardiser standardiser = Standardiser::fit(features);
  EXPECT_THROW(standardiser.apply(Eigen::MatrixXd::Zero(2, 3)), InvalidArgument);
  features(1, 1) = std::nan("");
  EXPECT_THROW(Standardiser::fit(features), InvalidArgument);
}

TEST(LearnStandardiser, JsonRoundTripIsExact) {
  const Blobs blobs = make_blobs(2, 7, 3, 2.0, 5);
  const Standardiser standardiser = Standardiser::fit(blobs.features);
  const Standardiser reloaded = Standardiser::from_json(nlohmann::json::parse(standardiser.to_json().dump()));
  EXPECT_EQ(reloaded.mean(), standardiser.mean());
  EXPECT_EQ(reloaded.scale(), standardiser.scale());
}

// Distance of x to the affine hull of `points` by Gram-Schmidt on the differences, written out
// without Eigen's decompositions, as an oracle for the PCA subspace distance.
double affine_hull_distance(const std::vector<Eigen::VectorXd>& points, const Eigen::VectorXd& x) {
  std::vector<Eigen::VectorXd> basis;
  for (std::size_t i = 1; i < points.size(); ++i) {
    Eigen::VectorXd v = points[i] - points[0];
    for (const Eigen::VectorXd& b : basis) v -= v.dot(b) * b;
    if (v.norm() > 1e-12) basis.push_back(v / v.norm());
  }
  Eigen::VectorXd residual = x - points[0];
  for (const Eigen::VectorXd& b : basis) residual -= residual.dot(b) * b;
  return residual.norm();
}

TEST(LearnPcaClassifier, ErrorIsDistanceToAffineHull) {
  // With n_c - 1 <= D, every direction of nonzero variance is kept, so the class subspace is the
  // affine hull of the class's samples.
  std::mt19937 engine(11);
  std::normal_distribution<double> noise(0.0, 1.0);
  const int dimensions = 6;
  Eigen::MatrixXd features(9, dimensions);
  std::vector<int> labels = {0, 0, 0, 0, 1, 1, 1, 1, 1};
  for (int i = 0; i < features.rows(); ++i) {
    for (int j = 0; j < dimensions; ++j) features(i, j) = noise(engine);
  }
  const PcaSubspaceClassifier classifier = PcaSubspaceClassifier::fit(features, labels, 2, 30);
  EXPECT_EQ(classifier.directions(0).cols(), 3);
  EXPECT_EQ(classifier.directions(1).cols(), 4);

  Eigen::MatrixXd probes(5, dimensions);
  for (int i = 0; i < probes.rows(); ++i) {
    for (int j = 0; j < dimensions; ++j) probes(i, j) = 2.0 * noise(engine);
  }
  const Eigen::MatrixXd errors = classifier.errors(probes);
  for (int c = 0; c < 2; ++c) {
    std::vector<Eigen::VectorXd> members;
    for (int i = 0; i < features.rows(); ++i) {
      if (labels[static_cast<std::size_t>(i)] == c) members.push_back(features.row(i).transpose());
    }
    for (int p = 0; p < probes.rows(); ++p) {
      // Two orthogonalisations of values of order 1 differ by rounding only.
      EXPECT_NEAR(errors(p, c), affine_hull_distance(members, probes.row(p).transpose()), 1e-10)
          << "class " << c << " probe " << p;
    }
  }
}

TEST(LearnPcaClassifier, HandComputedPrincipalAxes) {
  // Class 0: points on the axes with variances 3 (x), 1/3 (y) and 1/12 (z) about mean 0, so the
  // principal directions are the x, then the y axis. Class 1 only makes two classes.
  Eigen::MatrixXd features(8, 3);
  features << 3, 0, 0, -3, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0.5, 0, 0, -0.5,  //
      10, 10, 10, 11, 10, 10;
  const std::vector<int> labels = {0, 0, 0, 0, 0, 0, 1, 1};
  Eigen::MatrixXd probe(1, 3);
  probe << 1, 2, 3;

  const PcaSubspaceClassifier one = PcaSubspaceClassifier::fit(features, labels, 2, 1);
  // D = 1 removes the x component: sqrt(2^2 + 3^2).
  EXPECT_NEAR(one.errors(probe)(0, 0), std::sqrt(13.0), 1e-12);
  const PcaSubspaceClassifier two = PcaSubspaceClassifier::fit(features, labels, 2, 2);
  // D = 2 removes x and y: |3|.
  EXPECT_NEAR(two.errors(probe)(0, 0), 3.0, 1e-12);
  EXPECT_NEAR(std::abs(two.directions(0)(0, 0)), 1.0, 1e-12);
  EXPECT_NEAR(std::abs(two.directions(0)(1, 1)), 1.0, 1e-12);
  // Class 1 has 2 samples, so at most 1 direction.
  EXPECT_EQ(two.directions(1).cols(), 1);
}

TEST(LearnPcaClassifier, PredictsBlobClasses) {
  const Blobs train = make_blobs(3, 40, 5, 8.0, 1);
  const Blobs test = make_blobs(3, 20, 5, 8.0, 2);
  const PcaSubspaceClassifier classifier = PcaSubspaceClassifier::fit(train.features, train.labels, 3, 2);
  EXPECT_EQ(classifier.predict(test.features), test.labels);
  const PcaSubspaceClassifier reloaded = PcaSubspaceClassifier::from_json(nlohmann::json::parse(classifier.to_json().dump()));
  EXPECT_EQ(reloaded.errors(test.features), classifier.errors(test.features));
}

TEST(LearnLinearClassifier, SeparatesSeparableToySet) {
  // Centres 10 standard deviations apart: linearly separable with overwhelming probability.
  const Blobs train = make_blobs(3, 50, 4, 10.0, 3);
  const Blobs test = make_blobs(3, 30, 4, 10.0, 4);
  for (const LinearLoss loss : {LinearLoss::svm, LinearLoss::logistic}) {
    const LinearClassifier classifier = LinearClassifier::fit(train.features, train.labels, 3, loss, 1.0);
    EXPECT_EQ(classifier.predict(train.features), train.labels) << to_string(loss);
    EXPECT_EQ(classifier.predict(test.features), test.labels) << to_string(loss);
    // Class c's weight on its own axis dominates the others.
    for (int c = 0; c < 3; ++c) EXPECT_GT(classifier.weights()(c, c), 0.0) << to_string(loss);
  }
}

TEST(LearnLinearClassifier, TwoClassScoresHaveTheRightSign) {
  // A 1-D problem: class 1 lies at positive x. liblinear orders labels by first occurrence, so
  // class 1 first makes the +1 label its second entry, which the wrapper must undo.
  Eigen::MatrixXd features(6, 1);
  features << 3, 4, 5, -3, -4, -5;
  const std::vector<int> labels = {1, 1, 1, 0, 0, 0};
  const LinearClassifier classifier = LinearClassifier::fit(features, labels, 2, LinearLoss::svm, 1.0);
  EXPECT_GT(classifier.weights()(1, 0), 0.0);
  EXPECT_LT(classifier.weights()(0, 0), 0.0);
  EXPECT_EQ(classifier.predict(features), labels);
}

TEST(LearnLinearClassifier, FitIsDeterministic) {
  const Blobs train = make_blobs(3, 30, 4, 2.0, 6);
  const LinearClassifier a = LinearClassifier::fit(train.features, train.labels, 3, LinearLoss::svm, 0.5);
  const LinearClassifier b = LinearClassifier::fit(train.features, train.labels, 3, LinearLoss::svm, 0.5);
  EXPECT_EQ(a.weights(), b.weights());
  EXPECT_EQ(a.bias(), b.bias());
}

TEST(LearnLinearClassifier, RejectsBadInput) {
  const Blobs train = make_blobs(2, 5, 2, 5.0, 7);
  EXPECT_THROW(LinearClassifier::fit(train.features, train.labels, 2, LinearLoss::svm, 0.0), InvalidArgument);
  EXPECT_THROW(LinearClassifier::fit(train.features, train.labels, 1, LinearLoss::svm, 1.0), InvalidArgument);
  std::vector<int> short_labels(train.labels.begin(), train.labels.end() - 1);
  EXPECT_THROW(LinearClassifier::fit(train.features, short_labels, 2, LinearLoss::svm, 1.0), InvalidArgument);
  // Class 2 has no sample.
  EXPECT_THROW(LinearClassifier::fit(train.features, train.labels, 3, LinearLoss::svm, 1.0), InvalidArgument);
  EXPECT_THROW(parse_linear_loss("rbf"), InvalidArgument);
}

TEST(LearnCrossValidation, PicksFromGridDeterministically) {
  const Blobs train = make_blobs(3, 30, 4, 3.0, 8);
  const std::vector<double> grid = {0.01, 1.0, 100.0};
  const CrossValidation a = cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, 5, 42);
  const CrossValidation b = cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, 5, 42);
  EXPECT_EQ(a.accuracies, b.accuracies);
  EXPECT_EQ(a.best_c, b.best_c);
  ASSERT_EQ(a.accuracies.size(), 3u);
  for (const double accuracy : a.accuracies) {
    EXPECT_GE(accuracy, 0.0);
    EXPECT_LE(accuracy, 1.0);
  }
  // Blobs 3 deviations apart are mostly separable: the best C reaches well above chance (1/3).
  EXPECT_GT(*std::max_element(a.accuracies.begin(), a.accuracies.end()), 0.8);
  EXPECT_TRUE(a.best_c == 0.01 || a.best_c == 1.0 || a.best_c == 100.0);
  // Too many folds for 30 samples per class.
  EXPECT_THROW(cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, 31, 42), InvalidArgument);
}

// The standard errors against a direct recomputation: the same stratified folds, the standardiser
// fitted on the training folds, one fit per fold and C, and the sample deviation of the fold
// accuracies over sqrt(folds).
TEST(LearnCrossValidation, StandardErrorsMatchPerFoldRefits) {
  const Blobs train = make_blobs(3, 24, 4, 1.5, 9);
  const std::vector<double> grid = {0.01, 1.0};
  constexpr int folds = 4;
  const CrossValidation cv = cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, folds, 7);
  const std::vector<int> fold_of = stratified_folds(train.labels, folds, 7);
  for (std::size_t k = 0; k < grid.size(); ++k) {
    std::vector<double> accuracy;
    for (int fold = 0; fold < folds; ++fold) {
      std::vector<std::size_t> train_rows;
      std::vector<std::size_t> test_rows;
      std::vector<int> train_labels;
      for (std::size_t i = 0; i < train.labels.size(); ++i) {
        if (fold_of[i] == fold) {
          test_rows.push_back(i);
        } else {
          train_rows.push_back(i);
          train_labels.push_back(train.labels[i]);
        }
      }
      const Standardiser standardiser = Standardiser::fit(select_rows(train.features, train_rows));
      const LinearClassifier classifier = LinearClassifier::fit(
          standardiser.apply(select_rows(train.features, train_rows)), train_labels, 3, LinearLoss::svm, grid[k]);
      const std::vector<int> predicted = classifier.predict(standardiser.apply(select_rows(train.features, test_rows)));
      int correct = 0;
      for (std::size_t i = 0; i < test_rows.size(); ++i) correct += predicted[i] == train.labels[test_rows[i]] ? 1 : 0;
      accuracy.push_back(static_cast<double>(correct) / static_cast<double>(test_rows.size()));
    }
    double mean = 0.0;
    for (const double value : accuracy) mean += value / folds;
    double squares = 0.0;
    for (const double value : accuracy) squares += (value - mean) * (value - mean);
    // Tolerance: the same sums in a different order, a few units in the last place.
    EXPECT_NEAR(cv.accuracies[k], mean, 1e-12) << "C = " << grid[k];
    EXPECT_NEAR(cv.standard_errors[k], std::sqrt(squares / (folds - 1) / folds), 1e-12) << "C = " << grid[k];
    // Overlapping blobs make the folds disagree, so the error is not zero and the comparison can fail.
    EXPECT_GT(cv.standard_errors[k], 0.0) << "C = " << grid[k];
  }
}

TEST(LearnCrossValidation, OneStandardErrorRule) {
  CrossValidation cv;
  cv.c_values = {0.25, 1.0, 4.0, 16.0};
  cv.accuracies = {0.840, 0.856, 0.860, 0.859};
  cv.standard_errors = {0.030, 0.010, 0.004, 0.010};
  // Highest mean at C = 4. The threshold is 0.860 - 0.004 = 0.856, which C = 1 reaches exactly.
  EXPECT_EQ(choose_c(cv, CRule::highest_accuracy), 4.0);
  EXPECT_EQ(choose_c(cv, CRule::one_standard_error), 1.0);
  // Only the standard error of the best C counts: the wide errors at C = 0.25 and C = 1 do not
  // admit them once C = 1 falls below the threshold.
  cv.accuracies[1] = 0.855;
  EXPECT_EQ(choose_c(cv, CRule::one_standard_error), 4.0);
  // A wide error at the best C admits every smaller C down to 0.25 (0.860 - 0.05 = 0.81), and the
  // rule takes the smallest of them.
  cv.standard_errors[2] = 0.05;
  EXPECT_EQ(choose_c(cv, CRule::one_standard_error), 0.25);
  // Ties of the highest mean go to the smaller C under both rules.
  cv.accuracies = {0.8, 0.9, 0.9, 0.7};
  cv.standard_errors = {0.0, 0.0, 0.0, 0.0};
  EXPECT_EQ(choose_c(cv, CRule::highest_accuracy), 1.0);
  EXPECT_EQ(choose_c(cv, CRule::one_standard_error), 1.0);
  cv.standard_errors.pop_back();
  EXPECT_THROW(choose_c(cv, CRule::one_standard_error), InvalidArgument);
  EXPECT_EQ(parse_c_rule("one-se"), CRule::one_standard_error);
  EXPECT_EQ(parse_c_rule("best"), CRule::highest_accuracy);
  EXPECT_THROW(parse_c_rule("1se"), InvalidArgument);
}

// Over many noisy problems the one-standard-error rule never picks a larger C than the highest
// accuracy, always picks a C within one error of the highest mean, and differs on some problems.
TEST(LearnCrossValidation, RuleDecidesTheRecordedC) {
  const std::vector<double> grid = {1.0 / 64.0, 1.0 / 4.0, 4.0, 64.0};
  int differ = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const Blobs train = make_blobs(3, 20, 6, 1.0, seed);
    const CrossValidation best = cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, 3, seed,
                                                  true, CRule::highest_accuracy);
    const CrossValidation simple = cross_validate_c(train.features, train.labels, 3, LinearLoss::svm, grid, 3, seed,
                                                    true, CRule::one_standard_error);
    EXPECT_EQ(best.accuracies, simple.accuracies);
    EXPECT_EQ(simple.rule, CRule::one_standard_error);
    EXPECT_LE(simple.best_c, best.best_c) << "seed " << seed;
    const auto top = static_cast<std::size_t>(std::find(grid.begin(), grid.end(), best.best_c) - grid.begin());
    const auto chosen = static_cast<std::size_t>(std::find(grid.begin(), grid.end(), simple.best_c) - grid.begin());
    ASSERT_LT(top, grid.size());
    ASSERT_LT(chosen, grid.size());
    EXPECT_GE(simple.accuracies[chosen], best.accuracies[top] - best.standard_errors[top]) << "seed " << seed;
    differ += simple.best_c != best.best_c ? 1 : 0;
  }
  // Measured: the rules differ on 7 of the 12 problems.
  EXPECT_GT(differ, 0);
}

}  // namespace
}  // namespace erlangen::hierarchy
