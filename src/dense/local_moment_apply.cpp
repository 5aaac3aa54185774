// LocalMomentPlan application: FFT and direct correlation, magnitudes, pooling, the adjoint.
//
// Both methods feed every output value to a sink, so that the complex stack, the magnitude
// planes and the pooled planes share one traversal. Work is split over OpenMP threads by channel
// (complex stack, magnitudes) or by order pair (pooled planes, so that each pooled plane has one
// writer) within each tile, or by tile when there are few work items and many tiles.
#include <algorithm>
#include <cmath>
#include <limits>

#include "erlangen/core/error.hpp"
#include "../core/parallel_failure.hpp"
#include "local_moment_plan_impl.hpp"

#ifdef ERLANGEN_HAVE_OPENMP
#include <omp.h>
#endif

namespace erlangen::dense {
namespace {

using Impl = LocalMomentPlan::Impl;

int thread_count() {
#ifdef ERLANGEN_HAVE_OPENMP
  return std::max(1, omp_get_max_threads());
#else
  return 1;
#endif
}

ImageD fold_padding(const Impl& plan, const std::vector<double>& padded);

void check_image(const Impl& plan, ImageView<const float> image) {
  if (image.height() != plan.rows || image.width() != plan.cols) {
    throw InvalidArgument(fmt::format(
        "dense moments: image size is {}x{}, expected {}x{} as the plan was built for; build a plan "
        "for this size",
        image.height(), image.width(), plan.rows, plan.cols));
  }
}

// Work item w covers the channels of one order (by_order) or one channel.
std::ptrdiff_t item_count(const Impl& plan, bool by_order) {
  return by_order ? plan.order_count() : plan.channel_count();
}

std::vector<std::ptrdiff_t> item_channels(const Impl& plan, bool by_order, std::ptrdiff_t item) {
  if (!by_order) return {item};
  std::vector<std::ptrdiff_t> channels;
  for (std::ptrdiff_t s = 0; s < plan.scale_count(); ++s) channels.push_back(s * plan.order_count() + item);
  return channels;
}

// Copies the padded-image window starting at (row0, col0) into a complex fft_rows x fft_cols
// buffer, with zeros beyond the padded image.
template <typename Real>
void fill_tile(const Impl& plan, ImageView<const float> image, std::ptrdiff_t row0, std::ptrdiff_t col0,
               AlignedVector<std::complex<Real>>& buffer) {
  std::fill(buffer.begin(), buffer.end(), std::complex<Real>());
  const std::ptrdiff_t rows = std::min(plan.fft_rows, plan.padded_rows - row0);
  const std::ptrdiff_t cols = std::min(plan.fft_cols, plan.padded_cols - col0);
  std::vector<std::ptrdiff_t> source_cols(static_cast<std::size_t>(cols));
  for (std::ptrdiff_t j = 0; j < cols; ++j) {
    source_cols[static_cast<std::size_t>(j)] = plan.source_index(col0 + j, plan.cols);
  }
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const std::ptrdiff_t source_row = plan.source_index(row0 + i, plan.rows);
    if (source_row < 0) continue;
    const float* source = image.row(source_row);
    std::complex<Real>* target = buffer.data() + i * plan.fft_cols;
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const std::ptrdiff_t column = source_cols[static_cast<std::size_t>(j)];
      if (column >= 0) target[j] = static_cast<Real>(source[column]);
    }
  }
}

template <typename Real>
const fft::ComplexFft2d<Real>& transform(const Impl& plan) {
  if constexpr (std::is_same_v<Real, float>) {
    return *plan.fft_float;
  } else {
    return *plan.fft_double;
  }
}

template <typename Real>
const AlignedVector<std::complex<Real>>& spectrum(const Impl& plan, std::ptrdiff_t channel) {
  if constexpr (std::is_same_v<Real, float>) {
    return plan.spectra_float[static_cast<std::size_t>(channel)];
  } else {
    return plan.spectra_double[static_cast<std::size_t>(channel)];
  }
}

