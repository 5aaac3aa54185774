// The hierarchical invariant representation (HIR) extractor: a training-free cascade of
// local-moment layers evaluated along paths, then an invariant read-out per path.
//
// For a path ((n_1, m_1, S_1), ..., (n_d, m_d, S_d)) and a grey image f:
//   U_0 = f,   U_l = S(C_{n_l m_l}^{S_l}(P(U_{l-1}))),   Phi_p(f) = I(U_d)
// where C is the valid correlation with the local-moment kernel of side S_l (dense/local_moments.hpp,
// one order at one scale), S the complex modulus, P an optional average or max pooling (identity by
// default) and I a read-out (hierarchy/readout.hpp). Source: Qi, Zhang, Wang, Xia, Cao, Weng,
// "Hierarchical Invariance for Robust and Interpretable Vision Tasks at Larger Scales", arXiv
// 2402.15430 (ICCV 2025 as "Transparent Vision: A Theory of Hierarchical Invariant Representations").
// Map side after d layers without pooling: N - d (S - 1).
//
// The paths form a prefix tree: every node's map is computed once, and all children of a node are
// computed from ONE forward FFT of its map with kernel spectra cached in the plan. Shared prefixes
// are never recomputed.
//
// Invariance (continuous domain: every S o C block is translation, rotation and flip equivariant;
// on the pixel grid with symmetric kernel sampling):
//   - exact up to rounding, for the mean read-out: rotations by 90, 180 and 270 degrees, both flips
//     and the transpose of a square image, for real radial families. PCET-like families map (n, m)
//     to (n, -m) under flips. Also exact: integer translations of content that stays inside the
//     frame with every intermediate response, which needs a zero border of d (S - 1) pixels plus the shift;
//   - exact: positive homogeneity, feature(a f) = a feature(f) for a > 0, for every read-out;
//   - approximate: other rotation angles (interpolation and the jagged discrete disk);
//   - covariance only: scale (the kernel side shifts);
//   - with pooling of stride s: translation only for multiples of s; rotations and flips only when
//     the pooling grid is symmetric, that is when (h - window) is a multiple of the stride.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "erlangen/hierarchy/preprocess.hpp"
#include "erlangen/hierarchy/readout.hpp"

