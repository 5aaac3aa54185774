// PDQ: Meta's 256-bit perceptual hash with its gradient quality score, written from the algorithm
// description in the PDQ documentation of facebook/ThreatExchange (pdq/cpp, commit baefb4e).
//
// Steps, on luma scaled to 0..255 (Y = 0.299 R + 0.587 G + 0.114 B, float):
//   1. An image wider or taller than 512 is resized to exactly 512 x 512 by nearest neighbour,
//      taking input pixel floor(k N / 512) (CImg's default resize, which the reference uses); the
//      aspect ratio is not kept.
//   2. An image with a side below 5 gets the all-zero hash with quality 0.
//   3. Jarosz tent filter: two passes of a box filter along every row (window ceil(W / 128)) and
//      then along every column (window ceil(H / 128)); see pdq_box_filter.
//   4. Decimation to 64 x 64: output k takes input floor((k + 0.5) N / 64) in each direction.
//   5. Quality: the sum over all horizontally and vertically adjacent pairs (u, v) of
//      |trunc((u - v) * 100 / 255)|, divided by 90 with integer division and capped at 100.
//   6. B = D A D^T with D[i][j] = sqrt(2/64) cos(pi / 128 (i + 1)(2j + 1)), i, j in 0..15 x 0..63:
//      the 16 x 16 lowest non-DC frequencies, row index i vertical.
//   7. Bit 16 i + j = B[i][j] > median of the 256 values.
// Storage and hex: bit k is bit k & 15 of 16-bit word k >> 4; the 64-digit hex prints word 15 first
// and word 0 last, so it is the 256-bit integer with bit k at value 2^k, most significant first.
//
// Thresholds: distance <= 31 of 256 is a match, and quality below 50 is low quality (the PDQ
// documentation discards quality <= 49).
//
// What holds: robustness to resizing, JPEG compression and mild blur; the 8 dihedral hashes are
// exact for the 64 x 64 buffer. What does not: those dihedral hashes are not exactly the hashes of
// rotated or flipped images, because the 512 resize, the box filter windows and the decimation are
// not symmetric under those transforms. Rotations by angles other than multiples of 90 degrees and
// crops change many bits.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics {

// Order of the dihedral hashes in HashResult::dihedral. Each names the transform of the 64 x 64
// buffer (row 0 at the top) whose hash it is; rotations are counter-clockwise as seen on screen.
// The order is that of the reference pdq-photo-hasher --pdqdih output (checked on camera.png).
enum class PdqDihedral {
  original = 0,
  rotate90 = 1,
  rotate180 = 2,
  rotate270 = 3,
  flip_up_down = 4,
  flip_left_right = 5,
  transpose = 6,   // mirror about the main diagonal
  transverse = 7,  // mirror about the anti-diagonal
};

// PDQ hash of a luma plane in [0, 1] (see the file comment). With `dihedral`, the result also contains
// the 8 dihedral hashes in PdqDihedral order. Throws InvalidArgument for an empty or multi-plane
// image.
HashResult pdq_hash(const ImageF& luma, bool dihedral = false);

// The "pdq" entry of the hash registry; HashOptions::pdq_dihedral fills HashResult::dihedral.
HashAlgorithm make_pdq_algorithm();

// Converts to and from PDQ's hex form (word 15 first). pdq_from_hex accepts upper and lower case,
// and it throws InvalidArgument for a length other than 64 or a non-hex digit.
std::string pdq_to_hex(const BitHash& bits);
BitHash pdq_from_hex(std::string_view hex);

// Building blocks, exposed for tests.

// One box filter pass with window w >= 1: out[i] = mean of in[j] for j in [i - (w - h), i + h - 1]
// with h = floor((w + 2) / 2), clipped to the vector, divided by the number of samples used.
// Computed with a running sum in double.
std::vector<float> pdq_box_filter(std::span<const float> values, int window);

// The Jarosz tent filter of step 3 on a plane of any size >= 1 x 1.
ImageF pdq_jarosz_filter(const ImageF& plane);

// Step 4: the 64 x 64 decimation.
ImageF pdq_decimate(const ImageF& filtered);

// Step 5: the quality of a 64 x 64 buffer on the 0..255 scale.
int pdq_quality(const ImageF& buffer);

// Steps 6 and 7 (and the dihedral hashes) on a 64 x 64 buffer on the 0..255 scale; sets quality by
// pdq_quality. Throws InvalidArgument unless the buffer is 64 x 64 with one plane.
HashResult pdq_hash_from_buffer(const ImageF& buffer, bool dihedral = false);

}  // namespace erlangen::forensics