// Correlates one tile, already transformed into `image_spectrum`, with the channels of one work
// item, and feeds the tile's output pixels to the sink.
template <typename Real, typename Sink>
void correlate_tile(const Impl& plan, std::ptrdiff_t tile, const AlignedVector<std::complex<Real>>& image_spectrum,
                    bool by_order, std::ptrdiff_t item, AlignedVector<std::complex<Real>>& work, Sink& sink) {
  const std::ptrdiff_t size = plan.fft_rows * plan.fft_cols;
  const std::ptrdiff_t stride = plan.options.stride;
  const std::ptrdiff_t row0 = (tile / plan.tiles_across) * plan.tile_rows;
  const std::ptrdiff_t col0 = (tile % plan.tiles_across) * plan.tile_cols;
  const std::ptrdiff_t rows = std::min(plan.tile_rows, plan.dense_rows - row0);
  const std::ptrdiff_t cols = std::min(plan.tile_cols, plan.dense_cols - col0);
  for (std::ptrdiff_t channel : item_channels(plan, by_order, item)) {
    const auto& kernel_spectrum = spectrum<Real>(plan, channel);
    // The product is written out: std::complex's operator* checks every result for NaN (C99
    // Annex G), which blocks vectorisation. Finite spectra give the same values.
    const Real* a = reinterpret_cast<const Real*>(image_spectrum.data());
    const Real* b = reinterpret_cast<const Real*>(kernel_spectrum.data());
    Real* product = reinterpret_cast<Real*>(work.data());
    for (std::ptrdiff_t p = 0; p < size; ++p) {
      const Real ar = a[2 * p];
      const Real ai = a[2 * p + 1];
      const Real br = b[2 * p];
      const Real bi = b[2 * p + 1];
      product[2 * p] = ar * br - ai * bi;
      product[2 * p + 1] = ar * bi + ai * br;
    }
    transform<Real>(plan).inverse(work.data(), work.data());
    // Row offsets are multiples of the stride, so local index i is kept when i % stride == 0.
    for (std::ptrdiff_t i = 0; i < rows; i += stride) {
      const std::complex<Real>* line = work.data() + i * plan.fft_cols;
      const std::ptrdiff_t output_row = (row0 + i) / stride;
      for (std::ptrdiff_t j = 0; j < cols; j += stride) {
        sink(channel, output_row, (col0 + j) / stride, std::complex<double>(line[j]));
      }
    }
  }
}

template <typename Real>
void transform_tile(const Impl& plan, ImageView<const float> image, std::ptrdiff_t tile,
                    AlignedVector<std::complex<Real>>& image_spectrum) {
  const std::ptrdiff_t row0 = (tile / plan.tiles_across) * plan.tile_rows;
  const std::ptrdiff_t col0 = (tile % plan.tiles_across) * plan.tile_cols;
  fill_tile<Real>(plan, image, row0, col0, image_spectrum);
  transform<Real>(plan).forward(image_spectrum.data(), image_spectrum.data());
}

