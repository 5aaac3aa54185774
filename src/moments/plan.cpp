// MomentPlan: validation, choice of method, apply() and reconstruct().
#include "erlangen/moments/plan.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

#include "engine.hpp"
#include "erlangen/basis/kernel.hpp"
#include "erlangen/core/error.hpp"
#include "../core/parallel_failure.hpp"
#include "erlangen/moments/features.hpp"

namespace erlangen::moments {

// ---------------------------------------------------------------------------
// MomentSet

MomentSet::MomentSet(std::shared_ptr<const basis::Family> family, int max_order, Convention convention,
                     std::vector<basis::OrderPair> orders, std::vector<std::complex<double>> values)
    : family_(std::move(family)),
      max_order_(max_order),
      convention_(convention),
      orders_(std::move(orders)),
      values_(std::move(values)) {
  if (!family_) throw InvalidArgument("moment set: family is null; pass a family from basis::make_family");
  if (orders_.size() != values_.size()) {
    throw InvalidArgument(fmt::format("moment set: {} orders but {} values; pass one value per order",
                                      orders_.size(), values_.size()));
  }
}

bool MomentSet::contains(int n, int m) const {
  return std::find(orders_.begin(), orders_.end(), basis::OrderPair{n, m}) != orders_.end();
}

std::complex<double> MomentSet::at(int n, int m) const {
  const basis::OrderPair key{n, m};
  // Sets built by a plan are sorted by (n, m); other sets are searched linearly.
  const auto sorted = std::lower_bound(orders_.begin(), orders_.end(), key);
  if (sorted != orders_.end() && *sorted == key) return values_[static_cast<std::size_t>(sorted - orders_.begin())];
  const auto found = std::find(orders_.begin(), orders_.end(), key);
  if (found == orders_.end()) {
    throw InvalidArgument(fmt::format(
        "moment set: order (n={}, m={}) is not in the set of {} moments of {} up to order {}; request an "
        "order of the family's index set",
        n, m, orders_.size(), family_ ? std::string(family_->abbreviation()) : "no family", max_order_));
  }
  return values_[static_cast<std::size_t>(found - orders_.begin())];
}

// ---------------------------------------------------------------------------
// Order limit

namespace {

// Sign changes of the real part of R_n in (0, 1) per unit of n (see max_accurate_order).
double sign_changes_per_order(const basis::Family& family) {
  switch (family.id()) {
    case basis::FamilyId::zernike: return 0.5;
    case basis::FamilyId::exponent_fourier:
    case basis::FamilyId::polar_complex_exponential:
    case basis::FamilyId::generic_polar_complex_exponential: return 2.0;
    default: return 1.0;
  }
}

}  // namespace

int max_accurate_order(const basis::Family& family, std::ptrdiff_t size, Method method, basis::Grid grid,
                       int polar_oversampling) {
  if (size < 1) return 0;
  const double radius_pixels =
      grid == basis::Grid::edge ? static_cast<double>(size) / 2.0 : (static_cast<double>(size) - 1.0) / 2.0;
  int limit = static_cast<int>(std::floor(radius_pixels / sign_changes_per_order(family) + 1e-9));
  limit = std::min(limit, family.max_supported_order());
  if (method == Method::polar_fft) {
    const std::ptrdiff_t side = static_cast<std::ptrdiff_t>(std::max(polar_oversampling, 1)) * size;
    limit = std::min<int>(limit, static_cast<int>((side - 1) / 2));
  }
  return std::max(limit, 0);
}

std::string to_string(Method method) {
  switch (method) {
    case Method::automatic: return "automatic";
    case Method::direct: return "direct";
    case Method::symmetric: return "symmetric";
    case Method::polar_fft: return "polar_fft";
  }
  return "unknown";
}

Method parse_method(std::string_view text) {
  if (text == "automatic" || text == "auto") return Method::automatic;
  if (text == "direct") return Method::direct;
  if (text == "symmetric") return Method::symmetric;
  if (text == "polar_fft" || text == "polar-fft") return Method::polar_fft;
  throw InvalidArgument(fmt::format(
      "moments: method '{}' is unknown, expected 'automatic', 'direct', 'symmetric' or 'polar_fft'", text));
}

// ---------------------------------------------------------------------------
// MomentPlan

struct MomentPlan::Impl {
  std::shared_ptr<const basis::Family> family;
  MomentOptions options;
  Method method = Method::direct;
  std::ptrdiff_t size = 0;
  detail::EngineSettings settings;
  std::unique_ptr<detail::MomentEngine> engine;
};

namespace {

Method resolve_method(const basis::Family& family, const MomentOptions& options) {
  const std::string name = family_label(family);
  switch (options.method) {
    case Method::automatic: return family.complex_radial() ? Method::direct : Method::symmetric;
    case Method::direct: return Method::direct;
    case Method::symmetric:
      if (family.complex_radial()) {
        throw InvalidArgument(fmt::format(
            "moments: method symmetric is not available for {}, whose radial function is complex; "
            "expected a real radial family; use method direct or polar_fft",
            name));
      }
      return Method::symmetric;
    case Method::polar_fft:
      if (!detail::polar_fft_supports(family.id())) {
        throw InvalidArgument(fmt::format(
            "moments: method polar_fft is not available for {}, expected one of EFM, PCET, GPCET, RHFM, "
            "GRHFM; use method automatic (symmetric or direct)",
            name));
      }
      if (options.grid != basis::Grid::edge) {
        throw InvalidArgument(
            "moments: method polar_fft is defined on the edge grid, but the centre grid was requested; use "
            "grid edge or method direct");
      }
      if (options.polar_oversampling < 1 || options.polar_oversampling > 64) {
        throw_invalid_argument("moments", "polar_oversampling", options.polar_oversampling, "an integer in [1, 64]",
                               "the polar grid side is polar_oversampling * N (10 is the default)");
      }
      return Method::polar_fft;
  }
  return Method::direct;
}

std::size_t kernel_bytes_for(Method method, const detail::EngineSettings& settings) {
  switch (method) {
    case Method::symmetric: return detail::symmetric_kernel_bytes(settings);
    case Method::polar_fft: return detail::polar_fft_bytes(settings);
    default: return detail::direct_kernel_bytes(settings);
  }
}

std::vector<double> output_scales(const basis::Family& family, const std::vector<basis::OrderPair>& orders,
                                  double area, Convention convention) {
  std::vector<double> scale;
  scale.reserve(orders.size());
  for (const basis::OrderPair& order : orders) {
    const double omega = family.omega(order.n);
    scale.push_back(area * (convention == Convention::textbook ? omega : std::sqrt(omega)));
  }
  return scale;
}

}  // namespace

MomentPlan::MomentPlan(std::shared_ptr<const basis::Family> family, std::ptrdiff_t rows, std::ptrdiff_t cols,
                       MomentOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (!family) throw InvalidArgument("moments: family is null; pass a family from basis::make_family");
  if (rows != cols) {
    throw InvalidArgument(fmt::format(
        "moments: image size is {}x{} (rows x columns), expected a square image; crop it with "
        "crop_centre_square or pad it to a square first",
        rows, cols));
  }
  const std::ptrdiff_t minimum = options.grid == basis::Grid::edge ? 1 : 2;
  if (rows < minimum) {
    throw InvalidArgument(fmt::format("moments: image size is {}x{}, expected at least {}x{} on the {} grid", rows,
                                      cols, minimum, minimum, basis::to_string(options.grid)));
  }
  const Method method = resolve_method(*family, options);
  const int limit = max_accurate_order(*family, rows, method, options.grid, options.polar_oversampling);
  if (options.max_order < 0 || options.max_order > limit) {
    throw_invalid_argument(
        "moments", "max_order", options.max_order, fmt::format("an integer in [0, {}]", limit),
        fmt::format("{} on a {}x{} image allows at most order {} on the {} grid; use a larger image for higher "
                    "orders",
                    family_label(*family), rows, cols, limit, basis::to_string(options.grid)));
  }
  (void)basis::quadrature(options.sampling);  // validates the node count

  Impl& impl = *impl_;
  impl.family = family;
  impl.options = options;
  impl.method = method;
  impl.size = rows;
  impl.settings.family = impl.family.get();
  impl.settings.size = rows;
  impl.settings.options = options;
  impl.settings.orders = family->orders(options.max_order);
  const basis::DiskGrid grid(rows, cols, options.grid);
  impl.settings.scale =
      output_scales(*family, impl.settings.orders, detail::area_element(grid, options.area_plus_one), options.convention);

  const std::size_t needed = kernel_bytes_for(method, impl.settings);
  if (needed > options.memory_budget) {
    std::string advice;
    if (method == Method::direct && !family->complex_radial()) {
      advice = fmt::format("use method symmetric (about {} bytes)", detail::symmetric_kernel_bytes(impl.settings));
    } else if (method == Method::polar_fft) {
      // The polar grid, not the order, sets the size here.
      advice = fmt::format("lower polar_oversampling (now {}) or use method direct (about {} bytes)",
                           options.polar_oversampling, detail::direct_kernel_bytes(impl.settings));
    } else {
      int fitting = options.max_order - 1;
      detail::EngineSettings smaller = impl.settings;
      for (; fitting >= 0; --fitting) {
        smaller.orders = family->orders(fitting);
        if (kernel_bytes_for(method, smaller) <= options.memory_budget) break;
      }
      advice = fitting >= 0 ? fmt::format("use max_order {} or less", fitting)
                            : std::string("use a smaller image");
    }
    throw LimitExceeded(fmt::format(
        "moments: method {} for {} up to order {} on a {}x{} image needs {} bytes of kernel storage, above "
        "memory_budget of {} bytes; {}, or raise memory_budget",
        to_string(method), family_label(*family), options.max_order, rows, cols, needed, options.memory_budget,
        advice));
  }

  switch (method) {
    case Method::symmetric: impl.engine = detail::make_symmetric_engine(impl.settings); break;
    case Method::polar_fft: impl.engine = detail::make_polar_fft_engine(impl.settings); break;
    default: impl.engine = detail::make_direct_engine(impl.settings); break;
  }
}

MomentPlan::~MomentPlan() = default;
MomentPlan::MomentPlan(MomentPlan&&) noexcept = default;
MomentPlan& MomentPlan::operator=(MomentPlan&&) noexcept = default;

namespace {

template <typename T>
std::vector<double> contiguous_copy(ImageView<const T> image, std::ptrdiff_t size) {
  if (image.height() != size || image.width() != size) {
    throw InvalidArgument(fmt::format(
        "moments: image size is {}x{}, expected {}x{} as the plan was built for; build a plan for this size",
        image.height(), image.width(), size, size));
  }
  std::vector<double> pixels(static_cast<std::size_t>(size * size));
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    const T* row = image.row(i);
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      const auto value = static_cast<double>(row[j]);
      if (!std::isfinite(value)) {
        throw InvalidArgument(fmt::format(
            "moments: pixel ({}, {}) is {}, expected a finite intensity; replace NaN and infinite values first", i, j,
            value));
      }
      pixels[static_cast<std::size_t>(i * size + j)] = value;
    }
  }
  return pixels;
}

