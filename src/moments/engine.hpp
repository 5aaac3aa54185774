// Internal: the evaluation methods behind MomentPlan, one class per method.
//
// An engine is built once from the plan's settings and maps one contiguous,
// row-major N x N image of doubles to the moments of every (n, m) in the
// family's index set, in the order of Family::orders(K). Engines are immutable
// after construction, so apply() is const and thread-safe.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/basis/kernel.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::moments::detail {

// Everything an engine needs to know about the plan.
struct EngineSettings {
  const basis::Family* family = nullptr;
  std::ptrdiff_t size = 0;  // N, the side of the square image
  MomentOptions options;
  std::vector<basis::OrderPair> orders;  // Family::orders(max_order)
  // Per order: the factor that turns the pixel sum sum f h into the output
  // value, Omega_n dA (textbook) or sqrt(Omega_n) dA (orthonormal).
  std::vector<double> scale;
};

class MomentEngine {
 public:
  virtual ~MomentEngine() = default;
  // image: N x N doubles, row-major; values: one per order of the settings.
  virtual void apply(const double* image, std::complex<double>* values) const = 0;
  virtual std::size_t kernel_bytes() const = 0;
};

// Area of one pixel in disk units, with the optional reference "+1" quirk.
double area_element(const basis::DiskGrid& grid, bool area_plus_one);

// Pixels touching the disk, without the centre pixel of an odd grid.
std::vector<basis::PixelIndex> pixels_without_centre(const basis::DiskGrid& grid, basis::SamplingRule rule);

// Kernel of the centre pixel of an odd grid for `orders`: the sampling rule
// applied to conj(V_nm), where a node at r = 0 contributes conj(R_n(0)) for
// m = 0 and nothing for m != 0 (the mean of e^{-j m phi} over a small circle
// around the origin). Throws InvalidArgument when a node lands on r = 0 for a
// family singular there.
Eigen::VectorXcd centre_pixel_kernel(const basis::Family& family, int max_order,
                                     std::span<const basis::OrderPair> orders, const basis::DiskGrid& grid,
                                     basis::SamplingRule rule);

// Bytes the kernels of each method would need; used for the memory budget.
std::size_t direct_kernel_bytes(const EngineSettings& settings);
std::size_t symmetric_kernel_bytes(const EngineSettings& settings);
std::size_t polar_fft_bytes(const EngineSettings& settings);

std::unique_ptr<MomentEngine> make_direct_engine(const EngineSettings& settings);
std::unique_ptr<MomentEngine> make_symmetric_engine(const EngineSettings& settings);
std::unique_ptr<MomentEngine> make_polar_fft_engine(const EngineSettings& settings);

// True for the families that polar_fft supports: EFM, PCET, GPCET, RHFM, GRHFM.
bool polar_fft_supports(basis::FamilyId id);

}  // namespace erlangen::moments::detail
