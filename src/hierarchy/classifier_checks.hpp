// Input checks and JSON helpers shared by the classifiers and the model file.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace erlangen::hierarchy::detail {

// Throws InvalidArgument unless `features` has one row per label, at least one column, only
// finite values, labels in [0, class_count), class_count >= 2 and every class present.
void check_training_input(std::string_view operation, const Eigen::MatrixXd& features, std::span<const int> labels,
                          int class_count);

// Throws InvalidArgument unless `features` has `columns` columns and only finite values.
void check_apply_input(std::string_view operation, const Eigen::MatrixXd& features, std::ptrdiff_t columns);

// Number of training samples of each class.
std::vector<std::size_t> count_classes(std::span<const int> labels, int class_count);

// Index of the largest value in a row; ties go to the lowest index.
int argmax_row(const Eigen::MatrixXd& values, std::ptrdiff_t row);
int argmin_row(const Eigen::MatrixXd& values, std::ptrdiff_t row);

nlohmann::json vector_to_json(const Eigen::VectorXd& vector);
// Reads a numeric array of the expected length (any length when expected < 0); throws
// InvalidArgument naming `field` otherwise.
Eigen::VectorXd vector_from_json(const nlohmann::json& value, std::string_view field, std::ptrdiff_t expected = -1);
// A matrix as an array of rows.
nlohmann::json matrix_to_json(const Eigen::MatrixXd& matrix);
Eigen::MatrixXd matrix_from_json(const nlohmann::json& value, std::string_view field, std::ptrdiff_t rows,
                                 std::ptrdiff_t cols);
// The member `key` of an object; throws InvalidArgument naming it when it is missing.
const nlohmann::json& member(const nlohmann::json& object, std::string_view key, std::string_view context);

}  // namespace erlangen::hierarchy::detail