// FFT correlation. sink(channel, output_row, output_col, value) is called once per output value,
// concurrently for different channels or tiles but never twice for the same value. Threads
// share the work items of each tile, or, when there are fewer items than twice the thread count
// and at least as many tiles as threads, take whole tiles each. Every output value is computed by
// the same operations either way.
template <typename Real, typename Sink>
void run_fft(const Impl& plan, ImageView<const float> image, bool by_order, Sink& sink) {
  const auto size = static_cast<std::size_t>(plan.fft_rows * plan.fft_cols);
  const std::ptrdiff_t tiles = plan.tiles_down * plan.tiles_across;
  const std::ptrdiff_t items = item_count(plan, by_order);
  const std::ptrdiff_t threads = thread_count();

  // The sink and the buffers may throw (std::bad_alloc); the first exception is rethrown after
  // the region, and every thread still reaches each barrier.
  erlangen::detail::ParallelFailure failure;
  if (tiles >= threads && items < 2 * threads && threads > 1) {
#pragma omp parallel
    {
      AlignedVector<std::complex<Real>> image_spectrum;
      AlignedVector<std::complex<Real>> work;
      failure.run([&] {
        image_spectrum.resize(size);
        work.resize(size);
      });
#pragma omp for schedule(dynamic)
      for (std::ptrdiff_t tile = 0; tile < tiles; ++tile) {
        failure.run([&] {
          transform_tile<Real>(plan, image, tile, image_spectrum);
          for (std::ptrdiff_t item = 0; item < items; ++item) {
            correlate_tile<Real>(plan, tile, image_spectrum, by_order, item, work, sink);
          }
        });
      }
    }
    failure.rethrow();
    return;
  }

  AlignedVector<std::complex<Real>> image_spectrum(size);
  // One parallel region for all tiles, so that each thread allocates its work buffer once.
#pragma omp parallel
  {
    AlignedVector<std::complex<Real>> work;
    failure.run([&] { work.resize(size); });
    for (std::ptrdiff_t tile = 0; tile < tiles; ++tile) {
#pragma omp single
      failure.run([&] { transform_tile<Real>(plan, image, tile, image_spectrum); });
      // The implicit barriers of single and for keep the image spectrum fixed while it is read.
#pragma omp for schedule(dynamic)
      for (std::ptrdiff_t item = 0; item < items; ++item) {
        failure.run([&] { correlate_tile<Real>(plan, tile, image_spectrum, by_order, item, work, sink); });
      }
    }
  }
  failure.rethrow();
}

// Direct spatial sums over the kernel taps at every strided output pixel.
template <typename Sink>
void run_direct(const Impl& plan, ImageView<const float> image, bool by_order, Sink& sink) {
  // The padded image, materialised once.
  std::vector<double> padded(static_cast<std::size_t>(plan.padded_rows * plan.padded_cols), 0.0);
  for (std::ptrdiff_t i = 0; i < plan.padded_rows; ++i) {
    const std::ptrdiff_t source_row = plan.source_index(i, plan.rows);
    if (source_row < 0) continue;
    for (std::ptrdiff_t j = 0; j < plan.padded_cols; ++j) {
      const std::ptrdiff_t source_col = plan.source_index(j, plan.cols);
      if (source_col >= 0) padded[static_cast<std::size_t>(i * plan.padded_cols + j)] = image(source_row, source_col);
    }
  }
  const std::ptrdiff_t stride = plan.options.stride;

  erlangen::detail::ParallelFailure failure;
#pragma omp parallel for schedule(dynamic)
  for (std::ptrdiff_t item = 0; item < item_count(plan, by_order); ++item) {
    failure.run([&] {
      for (std::ptrdiff_t channel : item_channels(plan, by_order, item)) {
        const auto& taps = plan.taps[static_cast<std::size_t>(channel)];
        for (std::ptrdiff_t a = 0; a < plan.output_rows; ++a) {
          for (std::ptrdiff_t b = 0; b < plan.output_cols; ++b) {
            const double* corner = padded.data() + (a * stride) * plan.padded_cols + b * stride;
            std::complex<double> sum = 0.0;
            for (const KernelTap& tap : taps) sum += tap.value * corner[tap.row * plan.padded_cols + tap.col];
            sink(channel, a, b, sum);
          }
        }
      }
    });
  }
  failure.rethrow();
}

template <typename Sink>
void run(const Impl& plan, ImageView<const float> image, bool by_order, Sink& sink) {
  check_image(plan, image);
  if (plan.method == Method::direct) {
    run_direct(plan, image, by_order, sink);
  } else if (plan.options.precision == Precision::float32) {
    run_fft<float>(plan, image, by_order, sink);
  } else {
    run_fft<double>(plan, image, by_order, sink);
  }
}

std::string pooled_kind(Pooling pooling) {
  return pooling == Pooling::max ? "max-pooled magnitude" : "mean-pooled magnitude";
}

}  // namespace

