// Post-processing of a copy-move offset field, after Cozzolino, Poggi and Verdoliva ("Efficient
// Dense-Field Copy-Move Forgery Detection", IEEE TIFS 10(11), 2015), with their parameter values:
//
//   1. median filter of each offset component over a disk of radius 4 (order statistic (n+1)/2 of
//      the n disk samples, symmetric border);
//   2. dense linear fitting (DLF): at each pixel, the residual of a least-squares affine fit of
//      each offset component over a disk of radius 6, summed over both components; pixels with a
//      residual above 300 are removed;
//   3. pixels whose offset is shorter than 50 px are removed;
//   4. connected regions (8-connectivity) smaller than 1200 px are removed;
//   5. dual mask: the matched position s + delta(s) of every surviving pixel is added;
//   6. regions smaller than 1200 px are removed again;
//   7. dilation by a disk of radius 10 (the DLF radius plus the median radius).
// All steps work in feature-image coordinates; the caller pads the mask back to the image size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/patchmatch.hpp"

namespace erlangen::forensics {

struct PostProcessOptions {
  int median_radius = 4;          // rho_M, pixels, in [0, 64]
  int dlf_radius = 6;             // rho_N, pixels, in [1, 64]
  double dlf_threshold = 300.0;   // T_eps^2, squared pixels, >= 0
  double min_offset = 50.0;       // T_D2, pixels, >= 0
  std::ptrdiff_t min_region = 1200;  // T_S, pixels, >= 0
  int dilation_radius = 10;       // rho_D, pixels, in [0, 256]
};

// Offsets of the surviving pixels of a post-processed field, kept for the region pairing.
struct PostProcessResult {
  Image<std::uint8_t> mask;        // feature-image size, 1 forged, 0 pristine, after dilation
  Image<std::uint8_t> undilated;   // the same before dilation (after step 6)
  Image<std::uint8_t> matched;     // the pixels that survived step 4 (their matches form the dual)
  ImageD offset_rows;              // median-filtered offsets
  ImageD offset_cols;
  ImageD dlf_error;                // the DLF residual of step 2
};

// Median of the disk samples around each pixel, order statistic (n+1)/2 for the n samples of the
// disk of the given radius, with symmetric extension at the border ('symmetric' in MATLAB: the
// border pixel is repeated). Radius 0 copies the input.
ImageD median_filter_disk(ImageView<const double> values, int radius);

// DLF residual at every pixel: for each of the two components x, the sum of x^2 over the disk
// minus the squared projections of x on an orthonormal basis of span{1, X, Y} on the disk (X, Y
// the disk coordinates), summed over the components. It is 0 (up to rounding) where both
// components are affine over the whole disk. Disk sums use symmetric extension at the border, so
// an affine field is exact only where the disk stays inside the image.
ImageD dense_linear_fit_error(ImageView<const double> offset_rows, ImageView<const double> offset_cols, int radius);

// Connected regions of a binary mask with 8-connectivity: labels 1..count in raster order of
// their first pixel, 0 for background. Returns the pixel count of each label in sizes[label - 1].
Image<std::int32_t> label_regions(ImageView<const std::uint8_t> mask, std::vector<std::ptrdiff_t>& sizes);

// Clears regions (8-connectivity) with fewer than min_size pixels, in place.
void remove_small_regions(Image<std::uint8_t>& mask, std::ptrdiff_t min_size);

// Binary dilation by a disk of the given radius (pixels within Euclidean distance radius).
Image<std::uint8_t> dilate_disk(ImageView<const std::uint8_t> mask, int radius);

// Runs steps 1 to 7 on an offset field. Throws InvalidArgument for options out of range.
PostProcessResult postprocess_offsets(const OffsetField& field, const PostProcessOptions& options = {});

}  // namespace erlangen::forensics
