// Kernel sampling (basis/kernel.hpp): inside-pixel counts of both grids, exact
// 90-degree and mirror symmetries of the sampled kernels, the singular-node
// check, and the numerical Gram matrix of PCT on the pixel grids.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/basis/kernel.hpp"
#include "erlangen/core/error.hpp"

namespace {

using erlangen::basis::DiskGrid;
using erlangen::basis::Grid;
using erlangen::basis::Integration;
using erlangen::basis::make_family;
using erlangen::basis::OrderPair;
using erlangen::basis::PixelIndex;
using erlangen::basis::SamplingRule;

const SamplingRule kZoa{Integration::zoa, 1};

TEST(KernelPixels, InsideCountsOfBothGrids) {
  const int sizes[] = {6, 8, 10, 12, 14, 16, 18, 22, 24, 28, 32, 64, 128};
  const int centre_counts[] = {16, 32, 60, 88, 124, 172, 216, 332, 408, 560, 740, 3096, 12644};
  const int edge_counts[] = {32, 52, 80, 112, 156, 208, 256, 384, 448, 616, 812, 3228, 12892};
  for (std::size_t k = 0; k < std::size(sizes); ++k) {
    const DiskGrid centre(sizes[k], sizes[k], Grid::centre);
    const DiskGrid edge(sizes[k], sizes[k], Grid::edge);
    EXPECT_EQ(erlangen::basis::pixels_touching_disk(centre, kZoa).size(), static_cast<std::size_t>(centre_counts[k]))
        << "centre S=" << sizes[k];
    EXPECT_EQ(erlangen::basis::pixels_touching_disk(edge, kZoa).size(), static_cast<std::size_t>(edge_counts[k]))
        << "edge S=" << sizes[k];
  }
}

TEST(KernelPixels, OutsideCountsOfCentreGrid) {
  const int sizes[] = {6, 8, 10, 12, 16, 32, 64, 128};
  const int outside[] = {20, 32, 40, 56, 84, 284, 1000, 3740};
  for (std::size_t k = 0; k < std::size(sizes); ++k) {
    const DiskGrid centre(sizes[k], sizes[k], Grid::centre);
    const auto inside = erlangen::basis::pixels_touching_disk(centre, kZoa).size();
    EXPECT_EQ(static_cast<int>(sizes[k] * sizes[k] - inside), outside[k]) << "S=" << sizes[k];
  }
}

TEST(KernelPixels, ZoaCoverageIsZeroOrOne) {
  const DiskGrid grid(10, 10, Grid::edge);
  std::vector<PixelIndex> pixels;
  for (std::ptrdiff_t i = 0; i < 10; ++i) {
    for (std::ptrdiff_t j = 0; j < 10; ++j) pixels.push_back({i, j});
  }
  const auto family = make_family("pct");
  const std::vector<OrderPair> orders = {{0, 0}};
  const auto kernels = erlangen::basis::sample_kernels(*family, 1, orders, grid, kZoa, pixels);
  int inside = 0;
  for (const double coverage : kernels.coverage) {
    EXPECT_TRUE(coverage == 0.0 || coverage == 1.0);
    inside += coverage == 1.0 ? 1 : 0;
  }
  EXPECT_EQ(inside, 80);
}

// Kernels of every pixel of an S x S window, for all orders of a family at K.
erlangen::basis::PixelKernels all_pixel_kernels(const erlangen::basis::Family& family, int max_order,
                                                std::ptrdiff_t size, Grid grid_kind, SamplingRule rule) {
  const DiskGrid grid(size, size, grid_kind);
  std::vector<PixelIndex> pixels;
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) pixels.push_back({i, j});
  }
  const auto orders = family.orders(max_order);
  return erlangen::basis::sample_kernels(family, max_order, orders, grid, rule, pixels);
}

