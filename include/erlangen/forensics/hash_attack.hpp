// Black-box perturbation attack on perceptual hashes in the local-moment domain.
//
// Threat model: the attacker observes only the hash of an image it submits (one hash computation is
// one query) and wants an 8-bit image that looks like the original but whose hash
//   evasion:   lies farther than the threshold from the original hash, or
//   targeted:  lies within the threshold of a given target hash.
//
// Search space: a step adds +-eps times a low-order Zernike pattern conj(V_nm) (n <= 2, |m| <= 2,
// real or imaginary part) confined to one disk of diameter w pixels at a random site. This is the
// adjoint of the dense local-moment transform applied to one unit coefficient, which is the
// "X' = F^-1(F(X) + delta)" attack the WWW 2025 tutorial of Qi, Wang, Zeng and Fan describes, with
// the SimBA optimiser of Guo et al., "Simple Black-box Adversarial Attacks", ICML 2019: the step
// +eps is tried, and -eps only when +eps does not help (at most 2 queries); a step is kept when it
// moves the Hamming distance the right way, or, with `soft_score`, when it keeps the distance and
// lowers a soft score: the sum of the smallest |margins| (HashResult::margins, each value's distance
// from its threshold) over as many not-yet-flipped bits as success still needs. The attacker of
// an open algorithm (aHash, dHash, pHash, PDQ, the moment hash) computes these values itself, so the
// threat model stays query access to the hash function. Without soft_score only the bits are used,
// and a step that leaves them unchanged is dropped. The same perturbation is added to every colour
// plane, so the BT.601 luma (weights sum to 1) moves by exactly that amount.
//
// Window sizes run coarse to fine (by default a quarter, an eighth and a sixteenth of the shorter
// side): after `stall_iterations` iterations without progress the next
// finer w is used, and after the finest the list starts again at the coarsest.
//
// Budget and projection: after every step, pixels are clipped to [0, 255] and rounded, and the
// accumulated perturbation is scaled back until PSNR >= budget (or clipped to |delta| <= floor(L)
// for an L-infinity budget). Every query hashes the projected, rounded image, so success is never
// declared for a floating-point image that does not survive quantisation.
//
// Deterministic for a seed on a given build. The attack does not guarantee success; it stops at
// the query budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/bits.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics {

// Measure of the perturbation budget.
//   psnr  PSNR of the 8-bit result against the 8-bit original over all planes, in dB; the result
//         satisfies PSNR >= budget.
//   linf  largest absolute change of any 8-bit sample; the result satisfies |change| <= floor(L).
enum class AttackBudget { psnr, linf };

struct HashAttackOptions {
  // The attacked hash and its options ("ahash", "dhash", "phash", "pdq", "moment", ...).
  HashOptions hash;
  // Empty: evasion. Otherwise the targeted mode: reach distance <= threshold from this hash, which
  // must have the algorithm's length.
  std::optional<BitHash> target;
  // Match threshold in bits; empty means default_threshold(hash). Must be below the hash length.
  std::optional<std::size_t> threshold;

  AttackBudget budget_kind = AttackBudget::psnr;
  // PSNR in dB, in [10, 80], or L-infinity in 8-bit grey levels, in [1, 255].
  double budget = 35.0;
  // Peak amplitude of one step in 8-bit grey levels, in (0, 255]; 0 chooses one from the budget:
  // 2.5 times the RMS change the PSNR budget allows, or the L-infinity bound itself.
  double step = 0.0;

  // Window diameters in pixels, coarse to fine, each in [2, 4096]. Windows larger than the shorter
  // image side s are reduced to it. Empty chooses s / 4, s / 8 and s / 16 (at least 2), so the
  // search space scales with the image (32, 16, 8 for a 128 x 128 image).
  std::vector<int> windows;
  // Highest radial order n of the step patterns, in [0, 2] (|m| <= n, n - |m| even).
  int max_order = 2;
  // Hash computations allowed, including the one of the original; at least 3.
  std::size_t max_queries = 5000;
  // Iterations (2 queries each) without progress before moving to the next finer window; >= 1.
  std::size_t stall_iterations = 40;
  // Use HashResult::margins as a tie-breaking soft score when the algorithm provides them.
  bool soft_score = true;
  std::uint64_t seed = 0;
};

struct HashAttackResult {
  bool success = false;
  std::size_t queries = 0;      // hash computations, including the original's
  std::size_t iterations = 0;   // directions tried
  std::size_t accepted = 0;     // steps kept
  double seconds = 0.0;         // wall time of the attack
  std::size_t threshold = 0;    // the threshold that was applied, in bits
  // Evasion: distance of the result's hash from the original's. Targeted: distance from the target.
  std::size_t distance = 0;
  double psnr = 0.0;            // dB, +infinity when nothing changed
  double ssim = 1.0;            // mean over planes; NaN for images below 11 x 11
  int linf = 0;                 // largest absolute change in grey levels
  HashResult original_hash;
  HashResult attacked_hash;     // hash of `image` computed from scratch
  Image<std::uint8_t> image;    // the 8-bit result, same planes as the input
};

// Quantises `image` (1 grey or 3 RGB planes, values in [0, 1]; composite alpha first) to 8 bits
// and attacks its hash as described above. Throws InvalidArgument for another plane count, an
// empty image, a non-finite sample or options outside the documented ranges, and what
// compute_hash throws for the hash options.
HashAttackResult attack_hash(const ImageF& image, const HashAttackOptions& options);

// The 8-bit image as floating point in [0, 1] (value / 255), as the hashes take it.
ImageF to_unit_float(const Image<std::uint8_t>& image);

}  // namespace erlangen::forensics
