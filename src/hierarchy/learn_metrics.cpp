// Confusion matrix and the metrics derived from it.
#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/metrics.hpp"

namespace erlangen::hierarchy {

ClassificationReport evaluate_predictions(std::span<const int> truth, std::span<const int> predicted, int class_count) {
  constexpr std::string_view operation = "evaluate predictions";
  if (truth.size() != predicted.size() || truth.empty()) {
    throw InvalidArgument(fmt::format("{}: {} true labels and {} predictions, expected the same positive number",
                                      operation, truth.size(), predicted.size()));
  }
  if (class_count < 1) {
    throw_invalid_argument(operation, "class count", class_count, "at least 1", "pass the number of classes");
  }
  const auto classes = static_cast<std::size_t>(class_count);
  ClassificationReport report;
  report.samples = truth.size();
  report.confusion.assign(classes, std::vector<std::size_t>(classes, 0));
  for (std::size_t i = 0; i < truth.size(); ++i) {
    for (const int label : {truth[i], predicted[i]}) {
      if (label < 0 || label >= class_count) {
        throw_invalid_argument(operation, fmt::format("label of sample {}", i), label,
                               fmt::format("a class index in [0, {})", class_count), "pass class indices");
      }
    }
    ++report.confusion[static_cast<std::size_t>(truth[i])][static_cast<std::size_t>(predicted[i])];
  }

  std::size_t correct = 0;
  for (std::size_t c = 0; c < classes; ++c) {
    std::size_t predicted_total = 0;
    std::size_t true_total = 0;
    for (std::size_t k = 0; k < classes; ++k) {
      predicted_total += report.confusion[k][c];
      true_total += report.confusion[c][k];
    }
    const auto hits = static_cast<double>(report.confusion[c][c]);
    correct += report.confusion[c][c];
    const double precision = predicted_total > 0 ? hits / static_cast<double>(predicted_total) : 0.0;
    const double recall = true_total > 0 ? hits / static_cast<double>(true_total) : 0.0;
    const double f1 = precision + recall > 0.0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
    report.precision.push_back(precision);
    report.recall.push_back(recall);
    report.f1.push_back(f1);
    report.macro_precision += precision / static_cast<double>(classes);
    report.macro_recall += recall / static_cast<double>(classes);
    report.macro_f1 += f1 / static_cast<double>(classes);
  }
  report.accuracy = static_cast<double>(correct) / static_cast<double>(truth.size());
  return report;
}

nlohmann::json ClassificationReport::to_json(std::span<const std::string> class_names) const {
  nlohmann::json per_class = nlohmann::json::array();
  for (std::size_t c = 0; c < precision.size(); ++c) {
    nlohmann::json entry = {{"precision", precision[c]}, {"recall", recall[c]}, {"f1", f1[c]}};
    entry["class"] = class_names.size() == precision.size() ? class_names[c] : std::to_string(c);
    per_class.push_back(std::move(entry));
  }
  return {{"samples", samples},         {"accuracy", accuracy},   {"macro_precision", macro_precision},
          {"macro_recall", macro_recall}, {"macro_f1", macro_f1}, {"per_class", per_class},
          {"confusion", confusion}};
}

}  // namespace erlangen::hierarchy
