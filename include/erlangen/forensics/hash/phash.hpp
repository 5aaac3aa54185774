// pHash: DCT-based perceptual hashes, in imagehash's form and in the pHash C++ library's forms.
//
// phash_variant "imagehash" (default; imagehash 4.3.2 phash with highfreq_factor 4):
//   resize the luma to N x N, N = 4 s (s = hash_size), with a float Lanczos-3 filter; take the
//   unnormalised 2-D DCT-II X[u][v] = 4 sum_y sum_x p[y][x] cos(pi u (2y + 1) / 2N)
//   cos(pi v (2x + 1) / 2N) (SciPy's fftpack.dct along rows then columns); keep the s x s block
//   u, v < s including the DC term; bit u * s + v = X[u][v] > median of the block (the mean of the
//   two middle values). Hex form as imagehash prints it, bit 0 first.
//
// phash_variant "dea9ffc", "lsb", "canonical" (pHash C++ ph_dct_imagehash, s fixed at 8):
//   sum over a 7 x 7 box with edge replication (CImg's Neumann border), nearest-neighbour resize
//   to 32 x 32 taking input pixel floor(k N / 32) (CImg's default resize), orthonormal DCT
//   D = C img C^T with C[0][x] = 1/sqrt(32), C[k][x] = sqrt(2/32) cos(pi k (2x + 1) / 64).
//     dea9ffc   c_0..c_63 = D[1..8][1..8] row by row, bit = c_k > median of the 64, and c_k goes to
//               bit 64 - k of the 64-bit integer: c_0 is shifted out and integer bit 0 is always 0
//               (63 information bits), as aetilius/pHash at commit dea9ffc does.
//     lsb       the same coefficients with c_k in integer bit k (64 information bits).
//     canonical c_0..c_63 = D[0..7][0..7] row by row, bit = c_k > median of the 63 AC values
//               (c_1..c_63), c_k in integer bit 63 - k. The pHash revisions that use this block do
//               not fix a bit order that we could check; this order is our choice.
//   The hex form is the 64-bit integer as 16 digits, as pHash prints ulong64 values with %016llx.
//   The luma is BT.601 Y in [0, 1]. pHash uses Y of 8-bit studio-range YCbCr, 16 + 219 Y, an affine
//   map that changes no comparison because the DC row and column are either skipped or hold one
//   coefficient, but pHash rounds Y to 8 bits and we do not.
//
// What holds: invariance to brightness offset and contrast gain; 64 bits (s^2 for imagehash) for
// any image size. What does not: rotations beyond a few degrees, flips and crops.
//
// Quality: spread_quality of the mean |c - median| over the thresholded AC coefficients (the DC
// term measures brightness, not structure), converted to orthonormal DCT coefficients in 8-bit grey
// levels: X / 2N for imagehash's unnormalised DCT (exact when neither frequency index is 0, within
// a factor sqrt(2) otherwise), D / 49 for the 7 x 7 box sum. The orthonormal DCT keeps the noise
// level of the pixels, so 8-bit quantisation noise scores near 0. A uniform image scores 0 and is
// marked low_quality.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/hash.hpp"

namespace erlangen::forensics {

// pHash of a luma plane in [0, 1] with one of the variants in the file comment. Throws
// InvalidArgument for an unknown variant, a hash_size outside [2, 64], a hash_size other than 8
// for the C++ variants, or an empty or multi-plane image.
HashResult perceptual_hash(const ImageF& luma, std::string_view variant = "imagehash", int hash_size = 8);

// The "phash" entry of the hash registry. Default threshold: 10 of 64 bits, scaled to s^2 bits for
// the imagehash variant.
HashAlgorithm make_phash_algorithm();

// Scaling of dct2.
enum class DctScaling {
  scipy_unnormalised,  // X[u][v] = 4 sum sum p cos cos (SciPy fftpack.dct type II, norm=None)
  orthonormal,         // C p C^T with the orthonormal DCT-II matrix C
};

// 2-D DCT-II of an n x n row-major block, computed as two passes of 1-D transforms (O(n^3)).
// Row index u of the result is the vertical frequency. Exposed for tests against a direct sum.
std::vector<double> dct2(const std::vector<double>& block, std::ptrdiff_t n, DctScaling scaling);

}  // namespace erlangen::forensics