namespace erlangen::hierarchy {

enum class PoolingKind { none, average, max };

// Layer P, applied to every map before it enters a C layer (the input image too).
struct PoolingOptions {
  PoolingKind kind = PoolingKind::none;
  int window = 2;  // side in pixels, 1 to 64
  int stride = 2;  // 1 to window; the pooled side is floor((h - window) / stride) + 1
};

enum class KernelMode {
  subpixel,   // edge geometry, 4 x 4 midpoint sub-pixel averaging, inside_area normalisation (default)
  reference,  // centre geometry, ZOA, reference_outside normalisation, odd sides decremented (released code)
};

enum class HirPrecision { float32, float64 };

// Largest HirOptions::orbit_rotations.
inline constexpr int kMaxOrbitRotations = 16;

struct HirOptions {
  std::string family = "pct";
  basis::FamilyParameters family_parameters = {};
  // Used when `paths` is empty.
  PathOptions path_options = {};
  // An explicit path list; overrides path_options when not empty.
  std::vector<Path> paths;
  PoolingOptions pooling = {};
  ReadoutOptions readout = {};
  KernelMode kernels = KernelMode::subpixel;
  // Arithmetic of the FFTs and maps. The reference computes the spectral product in single
  // precision, which changes features by about 1e-7 relative.
  HirPrecision precision = HirPrecision::float32;
  // Parallelise one apply() over the subtrees of the root with OpenMP. Switched off inside a
  // parallel region (extract_batch is parallel over images).
  bool parallel = true;
  // Orbit averaging: apply() returns the mean of the features of the image and of its copies
  // rotated about the image centre by k * 90 / orbit_rotations degrees, k = 1 .. orbit_rotations - 1
  // (bicubic, zero fill), at orbit_rotations times the cost. 1 (default) turns it off; accepted
  // 1 to 16. The sampled kernels make the features of a rotated image vary with the angle with a
  // period of 90 degrees, and the average cancels the harmonics of that variation below order
  // 4 * orbit_rotations. The angle set is closed under negation modulo 90 degrees, so the average
  // stays invariant (to rounding) under 90-degree rotations and flips of a square image. NOTE:
  // the rotated copies cut content outside the disk inscribed in the image, and they smooth it
  // by one bicubic interpolation, so keep a zero border wide enough for the content to stay
  // inside that disk. path_map() ignores this option.
  int orbit_rotations = 1;
};

// Options of the released experiments: reference paths, reference kernels, single precision,
// mean or reference dct_rings read-out, for K and side S (odd S is decremented).
HirOptions reference_hir_options(int max_total_order = 6, int side = 10,
                                 ReadoutKind readout = ReadoutKind::mean);

// One extracted feature's description, for manifests.
struct FeatureInfo {
  std::size_t path_index = 0;  // position in HirPlan::paths()
  int band = 0;                // 1-based dct_rings band; 0 for other read-outs
  int moment_n = 0;            // moments read-out: global order pair; 0 otherwise
  int moment_m = 0;
};

// A feature extractor for one input size, built once and applied to many images.
// apply() and every other member are const and thread-safe.
class HirPlan {
 public:
  // Builds the paths, samples every kernel and caches its spectra at every FFT size used.
  // Throws InvalidArgument for an unknown family, an order pair that the family does not
  // contain, K, D or S out of range, or an empty path list. It also throws InvalidArgument for an
  // image smaller than the receptive field of the deepest path and for a read-out that cannot take
  // the final map size. Throws LimitExceeded when the path set is larger than kMaxPaths.
  HirPlan(std::ptrdiff_t rows, std::ptrdiff_t cols, HirOptions options = {});
  ~HirPlan();
  HirPlan(HirPlan&&) noexcept;
  HirPlan& operator=(HirPlan&&) noexcept;

  // Features of one image of the plan's size, in path order (dct_rings: path-major, band-minor).
  // Throws InvalidArgument for another size or a non-finite pixel.
  LabelledFeatures apply(ImageView<const float> image) const;
  // The same into a caller buffer of feature_count() values (no labels).
  void apply(ImageView<const float> image, std::span<double> features) const;

  // Final map U_d of path `index` (for tests and figures), (rows x cols) of that path.
  ImageD path_map(ImageView<const float> image, std::size_t index) const;

  std::ptrdiff_t rows() const;
  std::ptrdiff_t cols() const;
  const HirOptions& options() const;  // paths resolved, sides decremented in reference mode
  const std::vector<Path>& paths() const;
  const basis::Family& family() const;
  std::size_t feature_count() const;
  const std::vector<FeatureLabel>& labels() const;
  const std::vector<FeatureInfo>& feature_info() const;
  // Number of computed maps (prefix-tree nodes) and forward FFTs per image.
  std::size_t node_count() const;
  std::size_t forward_fft_count() const;
  // Bytes of cached kernel spectra.
  std::size_t spectrum_bytes() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Features of many images: each is preprocessed with `preprocess` and must then have the plan's
// size. Rows of `values` follow the order of `images`. Parallel over images with OpenMP; one
// apply() then runs on one thread.
struct FeatureMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;  // rows x cols, row-major
  std::vector<FeatureLabel> labels;
};
FeatureMatrix extract_batch(const HirPlan& plan, std::span<const ImageView<const float>> images,
                            const PreprocessOptions& preprocess = {});

// Manifest of a plan as JSON text: the options, the path list and one entry per feature with its
// index, path text, depth, filters (n, m, S), read-out and band or global moment.
std::string manifest_json(const HirPlan& plan);

std::string_view to_string(PoolingKind kind);
PoolingKind parse_pooling_kind(std::string_view text);  // none, average (also avg, mean), max
std::string_view to_string(KernelMode mode);
KernelMode parse_kernel_mode(std::string_view text);    // subpixel, reference

}  // namespace erlangen::hierarchy
