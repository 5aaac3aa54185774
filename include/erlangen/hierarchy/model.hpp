// A trained classifier together with everything needed to apply it to new images: the extractor
// configuration, the selected features, the standardiser and the classifier, stored in one
// self-describing JSON file.
//
// File layout (format "erlangen-hir-model", version 1): one JSON object whose top-level fields
// are written one per line, in this order: format, version, classes, input_rows, input_cols,
// extractor, selection, feature_labels, standardiser, classifier, training. Numbers are written
// with 17 significant digits, so a reloaded model reproduces the scores bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "erlangen/core/labels.hpp"
#include "erlangen/hierarchy/classifier.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/hierarchy/selection.hpp"

namespace erlangen::hierarchy {

inline constexpr std::string_view kModelFormat = "erlangen-hir-model";
inline constexpr int kModelVersion = 1;

enum class ClassifierKind { svm, logreg, pca };

std::string_view to_string(ClassifierKind kind);
// Accepts "svm", "logreg" and "pca"; throws InvalidArgument listing them.
ClassifierKind parse_classifier_kind(std::string_view text);

struct TrainingOptions {
  ClassifierKind classifier = ClassifierKind::svm;
  // Univariate selection on the training split; none when not set.
  std::optional<SelectionScore> selection;
  std::size_t top = 100;  // features kept by the selection
  int bins = 10;          // equal-frequency bins of the chi-square score
  int pca_dimension = 30;  // D of the PCA classifier
  // Standardise features with training statistics; when not set, true for svm and logreg and
  // false for pca (the reference applies no scaling before the PCA classifier).
  std::optional<bool> standardise;
  // Candidate C of svm and logreg. Empty: default_c_grid(). One value: used without
  // cross-validation.
  std::vector<double> c_values;
  // How the cross-validation picks C from several candidates (classifier.hpp, CRule).
  CRule c_rule = CRule::highest_accuracy;
  int folds = 5;
  std::uint64_t seed = 0;
};

// The features a model selected, as indices into the training feature list.
struct SelectionRecord {
  std::optional<SelectionScore> score;
  std::vector<std::size_t> indices;     // into the training features, best first
  std::vector<double> scores;           // score of each selected feature
  std::vector<std::string> paths;       // distinct paths of the selected features
};

// Path of every feature of a HIR extractor with kernel sides, or an empty list for other kinds.
std::vector<std::string> feature_path_specs(const FeatureExtractor& extractor);

class Model {
 public:
  // Fits selection, standardiser and classifier on training features. `labels` name the feature
  // columns (FeatureExtractor::labels()), `targets` are class indices into `class_names`, and
  // `path_specs` gives, per feature, its HIR path with kernel sides ("(0,0)@10->(0,1)@10",
  // feature_path_specs()) or is empty for other extractors. Throws InvalidArgument for
  // mismatched sizes, fewer than two classes or invalid options.
  static Model train(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels,
                     std::span<const int> targets, std::vector<std::string> class_names,
                     ExtractorConfig extractor, std::ptrdiff_t input_rows, std::ptrdiff_t input_cols,
                     const TrainingOptions& options, std::span<const std::string> path_specs = {});

  // Class indices for features extracted with labels `labels`. The classifier's inputs are found
  // by label, so features of the full training configuration and of prediction_config() both
  // work. Throws InvalidArgument, naming the first missing feature, when `labels` lacks one of
  // the model's features (features of another extractor configuration).
  std::vector<int> predict(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const;
  // Scores, samples x classes: linear scores for svm and logreg, minus the subspace distance
  // for pca, so that the predicted class always has the highest score.
  Eigen::MatrixXd scores(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const;

  // The extractor configuration for prediction: the training configuration, limited to the
  // selected paths for kind hir when a selection is present.
  ExtractorConfig prediction_config() const;
  // Throws InvalidArgument naming the first differing field when `config` differs from the
  // model's training configuration.
  void require_extractor(const ExtractorConfig& config) const;

  // Writes the model atomically (io::AtomicFile). Throws IoError on failure.
  void save(const std::filesystem::path& path) const;
  // Reads a model. Throws IoError for a missing, truncated or non-JSON file, another format or
  // version, and for fields whose sizes disagree, with a message naming the file.
  // A file larger than `max_bytes` throws LimitExceeded before it is read.
  static Model load(const std::filesystem::path& path, std::uint64_t max_bytes = std::uint64_t{1} << 30);

  nlohmann::ordered_json to_json() const;
  static Model from_json(const nlohmann::json& value);

  ClassifierKind classifier() const { return classifier_; }
  const std::vector<std::string>& class_names() const { return class_names_; }
  const ExtractorConfig& extractor() const { return extractor_; }
  std::ptrdiff_t input_rows() const { return input_rows_; }
  std::ptrdiff_t input_cols() const { return input_cols_; }
  const std::vector<FeatureLabel>& feature_labels() const { return feature_labels_; }
  const SelectionRecord& selection() const { return selection_; }
  const std::optional<Standardiser>& standardiser() const { return standardiser_; }
  const std::optional<CrossValidation>& cross_validation() const { return cross_validation_; }
  std::size_t training_samples() const { return training_samples_; }
  std::size_t training_feature_count() const { return training_feature_count_; }

 private:
  Eigen::MatrixXd classifier_inputs(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const;

  ClassifierKind classifier_ = ClassifierKind::svm;
  std::vector<std::string> class_names_;
  ExtractorConfig extractor_;
  std::ptrdiff_t input_rows_ = 0;
  std::ptrdiff_t input_cols_ = 0;
  SelectionRecord selection_;
  std::vector<FeatureLabel> feature_labels_;  // the classifier's inputs, in order
  std::optional<Standardiser> standardiser_;
  PcaSubspaceClassifier pca_;
  LinearClassifier linear_;
  std::optional<CrossValidation> cross_validation_;
  std::size_t training_samples_ = 0;
  std::size_t training_feature_count_ = 0;
};

}  // namespace erlangen::hierarchy
