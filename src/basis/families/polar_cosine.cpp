// Polar cosine transform (PCT), family 10.
//
// R_0 = 1, R_n = sqrt(2) cos(pi n r^2) for n >= 1, Omega_n = 1 / pi.
// PCT = sqrt(2) x GPCT(alpha = 2), moment by moment.
// The user parameters are ignored, because the family fixes alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_polar_cosine(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.alpha = 2.0;
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::polar_cosine, "pct", "PCT", HarmonicKind::cosine, false, true, 200}, fixed);
}

}  // namespace erlangen::basis::families
