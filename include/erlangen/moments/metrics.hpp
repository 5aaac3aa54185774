// Reconstruction quality: MSRE, PSNR and SSIM.
//
// Sources: MSRE and the uint8 comparison follow Qi et al., "A Survey of
// Orthogonal Moments for Image Representation", ACM Computing Surveys 2021;
// SSIM is Wang, Bovik, Sheikh, Simoncelli, "Image Quality Assessment: From
// Error Visibility to Structural Similarity", IEEE TIP 13(4), 2004.
#pragma once

#include <cstdint>

#include "erlangen/basis/grid.hpp"
#include "erlangen/core/image.hpp"

namespace erlangen::moments {

// Copy of `image` with every pixel whose centre lies outside the unit disk of
// `grid` set to 0 (the disk of MomentPlan on a square image).
ImageD mask_outside_disk(ImageView<const double> image, basis::Grid grid = basis::Grid::edge);

// MSRE = sum (reconstruction - original)^2 / sum original^2 over the whole
// image. Pass the original already masked with mask_outside_disk. Throws
// InvalidArgument for different sizes or an all-zero original.
double msre(ImageView<const double> original, ImageView<const double> reconstruction);

// Rounds value * 255 / white to the nearest integer and clamps it to [0, 255],
// as uint8() does in MATLAB. white is the intensity shown as 255 (1 for images
// in [0, 1], 255 for 8-bit data).
Image<std::uint8_t> to_uint8(ImageView<const double> image, double white);

// PSNR = 10 log10(255^2 / MSE) in dB of two 8-bit images; +infinity when they
// are identical.
double psnr(ImageView<const std::uint8_t> a, ImageView<const std::uint8_t> b);

// Mean SSIM of two 8-bit images (Wang et al. 2004): 11 x 11 Gaussian window,
// sigma 1.5, normalised to sum 1; K1 = 0.01, K2 = 0.03, L = 255. The map is
// computed only where the window lies wholly inside the image ("valid"
// filtering, (rows - 10) x (cols - 10) values) and averaged, with no
// downsampling. Both images need at least 11 x 11 pixels.
double ssim(ImageView<const std::uint8_t> a, ImageView<const std::uint8_t> b);

// The three measures of a reconstruction against the original, with the
// original masked to the disk of `grid` first and both images mapped to uint8
// with `white` for PSNR and SSIM.
struct ReconstructionQuality {
  double msre = 0.0;
  double psnr = 0.0;  // dB
  double ssim = 0.0;
};
ReconstructionQuality reconstruction_quality(ImageView<const double> original, ImageView<const double> reconstruction,
                                             basis::Grid grid = basis::Grid::edge, double white = 1.0);

}  // namespace erlangen::moments
