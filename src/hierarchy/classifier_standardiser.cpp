// Feature standardiser fitted on the training split.
#include <cmath>

#include <fmt/format.h>

#include "classifier_checks.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/classifier.hpp"

namespace erlangen::hierarchy {

Standardiser Standardiser::fit(const Eigen::MatrixXd& features) {
  constexpr std::string_view operation = "standardiser fit";
  if (features.rows() < 1 || features.cols() < 1) {
    throw InvalidArgument(fmt::format("{}: the feature matrix is {}x{}, expected at least one sample and one "
                                      "feature",
                                      operation, features.rows(), features.cols()));
  }
  detail::check_apply_input(operation, features, features.cols());
  Standardiser result;
  result.mean_ = features.colwise().mean().transpose();
  result.scale_.resize(features.cols());
  for (Eigen::Index j = 0; j < features.cols(); ++j) {
    const double variance = (features.col(j).array() - result.mean_[j]).square().mean();
    const double deviation = std::sqrt(variance);
    // A feature that is constant up to rounding carries no information; scaling it by 1
    // keeps it at 0 instead of blowing its rounding noise up to unit variance.
    const bool constant = !(deviation > 1e-12 * std::max(1.0, std::abs(result.mean_[j])));
    result.scale_[j] = constant ? 1.0 : deviation;
  }
  return result;
}

Eigen::MatrixXd Standardiser::apply(const Eigen::MatrixXd& features) const {
  if (features.cols() != mean_.size()) {
    throw InvalidArgument(fmt::format("standardiser apply: the samples have {} features but the standardiser was "
                                      "fitted on {}; use features of the same configuration",
                                      features.cols(), mean_.size()));
  }
  Eigen::MatrixXd result = features;
  result.rowwise() -= mean_.transpose();
  result.array().rowwise() /= scale_.transpose().array();
  return result;
}

nlohmann::json Standardiser::to_json() const {
  return {{"mean", detail::vector_to_json(mean_)}, {"scale", detail::vector_to_json(scale_)}};
}

Standardiser Standardiser::from_json(const nlohmann::json& value) {
  Standardiser result;
  result.mean_ = detail::vector_from_json(detail::member(value, "mean", "standardiser"), "standardiser.mean");
  result.scale_ = detail::vector_from_json(detail::member(value, "scale", "standardiser"), "standardiser.scale",
                                           result.mean_.size());
  for (Eigen::Index j = 0; j < result.scale_.size(); ++j) {
    if (!(result.scale_[j] > 0.0) || !std::isfinite(result.scale_[j]) || !std::isfinite(result.mean_[j])) {
      throw InvalidArgument(fmt::format("model: standardiser.scale[{}] is {}, expected a finite positive value",
                                        j, result.scale_[j]));
    }
  }
  return result;
}

}  // namespace erlangen::hierarchy
