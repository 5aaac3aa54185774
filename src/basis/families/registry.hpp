// Internal: factory functions of the families, one per file in this folder.
#pragma once

#include <memory>

#include "erlangen/basis/family.hpp"

namespace erlangen::basis::families {

std::unique_ptr<const Family> make_zernike(FamilyParameters parameters);
std::unique_ptr<const Family> make_pseudo_zernike(FamilyParameters parameters);
std::unique_ptr<const Family> make_orthogonal_fourier_mellin(FamilyParameters parameters);
std::unique_ptr<const Family> make_chebyshev_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_pseudo_jacobi_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_jacobi_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_fractional_jacobi_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_radial_harmonic_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_generic_radial_harmonic_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_exponent_fourier(FamilyParameters parameters);
std::unique_ptr<const Family> make_polar_complex_exponential(FamilyParameters parameters);
std::unique_ptr<const Family> make_generic_polar_complex_exponential(FamilyParameters parameters);
std::unique_ptr<const Family> make_polar_cosine(FamilyParameters parameters);
std::unique_ptr<const Family> make_generic_polar_cosine(FamilyParameters parameters);
std::unique_ptr<const Family> make_polar_sine(FamilyParameters parameters);
std::unique_ptr<const Family> make_generic_polar_sine(FamilyParameters parameters);
std::unique_ptr<const Family> make_bessel_fourier(FamilyParameters parameters);

}  // namespace erlangen::basis::families
