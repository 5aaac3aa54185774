// The copy-move detection pipeline: features, matching, post-processing, region pairs.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "cmfd_internal.hpp"

namespace erlangen::forensics {
namespace {

constexpr const char* kOperation = "copy-move detection";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void validate(ImageView<const float> grey, const CmfdOptions& options) {
  if (grey.empty()) {
    throw InvalidArgument(fmt::format("{}: image is {}x{}, expected a non-empty grey image", kOperation,
                                      grey.height(), grey.width()));
  }
  const auto pixels = static_cast<std::uint64_t>(grey.height()) * static_cast<std::uint64_t>(grey.width());
  if (options.enlarge_to < 0 || options.enlarge_to > 20000) {
    throw_invalid_argument(kOperation, "enlarge_to", options.enlarge_to, "0 (off) or a side in [1, 20000] pixels",
                           "use 0, or 2000 as Cozzolino et al.");
  }
  const double factor = options.enlarge_to > std::max(grey.height(), grey.width())
                            ? static_cast<double>(options.enlarge_to) / static_cast<double>(std::max(grey.height(), grey.width()))
                            : 1.0;
  const auto working_pixels = static_cast<std::uint64_t>(static_cast<double>(pixels) * factor * factor);
  if (working_pixels > options.max_pixels) {
    throw LimitExceeded(fmt::format(
        "{}: image of {}x{} pixels ({} after enlargement) exceeds the limit of {} pixels; downsample the image "
        "or raise max_pixels",
        kOperation, grey.height(), grey.width(), working_pixels, options.max_pixels));
  }
  validate_refine_options(options.refine);
  // Checked before scaled_cmfd_options scales it, so that acceptance does not depend on the image
  // size, and for the kd-tree matcher too, which ignores it.
  if (options.patchmatch.exact_init_stride < 0 || options.patchmatch.exact_init_stride > 64) {
    throw_invalid_argument(kOperation, "exact_init_stride", options.patchmatch.exact_init_stride,
                           "an integer in [0, 64]", "pass 0 for a random PatchMatch start, or a grid stride such as 8");
  }
  if (!(options.min_texture >= 0.0 && options.min_texture <= 0.5)) {
    throw_invalid_argument(kOperation, "min_texture", options.min_texture, "a standard deviation in [0, 0.5]",
                           "use 0 to keep flat windows, 0.01 to drop them");
  }
  if (!(options.pixel_scale == 0.0 || (options.pixel_scale >= 0.25 && options.pixel_scale <= 1.0))) {
    throw_invalid_argument(kOperation, "pixel_scale", options.pixel_scale, "0 (auto) or a value in [0.25, 1]",
                           "use 1 to keep the pixel parameters, 0 to scale them to the image");
  }
  if (options.scale_shift < 0 || options.scale_shift > 9) {
    throw_invalid_argument(kOperation, "scale_shift", options.scale_shift, "an integer in [0, 9]",
                           "use 3 (a factor of about 1.5 between windows)");
  }
  for (std::ptrdiff_t r = 0; r < grey.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < grey.width(); ++c) {
      if (!std::isfinite(grey(r, c))) {
        throw InvalidArgument(fmt::format("{}: pixel ({}, {}) is {}, expected a finite value; replace NaN and "
                                          "infinity before detection",
                                          kOperation, r, c, grey(r, c)));
      }
    }
  }
}

}  // namespace

void describe_matrix(AffineEstimate& estimate) {
  const auto& a = estimate.matrix;
  const double determinant = a[0] * a[3] - a[1] * a[2];
  estimate.mirrored = determinant < 0.0;
  // With y pointing down, a counter-clockwise rotation on screen by theta has A = s [[c, s], [-s, c]].
  // A mirrored map is A = R F with F = diag(-1, 1), so R = A F = [[-a00, a01], [-a10, a11]].
  const double a00 = estimate.mirrored ? -a[0] : a[0];
  const double a10 = estimate.mirrored ? -a[2] : a[2];
  estimate.rotation_degrees = std::atan2(a[1] - a10, a00 + a[3]) * 180.0 / M_PI;
  estimate.scale = std::sqrt(std::abs(determinant));
}

