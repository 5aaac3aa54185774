// aHash: the average hash of imagehash 4.3.2 (average_hash).
//
// The luma plane is resized to s x s (s = hash_size) with a float Lanczos-3 filter, and bit
// r * s + c is set when pixel (r, c) is brighter than the mean of the s^2 pixels. The hex form lists
// the bits in that order, bit 0 as the most significant bit of the first digit, with
// ceil(s^2 / 4) digits, as imagehash's str(hash) does.
//
// What holds: invariance to a global brightness offset and a positive contrast gain (up to
// resampling and clamping); any image size, including 1 x 1, gives s^2 bits. What does not:
// rotation, flips and crops change the hash (imagehash's docstring reports 11 of 64 bits for a 6
// degree rotation of its test image). Not bit-exact with imagehash, because Pillow converts to 8-bit
// "L" and resamples in fixed point; docs/hashing.md gives the measured difference.
//
// Quality: spread_quality of the mean |pixel - mean| in 8-bit grey levels (25 per level, capped
// at 100). A uniform image scores 0; quality below 50 sets low_quality.
#pragma once

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics {

// Average hash of a luma plane in [0, 1] (see the file comment). Throws InvalidArgument unless
// hash_size is in [2, 64] and the image is non-empty and single-plane.
HashResult average_hash(const ImageF& luma, int hash_size = 8);

// The "ahash" entry of the hash registry. Default threshold: 10 of 64 bits, scaled to s^2 bits.
HashAlgorithm make_ahash_algorithm();

}  // namespace erlangen::forensics
