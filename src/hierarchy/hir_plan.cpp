// Construction of HirPlan: paths, prefix tree, map sizes, kernel spectra and read-out tables.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "hir_plan_impl.hpp"

namespace erlangen::hierarchy {
namespace {

constexpr std::string_view kOperation = "hir";

// Bytes of kernel spectra that one plan may hold: 2 GiB, the default memory_budget of MomentPlan.
// Without it, a 32000 x 32000 plan failed with std::bad_alloc, and a 20000 x 20000 plan ran for
// minutes before it could fail.
// NOTE: not configurable; the per-image maps of HirPlan::apply are not counted.
constexpr double kMaxSpectrumBytes = 2147483648.0;

std::ptrdiff_t pooled_size(std::ptrdiff_t size, const PoolingOptions& pooling) {
  if (pooling.kind == PoolingKind::none) return size;
  if (size < pooling.window) return 0;
  return (size - pooling.window) / pooling.stride + 1;
}

// Smallest input side for which every layer of `path` leaves at least one pixel.
std::ptrdiff_t minimum_side(const Path& path, const PoolingOptions& pooling) {
  std::ptrdiff_t needed = 1;
  for (auto filter = path.rbegin(); filter != path.rend(); ++filter) {
    needed += filter->side - 1;
    if (pooling.kind != PoolingKind::none) needed = (needed - 1) * pooling.stride + pooling.window;
  }
  return needed;
}

void validate_options(const HirOptions& options) {
  const PoolingOptions& pooling = options.pooling;
  if (pooling.kind != PoolingKind::none) {
    if (pooling.window < 1 || pooling.window > 64) {
      throw_invalid_argument(kOperation, "pooling window", pooling.window, "an integer in [1, 64]",
                             "pass a window such as 2");
    }
    if (pooling.stride < 1 || pooling.stride > pooling.window) {
      throw_invalid_argument(kOperation, "pooling stride", pooling.stride,
                             fmt::format("an integer in [1, window = {}]", pooling.window),
                             "pass a stride no larger than the window");
    }
  }
  const ReadoutOptions& readout = options.readout;
  if (readout.bands < 1 || readout.bands > 1000) {
    throw_invalid_argument(kOperation, "number of dct_rings bands", readout.bands, "an integer in [1, 1000]",
                           "pass 30 (the reference)");
  }
  if (readout.moment_order < 0 || readout.moment_order > 20) {
    throw_invalid_argument(kOperation, "order of the moments read-out", readout.moment_order,
                           "an integer in [0, 20]", "pass 3 (the NM10 pairs)");
  }
  if (options.orbit_rotations < 1 || options.orbit_rotations > kMaxOrbitRotations) {
    throw_invalid_argument(kOperation, "number of orbit rotations", options.orbit_rotations,
                           fmt::format("an integer in [1, {}]", kMaxOrbitRotations),
                           "pass 1 for no orbit averaging, 2 or 4");
  }
}

void validate_path(const Path& path, const basis::Family& family) {
  if (path.empty()) throw InvalidArgument("hir: a path is empty; every path needs at least one filter");
  if (path.size() > static_cast<std::size_t>(kMaxDepth)) {
    throw_invalid_argument(kOperation, fmt::format("depth of path {}", path_text(path)), path.size(),
                           fmt::format("at most {}", kMaxDepth), "use shorter paths");
  }
  for (const Filter& filter : path) {
    if (filter.side < kMinSide || filter.side > kMaxSide) {
      throw_invalid_argument(kOperation, fmt::format("kernel side S in path {}", path_text(path)), filter.side,
                             fmt::format("an integer in [{}, {}]", kMinSide, kMaxSide), "pass a side such as 10");
    }
    const int order = std::max({std::abs(filter.n), std::abs(filter.m), 1});
    if (!family.contains({filter.n, filter.m}, order)) {
      throw InvalidArgument(fmt::format("hir: order pair ({},{}) in path {} is not valid for family {}; "
                                        "run 'erlangen families' for the index rules",
                                        filter.n, filter.m, path_text(path), family.abbreviation()));
    }
  }
}

template <typename Real>
KernelSpectrum<Real> kernel_spectrum(const std::vector<std::complex<double>>& kernel, std::ptrdiff_t side,
                                     std::ptrdiff_t fft_rows, std::ptrdiff_t fft_cols,
                                     const fft::RealFft2d<Real>& transform) {
  const auto size = static_cast<std::size_t>(fft_rows * fft_cols);
  const auto half = static_cast<std::size_t>(transform.spectrum_size());
  const Real scale = static_cast<Real>(1.0 / static_cast<double>(fft_rows * fft_cols));
  KernelSpectrum<Real> result;
  bool has_imag = false;
  for (const auto& value : kernel) has_imag = has_imag || value.imag() != 0.0;

  AlignedVector<Real> padded(size);
  const auto part_spectrum = [&](bool imaginary) {
    std::fill(padded.begin(), padded.end(), Real{0});
    for (std::ptrdiff_t i = 0; i < side; ++i) {
      for (std::ptrdiff_t j = 0; j < side; ++j) {
        const std::complex<double> value = kernel[static_cast<std::size_t>(i * side + j)];
        padded[static_cast<std::size_t>(i * fft_cols + j)] =
            static_cast<Real>(imaginary ? value.imag() : value.real());
      }
    }
    AlignedVector<std::complex<Real>> spectrum(half);
    transform.forward(padded.data(), spectrum.data());
    // Correlation with a real kernel g has the spectrum conj(G[u]) F[u]. The factor 1/(rows cols)
    // undoes the unnormalised inverse.
    for (auto& value : spectrum) value = std::conj(value) * scale;
    return spectrum;
  };
  result.real = part_spectrum(false);
  if (has_imag) result.imag = part_spectrum(true);
  return result;
}

DctRings make_dct_rings(std::ptrdiff_t side, const ReadoutOptions& readout) {
  DctRings rings;
  rings.side = side;
  const auto h = static_cast<double>(side);
  rings.transform = std::make_unique<fft::RealFft2d<double>>(side, side);
  for (std::ptrdiff_t n = 0; 2 * n < side; ++n) rings.reorder.push_back(2 * n);
  for (std::ptrdiff_t n = (side - 1) / 2; n >= 0; --n) {
    if (2 * n + 1 < side) rings.reorder.push_back(2 * n + 1);
  }
  for (std::ptrdiff_t k = 0; k < side; ++k) {
    rings.twiddle.push_back(std::polar(1.0, -std::numbers::pi * static_cast<double>(k) / (2.0 * h)));
  }
  const auto alpha = [h](std::ptrdiff_t k) { return k == 0 ? std::sqrt(1.0 / h) : std::sqrt(2.0 / h); };

  const int bands = readout.bands;
  const double rho_min = std::sqrt(2.0);
  const double width = std::sqrt(2.0) * (h - 1.0) / bands;
  rings.band.assign(static_cast<std::size_t>(side * side), -1);
  rings.weight.assign(static_cast<std::size_t>(side * side), 0.0);
  rings.count.assign(static_cast<std::size_t>(bands), 0.0);
  for (std::ptrdiff_t a = 1; a <= side; ++a) {
    for (std::ptrdiff_t b = 1; b <= side; ++b) {
      const double rho = std::hypot(static_cast<double>(a), static_cast<double>(b));
      const auto index = static_cast<std::size_t>((a - 1) * side + (b - 1));
      // |Y| / h^2 weighted by rho^2, with Y the orthonormal DCT-II alpha(a) alpha(b) X.
      rings.weight[index] = alpha(a - 1) * alpha(b - 1) * rho * rho / (h * h);

      int band = -1;
      if (width > 0.0) {
        if (readout.reference_bands) {
          // Bands ((i-1) width, i width], i = 1..NB, starting at 0: coefficients beyond NB width are dropped.
          const auto i = static_cast<long>(std::ceil(rho / width));
          if (i >= 1 && i <= bands) band = static_cast<int>(i - 1);
        } else {
          // Bands (rho_min + (i-1) width, rho_min + i width], band 1 also containing rho_min.
          const double t = (rho - rho_min) / width;
          long i = static_cast<long>(std::ceil(t - 1e-12));
          i = std::clamp<long>(i, 1, bands);
          band = static_cast<int>(i - 1);
        }
      }
      rings.band[index] = band;
      if (band >= 0) rings.count[static_cast<std::size_t>(band)] += 1.0;
    }
  }

  if (!readout.reference_bands) {
    for (int band = 0; band < bands; ++band) {
      if (rings.count[static_cast<std::size_t>(band)] == 0.0) {
        throw InvalidArgument(fmt::format(
            "hir: dct_rings band {} of {} is empty for a final map of side h = {}; use fewer bands, a larger image "
            "or the reference variant (which returns NaN for empty bands)",
            band + 1, bands, side));
      }
    }
  }
  return rings;
}

std::string kind_text(const ReadoutOptions& readout, int band, basis::OrderPair moment, std::string_view family) {
  switch (readout.kind) {
    case ReadoutKind::mean:
      return "hir mean";
    case ReadoutKind::dct_rings:
      return fmt::format("hir dct_rings band {}", band);
    case ReadoutKind::moments:
      return fmt::format("hir moment {} n={} m={} magnitude", family, moment.n, moment.m);
  }
  return "hir";
}

// Resolves the explicit list or the rule into plan.paths. In reference mode odd sides are
// decremented, as the released code does.
void resolve_paths(HirPlan::Impl& plan, HirOptions& options) {
  if (options.paths.empty()) {
    PathOptions path_options = options.path_options;
    if (options.kernels == KernelMode::reference) {
      for (int& side : path_options.sides) side -= side % 2;
    }
    options.paths = make_paths(*plan.family, path_options);
  } else if (options.kernels == KernelMode::reference) {
    for (Path& path : options.paths) {
      for (Filter& filter : path) filter.side -= filter.side % 2;
    }
  }
  if (options.paths.empty()) {
    throw InvalidArgument("hir: the path list is empty; give at least one path or a path rule");
  }
  for (const Path& path : options.paths) validate_path(path, *plan.family);
  plan.paths = options.paths;
}

// Rejects an image smaller than the receptive field of the deepest path.
void check_receptive_field(const HirPlan::Impl& plan, const PoolingOptions& pooling) {
  const std::ptrdiff_t rows = plan.rows;
  const std::ptrdiff_t cols = plan.cols;
  std::ptrdiff_t needed = 0;
  std::size_t widest = 0;
  for (std::size_t index = 0; index < plan.paths.size(); ++index) {
    const std::ptrdiff_t side = minimum_side(plan.paths[index], pooling);
    if (side > needed) {
      needed = side;
      widest = index;
    }
  }
  if (rows < needed || cols < needed) {
    throw InvalidArgument(fmt::format(
        "hir: image is {}x{} pixels, smaller than the receptive field of path {} (at least {}x{} pixels, "
        "N - d (S - 1) >= 1 without pooling); pass a larger image or pad it, or use a smaller kernel side S "
        "or depth D",
        rows, cols, path_text(plan.paths[widest], true), needed, needed));
  }
}

// Builds the prefix tree of the paths: node 0 is the image, every path prefix one node.
void build_prefix_tree(HirPlan::Impl& plan) {
  plan.nodes.push_back(HirNode{});
  plan.nodes[0].rows = plan.rows;
  plan.nodes[0].cols = plan.cols;
  std::map<std::pair<int, Filter>, int> child_of;
  plan.path_node.resize(plan.paths.size());
  for (std::size_t index = 0; index < plan.paths.size(); ++index) {
    int node = 0;
    for (const Filter& filter : plan.paths[index]) {
      const auto key = std::make_pair(node, filter);
      auto found = child_of.find(key);
      if (found == child_of.end()) {
        HirNode child;
        child.filter = filter;
        child.parent = node;
        child.depth = plan.nodes[static_cast<std::size_t>(node)].depth + 1;
        const int id = static_cast<int>(plan.nodes.size());
        plan.nodes.push_back(child);
        plan.nodes[static_cast<std::size_t>(node)].children.push_back(id);
        found = child_of.emplace(key, id).first;
      }
      node = found->second;
    }
    plan.nodes[static_cast<std::size_t>(node)].outputs.push_back(index);
    plan.path_node[index] = node;
  }
}

// Settles map sizes and FFT sizes, parent first (children always have larger ids), and returns
// the (filter, FFT size) pairs whose kernel spectra the plan needs, in spectrum-index order.
std::vector<std::tuple<Filter, int>> settle_sizes(HirPlan::Impl& plan, const PoolingOptions& pooling) {
  std::map<std::pair<std::ptrdiff_t, std::ptrdiff_t>, int> fft_index;
  std::map<std::tuple<Filter, int>, int> spectrum_index;  // (filter, fft) -> spectrum
  std::vector<std::tuple<Filter, int>> spectrum_keys;
  for (std::size_t id = 0; id < plan.nodes.size(); ++id) {
    HirNode& node = plan.nodes[id];
    if (id > 0) {
      const HirNode& parent = plan.nodes[static_cast<std::size_t>(node.parent)];
      node.rows = parent.pooled_rows - node.filter.side + 1;
      node.cols = parent.pooled_cols - node.filter.side + 1;
      const auto key = std::make_tuple(node.filter, parent.fft);
      auto found = spectrum_index.find(key);
      if (found == spectrum_index.end()) {
        found = spectrum_index.emplace(key, static_cast<int>(spectrum_keys.size())).first;
        spectrum_keys.push_back(key);
      }
      node.spectrum = found->second;
      plan.max_depth = std::max(plan.max_depth, node.depth);
      plan.largest_map = std::max(plan.largest_map, static_cast<std::size_t>(node.rows * node.cols));
    }
    if (!node.children.empty()) {
      node.pooled_rows = pooled_size(node.rows, pooling);
      node.pooled_cols = pooled_size(node.cols, pooling);
      node.fft_rows = fft::next_fast_size(node.pooled_rows);
      node.fft_cols = fft::next_fast_size(node.pooled_cols);
      const auto size = std::make_pair(node.fft_rows, node.fft_cols);
      auto found = fft_index.find(size);
      if (found == fft_index.end()) {
        found = fft_index.emplace(size, static_cast<int>(plan.fft_sizes.size())).first;
        plan.fft_sizes.push_back(size);
      }
      node.fft = found->second;
      ++plan.forward_ffts;
      plan.largest_fft = std::max(plan.largest_fft, static_cast<std::size_t>(node.fft_rows * node.fft_cols));
      plan.largest_spectrum =
          std::max(plan.largest_spectrum, static_cast<std::size_t>(node.fft_rows * (node.fft_cols / 2 + 1)));
      plan.largest_map = std::max(plan.largest_map, static_cast<std::size_t>(node.pooled_rows * node.pooled_cols));
    }
  }
  return spectrum_keys;
}

// Throws LimitExceeded when the kernel spectra would take more than kMaxSpectrumBytes.
void check_spectrum_memory(const HirPlan::Impl& plan, const HirOptions& options,
                           const std::vector<std::tuple<Filter, int>>& spectrum_keys) {
  const double value_bytes = options.precision == HirPrecision::float32 ? sizeof(std::complex<float>)
                                                                        : sizeof(std::complex<double>);
  // In double, so that no product of sizes can overflow. A complex kernel has two spectra, one of its
  // real part and one of its imaginary part, so this is an upper bound.
  double bytes = 0.0;
  for (const auto& [filter, fft] : spectrum_keys) {
    const auto [fft_rows, fft_cols] = plan.fft_sizes[static_cast<std::size_t>(fft)];
    bytes += 2.0 * static_cast<double>(fft_rows) * static_cast<double>(fft_cols / 2 + 1) * value_bytes;
  }
  if (bytes > kMaxSpectrumBytes) {
    throw LimitExceeded(fmt::format(
        "hir: the kernel spectra of {} filters for a {}x{} image need up to {:.0f} bytes, above the limit of {:.0f} bytes; "
        "use smaller images (a smaller resize side), fewer paths or a lower order",
        spectrum_keys.size(), plan.rows, plan.cols, bytes, kMaxSpectrumBytes));
  }
}

// Makes the FFT plans and samples and transforms every kernel once per FFT size.
void build_spectra(HirPlan::Impl& plan, const HirOptions& options,
                   const std::vector<std::tuple<Filter, int>>& spectrum_keys) {
  // FFT plans.
  const bool single = options.precision == HirPrecision::float32;
  for (const auto& [fft_rows, fft_cols] : plan.fft_sizes) {
    if (single) {
      plan.fft_float.push_back(std::make_unique<fft::RealFft2d<float>>(fft_rows, fft_cols));
    } else {
      plan.fft_double.push_back(std::make_unique<fft::RealFft2d<double>>(fft_rows, fft_cols));
    }
  }

  // Kernels: one dense plan per side with every order used at that side, sampled directly.
  std::map<int, std::vector<basis::OrderPair>> orders_by_side;
  for (const auto& [filter, fft] : spectrum_keys) {
    auto& orders = orders_by_side[filter.side];
    const basis::OrderPair order{filter.n, filter.m};
    if (std::find(orders.begin(), orders.end(), order) == orders.end()) orders.push_back(order);
  }
  std::map<std::pair<int, basis::OrderPair>, std::vector<std::complex<double>>> kernels;
  for (const auto& [side, orders] : orders_by_side) {
    dense::LocalMomentOptions dense_options;
    if (options.kernels == KernelMode::reference) {
      dense_options = dense::reference_options(orders, {side});
      // The released HIR code filters with the kernel itself; only labels of complex-radial families differ.
      dense_options.reference_labels = false;
    } else {
      dense_options.orders = orders;
      dense_options.scales = {side};
    }
    dense_options.method = dense::Method::direct;
    dense_options.boundary = dense::Boundary::valid;
    const dense::LocalMomentPlan kernel_plan(plan.family, side, side, dense_options);
    for (std::size_t k = 0; k < orders.size(); ++k) {
      kernels[{side, orders[k]}] = kernel_plan.kernel(static_cast<std::ptrdiff_t>(k));
    }
  }
  for (const auto& [filter, fft] : spectrum_keys) {
    const auto& kernel = kernels.at({filter.side, basis::OrderPair{filter.n, filter.m}});
    const auto [fft_rows, fft_cols] = plan.fft_sizes[static_cast<std::size_t>(fft)];
    if (single) {
      plan.spectra_float.push_back(
          kernel_spectrum<float>(kernel, filter.side, fft_rows, fft_cols, *plan.fft_float[static_cast<std::size_t>(fft)]));
    } else {
      plan.spectra_double.push_back(kernel_spectrum<double>(kernel, filter.side, fft_rows, fft_cols,
                                                            *plan.fft_double[static_cast<std::size_t>(fft)]));
    }
  }
}

// Prepares the read-out tables (DCT rings or moment plans per final map side) and returns the
// abbreviation of the moments read-out family, empty for the other read-outs.
std::string build_readouts(HirPlan::Impl& plan, const ReadoutOptions& readout) {
  if (readout.kind == ReadoutKind::dct_rings || readout.kind == ReadoutKind::moments) {
    for (std::size_t index = 0; index < plan.paths.size(); ++index) {
      const HirNode& node = plan.nodes[static_cast<std::size_t>(plan.path_node[index])];
      if (node.rows != node.cols) {
        throw InvalidArgument(fmt::format("hir: the {} read-out needs square maps, but path {} ends in a {}x{} map; "
                                          "pass a square image or use --readout mean",
                                          to_string(readout.kind), path_text(plan.paths[index]), node.rows, node.cols));
      }
    }
  }
  std::shared_ptr<const basis::Family> moment_family;
  if (readout.kind == ReadoutKind::dct_rings) {
    plan.values_per_path = static_cast<std::size_t>(readout.bands);
    for (const int node : plan.path_node) {
      const std::ptrdiff_t side = plan.nodes[static_cast<std::size_t>(node)].rows;
      if (!plan.dct.contains(side)) plan.dct.emplace(side, make_dct_rings(side, readout));
    }
  } else if (readout.kind == ReadoutKind::moments) {
    moment_family = basis::make_family(readout.moment_family);
    for (const basis::OrderPair& order : moment_family->orders(readout.moment_order)) {
      if (order.n >= 0 && order.m >= 0 && order.n + order.m <= readout.moment_order) {
        plan.moment_orders.push_back(order);
      }
    }
    std::sort(plan.moment_orders.begin(), plan.moment_orders.end());
    if (plan.moment_orders.empty()) {
      throw InvalidArgument(fmt::format("hir: family {} has no pair with n, m >= 0 and n + m <= {} for the moments "
                                        "read-out; raise the order of the moments read-out",
                                        moment_family->abbreviation(), readout.moment_order));
    }
    const std::vector<basis::OrderPair> all = moment_family->orders(readout.moment_order);
    for (const basis::OrderPair& order : plan.moment_orders) {
      plan.moment_positions.push_back(
          static_cast<std::size_t>(std::find(all.begin(), all.end(), order) - all.begin()));
    }
    plan.values_per_path = plan.moment_orders.size();
    for (const int node : plan.path_node) {
      const std::ptrdiff_t side = plan.nodes[static_cast<std::size_t>(node)].rows;
      if (plan.moment_plans.contains(side)) continue;
      moments::MomentOptions moment_options;
      moment_options.max_order = readout.moment_order;
      plan.moment_plans.emplace(side, std::make_unique<moments::MomentPlan>(moment_family, side, side, moment_options));
    }
  }
  return moment_family ? std::string(moment_family->abbreviation()) : std::string();
}

// Labels every feature and records its path, band or global moment.
void build_labels(HirPlan::Impl& plan, const ReadoutOptions& readout, std::string_view moment_family) {
  bool mixed_sides = false;
  for (const Path& path : plan.paths) {
    for (const Filter& filter : path) mixed_sides = mixed_sides || filter.side != plan.paths.front().front().side;
  }
  for (std::size_t index = 0; index < plan.paths.size(); ++index) {
    plan.feature_offset.push_back(index * plan.values_per_path);
    const Path& path = plan.paths[index];
    const std::string text = path_text(path, mixed_sides);
    for (std::size_t value = 0; value < plan.values_per_path; ++value) {
      FeatureLabel label;
      label.family = plan.family_label;
      label.n = path.back().n;
      label.m = path.back().m;
      label.scale = path.back().side;
      label.path = text;
      FeatureInfo info;
      info.path_index = index;
      basis::OrderPair moment{};
      if (readout.kind == ReadoutKind::dct_rings) info.band = static_cast<int>(value) + 1;
      if (readout.kind == ReadoutKind::moments) {
        moment = plan.moment_orders[value];
        info.moment_n = moment.n;
        info.moment_m = moment.m;
      }
      label.kind = kind_text(readout, info.band, moment, moment_family);
      plan.labels.push_back(std::move(label));
      plan.info.push_back(info);
    }
  }
}

}  // namespace

HirOptions reference_hir_options(int max_total_order, int side, ReadoutKind readout) {
  HirOptions options;
  options.family = "pct";
  options.path_options.rule = PathRule::reference;
  options.path_options.max_total_order = max_total_order;
  options.path_options.sides = {side};
  options.kernels = KernelMode::reference;
  options.precision = HirPrecision::float32;
  options.readout.kind = readout;
  options.readout.reference_bands = true;
  return options;
}

HirPlan::HirPlan(std::ptrdiff_t rows, std::ptrdiff_t cols, HirOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& plan = *impl_;
  if (rows < 1 || cols < 1) {
    throw_invalid_argument(kOperation, "image size", fmt::format("{}x{}", rows, cols), "at least 1x1 pixels",
                           "pass a non-empty image");
  }
  // The first layer transforms the whole image, and the FFT accepts fewer than 2^30 values. Checked
  // here, before any size product can overflow.
  if (rows > (std::ptrdiff_t{1} << 30) / cols) {
    throw_invalid_argument(kOperation, "image size", fmt::format("{}x{}", rows, cols),
                           "fewer than 2^30 pixels (the FFT size limit)", "use smaller images (a smaller resize side)");
  }
  validate_options(options);
  plan.rows = rows;
  plan.cols = cols;
  plan.family = basis::make_family(options.family, options.family_parameters);
  plan.family_label = std::string(plan.family->abbreviation());
  if (!plan.family->parameter_text().empty()) plan.family_label += "(" + plan.family->parameter_text() + ")";

  resolve_paths(plan, options);
  check_receptive_field(plan, options.pooling);
  build_prefix_tree(plan);
  const auto spectrum_keys = settle_sizes(plan, options.pooling);
  check_spectrum_memory(plan, options, spectrum_keys);
  build_spectra(plan, options, spectrum_keys);
  const std::string moment_family = build_readouts(plan, options.readout);
  build_labels(plan, options.readout, moment_family);
  plan.options = std::move(options);
}

HirPlan::~HirPlan() = default;
HirPlan::HirPlan(HirPlan&&) noexcept = default;
HirPlan& HirPlan::operator=(HirPlan&&) noexcept = default;

std::ptrdiff_t HirPlan::rows() const { return impl_->rows; }
std::ptrdiff_t HirPlan::cols() const { return impl_->cols; }
const HirOptions& HirPlan::options() const { return impl_->options; }
const std::vector<Path>& HirPlan::paths() const { return impl_->paths; }
const basis::Family& HirPlan::family() const { return *impl_->family; }
std::size_t HirPlan::feature_count() const { return impl_->labels.size(); }
const std::vector<FeatureLabel>& HirPlan::labels() const { return impl_->labels; }
const std::vector<FeatureInfo>& HirPlan::feature_info() const { return impl_->info; }
std::size_t HirPlan::node_count() const { return impl_->nodes.size() - 1; }
std::size_t HirPlan::forward_fft_count() const { return impl_->forward_ffts; }

std::size_t HirPlan::spectrum_bytes() const {
  std::size_t bytes = 0;
  for (const auto& spectrum : impl_->spectra_float) {
    bytes += (spectrum.real.size() + spectrum.imag.size()) * sizeof(std::complex<float>);
  }
  for (const auto& spectrum : impl_->spectra_double) {
    bytes += (spectrum.real.size() + spectrum.imag.size()) * sizeof(std::complex<double>);
  }
  return bytes;
}

std::string_view to_string(PoolingKind kind) {
  switch (kind) {
    case PoolingKind::none:
      return "none";
    case PoolingKind::average:
      return "average";
    case PoolingKind::max:
      return "max";
  }
  return "unknown";
}

PoolingKind parse_pooling_kind(std::string_view text) {
  if (text == "none") return PoolingKind::none;
  if (text == "average" || text == "avg" || text == "mean") return PoolingKind::average;
  if (text == "max") return PoolingKind::max;
  throw InvalidArgument(fmt::format("hir: pooling \"{}\" is unknown, expected none, average or max", text));
}

std::string_view to_string(KernelMode mode) {
  return mode == KernelMode::reference ? "reference" : "subpixel";
}

KernelMode parse_kernel_mode(std::string_view text) {
  if (text == "subpixel") return KernelMode::subpixel;
  if (text == "reference") return KernelMode::reference;
  throw InvalidArgument(fmt::format("hir: kernel mode \"{}\" is unknown, expected subpixel or reference", text));
}

std::string_view to_string(ReadoutKind kind) {
  switch (kind) {
    case ReadoutKind::mean:
      return "mean";
    case ReadoutKind::dct_rings:
      return "dct_rings";
    case ReadoutKind::moments:
      return "moments";
  }
  return "unknown";
}

ReadoutKind parse_readout(std::string_view text) {
  if (text == "mean") return ReadoutKind::mean;
  if (text == "dct_rings" || text == "dct-rings") return ReadoutKind::dct_rings;
  if (text == "moments") return ReadoutKind::moments;
  throw InvalidArgument(
      fmt::format("hir: read-out \"{}\" is unknown, expected mean, dct_rings or moments", text));
}

}  // namespace erlangen::hierarchy
