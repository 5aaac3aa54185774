// LocalMomentPlan construction: validation, kernel bank, method choice, tiling, kernel spectra.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "erlangen/basis/kernel.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/order_set.hpp"
#include "../core/parallel_failure.hpp"
#include "local_moment_plan_impl.hpp"

#ifdef ERLANGEN_HAVE_OPENMP
#include <omp.h>
#endif

namespace erlangen::dense {
namespace {

using basis::OrderPair;

int thread_count() {
#ifdef ERLANGEN_HAVE_OPENMP
  return std::max(1, omp_get_max_threads());
#else
  return 1;
#endif
}

// Normalisation c_S of order (n, m) at one scale.
double scale_normalisation(const basis::Family& family, Normalisation normalisation, const basis::DiskGrid& grid,
                           double inside_area, int n) {
  const double radius = grid.radius_in_pixels();
  switch (normalisation) {
    case Normalisation::inside_area:
      return 1.0 / inside_area;
    case Normalisation::analytic:
      return 1.0 / (std::numbers::pi * radius * radius);
    case Normalisation::textbook_moment:
      return family.omega(n) / (radius * radius);
    case Normalisation::orthonormal:
      return std::sqrt(family.omega(n)) / (radius * radius);
    case Normalisation::reference_outside: {
      std::ptrdiff_t outside = 0;
      for (std::ptrdiff_t i = 0; i < grid.rows(); ++i) {
        for (std::ptrdiff_t j = 0; j < grid.cols(); ++j) {
          const double x = grid.x(j);
          const double y = grid.y(i);
          if (x * x + y * y > 1.0) ++outside;
        }
      }
      if (outside == 0) {
        throw InvalidArgument(fmt::format(
            "dense moments: window side {} has no pixel outside the disk, so the reference_outside "
            "normalisation divides by zero; use a window side of at least 3 or another normalisation",
            grid.cols()));
      }
      return 1.0 / static_cast<double>(outside);
    }
  }
  return 1.0;
}

// Orders whose kernels are sampled: the requested ones, or (-n, m) for reference labels of the
// complex radial families.
std::vector<OrderPair> sampled_orders(const LocalMomentPlan::Impl& plan) {
  std::vector<OrderPair> orders = plan.options.orders;
  if (plan.options.reference_labels && plan.family->complex_radial()) {
    for (OrderPair& order : orders) order.n = -order.n;
  }
  return orders;
}

// Builds the embedded kernels of every channel (scale-major).
void build_kernels(LocalMomentPlan::Impl& plan) {
  const auto& options = plan.options;
  const std::ptrdiff_t side = plan.max_scale;
  const std::ptrdiff_t order_count = plan.order_count();
  plan.kernels.assign(static_cast<std::size_t>(plan.channel_count()), {});
  plan.taps.assign(static_cast<std::size_t>(plan.channel_count()), {});
  plan.norms.assign(static_cast<std::size_t>(plan.channel_count()), 1.0);

  for (std::ptrdiff_t s = 0; s < plan.scale_count(); ++s) {
    const int scale = options.scales[static_cast<std::size_t>(s)];
    const basis::DiskGrid grid(scale, scale, options.geometry);
    std::vector<basis::PixelIndex> pixels;
    for (std::ptrdiff_t i = 0; i < scale; ++i) {
      for (std::ptrdiff_t j = 0; j < scale; ++j) pixels.push_back({i, j});
    }
    const basis::PixelKernels sampled =
        basis::sample_kernels(*plan.family, plan.max_order, sampled_orders(plan), grid, options.sampling, pixels);
    double inside_area = 0.0;
    for (double coverage : sampled.coverage) inside_area += coverage;

    const std::ptrdiff_t offset = (side - scale) / 2;
    for (std::ptrdiff_t k = 0; k < order_count; ++k) {
      const std::size_t channel = static_cast<std::size_t>(s * order_count + k);
      const double norm = scale_normalisation(*plan.family, options.normalisation, grid, inside_area,
                                              options.orders[static_cast<std::size_t>(k)].n);
      plan.norms[channel] = norm;
      auto& kernel = plan.kernels[channel];
      kernel.assign(static_cast<std::size_t>(side * side), {});
      for (std::size_t p = 0; p < pixels.size(); ++p) {
        const std::complex<double> value = norm * sampled.values(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p));
        if (value == std::complex<double>(0.0, 0.0)) continue;
        const std::ptrdiff_t row = pixels[p].row + offset;
        const std::ptrdiff_t col = pixels[p].col + offset;
        kernel[static_cast<std::size_t>(row * side + col)] = value;
        plan.taps[channel].push_back({row, col, value});
      }
    }
  }
}

std::size_t complex_bytes(Precision precision) {
  return precision == Precision::float32 ? sizeof(std::complex<float>) : sizeof(std::complex<double>);
}

// Bytes of the kernel spectra and FFT work buffers for one tile FFT size.
std::size_t tile_bytes(const LocalMomentPlan::Impl& plan, std::ptrdiff_t fft_rows, std::ptrdiff_t fft_cols) {
  const auto buffers = static_cast<std::size_t>(plan.channel_count() + 2 * thread_count() + 1);
  return buffers * static_cast<std::size_t>(fft_rows * fft_cols) * complex_bytes(plan.options.precision);
}

// Largest multiple of the stride that is at most `value` (at least the stride).
std::ptrdiff_t round_to_stride(std::ptrdiff_t value, std::ptrdiff_t stride) {
  return std::max(stride, value / stride * stride);
}

void set_tiles(LocalMomentPlan::Impl& plan, std::ptrdiff_t tile_rows, std::ptrdiff_t tile_cols) {
  const std::ptrdiff_t stride = plan.options.stride;
  plan.tile_rows = tile_rows >= plan.dense_rows ? plan.dense_rows : round_to_stride(tile_rows, stride);
  plan.tile_cols = tile_cols >= plan.dense_cols ? plan.dense_cols : round_to_stride(tile_cols, stride);
  plan.fft_rows = fft::next_fast_size(plan.tile_rows + plan.max_scale - 1);
  plan.fft_cols = fft::next_fast_size(plan.tile_cols + plan.max_scale - 1);
  // The fast size may leave room for more output rows in the same transform.
  if (plan.tile_rows < plan.dense_rows) {
    plan.tile_rows = std::min(plan.dense_rows, round_to_stride(plan.fft_rows - plan.max_scale + 1, stride));
  }
  if (plan.tile_cols < plan.dense_cols) {
    plan.tile_cols = std::min(plan.dense_cols, round_to_stride(plan.fft_cols - plan.max_scale + 1, stride));
  }
  plan.tiles_down = (plan.dense_rows + plan.tile_rows - 1) / plan.tile_rows;
  plan.tiles_across = (plan.dense_cols + plan.tile_cols - 1) / plan.tile_cols;
}

// Relative time per point of one FFTW_ESTIMATE transform of fft_rows x fft_cols. The factors were
// measured on the project machine (AMD EPYC, 1 MiB L2 per core) with 100-channel PCT banks. Up to
// 128 x 128 the work buffers stay in the core's cache. Up to 320 a point costs about 1.5 times as
// much, and beyond that about 3 times. A power-of-two side of 256 or more is worse still (about 7
// times), because the column passes of the row-major buffer hit the same cache sets.
double cache_penalty(std::ptrdiff_t fft_rows, std::ptrdiff_t fft_cols) {
  const std::ptrdiff_t side = std::max(fft_rows, fft_cols);
  auto large_power_of_two = [](std::ptrdiff_t n) { return n >= 256 && (n & (n - 1)) == 0; };
  if (large_power_of_two(fft_rows) || large_power_of_two(fft_cols)) return 7.0;
  if (side <= 128) return 1.0;
  if (side <= 320) return 1.5;
  return 3.0;
}

// Estimated time of the FFT path for the current tiling, in units of one complex multiply-add on
// cached data.
double tiled_fft_time(const LocalMomentPlan::Impl& plan) {
  const double size = static_cast<double>(plan.fft_rows) * static_cast<double>(plan.fft_cols);
  // A complex FFT of N points takes about 5 N log2 N flops, or 1.25 N log2 N complex
  // multiply-adds. The spectral product and the output copy add about 2 N.
  const double per_transform = size * (1.25 * std::log2(std::max(size, 2.0)) + 2.0);
  const double tiles = static_cast<double>(plan.tiles_down * plan.tiles_across);
  return tiles * static_cast<double>(plan.channel_count() + 1) * per_transform *
         cache_penalty(plan.fft_rows, plan.fft_cols);
}

// Chooses the tile size within the memory budget by the time model above. The candidates are
// the whole image and square tiles whose FFT side is one of a few fast sizes (2-, 3- and
// 5-smooth). Each side is at least twice the largest window, so the overlap between tiles stays
// below half of each transform. On the project machine this picks 128 x 128
// transforms for a 512 x 512 image with windows up to 32 px, three times faster than one
// whole-image transform. When no candidate fits the budget, tiles shrink until one does.
void choose_tiles(LocalMomentPlan::Impl& plan) {
  const auto& options = plan.options;
  if (options.tile_rows > 0 || options.tile_cols > 0) {
    set_tiles(plan, options.tile_rows > 0 ? options.tile_rows : plan.dense_rows,
              options.tile_cols > 0 ? options.tile_cols : plan.dense_cols);
    return;
  }
  std::vector<std::ptrdiff_t> tile_sides = {std::max(plan.dense_rows, plan.dense_cols)};
  for (const std::ptrdiff_t fft_side : {64, 96, 128, 160, 192, 240, 288, 320}) {
    if (fft_side >= 2 * plan.max_scale) tile_sides.push_back(fft_side - plan.max_scale + 1);
  }
  double best_time = std::numeric_limits<double>::infinity();
  std::ptrdiff_t best_side = 0;
  for (const std::ptrdiff_t side : tile_sides) {
    set_tiles(plan, side, side);
    if (tile_bytes(plan, plan.fft_rows, plan.fft_cols) > options.memory_budget) continue;
    const double time = tiled_fft_time(plan);
    if (time < best_time) {
      best_time = time;
      best_side = side;
    }
  }
  if (best_side > 0) {
    set_tiles(plan, best_side, best_side);
    return;
  }

  const std::ptrdiff_t minimum = std::max<std::ptrdiff_t>(plan.max_scale, options.stride);
  std::ptrdiff_t side = std::max(plan.dense_rows, plan.dense_cols);
  while (side > minimum) {
    side = std::max(minimum, side * 7 / 8);
    set_tiles(plan, side, side);
    if (tile_bytes(plan, plan.fft_rows, plan.fft_cols) <= options.memory_budget) return;
  }
  set_tiles(plan, minimum, minimum);
  const std::size_t needed = tile_bytes(plan, plan.fft_rows, plan.fft_cols);
  throw LimitExceeded(fmt::format(
      "dense moments: memory_budget is {} bytes, but the smallest tile ({}x{} FFT for {} channels) needs "
      "{} bytes; raise the budget, use fewer orders or scales, or use Precision::float32",
      options.memory_budget, plan.fft_rows, plan.fft_cols, plan.channel_count(), needed));
}

// Operation counts of the two methods, in complex multiply-adds.
double direct_cost(const LocalMomentPlan::Impl& plan) {
  double taps = 0.0;
  for (const auto& list : plan.taps) taps += static_cast<double>(list.size());
  return taps * static_cast<double>(plan.output_rows) * static_cast<double>(plan.output_cols);
}

double fft_cost(const LocalMomentPlan::Impl& plan) { return tiled_fft_time(plan); }

template <typename Real>
void build_spectra(LocalMomentPlan::Impl& plan, std::vector<AlignedVector<std::complex<Real>>>& spectra) {
  const std::ptrdiff_t size = plan.fft_rows * plan.fft_cols;
  const std::ptrdiff_t side = plan.max_scale;
  spectra.assign(static_cast<std::size_t>(plan.channel_count()), {});
  const fft::ComplexFft2d<double> transform(plan.fft_rows, plan.fft_cols);
  const double scale = 1.0 / static_cast<double>(size);

  erlangen::detail::ParallelFailure failure;
#pragma omp parallel
  {
    AlignedVector<std::complex<double>> buffer;
    failure.run([&] { buffer.resize(static_cast<std::size_t>(size)); });
#pragma omp for schedule(dynamic)
    for (std::ptrdiff_t channel = 0; channel < plan.channel_count(); ++channel) {
      failure.run([&] {
        std::fill(buffer.begin(), buffer.end(), std::complex<double>());
        const auto& kernel = plan.kernels[static_cast<std::size_t>(channel)];
        for (std::ptrdiff_t i = 0; i < side; ++i) {
          for (std::ptrdiff_t j = 0; j < side; ++j) {
            buffer[static_cast<std::size_t>(i * plan.fft_cols + j)] = kernel[static_cast<std::size_t>(i * side + j)];
          }
        }
        transform.inverse(buffer.data(), buffer.data());
        auto& spectrum = spectra[static_cast<std::size_t>(channel)];
        spectrum.resize(static_cast<std::size_t>(size));
        for (std::ptrdiff_t p = 0; p < size; ++p) {
          spectrum[static_cast<std::size_t>(p)] = std::complex<Real>(buffer[static_cast<std::size_t>(p)] * scale);
        }
      });
    }
  }
  failure.rethrow();
}

void validate(const LocalMomentPlan::Impl& plan) {
  const auto& options = plan.options;
  // Enumerations cast from integers (for example through a language binding) may be out of range.
  if (to_string(options.boundary) == "unknown") {
    throw_invalid_argument("dense moments", "boundary", static_cast<int>(options.boundary),
                           "valid, zero, reflect or replicate", "pass a Boundary value");
  }
  if (to_string(options.normalisation) == "unknown") {
    throw_invalid_argument("dense moments", "normalisation", static_cast<int>(options.normalisation),
                           "inside_area, analytic, textbook_moment, orthonormal or reference_outside",
                           "pass a Normalisation value");
  }
  if (to_string(options.method) == "unknown") {
    throw_invalid_argument("dense moments", "method", static_cast<int>(options.method), "auto, fft or direct",
                           "pass a Method value");
  }
  if (options.precision != Precision::float32 && options.precision != Precision::float64) {
    throw_invalid_argument("dense moments", "precision", static_cast<int>(options.precision),
                           "float32 or float64", "pass a Precision value");
  }
  if (options.stride < 1 || options.stride > 4096) {
    throw_invalid_argument("dense moments", "stride", options.stride, "an integer in [1, 4096]",
                           "pass 1 to keep every output pixel");
  }
  if (options.boundary != Boundary::valid && (options.padding < -1 || options.padding > 65536)) {
    throw_invalid_argument("dense moments", "padding", options.padding,
                           "-1 (floor(S_max/2)) or an integer in [0, 65536] pixels",
                           "pass -1 for the default padding");
  }
  if (options.memory_budget < (std::size_t{1} << 20)) {
    throw_invalid_argument("dense moments", "memory_budget", options.memory_budget,
                           "at least 1048576 bytes", "pass a larger budget");
  }
  if (options.tile_rows < 0 || options.tile_cols < 0) {
    throw InvalidArgument(fmt::format(
        "dense moments: tile size {}x{} is invalid, expected non-negative sizes (0 chooses "
        "automatically)",
        options.tile_rows, options.tile_cols));
  }
}

}  // namespace

