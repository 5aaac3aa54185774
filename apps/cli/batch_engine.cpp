// Batch feature extraction over sharded manifests (declared in batch_engine.hpp).
#include "batch_engine.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <future>
#include <mutex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "erlangen/hierarchy/preprocess.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/npy.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/io/text_file.hpp"
#include "erlangen/moments/features.hpp"
#include "erlangen/moments/invariants.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::batch {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Reads typed options from a JSON object and remembers which keys were read, so that a key that no
// option reads (a typo) is rejected instead of ignored.
class OptionReader {
 public:
  OptionReader(std::string feature, const nlohmann::json& options) : feature_(std::move(feature)), options_(options) {
    if (!options_.is_null() && !options_.is_object()) {
      throw InvalidArgument(fmt::format("batch {}: options must be a JSON object of name: value, got {}", feature_,
                                        options_.dump()));
    }
  }

  std::string text(const std::string& key, const std::string& fallback) {
    const nlohmann::json* value = find(key);
    if (value == nullptr || value->is_null()) return record(key, fallback);
    if (!value->is_string()) fail(key, *value, "a string");
    return record(key, value->get<std::string>());
  }

  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t low, std::int64_t high) {
    const nlohmann::json* value = find(key);
    std::int64_t result = fallback;
    if (value != nullptr && !value->is_null()) {
      if (value->is_number_integer()) {
        result = value->get<std::int64_t>();
      } else if (value->is_number_float() && std::floor(value->get<double>()) == value->get<double>() &&
                 std::abs(value->get<double>()) < 9e15) {
        result = static_cast<std::int64_t>(value->get<double>());
      } else {
        fail(key, *value, fmt::format("an integer in [{}, {}]", low, high));
      }
    }
    if (result < low || result > high) fail(key, result, fmt::format("an integer in [{}, {}]", low, high));
    return record(key, result);
  }

  double number(const std::string& key, double fallback) {
    const nlohmann::json* value = find(key);
    if (value == nullptr || value->is_null()) return record(key, fallback);
    if (!value->is_number()) fail(key, *value, "a number");
    const double result = value->get<double>();
    if (!std::isfinite(result)) fail(key, result, "a finite number");
    return record(key, result);
  }

  bool boolean(const std::string& key, bool fallback) {
    const nlohmann::json* value = find(key);
    if (value == nullptr || value->is_null()) return record(key, fallback);
    if (!value->is_boolean()) fail(key, *value, "true or false");
    return record(key, value->get<bool>());
  }

  // An integer or a list of integers, each in [low, high].
  std::vector<int> integers(const std::string& key, std::vector<int> fallback, int low, int high) {
    const nlohmann::json* value = find(key);
    std::vector<int> result = std::move(fallback);
    if (value != nullptr && !value->is_null()) {
      const nlohmann::json list = value->is_array() ? *value : nlohmann::json::array({*value});
      result.clear();
      for (const nlohmann::json& item : list) {
        if (!item.is_number_integer()) fail(key, *value, fmt::format("integers in [{}, {}]", low, high));
        const auto entry = item.get<std::int64_t>();
        if (entry < low || entry > high) fail(key, entry, fmt::format("integers in [{}, {}]", low, high));
        result.push_back(static_cast<int>(entry));
      }
      if (result.empty()) fail(key, *value, "at least one integer");
    }
    used_.insert(key);
    resolved_[key] = result;
    return result;
  }

  bool given(const std::string& key) const {
    const nlohmann::json* value = find(key);
    return value != nullptr && !value->is_null();
  }

  // Throws InvalidArgument for keys that no option read.
  void check_all_used() const {
    if (!options_.is_object()) return;
    for (const auto& [key, value] : options_.items()) {
      if (used_.count(key) == 0) {
        std::vector<std::string> known(used_.begin(), used_.end());
        std::string flag = key;
        std::replace(flag.begin(), flag.end(), '_', '-');
        throw InvalidArgument(fmt::format("batch {}: option {} (--{}) is not an option of this feature, expected one "
                                          "of {}; drop it or run 'erlangen batch {} --help'",
                                          feature_, key, flag, fmt::join(known, ", "), feature_));
      }
    }
  }

  const nlohmann::json& resolved() const { return resolved_; }

 private:
  const nlohmann::json* find(const std::string& key) const {
    if (!options_.is_object()) return nullptr;
    const auto it = options_.find(key);
    return it == options_.end() ? nullptr : &*it;
  }

  template <typename Value>
  Value record(const std::string& key, Value value) {
    used_.insert(key);
    resolved_[key] = value;
    return value;
  }

  template <typename Value>
  [[noreturn]] void fail(const std::string& key, const Value& value, std::string_view accepted) const {
    nlohmann::json shown = value;
    throw_invalid_argument(fmt::format("batch {}", feature_), key, shown.dump(), accepted,
                           "pass a value in that range");
  }

  std::string feature_;
  const nlohmann::json& options_;
  std::set<std::string> used_;
  nlohmann::json resolved_ = nlohmann::json::object();
};