TEST(KernelSymmetry, RotationAndMirrorsAreExact) {
  struct Setting {
    std::ptrdiff_t size;
    Grid grid;
    SamplingRule rule;
  };
  const Setting settings[] = {{9, Grid::edge, {Integration::midpoint, 4}},
                              {9, Grid::edge, {Integration::gauss_legendre, 3}},
                              {10, Grid::centre, {Integration::midpoint, 3}},
                              {11, Grid::centre, kZoa}};
  const int max_order = 4;
  for (const char* name : {"pct", "pcet", "zm", "pzm", "bfm"}) {
    const auto family = make_family(name);
    for (const Setting& setting : settings) {
      SCOPED_TRACE(std::string(name) + " S=" + std::to_string(setting.size) + " " +
                   std::string(erlangen::basis::to_string(setting.grid)) + " " +
                   std::string(erlangen::basis::to_string(setting.rule.integration)));
      const auto kernels = all_pixel_kernels(*family, max_order, setting.size, setting.grid, setting.rule);
      const auto orders = kernels.orders;
      const auto index_of_order = [&](OrderPair order) {
        for (std::size_t k = 0; k < orders.size(); ++k) {
          if (orders[k] == order) return static_cast<Eigen::Index>(k);
        }
        ADD_FAILURE() << "missing order";
        return Eigen::Index{0};
      };
      const std::ptrdiff_t s = setting.size;
      const auto column = [s](std::ptrdiff_t i, std::ptrdiff_t j) { return static_cast<Eigen::Index>(i * s + j); };
      double worst = 0.0;
      for (std::size_t k = 0; k < orders.size(); ++k) {
        const OrderPair order = orders[k];
        const auto row = static_cast<Eigen::Index>(k);
        // For complex radial functions the mirror images pair n with -n.
        const Eigen::Index mirror_row = family->complex_radial() ? index_of_order({-order.n, order.m}) : row;
        const std::complex<double> quarter_turn = std::polar(1.0, -order.m * std::numbers::pi / 2.0);
        const double parity = order.m % 2 == 0 ? 1.0 : -1.0;
        for (std::ptrdiff_t i = 0; i < s; ++i) {
          for (std::ptrdiff_t j = 0; j < s; ++j) {
            const std::complex<double> value = kernels.values(row, column(i, j));
            // Counter-clockwise quarter turn: (i, j) -> (s-1-j, i), h -> e^{-j m pi/2} h.
            worst = std::max(worst, std::abs(kernels.values(row, column(s - 1 - j, i)) - quarter_turn * value));
            // Left-right mirror: theta -> pi - theta.
            worst = std::max(worst, std::abs(kernels.values(row, column(i, s - 1 - j)) -
                                             parity * std::conj(kernels.values(mirror_row, column(i, j)))));
            // Up-down mirror: theta -> -theta.
            worst = std::max(worst, std::abs(kernels.values(row, column(s - 1 - i, j)) -
                                             std::conj(kernels.values(mirror_row, column(i, j)))));
          }
        }
      }
      // Sample positions map onto each other exactly; only the order of the
      // node sums and the phasor powers differ in rounding.
      EXPECT_LE(worst, 1e-13);
    }
  }
}

TEST(KernelSingularity, OddNodesOnOddGridRejected) {
  const auto rhfm = make_family("rhfm");
  EXPECT_THROW(all_pixel_kernels(*rhfm, 2, 9, Grid::edge, {Integration::midpoint, 3}), erlangen::InvalidArgument);
  EXPECT_THROW(all_pixel_kernels(*rhfm, 2, 9, Grid::edge, kZoa), erlangen::InvalidArgument);
  EXPECT_NO_THROW(all_pixel_kernels(*rhfm, 2, 9, Grid::edge, {Integration::midpoint, 4}));
  EXPECT_NO_THROW(all_pixel_kernels(*rhfm, 2, 10, Grid::edge, kZoa));
  // PCT is bounded at r = 0, so a centre node is fine.
  EXPECT_NO_THROW(all_pixel_kernels(*make_family("pct"), 2, 9, Grid::edge, kZoa));
}

