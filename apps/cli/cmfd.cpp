// `erlangen cmfd IMAGE -o mask.png`: copy-move forgery detection with dense invariant features.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/io/plot.hpp"

namespace erlangen::cli {
namespace {

constexpr io::Rgb kSourceColour = {230, 40, 40};   // red
constexpr io::Rgb kCopyColour = {40, 110, 240};    // blue
constexpr io::Rgb kUnpairedColour = {240, 200, 0};  // yellow: a region without a partner
constexpr io::Rgb kLineColour = {0, 220, 90};      // green

// Draws a line of the given thickness between two points (row, column), clipped to the raster.
void draw_line(io::RgbRaster& raster, double row0, double col0, double row1, double col1, io::Rgb colour,
               int thickness) {
  const double length = std::max(std::abs(row1 - row0), std::abs(col1 - col0));
  const auto steps = static_cast<std::ptrdiff_t>(std::ceil(length)) + 1;
  for (std::ptrdiff_t k = 0; k <= steps; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(steps);
    const auto row = static_cast<std::ptrdiff_t>(std::lround(row0 + t * (row1 - row0)));
    const auto col = static_cast<std::ptrdiff_t>(std::lround(col0 + t * (col1 - col0)));
    for (int dr = -thickness / 2; dr <= thickness / 2; ++dr) {
      for (int dc = -thickness / 2; dc <= thickness / 2; ++dc) raster.set(row + dr, col + dc, colour);
    }
  }
}

// The image in grey, dimmed, with source and copy regions tinted and lines joining each pair.
io::RgbRaster render_overlay(const ImageF& grey, const forensics::CmfdResult& result) {
  io::RgbRaster raster(grey.height(), grey.width(), {0, 0, 0});
  std::vector<io::Rgb> region_colour(result.regions.size(), kUnpairedColour);
  for (const forensics::RegionPair& pair : result.pairs) {
    region_colour[static_cast<std::size_t>(pair.source - 1)] = kSourceColour;
    if (pair.copy != pair.source) region_colour[static_cast<std::size_t>(pair.copy - 1)] = kCopyColour;
  }
  for (std::ptrdiff_t r = 0; r < grey.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < grey.width(); ++c) {
      const double value = 255.0 * std::clamp(grey(r, c), 0.0f, 1.0f);
      const std::int32_t label = result.labels(r, c);
      io::Rgb pixel;
      if (label == 0) {
        const auto v = static_cast<std::uint8_t>(std::lround(0.8 * value));
        pixel = {v, v, v};
      } else {
        const io::Rgb tint = region_colour[static_cast<std::size_t>(label - 1)];
        for (int k = 0; k < 3; ++k) pixel[k] = static_cast<std::uint8_t>(std::lround(0.45 * value + 0.55 * tint[k]));
      }
      raster.set(r, c, pixel);
    }
  }
  const int thickness = std::max<int>(1, static_cast<int>(std::max(grey.height(), grey.width()) / 300));
  for (const forensics::RegionPair& pair : result.pairs) {
    if (pair.copy == pair.source) continue;
    const forensics::MaskRegion& a = result.regions[static_cast<std::size_t>(pair.source - 1)];
    const forensics::MaskRegion& b = result.regions[static_cast<std::size_t>(pair.copy - 1)];
    draw_line(raster, a.centroid_row, a.centroid_col, b.centroid_row, b.centroid_col, kLineColour, thickness);
  }
  return raster;
}

nlohmann::json region_json(const forensics::MaskRegion& region) {
  return {{"label", region.label},
          {"area", region.area},
          {"centroid", {{"row", region.centroid_row}, {"col", region.centroid_col}}},
          {"box", {{"top", region.box[0]}, {"left", region.box[1]}, {"bottom", region.box[2]}, {"right", region.box[3]}}}};
}

class CmfdCommand final : public Command {
 public:
  std::string name() const override { return "cmfd"; }
  std::string summary() const override {
    return "copy-move forgery detection: mask of copied regions, overlay and report";
  }

