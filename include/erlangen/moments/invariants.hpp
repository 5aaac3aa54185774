// Rotation, flip, translation and scale invariants of global moments, and Hu's
// seven moment invariants as the classical baseline.
//
// A rotation of the image by phi about the disk centre multiplies M_nm by
// e^{-j m phi}. Everything here follows from that (standard moment-invariant
// theory; see Qi et al., "A Survey of Orthogonal Moments for Image
// Representation", ACM Computing Surveys 2021). On the pixel grid it holds
// exactly (to rounding) for multiples of 90 degrees and mirror flips, and only
// approximately for other angles, which need interpolation.
#pragma once

#include <cstddef>
#include <optional>

#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::moments {

// |M_nm|, kind "magnitude". Rotation invariant for every family. For a real
// radial family only m >= 0 is returned, because |M_{n,-m}| = |M_nm| for a
// real image; that list is also invariant to mirror flips. For EFM, PCET and
// GPCET every (n, m) is returned, and a flip maps |M_nm| to |M_{n,-m}|, so the
// list is not flip invariant (use symmetrised_magnitudes).
LabelledFeatures magnitudes(const MomentSet& moments);

// s_nm = (|M_nm| + |M_{n,-m}|) / 2 for every (n, m) with m >= 0, kind
// "symmetrised-magnitude". Invariant to rotations and mirror flips for every
// family; for real radial families it equals |M_nm|.
LabelledFeatures symmetrised_magnitudes(const MomentSet& moments);

// Phase cancellation against a reference moment M_ref = M_{n0, 1}:
//   I_nm = M_nm conj(M_ref)^m / |M_ref|^m,
// whose real and imaginary parts (kinds "phase-cancelled-real" and
// "phase-cancelled-imag") are rotation invariant, and complete: together with
// the rotation angle they give back every M_nm. For real radial families only
// m >= 0 is returned. A mirror flip y -> -y conjugates every I_nm of a real
// radial family, so the real parts are flip invariant and the imaginary parts
// change sign.
struct PhaseCancelled {
  LabelledFeatures features;
  int reference_order = 0;  // n0
  std::complex<double> reference_moment;
};

// reference_order: n0, or the n with the largest |M_{n,1}| when empty.
// The invariant is undefined when M_ref = 0 and unstable when M_ref is tiny,
// so the function throws InvalidArgument when |M_ref| <= relative_threshold *
// max_k |M_k| (for example on a centred symmetric image, whose m = 1 moments
// vanish). It does not fall back silently, because a changed reference changes
// the meaning of every value; catch the error and pick another reference or
// use magnitudes(). A relative_threshold outside [0, 1) or NaN throws InvalidArgument.
PhaseCancelled phase_cancelled(const MomentSet& moments, std::optional<int> reference_order = std::nullopt,
                               double relative_threshold = 1e-8);

// Translation and scale normalisation by the centroid and the mass.
//
// The centroid (row, column) = (m01, m10) / m00 and the mass m00 = sum f come
// from the raw moments of the image in pixel units. The output is an
// output_size x output_size image whose edge-grid disk (radius output_size / 2
// pixels) shows the input disk of radius R = radius_per_sqrt_mass * sqrt(m00)
// input pixels around the centroid. For a binary object, m00 is its area; the
// default 1.0 maps a disk-shaped object of radius rho to R = sqrt(pi) rho, so
// the object fills 1/sqrt(pi) = 56 % of the radius and elongated objects still
// fit. Samples use bilinear interpolation (0 outside the input), averaged over
// s x s sub-samples per output pixel with s = ceil(2 R / output_size), which
// limits aliasing when the image is shrunk.
//
// What holds: a translated or scaled copy of an object on a zero background
// gives the same output up to interpolation error, so moments of the output
// are translation and scale invariant to that accuracy. What does not: the
// mass also scales with contrast (f -> c f changes R by sqrt(c)), clutter or
// a non-zero background moves the centroid and the mass, and an object cut by
// the image border loses mass.
struct NormalisationOptions {
  double radius_per_sqrt_mass = 1.0;
};
struct Normalisation {
  double centroid_row = 0.0;
  double centroid_col = 0.0;
  double mass = 0.0;
  double radius = 0.0;  // R in input pixels
};
// Throws InvalidArgument when the mass is not positive or a pixel is negative.
Normalisation measure_normalisation(ImageView<const double> image, NormalisationOptions options = {});
ImageD normalise_translation_scale(ImageView<const double> image, std::ptrdiff_t output_size,
                                   NormalisationOptions options = {}, Normalisation* measured = nullptr);
ImageD normalise_translation_scale(ImageView<const float> image, std::ptrdiff_t output_size,
                                   NormalisationOptions options = {}, Normalisation* measured = nullptr);

// Hu's seven invariants (Hu, "Visual pattern recognition by moment
// invariants", IRE Trans. Information Theory 8, 1962) from the normalised
// central moments eta_pq = mu_pq / mu_00^{1 + (p + q)/2}, with x the column
// and y the row index. Labels: family "Hu", n = 1..7, kind "hu" ("Hu phi1").
// Invariant to translation, scale and rotation in the continuous domain; on
// pixels exactly for integer shifts inside the frame and 90-degree rotations.
// A mirror flip keeps phi1..phi6 and changes the sign of phi7.
LabelledFeatures hu_moments(ImageView<const double> image);
LabelledFeatures hu_moments(ImageView<const float> image);

}  // namespace erlangen::moments