std::ptrdiff_t LocalMomentPlan::Impl::source_index(std::ptrdiff_t index, std::ptrdiff_t size) const {
  std::ptrdiff_t source = index - padding;
  if (source >= 0 && source < size) return source;
  switch (options.boundary) {
    case Boundary::valid:
    case Boundary::zero:
      return -1;
    case Boundary::replicate:
      return std::clamp<std::ptrdiff_t>(source, 0, size - 1);
    case Boundary::reflect: {
      // Symmetric extension has period 2 * size: ... c b a | a b c ... c | c b a ...
      const std::ptrdiff_t period = 2 * size;
      std::ptrdiff_t folded = ((source % period) + period) % period;
      if (folded >= size) folded = period - 1 - folded;
      return folded;
    }
  }
  return -1;
}

LocalMomentOptions reference_options(std::vector<OrderPair> orders, std::vector<int> scales) {
  LocalMomentOptions options;
  options.orders = std::move(orders);
  options.scales = reference_scales(scales);
  options.geometry = basis::Grid::centre;
  options.sampling = {basis::Integration::zoa, 1};
  options.normalisation = Normalisation::reference_outside;
  options.conjugate_output = true;
  options.reference_labels = true;
  return options;
}

LocalMomentPlan::LocalMomentPlan(std::shared_ptr<const basis::Family> family, std::ptrdiff_t rows,
                                 std::ptrdiff_t cols, LocalMomentOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (!family) {
    throw InvalidArgument("dense moments: family is null, expected a family from basis::make_family");
  }
  Impl& plan = *impl_;
  plan.family = std::move(family);
  if (options.orders.empty()) options.orders = default_orders(*plan.family);
  validate_orders(options.orders, *plan.family);
  if (options.reference_labels && plan.family->complex_radial()) {
    std::vector<OrderPair> negated = options.orders;
    for (OrderPair& order : negated) order.n = -order.n;
    validate_orders(negated, *plan.family);
  }
  validate_scales(options.scales);
  plan.options = std::move(options);
  validate(plan);
  plan.max_order = covering_max_order(plan.options.orders);

  if (rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format(
        "dense moments: image size {}x{} is invalid, expected at least one row and one column", rows, cols));
  }
  // Sides above 2^31 - 1 are rejected so that padded sizes and rows x cols fit in 64 bits.
  constexpr std::ptrdiff_t kMaxSide = 2147483647;
  if (rows > kMaxSide || cols > kMaxSide) {
    throw InvalidArgument(fmt::format("dense moments: image size {}x{} is invalid, expected at most {} rows and "
                                      "columns; pass the size of a real image",
                                      rows, cols, kMaxSide));
  }
  plan.rows = rows;
  plan.cols = cols;
  plan.max_scale = *std::max_element(plan.options.scales.begin(), plan.options.scales.end());
  if (plan.options.boundary == Boundary::valid) {
    plan.padding = 0;
    plan.options.padding = 0;
  } else {
    plan.padding = plan.options.padding < 0 ? plan.max_scale / 2 : plan.options.padding;
    plan.options.padding = plan.padding;
  }
  plan.padded_rows = rows + 2 * plan.padding;
  plan.padded_cols = cols + 2 * plan.padding;
  if (plan.padded_rows < plan.max_scale || plan.padded_cols < plan.max_scale) {
    if (plan.options.boundary == Boundary::valid) {
      throw InvalidArgument(fmt::format(
          "dense moments: image size {}x{} is smaller than the largest window {} in valid mode, "
          "expected at least {}x{}; use a padded boundary (same:reflect) or smaller scales",
          rows, cols, plan.max_scale, plan.max_scale, plan.max_scale));
    }
    throw InvalidArgument(fmt::format(
        "dense moments: image size {}x{} with padding {} is smaller than the largest window {}, "
        "expected a padded size of at least {}x{}; pass a larger padding or smaller scales",
        rows, cols, plan.padding, plan.max_scale, plan.max_scale, plan.max_scale));
  }
  plan.dense_rows = plan.padded_rows - plan.max_scale + 1;
  plan.dense_cols = plan.padded_cols - plan.max_scale + 1;
  const std::ptrdiff_t stride = plan.options.stride;
  plan.output_rows = (plan.dense_rows + stride - 1) / stride;
  plan.output_cols = (plan.dense_cols + stride - 1) / stride;

  build_kernels(plan);

  plan.method = plan.options.method;
  if (plan.method != Method::direct) {
    choose_tiles(plan);
    if (plan.method == Method::automatic) {
      plan.method = direct_cost(plan) < fft_cost(plan) ? Method::direct : Method::fft;
    }
  }
  if (plan.method == Method::direct) {
    plan.tile_rows = plan.dense_rows;
    plan.tile_cols = plan.dense_cols;
    plan.fft_rows = 0;
    plan.fft_cols = 0;
    plan.tiles_down = 1;
    plan.tiles_across = 1;
    return;
  }
  if (plan.options.precision == Precision::float32) {
    build_spectra<float>(plan, plan.spectra_float);
    plan.fft_float = std::make_unique<fft::ComplexFft2d<float>>(plan.fft_rows, plan.fft_cols);
  } else {
    build_spectra<double>(plan, plan.spectra_double);
    plan.fft_double = std::make_unique<fft::ComplexFft2d<double>>(plan.fft_rows, plan.fft_cols);
  }
}

