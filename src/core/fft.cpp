// FFTW3 backend of the FFT interface in erlangen/core/fft.hpp.
#include "erlangen/core/fft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>

#include "erlangen/core/error.hpp"

namespace erlangen::fft {
namespace {

// FFTW's planner is not thread-safe; every plan creation takes this lock.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

template <typename Real>
struct Fftw;

template <>
struct Fftw<double> {
  using Plan = fftw_plan;
  using Complex = fftw_complex;
  static void* malloc(std::size_t bytes) { return fftw_malloc(bytes); }
  static void free(void* pointer) { fftw_free(pointer); }
  static int alignment_of(const void* pointer) {
    return fftw_alignment_of(reinterpret_cast<double*>(const_cast<void*>(pointer)));
  }
  static Plan plan_r2c(int rows, int cols, double* in, Complex* out, unsigned flags) {
    return fftw_plan_dft_r2c_2d(rows, cols, in, out, flags);
  }
  static Plan plan_c2r(int rows, int cols, Complex* in, double* out, unsigned flags) {
    return fftw_plan_dft_c2r_2d(rows, cols, in, out, flags);
  }
  static Plan plan_c2c(int rows, int cols, Complex* in, Complex* out, int sign, unsigned flags) {
    return fftw_plan_dft_2d(rows, cols, in, out, sign, flags);
  }
  static void execute_r2c(Plan plan, double* in, Complex* out) { fftw_execute_dft_r2c(plan, in, out); }
  static void execute_c2r(Plan plan, Complex* in, double* out) { fftw_execute_dft_c2r(plan, in, out); }
  static void execute_c2c(Plan plan, Complex* in, Complex* out) { fftw_execute_dft(plan, in, out); }
  static void destroy(Plan plan) { fftw_destroy_plan(plan); }
};

template <>
struct Fftw<float> {
  using Plan = fftwf_plan;
  using Complex = fftwf_complex;
  static void* malloc(std::size_t bytes) { return fftwf_malloc(bytes); }
  static void free(void* pointer) { fftwf_free(pointer); }
  static int alignment_of(const void* pointer) {
    return fftwf_alignment_of(reinterpret_cast<float*>(const_cast<void*>(pointer)));
  }
  static Plan plan_r2c(int rows, int cols, float* in, Complex* out, unsigned flags) {
    return fftwf_plan_dft_r2c_2d(rows, cols, in, out, flags);
  }
  static Plan plan_c2r(int rows, int cols, Complex* in, float* out, unsigned flags) {
    return fftwf_plan_dft_c2r_2d(rows, cols, in, out, flags);
  }
  static Plan plan_c2c(int rows, int cols, Complex* in, Complex* out, int sign, unsigned flags) {
    return fftwf_plan_dft_2d(rows, cols, in, out, sign, flags);
  }
  static void execute_r2c(Plan plan, float* in, Complex* out) { fftwf_execute_dft_r2c(plan, in, out); }
  static void execute_c2r(Plan plan, Complex* in, float* out) { fftwf_execute_dft_c2r(plan, in, out); }
  static void execute_c2c(Plan plan, Complex* in, Complex* out) { fftwf_execute_dft(plan, in, out); }
  static void destroy(Plan plan) { fftwf_destroy_plan(plan); }
};

// Memory from the FFTW allocator, so that planning arrays have FFTW's alignment.
template <typename Real>
struct FftwBuffer {
  void* pointer = nullptr;
  explicit FftwBuffer(std::size_t bytes) : pointer(Fftw<Real>::malloc(std::max<std::size_t>(bytes, 64))) {
    if (pointer == nullptr) throw std::bad_alloc();
  }
  ~FftwBuffer() { Fftw<Real>::free(pointer); }
  FftwBuffer(const FftwBuffer&) = delete;
  FftwBuffer& operator=(const FftwBuffer&) = delete;
};

enum class Kind { real_forward, real_inverse, complex_forward, complex_inverse, complex_forward_in_place, complex_inverse_in_place };

// The plans of one precision by kind and size. The destructor destroys them at program exit, so
// that leak checkers (LeakSanitizer, valgrind) report no lost plans. No transform may run after
// it. That is true today because no static object executes an FFT in its destructor.
template <typename Real>
struct PlanCache {
  std::map<std::tuple<Kind, std::ptrdiff_t, std::ptrdiff_t>, typename Fftw<Real>::Plan> plans;

