// The two frequency-domain baselines of the invisible-watermark package (ShieldMnt, v0.2.0,
// commit 68d0376): "dwtDct" and "dwtDctSvd", written from the published description of the method.
//
// Both schemes quantise one value per 4 x 4 block of the one-level Haar LL band of a colour
// channel. A 4 x 4 LL block covers 8 x 8 pixels. Block t in raster order carries payload bit
// t mod L, so the payload tiles the image. With step D (default 36, on the 0..255 scale of the
// channel) a value v carrying bit b becomes
//     sign(v) (floor(|v| / D) + 1/4 + b / 2) D,
// which is quantisation index modulation with reconstruction points at 1/4 and 3/4 of each cell.
// The decoder scores a block 1 when (|v| mod D) > D / 2, averages the scores of the blocks of
// each bit, and reads the bit as 1 when mean * 255 > 127, so a tie of scores reads as 1.
//   dwtdct     v is the LL coefficient of largest magnitude among the 15 positions of the
//              block other than the top-left one (row-major, the first maximum on ties). The
//              package's name notwithstanding, no DCT is applied. The decoder recomputes the
//              position, so any change of the largest coefficient loses that block.
//   dwtdctsvd  v is the largest singular value of the orthonormal 4 x 4 DCT-II of the block.
//              An orthonormal transform keeps singular values, so this is the largest singular
//              value of the block itself, and the code changes the block by the rank-one term
//              (s0' - s0) u0 v0^T of its singular value decomposition.
//
// Colour. A three-plane image (R, G, B in [0, 1]) is marked in the U channel of the YUV model
// Y = 0.299 R + 0.587 G + 0.114 B, U = 0.492 (B - Y) + 128, V = 0.877 (R - Y) + 128 (0..255
// scale), which is what the package's default channel scales [0, 36, 36] (dwtDct) and
// [0, 36, 0] (dwtDctSvd) amount to, because its channel loop stops before V. A one-plane image
// is marked in its grey values, in both modes without quirks 1, 2, 3 and 6 below: the package
// never transforms a channel other than U, and the swapped detail bands and the truncation would
// cost the grey camera.png 18 dB of PSNR (25.2 dB against 43.7 dB). Compat mode keeps the
// 256 x 256 minimum.
//
// Quirks of the package, reproduced when WatermarkOptions::compat is true (the default) and
// fixed when it is false:
//   1. 8-bit colour conversion. The image is rounded to 8 bits and converted with OpenCV's
//      fixed-point BGR <-> YUV code (14 fractional bits, saturated to 0..255), and the YUV
//      planes stay 8-bit. Every pixel therefore moves by the YUV round trip, marked or not.
//      Fixed: the conversion is done in floating point, and only U changes, so the inverse
//      changes B and G only, and only where U changed.
//   2. Swapped detail bands. The inverse Haar transform receives the horizontal and vertical
//      detail bands in exchanged order, which transposes every 2 x 2 pixel cell (the top-right
//      and bottom-left pixels swap) wherever the transform runs, whether or not its LL changed.
//      Fixed: the bands go back in their own order.
//   3. 8-bit truncation. The reconstructed channel is stored into the 8-bit array, so the
//      fraction is dropped (toward zero) and values outside 0..255 wrap modulo 256, as a
//      float-to-uint8 cast does on x86-64 (C leaves it undefined). Fixed: the marked channel
//      stays in floating point, and the output is clipped to [0, 1] only.
//   4. Minimum size. Images with height * width < 256 * 256 are rejected with the package's
//      message "image too small, should be larger than 256x256". Fixed: any image with at
//      least one 8 x 8 block is accepted.
//   5. Region. Only the top-left floor(H / 4) 4 x floor(W / 4) 4 area is transformed, and of
//      its LL band only whole 4 x 4 blocks carry bits. In both modes the marked area is the
//      top-left floor(H / 8) 8 x floor(W / 8) 8 pixels. Compat mode additionally applies quirks
//      2 and 3 to the rest of the 4-aligned area.
//   6. Haar arithmetic. Compat mode evaluates the Haar filters as products with the rounded
//      constant 1/sqrt(2), axis by axis in PyWavelets' order, so that values near an integer
//      truncate exactly as the package's do. Fixed mode uses sums and halves, which are exact
//      for 8-bit input.
//
// The key is unused: these schemes are keyless, so anyone can read or overwrite the mark.
//
// Blind detection. The package has no detection test, and none is offered here:
// detect() always returns p_value = 1 and detected = false. A test on the agreement of the
// blocks that share a bit has no valid null distribution without a key, because neighbouring
// blocks of smooth content score alike, and with L bits tiled in raster order the blocks of one
// bit often form a column of the block grid. Evaluations use the known-payload binomial test.
// WatermarkDetection::score is the mean over bits of the fraction of blocks that agree with
// the decoded bit (1 on a freshly marked image, about 0.5 plus a spread on unmarked content).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"

