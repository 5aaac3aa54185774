// aHash (imagehash average_hash) on the shared float Lanczos-3 resampler.
#include "erlangen/forensics/hash/ahash.hpp"

#include <cmath>
#include <vector>

#include "erlangen/core/error.hpp"
#include "hash_internal.hpp"

namespace erlangen::forensics {

HashResult average_hash(const ImageF& luma, int hash_size) {
  HashOptions options;
  options.hash_size = hash_size;
  detail::check_hash_size(options, "ahash");
  detail::check_luma(luma, "ahash");

  const std::vector<double> pixels = detail::lanczos_resize(luma, hash_size, hash_size);
  double mean = 0.0;
  for (double value : pixels) mean += value;
  mean /= static_cast<double>(pixels.size());

  HashResult result;
  result.algorithm = "ahash";
  result.bits = BitHash(pixels.size());
  double deviation = 0.0;
  for (std::size_t k = 0; k < pixels.size(); ++k) {
    result.bits.set(k, detail::above_threshold(pixels[k], mean, detail::kLumaTolerance));
    result.margins.push_back(pixels[k] - mean);
    deviation += std::abs(pixels[k] - mean);
  }
  deviation /= static_cast<double>(pixels.size());
  result.quality = detail::spread_quality(255.0 * deviation);
  result.low_quality = result.quality < detail::kSpreadLowQualityBelow;
  return result;
}

HashAlgorithm make_ahash_algorithm() {
  return detail::make_square_hash_algorithm(
      "ahash", "average hash (imagehash average_hash): bit = pixel of an s x s thumbnail > its mean", 10,
      [](const ImageF& luma, const HashOptions& options) { return average_hash(luma, options.hash_size); });
}

}  // namespace erlangen::forensics
