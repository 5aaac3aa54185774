// The moment-domain watermark: dither modulation of rotation-invariant local moment magnitudes at
// keyed sites, with a convolutional code and a keyed pilot for blind detection.
//
// Domain. The scheme works on the luma Y = 0.299 R + 0.587 G + 0.114 B, resampled to a canonical
// image whose shorter side is 256 pixels (area averaging when shrinking, Keys' cubic convolution
// when enlarging), so every image from 128 pixels to 8K on its shorter side is marked and read in
// the same geometry. The magnitudes sit on an absolute lattice, so the detector must see the
// moment band at its embedded gain. That is why enlarging is cubic: an image halved below 256
// pixels is enlarged back, and linear interpolation would damp that band by up to 9 %. The luma
// change dY is interpolated linearly back to full size and added equally to R, G and B. That
// changes Y by dY and leaves B - Y and R - Y unchanged, so the colour is kept (up to clipping at 0
// and 1).
//
// Carriers. Sites lie on a keyed jittered lattice in coordinates normalised by s = min(H, W) about
// the image centre, inside the disk of radius 0.5 s minus half a window, so a same-size rotation,
// which loses the corners, keeps every window. Two window sizes are used, s / 16 and s / 8 (16 and
// 32 canonical pixels), with a lattice spacing of one window. At each site, the local moments of
// the polar cosine transform (PCT, V_nm = cos(pi n r^2) e^{i m theta}) of the eight orders with
// n <= 2, 0 <= m <= 2 and (n, m) != (0, 0) each carry one carrier. PCT has a real radial part, so
// |A_nm| of a real image is unchanged by a rotation and a mirror flip of the window about its
// centre (exactly for a continuous image, approximately after resampling), and resizing keeps the
// normalised positions. The detector therefore only searches for the rotation angle and the flip.
//
// Modulation. The magnitude a = |A_nm| (the disk average of Y conj(V_nm), on the 0..1 luma scale)
// is moved to the nearest point of the lattice d_b + Delta Z (a >= 0) of its bit b, with the keyed
// dither d_0 in [0, Delta) and d_1 = d_0 + Delta / 2; the phase is kept. The change is added
// through the adjoint of the dense moment operator (the kernels placed at the sites) and
// re-measured for several passes, because neighbouring windows overlap.
//
// Coding. The payload (1 to 256 bits, any content) gets a CRC-16 and the rate 1/2, constraint
// length 7 convolutional code (code.hpp). A keyed pilot of 64 known bits is prepended, and a keyed
// interleaver spreads these slots over all carriers, each slot on at least 4 carriers.
//
// Detection test, stage 1. For each hypothesis (an angle on a 1 degree grid over the full circle,
// both mirror states, then a 0.25 degree refinement around the best), the soft decisions of the
// carriers are summed per slot. The hypothesis with the highest pilot correlation is kept, and k,
// the number of its pilot slots whose sign agrees with the pilot, gives
//   p1 = N1 * P[Bin(64, 1/2) >= k] * c,
// N1 = 726 the number of hypotheses tried (Bonferroni), and c = 2^-16 when the CRC of the decoded
// payload matches, 1 otherwise. For an unmarked image or another key, the keyed dithers make each
// pilot decision a fair coin, and the CRC of a payload decoded from noise matches with probability
// 2^-16 on carriers that the pilot does not use. So p1 bounds the FPR of stage 1.
//
// Stage 2, crops, only when stage 1 finds nothing. A crop keeping a fraction r of each side is the
// marked image enlarged by 1 / r and shifted, on the crop's canonical grid. The detector shrinks
// the canonical luma by r for r from 1 down to 0.7 in steps of 1.5 %. It then searches the marked
// centre at the 8 quarter-turn and mirror orientations, on a 2 pixel grid within 21 % of each side
// and then on a 0.5 pixel grid around the best. Pilot slots whose carriers all fall off the crop are
// left out, so p2 = N2 * P[Bin(n, 1/2) >= k] * c with n the slots seen and N2 every hypothesis of
// the 0.5 pixel grid that the search could reach (about 7 million for a square image). The
// reported p-value is 2 min(p1, p2), each stage tested at half the FPR. The mark is declared
// present when it is at most detection_fpr: at the default 1e-6 stage 1 needs k >= 56 without a
// CRC match and k >= 48 with one, and stage 2 about k >= 60 and k >= 55 of 64.
//
// Measured on the 12 sample images (shorter sides 300 to 872 pixels) at the default strength with
// a 64-bit payload: the identity, JPEG 50, resize 0.5, rotations by 5 and 137 degrees and a flip
// give k >= 60 and every payload bit. The hardest halving, coins.png from 384 x 303 to 192 x 152,
// gives k = 62. Centred crops of camera.png keeping 90 % and 80 % of each side give k = 62 and 60
// in stage 2, and a crop keeping the top-left 80 % x 75 % gives k = 56 with the CRC matched.
//
// What it does not survive: crops of more than 30 % of a side, crops combined with a rotation that
// is not a quarter turn, padding, aspect-ratio changes, and rotations that do not keep the image
// size unless the shorter side is unchanged. Corner crops that move the centre far are found on
// some images and keys and missed on others (camera.png with one key but not with another). A
// resize keeps the geometry, but a shrink removes the band above the new Nyquist frequency. After
// resize 0.25, 4 of the 12 samples keep every bit, the three fine textures (brick, grass, gravel)
// lose the mark, and 5 fall below the 128-pixel minimum and are rejected. A luma offset changes no
// magnitude (every kernel has zero mean on the disk), but a gain such as brightness or contrast
// times 0.7 scales the magnitudes off the absolute lattice and loses the mark. Stage 2 costs about
// 4.5 s of CPU per image (measured on the 2-core test machine), spent on every image that stage 1
// rejects: unmarked images, wrong keys and heavy attacks.
#pragma once

