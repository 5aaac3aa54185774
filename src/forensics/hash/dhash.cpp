// dHash (imagehash dhash and dhash_vertical) on the shared float Lanczos-3 resampler.
#include "erlangen/forensics/hash/dhash.hpp"

#include <cmath>
#include <vector>

#include "erlangen/core/error.hpp"
#include "hash_internal.hpp"

namespace erlangen::forensics {

HashResult difference_hash(const ImageF& luma, int hash_size, bool vertical) {
  HashOptions options;
  options.hash_size = hash_size;
  detail::check_hash_size(options, "dhash");
  detail::check_luma(luma, "dhash");

  const std::ptrdiff_t s = hash_size;
  const std::ptrdiff_t rows = vertical ? s + 1 : s;
  const std::ptrdiff_t cols = vertical ? s : s + 1;
  const std::vector<double> pixels = detail::lanczos_resize(luma, rows, cols);
  const std::ptrdiff_t step = vertical ? cols : 1;  // offset of the neighbour compared with

  HashResult result;
  result.algorithm = "dhash";
  result.bits = BitHash(static_cast<std::size_t>(s * s));
  double deviation = 0.0;
  for (std::ptrdiff_t r = 0; r < s; ++r) {
    for (std::ptrdiff_t c = 0; c < s; ++c) {
      const double here = pixels[static_cast<std::size_t>(r * cols + c)];
      const double next = pixels[static_cast<std::size_t>(r * cols + c + step)];
      result.bits.set(static_cast<std::size_t>(r * s + c), detail::above_threshold(next, here, detail::kLumaTolerance));
      result.margins.push_back(next - here);
      deviation += std::abs(next - here);
    }
  }
  deviation /= static_cast<double>(s * s);
  result.quality = detail::spread_quality(255.0 * deviation);
  result.low_quality = result.quality < detail::kSpreadLowQualityBelow;
  return result;
}

HashAlgorithm make_dhash_algorithm() {
  return detail::make_square_hash_algorithm(
      "dhash", "difference hash (imagehash dhash): bit = right (or lower) neighbour > pixel", 10,
      [](const ImageF& luma, const HashOptions& options) {
        return difference_hash(luma, options.hash_size, options.dhash_vertical);
      });
}

}  // namespace erlangen::forensics
