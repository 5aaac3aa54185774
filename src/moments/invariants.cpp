// Magnitude and phase-cancellation invariants of moment sets.
#include "erlangen/moments/invariants.hpp"

#include <cmath>
#include <complex>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/features.hpp"

namespace erlangen::moments {

LabelledFeatures magnitudes(const MomentSet& moments) {
  const bool all_repetitions = moments.family().complex_radial();
  return to_features(moments, MomentValue::magnitude, !all_repetitions);
}

LabelledFeatures symmetrised_magnitudes(const MomentSet& moments) {
  LabelledFeatures features;
  const std::string label = family_label(moments.family());
  for (std::size_t k = 0; k < moments.size(); ++k) {
    const basis::OrderPair order = moments.orders()[k];
    if (order.m < 0) continue;
    if (!moments.contains(order.n, -order.m)) {
      throw InvalidArgument(fmt::format(
          "symmetrised magnitudes: the set has (n={}, m={}) but not (n={}, m={}); pass a set with both signs of m, "
          "as MomentPlan::apply returns",
          order.n, order.m, order.n, -order.m));
    }
    const double value = 0.5 * (std::abs(moments.values()[k]) + std::abs(moments.at(order.n, -order.m)));
    features.push_back(value, {label, order.n, order.m, 0.0, "symmetrised-magnitude", ""});
  }
  return features;
}

PhaseCancelled phase_cancelled(const MomentSet& moments, std::optional<int> reference_order,
                               double relative_threshold) {
  // A negative threshold would accept M_ref = 0, and NaN would reject every reference with a
  // misleading message.
  if (!(relative_threshold >= 0.0 && relative_threshold < 1.0)) {
    throw_invalid_argument("phase cancellation", "relative_threshold", relative_threshold, "a number in [0, 1)",
                           "pass a small positive threshold such as 1e-8 (the default)");
  }
  double largest = 0.0;
  for (const std::complex<double>& value : moments.values()) largest = std::max(largest, std::abs(value));

  PhaseCancelled result;
  if (reference_order) {
    if (!moments.contains(*reference_order, 1)) {
      throw InvalidArgument(fmt::format(
          "phase cancellation: reference (n={}, m=1) is not in the set of {} moments; pass an order n with m = 1 in "
          "the family's index set, or leave it empty to pick the largest |M_n1|",
          *reference_order, moments.size()));
    }
    result.reference_order = *reference_order;
  } else {
    double best = -1.0;
    for (std::size_t k = 0; k < moments.size(); ++k) {
      const basis::OrderPair order = moments.orders()[k];
      if (order.m == 1 && std::abs(moments.values()[k]) > best) {
        best = std::abs(moments.values()[k]);
        result.reference_order = order.n;
      }
    }
    if (best < 0.0) {
      throw InvalidArgument("phase cancellation: the set has no moment with m = 1; compute the moments with "
                            "max_order >= 1");
    }
  }
  result.reference_moment = moments.at(result.reference_order, 1);
  const double reference_size = std::abs(result.reference_moment);
  if (!(reference_size > relative_threshold * largest)) {
    throw InvalidArgument(fmt::format(
        "phase cancellation: reference |M(n={}, m=1)| is {:.3g}, expected above {:.3g} ({:g} times the largest "
        "moment); the image has almost no m = 1 content (for example a centred symmetric object), so pick another "
        "reference order or use the magnitudes",
        result.reference_order, reference_size, relative_threshold * largest, relative_threshold));
  }

  // conj(M_ref)^m / |M_ref|^m = u^m with the unit phasor u = conj(M_ref) / |M_ref|.
  const std::complex<double> unit = std::conj(result.reference_moment) / reference_size;
  const bool all_repetitions = moments.family().complex_radial();
  const std::string label = family_label(moments.family());
  for (std::size_t k = 0; k < moments.size(); ++k) {
    const basis::OrderPair order = moments.orders()[k];
    if (!all_repetitions && order.m < 0) continue;
    std::complex<double> rotation = 1.0;
    const std::complex<double> factor = order.m >= 0 ? unit : std::conj(unit);
    for (int step = 0; step < std::abs(order.m); ++step) rotation *= factor;
    const std::complex<double> value = moments.values()[k] * rotation;
    result.features.push_back(value.real(), {label, order.n, order.m, 0.0, "phase-cancelled-real", ""});
    result.features.push_back(value.imag(), {label, order.n, order.m, 0.0, "phase-cancelled-imag", ""});
  }
  return result;
}

}  // namespace erlangen::moments