// A deterministic test image for the label probe: smooth, positive and without symmetry, so that
// every invariant (the phase-cancelled reference moment too) is defined on it.
ImageF probe_image(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double y = static_cast<double>(i) / static_cast<double>(rows);
      const double x = static_cast<double>(j) / static_cast<double>(cols);
      image(i, j) = static_cast<float>(0.2 + 0.5 * x * x + 0.2 * y + 0.1 * std::sin(7.0 * x * y + 3.0 * x));
    }
  }
  return image;
}

// Cache of plans by image size. Each plan is built once and outside the cache lock, so threads that
// need other sizes go on. Threads that need the same size wait for its build. The returned plan is
// const and thread-safe, and stays alive after the cache drops it.
template <typename Plan>
class PlanCache {
 public:
  template <typename Build>
  std::shared_ptr<const Plan> get(std::ptrdiff_t rows, std::ptrdiff_t cols, Build&& build) const {
    const auto key = std::make_pair(rows, cols);
    std::promise<std::shared_ptr<const Plan>> promise;
    std::shared_future<std::shared_ptr<const Plan>> future;
    bool builder = false;
    {
      std::lock_guard lock(mutex_);
      const auto it = plans_.find(key);
      if (it != plans_.end()) {
        future = it->second;
      } else {
        // Bounded, because a folder of photographs may have hundreds of sizes.
        if (plans_.size() >= kCapacity) plans_.clear();
        future = promise.get_future().share();
        plans_.emplace(key, future);
        builder = true;
      }
    }
    if (builder) {
      try {
        promise.set_value(std::make_shared<const Plan>(build(rows, cols)));
      } catch (...) {
        // A failed build is not cached: the waiting threads get the error, later calls try again.
        promise.set_exception(std::current_exception());
        std::lock_guard lock(mutex_);
        plans_.erase(key);
      }
    }
    return future.get();
  }

 private:
  static constexpr std::size_t kCapacity = 8;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<std::ptrdiff_t, std::ptrdiff_t>, std::shared_future<std::shared_ptr<const Plan>>> plans_;
};

// ---- moments: rotation (and flip) invariants of global moments, or Hu's invariants ----

class MomentsExtractor final : public FeatureExtractor {
 public:
  explicit MomentsExtractor(const nlohmann::json& json) {
    OptionReader reader("moments", json);
    basis::FamilyParameters parameters;
    const std::string family_name = reader.text("family", "zernike");
    parameters.alpha = reader.number("alpha", 1.0);
    parameters.p = reader.number("p", 2.0);
    parameters.q = reader.number("q", 2.0);
    options_.max_order = static_cast<int>(reader.integer("max_order", 20, 0, 100000));
    options_.method = moments::parse_method(reader.text("method", "auto"));
    options_.grid = basis::parse_grid(reader.text("grid", "edge"));
    options_.sampling.integration = basis::parse_integration(reader.text("integration", "midpoint"));
    options_.sampling.nodes = static_cast<int>(reader.integer("nodes", 4, 1, 64));

    const std::string convention = reader.text("convention", "textbook");
    if (convention == "textbook") {
      options_.convention = moments::Convention::textbook;
    } else if (convention == "orthonormal") {
      options_.convention = moments::Convention::orthonormal;
    } else {
      throw_invalid_argument("batch moments", "convention", convention, "textbook or orthonormal",
                             "pass one of those names");
    }

    invariants_ = reader.text("invariants", "magnitude");
    if (invariants_ != "magnitude" && invariants_ != "symmetrised" && invariants_ != "complete" &&
        invariants_ != "hu") {
      throw_invalid_argument("batch moments", "invariants", invariants_, "magnitude, symmetrised, complete or hu",
                             "pass one of those names");
    }
    reference_order_ = static_cast<int>(reader.integer("reference_order", -1, -1, 100000));
    if (invariants_ == "complete" && reference_order_ < 0) {
      throw InvalidArgument(
          "batch moments: invariants 'complete' needs reference_order (--reference-order N), because each image "
          "must be normalised by the same moment M_{N,1}; pass the order N of a repetition-1 moment, for "
          "example 1 for Zernike");
    }
    downsample_ = static_cast<int>(reader.integer("downsample", 1, 1, 4096));

    reader.check_all_used();
    resolved_ = reader.resolved();
    family_ = basis::make_family(family_name, parameters);
    labels_ = probe_labels();
  }

  std::string feature() const override { return "moments"; }
  nlohmann::json options() const override { return resolved_; }
  const std::vector<FeatureLabel>& labels() const override { return labels_; }

  std::vector<double> compute(const ImageF& grey) const override {
    ImageF square = grey.height() == grey.width() ? grey : crop_centre_square(grey.plane());
    if (downsample_ > square.height()) {
      throw_invalid_argument("batch moments", "downsample", downsample_,
                             fmt::format("at most the centre square side {}", square.height()),
                             "pass a smaller factor");
    }
    if (downsample_ > 1) square = box_downsample(square.plane(), downsample_);
    return invariants_of(square).values;
  }

