// Example images for tests, read independently of erlangen's io module.
#pragma once

#include <cstddef>
#include <string>

#include "erlangen/core/image.hpp"

namespace erlangen::testing {

// Reads examples/<name> as 8-bit grey through libpng's simplified API, scaled to [0, 1].
// Independent of erlangen::io, so that moment tests do not depend on the decoders they
// do not test.
ImageD read_example_grey(const std::string& name);

// Averages factor x factor blocks; rows and columns are divided by factor.
ImageD box_downsample(const ImageD& image, std::ptrdiff_t factor);

}  // namespace erlangen::testing
