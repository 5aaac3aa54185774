// Training, application and the model file of a classifier on extracted features.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "../core/json_integer.hpp"
#include "classifier_checks.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/text_file.hpp"

namespace erlangen::hierarchy {

std::string_view to_string(ClassifierKind kind) {
  switch (kind) {
    case ClassifierKind::svm: return "svm";
    case ClassifierKind::logreg: return "logreg";
    case ClassifierKind::pca: return "pca";
  }
  return "svm";
}

ClassifierKind parse_classifier_kind(std::string_view text) {
  for (const ClassifierKind kind : {ClassifierKind::svm, ClassifierKind::logreg, ClassifierKind::pca}) {
    if (text == to_string(kind)) return kind;
  }
  throw_invalid_argument("train", "classifier", text, "svm, logreg or pca", "pass one of the listed classifiers");
}

std::vector<std::string> feature_path_specs(const FeatureExtractor& extractor) {
  std::vector<std::string> specs;
  const HirPlan* plan = extractor.hir_plan();
  if (plan == nullptr) return specs;
  for (const FeatureInfo& info : plan->feature_info()) specs.push_back(path_text(plan->paths().at(info.path_index), true));
  return specs;
}

namespace {

// Path text without "@S" sides, so that labels of a plan restricted to some paths (which may
// drop the sides when they become uniform) match those of the full plan.
std::string strip_sides(const std::string& path) {
  std::string result;
  bool skipping = false;
  for (const char character : path) {
    if (character == '@') {
      skipping = true;
    } else if (skipping && (character == '-' || character == ';')) {
      skipping = false;
    }
    if (!skipping) result += character;
  }
  return result;
}

std::string label_key(const FeatureLabel& label) {
  return fmt::format("{}|{}|{}|{}|{}|{}", label.family, label.n, label.m, label.scale, label.kind,
                     strip_sides(label.path));
}

nlohmann::json label_to_json(const FeatureLabel& label) {
  return {{"family", label.family}, {"n", label.n},       {"m", label.m},
          {"scale", label.scale},   {"kind", label.kind}, {"path", label.path}};
}

FeatureLabel label_from_json(const nlohmann::json& value, std::size_t index) {
  const std::string context = fmt::format("feature_labels[{}]", index);
  FeatureLabel label;
  try {
    label.family = detail::member(value, "family", context).get<std::string>();
    label.n = erlangen::detail::json_integer<int>(detail::member(value, "n", context), "model: " + context + ".n");
    label.m = erlangen::detail::json_integer<int>(detail::member(value, "m", context), "model: " + context + ".m");
    label.scale = detail::member(value, "scale", context).get<double>();
    label.kind = detail::member(value, "kind", context).get<std::string>();
    label.path = detail::member(value, "path", context).get<std::string>();
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument(fmt::format("model: {} has a field of the wrong type", context));
  }
  return label;
}

// The first top-level field where two JSON values differ, as a dotted path, or "" when equal.
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b, const std::string& prefix) {
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
      if (!b.contains(it.key())) return key;
      const std::string inner = first_difference(it.value(), b.at(it.key()), key);
      if (!inner.empty()) return inner;
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) return prefix.empty() ? it.key() : prefix + "." + it.key();
    }
    return {};
  }
  return a == b ? std::string() : (prefix.empty() ? std::string("(root)") : prefix);
}

}  // namespace