 private:
  LabelledFeatures invariants_of(const ImageF& square) const {
    if (invariants_ == "hu") {
      const ImageD pixels = convert_plane<double, float>(square.plane());
      return moments::hu_moments(pixels.plane());
    }
    const auto plan = plans_.get(square.height(), square.width(), [&](std::ptrdiff_t rows, std::ptrdiff_t cols) {
      return moments::MomentPlan(family_, rows, cols, options_);
    });
    const moments::MomentSet set = plan->apply(square.plane());
    if (invariants_ == "magnitude") return moments::magnitudes(set);
    if (invariants_ == "symmetrised") return moments::symmetrised_magnitudes(set);
    return moments::phase_cancelled(set, reference_order_).features;
  }

  // The labels do not depend on the image; the probe uses the smallest power-of-two side whose
  // accuracy limit admits the order.
  std::vector<FeatureLabel> probe_labels() const {
    std::ptrdiff_t side = 64;
    while (side < 4096 &&
           moments::max_accurate_order(*family_, side, options_.method == moments::Method::polar_fft
                                                           ? moments::Method::polar_fft
                                                           : moments::Method::direct,
                                       options_.grid, options_.polar_oversampling) < options_.max_order) {
      side *= 2;
    }
    return invariants_of(probe_image(side, side)).labels;
  }

  std::shared_ptr<const basis::Family> family_;
  moments::MomentOptions options_;
  std::string invariants_;
  int reference_order_ = -1;
  int downsample_ = 1;
  nlohmann::json resolved_;
  std::vector<FeatureLabel> labels_;
  PlanCache<moments::MomentPlan> plans_;
};

// ---- dense: pooled local moment maps, summarised over the image by spatial statistics ----

enum class Statistic { mean, std, max };

class DenseExtractor final : public FeatureExtractor {
 public:
  explicit DenseExtractor(const nlohmann::json& json) {
    OptionReader reader("dense", json);
    basis::FamilyParameters parameters;
    const std::string family_name = reader.text("family", "pct");
    parameters.alpha = reader.number("alpha", 1.0);
    parameters.p = reader.number("p", 2.0);
    parameters.q = reader.number("q", 2.0);
    family_ = basis::make_family(family_name, parameters);
    const std::string orders = reader.text("orders", "");
    options_.orders = orders.empty() ? dense::default_orders(*family_) : dense::parse_order_set(orders, *family_);
    options_.scales = dense::parse_scales(reader.text("scales", "default"));

    pooling_ = dense::parse_pooling(reader.text("pool", "mean"));
    options_.boundary = dense::parse_boundary(reader.text("boundary", "valid"));
    options_.stride = reader.integer("stride", 1, 1, 4096);
    const std::string sampling = reader.text("sampling", "subpixel");
    if (sampling == "subpixel") {
      options_.sampling = {basis::Integration::midpoint, 4};
    } else if (sampling == "zoa") {
      options_.sampling = {basis::Integration::zoa, 1};
    } else {
      throw_invalid_argument("batch dense", "sampling", sampling, "subpixel or zoa", "pass one of those names");
    }
    options_.geometry = basis::parse_grid(reader.text("geometry", "edge"));
    options_.normalisation = dense::parse_normalisation(reader.text("normalisation", "inside_area"));
    options_.precision = dense::parse_precision(reader.text("precision", "float64"));
    options_.method = dense::parse_method(reader.text("method", "auto"));
    options_.memory_budget = static_cast<std::size_t>(reader.integer("memory_budget", 1024, 1, std::int64_t{1} << 24))
                             << 20;
    parse_statistics(reader.text("spatial", "mean,std"));
    reader.check_all_used();
    resolved_ = reader.resolved();

    const std::ptrdiff_t side = *std::max_element(options_.scales.begin(), options_.scales.end()) + 8;
    const ImageF probe = probe_image(side, side);
    const std::vector<FeatureLabel> channels = plan_for(side, side)->pooled<double>(probe.plane(), pooling_).labels;
    for (const Statistic statistic : statistics_) {
      for (FeatureLabel label : channels) {
        label.kind += std::string(", spatial ") + statistic_name(statistic);
        labels_.push_back(std::move(label));
      }
    }
  }

  std::string feature() const override { return "dense"; }
  nlohmann::json options() const override { return resolved_; }
  const std::vector<FeatureLabel>& labels() const override { return labels_; }

  std::vector<double> compute(const ImageF& grey) const override {
    const auto plan = plan_for(grey.height(), grey.width());
    const dense::LabelledPlanes<double> maps = plan->pooled<double>(grey.plane(), pooling_);
    const std::ptrdiff_t channels = maps.planes.channels();
    const auto pixels = static_cast<std::size_t>(maps.planes.plane_size());
    std::vector<double> values;
    values.reserve(statistics_.size() * static_cast<std::size_t>(channels));
    for (const Statistic statistic : statistics_) {
      for (std::ptrdiff_t channel = 0; channel < channels; ++channel) {
        const std::span<const double> plane =
            maps.planes.values().subspan(static_cast<std::size_t>(channel) * pixels, pixels);
        values.push_back(summarise(plane, statistic));
      }
    }
    return values;
  }