// Pixels are checked finite, so a non-finite moment comes from the basis: radial values or
// normalisation constants that overflow for the order or the family parameters.
void require_finite_moments(const basis::Family& family, const std::vector<basis::OrderPair>& orders,
                            const std::vector<std::complex<double>>& values) {
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (std::isfinite(values[k].real()) && std::isfinite(values[k].imag())) continue;
    throw InvalidArgument(fmt::format(
        "moments: the {} moment of order (n={}, m={}) is {}, expected a finite value; the basis overflows "
        "in double precision for this order and these parameters; use a lower maximum order or other "
        "family parameters",
        family_label(family), orders[k].n, orders[k].m,
        std::isnan(values[k].real()) || std::isnan(values[k].imag()) ? "NaN" : "infinite"));
  }
}

}  // namespace

MomentSet MomentPlan::apply(ImageView<const float> image) const {
  const std::vector<double> pixels = contiguous_copy(image, impl_->size);
  std::vector<std::complex<double>> values(impl_->settings.orders.size());
  impl_->engine->apply(pixels.data(), values.data());
  require_finite_moments(*impl_->family, impl_->settings.orders, values);
  return {impl_->family, impl_->options.max_order, impl_->options.convention, impl_->settings.orders,
          std::move(values)};
}

MomentSet MomentPlan::apply(ImageView<const double> image) const {
  const std::vector<double> pixels = contiguous_copy(image, impl_->size);
  std::vector<std::complex<double>> values(impl_->settings.orders.size());
  impl_->engine->apply(pixels.data(), values.data());
  require_finite_moments(*impl_->family, impl_->settings.orders, values);
  return {impl_->family, impl_->options.max_order, impl_->options.convention, impl_->settings.orders,
          std::move(values)};
}