LocalMomentPlan::~LocalMomentPlan() = default;
LocalMomentPlan::LocalMomentPlan(LocalMomentPlan&&) noexcept = default;
LocalMomentPlan& LocalMomentPlan::operator=(LocalMomentPlan&&) noexcept = default;

const basis::Family& LocalMomentPlan::family() const { return *impl_->family; }
const LocalMomentOptions& LocalMomentPlan::options() const { return impl_->options; }
const std::vector<OrderPair>& LocalMomentPlan::orders() const { return impl_->options.orders; }
const std::vector<int>& LocalMomentPlan::scales() const { return impl_->options.scales; }
std::ptrdiff_t LocalMomentPlan::channels() const { return impl_->channel_count(); }

std::string LocalMomentPlan::family_label() const {
  const std::string parameters = impl_->family->parameter_text();
  if (parameters.empty()) return std::string(impl_->family->abbreviation());
  return fmt::format("{}({})", impl_->family->abbreviation(), parameters);
}

std::vector<FeatureLabel> LocalMomentPlan::labels() const {
  std::vector<FeatureLabel> result;
  const std::string family = family_label();
  for (int scale : impl_->options.scales) {
    for (const OrderPair& order : impl_->options.orders) {
      result.push_back({family, order.n, order.m, static_cast<double>(scale), "complex", ""});
    }
  }
  return result;
}

