// Generic polar cosine transform GPCT(alpha), family 16.
//
// With w = sqrt(alpha r^(alpha - 2)): R_0 = w, R_n = w sqrt2 cos(pi n r^alpha) for
// n >= 1, Omega_n = 1 / (2 pi). Accepted: alpha > 0. Unbounded at r = 0 when alpha < 2.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_generic_polar_cosine(FamilyParameters parameters) {
  validate_alpha("gpct", parameters.alpha);
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::generic_polar_cosine, "gpct", "GPCT", HarmonicKind::cosine, true, false, 200}, parameters);
}

}  // namespace erlangen::basis::families