 private:
  static const char* statistic_name(Statistic statistic) {
    switch (statistic) {
      case Statistic::mean: return "mean";
      case Statistic::std: return "std";
      case Statistic::max: return "max";
    }
    return "";
  }

  // Mean and population standard deviation (two passes, so that a large mean does not cancel the
  // spread), or the maximum.
  static double summarise(std::span<const double> plane, Statistic statistic) {
    if (statistic == Statistic::max) return *std::max_element(plane.begin(), plane.end());
    double sum = 0.0;
    for (const double value : plane) sum += value;
    const double mean = sum / static_cast<double>(plane.size());
    if (statistic == Statistic::mean) return mean;
    double squares = 0.0;
    for (const double value : plane) squares += (value - mean) * (value - mean);
    return std::sqrt(squares / static_cast<double>(plane.size()));
  }

  void parse_statistics(const std::string& text) {
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
      Statistic statistic{};
      if (item == "mean") {
        statistic = Statistic::mean;
      } else if (item == "std") {
        statistic = Statistic::std;
      } else if (item == "max") {
        statistic = Statistic::max;
      } else {
        throw_invalid_argument("batch dense", "spatial entry", fmt::format("'{}'", item), "mean, std or max",
                               "pass a comma-separated list such as mean,std");
      }
      if (std::find(statistics_.begin(), statistics_.end(), statistic) != statistics_.end()) {
        throw_invalid_argument("batch dense", "spatial entry", item, "each statistic once", "remove the repeat");
      }
      statistics_.push_back(statistic);
    }
    if (statistics_.empty()) {
      throw_invalid_argument("batch dense", "spatial", fmt::format("'{}'", text), "a list such as mean,std",
                             "pass at least one of mean, std, max");
    }
  }

  std::shared_ptr<const dense::LocalMomentPlan> plan_for(std::ptrdiff_t rows, std::ptrdiff_t cols) const {
    return plans_.get(rows, cols, [&](std::ptrdiff_t r, std::ptrdiff_t c) {
      return dense::LocalMomentPlan(family_, r, c, options_);
    });
  }

  std::shared_ptr<const basis::Family> family_;
  dense::LocalMomentOptions options_;
  dense::Pooling pooling_ = dense::Pooling::mean;
  std::vector<Statistic> statistics_;
  nlohmann::json resolved_;
  std::vector<FeatureLabel> labels_;
  PlanCache<dense::LocalMomentPlan> plans_;
};

// ---- cmfd: a summary of copy-move detection per image ----

class CmfdExtractor final : public FeatureExtractor {
 public:
  explicit CmfdExtractor(const nlohmann::json& json) {
    OptionReader reader("cmfd", json);
    options_.patchmatch.seed = static_cast<std::uint64_t>(
        reader.integer("seed", 0, 0, std::numeric_limits<std::int64_t>::max()));
    options_.features.kind = forensics::parse_cmfd_features(reader.text("features", "dir"));
    options_.matcher = forensics::parse_matcher(reader.text("matcher", "patchmatch"));
    options_.features.scale_handling = forensics::parse_scale_handling(reader.text("scale_handling", "pooling"));
    options_.patchmatch.iterations = static_cast<int>(reader.integer("iterations", 8, 0, 1000));
    options_.patchmatch.exact_init_stride = static_cast<int>(
        reader.integer("exact_init_stride", options_.patchmatch.exact_init_stride, 0, 64));
    options_.enlarge_to = reader.integer("enlarge_to", 0, 0, 100000);
    options_.postprocess.min_region = reader.integer("min_region", 1200, 0, std::numeric_limits<std::int64_t>::max());
    options_.features.memory_budget =
        static_cast<std::size_t>(reader.integer("memory_budget", 256, 1, std::int64_t{1} << 24)) << 20;
    reader.check_all_used();
    resolved_ = reader.resolved();
    const char* kinds[] = {"detected", "forged-fraction", "regions", "pairs", "largest-region-fraction",
                           "best-pair-score", "best-pair-matches"};
    for (const char* kind : kinds) labels_.push_back({"CMFD", 0, 0, 0.0, kind, ""});
  }

  std::string feature() const override { return "cmfd"; }
  nlohmann::json options() const override { return resolved_; }
  const std::vector<FeatureLabel>& labels() const override { return labels_; }

  std::vector<double> compute(const ImageF& grey) const override {
    const forensics::CmfdResult result = forensics::detect_copy_move(grey.plane(), options_);
    const auto pixels = static_cast<double>(grey.height() * grey.width());
    std::ptrdiff_t forged = 0;
    for (const std::uint8_t value : result.mask.values()) forged += value != 0 ? 1 : 0;
    std::ptrdiff_t largest = 0;
    for (const forensics::MaskRegion& region : result.regions) largest = std::max(largest, region.area);
    double best_score = 0.0;
    std::ptrdiff_t best_matches = 0;
    for (const forensics::RegionPair& pair : result.pairs) {
      if (pair.score > best_score || (pair.score == best_score && pair.matches > best_matches)) {
        best_score = pair.score;
        best_matches = pair.matches;
      }
    }
    return {result.detected ? 1.0 : 0.0,
            static_cast<double>(forged) / pixels,
            static_cast<double>(result.regions.size()),
            static_cast<double>(result.pairs.size()),
            static_cast<double>(largest) / pixels,
            best_score,
            static_cast<double>(best_matches)};
  }

