// ROC analysis of a distance-based match decision, as used to evaluate
// perceptual hashes: a pair matches when its distance is at most a threshold.
//
// Inputs are integer distances (Hamming distances of L-bit hashes) of positive
// pairs (the same image before and after an attack) and negative pairs
// (different images). For every threshold tau in -1, 0, ..., L:
//   TPR(tau) = #{positive d <= tau} / #positives,
//   FPR(tau) = #{negative d <= tau} / #negatives.
// tau = -1 matches nothing and anchors the curve at (0, 0); tau = L matches
// everything and gives (1, 1).
//
// Resolution: with n negative pairs the smallest non-zero FPR is 1 / n, so an
// FPR target below 1 / n cannot be told apart from 0. Such targets are reported
// as not measurable (OperatingPoint::measurable) instead of with a TPR that the
// data cannot support.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace erlangen::forensics {

// One threshold of the curve.
struct RocPoint {
  std::ptrdiff_t threshold = -1;  // -1 .. L
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  double tpr = 0.0;
  double fpr = 0.0;
};

// The largest threshold whose FPR does not exceed a target FPR.
struct OperatingPoint {
  double target_fpr = 0.0;
  // False when target_fpr < 1 / negatives: the data cannot resolve that FPR,
  // and tpr, fpr and threshold must not be reported as the TPR at the target.
  bool measurable = false;
  std::ptrdiff_t threshold = -1;  // -1 when even tau = 0 exceeds the target
  double tpr = 0.0;
  double fpr = 0.0;  // achieved FPR, <= target_fpr
};

struct RocAnalysis {
  std::size_t length = 0;  // L, the largest possible distance
  std::size_t positives = 0;
  std::size_t negatives = 0;
  std::vector<RocPoint> curve;  // L + 2 points, thresholds -1 .. L in order
  // Area under the piecewise-linear curve through all points. It equals
  // P(d_positive < d_negative) + P(d_positive = d_negative) / 2 over all pairs
  // of one positive and one negative distance (the Mann-Whitney statistic), so
  // ties count one half.
  double auc = 0.0;
  // Equal error rate: where FPR = 1 - TPR on the segment of the curve that
  // crosses that line, by linear interpolation between integer thresholds;
  // eer_threshold is the interpolated (fractional) threshold.
  double eer = 0.0;
  double eer_threshold = 0.0;
  // The largest threshold with no false positive among the negatives: the best
  // TPR that these negatives can certify, at an FPR below 1 / negatives.
  OperatingPoint zero_false_positives;
  // One entry per requested target FPR, in the order requested.
  std::vector<OperatingPoint> at_fpr;
};

// Analyses the distances of positive and negative pairs for hashes of `length`
// bits. Throws InvalidArgument when either list is empty, a distance exceeds
// `length`, or a target FPR is outside [0, 1].
RocAnalysis analyse_roc(std::span<const std::size_t> positive, std::span<const std::size_t> negative,
                        std::size_t length, std::span<const double> target_fprs = {});

// Counts and rates of the decision "match when distance <= threshold".
struct ThresholdDecision {
  std::ptrdiff_t threshold = 0;
  std::size_t true_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t false_positives = 0;
  std::size_t true_negatives = 0;
  double tpr = 0.0;  // recall
  double fpr = 0.0;
  // TP / (TP + FP); NaN when nothing matches. It depends on the ratio of
  // positive to negative pairs, which the evaluation design fixes.
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;  // harmonic mean of precision and recall; NaN when precision is NaN, 0 when both are 0
};

// Throws InvalidArgument when either list is empty.
ThresholdDecision decide_at_threshold(std::span<const std::size_t> positive, std::span<const std::size_t> negative,
                                      std::ptrdiff_t threshold);

}  // namespace erlangen::forensics
