// dHash: the difference hash of imagehash 4.3.2 (dhash and dhash_vertical).
//
// Horizontal (default): the luma plane is resized to s + 1 wide by s high (s = hash_size) with a
// float Lanczos-3 filter, and bit r * s + c is set when p[r][c + 1] > p[r][c]. Vertical: resized
// to s wide by s + 1 high, and bit r * s + c is set when p[r + 1][c] > p[r][c]. The hex form is
// imagehash's: the bits in that order, bit 0 as the most significant bit of the first digit.
//
// What holds: invariance to a brightness offset and a positive contrast gain, and s^2 bits for any
// image size. What does not: rotations and flips; a left-right flip inverts most bits of the
// horizontal variant. Not bit-exact with imagehash (Pillow's 8-bit fixed-point resampler).
//
// Quality: spread_quality of the mean |p[next] - p| over the compared pairs, in 8-bit grey
// levels. A uniform image scores 0 and gets an all-zero hash with low_quality set.
#pragma once

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics {

// Difference hash of a luma plane in [0, 1] (see the file comment). Throws InvalidArgument unless
// hash_size is in [2, 64] and the image is non-empty and single-plane.
HashResult difference_hash(const ImageF& luma, int hash_size = 8, bool vertical = false);

// The "dhash" entry of the hash registry (HashOptions::dhash_vertical selects the variant).
// Default threshold: 10 of 64 bits, scaled to s^2 bits.
HashAlgorithm make_dhash_algorithm();

}  // namespace erlangen::forensics
