// Polar sine transform (PST), family 11.
//
// R_n = sqrt(2) sin(pi n r^2) for n in 1..K, Omega_n = 1 / pi.
// PST = sqrt(2) x GPST(alpha = 2), moment by moment.
// The user parameters are ignored, because the family fixes alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_polar_sine(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.alpha = 2.0;
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::polar_sine, "pst", "PST", HarmonicKind::sine, false, true, 200}, fixed);
}

}  // namespace erlangen::basis::families
