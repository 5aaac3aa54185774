// Generic polar complex exponential transform GPCET(alpha), family 15.
//
// R_n(r) = sqrt(alpha r^(alpha - 2)) e^{j 2 pi n r^alpha} for n in -K..K,
// Omega_n = 1 / (2 pi) (the MomentToolbox calculation module uses 1 / pi; this
// library does not). Accepted: alpha > 0. Unbounded at r = 0 when alpha < 2;
// alpha = 1 is EFM and alpha = 2 is PCET divided by sqrt(2).
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_generic_polar_complex_exponential(FamilyParameters parameters) {
  validate_alpha("gpcet", parameters.alpha);
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::generic_polar_complex_exponential, "gpcet", "GPCET", HarmonicKind::exponential, true, false, 200}, parameters);
}

}  // namespace erlangen::basis::families