std::ptrdiff_t LocalMomentPlan::image_rows() const { return impl_->rows; }
std::ptrdiff_t LocalMomentPlan::image_cols() const { return impl_->cols; }
std::ptrdiff_t LocalMomentPlan::output_rows() const { return impl_->output_rows; }
std::ptrdiff_t LocalMomentPlan::output_cols() const { return impl_->output_cols; }
std::ptrdiff_t LocalMomentPlan::max_scale() const { return impl_->max_scale; }
std::ptrdiff_t LocalMomentPlan::padding() const { return impl_->padding; }

double LocalMomentPlan::centre_row(std::ptrdiff_t a) const {
  return static_cast<double>(a * impl_->options.stride - impl_->padding) + (impl_->max_scale - 1) / 2.0;
}
double LocalMomentPlan::centre_col(std::ptrdiff_t b) const {
  return static_cast<double>(b * impl_->options.stride - impl_->padding) + (impl_->max_scale - 1) / 2.0;
}

Method LocalMomentPlan::method() const { return impl_->method; }
std::ptrdiff_t LocalMomentPlan::tile_count() const { return impl_->tiles_down * impl_->tiles_across; }
std::ptrdiff_t LocalMomentPlan::fft_rows() const { return impl_->fft_rows; }
std::ptrdiff_t LocalMomentPlan::fft_cols() const { return impl_->fft_cols; }

