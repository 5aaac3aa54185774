// Benchmarks of the global moment plans (ZM, PZM, PCET) with accuracy counters.
//
// For every family, maximum order K in {10, 20, 40}, image side N in {256, 512} and every
// method the family supports (symmetric and direct for the real radial families ZM and PZM,
// direct and polar_fft for PCET) two benchmarks run:
//   build/<family>/K:<K>/N:<N>/<method>   constructs the MomentPlan (kernel sampling, FFT plans);
//   apply/<family>/K:<K>/N:<N>/<method>   applies the built plan to one double-precision image.
// Every benchmark reports accuracy counters next to its time, computed once outside the timed
// loop and cached:
//   radial_orth_err  max |G - I| of the Gram matrix of the orthonormal radial functions
//                    sqrt(2 pi Omega_n) R_n, integrated in 1-D by composite Gauss-Legendre
//                    (64 panels of 64 nodes, exact for ZM and PZM polynomial products up to
//                    order 40). It measures the precision of the family's radial recurrence.
//   grid_gram_err    max |G - I| of the discrete Gram matrix of the orthonormal basis
//                    psi_nm = sqrt(Omega_n) R_n e^{j m theta} under the plan's own rule (grid,
//                    sub-pixel nodes and weights, disk indicator, area element), over every pair
//                    of orders with equal repetition m. It measures the geometric and
//                    integration error of the pixel grid. Not reported for polar_fft, whose
//                    polar-grid rule is orthonormal by construction.
//   vs_direct        max |M - D| / max |D| between the plan's moments M and a direct sum D of
//                    basis::sample_kernels over every pixel touching the disk, on at most 64
//                    orders spread over the index set (always including the highest order).
//
// Usage: bench_moments [--image=PATH] [Google Benchmark flags]. The image defaults to
// examples/camera.png relative to the working directory. It is read as grey, cropped to its
// centre square and box-averaged down to N x N (N must divide the square's side).
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <numbers>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/basis/kernel.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/moments/plan.hpp"

namespace {

using erlangen::ImageD;
using erlangen::ImageF;
using erlangen::basis::Family;
using erlangen::basis::FamilyId;
using erlangen::basis::OrderPair;
using erlangen::moments::Method;
using erlangen::moments::MomentOptions;
using erlangen::moments::MomentPlan;
using Complex = std::complex<double>;

std::filesystem::path g_image_path = "examples/camera.png";

// ---------------------------------------------------------------------------------------------
// Test image

// Box-averages the centre square of `source` down to size x size.
ImageD box_downsample(const ImageF& source, int size) {
  const std::ptrdiff_t side = std::min(source.height(), source.width());
  if (side % size != 0) {
    throw erlangen::InvalidArgument("bench_moments: image side " + std::to_string(side) +
                                    " is not a multiple of the benchmark size " +
                                    std::to_string(size) + ", use a square image of side 512");
  }
  const std::ptrdiff_t factor = side / size;
  const std::ptrdiff_t top = (source.height() - side) / 2;
  const std::ptrdiff_t left = (source.width() - side) / 2;
  ImageD result(size, size);
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t a = 0; a < factor; ++a) {
        for (std::ptrdiff_t b = 0; b < factor; ++b) {
          sum += source(top + i * factor + a, left + j * factor + b);
        }
      }
      result(i, j) = sum / static_cast<double>(factor * factor);
    }
  }
  return result;
}

const ImageD& test_image(int size) {
  static std::map<int, ImageD> cache;
  auto found = cache.find(size);
  if (found == cache.end()) {
    const ImageF grey = erlangen::io::read_grey(g_image_path);
    found = cache.emplace(size, box_downsample(grey, size)).first;
  }
  return found->second;
}

// ---------------------------------------------------------------------------------------------
// Gram matrices of the orthonormal basis

// Radii with integration weights: sum_k weight_k g(radius_k) approximates the integral of a
// radial function g over the unit disk (dA, not r dr).
struct RadialRule {
  std::vector<double> radii;
  std::vector<double> weights;
};

// Composite Gauss-Legendre rule on [0, 1] in r with the disk measure 2 pi r dr.
RadialRule gauss_legendre_disk_rule(int panels, int nodes_per_panel) {
  const auto rule = erlangen::basis::quadrature(
      {erlangen::basis::Integration::gauss_legendre, nodes_per_panel});
  RadialRule result;
  const double width = 1.0 / panels;
  for (int panel = 0; panel < panels; ++panel) {
    for (std::size_t k = 0; k < rule.nodes.size(); ++k) {
      const double r = (panel + 0.5 + rule.nodes[k]) * width;
      result.radii.push_back(r);
      result.weights.push_back(2.0 * std::numbers::pi * r * rule.weights[k] * width);
    }
  }
  return result;
}