const basis::Family& MomentPlan::family() const { return *impl_->family; }
const MomentOptions& MomentPlan::options() const { return impl_->options; }
Method MomentPlan::method() const { return impl_->method; }
std::ptrdiff_t MomentPlan::rows() const { return impl_->size; }
std::ptrdiff_t MomentPlan::cols() const { return impl_->size; }
std::size_t MomentPlan::kernel_bytes() const { return impl_->engine->kernel_bytes(); }

// ---------------------------------------------------------------------------
// Reconstruction

ImageD MomentPlan::reconstruct(const MomentSet& moments) const {
  const basis::Family& family = *impl_->family;
  if (moments.size() == 0) {
    throw InvalidArgument("moments: reconstruct needs a non-empty moment set; pass the output of apply()");
  }
  if (moments.family().id() != family.id() || !(moments.family().parameters() == family.parameters())) {
    throw InvalidArgument(fmt::format(
        "moments: reconstruct got moments of {}, but the plan computes {}; use the plan that produced them",
        family_label(moments.family()), family_label(family)));
  }
  if (moments.convention() != impl_->options.convention) {
    throw InvalidArgument(
        "moments: reconstruct got moments in another convention (textbook or orthonormal) than the plan's; use "
        "the plan that produced them");
  }
  const int max_order = moments.max_order();
  for (const basis::OrderPair& order : moments.orders()) {
    if (!family.contains(order, max_order)) {
      throw InvalidArgument(fmt::format(
          "moments: reconstruct got order (n={}, m={}), which is not in the {} index set for maximum order {}",
          order.n, order.m, family_label(family), max_order));
    }
  }

  const std::ptrdiff_t size = impl_->size;
  const basis::DiskGrid grid(size, size, impl_->options.grid);
  const basis::SamplingRule centres{basis::Integration::zoa, 1};
  const std::vector<basis::PixelIndex> pixels = detail::pixels_without_centre(grid, centres);

  // Coefficients of R_n e^{j m theta}: M_nm, or c_nm sqrt(Omega_n) for orthonormal sets.
  const auto order_count = static_cast<Eigen::Index>(moments.size());
  Eigen::VectorXcd coefficients(order_count);
  for (Eigen::Index k = 0; k < order_count; ++k) {
    const auto index = static_cast<std::size_t>(k);
    std::complex<double> value = moments.values()[index];
    if (moments.convention() == Convention::orthonormal) value *= std::sqrt(family.omega(moments.orders()[index].n));
    coefficients(k) = value;
  }
  const Eigen::VectorXcd conjugated = coefficients.conjugate();

  ImageD result(size, size);
  constexpr std::size_t chunk_pixels = 1024;
  const std::size_t chunk_count = (pixels.size() + chunk_pixels - 1) / chunk_pixels;
  // sample_kernels may throw (std::bad_alloc, a rejected order); the first exception is rethrown
  // after the loop instead of terminating the program.
  erlangen::detail::ParallelFailure failure;
#pragma omp parallel for schedule(dynamic)
  for (std::ptrdiff_t chunk = 0; chunk < static_cast<std::ptrdiff_t>(chunk_count); ++chunk) {
    failure.run([&] {
      const std::size_t first = static_cast<std::size_t>(chunk) * chunk_pixels;
      const std::size_t last = std::min(pixels.size(), first + chunk_pixels);
      const std::span<const basis::PixelIndex> part(pixels.data() + first, last - first);
      // The kernels are conj(V_nm) at the pixel centres, so f_hat = conj(h^T conj(M)).
      const basis::PixelKernels kernels = basis::sample_kernels(family, max_order, moments.orders(), grid, centres, part);
      const Eigen::VectorXcd values = kernels.values.transpose() * conjugated;
      for (std::size_t p = 0; p < part.size(); ++p) result(part[p].row, part[p].col) = std::abs(values(static_cast<Eigen::Index>(p)));
    });
  }
  failure.rethrow();

  if (size % 2 == 1) {
    const std::ptrdiff_t c = size / 2;
    if (family.singular_at_origin()) {
      // NOTE: R_n is unbounded at r = 0, so the centre pixel shows the mean of its neighbours.
      double sum = 0.0;
      int count = 0;
      const std::ptrdiff_t neighbours[4][2] = {{c - 1, c}, {c + 1, c}, {c, c - 1}, {c, c + 1}};
      for (const auto& neighbour : neighbours) {
        if (neighbour[0] < 0 || neighbour[0] >= size || neighbour[1] < 0 || neighbour[1] >= size) continue;
        sum += result(neighbour[0], neighbour[1]);
        ++count;
      }
      result(c, c) = count > 0 ? sum / count : 0.0;
    } else {
      basis::RadialTable table;
      const double origin[1] = {0.0};
      family.evaluate(max_order, origin, table);
      std::complex<double> value = 0.0;
      for (std::size_t k = 0; k < moments.size(); ++k) {
        const basis::OrderPair order = moments.orders()[k];
        if (order.m == 0) value += coefficients(static_cast<Eigen::Index>(k)) * table.row(order.n, 0)[0];
      }
      result(c, c) = std::abs(value);
    }
  }
  return result;
}

}  // namespace erlangen::moments
