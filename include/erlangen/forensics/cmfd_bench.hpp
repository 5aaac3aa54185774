// Synthetic copy-move forgeries with exact ground truth, and the scores of detected masks.
//
// The forgeries follow the protocol of the FAU benchmark (Christlein, Riess, Jordan, Riess and
// Angelopoulou, "An Evaluation of Popular Copy-Move Forgery Detection Approaches", IEEE TIFS 7(6),
// 2012): a region is copied, optionally rotated, scaled or overlaid with Gaussian noise, and
// pasted elsewhere, once or several times; JPEG compression of the whole result is applied by
// the caller when it writes the file. Here the region is a disk, so that rotated copies stay
// whole, and every copy is pasted where it overlaps neither the source nor another copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "erlangen/core/image.hpp"

namespace erlangen::forensics {

struct CopyMoveSpec {
  double radius = 48.0;            // source disk radius in pixels, >= 4
  double rotation_degrees = 0.0;   // counter-clockwise on screen, applied about the disk centre
  double scale = 1.0;              // copy radius = scale * radius, in [0.25, 4]
  double noise_sigma = 0.0;        // Gaussian noise added to the copied pixels (intensities in [0, 1])
  int copies = 1;                  // pasted copies, in [1, 8]
  double gap = 8.0;                // minimum distance in pixels between the disks
  std::uint64_t seed = 0;          // positions and noise (std::mt19937_64)
  // Smallest standard deviation of the source disk (mean of the planes, intensities in [0, 1]).
  // 0 draws the source anywhere. Above 0, up to 200 source centres are drawn, and the first whose
  // disk is at least this textured is kept (the most textured one when none is). So a copy
  // carries content, as the hand-picked snippets of the FAU benchmark do. A copy of a flat area
  // looks like the area around it, and no detector can locate it.
  double min_source_contrast = 0.0;
};

struct Point2 {
  double row = 0.0;
  double col = 0.0;
};

struct CopyMoveForgery {
  ImageF image;                       // same plane count as the input
  Image<std::uint8_t> mask;           // 1 on the source disk and every copy, 0 elsewhere
  Image<std::uint8_t> copy_mask;      // 1 on the copies only
  Point2 source_centre;
  std::vector<Point2> copy_centres;
  double copy_radius = 0.0;
};

// Builds a forgery from an image of 1 or 3 planes in [0, 1]. Copies are resampled by bicubic
// interpolation (Keys, a = -0.5) of the source at q = c_s + A^-1 (p - c_t), A the rotation times
// the scale. Throws InvalidArgument for a spec out of range or an image too small to hold the
// source and the copies apart.
CopyMoveForgery make_copy_move_forgery(const ImageF& image, const CopyMoveSpec& spec);

// Pixel-level scores of one predicted mask against a ground-truth mask of the same size. Truth
// pixels equal to the truth maximum count as forged and pixels equal to 0 as pristine; other
// values are left out of the counts. A predicted pixel is forged when it is non-zero.
struct PixelScores {
  std::ptrdiff_t true_positives = 0;
  std::ptrdiff_t false_positives = 0;
  std::ptrdiff_t false_negatives = 0;
  std::ptrdiff_t true_negatives = 0;
  double f1 = 0.0;         // 2 TP / (2 TP + FP + FN); 1 when the denominator is 0
  double precision = 0.0;  // TP / (TP + FP); 1 when nothing is predicted
  double recall = 0.0;     // TP / (TP + FN); 1 when nothing is forged
  double false_positive_rate = 0.0;  // FP / (FP + TN)
};

// Throws InvalidArgument when the sizes differ.
PixelScores score_mask(ImageView<const std::uint8_t> predicted, ImageView<const std::uint8_t> truth);

}  // namespace erlangen::forensics
