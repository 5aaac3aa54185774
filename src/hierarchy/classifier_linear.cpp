// One-vs-rest linear SVM and logistic regression through liblinear, and the cross-validated
// choice of the penalty C.
#include <cmath>
#include <mutex>

#include <fmt/format.h>
#include <linear.h>

#include "../core/json_integer.hpp"
#include "../core/parallel_failure.hpp"
#include "classifier_checks.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/classifier.hpp"
#include "erlangen/hierarchy/dataset.hpp"

namespace erlangen::hierarchy {

namespace {

void discard_liblinear_output(const char*) {}

// liblinear prints progress to stdout unless a print function is installed; the library never
// prints, so a silent one is installed once.
void silence_liblinear() {
  static std::once_flag once;
  std::call_once(once, [] { set_print_string_function(&discard_liblinear_output); });
}

// Sparse rows in liblinear's layout: 1-based indices, a bias node of index n + 1 and value 1,
// then the terminator of index -1. Zero features are kept, which costs memory but keeps the
// layout simple for the dense matrices used here.
struct LiblinearRows {
  std::vector<feature_node> nodes;
  std::vector<feature_node*> rows;

  explicit LiblinearRows(const Eigen::MatrixXd& features) {
    const Eigen::Index n = features.cols();
    nodes.resize(static_cast<std::size_t>(features.rows() * (n + 2)));
    rows.resize(static_cast<std::size_t>(features.rows()));
    for (Eigen::Index i = 0; i < features.rows(); ++i) {
      feature_node* row = nodes.data() + i * (n + 2);
      for (Eigen::Index j = 0; j < n; ++j) row[j] = {static_cast<int>(j + 1), features(i, j)};
      row[n] = {static_cast<int>(n + 1), 1.0};
      row[n + 1] = {-1, 0.0};
      rows[static_cast<std::size_t>(i)] = row;
    }
  }
};

}  // namespace

std::string_view to_string(LinearLoss loss) { return loss == LinearLoss::svm ? "svm" : "logreg"; }

LinearLoss parse_linear_loss(std::string_view text) {
  if (text == "svm") return LinearLoss::svm;
  if (text == "logreg" || text == "logistic") return LinearLoss::logistic;
  throw_invalid_argument("linear classifier", "loss", text, "svm or logreg", "pass --classifier svm or logreg");
}

Eigen::MatrixXd select_rows(const Eigen::MatrixXd& features, std::span<const std::size_t> rows) {
  Eigen::MatrixXd result(static_cast<Eigen::Index>(rows.size()), features.cols());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] >= static_cast<std::size_t>(features.rows())) {
      throw_invalid_argument("select rows", "row", rows[k], fmt::format("[0, {})", features.rows()),
                             "pass indices of existing samples");
    }
    result.row(static_cast<Eigen::Index>(k)) = features.row(static_cast<Eigen::Index>(rows[k]));
  }
  return result;
}

LinearClassifier LinearClassifier::fit(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                       LinearLoss loss, double c, double tolerance) {
  constexpr std::string_view operation = "linear classifier fit";
  if (!(c > 0.0) || !std::isfinite(c)) {
    throw_invalid_argument(operation, "C", c, "a finite value > 0", "pass for example 1");
  }
  if (!(tolerance > 0.0) || !std::isfinite(tolerance)) {
    throw_invalid_argument(operation, "tolerance", tolerance, "a finite value > 0", "pass for example 0.01");
  }
  detail::check_training_input(operation, features, labels, class_count);
  silence_liblinear();

  const LiblinearRows rows(features);
  const Eigen::Index n = features.cols();
  LinearClassifier result;
  result.loss_ = loss;
  result.c_ = c;
  result.weights_.resize(class_count, n);
  result.bias_.resize(class_count);

  erlangen::detail::ParallelFailure failure;
#pragma omp parallel for schedule(dynamic)
  for (int target = 0; target < class_count; ++target) {
    failure.run([&] {
      std::vector<double> y(labels.size());
      for (std::size_t i = 0; i < labels.size(); ++i) y[i] = labels[i] == target ? 1.0 : -1.0;
      problem task{};
      task.l = static_cast<int>(labels.size());
      task.n = static_cast<int>(n + 1);
      task.y = y.data();
      task.x = const_cast<feature_node**>(rows.rows.data());
      task.bias = 1.0;
      parameter settings{};
      settings.solver_type = loss == LinearLoss::svm ? L2R_L2LOSS_SVC : L2R_LR;
      settings.eps = tolerance;
      settings.C = c;
      if (const char* message = check_parameter(&task, &settings)) {
        throw InvalidArgument(fmt::format("{}: liblinear rejected the parameters: {}", operation, message));
      }
      model* trained = train(&task, &settings);
      if (trained == nullptr) throw Error(fmt::format("{}: liblinear returned no model", operation));
      // liblinear orders the labels as they first occur; find which index is the +1 class, so
      // that positive scores always mean "target".
      const int positive = trained->label[0] == 1 ? 0 : 1;
      for (Eigen::Index j = 0; j < n; ++j) {
        result.weights_(target, j) = get_decfun_coef(trained, static_cast<int>(j + 1), positive);
      }
      // get_decfun_bias returns the bias weight times the bias node's value 1.
      result.bias_[target] = get_decfun_bias(trained, positive);
      free_and_destroy_model(&trained);
    });
  }
  failure.rethrow();
  return result;
}

