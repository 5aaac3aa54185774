#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/plot.hpp"
#include "support/paths.hpp"

namespace {

using erlangen::io::PlotOptions;
using erlangen::io::PlotSeries;
using erlangen::io::Rgb;
using erlangen::io::RgbRaster;

constexpr Rgb kWhite = {255, 255, 255};

std::ptrdiff_t count_colour(const RgbRaster& raster, Rgb colour) {
  std::ptrdiff_t count = 0;
  for (std::ptrdiff_t i = 0; i < raster.rows; ++i) {
    for (std::ptrdiff_t j = 0; j < raster.cols; ++j) count += raster.at(i, j) == colour;
  }
  return count;
}

// Renders one glyph alone and returns its ink as a 9 x 5 bit pattern.
std::string glyph_pattern(char character) {
  RgbRaster raster(9, 5, kWhite);
  erlangen::io::draw_text(raster, 0, 0, std::string(1, character), 1, {0, 0, 0});
  std::string pattern;
  for (std::ptrdiff_t i = 0; i < 9; ++i) {
    for (std::ptrdiff_t j = 0; j < 5; ++j) pattern += raster.at(i, j) == kWhite ? '.' : '#';
  }
  return pattern;
}

TEST(PlotFont, RequiredCharactersHaveDistinctGlyphs) {
  std::string required = "0123456789.-+:()=/% ";
  for (char c = 'a'; c <= 'z'; ++c) required += c;
  for (char c = 'A'; c <= 'Z'; ++c) required += c;
  std::set<std::string> patterns;
  for (char c : required) {
    EXPECT_TRUE(erlangen::io::font_has_glyph(c)) << "missing glyph '" << c << "'";
    const std::string pattern = glyph_pattern(c);
    if (c != ' ') EXPECT_NE(pattern.find('#'), std::string::npos) << "empty glyph '" << c << "'";
    // Two characters that render alike could not be told apart in a label.
    EXPECT_TRUE(patterns.insert(pattern).second) << "glyph '" << c << "' duplicates another";
  }
  EXPECT_FALSE(erlangen::io::font_has_glyph('\t'));
  EXPECT_EQ(glyph_pattern('\t'), glyph_pattern('?'));
}

TEST(PlotFont, TextSizeAndScale) {
  EXPECT_EQ(erlangen::io::text_width("", 2), 0);
  EXPECT_EQ(erlangen::io::text_width("abc", 1), 17);  // 3 cells of 6 minus the trailing gap
  EXPECT_EQ(erlangen::io::text_width("abc", 3), 51);
  EXPECT_EQ(erlangen::io::text_height(2), 18);

  // Scale 2 puts 4 screen pixels on every font pixel.
  RgbRaster one(9, 5, kWhite);
  RgbRaster two(18, 10, kWhite);
  erlangen::io::draw_text(one, 0, 0, "8", 1, {0, 0, 0});
  erlangen::io::draw_text(two, 0, 0, "8", 2, {0, 0, 0});
  EXPECT_EQ(count_colour(two, {0, 0, 0}), 4 * count_colour(one, {0, 0, 0}));
}

TEST(PlotFont, DescendersHangBelowBaseline) {
  const std::string g = glyph_pattern('g');
  const std::string a = glyph_pattern('a');
  // Rows 7 and 8 (the descender rows) have ink for 'g' and none for 'a'.
  EXPECT_NE(g.substr(35, 10).find('#'), std::string::npos);
  EXPECT_EQ(a.substr(35, 10).find('#'), std::string::npos);
}

TEST(PlotFont, VerticalTextIsRotatedCounterClockwise) {
  const std::ptrdiff_t width = erlangen::io::text_width("L", 1);
  RgbRaster horizontal(9, width, kWhite);
  RgbRaster vertical(width, 9, kWhite);
  erlangen::io::draw_text(horizontal, 0, 0, "L", 1, {0, 0, 0});
  erlangen::io::draw_text(vertical, 0, 0, "L", 1, {0, 0, 0}, true);
  for (std::ptrdiff_t i = 0; i < 9; ++i) {
    for (std::ptrdiff_t j = 0; j < width; ++j) {
      // A counter-clockwise quarter turn moves (i, j) to (width - 1 - j, i).
      EXPECT_EQ(horizontal.at(i, j), vertical.at(width - 1 - j, i)) << i << "," << j;
    }
  }
}

TEST(PlotTicks, LinearTicksAreRoundNumbers) {
  const auto ticks = erlangen::io::axis_ticks(0.0, 360.0, false);
  ASSERT_EQ(ticks.values.size(), 8u);  // step 50: 0, 50, ..., 350
  EXPECT_EQ(ticks.labels.front(), "0");
  EXPECT_EQ(ticks.labels[1], "50");
  EXPECT_EQ(ticks.labels.back(), "350");

  const auto fine = erlangen::io::axis_ticks(0.5, 2.0, false);
  ASSERT_FALSE(fine.values.empty());
  EXPECT_EQ(fine.labels.front(), "0.6");  // step 0.2
  EXPECT_EQ(fine.labels.back(), "2.0");

  const auto negative = erlangen::io::axis_ticks(-1.0, 1.0, false);
  for (const std::string& label : negative.labels) EXPECT_NE(label, "-0.0");
}

TEST(PlotTicks, LogTicksAreDecades) {
  const auto ticks = erlangen::io::axis_ticks(1e-14, 1e-12, true);
  ASSERT_EQ(ticks.values.size(), 3u);
  EXPECT_EQ(ticks.labels[0], "1e-14");
  EXPECT_EQ(ticks.labels[2], "1e-12");
  EXPECT_DOUBLE_EQ(ticks.values[1], 1e-13);

  // Forty decades are thinned to about ten labels.
  const auto wide = erlangen::io::axis_ticks(1e-20, 1e20, true);
  EXPECT_LE(wide.values.size(), 11u);
  EXPECT_GE(wide.values.size(), 8u);
}

TEST(PlotRender, SeriesPassesThroughItsPoints) {
  const std::vector<PlotSeries> series = {{"first", {0.0, 1.0, 2.0}, {1.0, 3.0, 2.0}},
                                          {"second", {0.0, 2.0}, {0.5, 0.5}}};
  PlotOptions options;
  options.title = "Test plot";
  options.x_label = "angle (degrees)";
  options.y_label = "relative error";
  const RgbRaster raster = erlangen::io::render_line_plot(series, options);
  ASSERT_EQ(raster.rows, 500);
  ASSERT_EQ(raster.cols, 800);

  const auto frame = erlangen::io::plot_frame(series, options);
  // The y range leaves a margin, so that no point lies on the axes box.
  EXPECT_LT(frame.y_min, 0.5);
  EXPECT_GT(frame.y_max, 3.0);
  EXPECT_DOUBLE_EQ(frame.x_min, 0.0);
  EXPECT_DOUBLE_EQ(frame.x_max, 2.0);
  // Middle point of the first series, and a point halfway along the second.
  const auto row = std::lround(frame.row_of(3.0));
  const auto col = std::lround(frame.column_of(1.0));
  EXPECT_EQ(raster.at(row, col), erlangen::io::series_colour(0));
  const auto flat_row = std::lround(frame.row_of(0.5));
  const auto flat_col = std::lround(frame.column_of(1.3));
  EXPECT_EQ(raster.at(flat_row, flat_col), erlangen::io::series_colour(1));
  // The axes box is black at its corners, and the margin outside is white.
  EXPECT_EQ(raster.at(frame.top, frame.left), (Rgb{0, 0, 0}));
  EXPECT_EQ(raster.at(frame.bottom, frame.right), (Rgb{0, 0, 0}));
  EXPECT_EQ(raster.at(raster.rows - 1, raster.cols - 1), kWhite);
}

TEST(PlotRender, LogAxisSkipsNonPositivePoints) {
  const std::vector<PlotSeries> series = {{"error", {0.0, 1.0, 2.0, 3.0}, {0.0, 1e-13, 1e-12, NAN}}};
  PlotOptions options;
  options.log_y = true;
  const auto frame = erlangen::io::plot_frame(series, options);
  EXPECT_DOUBLE_EQ(frame.y_min, 1e-13);
  EXPECT_DOUBLE_EQ(frame.y_max, 1e-12);
  // x spans the points with finite coordinates, including y = 0 at x = 0 but not the NaN at x = 3.
  EXPECT_DOUBLE_EQ(frame.x_min, 0.0);
  EXPECT_DOUBLE_EQ(frame.x_max, 2.0);
  const RgbRaster raster = erlangen::io::render_line_plot(series, options);
  const auto row = std::lround(frame.row_of(std::sqrt(1e-13 * 1e-12)));
  const auto col = std::lround(frame.column_of(1.5));
  EXPECT_EQ(raster.at(row, col), erlangen::io::series_colour(0));
}

TEST(PlotRender, InvalidOptionsAreRejected) {
  const std::vector<PlotSeries> mismatched = {{"bad", {0.0, 1.0}, {1.0}}};
  EXPECT_THROW(erlangen::io::render_line_plot(mismatched, {}), erlangen::InvalidArgument);
  PlotOptions small;
  small.width = 100;
  EXPECT_THROW(erlangen::io::render_line_plot({}, small), erlangen::InvalidArgument);
  PlotOptions crowded;
  crowded.width = 160;
  crowded.height = 160;
  crowded.text_scale = 8;
  crowded.title = "title";
  EXPECT_THROW(erlangen::io::render_line_plot({}, crowded), erlangen::InvalidArgument);
}

TEST(PlotRender, EmptyPlotStillHasAxes) {
  const RgbRaster raster = erlangen::io::render_line_plot({}, {});
  const auto frame = erlangen::io::plot_frame({}, {});
  EXPECT_EQ(raster.at(frame.top, frame.left), (Rgb{0, 0, 0}));
}

TEST(PlotWrite, WritesPngOfRasterSize) {
  const auto folder = erlangen::testing::fresh_temp_dir("plot");
  const std::vector<PlotSeries> series = {{"sine", {}, {}}};
  std::vector<PlotSeries> curves(1);
  curves[0].name = "sin(x)";
  for (int k = 0; k <= 36; ++k) {
    curves[0].x.push_back(10.0 * k);
    curves[0].y.push_back(std::sin(k * 10.0 * 3.14159265358979 / 180.0));
  }
  PlotOptions options;
  options.width = 640;
  options.height = 400;
  const auto path = folder / "plot.png";
  erlangen::io::write_line_plot(path, curves, options);
  const auto decoded = erlangen::io::read_image(path);
  EXPECT_EQ(decoded.image.height(), 400);
  EXPECT_EQ(decoded.image.width(), 640);
  EXPECT_EQ(decoded.image.channels(), 3);
  std::filesystem::remove_all(folder);
}

}  // namespace
