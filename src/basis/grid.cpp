// Pixel-to-disk grids and the 1-D sub-pixel quadrature rules.
#include "erlangen/basis/grid.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "erlangen/core/error.hpp"

namespace erlangen::basis {

namespace {

// Gauss-Legendre nodes and weights on [-1, 1] by Newton's method on P_Q, with
// P_Q evaluated by its three-term recurrence.
void gauss_legendre(int count, std::vector<double>& nodes, std::vector<double>& weights) {
  nodes.assign(static_cast<std::size_t>(count), 0.0);
  weights.assign(static_cast<std::size_t>(count), 0.0);
  for (int i = 0; i < (count + 1) / 2; ++i) {
    double x = std::cos(std::numbers::pi * (i + 0.75) / (count + 0.5));
    double derivative = 1.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p0 = 1.0;
      double p1 = x;
      for (int k = 2; k <= count; ++k) {
        const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = count * (x * p1 - p0) / (x * x - 1.0);
      const double step = p1 / derivative;
      x -= step;
      if (std::abs(step) < 1e-16) break;
    }
    const double weight = 2.0 / ((1.0 - x * x) * derivative * derivative);
    // Mirror pairs are stored with exactly opposite nodes, so that node sets
    // stay symmetric to the last bit.
    nodes[static_cast<std::size_t>(i)] = -x;
    nodes[static_cast<std::size_t>(count - 1 - i)] = x;
    weights[static_cast<std::size_t>(i)] = weight;
    weights[static_cast<std::size_t>(count - 1 - i)] = weight;
  }
  if (count % 2 == 1) nodes[static_cast<std::size_t>(count / 2)] = 0.0;
}

}  // namespace

Quadrature1d quadrature(SamplingRule rule) {
  Quadrature1d result;
  if (rule.integration == Integration::zoa) {
    result.nodes = {0.0};
    result.weights = {1.0};
    return result;
  }
  if (rule.nodes < 1 || rule.nodes > 64) {
    throw_invalid_argument("sampling rule", "nodes per pixel side", rule.nodes, "an integer in [1, 64]",
                           "pass a smaller number of sub-pixel nodes (4 is the default)");
  }
  const int count = rule.nodes;
  if (rule.integration == Integration::midpoint) {
    result.nodes.assign(static_cast<std::size_t>(count), 0.0);
    result.weights.assign(static_cast<std::size_t>(count), 1.0 / count);
    for (int k = 0; k < count / 2; ++k) {
      const double node = (k + 0.5) / count - 0.5;
      result.nodes[static_cast<std::size_t>(k)] = node;
      result.nodes[static_cast<std::size_t>(count - 1 - k)] = -node;
    }
    return result;
  }
  gauss_legendre(count, result.nodes, result.weights);
  for (auto& node : result.nodes) node *= 0.5;
  for (auto& weight : result.weights) weight *= 0.5;
  return result;
}

DiskGrid::DiskGrid(std::ptrdiff_t rows, std::ptrdiff_t cols, Grid grid) : rows_(rows), cols_(cols), grid_(grid) {
  const std::ptrdiff_t minimum = grid == Grid::edge ? 1 : 2;
  if (rows < minimum || cols < minimum) {
    throw InvalidArgument(fmt::format(
        "disk grid: window size {}x{} is too small, expected at least {}x{} on the {} grid; use a "
        "larger window",
        rows, cols, minimum, minimum, to_string(grid)));
  }
  x_centre_ = (static_cast<double>(cols) - 1.0) / 2.0;
  y_centre_ = (static_cast<double>(rows) - 1.0) / 2.0;
  if (grid == Grid::edge) {
    x_scale_ = 2.0 / static_cast<double>(cols);
    y_scale_ = 2.0 / static_cast<double>(rows);
  } else {
    x_scale_ = 2.0 / (static_cast<double>(cols) - 1.0);
    y_scale_ = 2.0 / (static_cast<double>(rows) - 1.0);
  }
}

std::string_view to_string(Grid grid) { return grid == Grid::edge ? "edge" : "centre"; }

std::string_view to_string(Integration integration) {
  switch (integration) {
    case Integration::zoa: return "zoa";
    case Integration::midpoint: return "midpoint";
    case Integration::gauss_legendre: return "gauss-legendre";
  }
  return "unknown";
}

Grid parse_grid(std::string_view text) {
  if (text == "edge") return Grid::edge;
  if (text == "centre" || text == "center") return Grid::centre;
  throw InvalidArgument(fmt::format("grid: '{}' is unknown, expected 'edge' or 'centre'", text));
}

Integration parse_integration(std::string_view text) {
  if (text == "zoa") return Integration::zoa;
  if (text == "midpoint") return Integration::midpoint;
  if (text == "gauss-legendre" || text == "gauss_legendre") return Integration::gauss_legendre;
  throw InvalidArgument(fmt::format(
      "integration: '{}' is unknown, expected 'zoa', 'midpoint' or 'gauss-legendre'", text));
}

}  // namespace erlangen::basis