  void configure(CLI::App& app) override {
    app.footer(
        "Detect regions of IMAGE that were copied and pasted elsewhere in the same image, possibly rotated, "
        "rescaled, noisy or JPEG-compressed. Features at every pixel (default: PCT magnitudes of orders n + m <= 3 "
        "averaged over windows of 8..32 px) are matched by PatchMatch with offsets of at least 8 px, and the offset "
        "field is kept where it is locally affine (Cozzolino, Poggi and Verdoliva, IEEE TIFS 2015). The mask marks "
        "both the source and the copy (255 forged, 0 pristine). Regions smaller than 1200 px and copies closer "
        "than 50 px to their source are not reported; on images whose shorter side is below 512 px these sizes "
        "shrink with the image (--pixel-scale). Matches in flat areas are dropped (--min-texture).");
    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF), read as BT.601 grey")->required();
    app.add_option("--output,-o", mask_, "output mask PNG: 255 on source and copy, 0 elsewhere")->required();
    app.add_option("--overlay", overlay_,
                   "also write a PNG of the image with sources in red, copies in blue, unpaired regions in "
                   "yellow and green lines joining each pair");
    app.add_option("--json", report_, "also write a JSON report of the region pairs, transforms and timings");
    app.add_option("--seed", seed_, "seed of the PatchMatch random search")->capture_default_str();
    app.add_option("--features", features_,
                   "dir (multi-scale PCT), zernike (Zernike order 5, 16 px, as Cozzolino et al.) or patch (raw "
                   "8x8 pixels, not rotation invariant)")
        ->check(CLI::IsMember({"dir", "zernike", "patch"}))
        ->capture_default_str();
    app.add_option("--matcher", matcher_, "patchmatch (approximate, fast) or kdtree (exact nearest neighbours, slow)")
        ->check(CLI::IsMember({"patchmatch", "kdtree"}))
        ->capture_default_str();
    app.add_option("--scale-handling", scale_handling_,
                   "for dir features: pooling (mean over window sizes) or search (match over scale shifts, slower)")
        ->check(CLI::IsMember({"pooling", "search"}))
        ->capture_default_str();
    app.add_option("--iterations", iterations_, "PatchMatch iterations, in [0, 1000]")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    app.add_option("--exact-init-stride", exact_init_stride_,
                   "grid stride s of the exact seeds, in [0, 64]: pixels (i s, j s) start PatchMatch from their exact "
                   "nearest neighbour (kd-tree) among the pixels of the grid of stride s / 2, which finds copies in "
                   "periodic texture; 0 starts every pixel at random; scaled with --pixel-scale; ignored by "
                   "--matcher kdtree")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    app.add_option("--enlarge-to", enlarge_to_,
                   "enlarge images whose longer side is shorter to this many pixels first, in [0, 20000] (0: off; "
                   "Cozzolino et al. use 2000)")
        ->check(CLI::Range(std::ptrdiff_t{0}, std::ptrdiff_t{20000}))
        ->capture_default_str();
    app.add_option("--rematch", rematch_,
                   "on: fit an affine map to each region pair found, offer every pixel the match it predicts, and "
                   "post-process again (follows rotated copies that PatchMatch loses); off: one matching pass")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    app.add_option("--refine", refine_,
                   "on: grow each region along its border where the pair's affine map carries textured patches onto "
                   "matching patches (recovers the band the feature window erodes); off: the mask of the post-processing "
                   "only")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    app.add_option("--min-region", min_region_, "smallest reported region in pixels (T_S) at pixel scale 1, an integer >= 0; "
                   "scaled by the square of --pixel-scale")
        ->check(CLI::Range(std::ptrdiff_t{0}, std::numeric_limits<std::ptrdiff_t>::max()))
        ->capture_default_str();
    app.add_option("--pixel-scale", pixel_scale_,
                   "auto: scale windows, radii, offsets and the minimum region to the image (shorter side / 512, "
                   "clamped to [0.5, 1]); or a factor in [0.25, 1]; 1 keeps the values of Cozzolino et al.")
        ->capture_default_str();
    app.add_option("--min-texture", min_texture_,
                   "drop matches whose window has a grey standard deviation below this, in [0, 0.5] (0: keep all); "
                   "flat areas match each other at any offset")
        ->check(CLI::Range(0.0, 0.5))
        ->capture_default_str();
    app.add_option("--memory-budget", budget_mib_, "MiB for the feature FFT tiles, in [1, 16777216]")
        ->capture_default_str();
    app.add_option("--max-work-pixels", max_work_pixels_,
                   "largest image (pixels, after --enlarge-to) that the detector processes; its memory grows with "
                   "the pixel count")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
        ->capture_default_str();
  }

