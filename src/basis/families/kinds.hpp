// Internal: the two generic kinds behind most families.
//
// JacobiFamily covers OFMM, CHFM, PJFM, JFM(p, q) and FJFM(p, q, alpha), whose
// radial functions are shifted Jacobi polynomials in x = r^alpha times a weight.
// HarmonicFamily covers RHFM, EFM, PCET, PCT, PST and their generic versions,
// which are sin, cos or exp of a multiple of pi r^alpha times a power of r.
// Each family file in this folder only fills in one of the two descriptions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "erlangen/basis/family.hpp"

namespace erlangen::basis::families {

// Coefficients of the orthonormal shifted Jacobi polynomials T_k of weight
// (1 - x)^(p - q) x^(q - 1) on [0, 1], with T_k(0) > 0:
//   T_0 = t0,  T_k = (a_k x + b_k) T_{k-1} - c_k T_{k-2}  for k >= 1 (c_1 = 0).
struct JacobiRecurrence {
  double t0 = 0.0;
  std::vector<double> a;
  std::vector<double> b;
  std::vector<double> c;
};

// Builds the coefficients for k = 0..max_order; requires q > 0 and p - q > -1.
JacobiRecurrence jacobi_recurrence(double p, double q, int max_order);

// Names, parameters and constants of one Jacobi-type family.
struct JacobiDescription {
  FamilyId id;
  std::string_view name;
  std::string_view abbreviation;
  // True when p, q (and alpha when fractional) are user parameters and belong
  // in parameter_text(); false for OFMM, CHFM and PJFM, whose values are fixed.
  bool show_pq = false;
  bool show_alpha = false;
  // OFMM keeps its textbook form Q_n with Omega_n = (n + 1) / pi, which is the
  // orthonormal R_n divided by sqrt(2 (n + 1)). Every other Jacobi family uses
  // the orthonormal R_n with Omega_n = 1 / (2 pi).
  bool mellin_scaling = false;
  int max_supported_order = 200;
};

// Radial functions of the Jacobi-Fourier kind, in the sign convention of the
// unified recurrence (R_n(0) > 0 where it is finite):
//   R_n(r) = T_n(x) sqrt(alpha (1 - x)^(p - q) r^(alpha q - 2)),  x = r^alpha,
// where T_n = A_n sqrt(p + 2n) P_n is the orthonormal shifted Jacobi polynomial
// with weight (1 - x)^(p - q) x^(q - 1) on [0, 1]. Requires q > 0, p - q > -1
// and alpha > 0 (checked by validate_jacobi_parameters).
class JacobiFamily final : public Family {
 public:
  JacobiFamily(const JacobiDescription& description, FamilyParameters parameters);

  FamilyId id() const override { return description_.id; }
  std::string_view name() const override { return description_.name; }
  std::string_view abbreviation() const override { return description_.abbreviation; }
  std::string parameter_text() const override;
  bool singular_at_origin() const override;
  int max_supported_order() const override { return description_.max_supported_order; }
  double omega(int n) const override;
  void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const override;

 private:
  JacobiDescription description_;
};

// Throws InvalidArgument unless q > 0, p - q > -1 and alpha > 0 (all finite).
void validate_jacobi_parameters(std::string_view family, const FamilyParameters& parameters);

// Trigonometric function of the angle pi r^alpha that a harmonic family uses.
enum class HarmonicKind {
  // RHFM, GRHFM: R_0 = w, odd n: w sqrt2 sin(pi (n + 1) u), even n: w sqrt2 cos(pi n u).
  radial_harmonic,
  // EFM, PCET, GPCET: R_n = w exp(j 2 pi n u), n in -K..K.
  exponential,
  // PCT, GPCT: R_0 = w, R_n = w sqrt2 cos(pi n u).
  cosine,
  // PST, GPST: R_n = w sqrt2 sin(pi n u), n in 1..K.
  sine,
};

// Names and constants of one harmonic family.
struct HarmonicDescription {
  FamilyId id;
  std::string_view name;
  std::string_view abbreviation;
  HarmonicKind kind;
  // True for the generic families, whose alpha is a user parameter.
  bool show_alpha = false;
  // True for PCET, PCT and PST: alpha = 2, weight w = 1 and Omega_n = 1 / pi.
  // Otherwise w = sqrt(alpha r^(alpha - 2)) and Omega_n = 1 / (2 pi).
  bool polar_form = false;
  int max_supported_order = 200;
};

// Radial functions of the harmonic kind with u = r^alpha. The substitution
// u = r^alpha turns every one of them into a Fourier, cosine or sine series
// on [0, 1], so they are orthogonal for every alpha > 0.
class HarmonicFamily final : public Family {
 public:
  HarmonicFamily(const HarmonicDescription& description, FamilyParameters parameters);

  FamilyId id() const override { return description_.id; }
  std::string_view name() const override { return description_.name; }
  std::string_view abbreviation() const override { return description_.abbreviation; }
  std::string parameter_text() const override;
  bool complex_radial() const override { return description_.kind == HarmonicKind::exponential; }
  bool singular_at_origin() const override;
  int n_min(int max_order) const override;
  int n_max(int max_order) const override { return max_order; }
  int max_supported_order() const override { return description_.max_supported_order; }
  double omega(int n) const override;
  void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const override;

 private:
  HarmonicDescription description_;
};

// Throws InvalidArgument unless alpha is finite and > 0.
void validate_alpha(std::string_view family, double alpha);

}  // namespace erlangen::basis::families