 private:
  forensics::CmfdOptions options_;
  nlohmann::json resolved_;
  std::vector<FeatureLabel> labels_;
};

// ---- hir: hierarchical invariant representation, one value per path (or per band) ----

}  // namespace

HirConfiguration parse_hir_options(const nlohmann::json& json) {
  OptionReader reader("hir", json);
  HirConfiguration configuration;
  // A preset sets the preprocessing and the extractor of a published experiment; options given
  // explicitly override it, as in `erlangen hir extract`.
  const std::string preset_name = reader.text("preset", "");
  if (!preset_name.empty()) {
    const hierarchy::Preset chosen = hierarchy::preset(preset_name);
    configuration.preprocess = chosen.preprocess;
    configuration.options.path_options = chosen.paths;
    configuration.options.readout = chosen.readout;
    configuration.options.kernels =
        chosen.reference_kernels ? hierarchy::KernelMode::reference : hierarchy::KernelMode::subpixel;
    configuration.options.precision = hierarchy::HirPrecision::float32;
    configuration.options.orbit_rotations = chosen.orbit_rotations;
  }
  const bool plain = preset_name.empty();
  configuration.options.family = reader.text("family", "pct");
  configuration.options.family_parameters.alpha = reader.number("alpha", 1.0);
  configuration.options.family_parameters.p = reader.number("p", 2.0);
  configuration.options.family_parameters.q = reader.number("q", 2.0);

  hierarchy::PathOptions& paths = configuration.options.path_options;
  if (plain || reader.given("paths")) paths.rule = hierarchy::parse_path_rule(reader.text("paths", "tree"));
  if (plain || reader.given("max_order")) {
    paths.max_total_order = static_cast<int>(reader.integer("max_order", 6, 0, hierarchy::kMaxTotalOrder));
  }
  if (plain || reader.given("depth")) {
    paths.max_depth = static_cast<int>(reader.integer("depth", 2, 1, hierarchy::kMaxDepth));
  }
  if (plain || reader.given("side")) {
    paths.sides = reader.integers("side", {10}, hierarchy::kMinSide, hierarchy::kMaxSide);
  }
  const std::string path_list = reader.text("path_list", "");
  if (!path_list.empty()) configuration.options.paths = hierarchy::parse_paths(path_list, paths.sides.front());
  if (plain || reader.given("kernels")) {
    configuration.options.kernels = hierarchy::parse_kernel_mode(reader.text("kernels", "subpixel"));
  }
  if (plain || reader.given("precision")) {
    const std::string precision = reader.text("precision", "float32");
    if (precision != "float32" && precision != "float64") {
      throw_invalid_argument("batch hir", "precision", precision, "float32 or float64", "pass one of those names");
    }
    configuration.options.precision =
        precision == "float64" ? hierarchy::HirPrecision::float64 : hierarchy::HirPrecision::float32;
  }

  hierarchy::ReadoutOptions& readout = configuration.options.readout;
  if (plain || reader.given("readout")) readout.kind = hierarchy::parse_readout(reader.text("readout", "mean"));
  if (plain || reader.given("bands")) readout.bands = static_cast<int>(reader.integer("bands", 30, 1, 1000));
  if (reader.boolean("reference_bands", false)) readout.reference_bands = true;
  readout.moment_family = reader.text("moment_family", "pct");
  readout.moment_order = static_cast<int>(reader.integer("moment_order", 3, 0, hierarchy::kMaxTotalOrder));
  configuration.options.pooling.kind = hierarchy::parse_pooling_kind(reader.text("pool", "none"));
  configuration.options.pooling.window = static_cast<int>(reader.integer("pool_window", 2, 1, 64));
  configuration.options.pooling.stride = static_cast<int>(reader.integer("pool_stride", 2, 1, 64));
  if (plain || reader.given("orbit_rotations")) {
    configuration.options.orbit_rotations =
        static_cast<int>(reader.integer("orbit_rotations", 1, 1, hierarchy::kMaxOrbitRotations));
  }

  if (reader.given("resize")) configuration.preprocess.resize_side = reader.integer("resize", 0, 0, 65536);
  if (plain || reader.given("interpolation")) {
    configuration.preprocess.interpolation = parse_interpolation(reader.text("interpolation", "bicubic"));
  }
  if (reader.given("sigma")) {
    configuration.preprocess.sigma = reader.number("sigma", 0.0);
    // Checked here, because preprocess() would reject it for every image instead of once.
    if (configuration.preprocess.sigma < 0.0 || configuration.preprocess.sigma > 100.0) {
      throw_invalid_argument("batch hir", "sigma", configuration.preprocess.sigma, "a number in [0, 100] pixels",
                             "pass 0 for no blur");
    }
  }
  if (reader.given("pad")) configuration.preprocess.pad = reader.integer("pad", 0, 0, 65536);
  if (reader.given("intensity_scale")) {
    configuration.preprocess.intensity_scale = reader.number("intensity_scale", 1.0);
  }

  reader.check_all_used();
  configuration.resolved = reader.resolved();
  // A preset's orbit average is not read from the options, so record the value in effect: it
  // changes every feature and belongs in the shard marker.
  configuration.resolved["orbit_rotations"] = configuration.options.orbit_rotations;
  const hierarchy::PreprocessOptions& preprocess = configuration.preprocess;
  configuration.resolved["preprocess"] = {{"resize", preprocess.resize_side},
                                          {"sigma", preprocess.sigma},
                                          {"pad", preprocess.pad},
                                          {"intensity_scale", preprocess.intensity_scale}};
  return configuration;
}

