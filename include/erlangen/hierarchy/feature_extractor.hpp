// Feature extractors for classification, described by a JSON-serialisable configuration so that
// a model file can rebuild exactly the extractor it was trained with.
//
// Kinds:
//   hir      the hierarchical invariant representation (HirPlan, hierarchy/hir.hpp);
//   pixels   the preprocessed pixels, row-major (a baseline with no invariance);
//   moments  magnitudes |M_nm|, m >= 0, of the global moments of the preprocessed square image
//            (moments/plan.hpp, edge grid): rotation invariant about the image centre, exact
//            under 90-degree rotations and flips for real radial families, not translation
//            invariant;
//   dense    the mean over the valid map of the local-moment magnitudes |M_nm(p, S)| at one
//            window side S, n + m <= K, m >= 0 (dense/local_moments.hpp): exact under 90-degree
//            rotations and flips, translation invariant while the content stays away from the
//            border; it equals the depth-1 paths of a HIR with the mean read-out.
// Every kind first applies the same preprocessing (hierarchy/preprocess.hpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/preprocess.hpp"

namespace erlangen::hierarchy {

enum class ExtractorKind { hir, pixels, moments, dense };

std::string_view to_string(ExtractorKind kind);
// Accepts "hir", "pixels", "moments" and "dense"; throws InvalidArgument listing them.
ExtractorKind parse_extractor_kind(std::string_view text);

// Everything that determines the features of an image.
struct ExtractorConfig {
  ExtractorKind kind = ExtractorKind::hir;
  PreprocessOptions preprocess = {};
  // kind hir. Only the fields that change features are stored: family and its parameters, path
  // options or explicit paths, pooling, read-out, kernels and precision.
  HirOptions hir = {};
  // kinds moments and dense: family name (basis::make_family) and parameters, maximum order K
  // (moments: the family's own maximum order; dense: n + m <= K) and window side S (dense).
  std::string family = "pct";
  basis::FamilyParameters family_parameters = {};
  int max_order = 6;
  int side = 10;
  nlohmann::json to_json() const;
  // Reads what to_json wrote. Throws InvalidArgument naming the field for a missing or invalid
  // entry.
  static ExtractorConfig from_json(const nlohmann::json& value);
};

// The configuration of a named preset (hierarchy/preprocess.hpp) for kind hir, for example the
// digits preset: 40 x 40, sigma 0.5, pad 12, intensity 255, reference paths K = 6 at S = 10,
// reference kernels, mean read-out. For the other kinds the preset's preprocessing, family PCT,
// K and S are kept.
ExtractorConfig preset_config(std::string_view preset_name, ExtractorKind kind = ExtractorKind::hir);

// Called after each block of images with (images done, total); it runs on the calling thread.
using ProgressCallback = std::function<void(std::size_t, std::size_t)>;

// An extractor for inputs of one size, built once (kernels, spectra, plans) and applied to many
// images. extract() is const and thread-safe.
class FeatureExtractor {
 public:
  // Builds the plan for inputs of rows x cols before preprocessing. Throws InvalidArgument for an
  // invalid configuration or an input too small for it.
  FeatureExtractor(ExtractorConfig config, std::ptrdiff_t rows, std::ptrdiff_t cols);
  ~FeatureExtractor();
  FeatureExtractor(FeatureExtractor&&) noexcept;
  FeatureExtractor& operator=(FeatureExtractor&&) noexcept;

  // Features of every image, one row each, in parallel over images (OpenMP). Throws
  // InvalidArgument naming the image index when an image has another size than the extractor.
  Eigen::MatrixXd extract(std::span<const ImageF> images, const ProgressCallback& progress = {}) const;

  const ExtractorConfig& config() const;
  std::ptrdiff_t input_rows() const;
  std::ptrdiff_t input_cols() const;
  std::size_t feature_count() const;
  const std::vector<FeatureLabel>& labels() const;
  // The HIR plan of kind hir, nullptr for the other kinds.
  const HirPlan* hir_plan() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace erlangen::hierarchy