// Every sub-pixel node of an N x N window inside the disk under the plan's grid and sampling
// rule, with weight w_a w_b dA. Nodes at an equal radius are merged by summing their weights:
// a same-m Gram entry depends on the radius only, so merging changes no entry.
RadialRule grid_disk_rule(int size, const MomentOptions& options) {
  const erlangen::basis::DiskGrid grid(size, size, options.grid);
  const auto rule = erlangen::basis::quadrature(options.sampling);
  const double area = options.area_plus_one ? 4.0 / (static_cast<double>(size) * size + 1.0)
                                            : grid.pixel_area();
  const double centre = (size - 1) / 2.0;
  const double radius_pixels = grid.radius_in_pixels();

  // Squared radii in pixel units: exact for dyadic nodes, so that symmetric nodes compare equal.
  std::vector<std::pair<double, double>> nodes;
  for (int i = 0; i < size; ++i) {
    for (int j = 0; j < size; ++j) {
      for (std::size_t a = 0; a < rule.nodes.size(); ++a) {
        const double y = (i - centre) + rule.nodes[a];
        for (std::size_t b = 0; b < rule.nodes.size(); ++b) {
          const double x = (j - centre) + rule.nodes[b];
          const double rho_squared = x * x + y * y;
          if (rho_squared <= radius_pixels * radius_pixels) {
            nodes.emplace_back(rho_squared, rule.weights[a] * rule.weights[b] * area);
          }
        }
      }
    }
  }
  std::sort(nodes.begin(), nodes.end());

  RadialRule result;
  for (std::size_t k = 0; k < nodes.size();) {
    double weight = 0.0;
    std::size_t next = k;
    while (next < nodes.size() && nodes[next].first == nodes[k].first) {
      weight += nodes[next].second;
      ++next;
    }
    result.radii.push_back(std::min(1.0, std::sqrt(nodes[k].first) / radius_pixels));
    result.weights.push_back(weight);
    k = next;
  }
  return result;
}

// Orders n of the radial functions that share the repetition block m_abs (all n for families
// whose radial function ignores m).
std::vector<int> block_orders(const Family& family, int max_order, int m_abs) {
  std::vector<int> orders;
  for (int n = family.n_min(max_order); n <= family.n_max(max_order); ++n) {
    if (!family.radial_depends_on_m() || family.contains({n, m_abs}, max_order)) {
      orders.push_back(n);
    }
  }
  return orders;
}

// max |G - I| over the same-m blocks of the Gram matrix
//   G_ab = sum_k weight_k sqrt(Omega_a Omega_b) R_a(r_k) conj(R_b(r_k)).
double max_gram_deviation(const Family& family, int max_order, const RadialRule& rule) {
  const int block_count = family.radial_depends_on_m() ? max_order + 1 : 1;
  std::vector<std::vector<int>> blocks;
  std::vector<Eigen::MatrixXcd> grams;
  for (int m_abs = 0; m_abs < block_count; ++m_abs) {
    blocks.push_back(block_orders(family, max_order, m_abs));
    const auto size = static_cast<Eigen::Index>(blocks.back().size());
    grams.push_back(Eigen::MatrixXcd::Zero(size, size));
  }

  constexpr std::size_t chunk = 2048;
  erlangen::basis::RadialTable table;
  for (std::size_t start = 0; start < rule.radii.size(); start += chunk) {
    const std::size_t count = std::min(chunk, rule.radii.size() - start);
    family.evaluate(max_order, std::span(rule.radii).subspan(start, count), table);
    for (int m_abs = 0; m_abs < block_count; ++m_abs) {
      const auto& orders = blocks[static_cast<std::size_t>(m_abs)];
      Eigen::MatrixXcd weighted(static_cast<Eigen::Index>(count),
                                static_cast<Eigen::Index>(orders.size()));
      for (std::size_t column = 0; column < orders.size(); ++column) {
        const Complex* values = table.row(orders[column], m_abs);
        const double scale = std::sqrt(family.omega(orders[column]));
        for (std::size_t k = 0; k < count; ++k) {
          weighted(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(column)) =
              values[k] * (scale * std::sqrt(rule.weights[start + k]));
        }
      }
      grams[static_cast<std::size_t>(m_abs)].noalias() += weighted.adjoint() * weighted;
    }
  }

  double deviation = 0.0;
  for (const auto& gram : grams) {
    const auto identity = Eigen::MatrixXcd::Identity(gram.rows(), gram.cols());
    deviation = std::max(deviation, (gram - identity).cwiseAbs().maxCoeff());
  }
  return deviation;
}

