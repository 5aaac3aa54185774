// Post-processing of copy-move offset fields (see forensics/cmfd_postprocess.hpp).
#include "erlangen/forensics/cmfd_postprocess.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "erlangen/core/error.hpp"

namespace erlangen::forensics {
namespace {

// Index into [0, size) with symmetric extension: ... 2 1 0 | 0 1 2 ... size-1 | size-1 size-2 ...
std::ptrdiff_t reflect(std::ptrdiff_t index, std::ptrdiff_t size) {
  const std::ptrdiff_t period = 2 * size;
  index %= period;
  if (index < 0) index += period;
  return index < size ? index : period - 1 - index;
}

// Half-width of the disk row at vertical distance dy: the largest dx with dx^2 + dy^2 <= radius^2.
int disk_half_width(int radius, int dy) {
  return static_cast<int>(std::floor(std::sqrt(static_cast<double>(radius * radius - dy * dy)) + 1e-9));
}

// Copy of a plane extended by `pad` pixels on every side with symmetric extension.
std::vector<double> pad_symmetric(ImageView<const double> values, int pad) {
  const std::ptrdiff_t rows = values.height();
  const std::ptrdiff_t cols = values.width();
  const std::ptrdiff_t padded_cols = cols + 2 * pad;
  std::vector<double> padded(static_cast<std::size_t>((rows + 2 * pad) * padded_cols));
  for (std::ptrdiff_t i = 0; i < rows + 2 * pad; ++i) {
    const double* source = values.row(reflect(i - pad, rows));
    for (std::ptrdiff_t j = 0; j < padded_cols; ++j) {
      padded[static_cast<std::size_t>(i * padded_cols + j)] = source[reflect(j - pad, cols)];
    }
  }
  return padded;
}

// Adds one component's DLF residual to `error`, from row prefix sums of x, column * x and x^2.
void add_component_error(ImageView<const double> component, int radius, ImageD& error) {
  const std::ptrdiff_t rows = component.height();
  const std::ptrdiff_t cols = component.width();
  const std::ptrdiff_t padded_rows = rows + 2 * radius;
  const std::ptrdiff_t padded_cols = cols + 2 * radius;
  const std::vector<double> padded = pad_symmetric(component, radius);

  // Prefix sums along each padded row: entry j holds the sum over columns [0, j).
  const std::ptrdiff_t stride = padded_cols + 1;
  std::vector<double> sum_x(static_cast<std::size_t>(padded_rows * stride), 0.0);
  std::vector<double> sum_jx(sum_x.size(), 0.0);
  std::vector<double> sum_xx(sum_x.size(), 0.0);
  for (std::ptrdiff_t i = 0; i < padded_rows; ++i) {
    for (std::ptrdiff_t j = 0; j < padded_cols; ++j) {
      const double x = padded[static_cast<std::size_t>(i * padded_cols + j)];
      const auto at = static_cast<std::size_t>(i * stride + j);
      sum_x[at + 1] = sum_x[at] + x;
      sum_jx[at + 1] = sum_jx[at] + static_cast<double>(j) * x;
      sum_xx[at + 1] = sum_xx[at] + x * x;
    }
  }

  // On a disk centred at the origin, 1, X and Y are mutually orthogonal and sum(X^2) = sum(Y^2),
  // so the orthonormal basis is 1/sqrt(n), X/sqrt(sum X^2), Y/sqrt(sum Y^2).
  double count = 0.0;
  double second_moment = 0.0;
  for (int dy = -radius; dy <= radius; ++dy) {
    const int half = disk_half_width(radius, dy);
    for (int dx = -half; dx <= half; ++dx) {
      count += 1.0;
      second_moment += static_cast<double>(dx * dx);
    }
  }

#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const std::ptrdiff_t centre_col = c + radius;
      double total = 0.0;
      double total_x_weighted = 0.0;  // sum of X * x
      double total_y_weighted = 0.0;  // sum of Y * x
      double total_squares = 0.0;
      for (int dy = -radius; dy <= radius; ++dy) {
        const int half = disk_half_width(radius, dy);
        const std::ptrdiff_t base = (r + radius + dy) * stride;
        const auto low = static_cast<std::size_t>(base + centre_col - half);
        const auto high = static_cast<std::size_t>(base + centre_col + half + 1);
        const double run = sum_x[high] - sum_x[low];
        total += run;
        total_x_weighted += (sum_jx[high] - sum_jx[low]) - static_cast<double>(centre_col) * run;
        total_y_weighted += static_cast<double>(dy) * run;
        total_squares += sum_xx[high] - sum_xx[low];
      }
      double residual = total_squares - total * total / count;
      if (second_moment > 0.0) {
        residual -= (total_x_weighted * total_x_weighted + total_y_weighted * total_y_weighted) / second_moment;
      }
      error(r, c) += std::max(residual, 0.0);
    }
  }
}

