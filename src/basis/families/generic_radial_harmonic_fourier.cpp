// Generic radial harmonic Fourier moments GRHFM(alpha), family 14.
//
// With w = sqrt(alpha r^(alpha - 2)): R_0 = w, odd n: w sqrt2 sin(pi (n + 1) r^alpha),
// even n >= 2: w sqrt2 cos(pi n r^alpha), Omega_n = 1 / (2 pi). Accepted: alpha > 0.
// Unbounded at r = 0 when alpha < 2; alpha = 1 is RHFM.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_generic_radial_harmonic_fourier(FamilyParameters parameters) {
  validate_alpha("grhfm", parameters.alpha);
  return std::make_unique<HarmonicFamily>(
      HarmonicDescription{FamilyId::generic_radial_harmonic_fourier, "grhfm", "GRHFM", HarmonicKind::radial_harmonic, true, false, 200}, parameters);
}

}  // namespace erlangen::basis::families
