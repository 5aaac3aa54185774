// Chebyshev-Fourier moments (CHFM), family 4.
//
// R_n(r) = sqrt(8/pi) ((1 - r)/r)^(1/4) U_n(2r - 1) up to the sign (-1)^n: the
// Jacobi-Fourier radial function with (p, q, alpha) = (2, 3/2, 1) and
// Omega_n = 1 / (2 pi). It is unbounded at r = 0 like r^(-1/4).
// The user parameters are ignored, because the family fixes p, q and alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_chebyshev_fourier(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.p = 2.0;
  fixed.q = 1.5;
  fixed.alpha = 1.0;
  return std::make_unique<JacobiFamily>(
      JacobiDescription{FamilyId::chebyshev_fourier, "chfm", "CHFM", false, false, false, 200}, fixed);
}

}  // namespace erlangen::basis::families