void validate_options(const PostProcessOptions& options) {
  const char* operation = "copy-move post-processing";
  if (options.median_radius < 0 || options.median_radius > 64) {
    throw_invalid_argument(operation, "median_radius", options.median_radius, "an integer in [0, 64]",
                           "use the default 4");
  }
  if (options.dlf_radius < 1 || options.dlf_radius > 64) {
    throw_invalid_argument(operation, "dlf_radius", options.dlf_radius, "an integer in [1, 64]", "use the default 6");
  }
  if (!(options.dlf_threshold >= 0.0)) {
    throw_invalid_argument(operation, "dlf_threshold", options.dlf_threshold, "a value >= 0 (squared pixels)",
                           "use the default 300");
  }
  if (!(options.min_offset >= 0.0)) {
    throw_invalid_argument(operation, "min_offset", options.min_offset, "a length >= 0 pixels", "use the default 50");
  }
  if (options.min_region < 0) {
    throw_invalid_argument(operation, "min_region", options.min_region, "a pixel count >= 0", "use the default 1200");
  }
  if (options.dilation_radius < 0 || options.dilation_radius > 256) {
    throw_invalid_argument(operation, "dilation_radius", options.dilation_radius, "an integer in [0, 256]",
                           "use the default 10");
  }
}

}  // namespace

ImageD median_filter_disk(ImageView<const double> values, int radius) {
  if (radius < 0) {
    throw_invalid_argument("median filter", "radius", radius, "an integer >= 0", "pass a disk radius in pixels");
  }
  const std::ptrdiff_t rows = values.height();
  const std::ptrdiff_t cols = values.width();
  ImageD result(rows, cols);
  std::vector<std::pair<int, int>> taps;
  for (int dy = -radius; dy <= radius; ++dy) {
    const int half = disk_half_width(radius, dy);
    for (int dx = -half; dx <= half; ++dx) taps.emplace_back(dy, dx);
  }
  // Order statistic (n+1)/2 (1-based) of the n samples, the median for the odd n of a disk.
  const std::size_t rank = (taps.size() + 1) / 2 - 1;
  // The symmetric extension is precomputed once, so the inner loops read a plain padded buffer.
  const std::vector<double> padded = pad_symmetric(values, radius);
  const std::ptrdiff_t padded_cols = cols + 2 * radius;

  // Offset fields hold integers in a range of a few thousand. Then a running histogram along each
  // row (Huang, Yang and Tang, IEEE TASSP 27(1), 1979) replaces the per-pixel selection: moving
  // the disk one column right removes the left end of each disk row and adds the new right end.
  const auto [low, high] = std::minmax_element(padded.begin(), padded.end());
  constexpr double kMaxHistogramBins = 1 << 16;
  const bool integral = std::all_of(padded.begin(), padded.end(), [](double v) { return v == std::floor(v); });
  if (integral && *high - *low < kMaxHistogramBins) {
    const auto base = static_cast<std::ptrdiff_t>(*low);
    const auto bins = static_cast<std::size_t>(*high - *low) + 1;
    const auto target = static_cast<std::ptrdiff_t>(rank);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      std::vector<std::int32_t> histogram(bins, 0);
      auto bin_at = [&](std::ptrdiff_t padded_row, std::ptrdiff_t padded_col) {
        return static_cast<std::ptrdiff_t>(padded[static_cast<std::size_t>(padded_row * padded_cols + padded_col)]) - base;
      };
      // The median bin m and the number of samples in bins below it.
      std::ptrdiff_t median = 0;
      std::ptrdiff_t below = 0;
      auto update = [&](std::ptrdiff_t bin, int change) {
        histogram[static_cast<std::size_t>(bin)] += change;
        if (bin < median) below += change;
      };
      for (const auto& [dy, dx] : taps) update(bin_at(r + radius + dy, radius + dx), +1);
      for (std::ptrdiff_t c = 0; c < cols; ++c) {
        if (c > 0) {
          for (int dy = -radius; dy <= radius; ++dy) {
            const int half = disk_half_width(radius, dy);
            update(bin_at(r + radius + dy, c - 1 + radius - half), -1);
            update(bin_at(r + radius + dy, c + radius + half), +1);
          }
        }
        while (below > target) below -= histogram[static_cast<std::size_t>(--median)];
        while (below + histogram[static_cast<std::size_t>(median)] <= target) {
          below += histogram[static_cast<std::size_t>(median++)];
        }
        result(r, c) = static_cast<double>(median + base);
      }
    }
    return result;
  }

  std::vector<std::ptrdiff_t> tap_offsets(taps.size());
  for (std::size_t k = 0; k < taps.size(); ++k) tap_offsets[k] = taps[k].first * padded_cols + taps[k].second;
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    std::vector<double> samples(taps.size());
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const double* centre = padded.data() + (r + radius) * padded_cols + (c + radius);
      for (std::size_t k = 0; k < taps.size(); ++k) samples[k] = centre[tap_offsets[k]];
      std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank), samples.end());
      result(r, c) = samples[rank];
    }
  }
  return result;
}

