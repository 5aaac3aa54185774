// Fractional-order Jacobi-Fourier moments FJFM(p, q, alpha), family 13.
//
// JFM(p, q) with r replaced by x = r^alpha inside the polynomial and weight:
//   R_n(r) = T_n(x) sqrt(alpha (1 - x)^(p - q) r^(alpha q - 2)),  Omega_n = 1 / (2 pi),
// where T_n is the orthonormal shifted Jacobi polynomial. Accepted parameters:
// q > 0, p - q > -1 and alpha > 0; alpha = 1 gives JFM(p, q).
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_fractional_jacobi_fourier(FamilyParameters parameters) {
  validate_jacobi_parameters("fjfm", parameters);
  return std::make_unique<JacobiFamily>(
      JacobiDescription{FamilyId::fractional_jacobi_fourier, "fjfm", "FJFM", true, true, false, 200},
      parameters);
}

}  // namespace erlangen::basis::families