// Least-squares affine map q = A p + t over point pairs (p, q), each (x, y, x', y').
AffineEstimate fit_affine(const std::vector<std::array<double, 4>>& points) {
  AffineEstimate estimate;
  if (points.size() < 3) return estimate;
  Eigen::Matrix3d normal = Eigen::Matrix3d::Zero();
  Eigen::Vector3d right_x = Eigen::Vector3d::Zero();
  Eigen::Vector3d right_y = Eigen::Vector3d::Zero();
  // Centre the coordinates so that the normal matrix is well conditioned.
  double mean_x = 0.0;
  double mean_y = 0.0;
  for (const auto& point : points) {
    mean_x += point[0];
    mean_y += point[1];
  }
  mean_x /= static_cast<double>(points.size());
  mean_y /= static_cast<double>(points.size());
  for (const auto& point : points) {
    const Eigen::Vector3d basis(point[0] - mean_x, point[1] - mean_y, 1.0);
    normal += basis * basis.transpose();
    right_x += basis * point[2];
    right_y += basis * point[3];
  }
  const Eigen::LDLT<Eigen::Matrix3d> solver(normal);
  if (solver.info() != Eigen::Success || std::abs(normal.determinant()) < 1e-9) {
    // Collinear support: report the mean translation only.
    double tx = 0.0;
    double ty = 0.0;
    for (const auto& point : points) {
      tx += point[2] - point[0];
      ty += point[3] - point[1];
    }
    estimate.translation = {tx / static_cast<double>(points.size()), ty / static_cast<double>(points.size())};
    return estimate;
  }
  const Eigen::Vector3d row_x = solver.solve(right_x);
  const Eigen::Vector3d row_y = solver.solve(right_y);
  estimate.matrix = {row_x[0], row_x[1], row_y[0], row_y[1]};
  estimate.translation = {row_x[2] - row_x[0] * mean_x - row_x[1] * mean_y,
                          row_y[2] - row_y[0] * mean_x - row_y[1] * mean_y};
  const auto& a = estimate.matrix;
  describe_matrix(estimate);
  double squares = 0.0;
  for (const auto& point : points) {
    const double ex = a[0] * point[0] + a[1] * point[1] + estimate.translation[0] - point[2];
    const double ey = a[2] * point[0] + a[3] * point[1] + estimate.translation[1] - point[3];
    squares += ex * ex + ey * ey;
  }
  estimate.rms_residual = std::sqrt(squares / static_cast<double>(points.size()));
  return estimate;
}

namespace {

std::vector<MaskRegion> describe_regions(const Image<std::int32_t>& labels, const std::vector<std::ptrdiff_t>& sizes) {
  std::vector<MaskRegion> regions(sizes.size());
  for (std::size_t k = 0; k < regions.size(); ++k) {
    regions[k].label = static_cast<int>(k + 1);
    regions[k].area = sizes[k];
    regions[k].box = {labels.height(), labels.width(), -1, -1};
  }
  for (std::ptrdiff_t r = 0; r < labels.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < labels.width(); ++c) {
      const std::int32_t label = labels(r, c);
      if (label == 0) continue;
      MaskRegion& region = regions[static_cast<std::size_t>(label - 1)];
      region.centroid_row += static_cast<double>(r);
      region.centroid_col += static_cast<double>(c);
      region.box = {std::min(region.box[0], r), std::min(region.box[1], c), std::max(region.box[2], r),
                    std::max(region.box[3], c)};
    }
  }
  for (MaskRegion& region : regions) {
    region.centroid_row /= static_cast<double>(region.area);
    region.centroid_col /= static_cast<double>(region.area);
  }
  return regions;
}

}  // namespace

namespace {

// Marks as invalid every feature pixel whose window (side `window`, top-left at the feature pixel)
// has a grey standard deviation below min_texture: flat windows match every other flat window
// equally well, so their offsets carry no evidence of a copy.
void drop_flat_windows(ImageView<const float> grey, std::ptrdiff_t window, double min_texture, OffsetField& field) {
  const std::ptrdiff_t rows = grey.height();
  const std::ptrdiff_t cols = grey.width();
  // Summed-area tables of the values and their squares, (rows + 1) x (cols + 1).
  std::vector<double> sums(static_cast<std::size_t>((rows + 1) * (cols + 1)), 0.0);
  std::vector<double> squares(sums.size(), 0.0);
  const auto at = [cols](std::ptrdiff_t r, std::ptrdiff_t c) { return static_cast<std::size_t>(r * (cols + 1) + c); };
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    double row_sum = 0.0;
    double row_squares = 0.0;
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const double value = grey(r, c);
      row_sum += value;
      row_squares += value * value;
      sums[at(r + 1, c + 1)] = sums[at(r, c + 1)] + row_sum;
      squares[at(r + 1, c + 1)] = squares[at(r, c + 1)] + row_squares;
    }
  }
  const auto box = [&](const std::vector<double>& table, std::ptrdiff_t r, std::ptrdiff_t c) {
    return table[at(r + window, c + window)] - table[at(r, c + window)] - table[at(r + window, c)] + table[at(r, c)];
  };
  const double count = static_cast<double>(window * window);
  const double limit = min_texture * min_texture;
  for (std::ptrdiff_t r = 0; r < field.rows && r + window <= rows; ++r) {
    for (std::ptrdiff_t c = 0; c < field.cols && c + window <= cols; ++c) {
      const double mean = box(sums, r, c) / count;
      const double variance = box(squares, r, c) / count - mean * mean;
      if (variance < limit) field.valid[field.index(r, c)] = 0;
    }
  }
}

}  // namespace

