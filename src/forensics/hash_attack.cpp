// SimBA-style black-box attack on perceptual hashes with local Zernike steps; see hash_attack.hpp.
#include "erlangen/forensics/hash_attack.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/metrics.hpp"

namespace erlangen::forensics {

namespace {

constexpr const char* kOperation = "hash attack";

// One step pattern: the real (cosine) or imaginary (sine) part of conj(V_nm) = R_nm(r) e^{-i m theta}.
// The sign of the sine part does not matter because both signs of every step are tried.
struct Pattern {
  int n = 0;
  int m = 0;
  bool sine = false;
};

std::vector<Pattern> patterns_up_to(int max_order) {
  std::vector<Pattern> patterns;
  for (int n = 0; n <= max_order; ++n) {
    for (int m = n % 2; m <= n; m += 2) {
      patterns.push_back({n, m, false});
      if (m > 0) patterns.push_back({n, m, true});
    }
  }
  return patterns;
}

// Zernike radial polynomials of order n <= 2 (Zernike 1934; R_n^m(1) = 1).
double zernike_radial(int n, int m, double r) {
  if (n == 0) return 1.0;
  if (n == 1) return r;
  return m == 0 ? 2.0 * r * r - 1.0 : r * r;
}

// Samples the pattern at the pixel centres of a w x w window whose inscribed disk is the unit disk
// (x to the right, y up). Values outside the disk are zero, and the peak magnitude is 1.
std::vector<double> sample_pattern(const Pattern& pattern, int w) {
  std::vector<double> values(static_cast<std::size_t>(w) * static_cast<std::size_t>(w), 0.0);
  double peak = 0.0;
  for (int i = 0; i < w; ++i) {
    const double y = 1.0 - 2.0 * (i + 0.5) / w;
    for (int j = 0; j < w; ++j) {
      const double x = 2.0 * (j + 0.5) / w - 1.0;
      const double r = std::hypot(x, y);
      if (r > 1.0) continue;
      const double angle = pattern.m * std::atan2(y, x);
      const double value =
          zernike_radial(pattern.n, pattern.m, r) * (pattern.sine ? std::sin(angle) : std::cos(angle));
      values[static_cast<std::size_t>(i) * w + j] = value;
      peak = std::max(peak, std::abs(value));
    }
  }
  if (peak > 0.0) {
    for (double& value : values) value /= peak;
  }
  return values;
}

void validate(const ImageF& image, const HashAttackOptions& options) {
  if (image.empty()) {
    throw_invalid_argument(kOperation, "image", "empty", "at least 1 x 1 pixels", "pass a decoded image");
  }
  if (image.channels() != 1 && image.channels() != 3) {
    throw_invalid_argument(kOperation, "image planes", image.channels(), "1 (grey) or 3 (RGB)",
                           "composite the alpha plane first (io::read_image does)");
  }
  for (const float value : image.values()) {
    if (!std::isfinite(value)) {
      throw_invalid_argument(kOperation, "image sample", value, "finite values in [0, 1]", "remove NaN or infinity");
    }
  }
  if (options.budget_kind == AttackBudget::psnr) {
    if (!(options.budget >= 10.0 && options.budget <= 80.0)) {
      throw_invalid_argument(kOperation, "PSNR budget", options.budget, "[10, 80] dB",
                             "pass a PSNR such as 35 or 40 dB");
    }
  } else if (!(options.budget >= 1.0 && options.budget <= 255.0)) {
    throw_invalid_argument(kOperation, "L-infinity budget", options.budget, "[1, 255] grey levels",
                           "pass a bound such as 4 or 8 grey levels");
  }
  if (!(options.step >= 0.0 && options.step <= 255.0)) {
    throw_invalid_argument(kOperation, "step", options.step, "(0, 255] grey levels, or 0 for automatic",
                           "pass 0 to derive the step from the budget");
  }
  for (const int w : options.windows) {
    if (w < 2 || w > 4096) {
      throw_invalid_argument(kOperation, "window size", w, "[2, 4096] pixels", "pass sizes such as 32, 16, 8");
    }
  }
  if (options.max_order < 0 || options.max_order > 2) {
    throw_invalid_argument(kOperation, "maximum pattern order", options.max_order, "[0, 2]",
                           "use 2 for all patterns with n <= 2, |m| <= 2");
  }
  if (options.max_queries < 3) {
    throw_invalid_argument(kOperation, "query budget", options.max_queries, "at least 3",
                           "allow the original's hash and at least one step (2 queries)");
  }
  if (options.stall_iterations < 1) {
    throw_invalid_argument(kOperation, "iterations without progress", options.stall_iterations, "at least 1",
                           "pass a count such as 40");
  }
}

// Mean squared error in grey levels^2 between two 8-bit images with the same layout.
double mean_squared_error(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double difference = static_cast<double>(a[k]) - static_cast<double>(b[k]);
    sum += difference * difference;
  }
  return sum / static_cast<double>(a.size());
}

// The working state: the original 8-bit samples (planes consecutive), the continuous perturbation
// shared by all planes, and its projected, quantised image.
class AttackState {
 public:
  AttackState(const ImageF& image, const HashAttackOptions& options)
      : height_(image.height()), width_(image.width()), planes_(image.channels()), options_(options) {
    original_.resize(static_cast<std::size_t>(height_ * width_ * planes_));
    for (std::ptrdiff_t c = 0; c < planes_; ++c) {
      for (std::ptrdiff_t i = 0; i < height_; ++i) {
        for (std::ptrdiff_t j = 0; j < width_; ++j) {
          const double value = std::clamp(static_cast<double>(image(i, j, c)), 0.0, 1.0);
          original_[index(c, i, j)] = static_cast<std::uint8_t>(std::lround(value * 255.0));
        }
      }
    }
    delta_.assign(static_cast<std::size_t>(height_ * width_), 0.0);
    if (options.budget_kind == AttackBudget::psnr) {
      max_mse_ = 255.0 * 255.0 / std::pow(10.0, options.budget / 10.0);
    } else {
      max_abs_ = std::floor(options.budget);
    }
  }

