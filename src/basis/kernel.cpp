// Sub-pixel sampling of moment kernels, shared by global and dense moments.
#include "erlangen/basis/kernel.hpp"

#include <algorithm>
#include <cmath>

#include "erlangen/core/error.hpp"
#include "../core/parallel_failure.hpp"

namespace erlangen::basis {

namespace {

// Sample positions of one pixel: disk coordinates and weights of its nodes.
struct NodeOffsets {
  std::vector<double> dx;  // added to x_j
  std::vector<double> dy;  // subtracted from y_i
  std::vector<double> weight;
};

NodeOffsets node_offsets(const DiskGrid& grid, SamplingRule rule) {
  const Quadrature1d rule1d = quadrature(rule);
  NodeOffsets offsets;
  for (std::size_t a = 0; a < rule1d.nodes.size(); ++a) {
    for (std::size_t b = 0; b < rule1d.nodes.size(); ++b) {
      offsets.dx.push_back(rule1d.nodes[b] * grid.pixel_width());
      offsets.dy.push_back(rule1d.nodes[a] * grid.pixel_height());
      offsets.weight.push_back(rule1d.weights[a] * rule1d.weights[b]);
    }
  }
  return offsets;
}

}  // namespace

std::vector<PixelIndex> pixels_touching_disk(const DiskGrid& grid, SamplingRule rule) {
  const NodeOffsets offsets = node_offsets(grid, rule);
  std::vector<PixelIndex> pixels;
  for (std::ptrdiff_t i = 0; i < grid.rows(); ++i) {
    for (std::ptrdiff_t j = 0; j < grid.cols(); ++j) {
      const double x = grid.x(j);
      const double y = grid.y(i);
      for (std::size_t s = 0; s < offsets.weight.size(); ++s) {
        const double sx = x + offsets.dx[s];
        const double sy = y - offsets.dy[s];
        if (sx * sx + sy * sy <= 1.0) {
          pixels.push_back({i, j});
          break;
        }
      }
    }
  }
  return pixels;
}

PixelKernels sample_kernels(const Family& family, int max_order, std::span<const OrderPair> orders,
                            const DiskGrid& grid, SamplingRule rule, std::span<const PixelIndex> pixels) {
  for (const OrderPair& order : orders) {
    if (!family.contains(order, max_order)) {
      throw InvalidArgument(fmt::format(
          "kernel sampling: order (n={}, m={}) is not in the {} index set for maximum order {}", order.n,
          order.m, family.abbreviation(), max_order));
    }
  }
  const NodeOffsets offsets = node_offsets(grid, rule);
  const std::size_t nodes_per_pixel = offsets.weight.size();

  PixelKernels result;
  result.orders.assign(orders.begin(), orders.end());
  result.pixels.assign(pixels.begin(), pixels.end());
  result.values = Eigen::MatrixXcd::Zero(static_cast<Eigen::Index>(orders.size()),
                                         static_cast<Eigen::Index>(pixels.size()));
  result.coverage.assign(pixels.size(), 0.0);
  if (orders.empty() || pixels.empty()) return result;

  int m_min = 0;
  int m_max = 0;
  for (const OrderPair& order : orders) {
    m_min = std::min(m_min, order.m);
    m_max = std::max(m_max, order.m);
  }
  const int m_abs_limit = std::max(-m_min, m_max);

  // Pixels are processed in chunks so that the radial table stays near 32 MB.
  const std::size_t rows_in_table =
      static_cast<std::size_t>(family.n_max(max_order) - family.n_min(max_order) + 1) *
      static_cast<std::size_t>(family.radial_depends_on_m() ? max_order + 1 : 1);
  const std::size_t chunk_radii = std::max<std::size_t>(nodes_per_pixel, (std::size_t{1} << 21) / rows_in_table);
  const std::size_t chunk_pixels = std::max<std::size_t>(1, chunk_radii / nodes_per_pixel);
  const std::size_t chunk_count = (pixels.size() + chunk_pixels - 1) / chunk_pixels;

  bool singular_node = false;
  // family.evaluate may throw (an order it rejects, std::bad_alloc); the first exception is
  // rethrown after the loop instead of terminating the program.
  erlangen::detail::ParallelFailure failure;
#pragma omp parallel for schedule(dynamic) reduction(|| : singular_node)
  for (std::ptrdiff_t chunk = 0; chunk < static_cast<std::ptrdiff_t>(chunk_count); ++chunk) {
    failure.run([&] {
      const std::size_t first = static_cast<std::size_t>(chunk) * chunk_pixels;
      const std::size_t last = std::min(pixels.size(), first + chunk_pixels);

      // Inside nodes of the chunk: radius, unit phasor e^{j phi}, weight, pixel.
      std::vector<double> radii;
      std::vector<std::complex<double>> phasors;
      std::vector<double> weights;
      std::vector<std::size_t> owners;
      for (std::size_t p = first; p < last; ++p) {
        const double x = grid.x(pixels[p].col);
        const double y = grid.y(pixels[p].row);
        for (std::size_t s = 0; s < nodes_per_pixel; ++s) {
          const double sx = x + offsets.dx[s];
          const double sy = y - offsets.dy[s];
          const double rho = std::sqrt(sx * sx + sy * sy);
          if (sx * sx + sy * sy > 1.0) continue;
          if (rho == 0.0 && family.singular_at_origin()) singular_node = true;
          radii.push_back(rho);
          // At r = 0 the angle is undefined; the phasor 0 gives e^{-j m theta} its mean over theta
          // (1 for m = 0, else 0), which keeps kernels of odd windows exactly 90-degree symmetric.
          phasors.push_back(rho == 0.0 ? std::complex<double>(0.0, 0.0) : std::complex<double>(sx / rho, sy / rho));
          weights.push_back(offsets.weight[s]);
          owners.push_back(p);
          result.coverage[p] += offsets.weight[s];
        }
      }
      if (singular_node || radii.empty()) return;

      RadialTable table;
      family.evaluate(max_order, radii, table);

      // conj(V_nm) = conj(R_n) e^{-j m phi}; powers of e^{-j phi} for m in [m_min, m_max].
      std::vector<std::complex<double>> angular(static_cast<std::size_t>(m_max - m_min + 1));
      for (std::size_t s = 0; s < radii.size(); ++s) {
        const std::complex<double> step = std::conj(phasors[s]);
        const std::complex<double> back = phasors[s];
        angular[static_cast<std::size_t>(-m_min)] = 1.0;
        for (int m = 1; m <= m_max; ++m) {
          angular[static_cast<std::size_t>(m - m_min)] = angular[static_cast<std::size_t>(m - 1 - m_min)] * step;
        }
        for (int m = -1; m >= m_min; --m) {
          angular[static_cast<std::size_t>(m - m_min)] = angular[static_cast<std::size_t>(m + 1 - m_min)] * back;
        }
        const auto column = static_cast<Eigen::Index>(owners[s]);
        for (std::size_t k = 0; k < orders.size(); ++k) {
          const OrderPair order = orders[k];
          const std::complex<double> radial = table.row(order.n, std::min(std::abs(order.m), m_abs_limit))[s];
          result.values(static_cast<Eigen::Index>(k), column) +=
              weights[s] * std::conj(radial) * angular[static_cast<std::size_t>(order.m - m_min)];
        }
      }
    });
  }
  failure.rethrow();
  if (singular_node) {
    throw InvalidArgument(fmt::format(
        "kernel sampling: a sub-pixel node falls on r = 0, where the {} radial function is singular; "
        "use an even number of nodes per pixel (for example 4) or an even window size",
        family.abbreviation()));
  }
  return result;
}

}  // namespace erlangen::basis
