// Moment hash: a perceptual hash built on dense local moment magnitudes (the dense invariant
// representation, DIR, of Qi, Zhang, Wang, Zhou, Cao, "A Principled Design of Image
// Representation: Towards Forensic Tasks", IEEE TPAMI 2023).
//
// Both modes share one front end:
//   1. luma (the caller passes one plane; moment_hash(const ImageF&) applies BT.601 to RGB);
//   2. resampling to 256 x 256 by exact area averaging (dihedral mode: the whole image, so the
//      aspect ratio is not kept; rotation mode: the central square of side min(H, W) first);
//   3. dense PCT local moments of the orders getNM(3) = {0..3} x {0..3} (16 channels) at window
//      sides {8, 10, 12}, edge geometry, 4 x 4 midpoint sub-pixel kernels, symmetric padding by
//      6 pixels, magnitudes averaged over the three scales. The 257 x 257 output samples sit on
//      the pixel corners 0..256 of the resized image.
//
// Mode `dihedral` (1024 bits). Each channel is averaged over an 8 x 8 grid of 32 x 32 cells
// (trapezoid weights on the corner lattice, so the cells partition the image), and bit
// k * 64 + 8 * row + col is 1 when cell (row, col) of channel k exceeds the median of that
// channel's 64 cells. PCT has a real radial function, so its local magnitudes are rotated and
// mirrored exactly with the image on the pixel grid. The hash of a rotated-by-90-degrees or
// mirrored image is therefore a permutation of the cells of the original hash, except for
// cells whose value equals the median to within floating-point rounding. dihedral_variants()
// builds the 8 permuted hashes, and moment_hash_distance() takes the minimum over them.
//
// Mode `rotation` (256 bits). The pooling regions are rings about the image centre, which a
// rotation maps onto themselves. Within the disk of radius 122 pixels (128 minus the largest
// window radius, so that no window reaches the corners that a rotation replaces), each channel
// map D is reduced to ring features
//
//   F(ring r, frequency q) = | sum_p w_r(p) D(p) e^{-j q theta_p} | / sum_p w_r(p),
//
// w_r a triangular radial weight centred on ring r and theta_p the angle of sample p about
// the centre. A rotation by phi multiplies the inner sum by e^{-j q phi}, so F is invariant in
// the continuous domain; on the pixel grid it is invariant up to interpolation and sampling
// error (exactly for multiples of 90 degrees and mirror flips). The bits compare each
// channel's ring profile with its median over the rings. See moment_hash.cpp for the layout and
// the reasons for these choices.
//
// Neither mode is invariant to crops, translation, perspective or large non-uniform scaling. Gain
// and offset change the magnitudes linearly, and the per-channel medians absorb a global gain.
// Hashing is deterministic and thread-safe. The only global state is built once on first use: the
// dense plan, the ring weights and the constant-image response.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/bits.hpp"

namespace erlangen::forensics {

struct HashAlgorithm;  // forensics/hash/hash.hpp

enum class MomentHashMode {
  rotation,  // 256 bits, robust to rotation by any angle about the image centre
  dihedral,  // 1024 bits, exact for the 8 rotations by multiples of 90 degrees and flips
};

std::string_view to_string(MomentHashMode mode);  // "rotation" or "dihedral"
// Accepts "rotation" and "dihedral". Throws InvalidArgument listing them for other text.
MomentHashMode parse_moment_hash_mode(std::string_view text);

// Hash length in bits: 256 (rotation) or 1024 (dihedral).
std::size_t moment_hash_bits(MomentHashMode mode);

// Default decision threshold: distance <= threshold is a match. Measured on the 12 sample
// images under mild attacks (docs/hashing.md, section "Moment hash").
std::size_t moment_hash_threshold(MomentHashMode mode);

// Quality below this value sets HashResult::low_quality.
inline constexpr int moment_hash_low_quality_below = 50;

// Pooled real values before quantisation: for dihedral mode 16 channels x 64 cells, for rotation
// mode the rotation features (see moment_hash.cpp), in bit order. `groups` is the number of
// median groups, and each group contains values.size() / groups consecutive values.
struct MomentHashFeatures {
  MomentHashMode mode = MomentHashMode::rotation;
  std::vector<double> values;
  std::size_t groups = 0;
};

// Computes the pooled features of one luma plane. Any size from 1 x 1 up is accepted (tiny
// images are upsampled by the area resampler), values should be in [0, 1]. Throws
// InvalidArgument for an empty image or a NaN or infinite pixel.
MomentHashFeatures moment_hash_features(ImageView<const float> luma, MomentHashMode mode);

// Quantises features to bits and computes the quality score 0..100 from the amount of structure
// in 8-bit grey levels: the spread of the local mean over the cells or rings plus the mean local
// contrast of the 15 other channels, 25 points per grey level, capped at 100. A constant image
// scores 0, and an image with less than 2 grey levels of structure is low quality.
HashResult quantise_moment_features(const MomentHashFeatures& features);

// The moment hash of a luma plane (moment_hash_features, then quantise_moment_features).
// HashResult::algorithm is "moment" (rotation) or "moment-dihedral".
HashResult moment_hash(ImageView<const float> luma, MomentHashMode mode);
// The same for a 1-plane (grey) or 3-plane (R, G, B) image; RGB is converted to BT.601 luma.
// Throws InvalidArgument for other plane counts.
HashResult moment_hash(const ImageF& image, MomentHashMode mode);

// The 8 elements of the dihedral group of the square, as transforms of an image.
enum class Dihedral {
  identity,
  rotate90,   // counter-clockwise, as erlangen::rotate90(image, 1)
  rotate180,
  rotate270,
  flip_left_right,
  flip_up_down,
  transpose,
  anti_transpose,  // mirror about the anti-diagonal
};

// The hash that the transformed image would get, for each of the 8 transforms in the order of
// Dihedral, derived from a dihedral-mode hash by permuting its cells. Throws InvalidArgument
// unless the hash has 1024 bits.
std::array<BitHash, 8> dihedral_variants(const BitHash& hash);

// Hamming distance for the mode: for dihedral, the minimum over the 8 variants of b; for
// rotation, the plain distance. Throws InvalidArgument when a length does not fit the mode.
std::size_t moment_hash_distance(const BitHash& a, const BitHash& b, MomentHashMode mode);

// The registry entries "moment" (rotation mode) and "moment-dihedral" (dihedral mode). Their hex
// form lists the bits in order, bit 0 as the most significant bit of the first digit (64 digits
// for rotation, 256 for dihedral). They accept no HashOptions::parameters. "moment-dihedral" fills
// HashResult::dihedral with dihedral_variants(bits), so that matching can take the minimum over them
// as moment_hash_distance does.
HashAlgorithm make_moment_algorithm(MomentHashMode mode);

}  // namespace erlangen::forensics