#include <cstddef>
#include <string_view>

#include "erlangen/forensics/watermark/watermark.hpp"

namespace erlangen::forensics::watermark {

class MomentWatermark final : public WatermarkScheme {
 public:
  // Shortest image side accepted, in pixels.
  static constexpr std::ptrdiff_t kMinimumSide = 128;
  // Largest payload accepted, in bits.
  static constexpr std::size_t kMaximumPayload = 256;
  // Known pilot bits per mark.
  static constexpr std::size_t kPilotBits = 64;
  // Default lattice step Delta on the 0..255 luma scale (WatermarkOptions::strength = 0).
  static constexpr double kDefaultStrength = 1.0;
  // Accepted strengths. Below 0.25 the change (PSNR about 57 dB) is mostly lost to 8-bit rounding;
  // 16 already costs about 24 dB of PSNR.
  static constexpr double kMinimumStrength = 0.25;
  static constexpr double kMaximumStrength = 16.0;
  // Largest ratio of the longer to the shorter side. The scheme resamples the shorter side to 256
  // pixels, so its working image grows with this ratio (a 16:1 image becomes 256 x 4096).
  static constexpr double kMaximumAspect = 16.0;

  // options.strength is the lattice step Delta of the moment magnitudes on the 0..255 luma scale
  // (0 selects kDefaultStrength, otherwise [kMinimumStrength, kMaximumStrength]; InvalidArgument
  // outside). The mean squared luma change grows with Delta^2.
  explicit MomentWatermark(const WatermarkOptions& options = {});

  std::string_view name() const override { return "moment"; }
  // The same for every size whose shorter side is at least kMinimumSide (the layout lives in
  // normalised coordinates); 0 below.
  std::size_t capacity(std::ptrdiff_t height, std::ptrdiff_t width) const override;
  ImageF embed(const ImageF& image, const WatermarkKey& key, const Bits& payload) const override;
  WatermarkDetection detect(const ImageF& image, const WatermarkKey& key, std::size_t payload_bits) const override;

  // Carrier count of a key's layout (the same for every image size).
  std::size_t carrier_count(const WatermarkKey& key) const;
  double step() const { return step_; }  // Delta on the 0..1 luma scale

 private:
  double step_;
  double detection_fpr_;
};

}  // namespace erlangen::forensics::watermark
