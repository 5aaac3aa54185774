// Measurement of how well a representation R is invariant under image transforms D:
// for each transform step, compare R(D f) with R(f).
//
// A representation is any function from an image to labelled feature values
// (global moment magnitudes, a phase-cancelled set, Hu's invariants, dense
// maps). For values tied to positions (dense maps), an optional mapping turns
// R(f) into the values expected for D f, for example by moving a map the way D
// moves pixels; without it the values are compared index by index.
//
// Error of one step, over the K compared values:
//   e_k = |R(D f)_k - R(f)_k| / max_k |R(f)_k|,   reported as max_k e_k and mean_k e_k.
// Normalising by the largest reference value, not by each value, keeps values
// near zero from dominating; the errors are therefore relative to the scale of
// the whole representation.
//
// Rotations by angles that are not multiples of 90 degrees need interpolation
// (bicubic by default), and the square corners would rotate out of and into
// the image. The measurement therefore works on a disk-masked image: pixels
// whose centres lie outside the disk inscribed in the square (radius N/2 pixels
// about ((N-1)/2, (N-1)/2), the edge grid of the moment plans) are set to 0
// before any transform, and again after every rotation. What remains in the
// error is the interpolation error and the discretisation of the disk, not the
// corners. Quarter turns and flips use the exact pixel permutations, so for
// real radial families their errors are at rounding level (about 1e-13).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/core/transform.hpp"

namespace erlangen::moments {

enum class TransformKind {
  rotate,           // by `value` degrees counter-clockwise, interpolated
  rotate90,         // by `value` quarter turns counter-clockwise, exact
  flip_left_right,  // exact
  flip_up_down,     // exact
  translate,        // by `value` columns right and `value2` rows down, interpolated
  scale,            // about the centre by the factor `value`, interpolated
};

// One transform D applied to the image.
struct TransformStep {
  TransformKind kind = TransformKind::rotate;
  double value = 0.0;
  double value2 = 0.0;

  // For example "rotate 15", "rot90 2", "flip lr", "translate 3 -2", "scale 0.75".
  std::string text() const;
};

// The steps of one --transform argument and the name of its parameter, for tables and plots.
struct TransformSweep {
  std::string spec;       // the argument as given, for example "rotate:0:360:15"
  std::string parameter;  // for example "angle (degrees)", "quarter turns", "scale factor"
  std::vector<TransformStep> steps;
};

// Parses a sweep. Accepted forms:
//   rotate:FROM:TO:STEP  angles FROM, FROM + STEP, ... up to TO inclusive (degrees)
//   rotate:ANGLE         one angle
//   rot90                1, 2 and 3 quarter turns
//   flip:lr, flip:ud     left-right and up-down mirror
//   translate:DX:DY      DX columns right, DY rows down
//   scale:FROM:TO:STEP   factors FROM, FROM + STEP, ... up to TO inclusive (each > 0)
//   scale:FACTOR         one factor
// A sweep has at most 100000 steps. Throws InvalidArgument naming the argument
// and the accepted forms.
TransformSweep parse_transform_sweep(std::string_view spec);

// A representation under test.
struct Representation {
  std::string name;  // for example "ZM K=20 magnitude"
  std::function<LabelledFeatures(ImageView<const float>)> compute;
  // Optional: returns the values that R(D f) should equal, given R(f) and D.
  // Entries that are not finite are left out of the comparison (for example
  // positions that D moves outside the image).
  std::function<LabelledFeatures(const LabelledFeatures& reference, const TransformStep& step)> expected_after;
};

struct InvarianceOptions {
  Interpolation interpolation = Interpolation::bicubic;  // for rotate, translate and scale
  bool mask_disk = true;  // set pixels outside the inscribed disk to 0 (see the file comment)
};

// Result of one transform step.
struct InvarianceRow {
  std::size_t sweep = 0;  // index of the sweep in the request
  TransformStep step;
  double max_relative_error = 0.0;
  double mean_relative_error = 0.0;
  std::size_t worst_index = 0;  // index of the value with the largest error
  FeatureLabel worst_label;
  std::size_t compared = 0;     // values compared (finite expected values)
};

struct InvarianceReport {
  std::string representation;
  LabelledFeatures reference;  // R(f) of the (masked) input image
  double reference_scale = 0.0;  // max_k |R(f)_k|, the denominator of every error
  std::vector<TransformSweep> sweeps;
  std::vector<InvarianceRow> rows;
};

// Sets the pixels whose centres lie outside the disk inscribed in a square
// image (radius side/2 about the centre) to 0. Throws InvalidArgument for a
// non-square image.
ImageF mask_to_disk(ImageView<const float> image);

// Applies one step to an image (without masking).
ImageF apply_transform(ImageView<const float> image, const TransformStep& step,
                       Interpolation interpolation = Interpolation::bicubic);

// Called after each step with the number of steps done and the total.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

// Computes R(f) once and, for every step of every sweep, R(D f) and its errors.
// Throws InvalidArgument for a non-square or empty image, a representation
// without a compute function, a reference representation whose values are all
// 0 or not finite (no scale to compare against), and when R(D f) has another
// length or other labels than R(f).
InvarianceReport measure_invariance(ImageView<const float> image, const Representation& representation,
                                    const std::vector<TransformSweep>& sweeps,
                                    const InvarianceOptions& options = {},
                                    const ProgressCallback& progress = {});

}  // namespace erlangen::moments