namespace erlangen::forensics::watermark {

// The block value that carries the bit.
enum class DwtDctMethod {
  max_coefficient,  // "dwtdct": the largest-magnitude LL coefficient of the block but the first
  singular_value,   // "dwtdctsvd": the largest singular value of the block
};

// Default quantisation step of both schemes, on the 0..255 scale.
inline constexpr double kDwtDctDefaultStep = 36.0;

// Creates "dwtdct" or "dwtdctsvd". options.strength > 0 replaces the step of 36;
// options.compat selects the package's quirks (see above). detection_fpr is stored but unused,
// because detect() never declares a mark.
std::unique_ptr<WatermarkScheme> make_dwtdct_method_scheme(DwtDctMethod method, const WatermarkOptions& options);

// The parts of the schemes, exposed for tests.
namespace dwtdct_detail {

// One level of the orthonormal 2-D Haar transform of an image with even height and width.
// For the 2 x 2 cell [a b; c d]: ll = (a + b + c + d) / 2, horizontal = (a + b - c - d) / 2
// (top minus bottom), vertical = (a - b + c - d) / 2 (left minus right),
// diagonal = (a - b - c + d) / 2. These are PyWavelets' cA, cH, cV and cD of dwt2(x, "haar").
struct HaarBands {
  ImageD ll;
  ImageD horizontal;
  ImageD vertical;
  ImageD diagonal;
};

// Evaluation of the filters: `exact` with sums and halves (exact for integers below 2^51),
// `pywavelets` as products with the rounded 1/sqrt(2) in PyWavelets' order (forward along rows
// first, inverse along columns first).
enum class HaarArithmetic { exact, pywavelets };

// Throws InvalidArgument when the height or width is odd or zero.
HaarBands haar_forward(ImageView<const double> image, HaarArithmetic arithmetic);
// Inverts haar_forward. Throws InvalidArgument when the four bands differ in size.
ImageD haar_inverse(const HaarBands& bands, HaarArithmetic arithmetic);

// The quantisation rule: sign(v) (floor(|v| / step) + 1/4 + bit / 2) step. step > 0.
double quantise(double value, double step, int bit);
// The block score: 1 when (|v| mod step) > step / 2, else 0.
int read_score(double value, double step);

// OpenCV's 8-bit BGR -> YUV and YUV -> BGR, one pixel (fixed point with 14 fractional bits,
// results saturated to 0..255). Arguments and results in the order R, G, B and Y, U, V.
void rgb_to_yuv8(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t& y, std::uint8_t& u, std::uint8_t& v);
void yuv_to_rgb8(std::uint8_t y, std::uint8_t u, std::uint8_t v, std::uint8_t& r, std::uint8_t& g, std::uint8_t& b);

// What a float-to-uint8 cast does on x86-64: truncation toward zero, then the low 8 bits of the
// 32-bit integer (so 256.5 -> 0 and -1.5 -> 255). NaN and values beyond the int32 range give 0.
std::uint8_t truncate_to_uint8(double value);

}  // namespace dwtdct_detail

}  // namespace erlangen::forensics::watermark
