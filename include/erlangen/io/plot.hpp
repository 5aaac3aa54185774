// A small line-plot renderer for reports: named (x, y) series on linear or
// logarithmic y axes, drawn into an RGB8 raster with a built-in 5 x 7 bitmap font.
//
// It exists so that the command-line tool can write figures (for example the
// relative error of an invariant against the rotation angle) without a plotting
// dependency. It draws axes with tick labels, light grid lines, a title, axis
// labels and a legend. Non-finite points are skipped, and on a logarithmic axis
// so are points with y <= 0 (they still count for the x range). The line of a
// series breaks at every skipped point.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace erlangen::io {

// One line of a plot: points (x[k], y[k]) joined in order.
struct PlotSeries {
  std::string name;  // legend entry; an empty name leaves the series out of the legend
  std::vector<double> x;
  std::vector<double> y;
};

struct PlotOptions {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool log_y = false;          // base-10 logarithmic y axis with ticks at powers of ten
  std::ptrdiff_t width = 800;  // raster size in pixels, each in [160, 8192]
  std::ptrdiff_t height = 500;
  int text_scale = 2;          // screen pixels per font pixel, in [1, 8]
  bool markers = true;         // draw a small square at every point
};

using Rgb = std::array<std::uint8_t, 3>;

// An 8-bit RGB raster, interleaved R, G, B, row-major with row 0 at the top.
struct RgbRaster {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::vector<std::uint8_t> pixels;

  RgbRaster() = default;
  RgbRaster(std::ptrdiff_t rows, std::ptrdiff_t cols, Rgb background);
  Rgb at(std::ptrdiff_t row, std::ptrdiff_t col) const;
  // Sets one pixel; positions outside the raster are ignored (drawing clips).
  void set(std::ptrdiff_t row, std::ptrdiff_t col, Rgb colour);
};

// Axis ranges and the pixel rectangle of the plotting area, so that callers
// and tests can map data to pixels.
struct PlotFrame {
  std::ptrdiff_t left = 0;    // first column of the plotting area
  std::ptrdiff_t right = 0;   // last column
  std::ptrdiff_t top = 0;     // first row
  std::ptrdiff_t bottom = 0;  // last row
  double x_min = 0.0;
  double x_max = 1.0;
  double y_min = 0.0;  // data units even on a log axis
  double y_max = 1.0;
  bool log_y = false;

  double column_of(double x) const;
  double row_of(double y) const;
};

// Tick positions and their labels on one axis.
struct AxisTicks {
  std::vector<double> values;
  std::vector<std::string> labels;
};

// Ticks at 1, 2 or 5 times a power of ten covering [low, high] with at most
// about 8 steps (linear), or at powers of ten (log, labels such as "1e-13").
AxisTicks axis_ticks(double low, double high, bool log_scale);

// Colour of the series with this index (a fixed palette of 8 distinct colours, repeated).
Rgb series_colour(std::size_t index);

// The font: glyphs exist for digits, ASCII letters, space and . , - + : ( ) = / % _ [ ] < > ^ * ' ?.
// Any other character is drawn as '?'.
bool font_has_glyph(char character);
// Width in pixels of a line of text at a scale (6 font pixels per character, minus the trailing gap).
std::ptrdiff_t text_width(std::string_view text, int scale);
// Height in pixels of a line of text (9 font pixels: 7 above the baseline, 2 for descenders).
std::ptrdiff_t text_height(int scale);
// Draws text with its top-left corner at (top, left). With vertical = true the
// text is rotated by 90 degrees counter-clockwise (it reads bottom to top) and
// occupies rows [top, top + text_width) and columns [left, left + text_height).
void draw_text(RgbRaster& raster, std::ptrdiff_t top, std::ptrdiff_t left, std::string_view text,
               int scale, Rgb colour, bool vertical = false);

// Computes the layout and axis ranges that render_line_plot uses.
// Throws InvalidArgument when a series has x and y of different lengths, or
// when an option is outside its range.
PlotFrame plot_frame(std::span<const PlotSeries> series, const PlotOptions& options);
// Renders the plot into a raster.
RgbRaster render_line_plot(std::span<const PlotSeries> series, const PlotOptions& options);
// Renders the plot and writes it as an 8-bit RGB PNG (atomically, see write_png_rgb8).
void write_line_plot(const std::filesystem::path& path, std::span<const PlotSeries> series,
                     const PlotOptions& options);

}  // namespace erlangen::io
