// JSON manifest of a HirPlan: which path (and band or global moment) each feature comes from.
#include <nlohmann/json.hpp>

#include "erlangen/hierarchy/hir.hpp"

namespace erlangen::hierarchy {

std::string manifest_json(const HirPlan& plan) {
  const HirOptions& options = plan.options();
  // Path texts as in the feature labels, which add the sides when the paths use more than one.
  std::vector<std::string> texts(plan.paths().size());
  for (std::size_t k = 0; k < plan.labels().size(); ++k) texts[plan.feature_info()[k].path_index] = plan.labels()[k].path;
  nlohmann::json paths = nlohmann::json::array();
  for (std::size_t index = 0; index < plan.paths().size(); ++index) {
    const Path& path = plan.paths()[index];
    nlohmann::json filters = nlohmann::json::array();
    for (const Filter& filter : path) filters.push_back({{"n", filter.n}, {"m", filter.m}, {"side", filter.side}});
    paths.push_back({{"path", texts[index]}, {"depth", path.size()}, {"filters", filters}});
  }

  nlohmann::json features = nlohmann::json::array();
  const auto& labels = plan.labels();
  const auto& info = plan.feature_info();
  for (std::size_t k = 0; k < labels.size(); ++k) {
    nlohmann::json entry = {{"index", k},
                            {"path_index", info[k].path_index},
                            {"path", labels[k].path},
                            {"depth", plan.paths()[info[k].path_index].size()},
                            {"kind", labels[k].kind}};
    if (options.readout.kind == ReadoutKind::dct_rings) entry["band"] = info[k].band;
    if (options.readout.kind == ReadoutKind::moments) {
      entry["moment"] = {{"n", info[k].moment_n}, {"m", info[k].moment_m}};
    }
    features.push_back(std::move(entry));
  }

  nlohmann::json pooling = {{"kind", to_string(options.pooling.kind)}};
  if (options.pooling.kind != PoolingKind::none) {
    pooling["window"] = options.pooling.window;
    pooling["stride"] = options.pooling.stride;
  }
  nlohmann::json readout = {{"kind", to_string(options.readout.kind)}};
  if (options.readout.kind == ReadoutKind::dct_rings) {
    readout["bands"] = options.readout.bands;
    readout["variant"] = options.readout.reference_bands ? "reference" : "default";
  }
  if (options.readout.kind == ReadoutKind::moments) {
    readout["family"] = options.readout.moment_family;
    readout["max_total_order"] = options.readout.moment_order;
  }
  nlohmann::json manifest = {
      {"representation", "hierarchical invariant representation"},
      {"input_rows", plan.rows()},
      {"input_cols", plan.cols()},
      {"family", plan.family().abbreviation()},
      {"family_parameters", plan.family().parameter_text()},
      {"kernels", to_string(options.kernels)},
      {"precision", options.precision == HirPrecision::float32 ? "float32" : "float64"},
      {"pooling", pooling},
      {"readout", readout},
      {"path_count", plan.paths().size()},
      {"feature_count", plan.feature_count()},
      {"paths", paths},
      {"features", features},
  };
  if (options.orbit_rotations != 1) manifest["orbit_rotations"] = options.orbit_rotations;
  return manifest.dump(2) + "\n";
}

}  // namespace erlangen::hierarchy