  PlanCache() = default;
  PlanCache(const PlanCache&) = delete;
  PlanCache& operator=(const PlanCache&) = delete;
  ~PlanCache() {
    for (auto& entry : plans) Fftw<Real>::destroy(entry.second);
  }
};

// A plan shared by every transform object of the same kind and size. Plans live
// until the program ends; there are only as many as distinct sizes in use.
template <typename Real>
typename Fftw<Real>::Plan cached_plan(Kind kind, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  using F = Fftw<Real>;
  using Complex = typename F::Complex;
  static PlanCache<Real> cache_owner;
  auto& cache = cache_owner.plans;

  if (rows <= 0 || cols <= 0 || rows > (1 << 30) / std::max<std::ptrdiff_t>(cols, 1)) {
    throw InvalidArgument(fmt::format(
        "fft: size {}x{} is invalid, expected positive rows and cols with rows*cols < 2^30", rows,
        cols));
  }
  std::lock_guard lock(planner_mutex());
  auto key = std::make_tuple(kind, rows, cols);
  if (auto found = cache.find(key); found != cache.end()) return found->second;

  const auto r = static_cast<int>(rows);
  const auto c = static_cast<int>(cols);
  const std::size_t real_bytes = sizeof(Real) * static_cast<std::size_t>(rows * cols);
  const std::size_t complex_bytes = sizeof(Complex) * static_cast<std::size_t>(rows * cols);
  FftwBuffer<Real> first(std::max(real_bytes, complex_bytes));
  FftwBuffer<Real> second(complex_bytes);
  const unsigned flags = FFTW_ESTIMATE;
  typename F::Plan plan = nullptr;
  switch (kind) {
    case Kind::real_forward:
      plan = F::plan_r2c(r, c, static_cast<Real*>(first.pointer), static_cast<Complex*>(second.pointer), flags);
      break;
    case Kind::real_inverse:
      plan = F::plan_c2r(r, c, static_cast<Complex*>(second.pointer), static_cast<Real*>(first.pointer), flags);
      break;
    case Kind::complex_forward:
      plan = F::plan_c2c(r, c, static_cast<Complex*>(first.pointer), static_cast<Complex*>(second.pointer), FFTW_FORWARD, flags);
      break;
    case Kind::complex_inverse:
      plan = F::plan_c2c(r, c, static_cast<Complex*>(first.pointer), static_cast<Complex*>(second.pointer), FFTW_BACKWARD, flags);
      break;
    case Kind::complex_forward_in_place:
      plan = F::plan_c2c(r, c, static_cast<Complex*>(first.pointer), static_cast<Complex*>(first.pointer), FFTW_FORWARD, flags);
      break;
    case Kind::complex_inverse_in_place:
      plan = F::plan_c2c(r, c, static_cast<Complex*>(first.pointer), static_cast<Complex*>(first.pointer), FFTW_BACKWARD, flags);
      break;
  }
  if (plan == nullptr) {
    throw Error(fmt::format("fft: FFTW could not plan a {}x{} transform", rows, cols));
  }
  cache.emplace(key, plan);
  return plan;
}

template <typename Real>
bool fftw_aligned(const void* pointer) {
  return Fftw<Real>::alignment_of(pointer) == 0;
}

}  // namespace

std::ptrdiff_t next_fast_size(std::ptrdiff_t n) {
  if (n <= 1) return 1;
  for (std::ptrdiff_t candidate = n;; ++candidate) {
    std::ptrdiff_t rest = candidate;
    for (std::ptrdiff_t factor : {2, 3, 5, 7}) {
      while (rest % factor == 0) rest /= factor;
    }
    if (rest == 1) return candidate;
  }
}

// ---------------------------------------------------------------------------
template <typename Real>
struct RealFft2d<Real>::Impl {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  typename Fftw<Real>::Plan forward_plan = nullptr;
  typename Fftw<Real>::Plan inverse_plan = nullptr;
};

template <typename Real>
RealFft2d<Real>::RealFft2d(std::ptrdiff_t rows, std::ptrdiff_t cols) : impl_(std::make_unique<Impl>()) {
  impl_->rows = rows;
  impl_->cols = cols;
  impl_->forward_plan = cached_plan<Real>(Kind::real_forward, rows, cols);
  impl_->inverse_plan = cached_plan<Real>(Kind::real_inverse, rows, cols);
}
template <typename Real>
RealFft2d<Real>::~RealFft2d() = default;
template <typename Real>
RealFft2d<Real>::RealFft2d(RealFft2d&&) noexcept = default;
template <typename Real>
RealFft2d<Real>& RealFft2d<Real>::operator=(RealFft2d&&) noexcept = default;
template <typename Real>
std::ptrdiff_t RealFft2d<Real>::rows() const { return impl_->rows; }
template <typename Real>
std::ptrdiff_t RealFft2d<Real>::cols() const { return impl_->cols; }

template <typename Real>
void RealFft2d<Real>::forward(const Real* input, std::complex<Real>* spectrum) const {
  using F = Fftw<Real>;
  using Complex = typename F::Complex;
  auto* in = const_cast<Real*>(input);  // FFTW's r2c preserves its input.
  auto* out = reinterpret_cast<Complex*>(spectrum);
  if (fftw_aligned<Real>(in) && fftw_aligned<Real>(out)) {
    F::execute_r2c(impl_->forward_plan, in, out);
    return;
  }
  AlignedVector<Real> in_copy(input, input + rows() * cols());
  AlignedVector<std::complex<Real>> out_copy(static_cast<std::size_t>(spectrum_size()));
  F::execute_r2c(impl_->forward_plan, in_copy.data(), reinterpret_cast<Complex*>(out_copy.data()));
  std::copy(out_copy.begin(), out_copy.end(), spectrum);
}

template <typename Real>
void RealFft2d<Real>::inverse(std::complex<Real>* spectrum, Real* output) const {
  using F = Fftw<Real>;
  using Complex = typename F::Complex;
  auto* in = reinterpret_cast<Complex*>(spectrum);
  if (fftw_aligned<Real>(in) && fftw_aligned<Real>(output)) {
    F::execute_c2r(impl_->inverse_plan, in, output);
    return;
  }
  AlignedVector<std::complex<Real>> in_copy(spectrum, spectrum + spectrum_size());
  AlignedVector<Real> out_copy(static_cast<std::size_t>(rows() * cols()));
  F::execute_c2r(impl_->inverse_plan, reinterpret_cast<Complex*>(in_copy.data()), out_copy.data());
  std::copy(out_copy.begin(), out_copy.end(), output);
}

// ---------------------------------------------------------------------------
template <typename Real>
struct ComplexFft2d<Real>::Impl {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  typename Fftw<Real>::Plan forward_plan = nullptr;
  typename Fftw<Real>::Plan inverse_plan = nullptr;
  typename Fftw<Real>::Plan forward_in_place = nullptr;
  typename Fftw<Real>::Plan inverse_in_place = nullptr;