ImageD dense_linear_fit_error(ImageView<const double> offset_rows, ImageView<const double> offset_cols, int radius) {
  if (radius < 1) {
    throw_invalid_argument("dense linear fitting", "radius", radius, "an integer >= 1", "pass a disk radius in pixels");
  }
  if (offset_rows.height() != offset_cols.height() || offset_rows.width() != offset_cols.width()) {
    throw InvalidArgument(fmt::format("dense linear fitting: offset planes are {}x{} and {}x{}, expected equal sizes",
                                      offset_rows.height(), offset_rows.width(), offset_cols.height(),
                                      offset_cols.width()));
  }
  ImageD error(offset_rows.height(), offset_rows.width());
  add_component_error(offset_rows, radius, error);
  add_component_error(offset_cols, radius, error);
  return error;
}

Image<std::int32_t> label_regions(ImageView<const std::uint8_t> mask, std::vector<std::ptrdiff_t>& sizes) {
  const std::ptrdiff_t rows = mask.height();
  const std::ptrdiff_t cols = mask.width();
  Image<std::int32_t> labels(rows, cols);
  sizes.clear();
  std::vector<std::ptrdiff_t> stack;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (!mask(r, c) || labels(r, c) != 0) continue;
      const auto label = static_cast<std::int32_t>(sizes.size() + 1);
      std::ptrdiff_t size = 0;
      labels(r, c) = label;
      stack.push_back(r * cols + c);
      while (!stack.empty()) {
        const std::ptrdiff_t p = stack.back();
        stack.pop_back();
        ++size;
        const std::ptrdiff_t pr = p / cols;
        const std::ptrdiff_t pc = p % cols;
        for (std::ptrdiff_t nr = std::max<std::ptrdiff_t>(pr - 1, 0); nr <= std::min(pr + 1, rows - 1); ++nr) {
          for (std::ptrdiff_t nc = std::max<std::ptrdiff_t>(pc - 1, 0); nc <= std::min(pc + 1, cols - 1); ++nc) {
            if (mask(nr, nc) && labels(nr, nc) == 0) {
              labels(nr, nc) = label;
              stack.push_back(nr * cols + nc);
            }
          }
        }
      }
      sizes.push_back(size);
    }
  }
  return labels;
}

