// Exponent-Fourier moments (EFM), family 8.
//
// R_n(r) = r^(-1/2) e^{j 2 pi n r} for n in -K..K, Omega_n = 1 / (2 pi). The
// radial function is complex, and unbounded at r = 0. This is GPCET with alpha = 1.
// The user parameters are ignored, because the family fixes alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_exponent_fourier(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.alpha = 1.0;
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::exponent_fourier, "efm", "EFM", HarmonicKind::exponential, false, false, 200}, fixed);
}

}  // namespace erlangen::basis::families
