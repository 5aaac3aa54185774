// All of erlangen::io: image decoding and encoding, NPY arrays, atomic text and JSON output.
#pragma once

#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/npy.hpp"