  int run(const GlobalOptions& global) override {
    check_output_option(mask_, "--output", false);
    if (!overlay_.empty()) check_output_option(overlay_, "--overlay", false);
    if (!report_.empty()) check_output_option(report_, "--json", false);
    const ImageF grey = load_grey(image_, global.max_pixels, false);

    forensics::CmfdOptions options;
    options.features.kind = forensics::parse_cmfd_features(features_);
    options.features.scale_handling = forensics::parse_scale_handling(scale_handling_);
    if (budget_mib_ < 1 || budget_mib_ > (std::int64_t{1} << 24)) {
      throw_invalid_argument("cmfd", "--memory-budget", budget_mib_, "an integer in [1, 16777216] MiB",
                             "pass the budget in MiB, for example 256");
    }
    options.features.memory_budget = static_cast<std::size_t>(budget_mib_) << 20;
    options.max_pixels = max_work_pixels_;
    options.matcher = forensics::parse_matcher(matcher_);
    options.patchmatch.seed = seed_;
    options.patchmatch.iterations = iterations_;
    options.patchmatch.exact_init_stride = exact_init_stride_;
    options.enlarge_to = enlarge_to_;
    options.refine.enabled = refine_ == "on";
    options.rematch.enabled = rematch_ == "on";
    options.postprocess.min_region = min_region_;
    options.pixel_scale = forensics::parse_pixel_scale(pixel_scale_);
    options.min_texture = min_texture_;
    const forensics::CmfdResult result = forensics::detect_copy_move(grey.plane(), options);

    ImageF mask(grey.height(), grey.width());
    for (std::ptrdiff_t r = 0; r < grey.height(); ++r) {
      for (std::ptrdiff_t c = 0; c < grey.width(); ++c) mask(r, c) = result.mask(r, c) ? 1.0f : 0.0f;
    }
    // The mask, the overlay and the report are one result: a failure or an interruption while
    // writing a later one removes the earlier ones.
    io::OutputSet outputs("cmfd");
    io::write_png(mask_, mask);
    outputs.add_file(mask_);
    if (!overlay_.empty()) {
      const io::RgbRaster overlay = render_overlay(grey, result);
      io::write_png_rgb8(overlay_, overlay.pixels, overlay.rows, overlay.cols);
      outputs.add_file(overlay_);
    }
    if (!report_.empty()) io::write_text(report_, dump_json(report(result, options)));
    outputs.keep();

    if (!result.detected) {
      fmt::print("{}: no copy-move forgery detected ({}); the mask is empty\n", image_.string(), result.message);
      return 0;
    }
    fmt::print("{}: {} region(s), {} pair(s)\n", image_.string(), result.regions.size(), result.pairs.size());
    for (const forensics::RegionPair& pair : result.pairs) {
      const forensics::MaskRegion& source = result.regions[static_cast<std::size_t>(pair.source - 1)];
      const forensics::MaskRegion& copy = result.regions[static_cast<std::size_t>(pair.copy - 1)];
      // Rounding to the printed tenth and adding 0.0 turns -0.04 and -0.0 into +0.0, so no "-0.0" is printed.
      const auto tenths = [](double value) { return std::round(value * 10.0) / 10.0 + 0.0; };
      const double dx = tenths(copy.centroid_col - source.centroid_col);
      const double dy = tenths(copy.centroid_row - source.centroid_row);
      fmt::print("  region {} -> region {}: {}rotation {:.1f} deg, scale {:.3f}, centroid shift dx={:.1f}, "
                 "dy={:.1f} px (x right, y down), {} matches, score {:.2f}\n",
                 pair.source, pair.copy, pair.transform.mirrored ? "mirrored left to right, then " : "",
                 tenths(pair.transform.rotation_degrees), pair.transform.scale, dx, dy, pair.matches, pair.score);
    }
    return 0;
  }