  void execute(bool inverse, const std::complex<Real>* input, std::complex<Real>* output) const {
    using F = Fftw<Real>;
    using Complex = typename F::Complex;
    auto* in = reinterpret_cast<Complex*>(const_cast<std::complex<Real>*>(input));
    auto* out = reinterpret_cast<Complex*>(output);
    const bool in_place = static_cast<const void*>(input) == static_cast<const void*>(output);
    if (fftw_aligned<Real>(in) && fftw_aligned<Real>(out)) {
      // Out-of-place complex plans preserve their input (FFTW's default for c2c).
      F::execute_c2c(in_place ? (inverse ? inverse_in_place : forward_in_place)
                              : (inverse ? inverse_plan : forward_plan),
                     in, out);
      return;
    }
    AlignedVector<std::complex<Real>> buffer(input, input + rows * cols);
    auto* data = reinterpret_cast<Complex*>(buffer.data());
    F::execute_c2c(inverse ? inverse_in_place : forward_in_place, data, data);
    std::copy(buffer.begin(), buffer.end(), output);
  }
};

template <typename Real>
ComplexFft2d<Real>::ComplexFft2d(std::ptrdiff_t rows, std::ptrdiff_t cols) : impl_(std::make_unique<Impl>()) {
  impl_->rows = rows;
  impl_->cols = cols;
  impl_->forward_plan = cached_plan<Real>(Kind::complex_forward, rows, cols);
  impl_->inverse_plan = cached_plan<Real>(Kind::complex_inverse, rows, cols);
  impl_->forward_in_place = cached_plan<Real>(Kind::complex_forward_in_place, rows, cols);
  impl_->inverse_in_place = cached_plan<Real>(Kind::complex_inverse_in_place, rows, cols);
}
template <typename Real>
ComplexFft2d<Real>::~ComplexFft2d() = default;
template <typename Real>
ComplexFft2d<Real>::ComplexFft2d(ComplexFft2d&&) noexcept = default;
template <typename Real>
ComplexFft2d<Real>& ComplexFft2d<Real>::operator=(ComplexFft2d&&) noexcept = default;
template <typename Real>
std::ptrdiff_t ComplexFft2d<Real>::rows() const { return impl_->rows; }
template <typename Real>
std::ptrdiff_t ComplexFft2d<Real>::cols() const { return impl_->cols; }
template <typename Real>
void ComplexFft2d<Real>::forward(const std::complex<Real>* input, std::complex<Real>* output) const {
  impl_->execute(false, input, output);
}
template <typename Real>
void ComplexFft2d<Real>::inverse(const std::complex<Real>* input, std::complex<Real>* output) const {
  impl_->execute(true, input, output);
}

template class RealFft2d<float>;
template class RealFft2d<double>;
template class ComplexFft2d<float>;
template class ComplexFft2d<double>;

}  // namespace erlangen::fft
