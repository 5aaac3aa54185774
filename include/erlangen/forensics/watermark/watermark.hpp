// Blind multi-bit image watermarking: the interface every scheme implements, keys, payloads and
// the binomial detection test.
//
// A scheme embeds a payload of L bits in an image under a secret key and reads it back from a
// possibly distorted copy without the original ("blind" extraction). Schemes:
//   moment      our design: dither modulation of rotation-invariant local moment magnitudes at
//               keyed sites (include/erlangen/forensics/watermark/moment.hpp);
//   dwtdct      quantisation of Haar-LL block maxima, as the invisible-watermark package (v0.2.0)
//               defines its "dwtDct" method; it uses no key;
//   dwtdctsvd   quantisation of the largest singular value of the DCT of Haar-LL blocks, the
//               package's "dwtDctSvd"; it uses no key.
//
// Images are float planes in [0, 1]: one plane (grey) or three (RGB). A scheme returns the marked
// image unquantised; callers that store it round to 8 bits, and every test and benchmark decodes
// from the 8-bit image.
//
// Detection test. Without the payload, a scheme states whether a mark is present with a p-value:
// the probability that an unmarked image, or one marked under another key, scores at least as high.
// With the payload known (evaluation), the standard test counts matching bits k of n and accepts when
// P[Bin(n, 1/2) >= k] <= FPR (binomial_threshold). When a detector tries several synchronisation
// hypotheses (angles, flips, scales) and keeps the best, its p-value is multiplied by their number
// (Bonferroni), so the stated FPR holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"

namespace erlangen::forensics::watermark {

// One bit per element, each 0 or 1, most significant bit of the first byte first.
using Bits = std::vector<std::uint8_t>;

// A secret key: 8 to 64 hexadecimal digits (32 to 256 bits). Schemes derive their pseudo-random
// sites and dithers from it; two keys that differ in any digit give unrelated sites.
struct WatermarkKey {
  std::vector<std::uint8_t> bytes;
  // 64-bit seed derived from the bytes with a fixed mixing function (SplitMix64 over the bytes),
  // with `stream` selecting independent sequences for different uses.
  std::uint64_t seed(std::uint64_t stream = 0) const;
};

// Throws InvalidArgument naming the operation when `text` is not 8 to 64 hex digits (an optional
// "0x" prefix is allowed).
WatermarkKey parse_key(std::string_view text);

// Payload parsing. Hex: 1 to 64 hex digits, optional "0x", 4 bits per digit. Text: the UTF-8
// bytes, 8 bits per byte, 1 to 32 bytes. Both throw InvalidArgument for empty or over-long input.
Bits parse_hex_payload(std::string_view hex);
Bits parse_text_payload(std::string_view text);
// Bits to hex, zero-padded on the right to a multiple of 4 bits.
std::string bits_to_hex(const Bits& bits);

// P[Bin(n, 1/2) >= k], exact in log space; 1 for k <= 0, 0 for k > n.
double binomial_tail(std::size_t n, std::size_t k);
// k* = min{k : P[Bin(n, 1/2) >= k] <= fpr}; n + 1 when no k qualifies. fpr in (0, 1).
std::size_t binomial_threshold(std::size_t n, double fpr);

struct WatermarkDetection {
  Bits bits;                        // decoded payload, payload_bits long
  std::vector<double> confidence;   // per bit, in [0, 1]; 0.5 = no information
  double score = 0.0;               // scheme-specific detection statistic (documented by the scheme)
  double p_value = 1.0;             // blind test, corrected for `hypotheses`
  std::size_t hypotheses = 1;       // synchronisation hypotheses tried
  std::string hypothesis;           // the one kept, e.g. "rotate 30 flip 0 scale 1"
  // True when p_value <= the requested FPR (WatermarkOptions::detection_fpr).
  bool detected = false;
};

struct WatermarkOptions {
  // Embedding strength in the scheme's own unit; 0 selects the scheme's default. The moment scheme
  // documents its unit; dwtdct and dwtdctsvd take the quantisation step on the 0..255 scale (36).
  double strength = 0.0;
  // False positive rate of the blind detection decision.
  double detection_fpr = 1e-6;
  // dwtdct and dwtdctsvd: reproduce the package's quirks (swapped detail bands, 8-bit truncation,
  // the 256 x 256 minimum) for parity; false gives the fixed variant.
  bool compat = true;
};

class WatermarkScheme {
 public:
  virtual ~WatermarkScheme() = default;
  virtual std::string_view name() const = 0;
  // Largest payload in bits for an image of this size; 0 when the image is too small.
  virtual std::size_t capacity(std::ptrdiff_t height, std::ptrdiff_t width) const = 0;
  // Throws InvalidArgument for an empty payload, a payload above capacity(), or an image with a
  // channel count other than 1 or 3. Const and thread-safe.
  virtual ImageF embed(const ImageF& image, const WatermarkKey& key, const Bits& payload) const = 0;
  virtual WatermarkDetection detect(const ImageF& image, const WatermarkKey& key,
                                    std::size_t payload_bits) const = 0;
};

// "moment", "dwtdct", "dwtdctsvd". Throws InvalidArgument for an unknown name, listing the names.
std::unique_ptr<WatermarkScheme> make_watermark_scheme(std::string_view name,
                                                       const WatermarkOptions& options = {});
std::vector<std::string> watermark_scheme_names();

}  // namespace erlangen::forensics::watermark
