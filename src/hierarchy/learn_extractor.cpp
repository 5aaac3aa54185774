// Feature extractors for classification (HIR and the baselines) and their JSON configuration.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <type_traits>

#include "../core/json_integer.hpp"
#include "../core/parallel_failure.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::hierarchy {

std::string_view to_string(ExtractorKind kind) {
  switch (kind) {
    case ExtractorKind::hir: return "hir";
    case ExtractorKind::pixels: return "pixels";
    case ExtractorKind::moments: return "moments";
    case ExtractorKind::dense: return "dense";
  }
  return "hir";
}

ExtractorKind parse_extractor_kind(std::string_view text) {
  for (const ExtractorKind kind : {ExtractorKind::hir, ExtractorKind::pixels, ExtractorKind::moments, ExtractorKind::dense}) {
    if (text == to_string(kind)) return kind;
  }
  throw_invalid_argument("feature extractor", "kind", text, "hir, pixels, moments or dense",
                         "pass one of the listed extractor kinds");
}

namespace {

const nlohmann::json& field(const nlohmann::json& object, std::string_view key, std::string_view context) {
  if (!object.is_object() || !object.contains(std::string(key))) {
    throw InvalidArgument(fmt::format("extractor configuration: {} has no field \"{}\"; the configuration is "
                                      "incomplete",
                                      context, key));
  }
  return object.at(std::string(key));
}

template <typename T>
T typed(const nlohmann::json& object, std::string_view key, std::string_view context) {
  const nlohmann::json& value = field(object, key, context);
  const std::string name = fmt::format("extractor configuration: {}.{}", context, key);
  if constexpr (std::is_same_v<T, std::vector<int>>) {
    return erlangen::detail::json_integers<int>(value, name);
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    return erlangen::detail::json_integer<T>(value, name);
  }
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument(fmt::format("extractor configuration: {}.{} is {}, which has the wrong type", context, key,
                                      value.dump()));
  }
}

nlohmann::json parameters_json(const basis::FamilyParameters& parameters) {
  return {{"alpha", parameters.alpha}, {"p", parameters.p}, {"q", parameters.q}};
}

basis::FamilyParameters parameters_from_json(const nlohmann::json& value, std::string_view context) {
  basis::FamilyParameters parameters;
  parameters.alpha = typed<double>(value, "alpha", context);
  parameters.p = typed<double>(value, "p", context);
  parameters.q = typed<double>(value, "q", context);
  return parameters;
}

std::string interpolation_name(Interpolation interpolation) {
  switch (interpolation) {
    case Interpolation::nearest: return "nearest";
    case Interpolation::bilinear: return "bilinear";
    case Interpolation::bicubic: return "bicubic";
  }
  return "bicubic";
}

std::string paths_text(const std::vector<Path>& paths) {
  std::string text;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i > 0) text += ";";
    text += path_text(paths[i], true);
  }
  return text;
}

nlohmann::json hir_json(const HirOptions& options) {
  nlohmann::json result = {{"family", options.family},
                           {"family_parameters", parameters_json(options.family_parameters)},
                           {"rule", std::string(to_string(options.path_options.rule))},
                           {"max_total_order", options.path_options.max_total_order},
                           {"max_depth", options.path_options.max_depth},
                           {"sides", options.path_options.sides},
                           {"paths", paths_text(options.paths)},
                           {"pooling", {{"kind", std::string(to_string(options.pooling.kind))},
                                        {"window", options.pooling.window},
                                        {"stride", options.pooling.stride}}},
                           {"readout", {{"kind", std::string(to_string(options.readout.kind))},
                                        {"bands", options.readout.bands},
                                        {"reference_bands", options.readout.reference_bands},
                                        {"moment_family", options.readout.moment_family},
                                        {"moment_order", options.readout.moment_order}}},
                           {"kernels", std::string(to_string(options.kernels))},
                           {"precision", options.precision == HirPrecision::float32 ? "float32" : "float64"}};
  // Written only when set, so that configurations without orbit averaging keep their earlier text.
  if (options.orbit_rotations != 1) result["orbit_rotations"] = options.orbit_rotations;
  return result;
}

