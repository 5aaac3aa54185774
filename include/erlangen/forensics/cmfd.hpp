// Copy-move forgery detection (CMFD) with dense rotation-invariant features.
//
// The pipeline is that of Cozzolino, Poggi and Verdoliva, "Efficient Dense-Field Copy-Move Forgery
// Detection", IEEE TIFS 10(11), 2015, with their single-scale feature replaced by the multi-scale,
// scale-pooled dense invariant representation of Qi, Zhang, Wang, Zhou and Cao ("A Principled
// Design of Image Representation: Towards Forensic Tasks", IEEE TPAMI 2023):
//
//   1. features at every pixel (CmfdFeatureKind), globally min-max normalised to [0, 1];
//   2. a nearest-neighbour field with offsets of at least 8 px (PatchMatch, started from exact
//      kd-tree matches on a grid, or an exact kd-tree search at every pixel);
//   3. post-processing (forensics/cmfd_postprocess.hpp): median filter of the offsets, dense linear
//      fitting, minimum offset 50 px, minimum region 1200 px, dual mask, dilation;
//   4. our additions: affine-guided re-matching (CmfdRematchOptions) and boundary refinement
//      through a photometrically refined affine map (CmfdRefineOptions);
//   5. the mask of source and copy, and the region pairs with their estimated affine transforms;
//      regions without a partner are dropped (CmfdOptions::require_pair).
//
// What holds: plain copies and copies rotated by any angle are matched by the default features,
// because PCT magnitudes are rotation invariant (exactly for multiples of 90 degrees, up to
// interpolation and grid effects otherwise). Scaling is handled approximately by pooling over the
// window sizes 8..32 (or by a search over scale shifts). What does not hold: flips are matched only
// because |M_nm| is flip invariant for the real-radial PCT; copies with strong contrast changes
// (gain or offset) are not matched, because the features are linear in the image; regions smaller
// than the minimum region (1200 px by default) are removed.
//
// The pixel parameters (T_S = 1200 px, offsets >= 50 px, radii 4, 6 and 10) were chosen by
// Cozzolino et al. for images whose longer side is about 2000 px. CmfdOptions::enlarge_to
// reproduces their enlargement step.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/cmfd_postprocess.hpp"
#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {

// Feature set that the matcher compares.
enum class CmfdFeatureKind {
  // PCT magnitudes, orders NM10 (n + m <= 3), windows 8, 10, ..., 32 (10 scales), edge geometry,
  // 4 x 4 sub-pixel sampling, mean over scales (default).
  dir,
  // Zernike magnitudes of order <= 5 with m >= 0 (12 pairs), one 16 px window, one sample per
  // pixel: the ZM-cart feature of Cozzolino et al.
  zernike,
  // Raw grey values of a square patch (CmfdFeatureOptions::patch_size), not rotation invariant.
  patch,
};

// Scale handling of the dir features.
enum class ScaleHandling {
  pooling,  // mean over the 10 scales per order pair (one 10-value vector per pixel)
  search,   // keep the 10 scales (100 values per pixel) and match over scale shifts
};

enum class MatcherKind { patchmatch, kdtree };

struct CmfdFeatureOptions {
  CmfdFeatureKind kind = CmfdFeatureKind::dir;
  ScaleHandling scale_handling = ScaleHandling::pooling;
  // Side of the raw patch feature in pixels, in [2, 32].
  int patch_size = 8;
  // Window sides of the dir features in pixels, each in [4, 64]; empty means the 10 defaults
  // 8, 10, ..., 32 (dense::default_scales()). scaled_cmfd_options() shrinks them for small images.
  std::vector<int> dir_scales;
  // Bytes for the kernel spectra and FFT buffers of the dense features; larger images are
  // processed in tiles (dense::LocalMomentOptions::memory_budget).
  std::size_t memory_budget = std::size_t{256} << 20;
};

// Features of an image, with where feature pixel (0, 0) lies in the image: feature pixel (a, b)
// describes the window whose top-left pixel is (a, b) and whose centre is near
// (a + offset_rows, b + offset_cols).
struct CmfdFeatures {
  FeatureField field;
  std::ptrdiff_t offset_rows = 0;
  std::ptrdiff_t offset_cols = 0;
  std::ptrdiff_t window = 0;  // side of the largest window in pixels
  bool uniform = false;       // the features are constant, so min-max normalisation was skipped
};