namespace {

class HirExtractor final : public FeatureExtractor {
 public:
  explicit HirExtractor(const nlohmann::json& json) {
    HirConfiguration configuration = parse_hir_options(json);
    options_ = std::move(configuration.options);
    preprocess_ = configuration.preprocess;
    resolved_ = std::move(configuration.resolved);
    labels_ = probe_labels();
  }

  std::string feature() const override { return "hir"; }
  nlohmann::json options() const override { return resolved_; }
  const std::vector<FeatureLabel>& labels() const override { return labels_; }

  std::vector<double> compute(const ImageF& grey) const override {
    const ImageF prepared = hierarchy::preprocess(grey.plane(), preprocess_);
    return plan_for(prepared.height(), prepared.width())->apply(prepared.plane()).values;
  }

 private:
  std::shared_ptr<const hierarchy::HirPlan> plan_for(std::ptrdiff_t rows, std::ptrdiff_t cols) const {
    return plans_.get(rows, cols, [&](std::ptrdiff_t r, std::ptrdiff_t c) { return hierarchy::HirPlan(r, c, options_); });
  }

  // The labels do not depend on the image size. Without a resize, the probe grows until the
  // deepest path fits; the error of the largest probe explains an impossible configuration.
  std::vector<FeatureLabel> probe_labels() const {
    if (preprocess_.resize_side > 0) {
      const std::ptrdiff_t side = hierarchy::preprocessed_rows(preprocess_, 1);
      return plan_for(side, side)->labels();
    }
    for (std::ptrdiff_t side = 32;; side *= 2) {
      const std::ptrdiff_t padded = hierarchy::preprocessed_rows(preprocess_, side);
      try {
        return plan_for(padded, padded)->labels();
      } catch (const InvalidArgument&) {
        if (side >= 2048) throw;
      }
    }
  }

  hierarchy::HirOptions options_;
  hierarchy::PreprocessOptions preprocess_;
  nlohmann::json resolved_;
  std::vector<FeatureLabel> labels_;
  PlanCache<hierarchy::HirPlan> plans_;
};

std::string error_type(const std::exception& error) {
  if (dynamic_cast<const InvalidArgument*>(&error) != nullptr) return "InvalidArgument";
  if (dynamic_cast<const IoError*>(&error) != nullptr) return "IoError";
  if (dynamic_cast<const LimitExceeded*>(&error) != nullptr) return "LimitExceeded";
  if (dynamic_cast<const Error*>(&error) != nullptr) return "Error";
  if (dynamic_cast<const std::bad_alloc*>(&error) != nullptr) return "MemoryError";
  return "Exception";
}

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

nlohmann::json record_json(std::size_t row, const ImageRecord& record) {
  nlohmann::json line = {{"row", row}, {"index", record.index}, {"path", record.path},
                         {"status", record.ok ? "ok" : "error"}};
  if (!record.ok) {
    line["error"] = record.error;
    line["error_type"] = record.error_type;
  }
  return line;
}

std::string dump_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// True when the marker describes a complete shard of the same configuration; throws when it
// describes a complete shard of another configuration. Stores the counts of a complete shard.
bool shard_is_complete(const std::filesystem::path& marker, const nlohmann::json& expected,
                       const std::filesystem::path& npy, const std::filesystem::path& jsonl, ShardResult& result) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(marker, error)) return false;
  std::string text;
  try {
    text = io::read_whole_file(marker, io::kDefaultMaxInputBytes, "batch: shard marker",
                               "delete the shard's files and run again");
  } catch (const Error&) {
    return false;  // unreadable marker: compute again and replace it
  }
  const ShardMarker recorded = check_shard_marker(text, expected, marker.string());
  if (!recorded.complete) return false;
  if (!std::filesystem::is_regular_file(npy, error) || !std::filesystem::is_regular_file(jsonl, error)) return false;
  result.rows = recorded.rows;
  result.failed = recorded.failed;
  return true;
}

}  // namespace

std::vector<std::string> feature_names() { return {"cmfd", "dense", "hir", "moments"}; }

