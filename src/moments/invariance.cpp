// Invariance measurement: R(D f) against R(f) for sweeps of image transforms
// (declared in moments/invariance.hpp).
#include "erlangen/moments/invariance.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::moments {
namespace {

constexpr std::size_t kMaxSteps = 100000;

constexpr std::string_view kAcceptedForms =
    "rotate:FROM:TO:STEP, rotate:ANGLE, rot90, flip:lr, flip:ud, translate:DX:DY, "
    "scale:FROM:TO:STEP or scale:FACTOR";

[[noreturn]] void reject_spec(std::string_view spec, std::string_view reason) {
  throw InvalidArgument(fmt::format("invariance: transform '{}' is invalid ({}); expected one of {}", spec,
                                    reason, kAcceptedForms));
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return fields;
}

double parse_number(std::string_view spec, std::string_view field) {
  double value = 0.0;
  const char* end = field.data() + field.size();
  const auto result = std::from_chars(field.data(), end, value);
  if (field.empty() || result.ec != std::errc() || result.ptr != end || !std::isfinite(value)) {
    reject_spec(spec, fmt::format("'{}' is not a finite number", field));
  }
  return value;
}

// FROM, FROM + STEP, ... up to TO inclusive; TO is reached when it lies within
// 1e-9 steps of a grid value, so 0:360:15 ends at 360.
std::vector<double> range_values(std::string_view spec, double from, double to, double step) {
  if (!(step > 0.0)) reject_spec(spec, fmt::format("STEP is {}, expected > 0", step));
  if (to < from) reject_spec(spec, fmt::format("TO {} is below FROM {}", to, from));
  const double count = std::floor((to - from) / step + 1e-9) + 1.0;
  if (count > static_cast<double>(kMaxSteps)) {
    reject_spec(spec, fmt::format("{} steps exceed the limit of {}; pass a larger STEP", count, kMaxSteps));
  }
  std::vector<double> values;
  for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k) {
    values.push_back(from + static_cast<double>(k) * step);
  }
  return values;
}

std::string format_number(double value) { return fmt::format("{:g}", value); }

}  // namespace

std::string TransformStep::text() const {
  switch (kind) {
    case TransformKind::rotate:
      return "rotate " + format_number(value);
    case TransformKind::rotate90:
      return "rot90 " + format_number(value);
    case TransformKind::flip_left_right:
      return "flip lr";
    case TransformKind::flip_up_down:
      return "flip ud";
    case TransformKind::translate:
      return "translate " + format_number(value) + " " + format_number(value2);
    case TransformKind::scale:
      return "scale " + format_number(value);
  }
  return "unknown";
}

TransformSweep parse_transform_sweep(std::string_view spec) {
  const std::vector<std::string_view> fields = split_fields(spec);
  const std::string_view name = fields.front();
  TransformSweep sweep;
  sweep.spec = std::string(spec);

  if (name == "rotate") {
    sweep.parameter = "angle (degrees)";
    std::vector<double> angles;
    if (fields.size() == 2) {
      angles.push_back(parse_number(spec, fields[1]));
    } else if (fields.size() == 4) {
      angles = range_values(spec, parse_number(spec, fields[1]), parse_number(spec, fields[2]),
                            parse_number(spec, fields[3]));
    } else {
      reject_spec(spec, "rotate takes one angle or FROM:TO:STEP");
    }
    for (double angle : angles) sweep.steps.push_back({TransformKind::rotate, angle, 0.0});
  } else if (name == "rot90") {
    if (fields.size() != 1) reject_spec(spec, "rot90 takes no parameters");
    sweep.parameter = "quarter turns";
    for (int turns = 1; turns <= 3; ++turns) sweep.steps.push_back({TransformKind::rotate90, double(turns), 0.0});
  } else if (name == "flip") {
    sweep.parameter = "flip";
    if (fields.size() == 2 && fields[1] == "lr") {
      sweep.steps.push_back({TransformKind::flip_left_right, 0.0, 0.0});
    } else if (fields.size() == 2 && fields[1] == "ud") {
      sweep.steps.push_back({TransformKind::flip_up_down, 0.0, 0.0});
    } else {
      reject_spec(spec, "flip takes lr or ud");
    }
  } else if (name == "translate") {
    if (fields.size() != 3) reject_spec(spec, "translate takes DX:DY in pixels");
    sweep.parameter = "shift (pixels)";
    sweep.steps.push_back({TransformKind::translate, parse_number(spec, fields[1]), parse_number(spec, fields[2])});
  } else if (name == "scale") {
    sweep.parameter = "scale factor";
    std::vector<double> factors;
    if (fields.size() == 2) {
      factors.push_back(parse_number(spec, fields[1]));
    } else if (fields.size() == 4) {
      factors = range_values(spec, parse_number(spec, fields[1]), parse_number(spec, fields[2]),
                             parse_number(spec, fields[3]));
    } else {
      reject_spec(spec, "scale takes one factor or FROM:TO:STEP");
    }
    for (double factor : factors) {
      if (!(factor > 0.0)) reject_spec(spec, fmt::format("scale factor {} is not > 0", factor));
      sweep.steps.push_back({TransformKind::scale, factor, 0.0});
    }
  } else {
    reject_spec(spec, fmt::format("'{}' is not a known transform", name));
  }
  return sweep;
}