std::size_t LocalMomentPlan::spectrum_bytes() const {
  std::size_t bytes = 0;
  for (const auto& spectrum : impl_->spectra_double) bytes += spectrum.size() * sizeof(spectrum[0]);
  for (const auto& spectrum : impl_->spectra_float) bytes += spectrum.size() * sizeof(spectrum[0]);
  return bytes;
}

const std::vector<std::complex<double>>& LocalMomentPlan::kernel(std::ptrdiff_t channel) const {
  if (channel < 0 || channel >= impl_->channel_count()) {
    throw_invalid_argument("dense moments", "channel", channel,
                           fmt::format("an index in [0, {})", impl_->channel_count()),
                           "pass scale_index * orders().size() + order_index");
  }
  return impl_->kernels[static_cast<std::size_t>(channel)];
}

double LocalMomentPlan::normalisation(std::ptrdiff_t channel) const {
  kernel(channel);  // validates the index
  return impl_->norms[static_cast<std::size_t>(channel)];
}

// ---------------------------------------------------------------------------------------------
std::string_view to_string(Boundary boundary) {
  switch (boundary) {
    case Boundary::valid: return "valid";
    case Boundary::zero: return "same:zero";
    case Boundary::reflect: return "same:reflect";
    case Boundary::replicate: return "same:replicate";
  }
  return "unknown";
}

