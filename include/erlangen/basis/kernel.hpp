// Pixel kernels of a moment family: the basis averaged over each pixel.
//
//   h_nm[i, j] = sum_a sum_b w_a w_b chi(rho_ab <= 1) conj(V_nm(x_j + d_b, y_i - d_a))
//
// where (d, w) are the nodes and weights of the sampling rule scaled to one
// pixel, and chi is the disk indicator. With Integration::zoa this is
// conj(V_nm) at the pixel centre for centres inside the disk and 0 outside.
// The global moments (moments/plan.hpp) and the dense local moments
// (dense/) both build their kernels here, so both share one definition.
//
// Symmetric node sets make the set of sample positions closed under 90-degree
// rotations and mirror flips, which the exact rotation and flip results need.
#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"

namespace erlangen::basis {

struct PixelIndex {
  std::ptrdiff_t row = 0;
  std::ptrdiff_t col = 0;
};

// Kernel values at selected pixels: values(k, p) = h_{orders[k]}[pixels[p]], and
// coverage[p] = sum of node weights inside the disk (1 for a pixel wholly inside,
// 0 wholly outside; under zoa 1 or 0 by its centre).
struct PixelKernels {
  std::vector<OrderPair> orders;
  std::vector<PixelIndex> pixels;
  Eigen::MatrixXcd values;
  std::vector<double> coverage;
};

// Samples the kernels of `orders` (each must be valid for the family at
// max_order) at `pixels` of a window mapped by `grid`. Throws InvalidArgument
// when the rule puts a node at r = 0 for a family singular there (odd Q on a
// grid with a centre pixel), naming the family and the fix (use an even Q).
PixelKernels sample_kernels(const Family& family, int max_order, std::span<const OrderPair> orders,
                            const DiskGrid& grid, SamplingRule rule,
                            std::span<const PixelIndex> pixels);

// Pixels of the window whose coverage is positive (at least one node inside the
// disk), in row-major order.
std::vector<PixelIndex> pixels_touching_disk(const DiskGrid& grid, SamplingRule rule);

}  // namespace erlangen::basis