HirOptions hir_from_json(const nlohmann::json& value) {
  constexpr std::string_view context = "hir";
  HirOptions options;
  options.family = typed<std::string>(value, "family", context);
  options.family_parameters = parameters_from_json(field(value, "family_parameters", context), "hir.family_parameters");
  options.path_options.rule = parse_path_rule(typed<std::string>(value, "rule", context));
  options.path_options.max_total_order = typed<int>(value, "max_total_order", context);
  options.path_options.max_depth = typed<int>(value, "max_depth", context);
  options.path_options.sides = typed<std::vector<int>>(value, "sides", context);
  const auto paths = typed<std::string>(value, "paths", context);
  if (!paths.empty()) {
    const int default_side = options.path_options.sides.empty() ? 10 : options.path_options.sides.front();
    options.paths = parse_paths(paths, default_side);
  }
  const nlohmann::json& pooling = field(value, "pooling", context);
  options.pooling.kind = parse_pooling_kind(typed<std::string>(pooling, "kind", "hir.pooling"));
  options.pooling.window = typed<int>(pooling, "window", "hir.pooling");
  options.pooling.stride = typed<int>(pooling, "stride", "hir.pooling");
  const nlohmann::json& readout = field(value, "readout", context);
  options.readout.kind = parse_readout(typed<std::string>(readout, "kind", "hir.readout"));
  options.readout.bands = typed<int>(readout, "bands", "hir.readout");
  options.readout.reference_bands = typed<bool>(readout, "reference_bands", "hir.readout");
  options.readout.moment_family = typed<std::string>(readout, "moment_family", "hir.readout");
  options.readout.moment_order = typed<int>(readout, "moment_order", "hir.readout");
  options.kernels = parse_kernel_mode(typed<std::string>(value, "kernels", context));
  const auto precision = typed<std::string>(value, "precision", context);
  if (precision != "float32" && precision != "float64") {
    throw_invalid_argument("extractor configuration", "hir.precision", precision, "float32 or float64",
                           "write one of the two precisions");
  }
  options.precision = precision == "float32" ? HirPrecision::float32 : HirPrecision::float64;
  // Configurations written before orbit averaging existed have no entry and no orbit average.
  if (value.contains("orbit_rotations")) options.orbit_rotations = typed<int>(value, "orbit_rotations", context);
  return options;
}

}  // namespace

nlohmann::json ExtractorConfig::to_json() const {
  nlohmann::json value = {
      {"kind", std::string(to_string(kind))},
      {"preprocess", {{"resize_side", preprocess.resize_side},
                      {"interpolation", interpolation_name(preprocess.interpolation)},
                      {"sigma", preprocess.sigma},
                      {"pad", preprocess.pad},
                      {"intensity_scale", preprocess.intensity_scale}}},
  };
  if (kind == ExtractorKind::hir) {
    value["hir"] = hir_json(hir);
  } else if (kind != ExtractorKind::pixels) {
    value["family"] = family;
    value["family_parameters"] = parameters_json(family_parameters);
    value["max_order"] = max_order;
    if (kind == ExtractorKind::dense) value["side"] = side;
  }
  return value;
}

ExtractorConfig ExtractorConfig::from_json(const nlohmann::json& value) {
  ExtractorConfig config;
  config.kind = parse_extractor_kind(typed<std::string>(value, "kind", "extractor"));
  const nlohmann::json& preprocess = field(value, "preprocess", "extractor");
  config.preprocess.resize_side = typed<std::ptrdiff_t>(preprocess, "resize_side", "preprocess");
  config.preprocess.interpolation = parse_interpolation(typed<std::string>(preprocess, "interpolation", "preprocess"));
  config.preprocess.sigma = typed<double>(preprocess, "sigma", "preprocess");
  config.preprocess.pad = typed<std::ptrdiff_t>(preprocess, "pad", "preprocess");
  config.preprocess.intensity_scale = typed<double>(preprocess, "intensity_scale", "preprocess");
  if (config.kind == ExtractorKind::hir) {
    config.hir = hir_from_json(field(value, "hir", "extractor"));
  } else if (config.kind != ExtractorKind::pixels) {
    config.family = typed<std::string>(value, "family", "extractor");
    config.family_parameters = parameters_from_json(field(value, "family_parameters", "extractor"), "family_parameters");
    config.max_order = typed<int>(value, "max_order", "extractor");
    if (config.kind == ExtractorKind::dense) config.side = typed<int>(value, "side", "extractor");
  }
  return config;
}