CmfdOptions scaled_cmfd_options(const CmfdOptions& options, double s) {
  if (!(s >= 0.25 && s <= 1.0)) {
    throw_invalid_argument(kOperation, "pixel_scale", s, "a value in [0.25, 1], or 0 for auto",
                           "use 1 for images of 1000 px and more, 0.5 for about 500 px");
  }
  if (s == 1.0) return options;

  CmfdOptions scaled = options;
  scaled.pixel_scale = 1.0;
  const auto length = [s](double value, double minimum) { return std::max(minimum, value * s); };
  const auto radius = [s](int value, int minimum) {
    return std::max(minimum, static_cast<int>(std::lround(value * s)));
  };
  if (options.features.kind == CmfdFeatureKind::dir) {
    const std::vector<int> base = options.features.dir_scales.empty() ? dense::default_scales()
                                                                      : options.features.dir_scales;
    std::vector<int> sides;
    for (const int side : base) {
      // Even sides keep the window centre on a pixel corner, as the defaults do.
      const int even = std::max(4, 2 * static_cast<int>(std::lround(side * s / 2.0)));
      if (std::find(sides.begin(), sides.end(), even) == sides.end()) sides.push_back(even);
    }
    scaled.features.dir_scales = sides;
  }

  scaled.patchmatch.min_offset = length(options.patchmatch.min_offset, 4.0);
  // The seed grid keeps its density per copy: a stride of 8 becomes 4 at scale 0.5.
  if (options.patchmatch.exact_init_stride > 0) {
    scaled.patchmatch.exact_init_stride = radius(options.patchmatch.exact_init_stride, 1);
  }
  PostProcessOptions& post = scaled.postprocess;
  post.median_radius = options.postprocess.median_radius == 0 ? 0 : radius(options.postprocess.median_radius, 1);
  post.dlf_radius = radius(options.postprocess.dlf_radius, 2);
  const double disk_ratio = static_cast<double>(post.dlf_radius) / options.postprocess.dlf_radius;
  post.dlf_threshold = options.postprocess.dlf_threshold * disk_ratio * disk_ratio;
  post.min_offset = length(options.postprocess.min_offset, 0.0);
  post.min_region = static_cast<std::ptrdiff_t>(std::lround(static_cast<double>(options.postprocess.min_region) * s * s));
  post.dilation_radius = options.postprocess.dilation_radius == 0 ? 0 : radius(options.postprocess.dilation_radius, 1);
  scaled.refine.max_growth = radius(options.refine.max_growth, 1);
  return scaled;
}

double auto_pixel_scale(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  return std::clamp(static_cast<double>(std::min(rows, cols)) / 512.0, 0.5, 1.0);
}