  std::ptrdiff_t height() const { return height_; }
  std::ptrdiff_t width() const { return width_; }
  const std::vector<std::uint8_t>& original() const { return original_; }
  const std::vector<double>& delta() const { return delta_; }
  double max_mse() const { return max_mse_; }

  // Projects `delta` onto the budget (scaling it back for PSNR, clipping it for L-infinity) and
  // returns the clipped, rounded image. `delta` is updated to the projected perturbation.
  std::vector<std::uint8_t> project(std::vector<double>& delta) const {
    if (options_.budget_kind == AttackBudget::linf) {
      for (double& value : delta) value = std::clamp(value, -max_abs_, max_abs_);
      return quantise(delta);
    }
    std::vector<std::uint8_t> image = quantise(delta);
    // Rounding makes the MSE a step function of the scale, so a few passes may be needed. Each pass
    // shrinks by at least 5 %, and a zero perturbation meets every budget.
    for (int pass = 0; pass < 200; ++pass) {
      const double mse = mean_squared_error(image, original_);
      if (mse <= max_mse_) return image;
      const double scale = std::min(0.95, std::sqrt(max_mse_ / mse) * 0.999);
      for (double& value : delta) value *= scale;
      image = quantise(delta);
    }
    std::fill(delta.begin(), delta.end(), 0.0);
    return original_;
  }

  void accept(std::vector<double> delta) { delta_ = std::move(delta); }

  Image<std::uint8_t> to_image(const std::vector<std::uint8_t>& samples) const {
    Image<std::uint8_t> image(height_, width_, planes_);
    for (std::ptrdiff_t c = 0; c < planes_; ++c) {
      for (std::ptrdiff_t i = 0; i < height_; ++i) {
        for (std::ptrdiff_t j = 0; j < width_; ++j) image(i, j, c) = samples[index(c, i, j)];
      }
    }
    return image;
  }

 private:
  std::size_t index(std::ptrdiff_t c, std::ptrdiff_t i, std::ptrdiff_t j) const {
    return static_cast<std::size_t>((c * height_ + i) * width_ + j);
  }

  std::vector<std::uint8_t> quantise(const std::vector<double>& delta) const {
    std::vector<std::uint8_t> image(original_.size());
    const std::size_t plane = static_cast<std::size_t>(height_ * width_);
    for (std::size_t k = 0; k < image.size(); ++k) {
      const double value = std::round(static_cast<double>(original_[k]) + delta[k % plane]);
      image[k] = static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
    }
    return image;
  }