// max |G - I| of the numerical Gram matrix of the ten orthonormal PCT
// functions with n, m >= 0 and n + m <= 3, where G_ab = dA sum_pixels
// sum_nodes w w psi_a conj(psi_b): the rule applied to products of the basis.
double pct_gram_deviation(std::ptrdiff_t size, Grid grid_kind, SamplingRule rule) {
  const auto pct = make_family("pct");
  std::vector<OrderPair> orders;
  for (int n = 0; n <= 3; ++n) {
    for (int m = 0; n + m <= 3; ++m) orders.push_back({n, m});
  }

  // Every node inside the disk, with its weight times the pixel area.
  const DiskGrid grid(size, size, grid_kind);
  const erlangen::basis::Quadrature1d nodes = erlangen::basis::quadrature(rule);
  std::vector<double> radii;
  std::vector<double> angles;
  std::vector<double> weights;
  for (std::ptrdiff_t i = 0; i < size; ++i) {
    for (std::ptrdiff_t j = 0; j < size; ++j) {
      for (std::size_t a = 0; a < nodes.nodes.size(); ++a) {
        for (std::size_t b = 0; b < nodes.nodes.size(); ++b) {
          const double x = grid.x(j) + nodes.nodes[b] * grid.pixel_width();
          const double y = grid.y(i) - nodes.nodes[a] * grid.pixel_height();
          if (x * x + y * y > 1.0) continue;
          radii.push_back(std::hypot(x, y));
          angles.push_back(std::atan2(y, x));
          weights.push_back(nodes.weights[a] * nodes.weights[b] * grid.pixel_area());
        }
      }
    }
  }

  // Rows sqrt(w) psi_a at the nodes, so that G = psi psi^H.
  erlangen::basis::RadialTable table;
  pct->evaluate(3, radii, table);
  Eigen::MatrixXcd psi(static_cast<Eigen::Index>(orders.size()), static_cast<Eigen::Index>(radii.size()));
  for (std::size_t k = 0; k < orders.size(); ++k) {
    const double scale = std::sqrt(pct->omega(orders[k].n));
    for (std::size_t s = 0; s < radii.size(); ++s) {
      psi(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(s)) =
          scale * table.row(orders[k].n, 0)[s] * std::polar(1.0, orders[k].m * angles[s]) * std::sqrt(weights[s]);
    }
  }

  const Eigen::MatrixXcd gram = psi * psi.adjoint();
  return (gram - Eigen::MatrixXcd::Identity(gram.rows(), gram.cols())).cwiseAbs().maxCoeff();
}

TEST(KernelGram, PolarCosineDeviationsMatchMeasured) {
  const std::ptrdiff_t sizes[] = {8, 16, 32, 64};
  const double centre_zoa[] = {0.359, 0.0632, 0.0403, 0.0137};
  const double edge_zoa[] = {0.2762, 0.0832, 0.0200, 0.0069};
  const double edge_midpoint[] = {0.02004, 0.00691, 0.00374, 0.00015};
  for (std::size_t k = 0; k < std::size(sizes); ++k) {
    const double centre = pct_gram_deviation(sizes[k], Grid::centre, kZoa);
    const double edge = pct_gram_deviation(sizes[k], Grid::edge, kZoa);
    const double midpoint = pct_gram_deviation(sizes[k], Grid::edge, {Integration::midpoint, 4});
    // Two significant digits: within 5 % of the measured value.
    EXPECT_NEAR(centre, centre_zoa[k], 0.05 * centre_zoa[k]) << "S=" << sizes[k];
    EXPECT_NEAR(edge, edge_zoa[k], 0.05 * edge_zoa[k]) << "S=" << sizes[k];
    EXPECT_NEAR(midpoint, edge_midpoint[k], 0.05 * edge_midpoint[k]) << "S=" << sizes[k];
    // Sub-pixel integration beats point sampling on both grids.
    EXPECT_LT(midpoint, edge) << "S=" << sizes[k];
    EXPECT_LT(midpoint, centre) << "S=" << sizes[k];
  }
}

}  // namespace