// Side of the largest window of a feature set (32 for dir, 16 for zernike, patch_size for patch).
std::ptrdiff_t feature_window(const CmfdFeatureOptions& options);

// Computes the features of a grey image and normalises them globally to [0, 1]. Throws
// InvalidArgument when the image is smaller than the window or the options are out of range.
CmfdFeatures compute_cmfd_features(ImageView<const float> grey, const CmfdFeatureOptions& options = {});

// Boundary refinement (our design, not part of Cozzolino et al.): features of a w-pixel window
// stop matching about w / 2 pixels inside the edge of a copy, so the post-processed mask misses a
// band along the border. Each region pair with a consistent affine estimate T is refined: its
// regions grow pixel by pixel into the surrounding band of up to max_growth pixels, as a front
// connected to the region. A pixel p joins when the grey patch around p agrees with the patch
// around T(p), resampled bilinearly. Agreement means an RMS difference of at most
// max(min_tolerance, tolerance_factor * the 90th percentile of the same difference inside the
// region), so JPEG and noise raise the threshold with the level they leave inside the copy. A
// patch whose standard deviation is below half that tolerance would agree with any flat patch, so
// it joins only when its difference is at most faithful_ratio times that deviation, and the
// deviation is at least noise_floor. A copy reproduces the sensor noise of its source, while an
// unrelated flat patch differs by about sqrt(2) times its deviation. Before the growth, T is
// refined by Gauss-Newton on the grey differences over the region (photometric_iterations). A fit
// to integer offsets is off by a few tenths of a pixel at the rim of a rotated copy, and that is
// enough to break the agreement of noise. Last, the pixels within edge_band steps of the
// grown region join one by one where their own grey value agrees with the mapped one. This recovers
// the patch_radius pixels inside the border that no whole patch reaches. On the 11 sample images of
// the benchmark (docs/benchmarks.md) it raised the pixel F1 of plain copies from 0.881 to 0.905.
// NOTE: a band pixel in a flat area agrees with any flat pixel, so up to edge_band pixels of flat
// surroundings can join a region whose border runs through flat content.
struct CmfdRefineOptions {
  bool enabled = true;
  int max_growth = 16;           // pixels beyond the region before dilation, in [0, 128]
  int patch_radius = 2;          // the patch is (2 r + 1)^2 pixels, r in [0, 8]
  // Pixels tested one by one beyond the patch growth, in [0, 16]. A patch that straddles the border
  // of the copy never agrees with its image, so patch growth stops patch_radius pixels inside it.
  // Each band pixel joins when its own grey value agrees with the mapped one within the tolerance.
  int edge_band = 2;
  double tolerance_factor = 2.0; // >= 0
  double min_tolerance = 0.02;   // RMS grey difference, grey in [0, 1], >= 0
  // Flat patches: the RMS difference must stay below faithful_ratio times the patch's own standard
  // deviation, in [0, 1] (0: flat patches never join), and that deviation must reach noise_floor,
  // in (0, 0.1]. The default 0.002 is half an 8-bit grey level; a flatter patch is quantisation only.
  double faithful_ratio = 0.5;
  double noise_floor = 0.002;
  // Largest number of Gauss-Newton steps that refine each pair's affine map before the growth, in
  // [0, 100]; 0 keeps the least-squares fit to the matches.
  int photometric_iterations = 10;
  // Pairs with fewer supporting matches or a larger affine RMS residual (pixels) are not grown.
  std::ptrdiff_t min_matches = 50;
  double max_residual = 3.0;
};

// Affine-guided re-matching (our design, not part of Cozzolino et al.). PatchMatch propagates
// integer offsets. On a copy rotated by an angle that is not a multiple of 90 degrees the true
// offset changes by up to 2 sin(angle / 2) px per pixel (0.52 at 30 degrees), so a propagated
// offset lands up to a pixel beside the true match. Where the features vary quickly (a star field)
// that pixel costs more than the match already held, propagation stalls, and part of the copy keeps
// random offsets; the DLF test then removes it. On a 1000 x 872 image with a copy rotated by 30
// degrees PatchMatch kept 47 % of the copy, the exact kd-tree search 97 %.
// This pass fits an affine map T to each pair of regions that the first post-processing found,
// offers every pixel p whose match lies more than 2 px from every such prediction the match T(p)
// (both directions, the four integer neighbours of the
// real-valued position), and keeps it when it is cheaper than the current match and no dearer than
// the cost_quantile of the pair's own matches. Post-processing then runs again on the improved field.
// Pixels outside the copy rarely pass: their PatchMatch match is already a near-best one, and the
// affine candidate is an unrelated window there. An image with no region pair is left unchanged.
struct CmfdRematchOptions {
  bool enabled = true;
  // Pairs with fewer supporting matches, or an affine RMS residual above max_residual pixels,
  // are not used.
  std::ptrdiff_t min_matches = 50;
  double max_residual = 3.0;
  // Quantile in (0, 1] of the matching costs of the pair's supporting pixels that bounds the
  // cost of an accepted candidate.
  double cost_quantile = 0.95;
};

