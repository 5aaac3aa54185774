// Input checks and JSON helpers shared by the classifiers and the model file.
#include "classifier_checks.hpp"

#include <cmath>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy::detail {

namespace {

void check_finite(std::string_view operation, const Eigen::MatrixXd& features) {
  for (Eigen::Index j = 0; j < features.cols(); ++j) {
    for (Eigen::Index i = 0; i < features.rows(); ++i) {
      if (!std::isfinite(features(i, j))) {
        throw InvalidArgument(fmt::format("{}: feature {} of sample {} is {}, expected a finite value; check the "
                                          "extraction of that sample",
                                          operation, j, i, features(i, j)));
      }
    }
  }
}

}  // namespace

std::vector<std::size_t> count_classes(std::span<const int> labels, int class_count) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(std::max(class_count, 0)), 0);
  for (const int label : labels) {
    if (label >= 0 && label < class_count) ++counts[static_cast<std::size_t>(label)];
  }
  return counts;
}

void check_training_input(std::string_view operation, const Eigen::MatrixXd& features, std::span<const int> labels,
                          int class_count) {
  if (class_count < 2) {
    throw_invalid_argument(operation, "class count", class_count, "at least 2", "train on samples of two or more classes");
  }
  if (features.rows() != static_cast<Eigen::Index>(labels.size())) {
    throw InvalidArgument(fmt::format("{}: the feature matrix has {} rows but there are {} labels; pass one label "
                                      "per sample",
                                      operation, features.rows(), labels.size()));
  }
  if (features.cols() < 1) {
    throw_invalid_argument(operation, "feature count", features.cols(), "at least 1", "extract at least one feature");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= class_count) {
      throw_invalid_argument(operation, fmt::format("label of sample {}", i), labels[i],
                             fmt::format("a class index in [0, {})", class_count), "map class names to indices");
    }
  }
  const std::vector<std::size_t> counts = count_classes(labels, class_count);
  for (int c = 0; c < class_count; ++c) {
    if (counts[static_cast<std::size_t>(c)] == 0) {
      throw InvalidArgument(fmt::format("{}: class {} has no training sample; every class needs at least one",
                                        operation, c));
    }
  }
  check_finite(operation, features);
}

void check_apply_input(std::string_view operation, const Eigen::MatrixXd& features, std::ptrdiff_t columns) {
  if (features.cols() != columns) {
    throw InvalidArgument(fmt::format("{}: the samples have {} features but the classifier was trained on {}; "
                                      "extract features with the configuration of the model",
                                      operation, features.cols(), columns));
  }
  check_finite(operation, features);
}

int argmax_row(const Eigen::MatrixXd& values, std::ptrdiff_t row) {
  int best = 0;
  for (Eigen::Index c = 1; c < values.cols(); ++c) {
    if (values(row, c) > values(row, best)) best = static_cast<int>(c);
  }
  return best;
}

int argmin_row(const Eigen::MatrixXd& values, std::ptrdiff_t row) {
  int best = 0;
  for (Eigen::Index c = 1; c < values.cols(); ++c) {
    if (values(row, c) < values(row, best)) best = static_cast<int>(c);
  }
  return best;
}

nlohmann::json vector_to_json(const Eigen::VectorXd& vector) {
  nlohmann::json array = nlohmann::json::array();
  for (Eigen::Index i = 0; i < vector.size(); ++i) array.push_back(vector[i]);
  return array;
}

Eigen::VectorXd vector_from_json(const nlohmann::json& value, std::string_view field, std::ptrdiff_t expected) {
  if (!value.is_array()) {
    throw InvalidArgument(fmt::format("model: {} is not an array of numbers", field));
  }
  if (expected >= 0 && static_cast<std::ptrdiff_t>(value.size()) != expected) {
    throw InvalidArgument(fmt::format("model: {} has {} values, expected {}; the model file is inconsistent",
                                      field, value.size(), expected));
  }
  Eigen::VectorXd vector(static_cast<Eigen::Index>(value.size()));
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_number()) {
      throw InvalidArgument(fmt::format("model: {}[{}] is not a number", field, i));
    }
    vector[static_cast<Eigen::Index>(i)] = value[i].get<double>();
  }
  return vector;
}

nlohmann::json matrix_to_json(const Eigen::MatrixXd& matrix) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) rows.push_back(vector_to_json(matrix.row(i).transpose()));
  return rows;
}

Eigen::MatrixXd matrix_from_json(const nlohmann::json& value, std::string_view field, std::ptrdiff_t rows,
                                 std::ptrdiff_t cols) {
  if (!value.is_array() || static_cast<std::ptrdiff_t>(value.size()) != rows) {
    throw InvalidArgument(fmt::format("model: {} must be an array of {} rows; the model file is inconsistent", field,
                                      rows));
  }
  Eigen::MatrixXd matrix(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    matrix.row(i) = vector_from_json(value[static_cast<std::size_t>(i)], fmt::format("{}[{}]", field, i), cols);
  }
  return matrix;
}

const nlohmann::json& member(const nlohmann::json& object, std::string_view key, std::string_view context) {
  if (!object.is_object()) {
    throw InvalidArgument(fmt::format("model: {} is not a JSON object", context));
  }
  const auto found = object.find(std::string(key));
  if (found == object.end()) {
    throw InvalidArgument(fmt::format("model: {} has no field \"{}\"; the model file is incomplete", context, key));
  }
  return *found;
}

}  // namespace erlangen::hierarchy::detail
