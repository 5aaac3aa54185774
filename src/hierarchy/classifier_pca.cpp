// Affine PCA subspace classifier: per-class mean and principal directions, prediction by the
// smallest distance to a class's affine subspace.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "../core/json_integer.hpp"
#include "classifier_checks.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/classifier.hpp"

namespace erlangen::hierarchy {

PcaSubspaceClassifier PcaSubspaceClassifier::fit(const Eigen::MatrixXd& features, std::span<const int> labels,
                                                 int class_count, int dimension) {
  constexpr std::string_view operation = "pca classifier fit";
  if (dimension < 0) {
    throw_invalid_argument(operation, "dimension", dimension, "an integer >= 0", "pass for example 30");
  }
  detail::check_training_input(operation, features, labels, class_count);

  PcaSubspaceClassifier result;
  result.dimension_ = dimension;
  for (int c = 0; c < class_count; ++c) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] == c) rows.push_back(i);
    }
    const Eigen::MatrixXd members = select_rows(features, rows);
    const Eigen::VectorXd mean = members.colwise().mean().transpose();
    const Eigen::MatrixXd centred = members.rowwise() - mean.transpose();

    // The right singular vectors of the centred samples are the eigenvectors of the class
    // covariance, with singular values sorted in decreasing order.
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
    const Eigen::VectorXd& singular = svd.singularValues();
    const std::ptrdiff_t limit = std::min<std::ptrdiff_t>(
        {static_cast<std::ptrdiff_t>(dimension), static_cast<std::ptrdiff_t>(rows.size()) - 1, features.cols(),
         singular.size()});
    // Directions of numerically zero variance are arbitrary within the null space; keeping them
    // would shrink the error along directions the class never varies in, so they are dropped.
    std::ptrdiff_t kept = 0;
    const double threshold = singular.size() > 0 ? 1e-10 * singular[0] : 0.0;
    while (kept < limit && singular[kept] > threshold) ++kept;

    result.means_.push_back(mean);
    result.directions_.push_back(svd.matrixV().leftCols(kept));
  }
  return result;
}

Eigen::MatrixXd PcaSubspaceClassifier::errors(const Eigen::MatrixXd& features) const {
  detail::check_apply_input("pca classifier apply", features, feature_count());
  Eigen::MatrixXd result(features.rows(), class_count());
  for (int c = 0; c < class_count(); ++c) {
    const Eigen::MatrixXd residual = features.rowwise() - means_[static_cast<std::size_t>(c)].transpose();
    const Eigen::MatrixXd projection = residual * directions_[static_cast<std::size_t>(c)];
    const Eigen::VectorXd squared = residual.rowwise().squaredNorm() - projection.rowwise().squaredNorm();
    // Rounding can push the difference of two nearly equal norms slightly below zero.
    result.col(c) = squared.cwiseMax(0.0).cwiseSqrt();
  }
  return result;
}

std::vector<int> PcaSubspaceClassifier::predict(const Eigen::MatrixXd& features) const {
  const Eigen::MatrixXd distance = errors(features);
  std::vector<int> labels(static_cast<std::size_t>(features.rows()));
  for (Eigen::Index i = 0; i < features.rows(); ++i) labels[static_cast<std::size_t>(i)] = detail::argmin_row(distance, i);
  return labels;
}

nlohmann::json PcaSubspaceClassifier::to_json() const {
  nlohmann::json classes = nlohmann::json::array();
  for (std::size_t c = 0; c < means_.size(); ++c) {
    classes.push_back({{"mean", detail::vector_to_json(means_[c])},
                       {"directions", detail::matrix_to_json(directions_[c].transpose())}});
  }
  return {{"dimension", dimension_}, {"feature_count", feature_count()}, {"classes", classes}};
}

PcaSubspaceClassifier PcaSubspaceClassifier::from_json(const nlohmann::json& value) {
  PcaSubspaceClassifier result;
  const nlohmann::json& dimension = detail::member(value, "dimension", "pca classifier");
  const nlohmann::json& feature_count = detail::member(value, "feature_count", "pca classifier");
  const nlohmann::json& classes = detail::member(value, "classes", "pca classifier");
  if (!dimension.is_number_integer() || !feature_count.is_number_integer() || !classes.is_array() ||
      feature_count.get<std::int64_t>() < 1 || classes.size() < 2) {
    throw InvalidArgument("model: the pca classifier needs an integer dimension, a positive feature_count and at "
                          "least two classes");
  }
  result.dimension_ = erlangen::detail::json_integer<int>(dimension, "model: pca classifier dimension");
  const auto columns = erlangen::detail::json_integer<std::ptrdiff_t>(feature_count, "model: pca classifier feature_count");
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const std::string context = fmt::format("pca classifier class {}", c);
    result.means_.push_back(detail::vector_from_json(detail::member(classes[c], "mean", context), context + " mean", columns));
    const nlohmann::json& rows = detail::member(classes[c], "directions", context);
    const auto count = rows.is_array() ? static_cast<std::ptrdiff_t>(rows.size()) : -1;
    if (count < 0 || count > result.dimension_) {
      throw InvalidArgument(fmt::format("model: {} has {} directions, expected at most the dimension {}", context,
                                        count, result.dimension_));
    }
    result.directions_.push_back(detail::matrix_from_json(rows, context + " directions", count, columns).transpose());
  }
  return result;
}

}  // namespace erlangen::hierarchy
