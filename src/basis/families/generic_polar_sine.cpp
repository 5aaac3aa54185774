// Generic polar sine transform GPST(alpha), family 17.
//
// R_n = sqrt(alpha r^(alpha - 2)) sqrt2 sin(pi n r^alpha) for n in 1..K,
// Omega_n = 1 / (2 pi). Accepted: alpha > 0. Near r = 0 it behaves like
// r^(3 alpha / 2 - 1), so it is unbounded only when alpha < 2/3.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_generic_polar_sine(FamilyParameters parameters) {
  validate_alpha("gpst", parameters.alpha);
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::generic_polar_sine, "gpst", "GPST", HarmonicKind::sine, true, false, 200}, parameters);
}

}  // namespace erlangen::basis::families
