// Disk-based orthogonal moment families: radial functions and index rules.
//
// Every family separates into V_nm(r, theta) = R_n(r) e^{j m theta} on the unit
// disk (ZM and PZM: R depends on n and |m|). A family supplies only
//   - its radial function R_n(r), evaluated by a stable recurrence,
//   - its textbook normalisation constant Omega_n = 1 / (2 pi int_0^1 |R_n|^2 r dr),
//   - its rule for valid (n, m) up to a maximum order K.
// Grid mapping, integration, normalisation and caching are shared code
// (basis/kernel.hpp, moments/plan.hpp), so adding a family is one short file in
// src/basis/families/ plus one line in the registry.
//
// Source of the definitions: Qi, Zhang, Wang, Zhou, Cao, "A Survey of Orthogonal
// Moments for Image Representation", ACM Computing Surveys 2021 (arXiv 2103.14799).
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace erlangen::basis {

// Stable family numbers; equal to the `type_feat` ids of the authors' MATLAB code.
enum class FamilyId : int {
  zernike = 1,
  pseudo_zernike = 2,
  orthogonal_fourier_mellin = 3,
  chebyshev_fourier = 4,
  pseudo_jacobi_fourier = 5,
  jacobi_fourier = 6,
  radial_harmonic_fourier = 7,
  exponent_fourier = 8,
  polar_complex_exponential = 9,
  polar_cosine = 10,
  polar_sine = 11,
  bessel_fourier = 12,
  fractional_jacobi_fourier = 13,
  generic_radial_harmonic_fourier = 14,
  generic_polar_complex_exponential = 15,
  generic_polar_cosine = 16,
  generic_polar_sine = 17,
};

// Family parameters. Each family reads only the ones it has:
// alpha (GRHFM, GPCET, GPCT, GPST, FJFM), p and q (JFM, FJFM).
struct FamilyParameters {
  double alpha = 1.0;
  double p = 2.0;
  double q = 2.0;
  bool operator==(const FamilyParameters&) const = default;
};

// An order pair: order n and repetition m.
struct OrderPair {
  int n = 0;
  int m = 0;
  bool operator==(const OrderPair&) const = default;
  auto operator<=>(const OrderPair&) const = default;
};

// Values R_n(r_k) (or R_{n,|m|}(r_k) for families whose radial part depends on
// |m|) for every order of a family up to a maximum order, at a list of radii.
class RadialTable {
 public:
  RadialTable() = default;
  // Orders n_min..n_max; |m| in 0..m_abs_max (m_abs_max = 0 when R ignores m).
  RadialTable(int n_min, int n_max, int m_abs_max, std::size_t radius_count);

  int n_min() const { return n_min_; }
  int n_max() const { return n_max_; }
  int m_abs_max() const { return m_abs_max_; }
  std::size_t radius_count() const { return radius_count_; }

  // Row of radius_count() values for order n and |m| (|m| is clamped to 0 when
  // the table ignores m).
  std::complex<double>* row(int n, int m_abs);
  const std::complex<double>* row(int n, int m_abs) const;

 private:
  std::size_t index(int n, int m_abs) const;
  int n_min_ = 0;
  int n_max_ = -1;
  int m_abs_max_ = 0;
  std::size_t radius_count_ = 0;
  std::vector<std::complex<double>> values_;
};

// Interface of a moment family. Implementations are immutable and thread-safe.
class Family {
 public:
  virtual ~Family() = default;

  virtual FamilyId id() const = 0;
  // Short command-line name, for example "zernike" or "gpcet".
  virtual std::string_view name() const = 0;
  // Abbreviation used in labels, for example "ZM" or "GPCET".
  virtual std::string_view abbreviation() const = 0;
  // Human-readable description of the parameters in use, for example "alpha=1.5".
  virtual std::string parameter_text() const { return {}; }
  const FamilyParameters& parameters() const { return parameters_; }

  // True for EFM, PCET and GPCET, whose R_n is complex (e^{j 2 pi n r^alpha}).
  virtual bool complex_radial() const { return false; }
  // True for ZM and PZM, whose radial polynomial depends on |m|.
  virtual bool radial_depends_on_m() const { return false; }
  // True when R_n(r) is unbounded at r = 0 for some n (RHFM, EFM, CHFM, PJFM,
  // JFM/FJFM with alpha*q < 2, generic harmonic families with alpha < 2). Such
  // families need an even number of sub-pixel nodes on odd grids.
  virtual bool singular_at_origin() const { return false; }

  // Range of n for maximum order K: [n_min(K), n_max(K)].
  virtual int n_min(int max_order) const { (void)max_order; return 0; }
  virtual int n_max(int max_order) const { return max_order; }
  // True when (n, m) belongs to the family's index set for maximum order K.
  virtual bool contains(OrderPair order, int max_order) const;
  // Every valid (n, m) for maximum order K, n in the outer loop and m in the
  // inner loop, both increasing.
  std::vector<OrderPair> orders(int max_order) const;

  // Highest maximum order whose radial recurrence has been tested to stay
  // accurate (absolute error documented per family in docs/conventions.md).
  virtual int max_supported_order() const { return 200; }

  // Textbook normalisation constant Omega_n.
  virtual double omega(int n) const = 0;

  // Fills `table` with the radial values of every order n in [n_min(K), n_max(K)]
  // (and every |m| <= K for m-dependent families) at the given radii, all in
  // [0, 1]. The table is resized by the call.
  virtual void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const = 0;

  // Convenience: R_n(r) (or R_{n,|m|}(r)) at one radius. Slow; for tests.
  std::complex<double> radial(int n, int m, double r) const;

 protected:
  explicit Family(FamilyParameters parameters) : parameters_(parameters) {}

 private:
  FamilyParameters parameters_;
};

// Builds a family by id, validating its parameters (alpha > 0, q > 0, p - q > -1).
std::unique_ptr<const Family> make_family(FamilyId id, FamilyParameters parameters = {});
// Builds a family from its command-line name ("zernike", "zm", "pct", ...).
std::unique_ptr<const Family> make_family(std::string_view name, FamilyParameters parameters = {});

// One row of the family table that `erlangen families` prints.
struct FamilyInfo {
  FamilyId id;
  std::string name;          // command-line name
  std::string abbreviation;  // label prefix
  std::string title;         // full name
  std::string parameters;    // accepted parameters and their ranges
  std::string n_range;       // for example "0..K"
  std::string m_range;       // for example "|m| <= n, n - |m| even"
  std::string count;         // number of (n, m) pairs for maximum order K
  bool complex_radial;
};
const std::vector<FamilyInfo>& family_table();

// lambda_n of the Bessel-Fourier family: the (n + 1)-th positive zero of J_1,
// for n in [0, 500]. Throws InvalidArgument outside that range.
double bessel_fourier_zero(int n);

}  // namespace erlangen::basis
