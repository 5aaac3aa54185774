// JPEG encoding into memory, for compression round trips (attack suites,
// robustness tests) that never touch the file system.
//
// Decoding from memory is decode_image in image_io.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "erlangen/core/image.hpp"

namespace erlangen::io {

// Chroma subsampling of a colour JPEG. A grey image has no chroma, so the
// choice does not affect it.
enum class ChromaSubsampling {
  s420,  // Cb and Cr at half resolution in both directions (the libjpeg default)
  s444,  // Cb and Cr at full resolution
};

// Encodes a baseline JPEG of 1 (grey) or 3 (RGB) planes at a libjpeg quality in
// [1, 100]. Samples are clamped to [0, 1] and rounded to 8 bits, and the
// standard quantisation tables scaled by jpeg_set_quality are used. Throws
// InvalidArgument for an empty image, another plane count, a quality outside
// [1, 100], a side above 65500 pixels or a NaN sample, and IoError when
// libjpeg fails.
std::vector<std::uint8_t> encode_jpeg(const ImageF& image, int quality,
                                      ChromaSubsampling chroma = ChromaSubsampling::s420);

// Encodes with encode_jpeg and decodes the bytes again with decode_image: the
// image as a reader of the compressed file would see it (1 or 3 planes).
ImageF jpeg_round_trip(const ImageF& image, int quality, ChromaSubsampling chroma = ChromaSubsampling::s420);

}  // namespace erlangen::io