// ---------------------------------------------------------------------------------------------
// Direct oracle

// Orders compared with the oracle: at most `limit`, evenly spaced, always including the last.
std::vector<OrderPair> spread_orders(const std::vector<OrderPair>& orders, std::size_t limit) {
  if (orders.size() <= limit) return orders;
  std::vector<OrderPair> result;
  for (std::size_t k = 0; k < limit; ++k) {
    result.push_back(orders[k * (orders.size() - 1) / (limit - 1)]);
  }
  return result;
}

// Textbook moments of `orders` by a direct sum of the sampled pixel kernels, pixel chunk by
// pixel chunk, independent of the plan's storage and fast paths.
std::vector<Complex> direct_moments(const Family& family, int max_order,
                                    const std::vector<OrderPair>& orders, const ImageD& image,
                                    const MomentOptions& options) {
  const auto size = image.height();
  const erlangen::basis::DiskGrid grid(size, size, options.grid);
  const double area = options.area_plus_one ? 4.0 / (static_cast<double>(size) * size + 1.0)
                                            : grid.pixel_area();
  const auto pixels = erlangen::basis::pixels_touching_disk(grid, options.sampling);

  std::vector<Complex> sums(orders.size());
  constexpr std::size_t chunk = 4096;
  for (std::size_t start = 0; start < pixels.size(); start += chunk) {
    const std::size_t count = std::min(chunk, pixels.size() - start);
    const auto kernels = erlangen::basis::sample_kernels(
        family, max_order, orders, grid, options.sampling,
        std::span(pixels).subspan(start, count));
    for (std::size_t p = 0; p < count; ++p) {
      const auto& pixel = kernels.pixels[p];
      const double value = image(pixel.row, pixel.col);
      for (std::size_t k = 0; k < orders.size(); ++k) {
        sums[k] += value * kernels.values(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p));
      }
    }
  }
  for (std::size_t k = 0; k < orders.size(); ++k) {
    sums[k] *= family.omega(orders[k].n) * area;
  }
  return sums;
}

// ---------------------------------------------------------------------------------------------
// Cached accuracy figures

struct Case {
  FamilyId family_id;
  int max_order;
  int size;
  Method method;
};

std::shared_ptr<const Family> family_of(FamilyId id) {
  static std::map<FamilyId, std::shared_ptr<const Family>> cache;
  auto found = cache.find(id);
  if (found == cache.end()) {
    found = cache.emplace(id, std::shared_ptr<const Family>(erlangen::basis::make_family(id))).first;
  }
  return found->second;
}

MomentOptions options_of(const Case& c) {
  MomentOptions options;
  options.max_order = c.max_order;
  options.method = c.method;
  return options;
}

double radial_orthonormality_error(FamilyId id, int max_order) {
  static std::map<std::pair<FamilyId, int>, double> cache;
  const auto key = std::make_pair(id, max_order);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const auto rule = gauss_legendre_disk_rule(64, 64);
    found = cache.emplace(key, max_gram_deviation(*family_of(id), max_order, rule)).first;
  }
  return found->second;
}

double grid_gram_error(const Case& c) {
  // The rule depends on the options, which are the defaults apart from order and method.
  static std::map<std::tuple<FamilyId, int, int>, double> cache;
  const auto key = std::make_tuple(c.family_id, c.max_order, c.size);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const auto rule = grid_disk_rule(c.size, options_of(c));
    found = cache.emplace(key, max_gram_deviation(*family_of(c.family_id), c.max_order, rule)).first;
  }
  return found->second;
}

// Oracle orders and their direct moments on the test image, cached per (family, K, N).
const std::pair<std::vector<OrderPair>, std::vector<Complex>>& oracle(const Case& c) {
  static std::map<std::tuple<FamilyId, int, int>, std::pair<std::vector<OrderPair>, std::vector<Complex>>>
      cache;
  const auto key = std::make_tuple(c.family_id, c.max_order, c.size);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const auto& family = *family_of(c.family_id);
    auto orders = spread_orders(family.orders(c.max_order), 64);
    auto values = direct_moments(family, c.max_order, orders, test_image(c.size), options_of(c));
    found = cache.emplace(key, std::make_pair(std::move(orders), std::move(values))).first;
  }
  return found->second;
}

