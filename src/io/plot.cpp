// Line-plot renderer with a built-in bitmap font (declared in io/plot.hpp).
#include "erlangen/io/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::io {
namespace {

// One glyph: 7 rows of 5 columns, '#' for ink. Letters with descenders (g, p,
// q, y) are drawn 2 rows lower, so their bowl sits on the baseline and the tail
// hangs below it.
struct Glyph {
  char character;
  bool descender;
  const char* rows[7];
};

constexpr int kGlyphColumns = 5;
constexpr int kGlyphRows = 7;
constexpr int kCellColumns = 6;  // glyph plus one column of spacing
constexpr int kCellRows = 9;     // 7 rows plus 2 rows of descender

// clang-format off
constexpr Glyph kFont[] = {
  {' ', false, {".....", ".....", ".....", ".....", ".....", ".....", "....."}},
  {'0', false, {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."}},
  {'1', false, {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."}},
  {'2', false, {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"}},
  {'3', false, {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."}},
  {'4', false, {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."}},
  {'5', false, {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."}},
  {'6', false, {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."}},
  {'7', false, {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."}},
  {'8', false, {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."}},
  {'9', false, {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."}},
  {'A', false, {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}},
  {'B', false, {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."}},
  {'C', false, {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."}},
  {'D', false, {"####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."}},
  {'E', false, {"#####", "#....", "#....", "####.", "#....", "#....", "#####"}},
  {'F', false, {"#####", "#....", "#....", "####.", "#....", "#....", "#...."}},
  {'G', false, {".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"}},
  {'H', false, {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}},
  {'I', false, {".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}},
  {'J', false, {"..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."}},
  {'K', false, {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"}},
  {'L', false, {"#....", "#....", "#....", "#....", "#....", "#....", "#####"}},
  {'M', false, {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"}},
  {'N', false, {"#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"}},
  {'O', false, {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}},
  {'P', false, {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."}},
  {'Q', false, {".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"}},
  {'R', false, {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"}},
  {'S', false, {".####", "#....", "#....", ".###.", "....#", "....#", "####."}},
  {'T', false, {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."}},
  {'U', false, {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}},
  {'V', false, {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."}},
  {'W', false, {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."}},
  {'X', false, {"#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"}},
  {'Y', false, {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."}},
  {'Z', false, {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"}},
  {'a', false, {".....", ".....", ".###.", "....#", ".####", "#...#", ".####"}},
  {'b', false, {"#....", "#....", "#.##.", "##..#", "#...#", "#...#", "####."}},
  {'c', false, {".....", ".....", ".###.", "#....", "#....", "#...#", ".###."}},
  {'d', false, {"....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####"}},
  {'e', false, {".....", ".....", ".###.", "#...#", "#####", "#....", ".###."}},
  {'f', false, {"..##.", ".#..#", ".#...", "###..", ".#...", ".#...", ".#..."}},
  {'g', true,  {".###.", "#...#", "#...#", "#...#", ".####", "....#", ".###."}},
  {'h', false, {"#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#"}},
  {'i', false, {"..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."}},
  {'j', false, {"...#.", ".....", "..##.", "...#.", "...#.", "#..#.", ".##.."}},
  {'k', false, {"#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."}},
  {'l', false, {".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}},
  {'m', false, {".....", ".....", "##.#.", "#.#.#", "#.#.#", "#.#.#", "#.#.#"}},
  {'n', false, {".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#"}},
  {'o', false, {".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."}},
  {'p', true,  {"####.", "#...#", "#...#", "#...#", "####.", "#....", "#...."}},
  {'q', true,  {".####", "#...#", "#...#", "#...#", ".####", "....#", "....#"}},
  {'r', false, {".....", ".....", "#.##.", "##..#", "#....", "#....", "#...."}},
  {'s', false, {".....", ".....", ".####", "#....", ".###.", "....#", "####."}},
  {'t', false, {".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##."}},
  {'u', false, {".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#"}},
  {'v', false, {".....", ".....", "#...#", "#...#", "#...#", ".#.#.", "..#.."}},
  {'w', false, {".....", ".....", "#...#", "#...#", "#.#.#", "#.#.#", ".#.#."}},
  {'x', false, {".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"}},
  {'y', true,  {"#...#", "#...#", "#...#", "#...#", ".####", "....#", ".###."}},
  {'z', false, {".....", ".....", "#####", "...#.", "..#..", ".#...", "#####"}},
  {'.', false, {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."}},
  {',', false, {".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."}},
  {'-', false, {".....", ".....", ".....", ".###.", ".....", ".....", "....."}},
  {'+', false, {".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."}},
  {':', false, {".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."}},
  {'(', false, {"...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."}},
  {')', false, {".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."}},
  {'=', false, {".....", ".....", "#####", ".....", "#####", ".....", "....."}},
  {'/', false, {"....#", "...#.", "...#.", "..#..", ".#...", ".#...", "#...."}},
  {'%', false, {"##..#", "##.#.", "...#.", "..#..", ".#...", ".#.##", "#..##"}},
  {'_', false, {".....", ".....", ".....", ".....", ".....", ".....", "#####"}},
  {'[', false, {".###.", ".#...", ".#...", ".#...", ".#...", ".#...", ".###."}},
  {']', false, {".###.", "...#.", "...#.", "...#.", "...#.", "...#.", ".###."}},
  {'<', false, {"...#.", "..#..", ".#...", "#....", ".#...", "..#..", "...#."}},
  {'>', false, {".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#..."}},
  {'^', false, {"..#..", ".#.#.", "#...#", ".....", ".....", ".....", "....."}},
  {'*', false, {".....", "..#..", "#.#.#", ".###.", "#.#.#", "..#..", "....."}},
  {'\'', false, {"..#..", "..#..", ".....", ".....", ".....", ".....", "....."}},
  {'?', false, {".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."}},
};
// clang-format on

const Glyph& glyph_of(char character) {
  for (const Glyph& glyph : kFont) {
    if (glyph.character == character) return glyph;
  }
  return glyph_of('?');
}

constexpr Rgb kWhite = {255, 255, 255};
constexpr Rgb kBlack = {0, 0, 0};
constexpr Rgb kGridMajor = {222, 222, 222};
constexpr Rgb kGridMinor = {240, 240, 240};
constexpr Rgb kLegendBorder = {160, 160, 160};

constexpr std::ptrdiff_t kMinSide = 160;
constexpr std::ptrdiff_t kMaxSide = 8192;

void validate(std::span<const PlotSeries> series, const PlotOptions& options) {
  if (options.width < kMinSide || options.width > kMaxSide) {
    throw_invalid_argument("plot", "width", options.width, "[160, 8192] pixels", "pass a width in range");
  }
  if (options.height < kMinSide || options.height > kMaxSide) {
    throw_invalid_argument("plot", "height", options.height, "[160, 8192] pixels", "pass a height in range");
  }
  if (options.text_scale < 1 || options.text_scale > 8) {
    throw_invalid_argument("plot", "text_scale", options.text_scale, "an integer in [1, 8]",
                           "pass 1 for small and 2 for normal text");
  }
  for (const PlotSeries& one : series) {
    if (one.x.size() != one.y.size()) {
      throw InvalidArgument(fmt::format(
          "plot: series '{}' has {} x values and {} y values, expected equal lengths; pass one y per x",
          one.name, one.x.size(), one.y.size()));
    }
  }
}

bool drawable(double x, double y, bool log_y) {
  return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0.0);
}

// Step of 1, 2 or 5 times a power of ten giving at most 8 intervals over `span`.
double nice_step(double span) {
  const double raw = span / 8.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double multiple : {1.0, 2.0, 5.0, 10.0}) {
    if (multiple * power >= raw * (1.0 - 1e-9)) return multiple * power;
  }
  return 10.0 * power;
}

std::string linear_label(double value, double step) {
  if (std::abs(value) < step * 1e-9) value = 0.0;  // no "-0" and no rounding residue
  const double magnitude = std::max(std::abs(value), step);
  if (magnitude >= 1e6 || step < 1e-4) return fmt::format("{:.3g}", value);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  return fmt::format("{:.{}f}", value, decimals);
}

std::string decade_label(int exponent) {
  if (exponent == 0) return "1";
  if (exponent == 1) return "10";
  return fmt::format("1e{}", exponent);
}

// Data range of the points: {x_min, x_max, y_min, y_max}; y only of the drawable ones.
std::array<double, 4> data_range(std::span<const PlotSeries> series, bool log_y) {
  double x_min = std::numeric_limits<double>::infinity();
  double x_max = -x_min;
  double y_min = x_min;
  double y_max = -x_min;
  for (const PlotSeries& one : series) {
    for (std::size_t k = 0; k < one.x.size(); ++k) {
      // The x range covers every point with finite coordinates, even one that
      // a log axis cannot show, so that sweeps keep their full extent.
      if (!std::isfinite(one.x[k]) || !std::isfinite(one.y[k])) continue;
      x_min = std::min(x_min, one.x[k]);
      x_max = std::max(x_max, one.x[k]);
      if (!drawable(one.x[k], one.y[k], log_y)) continue;
      y_min = std::min(y_min, one.y[k]);
      y_max = std::max(y_max, one.y[k]);
    }
  }
  if (!(x_min <= x_max)) {
    x_min = 0.0;
    x_max = 1.0;
  }
  if (!(y_min <= y_max)) {
    y_min = log_y ? 0.1 : 0.0;
    y_max = 1.0;
  }
  if (x_min == x_max) {
    const double half = x_min == 0.0 ? 0.5 : 0.1 * std::abs(x_min);
    x_min -= half;
    x_max += half;
  }
  if (y_min == y_max && !log_y) {
    const double half = y_min == 0.0 ? 0.5 : 0.1 * std::abs(y_min);
    y_min -= half;
    y_max += half;
  }
  return {x_min, x_max, y_min, y_max};
}

// Axis range that starts and ends on ticks (y only).
std::pair<double, double> rounded_y_range(double low, double high, bool log_y) {
  if (log_y) {
    const double low_exponent = std::floor(std::log10(low));
    double high_exponent = std::ceil(std::log10(high));
    if (high_exponent <= low_exponent) high_exponent = low_exponent + 1.0;
    return {std::pow(10.0, low_exponent), std::pow(10.0, high_exponent)};
  }
  // A margin of 4 % of the span keeps points off the axes box; it stops at 0
  // for non-negative data, so an error axis starts at 0.
  const double margin = 0.04 * (high - low);
  const double padded_low = low >= 0.0 ? std::max(0.0, low - margin) : low - margin;
  const double padded_high = high + margin;
  const double step = nice_step(padded_high - padded_low);
  return {std::floor(padded_low / step + 1e-9) * step, std::ceil(padded_high / step - 1e-9) * step};
}

void fill_rectangle(RgbRaster& raster, std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t bottom,
                    std::ptrdiff_t right, Rgb colour) {
  for (std::ptrdiff_t i = top; i <= bottom; ++i) {
    for (std::ptrdiff_t j = left; j <= right; ++j) raster.set(i, j, colour);
  }
}

void draw_rectangle_outline(RgbRaster& raster, std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t bottom,
                            std::ptrdiff_t right, Rgb colour) {
  fill_rectangle(raster, top, left, top, right, colour);
  fill_rectangle(raster, bottom, left, bottom, right, colour);
  fill_rectangle(raster, top, left, bottom, left, colour);
  fill_rectangle(raster, top, right, bottom, right, colour);
}

// Draws a segment by stamping a square brush of side 2 * half_width + 1 at
// unit steps, clipped to the frame's plotting area.
void draw_segment(RgbRaster& raster, const PlotFrame& frame, double row0, double col0, double row1,
                  double col1, int half_width, Rgb colour) {
  const double steps = std::ceil(std::max(std::abs(row1 - row0), std::abs(col1 - col0)));
  const auto count = static_cast<std::ptrdiff_t>(std::min(steps, 1e5));
  for (std::ptrdiff_t k = 0; k <= count; ++k) {
    const double t = count == 0 ? 0.0 : static_cast<double>(k) / static_cast<double>(count);
    const auto row = static_cast<std::ptrdiff_t>(std::lround(row0 + t * (row1 - row0)));
    const auto col = static_cast<std::ptrdiff_t>(std::lround(col0 + t * (col1 - col0)));
    for (std::ptrdiff_t i = row - half_width; i <= row + half_width; ++i) {
      for (std::ptrdiff_t j = col - half_width; j <= col + half_width; ++j) {
        if (i >= frame.top && i <= frame.bottom && j >= frame.left && j <= frame.right) raster.set(i, j, colour);
      }
    }
  }
}

struct Layout {
  PlotFrame frame;
  AxisTicks x_ticks;
  AxisTicks y_ticks;
};

Layout compute_layout(std::span<const PlotSeries> series, const PlotOptions& options) {
  validate(series, options);
  const int scale = options.text_scale;
  const std::ptrdiff_t pad = 4 * scale;
  const std::ptrdiff_t tick_length = 2 * scale;
  const std::ptrdiff_t line = text_height(scale);

  Layout layout;
  PlotFrame& frame = layout.frame;
  frame.log_y = options.log_y;
  const auto range = data_range(series, options.log_y);
  frame.x_min = range[0];
  frame.x_max = range[1];
  std::tie(frame.y_min, frame.y_max) = rounded_y_range(range[2], range[3], options.log_y);
  layout.x_ticks = axis_ticks(frame.x_min, frame.x_max, false);
  layout.y_ticks = axis_ticks(frame.y_min, frame.y_max, options.log_y);

  std::ptrdiff_t y_label_width = 0;
  for (const std::string& label : layout.y_ticks.labels) {
    y_label_width = std::max(y_label_width, text_width(label, scale));
  }
  std::ptrdiff_t last_x_label = 0;
  if (!layout.x_ticks.labels.empty()) last_x_label = text_width(layout.x_ticks.labels.back(), scale);

  frame.top = options.title.empty() ? 2 * pad : line + 2 * pad;
  frame.left = pad + (options.y_label.empty() ? 0 : line + pad) + y_label_width + pad / 2 + tick_length;
  frame.bottom = options.height - 1 - (pad + line + pad / 2 + tick_length) -
                 (options.x_label.empty() ? 0 : line + pad / 2);
  frame.right = options.width - 1 - std::max(2 * pad, last_x_label / 2 + pad);
  if (frame.right - frame.left < 40 || frame.bottom - frame.top < 40) {
    throw InvalidArgument(fmt::format(
        "plot: size {}x{} leaves no room for the axes at text_scale {}; pass a larger width and "
        "height or a smaller text_scale",
        options.width, options.height, scale));
  }
  return layout;
}

void draw_grid(RgbRaster& raster, const Layout& layout) {
  const PlotFrame& frame = layout.frame;

  // Grid lines: minor decades (2..9 times a power of ten) on a log axis first, then major ticks.
  if (frame.log_y) {
    const int low = static_cast<int>(std::lround(std::log10(frame.y_min)));
    const int high = static_cast<int>(std::lround(std::log10(frame.y_max)));
    if (high - low <= 12) {
      for (int exponent = low; exponent < high; ++exponent) {
        for (int multiple = 2; multiple <= 9; ++multiple) {
          const auto row = static_cast<std::ptrdiff_t>(std::lround(frame.row_of(multiple * std::pow(10.0, exponent))));
          fill_rectangle(raster, row, frame.left, row, frame.right, kGridMinor);
        }
      }
    }
  }
  for (double value : layout.y_ticks.values) {
    const auto row = static_cast<std::ptrdiff_t>(std::lround(frame.row_of(value)));
    fill_rectangle(raster, row, frame.left, row, frame.right, kGridMajor);
  }
  for (double value : layout.x_ticks.values) {
    const auto col = static_cast<std::ptrdiff_t>(std::lround(frame.column_of(value)));
    fill_rectangle(raster, frame.top, col, frame.bottom, col, kGridMajor);
  }
}

// Draws the axes box, ticks, tick labels, title and axis labels, after the series so that they stay on top.
void draw_axes(RgbRaster& raster, const Layout& layout, const PlotOptions& options) {
  const PlotFrame& frame = layout.frame;
  const int scale = options.text_scale;
  const std::ptrdiff_t tick_length = 2 * scale;
  const std::ptrdiff_t line = text_height(scale);
  draw_rectangle_outline(raster, frame.top, frame.left, frame.bottom, frame.right, kBlack);

  // Ticks and their labels.
  for (std::size_t k = 0; k < layout.y_ticks.values.size(); ++k) {
    const auto row = static_cast<std::ptrdiff_t>(std::lround(frame.row_of(layout.y_ticks.values[k])));
    fill_rectangle(raster, row, frame.left - tick_length, row, frame.left - 1, kBlack);
    const std::string& label = layout.y_ticks.labels[k];
    draw_text(raster, row - kGlyphRows * scale / 2, frame.left - tick_length - scale * 2 - text_width(label, scale),
              label, scale, kBlack);
  }
  for (std::size_t k = 0; k < layout.x_ticks.values.size(); ++k) {
    const auto col = static_cast<std::ptrdiff_t>(std::lround(frame.column_of(layout.x_ticks.values[k])));
    fill_rectangle(raster, frame.bottom + 1, col, frame.bottom + tick_length, col, kBlack);
    const std::string& label = layout.x_ticks.labels[k];
    draw_text(raster, frame.bottom + tick_length + 2 * scale, col - text_width(label, scale) / 2, label, scale,
              kBlack);
  }

  // Title and axis labels.
  const std::ptrdiff_t pad = 4 * scale;
  if (!options.title.empty()) {
    draw_text(raster, pad, (frame.left + frame.right - text_width(options.title, scale)) / 2, options.title,
              scale, kBlack);
  }
  if (!options.x_label.empty()) {
    draw_text(raster, frame.bottom + tick_length + 2 * scale + line + pad / 2,
              (frame.left + frame.right - text_width(options.x_label, scale)) / 2, options.x_label, scale, kBlack);
  }
  if (!options.y_label.empty()) {
    draw_text(raster, (frame.top + frame.bottom - text_width(options.y_label, scale)) / 2, pad, options.y_label,
              scale, kBlack, true);
  }
}

void draw_series(RgbRaster& raster, const PlotFrame& frame, std::span<const PlotSeries> series,
                 const PlotOptions& options) {
  const int scale = options.text_scale;
  const int half_width = scale / 2;
  for (std::size_t s = 0; s < series.size(); ++s) {
    const PlotSeries& one = series[s];
    const Rgb colour = series_colour(s);
    bool have_previous = false;
    double previous_row = 0.0;
    double previous_col = 0.0;
    for (std::size_t k = 0; k < one.x.size(); ++k) {
      if (!drawable(one.x[k], one.y[k], frame.log_y)) {
        have_previous = false;  // break the line at a skipped point
        continue;
      }
      const double row = frame.row_of(one.y[k]);
      const double col = frame.column_of(one.x[k]);
      if (have_previous) draw_segment(raster, frame, previous_row, previous_col, row, col, half_width, colour);
      if (options.markers) draw_segment(raster, frame, row, col, row, col, half_width + scale, colour);
      have_previous = true;
      previous_row = row;
      previous_col = col;
    }
  }
}

// Number of points, sampled every 2 pixels along the drawn lines, that fall in a box.
std::ptrdiff_t count_hidden_samples(const PlotFrame& frame, std::span<const PlotSeries> series,
                                    std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t bottom,
                                    std::ptrdiff_t right) {
  std::ptrdiff_t hidden = 0;
  const auto inside = [&](double row, double col) {
    return row >= static_cast<double>(top) && row <= static_cast<double>(bottom) &&
           col >= static_cast<double>(left) && col <= static_cast<double>(right);
  };
  for (const PlotSeries& one : series) {
    bool have_previous = false;
    double previous_row = 0.0;
    double previous_col = 0.0;
    for (std::size_t k = 0; k < one.x.size(); ++k) {
      if (!drawable(one.x[k], one.y[k], frame.log_y)) {
        have_previous = false;
        continue;
      }
      const double row = frame.row_of(one.y[k]);
      const double col = frame.column_of(one.x[k]);
      hidden += inside(row, col) ? 1 : 0;
      if (have_previous) {
        const double length = std::hypot(row - previous_row, col - previous_col);
        const int steps = static_cast<int>(std::min(length / 2.0, 1e4));
        for (int step = 1; step < steps; ++step) {
          const double t = static_cast<double>(step) / steps;
          hidden += inside(previous_row + t * (row - previous_row), previous_col + t * (col - previous_col)) ? 1 : 0;
        }
      }
      have_previous = true;
      previous_row = row;
      previous_col = col;
    }
  }
  return hidden;
}

void draw_legend(RgbRaster& raster, const PlotFrame& frame, std::span<const PlotSeries> series,
                 const PlotOptions& options) {
  const int scale = options.text_scale;
  const std::ptrdiff_t pad = 3 * scale;
  const std::ptrdiff_t line = text_height(scale) + scale;
  const std::ptrdiff_t sample_length = 4 * kCellColumns * scale;
  std::ptrdiff_t name_width = 0;
  std::ptrdiff_t entries = 0;
  for (const PlotSeries& one : series) {
    if (one.name.empty()) continue;
    name_width = std::max(name_width, text_width(one.name, scale));
    ++entries;
  }
  if (entries == 0) return;

  const std::ptrdiff_t width = pad + sample_length + pad + name_width + pad;
  const std::ptrdiff_t height = pad + entries * line + pad - scale;

  // Place the box in the corner of the plotting area that hides the fewest
  // samples of the lines (top-right wins ties).
  struct Corner {
    std::ptrdiff_t top;
    std::ptrdiff_t left;
  };
  const Corner corners[] = {
      {frame.top + pad, frame.right - pad - width},
      {frame.top + pad, frame.left + pad},
      {frame.bottom - pad - height, frame.right - pad - width},
      {frame.bottom - pad - height, frame.left + pad},
  };
  std::ptrdiff_t best_hidden = std::numeric_limits<std::ptrdiff_t>::max();
  Corner best = corners[0];
  for (const Corner& corner : corners) {
    const std::ptrdiff_t hidden = count_hidden_samples(frame, series, corner.top, corner.left,
                                                       corner.top + height, corner.left + width);
    if (hidden < best_hidden) {
      best_hidden = hidden;
      best = corner;
    }
  }
  const std::ptrdiff_t top = best.top;
  const std::ptrdiff_t left = best.left;
  const std::ptrdiff_t right = left + width;
  fill_rectangle(raster, top, left, top + height, right, kWhite);
  draw_rectangle_outline(raster, top, left, top + height, right, kLegendBorder);

  std::ptrdiff_t row = top + pad;
  for (std::size_t s = 0; s < series.size(); ++s) {
    if (series[s].name.empty()) continue;
    const double middle = static_cast<double>(row + kGlyphRows * scale / 2);
    draw_segment(raster, frame, middle, static_cast<double>(left + pad), middle,
                 static_cast<double>(left + pad + sample_length), scale / 2, series_colour(s));
    draw_text(raster, row, left + pad + sample_length + pad, series[s].name, scale, kBlack);
    row += line;
  }
}

}  // namespace

RgbRaster::RgbRaster(std::ptrdiff_t rows_, std::ptrdiff_t cols_, Rgb background) : rows(rows_), cols(cols_) {
  pixels.resize(static_cast<std::size_t>(rows * cols * 3));
  for (std::size_t k = 0; k < pixels.size(); k += 3) {
    pixels[k] = background[0];
    pixels[k + 1] = background[1];
    pixels[k + 2] = background[2];
  }
}

Rgb RgbRaster::at(std::ptrdiff_t row, std::ptrdiff_t col) const {
  const auto k = static_cast<std::size_t>((row * cols + col) * 3);
  return {pixels[k], pixels[k + 1], pixels[k + 2]};
}

void RgbRaster::set(std::ptrdiff_t row, std::ptrdiff_t col, Rgb colour) {
  if (row < 0 || row >= rows || col < 0 || col >= cols) return;
  const auto k = static_cast<std::size_t>((row * cols + col) * 3);
  pixels[k] = colour[0];
  pixels[k + 1] = colour[1];
  pixels[k + 2] = colour[2];
}

double PlotFrame::column_of(double x) const {
  return static_cast<double>(left) + (x - x_min) / (x_max - x_min) * static_cast<double>(right - left);
}

double PlotFrame::row_of(double y) const {
  double fraction = 0.0;
  if (log_y) {
    fraction = (std::log10(y) - std::log10(y_min)) / (std::log10(y_max) - std::log10(y_min));
  } else {
    fraction = (y - y_min) / (y_max - y_min);
  }
  return static_cast<double>(bottom) - fraction * static_cast<double>(bottom - top);
}

AxisTicks axis_ticks(double low, double high, bool log_scale) {
  AxisTicks ticks;
  if (!(std::isfinite(low) && std::isfinite(high) && low < high) || (log_scale && low <= 0.0)) {
    throw InvalidArgument(fmt::format(
        "plot: axis range [{}, {}] is invalid, expected finite low < high (and low > 0 on a log axis)", low,
        high));
  }
  if (log_scale) {
    const int first = static_cast<int>(std::ceil(std::log10(low) - 1e-9));
    const int last = static_cast<int>(std::floor(std::log10(high) + 1e-9));
    const int stride = std::max(1, (last - first + 9) / 10);  // at most about 10 labelled decades
    for (int exponent = first; exponent <= last; exponent += stride) {
      ticks.values.push_back(std::pow(10.0, exponent));
      ticks.labels.push_back(decade_label(exponent));
    }
    return ticks;
  }
  const double step = nice_step(high - low);
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  for (double k = first; k <= last; k += 1.0) {
    ticks.values.push_back(k * step);
    ticks.labels.push_back(linear_label(k * step, step));
  }
  return ticks;
}

Rgb series_colour(std::size_t index) {
  static constexpr Rgb kPalette[] = {
      {31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {255, 127, 14},
      {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {23, 190, 207},
  };
  return kPalette[index % std::size(kPalette)];
}

bool font_has_glyph(char character) {
  for (const Glyph& glyph : kFont) {
    if (glyph.character == character) return true;
  }
  return false;
}

std::ptrdiff_t text_width(std::string_view text, int scale) {
  if (text.empty()) return 0;
  return (static_cast<std::ptrdiff_t>(text.size()) * kCellColumns - 1) * scale;
}

std::ptrdiff_t text_height(int scale) { return kCellRows * scale; }

void draw_text(RgbRaster& raster, std::ptrdiff_t top, std::ptrdiff_t left, std::string_view text, int scale,
               Rgb colour, bool vertical) {
  const std::ptrdiff_t width = text_width(text, scale);
  for (std::size_t index = 0; index < text.size(); ++index) {
    const Glyph& glyph = glyph_of(text[index]);
    const std::ptrdiff_t shift = glyph.descender ? 2 : 0;
    for (int gr = 0; gr < kGlyphRows; ++gr) {
      for (int gc = 0; gc < kGlyphColumns; ++gc) {
        if (glyph.rows[gr][gc] != '#') continue;
        // Font pixel position in the horizontal text box.
        const std::ptrdiff_t y = (gr + shift) * scale;
        const std::ptrdiff_t x = (static_cast<std::ptrdiff_t>(index) * kCellColumns + gc) * scale;
        for (int a = 0; a < scale; ++a) {
          for (int b = 0; b < scale; ++b) {
            if (vertical) {
              raster.set(top + width - 1 - (x + b), left + y + a, colour);
            } else {
              raster.set(top + y + a, left + x + b, colour);
            }
          }
        }
      }
    }
  }
}

PlotFrame plot_frame(std::span<const PlotSeries> series, const PlotOptions& options) {
  return compute_layout(series, options).frame;
}

RgbRaster render_line_plot(std::span<const PlotSeries> series, const PlotOptions& options) {
  const Layout layout = compute_layout(series, options);
  RgbRaster raster(options.height, options.width, kWhite);
  draw_grid(raster, layout);
  draw_series(raster, layout.frame, series, options);
  draw_axes(raster, layout, options);
  draw_legend(raster, layout.frame, series, options);
  return raster;
}

void write_line_plot(const std::filesystem::path& path, std::span<const PlotSeries> series,
                     const PlotOptions& options) {
  const RgbRaster raster = render_line_plot(series, options);
  write_png_rgb8(path, raster.pixels, raster.rows, raster.cols);
}

}  // namespace erlangen::io