struct CmfdOptions {
  CmfdFeatureOptions features;
  MatcherKind matcher = MatcherKind::patchmatch;
  // Iterations 8, minimum offset T_D1 = 8 px, predictor on, exact seeds on a grid of stride 8
  // (our design: from random starts alone, PatchMatch missed rotated copies in periodic texture).
  // NOTE: on scaled copies the seeds cost F1, because the nearest feature is often not the copy
  // (benchmark mean over 22 scaled images: 0.296 without, 0.265 with). A stride of 0 restores
  // random starts.
  PatchMatchOptions patchmatch{.exact_init_stride = 8};
  // Maximum scale shift of the scale search (used only with ScaleHandling::search).
  int scale_shift = 3;
  PostProcessOptions postprocess;
  CmfdRematchOptions rematch;
  CmfdRefineOptions refine;
  // When > 0, an image whose longer side is shorter is first enlarged (bicubic) so that its longer
  // side is enlarge_to pixels, as Cozzolino et al. do with 2000; the mask is brought back to the
  // input size. 0 (default) works at the input size.
  std::ptrdiff_t enlarge_to = 0;
  // Pixel scale of the size parameters (our design). 0 (default) picks auto_pixel_scale() of the
  // working image. A value s in [0.25, 1] applies scaled_cmfd_options(options, s) before
  // detection, so 1 keeps the values of Cozzolino et al. at every size.
  double pixel_scale = 0.0;
  // Matches whose feature window has a grey standard deviation below min_texture (grey in [0, 1])
  // are dropped before post-processing (our design). A flat window matches every other flat
  // window equally well, so a uniform sky or background would otherwise form large regions with
  // smooth random offsets. 0 keeps every match. The default 0.01 keeps low-contrast texture. In
  // the cell micrograph of the benchmark, 79 % of the 32 px windows lie below 0.02 but only 11 %
  // below 0.01. An exactly flat background (the horse sample image) is still dropped.
  double min_texture = 0.01;
  // Drop every region that no surviving match links to a region (itself included): a copy-move is
  // a correspondence, and a lone region is no evidence of one (our design). On the untouched
  // gravel photograph of the benchmark, such a region was the only false positive.
  bool require_pair = true;
  // Largest image, in pixels after enlargement, that detect_copy_move accepts. Peak memory is
  // about 150 bytes per pixel with pooled dir features (about 850 with the scale search) plus the
  // feature FFT tiles, which stay within features.memory_budget; 16 MP is about 2.4 GB.
  std::uint64_t max_pixels = 16'000'000;
};

// An affine map q = A p + t between the pixel positions p of one region and q of the other, with
// p = (column, row). The rotation is counter-clockwise as seen on screen, in degrees in
// (-180, 180]; the scale is sqrt(|det A|). A map with det A < 0 is mirrored: the copy is a mirror
// image of the source, and the rotation is then that of A F, F the left-right flip
// diag(-1, 1), so the copy is the source flipped left to right, then turned by the rotation.
struct AffineEstimate {
  std::array<double, 4> matrix = {1.0, 0.0, 0.0, 1.0};  // A row-major: a00, a01, a10, a11
  std::array<double, 2> translation = {0.0, 0.0};       // t = (column, row) shift
  double rotation_degrees = 0.0;
  double scale = 1.0;
  double rms_residual = 0.0;  // pixels
  bool mirrored = false;      // det A < 0
};

// Fills rotation_degrees, scale and mirrored of `estimate` from its matrix.
void describe_matrix(AffineEstimate& estimate);

