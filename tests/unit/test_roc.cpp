// Unit tests of the ROC analysis on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/roc.hpp"

namespace erlangen::forensics {
namespace {

// Positives {0, 1, 2} and negatives {2, 3, 4} with L = 4. By hand:
//   tau   -1    0    1    2    3    4
//   TPR    0  1/3  2/3    1    1    1
//   FPR    0    0    0  1/3  2/3    1
const std::vector<std::size_t> kPositive = {0, 1, 2};
const std::vector<std::size_t> kNegative = {2, 3, 4};

TEST(Roc, CurveByHand) {
  const RocAnalysis roc = analyse_roc(kPositive, kNegative, 4);
  ASSERT_EQ(roc.curve.size(), 6U);
  const double tpr[6] = {0, 1.0 / 3, 2.0 / 3, 1, 1, 1};
  const double fpr[6] = {0, 0, 0, 1.0 / 3, 2.0 / 3, 1};
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(roc.curve[k].threshold, static_cast<std::ptrdiff_t>(k) - 1);
    EXPECT_DOUBLE_EQ(roc.curve[k].tpr, tpr[k]) << k;
    EXPECT_DOUBLE_EQ(roc.curve[k].fpr, fpr[k]) << k;
  }
  EXPECT_EQ(roc.positives, 3U);
  EXPECT_EQ(roc.negatives, 3U);
}

TEST(Roc, AucCountsTiesAsHalf) {
  const RocAnalysis roc = analyse_roc(kPositive, kNegative, 4);
  // 9 pairs: 8 with the positive closer, one tie (2 vs 2) counting 1/2.
  EXPECT_DOUBLE_EQ(roc.auc, 8.5 / 9.0);
  const std::vector<std::size_t> same = {3, 3};
  EXPECT_DOUBLE_EQ(analyse_roc(same, same, 8).auc, 0.5);
  const std::vector<std::size_t> far = {7};
  const std::vector<std::size_t> near = {1};
  EXPECT_DOUBLE_EQ(analyse_roc(near, far, 8).auc, 1.0);
  EXPECT_DOUBLE_EQ(analyse_roc(far, near, 8).auc, 0.0);
}

TEST(Roc, EqualErrorRateInterpolated) {
  const RocAnalysis roc = analyse_roc(kPositive, kNegative, 4);
  // FPR - FNR is -1/3 at tau = 1 (FPR 0) and +1/3 at tau = 2 (FPR 1/3): halfway.
  EXPECT_DOUBLE_EQ(roc.eer, 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(roc.eer_threshold, 1.5);
  const std::vector<std::size_t> low = {0, 1};
  const std::vector<std::size_t> high = {5, 6};
  const RocAnalysis separated = analyse_roc(low, high, 8);
  EXPECT_DOUBLE_EQ(separated.eer, 0.0);  // FPR = FNR = 0 from tau = 1 to 4
}

TEST(Roc, OperatingPointsAndResolution) {
  const std::vector<double> targets = {0.4, 0.1};
  const RocAnalysis roc = analyse_roc(kPositive, kNegative, 4, targets);
  ASSERT_EQ(roc.at_fpr.size(), 2U);
  // 0.4 >= 1/3: measurable; tau = 2 reaches FPR 1/3 with TPR 1.
  EXPECT_TRUE(roc.at_fpr[0].measurable);
  EXPECT_EQ(roc.at_fpr[0].threshold, 2);
  EXPECT_DOUBLE_EQ(roc.at_fpr[0].tpr, 1.0);
  EXPECT_DOUBLE_EQ(roc.at_fpr[0].fpr, 1.0 / 3);
  // 0.1 < 1/3: three negatives cannot resolve it.
  EXPECT_FALSE(roc.at_fpr[1].measurable);
  EXPECT_EQ(roc.zero_false_positives.threshold, 1);
  EXPECT_DOUBLE_EQ(roc.zero_false_positives.tpr, 2.0 / 3);
}

TEST(Roc, NoThresholdWithinTarget) {
  const std::vector<std::size_t> zeros = {0, 0};
  const std::vector<double> targets = {0.5};
  const RocAnalysis roc = analyse_roc(zeros, zeros, 4, targets);
  // Every negative matches already at tau = 0, so only tau = -1 stays within the target.
  EXPECT_EQ(roc.at_fpr[0].threshold, -1);
  EXPECT_DOUBLE_EQ(roc.at_fpr[0].tpr, 0.0);
}

TEST(Roc, RejectsInvalidInput) {
  const std::vector<std::size_t> empty;
  EXPECT_THROW(analyse_roc(empty, kNegative, 4), InvalidArgument);
  EXPECT_THROW(analyse_roc(kPositive, empty, 4), InvalidArgument);
  EXPECT_THROW(analyse_roc(kPositive, kNegative, 3), InvalidArgument);  // distance 4 > L = 3
  const std::vector<double> bad = {1.5};
  EXPECT_THROW(analyse_roc(kPositive, kNegative, 4, bad), InvalidArgument);
}

TEST(Roc, PrecisionRecallF1ByHand) {
  const ThresholdDecision at2 = decide_at_threshold(kPositive, kNegative, 2);
  EXPECT_EQ(at2.true_positives, 3U);
  EXPECT_EQ(at2.false_positives, 1U);
  EXPECT_EQ(at2.true_negatives, 2U);
  EXPECT_EQ(at2.false_negatives, 0U);
  EXPECT_DOUBLE_EQ(at2.precision, 0.75);
  EXPECT_DOUBLE_EQ(at2.recall, 1.0);
  EXPECT_DOUBLE_EQ(at2.f1, 2 * 0.75 / 1.75);
  EXPECT_DOUBLE_EQ(at2.fpr, 1.0 / 3);
  const ThresholdDecision none = decide_at_threshold(kPositive, kNegative, -1);
  EXPECT_TRUE(std::isnan(none.precision));  // nothing matches
  EXPECT_DOUBLE_EQ(none.recall, 0.0);
}

}  // namespace
}  // namespace erlangen::forensics
