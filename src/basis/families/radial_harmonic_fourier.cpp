// Radial harmonic Fourier moments (RHFM), family 7.
//
// R_0 = r^(-1/2), odd n: sqrt(2/r) sin(pi (n + 1) r), even n >= 2:
// sqrt(2/r) cos(pi n r), Omega_n = 1 / (2 pi). This is GRHFM with alpha = 1. The
// functions are unbounded at r = 0.
// The user parameters are ignored, because the family fixes alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_radial_harmonic_fourier(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.alpha = 1.0;
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::radial_harmonic_fourier, "rhfm", "RHFM", HarmonicKind::radial_harmonic, false, false, 200}, fixed);
}

}  // namespace erlangen::basis::families