std::string_view to_string(Normalisation normalisation) {
  switch (normalisation) {
    case Normalisation::inside_area: return "inside_area";
    case Normalisation::analytic: return "analytic";
    case Normalisation::textbook_moment: return "textbook_moment";
    case Normalisation::orthonormal: return "orthonormal";
    case Normalisation::reference_outside: return "reference_outside";
  }
  return "unknown";
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::automatic: return "auto";
    case Method::fft: return "fft";
    case Method::direct: return "direct";
  }
  return "unknown";
}

std::string_view to_string(Pooling pooling) {
  switch (pooling) {
    case Pooling::none: return "none";
    case Pooling::mean: return "mean";
    case Pooling::max: return "max";
  }
  return "unknown";
}

Boundary parse_boundary(std::string_view text) {
  std::string_view name = text;
  if (name.substr(0, 5) == "same:") name.remove_prefix(5);
  if (text == "valid") return Boundary::valid;
  if (name == "zero") return Boundary::zero;
  if (name == "reflect" || name == "symmetric") return Boundary::reflect;
  if (name == "replicate") return Boundary::replicate;
  throw InvalidArgument(fmt::format(
      "dense moments: boundary '{}' is unknown, expected 'valid', 'same:zero', 'same:reflect' or "
      "'same:replicate'",
      text));
}

