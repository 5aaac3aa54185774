// Model training, the model file (save, reload, truncation, version) and the configuration check.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/model.hpp"

namespace erlangen::hierarchy {
namespace {

namespace fs = std::filesystem;

struct Problem {
  Eigen::MatrixXd features;
  std::vector<int> labels;
  std::vector<FeatureLabel> names;
};

// Three classes in 6 features: features 0-2 carry the class, 3-5 are noise.
Problem make_problem(int per_class, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  Problem problem;
  problem.features.resize(3 * per_class, 6);
  for (int c = 0; c < 3; ++c) {
    for (int k = 0; k < per_class; ++k) {
      const int row = c * per_class + k;
      for (int j = 0; j < 6; ++j) problem.features(row, j) = noise(engine) + (j == c ? 4.0 : 0.0) + 10.0 * j;
      problem.labels.push_back(c);
    }
  }
  for (int j = 0; j < 6; ++j) {
    FeatureLabel label;
    label.family = "PCT";
    label.n = j;
    label.kind = "mean";
    label.path = "(0," + std::to_string(j) + ")";
    problem.names.push_back(label);
  }
  return problem;
}

fs::path scratch_file(const std::string& name) {
  std::random_device device;
  return fs::temp_directory_path() / ("erlangen_learn_model_" + std::to_string(device()) + "_" + name);
}

ExtractorConfig dense_config() {
  ExtractorConfig config;
  config.kind = ExtractorKind::dense;
  config.max_order = 2;
  config.side = 6;
  return config;
}

Model train_model(const Problem& problem, TrainingOptions options) {
  return Model::train(problem.features, problem.names, problem.labels, {"a", "b", "c"}, dense_config(), 32, 32, options);
}

TEST(LearnModel, ReloadedModelPredictsIdentically) {
  const Problem train = make_problem(20, 1);
  const Problem test = make_problem(10, 2);
  for (const ClassifierKind kind : {ClassifierKind::svm, ClassifierKind::logreg, ClassifierKind::pca}) {
    TrainingOptions options;
    options.classifier = kind;
    options.pca_dimension = 3;
    const Model model = train_model(train, options);
    const fs::path path = scratch_file("model.ehm");
    model.save(path);
    const Model reloaded = Model::load(path);
    fs::remove(path);

    // Bit-identical scores: 17 significant digits restore every double exactly.
    EXPECT_EQ(reloaded.scores(test.features, test.names), model.scores(test.features, test.names)) << to_string(kind);
    EXPECT_EQ(reloaded.predict(test.features, test.names), model.predict(test.features, test.names));
    EXPECT_EQ(reloaded.class_names(), model.class_names());
    EXPECT_EQ(reloaded.feature_labels(), model.feature_labels());
    // Separated by 4 deviations in one feature each: nearly all test samples are right.
    const std::vector<int> predicted = model.predict(test.features, test.names);
    int correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == test.labels[i] ? 1 : 0;
    EXPECT_GE(correct, 27) << to_string(kind);
  }
}

TEST(LearnModel, SelectionKeepsInformativeFeatures) {
  const Problem train = make_problem(30, 3);
  for (const SelectionScore score : {SelectionScore::fisher, SelectionScore::chi2}) {
    TrainingOptions options;
    options.selection = score;
    options.top = 3;
    options.c_values = {1.0};
    const Model model = train_model(train, options);
    ASSERT_EQ(model.feature_labels().size(), 3u);
    std::vector<std::size_t> kept = model.selection().indices;
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(kept, (std::vector<std::size_t>{0, 1, 2})) << to_string(score);

    // The model finds its features by label, so a matrix with the columns reordered works.
    Eigen::MatrixXd reversed = train.features.rowwise().reverse();
    std::vector<FeatureLabel> reversed_names(train.names.rbegin(), train.names.rend());
    EXPECT_EQ(model.predict(reversed, reversed_names), model.predict(train.features, train.names));
  }
}

TEST(LearnModel, RejectsFeaturesOfAnotherConfiguration) {
  const Problem train = make_problem(10, 4);
  const Model model = train_model(train, TrainingOptions{});
  std::vector<FeatureLabel> other = train.names;
  other[4].path = "(3,3)";
  try {
    model.predict(train.features, other);
    FAIL() << "features of another configuration were accepted";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("another extractor configuration"), std::string::npos) << error.what();
  }
  ExtractorConfig changed = dense_config();
  changed.side = 8;
  try {
    model.require_extractor(changed);
    FAIL() << "another extractor configuration was accepted";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("side"), std::string::npos) << error.what();
  }
  EXPECT_NO_THROW(model.require_extractor(dense_config()));
}