LocalMomentStack LocalMomentPlan::apply(ImageView<const float> image) const {
  const Impl& plan = *impl_;
  LocalMomentStack stack;
  stack.rows = plan.output_rows;
  stack.cols = plan.output_cols;
  stack.labels = labels();
  stack.values.assign(static_cast<std::size_t>(plan.channel_count() * stack.rows * stack.cols), {});
  const bool conjugate = plan.options.conjugate_output;
  auto sink = [&](std::ptrdiff_t channel, std::ptrdiff_t row, std::ptrdiff_t col, std::complex<double> value) {
    stack.at(channel, row, col) = conjugate ? std::conj(value) : value;
  };
  run(plan, image, false, sink);
  return stack;
}

// |z| as sqrt(re^2 + im^2). std::abs calls hypot, which guards against overflow and underflow but
// costs several times as much. Local moments of finite images stay far inside double's range, so
// the plain form loses nothing here.
inline double magnitude_of(std::complex<double> value) { return std::sqrt(std::norm(value)); }

template <typename T>
LabelledPlanes<T> LocalMomentPlan::magnitudes(ImageView<const float> image) const {
  const Impl& plan = *impl_;
  LabelledPlanes<T> result;
  result.planes = Image<T>(plan.output_rows, plan.output_cols, plan.channel_count());
  result.labels = labels();
  for (auto& label : result.labels) label.kind = "magnitude";
  auto sink = [&](std::ptrdiff_t channel, std::ptrdiff_t row, std::ptrdiff_t col, std::complex<double> value) {
    result.planes(row, col, channel) = static_cast<T>(magnitude_of(value));
  };
  run(plan, image, false, sink);
  return result;
}

template <typename T>
LabelledPlanes<T> LocalMomentPlan::pooled(ImageView<const float> image, Pooling pooling) const {
  if (pooling == Pooling::none) return magnitudes<T>(image);
  const Impl& plan = *impl_;
  const std::ptrdiff_t order_count = plan.order_count();
  LabelledPlanes<T> result;
  // Zero starts both the sum and the maximum, because magnitudes are non-negative.
  result.planes = Image<T>(plan.output_rows, plan.output_cols, order_count, T(0));
  const std::string family = family_label();
  for (const basis::OrderPair& order : plan.options.orders) {
    result.labels.push_back({family, order.n, order.m, 0.0, pooled_kind(pooling), ""});
  }
  // Magnitudes are accumulated in the output type; the mean divides once at the end.
  auto sink = [&](std::ptrdiff_t channel, std::ptrdiff_t row, std::ptrdiff_t col, std::complex<double> value) {
    T& target = result.planes(row, col, channel % order_count);
    const T magnitude = static_cast<T>(magnitude_of(value));
    if (pooling == Pooling::max) {
      target = std::max(target, magnitude);
    } else {
      target += magnitude;
    }
  };
  run(plan, image, true, sink);
  if (pooling == Pooling::mean) {
    const T scale = T(1) / static_cast<T>(plan.scale_count());
    for (T& value : result.planes.values()) value *= scale;
  }
  return result;
}

template LabelledPlanes<float> LocalMomentPlan::magnitudes<float>(ImageView<const float>) const;
template LabelledPlanes<double> LocalMomentPlan::magnitudes<double>(ImageView<const float>) const;
template LabelledPlanes<float> LocalMomentPlan::pooled<float>(ImageView<const float>, Pooling) const;
template LabelledPlanes<double> LocalMomentPlan::pooled<double>(ImageView<const float>, Pooling) const;

// ---------------------------------------------------------------------------------------------
// Adjoint.