Model Model::train(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels, std::span<const int> targets,
                   std::vector<std::string> class_names, ExtractorConfig extractor, std::ptrdiff_t input_rows,
                   std::ptrdiff_t input_cols, const TrainingOptions& options, std::span<const std::string> path_specs) {
  constexpr std::string_view operation = "train";
  const int class_count = static_cast<int>(class_names.size());
  detail::check_training_input(operation, features, targets, class_count);
  if (labels.size() != static_cast<std::size_t>(features.cols())) {
    throw InvalidArgument(fmt::format("{}: {} feature labels for {} feature columns; pass one label per column",
                                      operation, labels.size(), features.cols()));
  }
  if (!path_specs.empty() && path_specs.size() != labels.size()) {
    throw InvalidArgument(fmt::format("{}: {} path specifications for {} features; pass one per feature or none",
                                      operation, path_specs.size(), labels.size()));
  }

  Model model;
  model.classifier_ = options.classifier;
  model.class_names_ = std::move(class_names);
  model.extractor_ = std::move(extractor);
  model.input_rows_ = input_rows;
  model.input_cols_ = input_cols;
  model.training_samples_ = static_cast<std::size_t>(features.rows());
  model.training_feature_count_ = labels.size();

  // 1. Selection, on the training features only.
  std::vector<std::size_t> kept(labels.size());
  for (std::size_t j = 0; j < kept.size(); ++j) kept[j] = j;
  if (options.selection) {
    const std::vector<double> scores = *options.selection == SelectionScore::fisher
                                           ? fisher_scores(features, targets, class_count)
                                           : chi2_scores(features, targets, class_count, options.bins);
    kept = top_k(scores, options.top);
    model.selection_.score = options.selection;
    model.selection_.indices = kept;
    for (const std::size_t index : kept) model.selection_.scores.push_back(scores[index]);
    if (!path_specs.empty()) {
      std::vector<std::string> seen;
      for (const std::size_t index : kept) {
        if (std::find(seen.begin(), seen.end(), path_specs[index]) == seen.end()) seen.push_back(path_specs[index]);
      }
      model.selection_.paths = std::move(seen);
    }
  }
  for (const std::size_t index : kept) model.feature_labels_.push_back(labels[index]);
  Eigen::MatrixXd inputs = options.selection ? select_columns(features, kept) : features;

  // 2. Standardisation with training statistics.
  const bool standardise = options.standardise.value_or(options.classifier != ClassifierKind::pca);
  if (standardise) {
    model.standardiser_ = Standardiser::fit(inputs);
    inputs = model.standardiser_->apply(inputs);
  }

  // 3. The classifier; C by cross-validation for the linear ones.
  if (options.classifier == ClassifierKind::pca) {
    model.pca_ = PcaSubspaceClassifier::fit(inputs, targets, class_count, options.pca_dimension);
  } else {
    const LinearLoss loss = options.classifier == ClassifierKind::svm ? LinearLoss::svm : LinearLoss::logistic;
    const std::vector<double> grid = options.c_values.empty() ? default_c_grid() : options.c_values;
    double c = grid.front();
    if (grid.size() > 1) {
      // The folds see the unstandardised selected features and refit the standardiser inside.
      const Eigen::MatrixXd raw = options.selection ? select_columns(features, kept) : features;
      model.cross_validation_ =
          cross_validate_c(raw, targets, class_count, loss, grid, options.folds, options.seed, standardise,
                           options.c_rule);
      c = model.cross_validation_->best_c;
    }
    model.linear_ = LinearClassifier::fit(inputs, targets, class_count, loss, c);
  }
  return model;
}

