// Named, parameterised image distortions ("attacks") for robustness evaluation of
// perceptual hashes and watermarks.
//
// Every distortion is a pure function of (image, parameters, seed): the same
// arguments give the same output on every run and thread, and the seed only
// matters for the random ones (random crop, noise, salt and pepper, text
// overlay, erasing). Inputs are ImageF of 1 (grey) or 3 (R, G, B) planes with
// samples in [0, 1]; outputs have the same plane count and are clipped to
// [0, 1]. Geometric distortions may change the size (resize, crop, expanding
// rotation, quarter turns of non-square images).
//
// A distortion is written as a spec "name[:value][:option]...", for example
// "jpeg:70", "jpeg444:50", "resize:0.5:lanczos3", "crop:0.2:back",
// "rotate-crop:30", "blur:1:k5" or "fliph". A chain joins specs with commas
// and applies them left to right: "crop:0.5,brightness:1.5,jpeg:80".
// distortion_operations() lists every name with its value range, and the
// parser rejects anything else with a message that names the operation, the
// value, the accepted range and the fix.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "erlangen/core/image.hpp"

namespace erlangen::forensics {

enum class DistortionOp {
  none,           // identity
  jpeg,           // libjpeg round trip at quality value (integer 1..100), 4:2:0 chroma
  jpeg444,        // the same with 4:4:4 chroma (no chroma subsampling)
  resize,         // scale both sides by value (output side = round(value * side), at least 1)
  crop,           // centre window of (1 - value) times each side: value is the removed fraction of a side
  crop_random,    // window of the same size as crop, at a random position
  crop_area,      // centre window keeping the fraction value of the area (sides times sqrt(value))
  crop_corner,    // window of the same size as crop, anchored at the bottom-right corner
  rotate,         // rotation by value degrees counter-clockwise, same size, corners filled with 0
  rotate_crop,    // rotation, then the largest axis-aligned rectangle that contains no fill
  rotate_expand,  // rotation into a canvas that contains the whole rotated image, fill 0
  rot90,          // exact quarter turn counter-clockwise
  rot180,
  rot270,
  flip_h,  // mirror left-right
  flip_v,  // mirror top-bottom
  blur,         // Gaussian blur with sigma = value pixels
  noise,        // additive Gaussian noise with standard deviation value, in floating point, then clipped
  salt_pepper,  // the fraction value of pixels set to black or white (half each)
  brightness,   // Pillow ImageEnhance.Brightness factor
  contrast,     // Pillow ImageEnhance.Contrast factor
  saturation,   // Pillow ImageEnhance.Color factor
  sharpness,    // Pillow ImageEnhance.Sharpness factor
  gamma,        // out = in^value
  median,       // value x value median filter (odd integer)
  text,         // random text, glyph height value times the image height
  erase,        // random rectangle of the fraction value of the area set to 0
};

// Resampling kernels of resize and of the "back" option. Downscaling widens
// every kernel but nearest by the scale factor (antialiasing), so "box" averages
// the input pixels that an output pixel covers.
enum class ResampleKernel { nearest, box, bilinear, bicubic, lanczos3 };

// One distortion with its parameters.
struct Distortion {
  DistortionOp op = DistortionOp::none;
  double value = 0.0;  // meaning and range per operation, see distortion_operations()
  // Kernel of resize and of "back"; rotations accept nearest, bilinear and bicubic.
  ResampleKernel kernel = ResampleKernel::bicubic;
  // Option "back": resample the result to the input size (resize, the crops, rotate-crop,
  // rotate-expand).
  bool back = false;
  // Option "kN": Gaussian blur kernel of N x N taps (odd); 0 takes 2 ceil(3 sigma) + 1.
  int blur_taps = 0;
};

using DistortionChain = std::vector<Distortion>;

// Description of one operation for help texts and error messages.
struct DistortionInfo {
  DistortionOp op;
  std::string_view name;   // spec name, such as "jpeg444"
  bool has_value;          // false for none, rot90, rot180, rot270, fliph, flipv
  bool integer;            // the value must be an integer
  double min_value;        // accepted range, inclusive
  double max_value;
  std::string_view meaning;  // what the value sets, with its unit
};

// Every operation, in the order of DistortionOp.
std::span<const DistortionInfo> distortion_operations();
const DistortionInfo& distortion_info(DistortionOp op);

// Parses one spec ("rotate:30") or a comma-separated chain. Throws
// InvalidArgument for an unknown name, a missing, extra, non-numeric or
// out-of-range value, an option the operation does not take, or an empty spec.
Distortion parse_distortion(std::string_view spec);
DistortionChain parse_distortion_chain(std::string_view spec);

// Canonical spec that parses back to the same distortion ("resize:0.5:lanczos3:back").
std::string to_spec(const Distortion& distortion);
std::string to_spec(const DistortionChain& chain);

// Applies one distortion. Throws InvalidArgument for an image with no pixels
// or with other than 1 or 3 planes, and for a parameter outside its range.
ImageF apply_distortion(const ImageF& image, const Distortion& distortion, std::uint64_t seed = 0);
// Applies a chain left to right. Step k draws its randomness from a seed
// derived from (seed, k), so repeated steps of one chain are independent.
ImageF apply_distortions(const ImageF& image, const DistortionChain& chain, std::uint64_t seed = 0);

// One attack of a suite: a chain with the family it belongs to and a strength
// on that family's axis, for tables and plots.
struct SuiteEntry {
  std::string spec;   // canonical chain spec, also the attack's name in reports
  std::string group;  // family such as "jpeg", "rotate", "crop"; "combined" for chains from suite tables
  double strength = 0.0;  // the first step's value (0 for operations without one)
  DistortionChain chain;
};

// Names of the built-in suites. "hash" is the perceptual-hash evaluation: JPEG 90
// to 20, resize 0.25 to 2, rotations 1 to 45 degrees and the quarter turns,
// flips, crops of 5 to 30 %, blur, noise, brightness, contrast, gamma and text.
// "watermark-classic" lists the classic attacks of WatermarkAttacker,
// "stable-signature" the attacks of the Stable Signature evaluation, and
// "watermark" both. "quick" is a short subset of "hash" for smoke tests.
// "watermark-eval" is the robustness suite of `erlangen watermark-eval`: JPEG 90 to 20 at 4:2:0
// and 4:4:4, resize 0.25 to 2, rotations of 2 to 45 degrees, quarter and half turns, flips,
// crops of 5 to 20 %, blur, noise, brightness, contrast, median and three chains ending in JPEG.
std::vector<std::string> distortion_suite_names();
// Throws InvalidArgument for an unknown name, listing the known ones.
std::vector<SuiteEntry> distortion_suite(std::string_view name);

// Parses a suite file: one chain spec per line; blank lines and lines starting
// with '#' are skipped. A line "group = spec" sets the group explicitly. Throws
// InvalidArgument naming the line number of an invalid spec, or when no line
// contains a spec.
std::vector<SuiteEntry> parse_suite(std::string_view text);
// Builds an entry from a chain: group = the first step's name, strength = its value.
SuiteEntry make_suite_entry(const DistortionChain& chain);

// The individual distortions, for callers that need one without a spec.

// Separable resampling to rows x cols with the kernel, edge pixels extended.
ImageF resample(const ImageF& image, std::ptrdiff_t rows, std::ptrdiff_t cols, ResampleKernel kernel);
// Window [top, top + rows) x [left, left + cols), which must lie inside the image.
ImageF crop_window(const ImageF& image, std::ptrdiff_t top, std::ptrdiff_t left, std::ptrdiff_t rows,
                   std::ptrdiff_t cols);
// Size (rows, cols) of the largest-area centred axis-aligned rectangle that lies
// inside a rows x cols rectangle rotated by `degrees` about its centre and also
// inside the unrotated rows x cols canvas. That is the region without fill
// after a rotation that keeps the size, as rotate-crop uses it.
std::pair<double, double> inscribed_rectangle(double rows, double cols, double degrees);
// Gaussian blur per plane, weights exp(-x^2 / (2 sigma^2)) normalised to sum 1,
// `taps` x `taps` (odd; 0 for 2 ceil(3 sigma) + 1), borders mirrored without
// repeating the edge pixel. sigma = 0 returns the image unchanged.
ImageF gaussian_blur(const ImageF& image, double sigma, int taps = 0);
// k x k median per plane (k odd), borders mirrored as in gaussian_blur.
ImageF median_filter(const ImageF& image, int k);
// Draws `text` with its top-left corner at (top, left), each font pixel as
// `scale` x `scale` pixels in `colour` (one value per plane). The font has the
// letters A-Z and the digits 0-9. Lower case is drawn as upper case, and other
// characters leave a blank cell. Pixels outside the image are skipped.
void draw_glyph_text(ImageF& image, std::string_view text, std::ptrdiff_t top, std::ptrdiff_t left, int scale,
                     std::span<const float> colour);
// Font metrics: a glyph is 5 x 7 font pixels and the advance is 6.
inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kGlyphAdvance = 6;

}  // namespace erlangen::forensics
