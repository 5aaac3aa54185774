// `erlangen invariance IMAGE --transform ...`: how far a representation changes under image transforms.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/plot.hpp"
#include "erlangen/moments/invariance.hpp"
#include "representation.hpp"

namespace erlangen::cli {
namespace {

// Position of a step on the plot's x axis: degrees for rotations and quarter
// turns (so both share one angle axis), the factor for scaling, the shift
// length for translations, 0 for flips.
double plot_position(const moments::TransformStep& step) {
  switch (step.kind) {
    case moments::TransformKind::rotate:
      return step.value;
    case moments::TransformKind::rotate90:
      return 90.0 * step.value;
    case moments::TransformKind::scale:
      return step.value;
    case moments::TransformKind::translate:
      return std::hypot(step.value, step.value2);
    case moments::TransformKind::flip_left_right:
    case moments::TransformKind::flip_up_down:
      return 0.0;
  }
  return 0.0;
}

std::string axis_name(const moments::TransformSweep& sweep) {
  const moments::TransformKind kind = sweep.steps.front().kind;
  if (kind == moments::TransformKind::rotate || kind == moments::TransformKind::rotate90) return "angle (degrees)";
  if (kind == moments::TransformKind::scale) return "scale factor";
  if (kind == moments::TransformKind::translate) return "shift length (pixels)";
  return "flip";
}

nlohmann::json number_or_null(double value) {
  if (std::isfinite(value)) return value;
  return nullptr;
}

class InvarianceCommand final : public Command {
 public:
  std::string name() const override { return "invariance"; }
  std::string summary() const override {
    return "measure how far an invariant representation changes under rotations, flips, shifts and scaling";
  }

  void configure(CLI::App& app) override {
    app.footer(
        "For every transform step D, compute R(D f) and compare it with R(f): the error of a value is "
        "|R(D f)_k - R(f)_k| / max_k |R(f)_k|, and each row reports the maximum and the mean over k.\n"
        "The image is read as grey and cropped to its centre square. Unless --no-mask, pixels outside the "
        "inscribed disk are set to 0 before any transform and again after each rotation, so the square's "
        "corners do not enter; what remains is interpolation error and the jagged pixel disk. Quarter turns "
        "and flips move pixels exactly, so real radial families give errors at rounding level (about 1e-13).\n"
        "Transforms (--transform may be repeated):\n"
        "  rotate:FROM:TO:STEP  angles in degrees, counter-clockwise, TO included; rotate:ANGLE for one\n"
        "  rot90                1, 2 and 3 exact quarter turns\n"
        "  flip:lr, flip:ud     exact left-right and up-down mirrors\n"
        "  translate:DX:DY      DX columns right, DY rows down (pixels)\n"
        "  scale:FROM:TO:STEP   factors about the centre, each > 0; scale:FACTOR for one");

    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF)")->required();
    add_downsample_option(app, downsample_);
    add_moment_options(app, arguments_);
    app.add_option("--transform,-t", transforms_, "transform sweep, for example rotate:0:360:15 (see below)")
        ->required();

    app.add_option("--representation,-r", representation_, "representation R:" + representation_help())
        ->check(CLI::IsMember(representation_names()))
        ->capture_default_str();
    app.add_option("--interpolation", interpolation_,
                   "resampling for rotate, translate and scale: nearest, bilinear or bicubic (Keys, a = -0.5)")
        ->check(CLI::IsMember({"nearest", "bilinear", "bicubic"}))
        ->capture_default_str();

    app.add_flag("--no-mask", no_mask_, "keep the pixels outside the inscribed disk");
    app.add_option("--plot", plot_,
                   "write a PNG plot of the relative errors against the transform parameter (written atomically)");
    app.add_flag("--linear", linear_, "plot errors on a linear axis (default: logarithmic)");
    app.add_option("--json", json_, "write every number to this JSON file (written atomically)");
    app.add_flag("--quiet,-q", quiet_, "do not print notes and progress on stderr");
  }

  int run(const GlobalOptions& global) override {
    // Parse every sweep before reading the image, so that a typo fails fast.
    std::vector<moments::TransformSweep> sweeps;
    for (const std::string& spec : transforms_) sweeps.push_back(moments::parse_transform_sweep(spec));
    if (!plot_.empty()) check_output_option(plot_, "--plot", false);
    if (!json_.empty()) check_output_option(json_, "--json", false);

    const ImageF image = load_square_grey(image_, global.max_pixels, quiet_, downsample_);
    RepresentationRequest request;
    request.moments = arguments_;
    request.side = image.height();
    const moments::Representation representation = find_representation(representation_).make(request);

    moments::InvarianceOptions options;
    options.interpolation = parse_interpolation(interpolation_);
    options.mask_disk = !no_mask_;

    const bool show_progress = !quiet_ && stderr_is_terminal();
    moments::ProgressCallback progress;
    if (show_progress) {
      progress = [](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\rerlangen invariance: step %zu of %zu", done, total);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
      };
    }
    const moments::InvarianceReport report =
        moments::measure_invariance(image.plane(), representation, sweeps, options, progress);

    print_table(report);
    // The JSON text is built before any file is written, and the plot is removed
    // when the JSON write fails, so a failed run leaves no partial set of outputs.
    const std::string json_text = json_.empty() ? std::string() : dump_json(json_document(report, options));
    if (!plot_.empty()) write_plot(report);
    if (!json_.empty()) {
      try {
        io::write_text(json_, json_text);
      } catch (...) {
        std::error_code ignored;
        if (!plot_.empty()) std::filesystem::remove(plot_, ignored);
        throw;
      }
    }
    return 0;
  }