 private:
  nlohmann::json report(const forensics::CmfdResult& result, const forensics::CmfdOptions& options) const {
    nlohmann::json regions = nlohmann::json::array();
    for (const forensics::MaskRegion& region : result.regions) regions.push_back(region_json(region));
    nlohmann::json pairs = nlohmann::json::array();
    for (const forensics::RegionPair& pair : result.pairs) {
      const forensics::AffineEstimate& t = pair.transform;
      pairs.push_back({{"source", pair.source},
                       {"copy", pair.copy},
                       {"source_area", result.regions[static_cast<std::size_t>(pair.source - 1)].area},
                       {"copy_area", result.regions[static_cast<std::size_t>(pair.copy - 1)].area},
                       {"matches", pair.matches},
                       {"score", pair.score},
                       {"mean_cost", pair.mean_cost},
                       {"transform",
                        {{"convention", "q = A p + t with p = (col, row) in the source, q in the copy"},
                         {"matrix", t.matrix},
                         {"translation", t.translation},
                         {"rotation_degrees", t.rotation_degrees},
                         {"scale", t.scale},
                         {"mirrored", t.mirrored},
                         {"rms_residual", t.rms_residual}}}});
    }
    std::ptrdiff_t forged = 0;
    for (std::uint8_t value : result.mask.values()) forged += value ? 1 : 0;
    return {{"image", image_.string()},
            {"size", {result.mask.height(), result.mask.width()}},
            {"detected", result.detected},
            {"message", result.message},
            {"forged_pixels", forged},
            {"features", forensics::to_string(options.features.kind)},
            {"scale_handling", forensics::to_string(options.features.scale_handling)},
            {"matcher", forensics::to_string(options.matcher)},
            {"pixel_scale", result.pixel_scale},
            {"seed", seed_},
            {"exact_init_stride", options.patchmatch.exact_init_stride},
            {"iterations", options.patchmatch.iterations},
            {"min_texture", options.min_texture},
            {"min_region", options.postprocess.min_region},
            {"enlarge_to", options.enlarge_to},
            {"rematch", options.rematch.enabled ? "on" : "off"},
            {"refine", options.refine.enabled ? "on" : "off"},
            {"regions", regions},
            {"pairs", pairs},
            {"timings_seconds",
             {{"features", result.timings.features_seconds},
              {"matching", result.timings.matching_seconds},
              {"postprocess", result.timings.postprocess_seconds}}}};
  }

  std::filesystem::path image_;
  std::filesystem::path mask_;
  std::filesystem::path overlay_;
  std::filesystem::path report_;
  std::uint64_t seed_ = 0;
  std::string features_ = "dir";
  std::string matcher_ = "patchmatch";
  std::string scale_handling_ = "pooling";
  int iterations_ = 8;
  int exact_init_stride_ = forensics::CmfdOptions{}.patchmatch.exact_init_stride;
  std::ptrdiff_t enlarge_to_ = 0;
  std::string refine_ = "on";
  std::string rematch_ = "on";
  std::ptrdiff_t min_region_ = 1200;
  std::string pixel_scale_ = "auto";
  double min_texture_ = 0.01;
  std::int64_t budget_mib_ = 256;
  std::uint64_t max_work_pixels_ = forensics::CmfdOptions{}.max_pixels;
};

const CommandRegistrar registrar{[] { return std::make_unique<CmfdCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
