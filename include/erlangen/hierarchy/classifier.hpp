// Classifiers on top of fixed feature vectors: the feature standardiser, the affine PCA subspace
// classifier and one-vs-rest linear SVM and logistic regression (liblinear), with the penalty C
// chosen by cross-validation on the training split.
//
// Feature matrices (Eigen::MatrixXd) hold one sample per row. Labels are class indices in [0, class_count). Every
// fit validates its input and throws InvalidArgument for mismatched sizes, fewer than two
// classes, a class without samples or non-finite features.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace erlangen::hierarchy {


// Per-feature affine map x -> (x - mean) / scale with the training mean and the population
// standard deviation (divisor N). A feature that is constant on the training split gets scale 1,
// so it maps to 0 minus nothing instead of dividing by 0.
class Standardiser {
 public:
  Standardiser() = default;
  // Fits mean and scale on `features` (at least one row). Throws InvalidArgument for an empty
  // matrix or a non-finite value.
  static Standardiser fit(const Eigen::MatrixXd& features);
  // Applies the map. Throws InvalidArgument when the column count differs from the fit.
  Eigen::MatrixXd apply(const Eigen::MatrixXd& features) const;

  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::VectorXd& scale() const { return scale_; }
  std::ptrdiff_t size() const { return mean_.size(); }

  nlohmann::json to_json() const;
  // Reads what to_json wrote; throws InvalidArgument for missing fields, a length mismatch or a
  // non-positive scale.
  static Standardiser from_json(const nlohmann::json& value);

 private:
  Eigen::VectorXd mean_;
  Eigen::VectorXd scale_;
};

// Affine PCA subspace classifier (the classifier of MATLAB's wavelet-scattering examples, used
// by Qi et al., "Hierarchical Invariance for Robust and Interpretable Vision Tasks at Larger
// Scales", arXiv 2402.15430). Class c stores its training mean mu_c and the top d_c principal
// directions u_1..u_dc of its training features, d_c = min(D, n_c - 1, features). A sample x
// gets error_c = sqrt(||x - mu_c||^2 - sum_k (u_k . (x - mu_c))^2), its distance to the class's
// affine subspace, and the prediction is argmin_c error_c (ties go to the lower class index).
// No feature scaling is applied inside the classifier.
class PcaSubspaceClassifier {
 public:
  PcaSubspaceClassifier() = default;
  // Fits one subspace per class. `dimension` is D >= 0. Throws InvalidArgument for a class
  // without samples or a label outside [0, class_count).
  static PcaSubspaceClassifier fit(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                   int dimension = 30);
  // Distances to every class subspace, samples x classes.
  Eigen::MatrixXd errors(const Eigen::MatrixXd& features) const;
  std::vector<int> predict(const Eigen::MatrixXd& features) const;

  int class_count() const { return static_cast<int>(means_.size()); }
  std::ptrdiff_t feature_count() const { return means_.empty() ? 0 : means_.front().size(); }
  int dimension() const { return dimension_; }
  const Eigen::VectorXd& mean(int label) const { return means_.at(static_cast<std::size_t>(label)); }
  // Orthonormal directions of a class, one per column, by decreasing eigenvalue.
  const Eigen::MatrixXd& directions(int label) const { return directions_.at(static_cast<std::size_t>(label)); }

  nlohmann::json to_json() const;
  static PcaSubspaceClassifier from_json(const nlohmann::json& value);

 private:
  int dimension_ = 30;
  std::vector<Eigen::VectorXd> means_;
  std::vector<Eigen::MatrixXd> directions_;
};

enum class LinearLoss {
  svm,       // L2-regularised squared hinge loss (liblinear solver L2R_L2LOSS_SVC, primal Newton)
  logistic,  // L2-regularised logistic loss (liblinear solver L2R_LR, primal Newton)
};

std::string_view to_string(LinearLoss loss);
// Accepts "svm" and "logreg" (also "logistic"); throws InvalidArgument otherwise.
LinearLoss parse_linear_loss(std::string_view text);