 private:
  static void print_table(const moments::InvarianceReport& report) {
    std::cout << fmt::format("representation: {} ({} values, max |R(f)| = {:.6g})\n", report.representation,
                             report.reference.size(), report.reference_scale);
    std::size_t step_width = 4;
    for (const auto& row : report.rows) step_width = std::max(step_width, row.step.text().size());
    std::cout << fmt::format("{:<{}}  {:>14}  {:>14}  {}\n", "step", step_width, "max rel error", "mean rel error",
                             "worst value");
    for (const auto& row : report.rows) {
      std::cout << fmt::format("{:<{}}  {:>14.4e}  {:>14.4e}  {}\n", row.step.text(), step_width,
                               row.max_relative_error, row.mean_relative_error, row.worst_label.text());
    }
  }

  void write_plot(const moments::InvarianceReport& report) const {
    std::vector<io::PlotSeries> series;
    std::set<std::string> axes;
    for (std::size_t s = 0; s < report.sweeps.size(); ++s) {
      const std::string& spec = report.sweeps[s].spec;
      io::PlotSeries maximum{"max " + spec, {}, {}};
      io::PlotSeries mean{"mean " + spec, {}, {}};
      for (const auto& row : report.rows) {
        if (row.sweep != s) continue;
        maximum.x.push_back(plot_position(row.step));
        maximum.y.push_back(row.max_relative_error);
        mean.x.push_back(plot_position(row.step));
        mean.y.push_back(row.mean_relative_error);
      }
      series.push_back(std::move(maximum));
      series.push_back(std::move(mean));
      axes.insert(axis_name(report.sweeps[s]));
    }
    io::PlotOptions options;
    options.title = fmt::format("{}: {}", image_.filename().string(), report.representation);
    options.x_label = axes.size() == 1 ? *axes.begin() : "transform parameter";
    options.y_label = "relative error";
    options.log_y = !linear_;
    if (options.log_y) {
      // A log axis cannot show an exact 0 (exact invariance), so zeros are drawn
      // one decade below the smallest positive error, and the axis label states that value.
      double smallest = 1e-16;
      for (const auto& one : series) {
        for (double y : one.y) {
          if (y > 0.0) smallest = std::min(smallest, y);
        }
      }
      const double floor = std::pow(10.0, std::floor(std::log10(smallest)) - 1.0);
      bool replaced = false;
      for (auto& one : series) {
        for (double& y : one.y) {
          if (y == 0.0) {
            y = floor;
            replaced = true;
          }
        }
      }
      if (replaced) options.y_label = fmt::format("relative error (0 drawn at {:g})", floor);
    }
    io::write_line_plot(plot_, series, options);
  }

  nlohmann::json json_document(const moments::InvarianceReport& report, const moments::InvarianceOptions& options) const {
    nlohmann::json sweeps = nlohmann::json::array();
    for (std::size_t s = 0; s < report.sweeps.size(); ++s) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& row : report.rows) {
        if (row.sweep != s) continue;
        nlohmann::json entry = {{"step", row.step.text()},
                                {"value", row.step.value},
                                {"max_relative_error", number_or_null(row.max_relative_error)},
                                {"mean_relative_error", number_or_null(row.mean_relative_error)},
                                {"worst_value", row.worst_label.text()},
                                {"compared", row.compared}};
        if (row.step.kind == moments::TransformKind::translate) entry["value2"] = row.step.value2;
        rows.push_back(std::move(entry));
      }
      sweeps.push_back({{"transform", report.sweeps[s].spec},
                        {"parameter", report.sweeps[s].parameter},
                        {"rows", std::move(rows)}});
    }
    nlohmann::json reference = nlohmann::json::array();
    for (std::size_t k = 0; k < report.reference.size(); ++k) {
      reference.push_back({{"label", report.reference.labels[k].text()}, {"value", report.reference.values[k]}});
    }
    nlohmann::json document = {
        {"image", image_.string()},
        {"representation", report.representation},
        {"representation_kind", representation_},
        {"family", arguments_.family},
        {"max_order", arguments_.max_order},
        {"interpolation", interpolation_},
        {"mask_disk", options.mask_disk},
        {"error_definition", "|R(D f)_k - R(f)_k| / max_k |R(f)_k|"},
        {"reference_scale", report.reference_scale},
        {"reference", std::move(reference)},
        {"sweeps", std::move(sweeps)}};
    return document;
  }

  std::filesystem::path image_;
  MomentArguments arguments_;
  int downsample_ = 1;
  std::vector<std::string> transforms_;
  std::string representation_ = "magnitude";
  std::string interpolation_ = "bicubic";
  bool no_mask_ = false;
  std::filesystem::path plot_;
  bool linear_ = false;
  std::filesystem::path json_;
  bool quiet_ = false;
};

const CommandRegistrar registrar{[] { return std::make_unique<InvarianceCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