// Connected region of the final mask.
struct MaskRegion {
  int label = 0;                    // 1-based label in CmfdResult::labels
  std::ptrdiff_t area = 0;          // pixels in the final (dilated) mask
  double centroid_row = 0.0;
  double centroid_col = 0.0;
  std::array<std::ptrdiff_t, 4> box = {0, 0, 0, 0};  // top, left, bottom, right (inclusive)
};

// Two regions of the mask linked by the offset field: the source and its copy. The image does not
// show which of the two is the original, so `source` is the one with the smaller label.
struct RegionPair {
  int source = 0;  // label
  int copy = 0;    // label; equals source when a copy overlaps or touches its original
  AffineEstimate transform;  // from source positions to copy positions
  std::ptrdiff_t matches = 0;  // matched pixels that support the pair
  // Fraction of the pair's mask pixels (before dilation) that carry a verified match, in [0, 1].
  // About 1 when source and copy match each other, about 0.5 when only one direction matched.
  double score = 0.0;
  double mean_cost = 0.0;  // mean matching cost of the supporting pixels (normalised features)
};

struct CmfdTimings {
  double features_seconds = 0.0;
  double matching_seconds = 0.0;
  double postprocess_seconds = 0.0;
};

struct CmfdResult {
  // Binary mask of source and copy (1 forged, 0 pristine), the size of the input.
  Image<std::uint8_t> mask;
  // Connected regions of the mask (8-connectivity), 1-based, 0 outside; regions[k] has label k + 1.
  Image<std::int32_t> labels;
  std::vector<MaskRegion> regions;
  std::vector<RegionPair> pairs;
  bool detected = false;  // the mask is not empty
  // Reason for an empty result ("no copy-move region found", "image is uniform", ...); empty
  // when detected.
  std::string message;
  // The pixel scale the run used (CmfdOptions::pixel_scale, resolved when it was 0).
  double pixel_scale = 1.0;
  CmfdTimings timings;
};

// The size parameters of the pipeline scaled by s in [0.25, 1] (our design). Window sides,
// radii, offsets and growth are lengths, so they scale with s. The minimum region is an area and
// scales with s^2. The DLF threshold is a sum over the fitting disk and scales with its area. Rounding
// keeps window sides even and at least 4 px, radii at least 1 px (the DLF disk at least 2 px), and
// drops repeated window sides. With s = 1 the options come back unchanged. Throws
// InvalidArgument for s outside [0.25, 1].
//
// What it is for: the defaults suit images of about 1000 to 2000 px, where a copied object spans
// more than 100 px. On a 300 to 500 px image a copy of 60 px in diameter contains no 32 px window
// whose surroundings are all inside the copy, and its matched area falls below 1200 px. Scaling
// the parameters instead of enlarging the image keeps the work at the input size.
CmfdOptions scaled_cmfd_options(const CmfdOptions& options, double s);

// The pixel scale that CmfdOptions::pixel_scale = 0 chooses for an image: shorter side / 512,
// clamped to [0.5, 1]. Images of 512 px and more keep the defaults. A 300 px image gets about
// 0.59, that is windows of 4 to 18 px and a minimum region of 412 px. The 512 comes from the
// benchmark in docs/benchmarks.md: on 512 px images the defaults beat every smaller scale, and
// below about 400 px they miss copies of 30 px radius.
double auto_pixel_scale(std::ptrdiff_t rows, std::ptrdiff_t cols);

// Runs the whole pipeline on a grey image with values in [0, 1]. Images smaller than the feature
// window or without any offset of the minimum length, and uniform images, return an empty mask
// and a message instead of throwing. Throws InvalidArgument for options out of range or a
// non-finite pixel, and LimitExceeded above options.max_pixels.
CmfdResult detect_copy_move(ImageView<const float> grey, const CmfdOptions& options = {});

std::string_view to_string(CmfdFeatureKind kind);
std::string_view to_string(MatcherKind kind);
std::string_view to_string(ScaleHandling handling);
// Parse "dir", "zernike", "patch"; "patchmatch", "kdtree"; "pooling", "search". Each throws
// InvalidArgument listing the accepted names.
CmfdFeatureKind parse_cmfd_features(std::string_view text);
MatcherKind parse_matcher(std::string_view text);
ScaleHandling parse_scale_handling(std::string_view text);
// Parse "auto" (0) or a number in [0.25, 1] for CmfdOptions::pixel_scale.
double parse_pixel_scale(std::string_view text);

}  // namespace erlangen::forensics
