// Invariant read-outs (layer I) of the hierarchical invariant representation: each turns the
// final map U_d of a path into one value or a short vector.
//
//   - mean: the arithmetic mean of the whole final valid map, one value per path. Exactly
//     invariant under rotations by multiples of 90 degrees, flips and the transpose of a square
//     input, and under integer translations of content that stays inside the frame.
//   - dct_rings: frequency-ring energies of the orthonormal 2-D DCT-II of a square h x h map,
//     divided by h^2. Coefficient (a, b), 1-based, has radius rho = sqrt(a^2 + b^2); |Y[a, b]|
//     weighted by rho^2 is averaged within each of NB bands of width (rho_max - rho_min) / NB =
//     sqrt(2) (h - 1) / NB. The default variant starts the bands at rho_min = sqrt(2), so every
//     coefficient is counted (band 1 is closed on the left), and rejects a map size for which a band
//     would be empty. The reference variant (released HIR code) starts the bands at 0, so it drops
//     the coefficients beyond sqrt(2) (h - 1) and returns NaN for an empty band (band 1 for
//     h <= 30). Exactly invariant under flips, because a flip only changes the signs of DCT
//     coefficients, and under 90-degree rotations and the transpose, because rho is symmetric in
//     (a, b). Only approximately invariant under translation and other angles.
//   - moments: magnitudes |M_nm| of global moments of the final map on the edge grid of the square
//     map (moments::MomentPlan), for the pairs n, m >= 0, n + m <= K of a family (default PCT,
//     K = 3, the 10 pairs of NM10). Exact under 90-degree rotations and flips, rotation invariant
//     about the map centre otherwise, and translation invariant only while the content stays centred.
#pragma once

#include <string>
#include <string_view>

namespace erlangen::hierarchy {

enum class ReadoutKind { mean, dct_rings, moments };

struct ReadoutOptions {
  ReadoutKind kind = ReadoutKind::mean;
  // dct_rings: number of bands NB in [1, 1000] and the variant.
  int bands = 30;
  bool reference_bands = false;
  // moments: family name (as basis::make_family accepts it) and maximum total order K in [0, 20].
  std::string moment_family = "pct";
  int moment_order = 3;
};

std::string_view to_string(ReadoutKind kind);
// Parses "mean", "dct_rings" (also "dct-rings") or "moments"; throws InvalidArgument listing them.
ReadoutKind parse_readout(std::string_view text);

}  // namespace erlangen::hierarchy
