// ROC curve, AUC, EER and operating points (declared in forensics/roc.hpp).
#include "erlangen/forensics/roc.hpp"

#include <cmath>
#include <limits>

#include "erlangen/core/error.hpp"

namespace erlangen::forensics {
namespace {

void require_pairs(std::span<const std::size_t> positive, std::span<const std::size_t> negative,
                   std::string_view operation) {
  if (positive.empty() || negative.empty()) {
    throw InvalidArgument(fmt::format("{}: {} positive and {} negative distances given, expected at least one of "
                                      "each; pass distances of matching and of non-matching pairs",
                                      operation, positive.size(), negative.size()));
  }
}

// counts[d] = number of distances equal to d, for d in 0..length.
std::vector<std::size_t> histogram(std::span<const std::size_t> distances, std::size_t length,
                                   std::string_view kind) {
  std::vector<std::size_t> counts(length + 1, 0);
  for (const std::size_t d : distances) {
    if (d > length) {
      throw_invalid_argument("roc", fmt::format("a {} distance", kind), d, fmt::format("an integer in [0, {}]", length),
                             "pass Hamming distances of hashes of the given length");
    }
    ++counts[d];
  }
  return counts;
}

OperatingPoint operating_point(const std::vector<RocPoint>& curve, double target, std::size_t negatives) {
  OperatingPoint point;
  point.target_fpr = target;
  point.measurable = target * static_cast<double>(negatives) >= 1.0;
  // FPR never decreases with the threshold, so the last point within the target is the best.
  for (const RocPoint& candidate : curve) {
    if (candidate.fpr > target) break;
    point.threshold = candidate.threshold;
    point.tpr = candidate.tpr;
    point.fpr = candidate.fpr;
  }
  return point;
}

}  // namespace

RocAnalysis analyse_roc(std::span<const std::size_t> positive, std::span<const std::size_t> negative,
                        std::size_t length, std::span<const double> target_fprs) {
  require_pairs(positive, negative, "roc");
  for (const double target : target_fprs) {
    if (!(target >= 0.0 && target <= 1.0)) {
      throw_invalid_argument("roc", "a target FPR", target, "a number in [0, 1]", "pass a rate such as 1e-3");
    }
  }
  const std::vector<std::size_t> positive_counts = histogram(positive, length, "positive");
  const std::vector<std::size_t> negative_counts = histogram(negative, length, "negative");

  RocAnalysis result;
  result.length = length;
  result.positives = positive.size();
  result.negatives = negative.size();
  const auto p = static_cast<double>(positive.size());
  const auto n = static_cast<double>(negative.size());

  result.curve.push_back(RocPoint{});
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  for (std::size_t d = 0; d <= length; ++d) {
    true_positives += positive_counts[d];
    false_positives += negative_counts[d];
    result.curve.push_back(RocPoint{static_cast<std::ptrdiff_t>(d), true_positives, false_positives,
                                    static_cast<double>(true_positives) / p,
                                    static_cast<double>(false_positives) / n});
  }

  // Trapezoids between consecutive thresholds; summed over counts, so the area is exact
  // up to one rounding per step.
  double area = 0.0;
  for (std::size_t k = 1; k < result.curve.size(); ++k) {
    const RocPoint& a = result.curve[k - 1];
    const RocPoint& b = result.curve[k];
    area += static_cast<double>(b.false_positives - a.false_positives) *
            static_cast<double>(a.true_positives + b.true_positives);
  }
  result.auc = area / (2.0 * p * n);

  // g = FPR - FNR rises from -1 at tau = -1 to +1 at tau = L; find where it reaches 0.
  for (std::size_t k = 1; k < result.curve.size(); ++k) {
    const RocPoint& a = result.curve[k - 1];
    const RocPoint& b = result.curve[k];
    const double g_a = a.fpr - (1.0 - a.tpr);
    const double g_b = b.fpr - (1.0 - b.tpr);
    if (g_b < 0.0) continue;
    const double t = g_a == g_b ? 0.0 : g_a / (g_a - g_b);
    result.eer = a.fpr + t * (b.fpr - a.fpr);
    result.eer_threshold = static_cast<double>(a.threshold) + t;
    break;
  }

  result.zero_false_positives = operating_point(result.curve, 0.0, negative.size());
  result.zero_false_positives.measurable = true;
  for (const double target : target_fprs) {
    result.at_fpr.push_back(operating_point(result.curve, target, negative.size()));
  }
  return result;
}

ThresholdDecision decide_at_threshold(std::span<const std::size_t> positive, std::span<const std::size_t> negative,
                                      std::ptrdiff_t threshold) {
  require_pairs(positive, negative, "decide at threshold");
  ThresholdDecision decision;
  decision.threshold = threshold;
  for (const std::size_t d : positive) {
    if (static_cast<std::ptrdiff_t>(d) <= threshold) {
      ++decision.true_positives;
    } else {
      ++decision.false_negatives;
    }
  }
  for (const std::size_t d : negative) {
    if (static_cast<std::ptrdiff_t>(d) <= threshold) {
      ++decision.false_positives;
    } else {
      ++decision.true_negatives;
    }
  }
  decision.tpr = static_cast<double>(decision.true_positives) / static_cast<double>(positive.size());
  decision.recall = decision.tpr;
  decision.fpr = static_cast<double>(decision.false_positives) / static_cast<double>(negative.size());
  const std::size_t matched = decision.true_positives + decision.false_positives;
  decision.precision = matched == 0 ? std::numeric_limits<double>::quiet_NaN()
                                    : static_cast<double>(decision.true_positives) / static_cast<double>(matched);
  if (std::isnan(decision.precision)) {
    decision.f1 = decision.precision;
  } else if (decision.precision + decision.recall == 0.0) {
    decision.f1 = 0.0;
  } else {
    decision.f1 = 2.0 * decision.precision * decision.recall / (decision.precision + decision.recall);
  }
  return decision;
}

}  // namespace erlangen::forensics
