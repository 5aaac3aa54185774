// Orthogonal Fourier-Mellin moments (OFMM), family 3.
//
// Q_n(r) is the Jacobi-Fourier radial function with (p, q, alpha) = (2, 2, 1)
// divided by sqrt(2 (n + 1)), with Omega_n = (n + 1) / pi. The sign is (-1)^n
// times the closed form
//   Q_n(r) = sum_s (-1)^(n+s) (n + s + 1)! / ((n - s)! s! (s + 1)!) r^s.
// The user parameters are ignored, because the family fixes p, q and alpha.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_orthogonal_fourier_mellin(FamilyParameters parameters) {
  (void)parameters;
  FamilyParameters fixed;
  fixed.p = 2.0;
  fixed.q = 2.0;
  fixed.alpha = 1.0;
  return std::make_unique<JacobiFamily>(
      JacobiDescription{FamilyId::orthogonal_fourier_mellin, "ofmm", "OFMM", false, false, true, 200}, fixed);
}

}  // namespace erlangen::basis::families
