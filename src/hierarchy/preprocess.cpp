// Input preprocessing and task presets of the hierarchical invariant representation.
#include "erlangen/hierarchy/preprocess.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy {
namespace {

void validate(const PreprocessOptions& options) {
  if (options.resize_side < 0 || options.resize_side > 65536) {
    throw_invalid_argument("hir preprocess", "resize side", options.resize_side, "an integer in [0, 65536]",
                           "pass 0 to keep the input size");
  }
  if (!(options.sigma >= 0.0) || options.sigma > 100.0) {
    throw_invalid_argument("hir preprocess", "blur sigma", options.sigma, "a value in [0, 100] pixels",
                           "pass 0 for no blur");
  }
  if (options.pad < 0 || options.pad > 65536) {
    throw_invalid_argument("hir preprocess", "zero border", options.pad, "an integer in [0, 65536] pixels",
                           "pass 0 for no border");
  }
  if (!std::isfinite(options.intensity_scale)) {
    throw_invalid_argument("hir preprocess", "intensity scale", options.intensity_scale, "a finite value",
                           "pass 1 to keep [0, 1] or 255 for [0, 255]");
  }
}

}  // namespace

std::ptrdiff_t preprocessed_rows(const PreprocessOptions& options, std::ptrdiff_t rows) {
  return (options.resize_side > 0 ? options.resize_side : rows) + 2 * options.pad;
}

std::ptrdiff_t preprocessed_cols(const PreprocessOptions& options, std::ptrdiff_t cols) {
  return (options.resize_side > 0 ? options.resize_side : cols) + 2 * options.pad;
}

ImageF gaussian_blur(ImageView<const float> image, double sigma) {
  if (!(sigma >= 0.0) || sigma > 100.0) {
    throw_invalid_argument("gaussian blur", "sigma", sigma, "a value in [0, 100] pixels", "pass 0 for no blur");
  }
  ImageF result = convert_plane<float, float>(image);
  if (sigma == 0.0 || image.empty()) return result;

  const auto radius = static_cast<std::ptrdiff_t>(std::ceil(2.0 * sigma));
  std::vector<double> taps(static_cast<std::size_t>(2 * radius + 1));
  double total = 0.0;
  for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
    const double value = std::exp(-0.5 * static_cast<double>(k * k) / (sigma * sigma));
    taps[static_cast<std::size_t>(k + radius)] = value;
    total += value;
  }
  for (double& tap : taps) tap /= total;

  const std::ptrdiff_t rows = image.height();
  const std::ptrdiff_t cols = image.width();
  ImageF horizontal(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
        const std::ptrdiff_t column = std::clamp<std::ptrdiff_t>(j + k, 0, cols - 1);  // replicated border
        sum += taps[static_cast<std::size_t>(k + radius)] * result(i, column);
      }
      horizontal(i, j) = static_cast<float>(sum);
    }
  }
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
        const std::ptrdiff_t row = std::clamp<std::ptrdiff_t>(i + k, 0, rows - 1);
        sum += taps[static_cast<std::size_t>(k + radius)] * horizontal(row, j);
      }
      result(i, j) = static_cast<float>(sum);
    }
  }
  return result;
}

ImageF preprocess(ImageView<const float> image, const PreprocessOptions& options) {
  validate(options);
  ImageF current = convert_plane<float, float>(image);
  if (options.resize_side > 0 && (image.height() != options.resize_side || image.width() != options.resize_side)) {
    current = resize(current.plane(), options.resize_side, options.resize_side, options.interpolation);
  }
  if (options.sigma > 0.0) current = gaussian_blur(current.plane(), options.sigma);

  const auto scale = static_cast<float>(options.intensity_scale);
  ImageF result(current.height() + 2 * options.pad, current.width() + 2 * options.pad);
  for (std::ptrdiff_t i = 0; i < current.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < current.width(); ++j) {
      result(i + options.pad, j + options.pad) = current(i, j) * scale;
    }
  }
  return result;
}

std::vector<std::string> preset_names() {
  return {"digits", "digits-hq", "texture", "parasite", "adversarial", "aigc"};
}

Preset preset(std::string_view name) {
  Preset result;
  result.name = std::string(name);
  result.preprocess.intensity_scale = 255.0;
  result.paths.rule = PathRule::reference;
  result.paths.max_total_order = 6;
  result.paths.sides = {10};
  result.readout.kind = ReadoutKind::mean;
  if (name == "digits") {
    result.preprocess.resize_side = 40;
    result.preprocess.sigma = 0.5;
    result.preprocess.pad = 12;
  } else if (name == "digits-hq") {
    result.preprocess.resize_side = 80;
    result.preprocess.sigma = 2.0;
    result.preprocess.pad = 44;
    result.paths.rule = PathRule::tree;
    result.paths.max_depth = 2;
    result.paths.sides = {20};
    result.reference_kernels = false;
  } else if (name == "texture") {
    result.preprocess.resize_side = 100;
    result.preprocess.sigma = 0.5;
    result.preprocess.pad = 12;
  } else if (name == "parasite") {
    result.preprocess.resize_side = 100;
    result.preprocess.pad = 12;
  } else if (name == "adversarial" || name == "aigc") {
    result.preprocess.resize_side = name == "aigc" ? 512 : 224;
    result.paths.max_total_order = 7;
    result.paths.sides = {name == "aigc" ? 6 : 10};
    result.readout.kind = ReadoutKind::dct_rings;
    result.readout.bands = 30;
    result.readout.reference_bands = true;
  } else {
    throw InvalidArgument(fmt::format(
        "hir: preset \"{}\" is unknown, expected digits, digits-hq, texture, parasite, adversarial or aigc", name));
  }
  return result;
}

}  // namespace erlangen::hierarchy