double relative_error_vs_direct(const Case& c, const erlangen::moments::MomentSet& moments) {
  const auto& [orders, expected] = oracle(c);
  double difference = 0.0;
  double scale = 0.0;
  for (std::size_t k = 0; k < orders.size(); ++k) {
    difference = std::max(difference, std::abs(moments.at(orders[k].n, orders[k].m) - expected[k]));
    scale = std::max(scale, std::abs(expected[k]));
  }
  return difference / scale;
}

void set_accuracy_counters(benchmark::State& state, const Case& c) {
  state.counters["radial_orth_err"] = radial_orthonormality_error(c.family_id, c.max_order);
  if (c.method != Method::polar_fft) {
    state.counters["grid_gram_err"] = grid_gram_error(c);
  }
}

// ---------------------------------------------------------------------------------------------
// Benchmarks

void run_build(benchmark::State& state, Case c) {
  try {
    const auto family = family_of(c.family_id);
    std::size_t kernel_bytes = 0;
    for (auto _ : state) {
      MomentPlan plan(family, c.size, c.size, options_of(c));
      kernel_bytes = plan.kernel_bytes();
      benchmark::DoNotOptimize(kernel_bytes);
    }
    state.counters["kernel_MiB"] = static_cast<double>(kernel_bytes) / (1024.0 * 1024.0);
    set_accuracy_counters(state, c);
  } catch (const erlangen::Error& error) {
    state.SkipWithError(error.what());
  }
}

void run_apply(benchmark::State& state, Case c) {
  try {
    const auto family = family_of(c.family_id);
    const MomentPlan plan(family, c.size, c.size, options_of(c));
    const ImageD& image = test_image(c.size);
    const erlangen::ImageView<const double> view = image.plane();
    erlangen::moments::MomentSet moments;
    for (auto _ : state) {
      moments = plan.apply(view);
      benchmark::DoNotOptimize(moments.values().data());
    }
    state.counters["values"] = static_cast<double>(moments.size());
    state.counters["vs_direct"] = relative_error_vs_direct(c, moments);
    set_accuracy_counters(state, c);
  } catch (const erlangen::Error& error) {
    state.SkipWithError(error.what());
  }
}

void register_benchmarks() {
  const FamilyId families[] = {FamilyId::zernike, FamilyId::pseudo_zernike,
                               FamilyId::polar_complex_exponential};
  for (const FamilyId id : families) {
    std::shared_ptr<const Family> family;
    try {
      family = family_of(id);
    } catch (const erlangen::Error& error) {
      std::fprintf(stderr, "bench_moments: skipping family %d: %s\n", static_cast<int>(id),
                   error.what());
      continue;
    }
    const std::vector<Method> methods = family->complex_radial()
                                            ? std::vector<Method>{Method::direct, Method::polar_fft}
                                            : std::vector<Method>{Method::symmetric, Method::direct};
    for (const int size : {256, 512}) {
      for (const int max_order : {10, 20, 40}) {
        for (const Method method : methods) {
          const Case c{id, max_order, size, method};
          const std::string suffix = std::string(family->abbreviation()) + "/K:" +
                                     std::to_string(max_order) + "/N:" + std::to_string(size) +
                                     "/" + erlangen::moments::to_string(method);
          // A direct build samples every kernel at every pixel and takes up to a minute, so
          // builds run once per repetition and three repetitions give the median.
          benchmark::RegisterBenchmark(("build/" + suffix).c_str(), run_build, c)
              ->Unit(benchmark::kMillisecond)
              ->UseRealTime()
              ->Iterations(1)
              ->Repetitions(3)
              ->ReportAggregatesOnly(true);
          benchmark::RegisterBenchmark(("apply/" + suffix).c_str(), run_apply, c)
              ->Unit(benchmark::kMillisecond)
              ->UseRealTime()
              ->Repetitions(5)
              ->ReportAggregatesOnly(true);
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Take --image=PATH out of argv before Google Benchmark rejects it as unknown.
  int kept_count = 1;
  for (int k = 1; k < argc; ++k) {
    const std::string_view argument = argv[k];
    if (argument.starts_with("--image=")) {
      g_image_path = std::string(argument.substr(8));
    } else {
      argv[kept_count++] = argv[k];
    }
  }
  argc = kept_count;

  if (!std::filesystem::exists(g_image_path)) {
    std::fprintf(stderr,
                 "bench_moments: image %s not found; run from the repository root or pass "
                 "--image=PATH\n",
                 g_image_path.c_str());
    return 2;
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
