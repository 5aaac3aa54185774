// Building blocks shared by the imagehash-style hashes (ahash, dhash, phash): the float Lanczos-3
// resampler, the spread-based quality score and option checks. Internal to src/forensics/hash.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics::detail {

// Resamples a luma plane to rows x cols with a separable Lanczos-3 filter in double precision,
// horizontally first, then vertically, as Pillow does. When shrinking, the kernel is stretched by the scale factor so it
// averages every input pixel (an antialiasing filter, as Pillow's resize does). Output pixel k
// is centred on input coordinate (k + 0.5) * in / out - 0.5, and the weights are renormalised at
// the borders. The result is row-major. Pillow works in 8-bit fixed point and rounds between the passes, so its results
// differ from these by up to about one grey level.
std::vector<double> lanczos_resize(const ImageF& luma, std::ptrdiff_t rows, std::ptrdiff_t cols);

// Quality on a 0..100 scale from the mean absolute distance of the thresholded values from their
// threshold, in grey levels of 8-bit data: 25 per grey level, capped at 100. So a spread of 4 grey
// levels or more scores 100, and a spread below 2 grey levels scores below 50, where a hash is
// marked low quality.
int spread_quality(double mean_abs_deviation_grey_levels);

// Whether `value` lies above `threshold` by more than `tolerance`. Values closer than the
// tolerance differ only by floating-point rounding (a uniform image, for example), so they give
// bit 0 and a uniform image hashes to all zeros instead of to rounding noise.
inline bool above_threshold(double value, double threshold, double tolerance) {
  return value - threshold > tolerance;
}

// Tolerance of above_threshold for luma values in [0, 1]: far below one grey level (1/255), and
// above the float32 rounding of the input (6e-8) summed over a thumbnail.
inline constexpr double kLumaTolerance = 1e-6;

// Quality below which an imagehash-style hash is marked low_quality.
inline constexpr int kSpreadLowQualityBelow = 50;

// Throws InvalidArgument unless options.hash_size is in [2, 64].
void check_hash_size(const HashOptions& options, std::string_view algorithm);

// Hash length of the imagehash-style hex form given its digit count: the s with
// ceil(s * s / 4) == digits. Throws InvalidArgument when no s in [2, 64] matches.
int hash_size_from_hex_digits(std::size_t digits, std::string_view algorithm);

// Throws InvalidArgument unless `luma` is a non-empty single plane.
void check_luma(const ImageF& luma, std::string_view algorithm);

// Threshold of an imagehash-style hash of `bits` bits: per_64_bits * bits / 64, rounded.
std::size_t scaled_threshold(std::size_t bits, std::size_t per_64_bits);

// Registry entry of a hash whose hex form is bits_to_hex_msb_first and whose length is
// hash_size^2: ahash, dhash and the imagehash phash. `validate` runs after check_hash_size.
HashAlgorithm make_square_hash_algorithm(
    std::string name, std::string summary, std::size_t threshold_per_64_bits,
    std::function<HashResult(const ImageF& luma, const HashOptions& options)> compute,
    std::function<void(const HashOptions& options)> validate = {});

// Median of `values` (the mean of the two middle values for an even count), as numpy.median.
double median(std::vector<double> values);

}  // namespace erlangen::forensics::detail