CmfdResult detect_copy_move(ImageView<const float> grey, const CmfdOptions& requested) {
  validate(grey, requested);
  // Auto scale looks at the working size, after any enlargement.
  const double longer = static_cast<double>(std::max(grey.height(), grey.width()));
  const double enlargement = requested.enlarge_to > longer ? static_cast<double>(requested.enlarge_to) / longer : 1.0;
  const double pixel_scale =
      requested.pixel_scale != 0.0
          ? requested.pixel_scale
          : auto_pixel_scale(std::lround(static_cast<double>(grey.height()) * enlargement),
                             std::lround(static_cast<double>(grey.width()) * enlargement));
  const CmfdOptions options = scaled_cmfd_options(requested, pixel_scale);
  const std::ptrdiff_t rows = grey.height();
  const std::ptrdiff_t cols = grey.width();
  CmfdResult result;
  result.mask = Image<std::uint8_t>(rows, cols);
  result.labels = Image<std::int32_t>(rows, cols);
  result.message = "no copy-move region found";
  result.pixel_scale = pixel_scale;

  // Optional enlargement of the longer side to options.enlarge_to (Cozzolino et al. use 2000).
  ImageF working;
  double factor = 1.0;
  if (options.enlarge_to > std::max(rows, cols)) {
    factor = static_cast<double>(options.enlarge_to) / static_cast<double>(std::max(rows, cols));
    working = resize(grey, std::lround(static_cast<double>(rows) * factor), std::lround(static_cast<double>(cols) * factor),
                     Interpolation::bicubic);
  } else {
    working = convert_plane<float, float>(grey);
  }

  const std::ptrdiff_t window = feature_window(options.features);
  if (working.height() < window || working.width() < window) {
    result.message = fmt::format("image is {}x{}, smaller than the {} px feature window, so nothing can be matched",
                                 rows, cols, window);
    return result;
  }
  const auto [low, high] = std::minmax_element(working.values().begin(), working.values().end());
  if (*high - *low <= 0.0f) {
    result.message = fmt::format("image is uniform (every pixel is {}), so no copy-move region can be distinguished", *low);
    return result;
  }

  auto start = std::chrono::steady_clock::now();
  const CmfdFeatures features = compute_cmfd_features(working.plane(), options.features);
  result.timings.features_seconds = seconds_since(start);
  if (features.uniform) {
    result.message = "image features are uniform, so no copy-move region can be distinguished";
    return result;
  }
  const double min_offset = options.patchmatch.min_offset;
  const auto feature_rows = static_cast<double>(features.field.rows - 1);
  const auto feature_cols = static_cast<double>(features.field.cols - 1);
  if (feature_rows * feature_rows + feature_cols * feature_cols < min_offset * min_offset) {
    result.message = fmt::format("image is {}x{}, too small for offsets of at least {} px between windows", rows, cols,
                                 min_offset);
    return result;
  }

  start = std::chrono::steady_clock::now();
  OffsetField field;
  const bool search = options.features.kind == CmfdFeatureKind::dir &&
                      options.features.scale_handling == ScaleHandling::search;
  const int scale_shift =
      search ? std::min<int>(options.scale_shift, static_cast<int>(features.field.scale_groups) - 1) : 0;
  if (options.matcher == MatcherKind::kdtree) {
    field = exact_nearest_neighbours(features.field, min_offset);
  } else {
    PatchMatchOptions matcher = options.patchmatch;
    matcher.scale_shift = scale_shift;
    field = patchmatch(features.field, matcher);
  }
  result.timings.matching_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  if (options.min_texture > 0.0) drop_flat_windows(working.plane(), features.window, options.min_texture, field);
  PostProcessResult post = postprocess_offsets(field, options.postprocess);
  // Affine-guided re-matching: the region pairs found so far offer their affine match to every
  // pixel, and post-processing runs again when any match changed.
  if (options.rematch.enabled &&
      rematch_by_affine(features.field, post, min_offset, scale_shift, options.rematch, field) > 0) {
    post = postprocess_offsets(field, options.postprocess);
  }

  // Pad the feature-image mask back to the working size, then bring it to the input size.
  Image<std::uint8_t> working_mask(working.height(), working.width());
  for (std::ptrdiff_t r = 0; r < post.mask.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < post.mask.width(); ++c) {
      working_mask(r + features.offset_rows, c + features.offset_cols) = post.mask(r, c);
    }
  }
  Image<std::uint8_t> working_undilated(working.height(), working.width());
  for (std::ptrdiff_t r = 0; r < post.undilated.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < post.undilated.width(); ++c) {
      working_undilated(r + features.offset_rows, c + features.offset_cols) = post.undilated(r, c);
    }
  }
  auto to_working = [&](std::ptrdiff_t r, std::ptrdiff_t c, const Image<std::uint8_t>& source) {
    if (factor == 1.0) return source(r, c);
    const auto wr = std::min(working.height() - 1, static_cast<std::ptrdiff_t>((static_cast<double>(r) + 0.5) * factor));
    const auto wc = std::min(working.width() - 1, static_cast<std::ptrdiff_t>((static_cast<double>(c) + 0.5) * factor));
    return source(wr, wc);
  };
  Image<std::uint8_t> undilated(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      result.mask(r, c) = to_working(r, c, working_mask);
      undilated(r, c) = to_working(r, c, working_undilated);
    }
  }

  // Region pairs from the surviving matches s -> s + delta(s), oriented from the smaller label.
  struct PairData {
    std::vector<std::array<double, 4>> points;
    double cost = 0.0;
  };
  auto collect_pairs = [&](const Image<std::int32_t>& labels) {
    std::map<std::pair<int, int>, PairData> pairs;
    for (std::ptrdiff_t r = 0; r < post.matched.height(); ++r) {
      for (std::ptrdiff_t c = 0; c < post.matched.width(); ++c) {
        if (!post.matched(r, c)) continue;
        const double source_row = static_cast<double>(r + features.offset_rows) / factor;
        const double source_col = static_cast<double>(c + features.offset_cols) / factor;
        const double target_row = source_row + std::round(post.offset_rows(r, c)) / factor;
        const double target_col = source_col + std::round(post.offset_cols(r, c)) / factor;
        const auto sr = static_cast<std::ptrdiff_t>(std::floor(source_row));
        const auto sc = static_cast<std::ptrdiff_t>(std::floor(source_col));
        const auto tr = static_cast<std::ptrdiff_t>(std::floor(target_row));
        const auto tc = static_cast<std::ptrdiff_t>(std::floor(target_col));
        if (sr < 0 || sr >= rows || sc < 0 || sc >= cols || tr < 0 || tr >= rows || tc < 0 || tc >= cols) continue;
        const int from = labels(sr, sc);
        const int to = labels(tr, tc);
        if (from == 0 || to == 0) continue;
        PairData& data = pairs[{std::min(from, to), std::max(from, to)}];
        if (from <= to) {
          data.points.push_back({source_col, source_row, target_col, target_row});
        } else {
          data.points.push_back({target_col, target_row, source_col, source_row});
        }
        data.cost += static_cast<double>(field.cost[field.index(r, c)]);
      }
    }
    return pairs;
  };

  // Boundary refinement: grow each region of the undilated mask where the pair's affine map
  // carries its pixels onto matching pixels, then add the grown pixels to the dilated mask.
  if (options.refine.enabled) {
    std::vector<std::ptrdiff_t> core_sizes;
    const Image<std::int32_t> core_labels = label_regions(undilated.plane(), core_sizes);
    std::vector<RegionMap> maps;
    // Pixels of each core region, for the photometric refinement of its map.
    std::vector<std::vector<std::ptrdiff_t>> core_pixels;
    if (options.refine.photometric_iterations > 0) {
      core_pixels.resize(core_sizes.size() + 1);
      for (std::ptrdiff_t r = 0; r < rows; ++r) {
        for (std::ptrdiff_t c = 0; c < cols; ++c) {
          const std::int32_t label = core_labels(r, c);
          if (label > 0) core_pixels[static_cast<std::size_t>(label)].push_back(r * cols + c);
        }
      }
    }
    for (const auto& [key, data] : collect_pairs(core_labels)) {
      if (key.first == key.second || static_cast<std::ptrdiff_t>(data.points.size()) < options.refine.min_matches) continue;
      const AffineEstimate forward = fit_affine(data.points);
      const auto& a = forward.matrix;
      const double determinant = a[0] * a[3] - a[1] * a[2];
      if (forward.rms_residual > options.refine.max_residual || std::abs(determinant) < 1e-6) continue;
      AffineEstimate backward;
      backward.matrix = {a[3] / determinant, -a[1] / determinant, -a[2] / determinant, a[0] / determinant};
      const auto& b = backward.matrix;
      backward.translation = {-(b[0] * forward.translation[0] + b[1] * forward.translation[1]),
                              -(b[2] * forward.translation[0] + b[3] * forward.translation[1])};
      const int photometric = options.refine.photometric_iterations;
      if (photometric > 0) {
        const auto& first_pixels = core_pixels[static_cast<std::size_t>(key.first)];
        const auto& second_pixels = core_pixels[static_cast<std::size_t>(key.second)];
        maps.push_back({key.first, refine_affine_photometric(grey, first_pixels, forward, photometric)});
        maps.push_back({key.second, refine_affine_photometric(grey, second_pixels, backward, photometric)});
        continue;
      }
      maps.push_back({key.first, forward});
      maps.push_back({key.second, backward});
    }
    const Image<std::uint8_t> grown = grow_by_correspondence(grey, core_labels, maps, options.refine);
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      for (std::ptrdiff_t c = 0; c < cols; ++c) {
        // The undilated mask stays as it was, so that pair scores still count matched pixels only.
        if (grown(r, c)) result.mask(r, c) = 1;
      }
    }
  }

  std::vector<std::ptrdiff_t> sizes;
  result.labels = label_regions(result.mask.plane(), sizes);
  std::map<std::pair<int, int>, PairData> pairs = collect_pairs(result.labels);
  if (options.require_pair) {
    // A region that no surviving match links to a region is no evidence of a copy: drop it.
    std::vector<std::uint8_t> paired(sizes.size() + 1, 0);
    for (const auto& entry : pairs) {
      paired[static_cast<std::size_t>(entry.first.first)] = 1;
      paired[static_cast<std::size_t>(entry.first.second)] = 1;
    }
    bool dropped = false;
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      for (std::ptrdiff_t c = 0; c < cols; ++c) {
        const std::int32_t label = result.labels(r, c);
        if (label > 0 && !paired[static_cast<std::size_t>(label)]) {
          result.mask(r, c) = 0;
          undilated(r, c) = 0;
          dropped = true;
        }
      }
    }
    if (dropped) {
      const std::size_t found = sizes.size();
      result.labels = label_regions(result.mask.plane(), sizes);
      pairs = collect_pairs(result.labels);
      if (sizes.empty()) {
        result.message = fmt::format(
            "{} region(s) found, but no match links any of them to a region, so they were dropped (require_pair)",
            found);
      }
    }
  }
  result.regions = describe_regions(result.labels, sizes);
  result.detected = !sizes.empty();
  if (result.detected) result.message.clear();
  // Mask pixels before dilation per label, for the pair score.
  std::vector<std::ptrdiff_t> undilated_area(sizes.size(), 0);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const std::int32_t label = result.labels(r, c);
      if (label > 0 && undilated(r, c)) ++undilated_area[static_cast<std::size_t>(label - 1)];
    }
  }
  const double area_scale = factor * factor;  // matched pixels live on the working grid
  for (const auto& [key, data] : pairs) {
    RegionPair pair;
    pair.source = key.first;
    pair.copy = key.second;
    pair.transform = fit_affine(data.points);
    pair.matches = static_cast<std::ptrdiff_t>(data.points.size());
    pair.mean_cost = data.cost / static_cast<double>(data.points.size());
    std::ptrdiff_t area = undilated_area[static_cast<std::size_t>(key.first - 1)];
    if (key.second != key.first) area += undilated_area[static_cast<std::size_t>(key.second - 1)];
    pair.score = area > 0 ? std::min(1.0, static_cast<double>(pair.matches) / (static_cast<double>(area) * area_scale))
                          : 0.0;
    result.pairs.push_back(pair);
  }
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const RegionPair& a, const RegionPair& b) { return a.matches > b.matches; });
  result.timings.postprocess_seconds = seconds_since(start);
  return result;
}

