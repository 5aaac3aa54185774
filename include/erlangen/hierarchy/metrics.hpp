// Classification metrics from a confusion matrix: accuracy, per-class and macro precision,
// recall and F1.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace erlangen::hierarchy {

// Metrics of one prediction run. A class that is never predicted has precision 0, and a class
// without true samples has recall 0; F1 is 0 whenever precision + recall is 0. Macro values
// are unweighted means over all classes, including such classes.
struct ClassificationReport {
  std::vector<std::vector<std::size_t>> confusion;  // confusion[true][predicted]
  std::size_t samples = 0;
  double accuracy = 0.0;
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> f1;
  double macro_precision = 0.0;
  double macro_recall = 0.0;
  double macro_f1 = 0.0;

  // {"samples", "accuracy", "macro_precision", ..., "per_class": [...], "confusion": [[...]]},
  // with class names from `class_names` when it has one name per class.
  nlohmann::json to_json(std::span<const std::string> class_names = {}) const;
};

// Builds the report. Throws InvalidArgument when the lists differ in length, are empty, or hold
// a label outside [0, class_count).
ClassificationReport evaluate_predictions(std::span<const int> truth, std::span<const int> predicted, int class_count);

}  // namespace erlangen::hierarchy