namespace {

// Adds conj(kernel) scattered from every output pixel into the padded accumulator (direct).
void adjoint_direct(const Impl& plan, const LocalMomentStack& coefficients, bool conjugate,
                    std::vector<double>& padded) {
  const std::ptrdiff_t stride = plan.options.stride;
  erlangen::detail::ParallelFailure failure;
#pragma omp parallel
  {
    std::vector<double> local;
    failure.run([&] { local.assign(padded.size(), 0.0); });
#pragma omp for schedule(dynamic)
    for (std::ptrdiff_t channel = 0; channel < plan.channel_count(); ++channel) {
      if (failure.raised()) continue;
      const auto& taps = plan.taps[static_cast<std::size_t>(channel)];
      for (std::ptrdiff_t a = 0; a < plan.output_rows; ++a) {
        for (std::ptrdiff_t b = 0; b < plan.output_cols; ++b) {
          std::complex<double> y = coefficients.at(channel, a, b);
          if (conjugate) y = std::conj(y);
          double* corner = local.data() + (a * stride) * plan.padded_cols + b * stride;
          for (const KernelTap& tap : taps) {
            corner[tap.row * plan.padded_cols + tap.col] += (std::conj(tap.value) * y).real();
          }
        }
      }
    }
    // A thread whose buffer allocation failed has an empty `local` and adds nothing.
#pragma omp critical
    for (std::size_t p = 0; p < local.size(); ++p) padded[p] += local[p];
  }
  failure.rethrow();
}

// Per tile: A = sum_k DFT(Y_k) * conj(B_k), one inverse transform, real part added to the
// accumulator. The full convolution of a tile's outputs with an S_max window spans exactly the
// tile's FFT window, so there is no wrap-around.
template <typename Real>
void adjoint_fft(const Impl& plan, const LocalMomentStack& coefficients, bool conjugate, std::vector<double>& padded) {
  const std::ptrdiff_t size = plan.fft_rows * plan.fft_cols;
  const std::ptrdiff_t stride = plan.options.stride;
  const auto& fft = transform<Real>(plan);

  for (std::ptrdiff_t tile_row = 0; tile_row < plan.tiles_down; ++tile_row) {
    for (std::ptrdiff_t tile_col = 0; tile_col < plan.tiles_across; ++tile_col) {
      const std::ptrdiff_t row0 = tile_row * plan.tile_rows;
      const std::ptrdiff_t col0 = tile_col * plan.tile_cols;
      const std::ptrdiff_t rows = std::min(plan.tile_rows, plan.dense_rows - row0);
      const std::ptrdiff_t cols = std::min(plan.tile_cols, plan.dense_cols - col0);
      AlignedVector<std::complex<Real>> total(static_cast<std::size_t>(size));

      erlangen::detail::ParallelFailure failure;
#pragma omp parallel
      {
        AlignedVector<std::complex<Real>> work;
        AlignedVector<std::complex<Real>> local;
        failure.run([&] {
          work.resize(static_cast<std::size_t>(size));
          local.resize(static_cast<std::size_t>(size));
        });
#pragma omp for schedule(dynamic)
        for (std::ptrdiff_t channel = 0; channel < plan.channel_count(); ++channel) {
          // The loop body only reads plan data and writes thread-local buffers; it cannot throw
          // once the buffers exist.
          if (failure.raised()) continue;
          std::fill(work.begin(), work.end(), std::complex<Real>());
          for (std::ptrdiff_t i = 0; i < rows; i += stride) {
            for (std::ptrdiff_t j = 0; j < cols; j += stride) {
              std::complex<double> y = coefficients.at(channel, (row0 + i) / stride, (col0 + j) / stride);
              if (conjugate) y = std::conj(y);
              work[static_cast<std::size_t>(i * plan.fft_cols + j)] = std::complex<Real>(y);
            }
          }
          fft.forward(work.data(), work.data());
          const auto& kernel_spectrum = spectrum<Real>(plan, channel);
          for (std::ptrdiff_t p = 0; p < size; ++p) {
            local[static_cast<std::size_t>(p)] +=
                work[static_cast<std::size_t>(p)] * std::conj(kernel_spectrum[static_cast<std::size_t>(p)]);
          }
        }
#pragma omp critical
        for (std::size_t p = 0; p < local.size(); ++p) total[p] += local[p];
      }
      failure.rethrow();

      fft.inverse(total.data(), total.data());
      const std::ptrdiff_t span_rows = std::min(plan.fft_rows, plan.padded_rows - row0);
      const std::ptrdiff_t span_cols = std::min(plan.fft_cols, plan.padded_cols - col0);
      for (std::ptrdiff_t i = 0; i < span_rows; ++i) {
        for (std::ptrdiff_t j = 0; j < span_cols; ++j) {
          padded[static_cast<std::size_t>((row0 + i) * plan.padded_cols + col0 + j)] +=
              static_cast<double>(total[static_cast<std::size_t>(i * plan.fft_cols + j)].real());
        }
      }
    }
  }
}

}  // namespace

