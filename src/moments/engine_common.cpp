// Internal helpers shared by the moment engines: area element, pixel lists and
// the kernel of the centre pixel.
#include <cmath>

#include "engine.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::moments::detail {

double area_element(const basis::DiskGrid& grid, bool area_plus_one) {
  const double area = grid.pixel_area();
  if (!area_plus_one) return area;
  // The reference divides the disk-unit area 4 by (pixel count + 1) instead of
  // the pixel count, which is the same as scaling the exact element by NM/(NM+1).
  const double count = static_cast<double>(grid.rows()) * static_cast<double>(grid.cols());
  return area * count / (count + 1.0);
}

std::vector<basis::PixelIndex> pixels_without_centre(const basis::DiskGrid& grid, basis::SamplingRule rule) {
  std::vector<basis::PixelIndex> pixels = basis::pixels_touching_disk(grid, rule);
  if (grid.rows() % 2 == 1 && grid.cols() % 2 == 1) {
    const std::ptrdiff_t centre_row = grid.rows() / 2;
    const std::ptrdiff_t centre_col = grid.cols() / 2;
    std::erase_if(pixels, [&](const basis::PixelIndex& pixel) {
      return pixel.row == centre_row && pixel.col == centre_col;
    });
  }
  return pixels;
}

Eigen::VectorXcd centre_pixel_kernel(const basis::Family& family, int max_order,
                                     std::span<const basis::OrderPair> orders, const basis::DiskGrid& grid,
                                     basis::SamplingRule rule) {
  const basis::Quadrature1d rule1d = basis::quadrature(rule);
  std::vector<double> radii;
  std::vector<std::complex<double>> phasors;
  std::vector<double> weights;
  bool node_at_origin = false;
  for (std::size_t a = 0; a < rule1d.nodes.size(); ++a) {
    for (std::size_t b = 0; b < rule1d.nodes.size(); ++b) {
      const double x = rule1d.nodes[b] * grid.pixel_width();
      const double y = -rule1d.nodes[a] * grid.pixel_height();
      if (x * x + y * y > 1.0) continue;
      const double rho = std::sqrt(x * x + y * y);
      if (rho == 0.0) node_at_origin = true;
      radii.push_back(rho);
      phasors.push_back(rho == 0.0 ? std::complex<double>(0.0, 0.0) : std::complex<double>(x / rho, y / rho));
      weights.push_back(rule1d.weights[a] * rule1d.weights[b]);
    }
  }
  if (node_at_origin && family.singular_at_origin()) {
    throw InvalidArgument(fmt::format(
        "moments: a sub-pixel node of the centre pixel falls on r = 0, where the {} radial function is "
        "singular; use an even number of nodes per pixel (midpoint or gauss-legendre with Q = 4) or an "
        "even image size",
        family.abbreviation()));
  }

  basis::RadialTable table;
  family.evaluate(max_order, radii, table);
  Eigen::VectorXcd kernel = Eigen::VectorXcd::Zero(static_cast<Eigen::Index>(orders.size()));
  for (std::size_t k = 0; k < orders.size(); ++k) {
    const basis::OrderPair order = orders[k];
    const std::complex<double>* radial = table.row(order.n, std::abs(order.m));
    std::complex<double> sum = 0.0;
    for (std::size_t s = 0; s < radii.size(); ++s) {
      if (radii[s] == 0.0) {
        if (order.m == 0) sum += weights[s] * std::conj(radial[s]);
        continue;
      }
      // e^{-j m phi} = conj(phasor)^m for m >= 0 and phasor^{|m|} for m < 0.
      const std::complex<double> angular =
          std::pow(order.m >= 0 ? std::conj(phasors[s]) : phasors[s], std::abs(order.m));
      sum += weights[s] * std::conj(radial[s]) * angular;
    }
    kernel(static_cast<Eigen::Index>(k)) = sum;
  }
  return kernel;
}

}  // namespace erlangen::moments::detail
