// Pseudo Jacobi-Fourier moments (PJFM), family 5.
//
// R_n(r) = sqrt((2n + 4)(r - r^2) / ((n + 3)(n + 1))) times a polynomial of
// degree n, up to the sign (-1)^n: the Jacobi-Fourier radial function with
// (p, q, alpha) = (4, 3, 1) and Omega_n = 1 / (2 pi). It vanishes at r = 0 and r = 1.
// The user parameters are ignored, because the family fixes p, q and alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_pseudo_jacobi_fourier(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.p = 4.0;
  fixed.q = 3.0;
  fixed.alpha = 1.0;
  return std::make_unique<JacobiFamily>(
      JacobiDescription{FamilyId::pseudo_jacobi_fourier, "pjfm", "PJFM", false, false, false, 200}, fixed);
}

}  // namespace erlangen::basis::families
