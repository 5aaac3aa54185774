// Mapping of a pixel window to the unit disk, and sub-pixel integration rules.
//
// Coordinates: row i = 0 is the top row, column j = 0 the left column. The disk
// coordinate x grows with j, y grows upwards (towards row 0), and
// theta = atan2(y, x) is counter-clockwise from the +x axis, in [0, 2 pi).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace erlangen::basis {

// Mapping of the pixel centres of a rows x cols window to disk coordinates.
enum class Grid {
  // Default. x_j = (2j + 1 - cols) / cols, y_i = (rows - 1 - 2i) / rows: the disk
  // is inscribed in the outer boundary of the pixel square (radius cols/2 pixels).
  edge,
  // Compatibility with the authors' DIR/HIR kernels. x = (j - c) / R, y = (c - i) / R
  // with c = R = (side - 1) / 2: the disk passes through the centres of the
  // edge-midpoint pixels (radius (side - 1)/2 pixels).
  centre,
};

// Integration rule by which the kernel value of one pixel averages the basis over the pixel.
enum class Integration {
  zoa,             // one sample at the pixel centre (zeroth-order approximation)
  midpoint,        // Q x Q midpoint nodes, equal weights (default, Q = 4)
  gauss_legendre,  // Q x Q Gauss-Legendre nodes and weights
};

struct SamplingRule {
  Integration integration = Integration::midpoint;
  int nodes = 4;  // Q, nodes per pixel side; ignored by zoa
  bool operator==(const SamplingRule&) const = default;
};

// One-dimensional nodes on [-1/2, 1/2] (pixel units) with weights summing to 1.
struct Quadrature1d {
  std::vector<double> nodes;
  std::vector<double> weights;
};
// Returns the 1-D rule of a sampling rule (zoa: one node at 0 with weight 1).
// Throws InvalidArgument when nodes is outside [1, 64].
Quadrature1d quadrature(SamplingRule rule);

// Disk coordinates of the pixel centres of a rows x cols window.
class DiskGrid {
 public:
  DiskGrid(std::ptrdiff_t rows, std::ptrdiff_t cols, Grid grid);

  std::ptrdiff_t rows() const { return rows_; }
  std::ptrdiff_t cols() const { return cols_; }
  Grid grid() const { return grid_; }

  double x(std::ptrdiff_t column) const { return (static_cast<double>(column) - x_centre_) * x_scale_; }
  double y(std::ptrdiff_t row) const { return (y_centre_ - static_cast<double>(row)) * y_scale_; }
  // One pixel in disk units along x and along y.
  double pixel_width() const { return x_scale_; }
  double pixel_height() const { return y_scale_; }
  // Area of one pixel in disk units (4 / (rows cols) on the edge grid).
  double pixel_area() const { return x_scale_ * y_scale_; }
  // Radius of the disk in pixels along x (cols/2 on the edge grid, (cols-1)/2 on the centre grid).
  double radius_in_pixels() const { return 1.0 / x_scale_; }

 private:
  std::ptrdiff_t rows_;
  std::ptrdiff_t cols_;
  Grid grid_;
  double x_centre_;
  double y_centre_;
  double x_scale_;
  double y_scale_;
};

std::string_view to_string(Grid grid);
std::string_view to_string(Integration integration);
// Parses "edge"/"centre" (also "center"); throws InvalidArgument naming the choices.
Grid parse_grid(std::string_view text);
// Parses "zoa", "midpoint", "gauss-legendre" (also "gauss_legendre").
Integration parse_integration(std::string_view text);

}  // namespace erlangen::basis