// One-vs-rest linear classifier trained by liblinear 2.3, one binary problem per class with a
// bias feature of value 1. Scores are w_c . x + b_c and the prediction is argmax_c (ties go to
// the lower class index). The primal Newton solvers are used because they draw no random
// numbers, so a fit is deterministic and the per-class problems can run in parallel.
// Prediction uses the stored weights only, so a reloaded model predicts identically.
class LinearClassifier {
 public:
  LinearClassifier() = default;
  // Trains at penalty C > 0 with stopping tolerance `tolerance` > 0 (liblinear's eps). Throws
  // InvalidArgument for C or the tolerance out of range and the input errors listed above.
  static LinearClassifier fit(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                              LinearLoss loss, double c, double tolerance = 0.01);
  // Scores, samples x classes.
  Eigen::MatrixXd scores(const Eigen::MatrixXd& features) const;
  std::vector<int> predict(const Eigen::MatrixXd& features) const;

  LinearLoss loss() const { return loss_; }
  double c() const { return c_; }
  int class_count() const { return static_cast<int>(weights_.rows()); }
  std::ptrdiff_t feature_count() const { return weights_.cols(); }
  const Eigen::MatrixXd& weights() const { return weights_; }  // classes x features
  const Eigen::VectorXd& bias() const { return bias_; }

  nlohmann::json to_json() const;
  static LinearClassifier from_json(const nlohmann::json& value);

 private:
  LinearLoss loss_ = LinearLoss::svm;
  double c_ = 1.0;
  Eigen::MatrixXd weights_;
  Eigen::VectorXd bias_;
};

// Rule that turns the cross-validated accuracy of each candidate C into one C.
enum class CRule {
  // The C of highest mean accuracy over the folds, with ties going to the smaller C.
  highest_accuracy,
  // The one-standard-error rule of Breiman et al. ("Classification and Regression Trees", 1984,
  // p. 80), also in Hastie, Tibshirani and Friedman ("The Elements of Statistical Learning"). It
  // picks the smallest C, which is the strongest regularisation, whose mean accuracy is at least
  // the highest mean minus the standard error of that highest mean. The standard error is the
  // sample standard deviation of the per-fold accuracies divided by sqrt(folds). The rule prefers
  // the simpler model when the folds cannot tell the candidates apart.
  // NOTE: with few folds this standard error is itself noisy (Chen and Yang, "The One Standard
  // Error Rule for Model Selection: Does It Work?", Stats 4, 2021, report biases of 50 to 100 %),
  // so the chosen C can change with the fold seed.
  one_standard_error,
};

std::string_view to_string(CRule rule);
// Accepts "best" (highest_accuracy) and "one-se" (one_standard_error), and throws InvalidArgument
// listing them for any other text.
CRule parse_c_rule(std::string_view text);

// Accuracy of each candidate C, measured by k-fold cross-validation on the training split.
struct CrossValidation {
  std::vector<double> c_values;
  std::vector<double> accuracies;       // mean over folds, one per C
  std::vector<double> standard_errors;  // of each mean: sample standard deviation over the folds / sqrt(folds)
  CRule rule = CRule::highest_accuracy;
  double best_c = 1.0;                  // the C that `rule` picks
  int folds = 5;
  std::uint64_t seed = 0;
};

// Applies `rule` to the accuracies and standard errors of `cv` and returns the chosen C. Throws
// InvalidArgument when the lists are empty or differ in length.
double choose_c(const CrossValidation& cv, CRule rule);

// Candidate penalties 2^-6, 2^-4, ..., 2^6.
// NOTE: the primal Newton solvers slow down sharply at large C on data far from separable (a
// 3-fold search over this grid on 8,000 standardised 784-pixel digits did not finish within an
// hour on 2 loaded cores); pass a shorter grid for such data.
std::vector<double> default_c_grid();

// Cross-validates a linear classifier over `c_values` with stratified folds from `seed`
// (stratified_folds) and picks C by `rule`. The standardiser is refitted on the training folds of
// every split, so no statistic of a held-out fold leaks into its own prediction. Throws
// InvalidArgument for an empty grid, folds < 2, or a class with fewer samples than folds.
CrossValidation cross_validate_c(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                 LinearLoss loss, std::span<const double> c_values, int folds, std::uint64_t seed,
                                 bool standardise = true, CRule rule = CRule::highest_accuracy);

// Copies the samples at `rows` into a new matrix (helper for splits and folds).
Eigen::MatrixXd select_rows(const Eigen::MatrixXd& features, std::span<const std::size_t> rows);

}  // namespace erlangen::hierarchy
