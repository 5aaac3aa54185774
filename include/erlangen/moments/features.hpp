// Labelled feature vectors from moment sets.
#pragma once

#include <string>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::moments {

// Which numbers of each complex moment become features.
enum class MomentValue {
  real_imag,  // two values per moment, kinds "real" and "imag"
  magnitude,  // |M_nm|, kind "magnitude"
};

// Family label with its parameters, for example "ZM", "GPCET(alpha=1.5)".
std::string family_label(const basis::Family& family);

// One or two features per moment of the set, labelled {family_label, n, m,
// kind}. With nonnegative_m_only, moments with m < 0 are skipped; for a real
// image and a real radial family they are conj(M_{n,|m|}) and carry no new
// information.
LabelledFeatures to_features(const MomentSet& moments, MomentValue value = MomentValue::real_imag,
                             bool nonnegative_m_only = false);

}  // namespace erlangen::moments