Normalisation parse_normalisation(std::string_view text) {
  for (Normalisation value : {Normalisation::inside_area, Normalisation::analytic, Normalisation::textbook_moment,
                              Normalisation::orthonormal, Normalisation::reference_outside}) {
    if (text == to_string(value)) return value;
  }
  throw InvalidArgument(fmt::format(
      "dense moments: normalisation '{}' is unknown, expected 'inside_area', 'analytic', "
      "'textbook_moment', 'orthonormal' or 'reference_outside'",
      text));
}

Method parse_method(std::string_view text) {
  if (text == "auto" || text == "automatic") return Method::automatic;
  if (text == "fft") return Method::fft;
  if (text == "direct") return Method::direct;
  throw InvalidArgument(
      fmt::format("dense moments: method '{}' is unknown, expected 'auto', 'fft' or 'direct'", text));
}

Pooling parse_pooling(std::string_view text) {
  if (text == "none") return Pooling::none;
  if (text == "mean") return Pooling::mean;
  if (text == "max") return Pooling::max;
  throw InvalidArgument(
      fmt::format("dense moments: pooling '{}' is unknown, expected 'none', 'mean' or 'max'", text));
}

Precision parse_precision(std::string_view text) {
  if (text == "float32" || text == "single") return Precision::float32;
  if (text == "float64" || text == "double") return Precision::float64;
  throw InvalidArgument(
      fmt::format("dense moments: precision '{}' is unknown, expected 'float32' or 'float64'", text));
}

}  // namespace erlangen::dense
