// Geometric transforms of image planes, used to measure invariance and to build
// test and benchmark data (rotations, flips, translations, scalings).
//
// Angles are in degrees, counter-clockwise as seen on screen (row 0 at the top).
// Rotation and rescaling keep the output size of the input and map the centre
// of the image ((rows-1)/2, (cols-1)/2) to itself; areas that come from outside
// the input are set to `fill`.
#pragma once

#include <cstddef>
#include <string_view>

#include "erlangen/core/image.hpp"

namespace erlangen {

enum class Interpolation { nearest, bilinear, bicubic };

// Exact transforms: pixels are only moved.
ImageF rotate90(ImageView<const float> image, int quarter_turns);  // counter-clockwise
ImageF flip_left_right(ImageView<const float> image);
ImageF flip_up_down(ImageView<const float> image);
ImageF transpose(ImageView<const float> image);

// Rotation about the image centre by `degrees` (counter-clockwise).
ImageF rotate(ImageView<const float> image, double degrees, Interpolation interpolation = Interpolation::bicubic,
              float fill = 0.0f);
// Translation by (rows_down, cols_right) pixels; integer shifts are exact.
ImageF translate(ImageView<const float> image, double rows_down, double cols_right,
                 Interpolation interpolation = Interpolation::bicubic, float fill = 0.0f);
// Scaling about the image centre by `factor`, keeping the size.
ImageF scale_about_centre(ImageView<const float> image, double factor,
                          Interpolation interpolation = Interpolation::bicubic, float fill = 0.0f);
// Resampling to a new size (area averaging when shrinking by an integer factor
// with Interpolation::bilinear is not implied; box_downsample does that).
ImageF resize(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols,
              Interpolation interpolation = Interpolation::bicubic);
// Averages factor x factor blocks; rows and cols are divided by factor (remainder dropped).
ImageF box_downsample(ImageView<const float> image, int factor);
// Central square crop of side min(rows, cols).
ImageF crop_centre_square(ImageView<const float> image);

Interpolation parse_interpolation(std::string_view text);

}  // namespace erlangen