  std::ptrdiff_t height_;
  std::ptrdiff_t width_;
  std::ptrdiff_t planes_;
  const HashAttackOptions& options_;
  std::vector<std::uint8_t> original_;
  std::vector<double> delta_;
  double max_mse_ = std::numeric_limits<double>::infinity();
  double max_abs_ = 255.0;
};

// Draws a uniform integer in [0, n) by multiply-shift on the top 32 bits (bias below n / 2^32).
// It is written out because std distributions differ between standard libraries, and a seed must
// give the same run everywhere.
std::size_t uniform_index(std::mt19937_64& generator, std::size_t n) {
  // n < 2^32 here, so the product of the top 32 random bits and n fits in 64 bits.
  return static_cast<std::size_t>(((generator() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
}

}  // namespace

ImageF to_unit_float(const Image<std::uint8_t>& image) {
  ImageF result(image.height(), image.width(), image.channels());
  const std::span<const std::uint8_t> source = image.values();
  const std::span<float> target = result.values();
  for (std::size_t k = 0; k < source.size(); ++k) target[k] = static_cast<float>(source[k]) / 255.0f;
  return result;
}

HashAttackResult attack_hash(const ImageF& image, const HashAttackOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  validate(image, options);

  HashAttackResult result;
  const std::size_t bits = hash_bits(options.hash);
  result.threshold = options.threshold ? *options.threshold : default_threshold(options.hash);
  if (result.threshold >= bits) {
    throw_invalid_argument(kOperation, "threshold", result.threshold, fmt::format("[0, {}] bits", bits - 1),
                           "pass a threshold below the hash length");
  }
  if (options.target && options.target->size() != bits) {
    throw_invalid_argument(kOperation, "target hash length", options.target->size(),
                           fmt::format("{} bits for {}", bits, options.hash.algorithm),
                           "pass a hash of the attacked algorithm");
  }

  AttackState state(image, options);
  const Image<std::uint8_t> original_image = state.to_image(state.original());
  result.original_hash = compute_hash(to_unit_float(original_image), options.hash);
  result.queries = 1;

  // Distance from the reference (original or target) and the score to maximise.
  const BitHash& reference = options.target ? *options.target : result.original_hash.bits;
  const auto succeeded = [&](std::size_t distance) {
    return options.target ? distance <= result.threshold : distance > result.threshold;
  };
  const auto score = [&](std::size_t distance) {
    return options.target ? -static_cast<long long>(distance) : static_cast<long long>(distance);
  };
  // Soft score (lower is better) from the margins: the bits that still have to flip, ranked by how
  // far their values are from their thresholds. Evasion needs threshold + 1 - distance more bits
  // that differ from the original. A targeted attack needs distance - threshold fewer bits that
  // differ from the target. The sum of the smallest such margins falls as the values move towards
  // flipping, which the Hamming distance alone does not show. Margins are divided by their median
  // magnitude on the original so that the score has no unit.
  const bool soft = options.soft_score && !result.original_hash.margins.empty();
  double margin_unit = 1.0;
  if (soft) {
    std::vector<double> magnitudes;
    for (const double m : result.original_hash.margins) {
      if (std::isfinite(m)) magnitudes.push_back(std::abs(m));
    }
    if (!magnitudes.empty()) {
      std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() / 2),
                       magnitudes.end());
      margin_unit = std::max(magnitudes[magnitudes.size() / 2], 1e-12);
    }
  }
  std::vector<double> to_flip;
  const auto soft_loss = [&](const HashResult& hash, std::size_t distance) {
    if (!soft || hash.margins.size() != reference.size()) return 0.0;
    const std::size_t needed = options.target ? (distance > result.threshold ? distance - result.threshold : 0)
                                              : (distance <= result.threshold ? result.threshold + 1 - distance : 0);
    to_flip.clear();
    for (std::size_t k = 0; k < reference.size(); ++k) {
      const double m = hash.margins[k];
      if (!std::isfinite(m)) continue;
      // Candidates: bits equal to the original (evasion) or different from the target (targeted).
      const bool differs = hash.bits.bit(k) != reference.bit(k);
      if (differs == options.target.has_value()) to_flip.push_back(std::abs(m) / margin_unit);
    }
    const std::size_t count = std::min(needed, to_flip.size());
    std::partial_sort(to_flip.begin(), to_flip.begin() + static_cast<std::ptrdiff_t>(count), to_flip.end());
    double sum = 0.0;
    for (std::size_t k = 0; k < count; ++k) sum += to_flip[k];
    return sum;
  };

  std::vector<int> requested = options.windows;
  if (requested.empty()) {
    const std::ptrdiff_t side = std::min(state.height(), state.width());
    for (const std::ptrdiff_t divisor : {4, 8, 16}) {
      requested.push_back(static_cast<int>(std::clamp<std::ptrdiff_t>(side / divisor, 2, 4096)));
    }
  }
  std::vector<int> windows;
  for (const int w : requested) {
    const int clamped = static_cast<int>(std::min<std::ptrdiff_t>({w, state.height(), state.width()}));
    if (std::find(windows.begin(), windows.end(), clamped) == windows.end()) windows.push_back(clamped);
  }
  const std::vector<Pattern> patterns = patterns_up_to(options.max_order);
  std::vector<std::vector<std::vector<double>>> kernels(windows.size());
  for (std::size_t s = 0; s < windows.size(); ++s) {
    for (const Pattern& pattern : patterns) kernels[s].push_back(sample_pattern(pattern, windows[s]));
  }

  double step = options.step;
  if (step == 0.0) {
    step = options.budget_kind == AttackBudget::psnr ? 2.5 * std::sqrt(state.max_mse()) : std::floor(options.budget);
  }

  std::vector<std::uint8_t> current = state.original();
  std::size_t distance = hamming_distance(result.original_hash.bits, reference);
  double loss = soft_loss(result.original_hash, distance);
  std::mt19937_64 generator(options.seed);
  std::size_t scale = 0;
  std::size_t stalled = 0;
  std::vector<double> candidate_delta;

  while (!succeeded(distance) && result.queries + 1 <= options.max_queries) {
    const int w = windows[scale];
    const std::size_t top = uniform_index(generator, static_cast<std::size_t>(state.height() - w + 1));
    const std::size_t left = uniform_index(generator, static_cast<std::size_t>(state.width() - w + 1));
    const std::vector<double>& kernel = kernels[scale][uniform_index(generator, patterns.size())];
    ++result.iterations;

    bool improved = false;
    for (const double sign : {1.0, -1.0}) {
      if (result.queries + 1 > options.max_queries) break;
      candidate_delta = state.delta();
      for (int i = 0; i < w; ++i) {
        double* row = candidate_delta.data() + (top + static_cast<std::size_t>(i)) * state.width() + left;
        const double* pattern_row = kernel.data() + static_cast<std::size_t>(i) * w;
        for (int j = 0; j < w; ++j) row[j] += sign * step * pattern_row[j];
      }
      std::vector<std::uint8_t> candidate = state.project(candidate_delta);
      const HashResult hash = compute_hash(to_unit_float(state.to_image(candidate)), options.hash);
      ++result.queries;
      const std::size_t candidate_distance = hamming_distance(hash.bits, reference);
      const double candidate_loss = soft_loss(hash, candidate_distance);
      // Relative tolerance: a change below it is rounding of the hash's arithmetic, not progress.
      const bool better = score(candidate_distance) > score(distance) ||
                          (soft && candidate_distance == distance && candidate_loss < loss * (1.0 - 1e-9));
      if (better) {
        distance = candidate_distance;
        loss = candidate_loss;
        current = std::move(candidate);
        state.accept(std::move(candidate_delta));
        ++result.accepted;
        improved = true;
        break;
      }
    }
    if (improved) {
      stalled = 0;
    } else if (++stalled >= options.stall_iterations) {
      stalled = 0;
      scale = (scale + 1) % windows.size();
    }
  }

  // Re-verify: hash the returned 8-bit image from scratch (not counted as a query).
  result.image = state.to_image(current);
  result.attacked_hash = compute_hash(to_unit_float(result.image), options.hash);
  result.distance = hamming_distance(result.attacked_hash.bits, reference);
  result.success = succeeded(result.distance);

  const double mse = mean_squared_error(current, state.original());
  result.psnr = mse == 0.0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(255.0 * 255.0 / mse);
  for (std::size_t k = 0; k < current.size(); ++k) {
    result.linf = std::max(result.linf, std::abs(static_cast<int>(current[k]) - static_cast<int>(state.original()[k])));
  }
  if (result.image.height() >= 11 && result.image.width() >= 11) {
    double sum = 0.0;
    for (std::ptrdiff_t c = 0; c < result.image.channels(); ++c) {
      sum += moments::ssim(original_image.plane(c), result.image.plane(c));
    }
    result.ssim = sum / static_cast<double>(result.image.channels());
  } else {
    result.ssim = std::numeric_limits<double>::quiet_NaN();
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace erlangen::forensics