TEST(LearnModel, ModelFileKeepsTheCRule) {
  const Problem train = make_problem(12, 3);
  TrainingOptions options;
  options.c_values = {0.01, 1.0, 100.0};
  options.c_rule = CRule::one_standard_error;
  options.folds = 3;
  const Model model = train_model(train, options);

  ASSERT_TRUE(model.cross_validation().has_value());
  // Model::train applies the rule that the options name.
  EXPECT_EQ(model.cross_validation()->best_c, choose_c(*model.cross_validation(), CRule::one_standard_error));
  nlohmann::json value = nlohmann::json::parse(model.to_json().dump());
  const Model reloaded = Model::from_json(value);
  ASSERT_TRUE(reloaded.cross_validation().has_value());
  EXPECT_EQ(reloaded.cross_validation()->rule, CRule::one_standard_error);
  EXPECT_EQ(reloaded.cross_validation()->standard_errors, model.cross_validation()->standard_errors);
  EXPECT_EQ(reloaded.cross_validation()->best_c, model.cross_validation()->best_c);

  // A model file written before the rule existed reads as the highest-accuracy rule.
  value["training"]["cross_validation"].erase("rule");
  value["training"]["cross_validation"].erase("standard_errors");
  EXPECT_EQ(Model::from_json(value).cross_validation()->rule, CRule::highest_accuracy);
  value["training"]["cross_validation"]["rule"] = "median";
  EXPECT_THROW(Model::from_json(value), InvalidArgument);

  // The one-se rule needs one standard error per C, and the errors must be finite and >= 0.
  value["training"]["cross_validation"]["rule"] = "one-se";
  EXPECT_THROW(Model::from_json(value), InvalidArgument);
  value["training"]["cross_validation"]["standard_errors"] = {0.01, 0.02};
  EXPECT_THROW(Model::from_json(value), InvalidArgument);
  value["training"]["cross_validation"]["standard_errors"] = {0.01, -0.02, 0.0};
  EXPECT_THROW(Model::from_json(value), InvalidArgument);
  value["training"]["cross_validation"]["standard_errors"] = {0.01, 0.02, 0.0};
  EXPECT_NO_THROW(Model::from_json(value));
}

TEST(LearnModel, RejectsTruncatedAndForeignFiles) {
  const Problem train = make_problem(10, 5);
  const Model model = train_model(train, TrainingOptions{});
  const fs::path path = scratch_file("full.ehm");
  model.save(path);
  std::string text;
  {
    std::ifstream stream(path);
    text.assign(std::istreambuf_iterator<char>(stream), {});
  }
  fs::remove(path);

  const fs::path truncated = scratch_file("truncated.ehm");
  std::ofstream(truncated) << text.substr(0, text.size() / 2);
  try {
    Model::load(truncated);
    FAIL() << "a truncated model was accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos) << error.what();
  }
  fs::remove(truncated);

  nlohmann::json value = nlohmann::json::parse(text);
  value["version"] = 99;
  const fs::path future = scratch_file("future.ehm");
  std::ofstream(future) << value.dump();
  try {
    Model::load(future);
    FAIL() << "a model of another version was accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("version is 99"), std::string::npos) << error.what();
  }
  fs::remove(future);

  // Sizes that disagree: drop one weight row of the classifier.
  value = nlohmann::json::parse(text);
  value["classifier"]["weights"].erase(0);
  const fs::path inconsistent = scratch_file("inconsistent.ehm");
  std::ofstream(inconsistent) << value.dump();
  EXPECT_THROW(Model::load(inconsistent), IoError);
  fs::remove(inconsistent);

  EXPECT_THROW(Model::load(scratch_file("missing.ehm")), IoError);
}

TEST(LearnModel, ExtractorConfigJsonRoundTrip) {
  for (const ExtractorKind kind : {ExtractorKind::hir, ExtractorKind::pixels, ExtractorKind::moments, ExtractorKind::dense}) {
    const ExtractorConfig config = preset_config("digits", kind);
    const ExtractorConfig reloaded = ExtractorConfig::from_json(nlohmann::json::parse(config.to_json().dump()));
    EXPECT_EQ(reloaded.to_json(), config.to_json()) << to_string(kind);
  }
  nlohmann::json broken = preset_config("digits").to_json();
  broken["hir"].erase("rule");
  EXPECT_THROW(ExtractorConfig::from_json(broken), InvalidArgument);
}

TEST(LearnModel, DigitsRotPresetAddsOrbitAverage) {
  ExtractorConfig expected = preset_config("digits-hq");
  expected.hir.orbit_rotations = 4;
  EXPECT_EQ(preset_config("digits-rot").to_json(), expected.to_json());
  for (const std::string& name : preset_names()) {
    EXPECT_EQ(preset(name).orbit_rotations, name == "digits-rot" ? 4 : 1) << name;
  }
}

TEST(LearnModel, ExtractorConfigKeepsOrbitRotations) {
  ExtractorConfig config = preset_config("digits-hq");
  config.hir.orbit_rotations = 4;
  const nlohmann::json text = nlohmann::json::parse(config.to_json().dump());
  EXPECT_EQ(ExtractorConfig::from_json(text).hir.orbit_rotations, 4);
  // A configuration written without the entry has no orbit average.
  nlohmann::json earlier = text;
  earlier["hir"].erase("orbit_rotations");
  EXPECT_EQ(ExtractorConfig::from_json(earlier).hir.orbit_rotations, 1);
  earlier["hir"]["orbit_rotations"] = "four";
  EXPECT_THROW(ExtractorConfig::from_json(earlier), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::hierarchy
