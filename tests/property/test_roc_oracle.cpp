// Property test of the ROC analysis against a brute-force oracle on random
// distance lists: AUC over all pairs, operating points by scanning every
// threshold, and the bounds that any equal error rate must satisfy.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "erlangen/forensics/roc.hpp"

namespace erlangen::forensics {
namespace {

struct BruteRates {
  double tpr;
  double fpr;
};

BruteRates rates_at(const std::vector<std::size_t>& positive, const std::vector<std::size_t>& negative,
                    std::ptrdiff_t tau) {
  auto share = [tau](const std::vector<std::size_t>& distances) {
    const auto hits = std::count_if(distances.begin(), distances.end(),
                                    [tau](std::size_t d) { return static_cast<std::ptrdiff_t>(d) <= tau; });
    return static_cast<double>(hits) / static_cast<double>(distances.size());
  };
  return {share(positive), share(negative)};
}

TEST(RocOracle, RandomCasesMatchBruteForce) {
  std::mt19937_64 generator(20261205);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t length = 1 + generator() % 64;
    std::vector<std::size_t> positive(1 + generator() % 40);
    std::vector<std::size_t> negative(1 + generator() % 60);
    // Positives skew low and negatives high, with overlap and many ties.
    for (auto& d : positive) d = generator() % (length / 2 + 1);
    for (auto& d : negative) d = length / 4 + generator() % (length - length / 4 + 1);
    const std::vector<double> targets = {0.0, 0.01, 0.05, 0.2, 1.0};
    const RocAnalysis roc = analyse_roc(positive, negative, length, targets);

    double wins = 0.0;
    for (const std::size_t p : positive) {
      for (const std::size_t n : negative) wins += p < n ? 1.0 : (p == n ? 0.5 : 0.0);
    }
    const double pairs = static_cast<double>(positive.size() * negative.size());
    // The trapezoid sum and the pair count differ only by rounding.
    EXPECT_NEAR(roc.auc, wins / pairs, 1e-12) << "trial " << trial;

    double best_max = 1.0;
    double best_min = 0.0;
    for (std::ptrdiff_t tau = -1; tau <= static_cast<std::ptrdiff_t>(length); ++tau) {
      const BruteRates rates = rates_at(positive, negative, tau);
      const RocPoint& point = roc.curve[static_cast<std::size_t>(tau + 1)];
      EXPECT_DOUBLE_EQ(point.tpr, rates.tpr);
      EXPECT_DOUBLE_EQ(point.fpr, rates.fpr);
      best_max = std::min(best_max, std::max(rates.fpr, 1.0 - rates.tpr));
      best_min = std::max(best_min, std::min(rates.fpr, 1.0 - rates.tpr));
    }
    // The interpolated EER lies between the best integer-threshold bounds (1e-12: rounding).
    EXPECT_LE(roc.eer, best_max + 1e-12) << "trial " << trial;
    EXPECT_GE(roc.eer, best_min - 1e-12) << "trial " << trial;

    for (std::size_t t = 0; t < targets.size(); ++t) {
      std::ptrdiff_t best_tau = -1;
      for (std::ptrdiff_t tau = -1; tau <= static_cast<std::ptrdiff_t>(length); ++tau) {
        if (rates_at(positive, negative, tau).fpr <= targets[t]) best_tau = tau;
      }
      const OperatingPoint& point = roc.at_fpr[t];
      EXPECT_EQ(point.threshold, best_tau) << "trial " << trial << " target " << targets[t];
      EXPECT_DOUBLE_EQ(point.tpr, rates_at(positive, negative, best_tau).tpr);
      EXPECT_EQ(point.measurable, targets[t] * static_cast<double>(negative.size()) >= 1.0);
    }

    const auto tau = static_cast<std::ptrdiff_t>(generator() % (length + 1));
    const ThresholdDecision decision = decide_at_threshold(positive, negative, tau);
    const BruteRates rates = rates_at(positive, negative, tau);
    EXPECT_DOUBLE_EQ(decision.tpr, rates.tpr);
    EXPECT_DOUBLE_EQ(decision.fpr, rates.fpr);
  }
}

}  // namespace
}  // namespace erlangen::forensics