Eigen::MatrixXd LinearClassifier::scores(const Eigen::MatrixXd& features) const {
  detail::check_apply_input("linear classifier apply", features, feature_count());
  Eigen::MatrixXd result = features * weights_.transpose();
  result.rowwise() += bias_.transpose();
  return result;
}

std::vector<int> LinearClassifier::predict(const Eigen::MatrixXd& features) const {
  const Eigen::MatrixXd values = scores(features);
  std::vector<int> labels(static_cast<std::size_t>(features.rows()));
  for (Eigen::Index i = 0; i < features.rows(); ++i) labels[static_cast<std::size_t>(i)] = detail::argmax_row(values, i);
  return labels;
}

nlohmann::json LinearClassifier::to_json() const {
  return {{"loss", std::string(to_string(loss_))},
          {"c", c_},
          {"feature_count", feature_count()},
          {"weights", detail::matrix_to_json(weights_)},
          {"bias", detail::vector_to_json(bias_)}};
}

LinearClassifier LinearClassifier::from_json(const nlohmann::json& value) {
  LinearClassifier result;
  const nlohmann::json& loss = detail::member(value, "loss", "linear classifier");
  const nlohmann::json& c = detail::member(value, "c", "linear classifier");
  const nlohmann::json& feature_count = detail::member(value, "feature_count", "linear classifier");
  if (!loss.is_string() || !c.is_number() || !feature_count.is_number_integer() || feature_count.get<std::int64_t>() < 1) {
    throw InvalidArgument("model: the linear classifier needs a loss name, a number c and a positive feature_count");
  }
  result.loss_ = parse_linear_loss(loss.get<std::string>());
  result.c_ = c.get<double>();
  result.bias_ = detail::vector_from_json(detail::member(value, "bias", "linear classifier"), "linear classifier bias");
  if (result.bias_.size() < 2) {
    throw InvalidArgument("model: the linear classifier has fewer than two classes");
  }
  result.weights_ = detail::matrix_from_json(detail::member(value, "weights", "linear classifier"),
                                             "linear classifier weights", result.bias_.size(),
                                             erlangen::detail::json_integer<std::ptrdiff_t>(feature_count, "model: linear classifier feature_count"));
  return result;
}

std::vector<double> default_c_grid() {
  std::vector<double> grid;
  for (int exponent = -6; exponent <= 6; exponent += 2) grid.push_back(std::ldexp(1.0, exponent));
  return grid;
}

std::string_view to_string(CRule rule) {
  return rule == CRule::one_standard_error ? "one-se" : "best";
}

CRule parse_c_rule(std::string_view text) {
  if (text == "best") return CRule::highest_accuracy;
  if (text == "one-se") return CRule::one_standard_error;
  throw InvalidArgument(
      fmt::format("C rule \"{}\" is unknown, expected best (highest cross-validated accuracy) or one-se "
                  "(one-standard-error rule); pass one of the two",
                  text));
}

