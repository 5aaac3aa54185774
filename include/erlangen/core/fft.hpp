// The FFT interface of erlangen: 2-D transforms of a fixed size, planned once.
//
// FFTW3 sits underneath (double and float). Plans are made with FFTW_ESTIMATE
// and cached per (kind, precision, size), and planner calls are serialised by
// one mutex, because FFTW's planner is not thread-safe. Executing a plan is
// const and thread-safe: every call passes its own input and output arrays.
// Another backend can replace src/core/fft.cpp without touching callers.
//
// Conventions: forward transforms use e^{-j 2 pi (k x / N)}, inverse transforms
// use e^{+j ...} and are not normalised (inverse(forward(x)) = rows*cols * x).
// Arrays are row-major. Inputs and outputs aligned to kBufferAlignment take the
// fast path; unaligned arrays are copied through aligned scratch buffers.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>

#include "erlangen/core/aligned.hpp"

namespace erlangen::fft {

// Returns the smallest n' >= n whose prime factors are all in {2, 3, 5, 7}.
std::ptrdiff_t next_fast_size(std::ptrdiff_t n);

// Real-to-complex forward and complex-to-real inverse 2-D transform of a
// rows x cols real array. The spectrum has rows x (cols / 2 + 1) values.
template <typename Real>
class RealFft2d {
 public:
  RealFft2d(std::ptrdiff_t rows, std::ptrdiff_t cols);
  ~RealFft2d();
  RealFft2d(const RealFft2d&) = delete;
  RealFft2d& operator=(const RealFft2d&) = delete;
  RealFft2d(RealFft2d&&) noexcept;
  RealFft2d& operator=(RealFft2d&&) noexcept;

  std::ptrdiff_t rows() const;
  std::ptrdiff_t cols() const;
  std::ptrdiff_t spectrum_cols() const { return cols() / 2 + 1; }
  std::ptrdiff_t spectrum_size() const { return rows() * spectrum_cols(); }

  // spectrum = FFT(input). The input is left unchanged.
  void forward(const Real* input, std::complex<Real>* spectrum) const;
  // output = unnormalised inverse FFT of the spectrum. The spectrum is overwritten.
  void inverse(std::complex<Real>* spectrum, Real* output) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Complex-to-complex 2-D transform of a rows x cols array.
template <typename Real>
class ComplexFft2d {
 public:
  ComplexFft2d(std::ptrdiff_t rows, std::ptrdiff_t cols);
  ~ComplexFft2d();
  ComplexFft2d(const ComplexFft2d&) = delete;
  ComplexFft2d& operator=(const ComplexFft2d&) = delete;
  ComplexFft2d(ComplexFft2d&&) noexcept;
  ComplexFft2d& operator=(ComplexFft2d&&) noexcept;

  std::ptrdiff_t rows() const;
  std::ptrdiff_t cols() const;

  // output = FFT(input); input and output may be the same array.
  void forward(const std::complex<Real>* input, std::complex<Real>* output) const;
  // output = unnormalised inverse FFT(input); input and output may be the same array.
  void inverse(const std::complex<Real>* input, std::complex<Real>* output) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class RealFft2d<float>;
extern template class RealFft2d<double>;
extern template class ComplexFft2d<float>;
extern template class ComplexFft2d<double>;

}  // namespace erlangen::fft
