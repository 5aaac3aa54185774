// Jacobi-Fourier moments JFM(p, q), family 6.
//
// R_n(r) = sqrt(W(r) / b_n) G_n(p, q, r), with G_n the shifted Jacobi polynomial
// of weight W(r) = (1 - r)^(p - q) r^(q - 1) on [0, 1] divided by r, and
// Omega_n = 1 / (2 pi). Accepted parameters: q > 0 and p - q > -1. The
// parameter alpha is ignored (it is fixed to 1); FJFM adds it.
// (p, q) = (2, 2) is OFMM up to its constant, (2, 1.5) CHFM, (4, 3) PJFM and
// (1, 1) the Legendre-Fourier moments.
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_jacobi_fourier(FamilyParameters parameters) {
  parameters.alpha = 1.0;
  validate_jacobi_parameters("jfm", parameters);
  return std::make_unique<JacobiFamily>(
      JacobiDescription{FamilyId::jacobi_fourier, "jfm", "JFM", true, false, false, 200}, parameters);
}

}  // namespace erlangen::basis::families