double choose_c(const CrossValidation& cv, CRule rule) {
  if (cv.c_values.empty() || cv.accuracies.size() != cv.c_values.size() ||
      (rule == CRule::one_standard_error && cv.standard_errors.size() != cv.c_values.size())) {
    throw InvalidArgument(fmt::format(
        "cross-validation: {} C values, {} accuracies and {} standard errors; pass one of each per C",
        cv.c_values.size(), cv.accuracies.size(), cv.standard_errors.size()));
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < cv.c_values.size(); ++k) {
    if (cv.accuracies[k] > cv.accuracies[best] ||
        (cv.accuracies[k] == cv.accuracies[best] && cv.c_values[k] < cv.c_values[best])) {
      best = k;
    }
  }
  if (rule == CRule::highest_accuracy) return cv.c_values[best];
  const double threshold = cv.accuracies[best] - cv.standard_errors[best];
  double chosen = cv.c_values[best];
  for (std::size_t k = 0; k < cv.c_values.size(); ++k) {
    if (cv.accuracies[k] >= threshold && cv.c_values[k] < chosen) chosen = cv.c_values[k];
  }
  return chosen;
}

CrossValidation cross_validate_c(const Eigen::MatrixXd& features, std::span<const int> labels, int class_count,
                                 LinearLoss loss, std::span<const double> c_values, int folds, std::uint64_t seed,
                                 bool standardise, CRule rule) {
  constexpr std::string_view operation = "cross-validation";
  if (c_values.empty()) {
    throw InvalidArgument(fmt::format("{}: the list of C values is empty; pass at least one C", operation));
  }
  detail::check_training_input(operation, features, labels, class_count);
  const std::vector<std::size_t> counts = detail::count_classes(labels, class_count);
  for (int c = 0; c < class_count; ++c) {
    if (counts[static_cast<std::size_t>(c)] < static_cast<std::size_t>(folds)) {
      throw InvalidArgument(fmt::format("{}: class {} has {} training samples, fewer than the {} folds; use fewer "
                                        "folds or more samples",
                                        operation, c, counts[static_cast<std::size_t>(c)], folds));
    }
  }
  const std::vector<int> fold_of = stratified_folds(labels, folds, seed);

  CrossValidation result;
  result.c_values.assign(c_values.begin(), c_values.end());
  result.folds = folds;
  result.seed = seed;
  result.rule = rule;
  // fold_accuracy[k][fold]: accuracy of C = c_values[k] on the held-out fold.
  std::vector<std::vector<double>> fold_accuracy(c_values.size(), std::vector<double>(static_cast<std::size_t>(folds)));
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<std::size_t> train_rows;
    std::vector<std::size_t> test_rows;
    std::vector<int> train_labels;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (fold_of[i] == fold) {
        test_rows.push_back(i);
      } else {
        train_rows.push_back(i);
        train_labels.push_back(labels[i]);
      }
    }
    Eigen::MatrixXd train_features = select_rows(features, train_rows);
    Eigen::MatrixXd test_features = select_rows(features, test_rows);
    if (standardise) {
      const Standardiser standardiser = Standardiser::fit(train_features);
      train_features = standardiser.apply(train_features);
      test_features = standardiser.apply(test_features);
    }
    for (std::size_t k = 0; k < c_values.size(); ++k) {
      const LinearClassifier classifier = LinearClassifier::fit(train_features, train_labels, class_count, loss, c_values[k]);
      const std::vector<int> predicted = classifier.predict(test_features);
      std::size_t correct = 0;
      for (std::size_t i = 0; i < test_rows.size(); ++i) correct += predicted[i] == labels[test_rows[i]] ? 1 : 0;
      fold_accuracy[k][static_cast<std::size_t>(fold)] =
          static_cast<double>(correct) / static_cast<double>(test_rows.size());
    }
  }
  for (const std::vector<double>& per_fold : fold_accuracy) {
    double mean = 0.0;
    for (const double value : per_fold) mean += value;
    mean /= folds;
    double squares = 0.0;
    for (const double value : per_fold) squares += (value - mean) * (value - mean);
    result.accuracies.push_back(mean);
    result.standard_errors.push_back(std::sqrt(squares / (folds - 1)) / std::sqrt(static_cast<double>(folds)));
  }
  result.best_c = choose_c(result, rule);
  return result;
}

}  // namespace erlangen::hierarchy
