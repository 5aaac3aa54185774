// Polar complex exponential transform (PCET), family 9.
//
// R_n(r) = e^{j 2 pi n r^2} for n in -K..K, Omega_n = 1 / pi. The radial function
// is complex and bounded. PCET = sqrt(2) x GPCET(alpha = 2), moment by moment.
// The user parameters are ignored, because the family fixes alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_polar_complex_exponential(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.alpha = 2.0;
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::polar_complex_exponential, "pcet", "PCET", HarmonicKind::exponential, false, true, 200}, fixed);
}

}  // namespace erlangen::basis::families