ExtractorConfig preset_config(std::string_view preset_name, ExtractorKind kind) {
  const Preset chosen = preset(preset_name);
  ExtractorConfig config;
  config.kind = kind;
  config.preprocess = chosen.preprocess;
  const int side = chosen.paths.sides.empty() ? 10 : chosen.paths.sides.front();
  if (chosen.paths.rule == PathRule::reference) {
    config.hir = reference_hir_options(chosen.paths.max_total_order, side, chosen.readout.kind);
  } else {
    config.hir.path_options = chosen.paths;
  }
  // The presets of released experiments use the released kernels; all use single precision.
  config.hir.kernels = chosen.reference_kernels ? KernelMode::reference : KernelMode::subpixel;
  config.hir.precision = HirPrecision::float32;
  config.hir.readout = chosen.readout;
  config.hir.orbit_rotations = chosen.orbit_rotations;
  config.family = "pct";
  config.max_order = chosen.paths.max_total_order;
  config.side = side;
  return config;
}

struct FeatureExtractor::Impl {
  ExtractorConfig config;
  std::ptrdiff_t rows = 0;  // input size before preprocessing
  std::ptrdiff_t cols = 0;
  std::ptrdiff_t prepared_rows = 0;
  std::ptrdiff_t prepared_cols = 0;
  std::vector<FeatureLabel> labels;
  std::unique_ptr<HirPlan> hir;
  std::unique_ptr<moments::MomentPlan> global;
  std::vector<basis::OrderPair> global_orders;  // orders of `global` that are kept (m >= 0)
  std::unique_ptr<dense::LocalMomentPlan> local;

  // Features of one preprocessed image into `row` (feature_count values).
  void features(const ImageF& prepared, double* row) const {
    switch (config.kind) {
      case ExtractorKind::hir:
        hir->apply(prepared.plane(), std::span<double>(row, labels.size()));
        return;
      case ExtractorKind::pixels:
        std::copy(prepared.data(), prepared.data() + prepared.plane_size(), row);
        return;
      case ExtractorKind::moments: {
        const moments::MomentSet set = global->apply(prepared.plane());
        for (std::size_t k = 0; k < global_orders.size(); ++k) {
          row[k] = std::abs(set.at(global_orders[k].n, global_orders[k].m));
        }
        return;
      }
      case ExtractorKind::dense: {
        const dense::LabelledPlanes<double> planes = local->magnitudes<double>(prepared.plane());
        const std::ptrdiff_t size = planes.planes.plane_size();
        for (std::ptrdiff_t channel = 0; channel < planes.planes.channels(); ++channel) {
          const double* values = planes.planes.data() + channel * size;
          double sum = 0.0;
          for (std::ptrdiff_t k = 0; k < size; ++k) sum += values[k];
          row[channel] = sum / static_cast<double>(size);
        }
        return;
      }
    }
  }
};