std::string_view to_string(CmfdFeatureKind kind) {
  switch (kind) {
    case CmfdFeatureKind::dir:
      return "dir";
    case CmfdFeatureKind::zernike:
      return "zernike";
    case CmfdFeatureKind::patch:
      return "patch";
  }
  return "unknown";
}

std::string_view to_string(MatcherKind kind) { return kind == MatcherKind::kdtree ? "kdtree" : "patchmatch"; }

std::string_view to_string(ScaleHandling handling) {
  return handling == ScaleHandling::search ? "search" : "pooling";
}

CmfdFeatureKind parse_cmfd_features(std::string_view text) {
  if (text == "dir") return CmfdFeatureKind::dir;
  if (text == "zernike") return CmfdFeatureKind::zernike;
  if (text == "patch") return CmfdFeatureKind::patch;
  throw_invalid_argument("copy-move features", "name", text, "dir, zernike or patch",
                         "use dir for the multi-scale PCT features");
}

MatcherKind parse_matcher(std::string_view text) {
  if (text == "patchmatch") return MatcherKind::patchmatch;
  if (text == "kdtree") return MatcherKind::kdtree;
  throw_invalid_argument("copy-move matcher", "name", text, "patchmatch or kdtree", "use patchmatch");
}

ScaleHandling parse_scale_handling(std::string_view text) {
  if (text == "pooling") return ScaleHandling::pooling;
  if (text == "search") return ScaleHandling::search;
  throw_invalid_argument("copy-move scale handling", "name", text, "pooling or search", "use pooling");
}

double parse_pixel_scale(std::string_view text) {
  if (text == "auto") return 0.0;
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !(value >= 0.25 && value <= 1.0)) {
    throw_invalid_argument("copy-move pixel scale", "value", text, "auto or a number in [0.25, 1]",
                           "use auto to scale the pixel parameters to the image, 1 to keep them");
  }
  return value;
}

}  // namespace erlangen::forensics