std::unique_ptr<FeatureExtractor> make_extractor(std::string_view feature, const nlohmann::json& options) {
  if (feature == "moments") return std::make_unique<MomentsExtractor>(options);
  if (feature == "dense") return std::make_unique<DenseExtractor>(options);
  if (feature == "cmfd") return std::make_unique<CmfdExtractor>(options);
  if (feature == "hir") return std::make_unique<HirExtractor>(options);
  throw InvalidArgument(fmt::format("batch: feature '{}' is unknown, expected one of {}", feature,
                                    fmt::join(feature_names(), ", ")));
}

ShardSpec parse_shard(std::string_view text) {
  const std::string shown(text);
  const std::size_t slash = text.find('/');
  auto parse_int = [&](std::string_view part, long long& value) {
    if (part.empty() || part.size() > 9) return false;
    value = 0;
    for (const char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    return true;
  };
  long long index = 0;
  long long count = 0;
  if (slash == std::string_view::npos || !parse_int(text.substr(0, slash), index) ||
      !parse_int(text.substr(slash + 1), count) || count < 1 || count > 100000 || index >= count) {
    throw_invalid_argument("batch", "--shard", fmt::format("'{}'", shown),
                           "i/N with N in [1, 100000] and i in [0, N - 1]",
                           "pass for example 0/4 for the first of four shards");
  }
  return {static_cast<int>(index), static_cast<int>(count)};
}

Manifest read_manifest(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::error_code error;
  if (!std::filesystem::exists(path, error) || std::filesystem::is_directory(path, error) ||
      ::access(path.c_str(), R_OK) != 0) {
    throw IoError(fmt::format("batch: manifest {}: cannot be read (missing, a folder or no permission); pass a text "
                              "file with one image path per line",
                              path.string()));
  }
  const std::string bytes = io::read_whole_file(path, max_bytes, "batch: manifest",
                                                "raise it with --max-input-bytes N (before or after the subcommand name)");
  Manifest manifest;
  manifest.file = path;
  // FNV-1a, 64 bit: enough to notice a manifest edited between runs; not a cryptographic hash.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  manifest.hash = hash;

  const std::filesystem::path base = path.parent_path();
  std::stringstream lines(bytes);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t last = line.find_last_not_of(" \t");
    const std::filesystem::path entry = line.substr(first, last - first + 1);
    manifest.entries.push_back(entry.is_absolute() || base.empty() ? entry : base / entry);
  }
  if (manifest.entries.empty()) {
    throw InvalidArgument(fmt::format("batch: manifest {} lists no image; put one image path per line",
                                      path.string()));
  }
  return manifest;
}

ShardMarker check_shard_marker(std::string_view text, const nlohmann::json& expected, std::string_view source) {
  ShardMarker marker;
  const nlohmann::json recorded = nlohmann::json::parse(text, nullptr, false);
  if (recorded.is_discarded() || !recorded.is_object()) return marker;
  for (const char* key : {"feature", "options", "shards", "manifest_hash"}) {
    const auto it = recorded.find(key);
    const nlohmann::json* expected_value = nullptr;
    if (expected.is_object() && expected.contains(key)) expected_value = &expected.at(key);
    if (it == recorded.end() || expected_value == nullptr || *it != *expected_value) {
      throw InvalidArgument(fmt::format(
          "batch: {} records a complete shard with {} {}, but this run has {}; pass another --out folder "
          "or delete the shard-* files there",
          source, key, it == recorded.end() ? "(missing)" : it->dump(),
          expected_value == nullptr ? "(missing)" : expected_value->dump()));
    }
  }
  // The counts are only reported; a marker without valid counts is treated as unreadable.
  for (const char* key : {"rows", "failed"}) {
    const auto it = recorded.find(key);
    if (it == recorded.end() || !it->is_number_unsigned()) return marker;
  }
  marker.rows = recorded["rows"].get<std::size_t>();
  marker.failed = recorded["failed"].get<std::size_t>();
  if (marker.failed > marker.rows) return ShardMarker{};
  marker.complete = true;
  return marker;
}

std::vector<std::size_t> shard_entries(std::size_t entry_count, ShardSpec shard) {
  std::vector<std::size_t> indices;
  for (std::size_t k = static_cast<std::size_t>(shard.index); k < entry_count;
       k += static_cast<std::size_t>(shard.count)) {
    indices.push_back(k);
  }
  return indices;
}

std::string shard_stem(ShardSpec shard) { return fmt::format("shard-{:05d}-of-{:05d}", shard.index, shard.count); }

nlohmann::json labels_json(const std::vector<FeatureLabel>& labels) {
  nlohmann::json list = nlohmann::json::array();
  for (const FeatureLabel& label : labels) {
    list.push_back({{"family", label.family}, {"n", label.n},       {"m", label.m},
                    {"scale", label.scale},   {"kind", label.kind}, {"path", label.path},
                    {"label", label.text()}});
  }
  return list;
}