Eigen::MatrixXd Model::classifier_inputs(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const {
  constexpr std::string_view operation = "predict";
  if (labels.size() != static_cast<std::size_t>(features.cols())) {
    throw InvalidArgument(fmt::format("{}: {} feature labels for {} feature columns; pass one label per column",
                                      operation, labels.size(), features.cols()));
  }
  std::map<std::string, std::ptrdiff_t> column_of;  // -1 marks a key that occurs twice
  for (std::size_t j = 0; j < labels.size(); ++j) {
    const auto [it, inserted] = column_of.emplace(label_key(labels[j]), static_cast<std::ptrdiff_t>(j));
    if (!inserted) it->second = -1;
  }
  std::vector<std::size_t> columns;
  for (const FeatureLabel& label : feature_labels_) {
    const auto found = column_of.find(label_key(label));
    if (found == column_of.end() || found->second < 0) {
      throw InvalidArgument(fmt::format(
          "{}: the features lack \"{}{}\" ({} of the model's {} features), so they come from another extractor "
          "configuration than the model (extractor {}); extract them with the model's configuration",
          operation, label.text(), label.path.empty() ? "" : " path " + label.path,
          found == column_of.end() ? "missing" : "ambiguous", feature_labels_.size(),
          std::string(to_string(extractor_.kind))));
    }
    columns.push_back(static_cast<std::size_t>(found->second));
  }
  Eigen::MatrixXd inputs = select_columns(features, columns);
  if (standardiser_) inputs = standardiser_->apply(inputs);
  return inputs;
}

Eigen::MatrixXd Model::scores(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const {
  const Eigen::MatrixXd inputs = classifier_inputs(features, labels);
  if (classifier_ == ClassifierKind::pca) return -pca_.errors(inputs);
  return linear_.scores(inputs);
}

std::vector<int> Model::predict(const Eigen::MatrixXd& features, std::span<const FeatureLabel> labels) const {
  const Eigen::MatrixXd inputs = classifier_inputs(features, labels);
  return classifier_ == ClassifierKind::pca ? pca_.predict(inputs) : linear_.predict(inputs);
}

ExtractorConfig Model::prediction_config() const {
  ExtractorConfig config = extractor_;
  if (config.kind == ExtractorKind::hir && !selection_.paths.empty()) {
    std::string text;
    for (const std::string& path : selection_.paths) text += (text.empty() ? "" : ";") + path;
    const int default_side = config.hir.path_options.sides.empty() ? 10 : config.hir.path_options.sides.front();
    config.hir.paths = parse_paths(text, default_side);
  }
  return config;
}

void Model::require_extractor(const ExtractorConfig& config) const {
  const std::string difference = first_difference(extractor_.to_json(), config.to_json(), "");
  if (!difference.empty()) {
    throw InvalidArgument(fmt::format("model: the model was trained with another extractor configuration (first "
                                      "difference: {}); use the configuration stored in the model",
                                      difference));
  }
}

nlohmann::ordered_json Model::to_json() const {
  nlohmann::ordered_json value;
  value["format"] = std::string(kModelFormat);
  value["version"] = kModelVersion;
  value["classes"] = class_names_;
  value["input_rows"] = input_rows_;
  value["input_cols"] = input_cols_;
  value["extractor"] = extractor_.to_json();
  nlohmann::json selection = {{"score", selection_.score ? std::string(to_string(*selection_.score)) : "none"},
                              {"training_feature_count", training_feature_count_},
                              {"indices", selection_.indices},
                              {"scores", selection_.scores},
                              {"paths", selection_.paths}};
  value["selection"] = selection;
  nlohmann::json labels = nlohmann::json::array();
  for (const FeatureLabel& label : feature_labels_) labels.push_back(label_to_json(label));
  value["feature_labels"] = labels;
  value["standardiser"] = standardiser_ ? standardiser_->to_json() : nlohmann::json();
  nlohmann::json classifier = classifier_ == ClassifierKind::pca ? pca_.to_json() : linear_.to_json();
  classifier["type"] = std::string(to_string(classifier_));
  value["classifier"] = classifier;
  nlohmann::json training = {{"samples", training_samples_}};
  if (cross_validation_) {
    training["cross_validation"] = {{"c_values", cross_validation_->c_values},
                                    {"accuracies", cross_validation_->accuracies},
                                    {"standard_errors", cross_validation_->standard_errors},
                                    {"rule", std::string(to_string(cross_validation_->rule))},
                                    {"best_c", cross_validation_->best_c},
                                    {"folds", cross_validation_->folds},
                                    {"seed", cross_validation_->seed}};
  }
  value["training"] = training;
  return value;
}

Model Model::from_json(const nlohmann::json& value) {
  const nlohmann::json& format = detail::member(value, "format", "model");
  if (!format.is_string() || format.get<std::string>() != kModelFormat) {
    throw InvalidArgument(fmt::format("model: format is {}, expected \"{}\"; the file is not an erlangen model",
                                      format.dump(), kModelFormat));
  }
  const nlohmann::json& version = detail::member(value, "version", "model");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kModelVersion) {
    throw InvalidArgument(fmt::format("model: version is {}, expected {}; retrain the model with this erlangen "
                                      "version",
                                      version.dump(), kModelVersion));
  }
  Model model;
  try {
    model.class_names_ = detail::member(value, "classes", "model").get<std::vector<std::string>>();
    model.input_rows_ = erlangen::detail::json_integer<std::ptrdiff_t>(detail::member(value, "input_rows", "model"), "model: input_rows");
    model.input_cols_ = erlangen::detail::json_integer<std::ptrdiff_t>(detail::member(value, "input_cols", "model"), "model: input_cols");
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument("model: classes, input_rows or input_cols has the wrong type");
  }
  if (model.class_names_.size() < 2 || model.input_rows_ < 1 || model.input_cols_ < 1) {
    throw InvalidArgument(fmt::format("model: {} classes and input size {}x{}, expected at least 2 classes and a "
                                      "positive size",
                                      model.class_names_.size(), model.input_rows_, model.input_cols_));
  }
  model.extractor_ = ExtractorConfig::from_json(detail::member(value, "extractor", "model"));

  const nlohmann::json& selection = detail::member(value, "selection", "model");
  try {
    const auto score = detail::member(selection, "score", "selection").get<std::string>();
    if (score != "none") model.selection_.score = parse_selection_score(score);
    model.training_feature_count_ = erlangen::detail::json_integer<std::size_t>(
        detail::member(selection, "training_feature_count", "selection"), "model: selection.training_feature_count");
    model.selection_.indices =
        erlangen::detail::json_integers<std::size_t>(detail::member(selection, "indices", "selection"), "model: selection.indices");
    model.selection_.scores = detail::member(selection, "scores", "selection").get<std::vector<double>>();
    model.selection_.paths = detail::member(selection, "paths", "selection").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument("model: a selection field has the wrong type");
  }

  const nlohmann::json& labels = detail::member(value, "feature_labels", "model");
  if (!labels.is_array() || labels.empty()) {
    throw InvalidArgument("model: feature_labels must be a non-empty array");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) model.feature_labels_.push_back(label_from_json(labels[i], i));
  const std::size_t inputs = model.feature_labels_.size();
  if (model.selection_.score && (model.selection_.indices.size() != inputs || model.selection_.scores.size() != inputs)) {
    throw InvalidArgument(fmt::format("model: the selection lists {} indices and {} scores for {} features",
                                      model.selection_.indices.size(), model.selection_.scores.size(), inputs));
  }

  const nlohmann::json& standardiser = detail::member(value, "standardiser", "model");
  if (!standardiser.is_null()) {
    model.standardiser_ = Standardiser::from_json(standardiser);
    if (static_cast<std::size_t>(model.standardiser_->size()) != inputs) {
      throw InvalidArgument(fmt::format("model: the standardiser has {} features, the model {}",
                                        model.standardiser_->size(), inputs));
    }
  }

  const nlohmann::json& classifier = detail::member(value, "classifier", "model");
  const nlohmann::json& type = detail::member(classifier, "type", "classifier");
  model.classifier_ = parse_classifier_kind(type.is_string() ? type.get<std::string>() : type.dump());
  std::ptrdiff_t classifier_features = 0;
  int classifier_classes = 0;
  if (model.classifier_ == ClassifierKind::pca) {
    model.pca_ = PcaSubspaceClassifier::from_json(classifier);
    classifier_features = model.pca_.feature_count();
    classifier_classes = model.pca_.class_count();
  } else {
    model.linear_ = LinearClassifier::from_json(classifier);
    classifier_features = model.linear_.feature_count();
    classifier_classes = model.linear_.class_count();
    const LinearLoss expected = model.classifier_ == ClassifierKind::svm ? LinearLoss::svm : LinearLoss::logistic;
    if (model.linear_.loss() != expected) {
      throw InvalidArgument("model: the classifier type and the linear loss disagree");
    }
  }
  if (static_cast<std::size_t>(classifier_features) != inputs ||
      static_cast<std::size_t>(classifier_classes) != model.class_names_.size()) {
    throw InvalidArgument(fmt::format("model: the classifier has {} features and {} classes, the model {} features "
                                      "and {} classes",
                                      classifier_features, classifier_classes, inputs, model.class_names_.size()));
  }
  const nlohmann::json& training = detail::member(value, "training", "model");
  if (training.contains("samples") && training["samples"].is_number_unsigned()) {
    model.training_samples_ = training["samples"].get<std::size_t>();
  }
  if (training.contains("cross_validation")) {
    const nlohmann::json& cv = training["cross_validation"];
    try {
      CrossValidation record;
      record.c_values = cv.at("c_values").get<std::vector<double>>();
      record.accuracies = cv.at("accuracies").get<std::vector<double>>();
      record.best_c = cv.at("best_c").get<double>();
      // Models written before the C rule existed lack these two fields.
      if (cv.contains("standard_errors")) record.standard_errors = cv.at("standard_errors").get<std::vector<double>>();
      if (cv.contains("rule")) {
        const std::string rule = cv.at("rule").get<std::string>();
        if (rule != "best" && rule != "one-se") {
          throw InvalidArgument(fmt::format(
              "model: training.cross_validation.rule is \"{}\", expected best or one-se; the file is damaged", rule));
        }
        record.rule = parse_c_rule(rule);
      }
      const std::size_t candidates = record.c_values.size();
      const bool errors_fit = record.standard_errors.empty() ? record.rule == CRule::highest_accuracy
                                                             : record.standard_errors.size() == candidates;
      if (candidates == 0 || record.accuracies.size() != candidates || !errors_fit) {
        throw InvalidArgument(fmt::format(
            "model: training.cross_validation has {} C values, {} accuracies and {} standard errors, expected one "
            "of each per C; the file is damaged",
            candidates, record.accuracies.size(), record.standard_errors.size()));
      }
      for (const double error : record.standard_errors) {
        if (!std::isfinite(error) || error < 0.0) {
          throw InvalidArgument(fmt::format(
              "model: training.cross_validation.standard_errors contains {}, expected finite values >= 0; the file is "
              "damaged",
              error));
        }
      }
      record.folds = erlangen::detail::json_integer<int>(cv.at("folds"), "model: training.cross_validation.folds");
      record.seed = erlangen::detail::json_integer<std::uint64_t>(cv.at("seed"), "model: training.cross_validation.seed");
      model.cross_validation_ = record;
    } catch (const nlohmann::json::exception&) {
      throw InvalidArgument("model: training.cross_validation is incomplete or has the wrong types");
    }
  }
  return model;
}

void Model::save(const std::filesystem::path& path) const {
  // One top-level field per line keeps the header readable with `head` while the weight arrays
  // stay compact.
  const nlohmann::ordered_json value = to_json();
  std::string text = "{\n";
  std::size_t index = 0;
  for (auto it = value.begin(); it != value.end(); ++it, ++index) {
    text += fmt::format(" {}: {}{}\n", nlohmann::json(it.key()).dump(), it.value().dump(-1, ' ', false,
                        nlohmann::json::error_handler_t::replace), index + 1 < value.size() ? "," : "");
  }
  text += "}\n";
  io::AtomicFile file(path, "save model");
  file.write(text);
  file.commit();
}

Model Model::load(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw IoError(fmt::format("load model: {}: not found or not a regular file", path.string()));
  }
  const std::string text = io::read_whole_file(path, max_bytes, "load model", "raise max_bytes");
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& parse_error) {
    throw IoError(fmt::format("load model: {}: the file is not complete JSON (truncated or corrupt) at byte {} of "
                              "{}; train the model again",
                              path.string(), parse_error.byte, text.size()));
  } catch (const nlohmann::json::exception& json_error) {
    // A number beyond the range of double, such as 1e400, is valid JSON syntax, but nlohmann::json
    // rejects it with out_of_range instead of parse_error.
    throw IoError(fmt::format("load model: {}: the file contains a value that cannot be read ({}); train the "
                              "model again",
                              path.string(), json_error.what()));
  }
  try {
    return from_json(value);
  } catch (const InvalidArgument& invalid) {
    throw IoError(fmt::format("load model: {}: {}", path.string(), invalid.what()));
  }
}

}  // namespace erlangen::hierarchy