FeatureExtractor::FeatureExtractor(ExtractorConfig config, std::ptrdiff_t rows, std::ptrdiff_t cols)
    : impl_(std::make_unique<Impl>()) {
  constexpr std::string_view operation = "feature extractor";
  if (rows < 1 || cols < 1) {
    throw InvalidArgument(fmt::format("{}: the input size is {}x{}, expected at least 1x1", operation, rows, cols));
  }
  Impl& impl = *impl_;
  impl.config = std::move(config);
  impl.rows = rows;
  impl.cols = cols;
  impl.prepared_rows = preprocessed_rows(impl.config.preprocess, rows);
  impl.prepared_cols = preprocessed_cols(impl.config.preprocess, cols);
  const ExtractorConfig& chosen = impl.config;

  switch (chosen.kind) {
    case ExtractorKind::hir: {
      HirOptions options = chosen.hir;
      // extract() is parallel over images, so each apply() runs on one thread.
      options.parallel = false;
      impl.hir = std::make_unique<HirPlan>(impl.prepared_rows, impl.prepared_cols, options);
      impl.labels = impl.hir->labels();
      break;
    }
    case ExtractorKind::pixels:
      for (std::ptrdiff_t i = 0; i < impl.prepared_rows; ++i) {
        for (std::ptrdiff_t j = 0; j < impl.prepared_cols; ++j) {
          FeatureLabel label;
          label.family = "pixel";
          label.n = static_cast<int>(i);
          label.m = static_cast<int>(j);
          label.kind = "intensity";
          impl.labels.push_back(label);
        }
      }
      break;
    case ExtractorKind::moments: {
      if (impl.prepared_rows != impl.prepared_cols) {
        throw InvalidArgument(fmt::format("{}: global moments need a square image but the preprocessed input is "
                                          "{}x{}; set a square resize side",
                                          operation, impl.prepared_rows, impl.prepared_cols));
      }
      std::shared_ptr<const basis::Family> family = basis::make_family(chosen.family, chosen.family_parameters);
      moments::MomentOptions options;
      options.max_order = chosen.max_order;
      impl.global = std::make_unique<moments::MomentPlan>(family, impl.prepared_rows, impl.prepared_cols, options);
      for (const basis::OrderPair order : family->orders(chosen.max_order)) {
        if (order.m < 0) continue;
        impl.global_orders.push_back(order);
        FeatureLabel label;
        label.family = std::string(family->abbreviation());
        label.n = order.n;
        label.m = order.m;
        label.kind = "magnitude";
        impl.labels.push_back(label);
      }
      break;
    }
    case ExtractorKind::dense: {
      std::shared_ptr<const basis::Family> family = basis::make_family(chosen.family, chosen.family_parameters);
      dense::LocalMomentOptions options;
      for (const basis::OrderPair order : family->orders(chosen.max_order)) {
        if (order.n >= 0 && order.m >= 0 && order.n + order.m <= chosen.max_order) options.orders.push_back(order);
      }
      options.scales = {chosen.side};
      options.boundary = dense::Boundary::valid;
      options.method = dense::Method::fft;
      impl.local = std::make_unique<dense::LocalMomentPlan>(family, impl.prepared_rows, impl.prepared_cols, options);
      impl.labels = impl.local->labels();
      for (FeatureLabel& label : impl.labels) label.kind = "mean magnitude";
      break;
    }
  }
}

FeatureExtractor::~FeatureExtractor() = default;
FeatureExtractor::FeatureExtractor(FeatureExtractor&&) noexcept = default;
FeatureExtractor& FeatureExtractor::operator=(FeatureExtractor&&) noexcept = default;

Eigen::MatrixXd FeatureExtractor::extract(std::span<const ImageF> images, const ProgressCallback& progress) const {
  const Impl& impl = *impl_;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].height() != impl.rows || images[i].width() != impl.cols || images[i].channels() != 1) {
      throw InvalidArgument(fmt::format("feature extractor: image {} is {}x{} with {} planes, expected one {}x{} "
                                        "plane; resize the images to one size (for example with a resize side)",
                                        i, images[i].height(), images[i].width(), images[i].channels(), impl.rows,
                                        impl.cols));
    }
  }
  const auto count = static_cast<std::ptrdiff_t>(images.size());
  const auto features = static_cast<Eigen::Index>(impl.labels.size());
  // Row-major storage lets each thread write one contiguous sample.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> result(count, features);
  // Blocks bound the time between progress calls without serialising the work.
  constexpr std::ptrdiff_t block = 256;
  for (std::ptrdiff_t start = 0; start < count; start += block) {
    const std::ptrdiff_t stop = std::min(count, start + block);
    erlangen::detail::ParallelFailure failure;
#pragma omp parallel for schedule(dynamic)
    for (std::ptrdiff_t i = start; i < stop; ++i) {
      failure.run([&] {
        const ImageF prepared = preprocess(images[static_cast<std::size_t>(i)].plane(), impl.config.preprocess);
        impl.features(prepared, result.data() + i * features);
      });
    }
    failure.rethrow();
    if (progress) progress(static_cast<std::size_t>(stop), images.size());
  }
  return result;
}

const ExtractorConfig& FeatureExtractor::config() const { return impl_->config; }
std::ptrdiff_t FeatureExtractor::input_rows() const { return impl_->rows; }
std::ptrdiff_t FeatureExtractor::input_cols() const { return impl_->cols; }
std::size_t FeatureExtractor::feature_count() const { return impl_->labels.size(); }
const std::vector<FeatureLabel>& FeatureExtractor::labels() const { return impl_->labels; }
const HirPlan* FeatureExtractor::hir_plan() const { return impl_->hir.get(); }

}  // namespace erlangen::hierarchy
