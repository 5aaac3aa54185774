// Labelled feature vectors from moment sets.
#include "erlangen/moments/features.hpp"

#include <cmath>

#include <fmt/format.h>

namespace erlangen::moments {

std::string family_label(const basis::Family& family) {
  const std::string parameters = family.parameter_text();
  if (parameters.empty()) return std::string(family.abbreviation());
  return fmt::format("{}({})", family.abbreviation(), parameters);
}

LabelledFeatures to_features(const MomentSet& moments, MomentValue value, bool nonnegative_m_only) {
  LabelledFeatures features;
  const std::string label = family_label(moments.family());
  for (std::size_t k = 0; k < moments.size(); ++k) {
    const basis::OrderPair order = moments.orders()[k];
    if (nonnegative_m_only && order.m < 0) continue;
    const std::complex<double> moment = moments.values()[k];
    if (value == MomentValue::magnitude) {
      features.push_back(std::abs(moment), {label, order.n, order.m, 0.0, "magnitude", ""});
    } else {
      features.push_back(moment.real(), {label, order.n, order.m, 0.0, "real", ""});
      features.push_back(moment.imag(), {label, order.n, order.m, 0.0, "imag", ""});
    }
  }
  return features;
}

}  // namespace erlangen::moments