ImageF mask_to_disk(ImageView<const float> image) {
  if (image.height() != image.width()) {
    throw InvalidArgument(fmt::format(
        "invariance: image is {}x{}, expected a square image; crop it with crop_centre_square",
        image.height(), image.width()));
  }
  const std::ptrdiff_t side = image.height();
  const double n = static_cast<double>(side);
  ImageF result(side, side);
  for (std::ptrdiff_t i = 0; i < side; ++i) {
    // Edge grid: x = (2j + 1 - N) / N, y = (N - 1 - 2i) / N; inside when x^2 + y^2 <= 1.
    const double y = (n - 1.0 - 2.0 * static_cast<double>(i)) / n;
    for (std::ptrdiff_t j = 0; j < side; ++j) {
      const double x = (2.0 * static_cast<double>(j) + 1.0 - n) / n;
      result(i, j) = x * x + y * y <= 1.0 ? image(i, j) : 0.0f;
    }
  }
  return result;
}

ImageF apply_transform(ImageView<const float> image, const TransformStep& step, Interpolation interpolation) {
  switch (step.kind) {
    case TransformKind::rotate:
      return rotate(image, step.value, interpolation, 0.0f);
    case TransformKind::rotate90:
      return rotate90(image, static_cast<int>(std::lround(step.value)));
    case TransformKind::flip_left_right:
      return flip_left_right(image);
    case TransformKind::flip_up_down:
      return flip_up_down(image);
    case TransformKind::translate:
      return translate(image, step.value2, step.value, interpolation, 0.0f);
    case TransformKind::scale:
      return scale_about_centre(image, step.value, interpolation, 0.0f);
  }
  throw InvalidArgument("invariance: unknown transform kind; construct steps with parse_transform_sweep");
}

InvarianceReport measure_invariance(ImageView<const float> image, const Representation& representation,
                                    const std::vector<TransformSweep>& sweeps, const InvarianceOptions& options,
                                    const ProgressCallback& progress) {
  if (image.empty() || image.height() != image.width()) {
    throw InvalidArgument(fmt::format(
        "invariance: image is {}x{}, expected a non-empty square image; crop it with crop_centre_square",
        image.height(), image.width()));
  }
  if (!representation.compute) {
    throw InvalidArgument(fmt::format(
        "invariance: representation '{}' has no compute function; set Representation::compute",
        representation.name));
  }

  InvarianceReport report;
  report.representation = representation.name;
  report.sweeps = sweeps;

  const ImageF source = options.mask_disk ? mask_to_disk(image) : convert_plane<float, float>(image);
  report.reference = representation.compute(source.plane());
  for (double value : report.reference.values) {
    if (std::isfinite(value)) report.reference_scale = std::max(report.reference_scale, std::abs(value));
  }
  if (!(report.reference_scale > 0.0)) {
    throw InvalidArgument(fmt::format(
        "invariance: representation '{}' of the image has no non-zero finite value, so relative errors are "
        "undefined; pass an image with content inside the disk",
        representation.name));
  }

  std::size_t total = 0;
  for (const TransformSweep& sweep : sweeps) total += sweep.steps.size();
  std::size_t done = 0;

  for (std::size_t s = 0; s < sweeps.size(); ++s) {
    for (const TransformStep& step : sweeps[s].steps) {
      ImageF moved = apply_transform(source.plane(), step, options.interpolation);
      if (options.mask_disk && step.kind == TransformKind::rotate) moved = mask_to_disk(moved.plane());
      const LabelledFeatures after = representation.compute(moved.plane());
      const LabelledFeatures expected =
          representation.expected_after ? representation.expected_after(report.reference, step) : report.reference;
      if (after.size() != expected.size() || after.labels != expected.labels) {
        throw InvalidArgument(fmt::format(
            "invariance: representation '{}' returned {} values after '{}' but {} before, or other labels; "
            "a representation must return the same labelled values for every image of one size",
            representation.name, after.size(), step.text(), expected.size()));
      }

      InvarianceRow row;
      row.sweep = s;
      row.step = step;
      double sum = 0.0;
      for (std::size_t k = 0; k < after.size(); ++k) {
        if (!std::isfinite(expected.values[k])) continue;
        // A non-finite value after the transform is an infinitely wrong value.
        const double error = std::isfinite(after.values[k])
                                 ? std::abs(after.values[k] - expected.values[k]) / report.reference_scale
                                 : std::numeric_limits<double>::infinity();
        if (row.compared == 0 || error > row.max_relative_error) {
          row.max_relative_error = error;
          row.worst_index = k;
        }
        sum += error;
        ++row.compared;
      }
      if (row.compared > 0) {
        row.mean_relative_error = sum / static_cast<double>(row.compared);
        row.worst_label = after.labels[row.worst_index];
      }
      report.rows.push_back(std::move(row));

      ++done;
      if (progress) progress(done, total);
    }
  }
  return report;
}

}  // namespace erlangen::moments
