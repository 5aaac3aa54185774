// Global orthogonal moments of a square image: a plan built once, applied to many images.
//
// A MomentPlan fixes (image size, family and parameters, maximum order K,
// grid, integration rule, method, convention) and holds the sampled kernels.
// apply() is const and thread-safe. The moments are
//
//   M_nm = Omega_n * dA * sum_{pixels} f_ij * h_nm[i, j]          (textbook)
//   c_nm = M_nm / sqrt(Omega_n)                                     (orthonormal)
//
// with h_nm the pixel kernels of basis/kernel.hpp and dA the pixel area in disk
// units (4 / N^2 on the edge grid). Rotating the image counter-clockwise by phi
// multiplies M_nm by e^{-j m phi}; this holds exactly (to rounding) for
// multiples of 90 degrees and mirror flips, and approximately for other angles.
//
// A sub-pixel node at r = 0 (centre pixel of an odd grid) contributes
// conj(R_n(0)) to m = 0 only, the mean of e^{-j m theta} around the origin,
// where the authors' code sets theta = 0. polar_fft resamples the image itself
// and ignores the sampling rule.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/image.hpp"

namespace erlangen::moments {

enum class Method {
  automatic,  // symmetric for real radial families on square images, else direct
  direct,     // sum over every pixel with the stored kernels (the oracle)
  symmetric,  // real radial families: one kernel per orbit of the 8 grid symmetries
  polar_fft,  // harmonic families (EFM, PCET, GPCET, RHFM, GRHFM): 2-D FFT on a polar grid
};

enum class Convention {
  textbook,     // M_nm, the coefficients of f = sum M_nm R_n e^{j m theta}
  orthonormal,  // c_nm = M_nm / sqrt(Omega_n); Parseval holds in the continuous domain
};

struct MomentOptions {
  int max_order = 10;
  basis::Grid grid = basis::Grid::edge;
  basis::SamplingRule sampling = {};
  Method method = Method::automatic;
  Convention convention = Convention::textbook;
  // Reference compatibility: area element 4 / (N^2 + 1) instead of 4 / N^2.
  bool area_plus_one = false;
  // Polar FFT: polar grid side P = polar_oversampling * N.
  int polar_oversampling = 10;
  // Polar FFT, reference compatibility: weight radius (a + 1) / P with sample
  // radius a / P, instead of (a + 1/2) / P for both.
  bool polar_reference_weights = false;
  // Largest kernel storage the plan may allocate, in bytes.
  std::size_t memory_budget = std::size_t{2} << 30;
};

// Moments of one image with their labels.
class MomentSet {
 public:
  MomentSet() = default;
  MomentSet(std::shared_ptr<const basis::Family> family, int max_order, Convention convention,
            std::vector<basis::OrderPair> orders, std::vector<std::complex<double>> values);

  const basis::Family& family() const { return *family_; }
  std::shared_ptr<const basis::Family> family_pointer() const { return family_; }
  int max_order() const { return max_order_; }
  Convention convention() const { return convention_; }
  const std::vector<basis::OrderPair>& orders() const { return orders_; }
  const std::vector<std::complex<double>>& values() const { return values_; }
  std::size_t size() const { return values_.size(); }

  bool contains(int n, int m) const;
  // Throws InvalidArgument when (n, m) is not in the set.
  std::complex<double> at(int n, int m) const;

 private:
  std::shared_ptr<const basis::Family> family_;
  int max_order_ = 0;
  Convention convention_ = Convention::textbook;
  std::vector<basis::OrderPair> orders_;
  std::vector<std::complex<double>> values_;
};

class MomentPlan {
 public:
  // Validates the options (order in [0, max_accurate_order()], square image,
  // method available for the family, kernel storage within memory_budget) and
  // samples the kernels. Throws InvalidArgument or LimitExceeded.
  MomentPlan(std::shared_ptr<const basis::Family> family, std::ptrdiff_t rows, std::ptrdiff_t cols,
             MomentOptions options);
  ~MomentPlan();
  MomentPlan(MomentPlan&&) noexcept;
  MomentPlan& operator=(MomentPlan&&) noexcept;

  // Every (n, m) of the family's index set for max_order, in the order of
  // Family::orders(). Throws InvalidArgument when the image size differs from
  // the plan's or a pixel is NaN or infinite.
  MomentSet apply(ImageView<const float> image) const;
  MomentSet apply(ImageView<const double> image) const;

  // Computes f_hat = sum M_nm R_n(r) e^{j m theta} over every moment of the set
  // (orthonormal sets use sqrt(Omega_n) R_n) at the pixel centres inside the disk,
  // on the plan's grid, and returns |f_hat| (0 outside the disk). At r = 0 only
  // the m = 0 terms count, their limit along every direction; for families
  // singular at r = 0 the centre pixel of an odd grid gets the mean of its
  // four neighbours. The set must come from a plan of the same family and
  // convention; its orders may be any subset of the family's index set.
  ImageD reconstruct(const MomentSet& moments) const;

  const basis::Family& family() const;
  const MomentOptions& options() const;
  Method method() const;  // the method in use (never automatic)
  std::ptrdiff_t rows() const;
  std::ptrdiff_t cols() const;
  // Bytes of kernel storage held by the plan.
  std::size_t kernel_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Highest maximum order K that MomentPlan accepts for a family on an N x N
// image. The rule: the real part of the highest-order radial function may
// change sign at most once per pixel along the disk radius (N/2 pixels on the
// edge grid, (N-1)/2 on the centre grid), capped by the family's
// max_supported_order(). Sign changes of order n in (0, 1): about n/2 for ZM,
// 2n for EFM, PCET and GPCET (real part of e^{j 2 pi n r^alpha}), and about n
// for the other families. polar_fft also needs 2K + 1 <= P. This is a ceiling
// against aliasing, not an accuracy promise: the reconstruction error of ZM on
// natural images is smallest near K = N/3 (ZOA, N = 64 and 128).
int max_accurate_order(const basis::Family& family, std::ptrdiff_t size, Method method,
                       basis::Grid grid = basis::Grid::edge, int polar_oversampling = 10);

std::string to_string(Method method);
Method parse_method(std::string_view text);

}  // namespace erlangen::moments