FeatureTable compute_table(const FeatureExtractor& extractor, const std::vector<std::filesystem::path>& paths,
                           const std::vector<std::size_t>& indices, ReadLimits limits, const Progress& progress) {
  if (paths.size() != indices.size()) {
    throw InvalidArgument(fmt::format("batch: {} paths but {} indices; pass one index per path", paths.size(),
                                      indices.size()));
  }
  FeatureTable table;
  table.labels = extractor.labels();
  const std::size_t columns = table.labels.size();
  const std::size_t rows = paths.size();
  table.values.assign(rows * columns, kNaN);
  table.records.resize(rows);

  std::mutex progress_mutex;
  std::size_t done = 0;
  const auto count = static_cast<std::ptrdiff_t>(rows);
#if defined(ERLANGEN_HAVE_OPENMP)
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (std::ptrdiff_t row = 0; row < count; ++row) {
    const auto r = static_cast<std::size_t>(row);
    ImageRecord& record = table.records[r];
    record.index = indices[r];
    record.path = paths[r].string();
    try {
      io::ReadOptions read_options;
      read_options.max_pixels = limits.max_pixels;
      read_options.max_file_bytes = limits.max_file_bytes;
      const ImageF grey = io::to_luma(io::read_image(paths[r], read_options).image);
      const std::vector<double> values = extractor.compute(grey);
      if (values.size() != columns) {
        throw Error(fmt::format("batch: {} values for {} labels", values.size(), columns));
      }
      std::copy(values.begin(), values.end(), table.values.begin() + static_cast<std::ptrdiff_t>(r * columns));
      record.ok = true;
    } catch (const std::exception& error) {
      record.ok = false;
      record.error = error.what();
      record.error_type = error_type(error);
    }
    if (progress) {
      std::lock_guard lock(progress_mutex);
      progress(++done, rows);
    }
  }
  return table;
}

ShardResult run_shard(const FeatureExtractor& extractor, const Manifest& manifest, ShardSpec shard,
                      const std::filesystem::path& output_folder, ReadLimits limits, const Progress& progress) {
  std::error_code error;
  std::filesystem::create_directories(output_folder, error);
  if (!std::filesystem::is_directory(output_folder)) {
    throw IoError(fmt::format("batch: --out {}: cannot create the folder ({}); pass a writable folder",
                              output_folder.string(), error ? error.message() : "a file of that name exists"));
  }
  const std::string stem = shard_stem(shard);
  ShardResult result;
  result.npy = output_folder / (stem + ".npy");
  result.jsonl = output_folder / (stem + ".jsonl");
  result.marker = output_folder / (stem + ".json");

  nlohmann::json marker = {{"feature", extractor.feature()},
                           {"options", extractor.options()},
                           {"shard", shard.index},
                           {"shards", shard.count},
                           {"manifest", manifest.file.string()},
                           {"manifest_hash", hex64(manifest.hash)},
                           {"manifest_entries", manifest.entries.size()}};
  if (shard_is_complete(result.marker, marker, result.npy, result.jsonl, result)) {
    result.skipped = true;
    return result;
  }
  // A marker of an interrupted or unreadable run goes first, so that the folder never shows a
  // complete shard next to files of another run. Temporary files that a killed run left behind
  // (AtomicFile removes its own unless the process dies) go too.
  std::filesystem::remove(result.marker, error);
  for (const auto& entry : std::filesystem::directory_iterator(output_folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem + ".", 0) == 0 && name.find(".tmp-") != std::string::npos) {
      std::filesystem::remove(entry.path(), error);
    }
  }

  const std::vector<std::size_t> indices = shard_entries(manifest.entries.size(), shard);
  std::vector<std::filesystem::path> paths;
  paths.reserve(indices.size());
  for (const std::size_t k : indices) paths.push_back(manifest.entries[k]);
  const FeatureTable table = compute_table(extractor, paths, indices, limits, progress);

  // The values and the log count only with the marker, so a failure or an interruption before
  // the marker is written removes them (the shard is then computed again on the next run).
  io::OutputSet shard_files("batch");
  const std::vector<std::size_t> shape = {indices.size(), table.labels.size()};
  io::write_npy(result.npy, table.values.data(), io::NpyType::float64, shape);
  shard_files.add_file(result.npy);
  std::string log;
  for (std::size_t row = 0; row < table.records.size(); ++row) {
    log += dump_line(record_json(row, table.records[row])) + "\n";
    if (!table.records[row].ok) {
      ++result.failed;
      result.failures.push_back(table.records[row]);
    }
  }
  io::write_text(result.jsonl, log);
  shard_files.add_file(result.jsonl);
  result.rows = indices.size();
  marker["rows"] = result.rows;
  marker["columns"] = table.labels.size();
  marker["failed"] = result.failed;
  marker["dtype"] = "float64";
  marker["files"] = {{"npy", result.npy.filename().string()}, {"jsonl", result.jsonl.filename().string()}};
  marker["labels"] = labels_json(table.labels);
  io::write_text(result.marker, marker.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  shard_files.keep();
  return result;
}

}  // namespace erlangen::batch
