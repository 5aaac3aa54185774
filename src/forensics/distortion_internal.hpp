// Shared helpers of the distortion sources: a seeded random generator and the
// per-operation kernels that apply_distortion dispatches to.
#pragma once

#include <cmath>
#include <cstdint>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/distortion.hpp"

namespace erlangen::forensics::detail {

// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit generator whose output depends
// only on the seed, unlike the distributions of <random>, whose algorithms differ
// between standard libraries.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, bound); bound >= 1. The modulo bias is below 2^-40 for bounds under 2^24.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  // Standard normal by the Box-Muller transform.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u = 1.0 - uniform();  // in (0, 1], so the logarithm is finite
    const double v = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u));
    const double angle = 6.283185307179586476925 * v;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::uint64_t state_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// Seed of step `index` of a chain run with `seed`.
std::uint64_t step_seed(std::uint64_t seed, std::size_t index);

// Clips every sample to [0, 1] in place.
void clip_unit(ImageF& image);

ImageF apply_geometry(const ImageF& image, const Distortion& distortion, std::uint64_t seed);
ImageF apply_photometric(const ImageF& image, const Distortion& distortion, std::uint64_t seed);
ImageF overlay_random_text(const ImageF& image, double height_fraction, std::uint64_t seed);

}  // namespace erlangen::forensics::detail