void remove_small_regions(Image<std::uint8_t>& mask, std::ptrdiff_t min_size) {
  std::vector<std::ptrdiff_t> sizes;
  const Image<std::int32_t> labels = label_regions(mask.plane(), sizes);
  for (std::ptrdiff_t r = 0; r < mask.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < mask.width(); ++c) {
      const std::int32_t label = labels(r, c);
      if (label > 0 && sizes[static_cast<std::size_t>(label - 1)] < min_size) mask(r, c) = 0;
    }
  }
}

Image<std::uint8_t> dilate_disk(ImageView<const std::uint8_t> mask, int radius) {
  const std::ptrdiff_t rows = mask.height();
  const std::ptrdiff_t cols = mask.width();
  // Row prefix counts, so that each disk row is tested with one subtraction.
  const std::ptrdiff_t stride = cols + 1;
  std::vector<std::int32_t> counts(static_cast<std::size_t>(rows * stride), 0);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const auto at = static_cast<std::size_t>(r * stride + c);
      counts[at + 1] = counts[at] + (mask(r, c) ? 1 : 0);
    }
  }
  Image<std::uint8_t> result(rows, cols);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      bool hit = false;
      for (int dy = -radius; dy <= radius && !hit; ++dy) {
        const std::ptrdiff_t row = r + dy;
        if (row < 0 || row >= rows) continue;
        const int half = disk_half_width(radius, dy);
        const std::ptrdiff_t low = std::max<std::ptrdiff_t>(c - half, 0);
        const std::ptrdiff_t high = std::min<std::ptrdiff_t>(c + half, cols - 1);
        hit = counts[static_cast<std::size_t>(row * stride + high + 1)] >
              counts[static_cast<std::size_t>(row * stride + low)];
      }
      result(r, c) = hit ? 1 : 0;
    }
  }
  return result;
}

PostProcessResult postprocess_offsets(const OffsetField& field, const PostProcessOptions& options) {
  validate_options(options);
  const std::ptrdiff_t rows = field.rows;
  const std::ptrdiff_t cols = field.cols;
  PostProcessResult result;
  ImageD raw_rows(rows, cols);
  ImageD raw_cols(rows, cols);
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      raw_rows(r, c) = field.dy[field.index(r, c)];
      raw_cols(r, c) = field.dx[field.index(r, c)];
    }
  }

  // Steps 1 and 2: median filter, then the affine-fit residual of the filtered field.
  result.offset_rows = median_filter_disk(raw_rows.plane(), options.median_radius);
  result.offset_cols = median_filter_disk(raw_cols.plane(), options.median_radius);
  result.dlf_error = dense_linear_fit_error(result.offset_rows.plane(), result.offset_cols.plane(), options.dlf_radius);

  // Steps 3 and 4: keep well-fitted pixels with long offsets, then drop small regions.
  Image<std::uint8_t> matched(rows, cols);
  const double min_offset_squared = options.min_offset * options.min_offset;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      const double dy = result.offset_rows(r, c);
      const double dx = result.offset_cols(r, c);
      const bool fitted = result.dlf_error(r, c) <= options.dlf_threshold;
      const bool long_enough = dy * dy + dx * dx >= min_offset_squared;
      matched(r, c) = (field.valid[field.index(r, c)] && fitted && long_enough) ? 1 : 0;
    }
  }
  remove_small_regions(matched, options.min_region);

  // Step 5: the dual mask adds the matched position of every surviving pixel.
  Image<std::uint8_t> dual = matched;
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    for (std::ptrdiff_t c = 0; c < cols; ++c) {
      if (!matched(r, c)) continue;
      const auto target_row = r + static_cast<std::ptrdiff_t>(std::lround(result.offset_rows(r, c)));
      const auto target_col = c + static_cast<std::ptrdiff_t>(std::lround(result.offset_cols(r, c)));
      if (target_row >= 0 && target_row < rows && target_col >= 0 && target_col < cols) dual(target_row, target_col) = 1;
    }
  }

  // Steps 6 and 7.
  remove_small_regions(dual, options.min_region);
  result.mask = dilate_disk(dual.plane(), options.dilation_radius);
  result.undilated = std::move(dual);
  result.matched = std::move(matched);
  return result;
}

}  // namespace erlangen::forensics
