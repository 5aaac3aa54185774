// Internal state of LocalMomentPlan, shared by its construction and its apply functions.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

#include "erlangen/core/aligned.hpp"
#include "erlangen/core/fft.hpp"
#include "erlangen/dense/local_moments.hpp"

namespace erlangen::dense {

// One non-zero coefficient of an embedded kernel.
struct KernelTap {
  std::ptrdiff_t row = 0;
  std::ptrdiff_t col = 0;
  std::complex<double> value;
};

struct LocalMomentPlan::Impl {
  std::shared_ptr<const basis::Family> family;
  LocalMomentOptions options;
  int max_order = 1;

  std::ptrdiff_t rows = 0;  // image
  std::ptrdiff_t cols = 0;
  std::ptrdiff_t padding = 0;
  std::ptrdiff_t padded_rows = 0;
  std::ptrdiff_t padded_cols = 0;
  std::ptrdiff_t max_scale = 0;
  std::ptrdiff_t dense_rows = 0;  // output size at stride 1
  std::ptrdiff_t dense_cols = 0;
  std::ptrdiff_t output_rows = 0;
  std::ptrdiff_t output_cols = 0;

  // Per channel (scale-major): embedded S_max x S_max kernel, its taps, its normalisation.
  std::vector<std::vector<std::complex<double>>> kernels;
  std::vector<std::vector<KernelTap>> taps;
  std::vector<double> norms;

  Method method = Method::fft;

  // Tiling of the stride-1 output: tiles of tile_rows x tile_cols output pixels, each read from
  // an fft_rows x fft_cols window of the padded image starting at the tile's first output pixel.
  std::ptrdiff_t tile_rows = 0;
  std::ptrdiff_t tile_cols = 0;
  std::ptrdiff_t fft_rows = 0;
  std::ptrdiff_t fft_cols = 0;
  std::ptrdiff_t tiles_down = 0;
  std::ptrdiff_t tiles_across = 0;

  // Kernel spectra B_k = (unnormalised inverse DFT of the embedded kernel) / (fft_rows fft_cols),
  // so that inverse(DFT(x) * B_k) is the correlation of x with kernel k. One of the two is filled,
  // by precision.
  std::vector<AlignedVector<std::complex<double>>> spectra_double;
  std::vector<AlignedVector<std::complex<float>>> spectra_float;
  std::unique_ptr<fft::ComplexFft2d<double>> fft_double;
  std::unique_ptr<fft::ComplexFft2d<float>> fft_float;

  std::ptrdiff_t order_count() const { return static_cast<std::ptrdiff_t>(options.orders.size()); }
  std::ptrdiff_t scale_count() const { return static_cast<std::ptrdiff_t>(options.scales.size()); }
  std::ptrdiff_t channel_count() const { return order_count() * scale_count(); }

  // Input pixel index that padded index `index` reads along an axis of `size` pixels, or -1 for
  // a zero-padding pixel.
  std::ptrdiff_t source_index(std::ptrdiff_t index, std::ptrdiff_t size) const;
};

}  // namespace erlangen::dense