ImageD LocalMomentPlan::adjoint(const LocalMomentStack& coefficients) const {
  const Impl& plan = *impl_;
  if (coefficients.rows != plan.output_rows || coefficients.cols != plan.output_cols ||
      coefficients.channels() != plan.channel_count() ||
      coefficients.values.size() != static_cast<std::size_t>(plan.channel_count() * plan.output_rows * plan.output_cols)) {
    throw InvalidArgument(fmt::format(
        "dense moments adjoint: coefficient stack is {}x{}x{}, expected {}x{}x{} as apply() returns "
        "for this plan",
        coefficients.rows, coefficients.cols, coefficients.channels(), plan.output_rows, plan.output_cols,
        plan.channel_count()));
  }
  std::vector<double> padded(static_cast<std::size_t>(plan.padded_rows * plan.padded_cols), 0.0);
  const bool conjugate = plan.options.conjugate_output;
  if (plan.method == Method::direct) {
    adjoint_direct(plan, coefficients, conjugate, padded);
  } else if (plan.options.precision == Precision::float32) {
    adjoint_fft<float>(plan, coefficients, conjugate, padded);
  } else {
    adjoint_fft<double>(plan, coefficients, conjugate, padded);
  }

  return fold_padding(plan, padded);
}

ImageD LocalMomentPlan::kernel_energy() const {
  const Impl& plan = *impl_;
  const std::ptrdiff_t side = plan.max_scale;
  const std::ptrdiff_t stride = plan.options.stride;

  // Summing |g_k|^2 over channels first leaves one S_max x S_max window to scatter.
  std::vector<double> window(static_cast<std::size_t>(side * side), 0.0);
  for (const auto& kernel : plan.kernels) {
    for (std::size_t s = 0; s < window.size(); ++s) window[s] += std::norm(kernel[s]);
  }
  std::vector<double> padded(static_cast<std::size_t>(plan.padded_rows * plan.padded_cols), 0.0);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t q = 0; q < plan.padded_rows; ++q) {
    // Output rows a with 0 <= q - a * stride < side.
    const std::ptrdiff_t first_row = std::max<std::ptrdiff_t>(0, (q - side + stride) / stride);
    const std::ptrdiff_t last_row = std::min(plan.output_rows - 1, q / stride);
    for (std::ptrdiff_t a = first_row; a <= last_row; ++a) {
      const std::ptrdiff_t i = q - a * stride;
      if (i < 0 || i >= side) continue;
      double* target = padded.data() + q * plan.padded_cols;
      for (std::ptrdiff_t b = 0; b < plan.output_cols; ++b) {
        const double* source = window.data() + i * side;
        double* line = target + b * stride;
        for (std::ptrdiff_t j = 0; j < side; ++j) line[j] += source[j];
      }
    }
  }
  return fold_padding(plan, padded);
}

namespace {

// Transpose of the padding: every padded pixel returns its value to the pixel it copied.
ImageD fold_padding(const LocalMomentPlan::Impl& plan, const std::vector<double>& padded) {
  ImageD result(plan.rows, plan.cols);
  for (std::ptrdiff_t i = 0; i < plan.padded_rows; ++i) {
    const std::ptrdiff_t source_row = plan.source_index(i, plan.rows);
    if (source_row < 0) continue;
    for (std::ptrdiff_t j = 0; j < plan.padded_cols; ++j) {
      const std::ptrdiff_t source_col = plan.source_index(j, plan.cols);
      if (source_col >= 0) result(source_row, source_col) += padded[static_cast<std::size_t>(i * plan.padded_cols + j)];
    }
  }
  return result;
}

}  // namespace
}  // namespace erlangen::dense
