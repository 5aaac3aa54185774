// Internal state of HirPlan, shared by the construction and the apply sources.
#pragma once

#include <complex>
#include <cstddef>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/aligned.hpp"
#include "erlangen/core/fft.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::hierarchy {

// One node of the prefix tree of the paths: the map U of one path prefix. Node 0 is the input image.
struct HirNode {
  Filter filter;               // the C layer that produced this map (unused for the root)
  int parent = -1;
  int depth = 0;
  std::vector<int> children;
  std::ptrdiff_t rows = 0;     // size of this node's map
  std::ptrdiff_t cols = 0;
  // For nodes with children: size after pooling and the FFT size on which the children are computed.
  std::ptrdiff_t pooled_rows = 0;
  std::ptrdiff_t pooled_cols = 0;
  std::ptrdiff_t fft_rows = 0;
  std::ptrdiff_t fft_cols = 0;
  int fft = -1;                // index into HirPlan::Impl FFT lists
  int spectrum = -1;           // kernel spectrum applied to the parent's FFT to get this node
  std::vector<std::size_t> outputs;  // indices of the paths that end here
};

// Pre-conjugated, pre-scaled half spectra of the real and imaginary parts of one kernel at one
// FFT size: corr(k, f) = IFFT(F * real) + j IFFT(F * imag).
template <typename Real>
struct KernelSpectrum {
  AlignedVector<std::complex<Real>> real;
  AlignedVector<std::complex<Real>> imag;  // empty when the kernel is real
};

// Band layout of the dct_rings read-out for one map side h, and the FFT that computes the DCT.
//
// The 2-D DCT-II comes from one h x h real FFT of the map with its rows and columns reordered
// (even indices ascending, then odd indices descending; Makhoul, "A fast cosine transform in one
// and two dimensions", IEEE Trans. ASSP 28(1), 1980):
//   X[k1, k2] = Re(W^k1 (W^k2 V[k1, k2] + W^-k2 V[k1, h - k2])) / 2,   W = exp(-j pi / (2h)),
// where V is the DFT of the reordered map and X the unnormalised DCT-II.
struct DctRings {
  std::ptrdiff_t side = 0;
  std::unique_ptr<fft::RealFft2d<double>> transform;  // h x h
  std::vector<std::ptrdiff_t> reorder;  // map index of reordered position n, per axis
  std::vector<std::complex<double>> twiddle;  // W^k for k in [0, h)
  std::vector<int> band;           // per coefficient (row-major), 0-based band or -1 when dropped
  std::vector<double> weight;      // alpha(a) alpha(b) rho^2 / h^2 per coefficient (orthonormal scaling included)
  std::vector<double> count;       // coefficients per band
};

struct HirPlan::Impl {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  HirOptions options;
  std::shared_ptr<const basis::Family> family;
  std::string family_label;
  std::vector<Path> paths;
  std::vector<HirNode> nodes;
  std::size_t forward_ffts = 0;
  int max_depth = 0;

  // Distinct FFT sizes; nodes refer to them by index.
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> fft_sizes;
  std::vector<std::unique_ptr<fft::RealFft2d<float>>> fft_float;
  std::vector<std::unique_ptr<fft::RealFft2d<double>>> fft_double;
  std::vector<KernelSpectrum<float>> spectra_float;
  std::vector<KernelSpectrum<double>> spectra_double;
  std::size_t largest_fft = 0;       // rows * cols of the largest FFT
  std::size_t largest_spectrum = 0;  // values of the largest half spectrum
  std::size_t largest_map = 0;

  // Read-outs.
  std::vector<std::size_t> feature_offset;  // per path
  std::size_t values_per_path = 1;
  std::map<std::ptrdiff_t, DctRings> dct;   // by final map side
  std::map<std::ptrdiff_t, std::unique_ptr<moments::MomentPlan>> moment_plans;  // by final map side
  std::vector<basis::OrderPair> moment_orders;
  std::vector<std::size_t> moment_positions;  // index of each moment_orders entry in MomentSet::values()

  std::vector<FeatureLabel> labels;
  std::vector<FeatureInfo> info;
  std::vector<int> path_node;  // node at which each path ends

  template <typename Real>
  void compute(ImageView<const float> image, std::span<double> features, int stop_path, ImageD* map_out) const;
  void read_out(const double* map, std::ptrdiff_t rows, std::ptrdiff_t cols, std::size_t path,
                std::span<double> features) const;
};

}  // namespace erlangen::hierarchy
