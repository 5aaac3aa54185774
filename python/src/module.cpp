// The compiled part of the Python package erlangen: exceptions, threads and image reading.
//
// Exceptions: erlangen::InvalidArgument becomes erlangen.InvalidArgument (a ValueError),
// erlangen::IoError becomes erlangen.IoError (an OSError), erlangen::LimitExceeded becomes
// erlangen.LimitExceeded (a ValueError, because the limit is an argument the caller can raise), and
// any other erlangen::Error becomes erlangen.Error. All four derive from erlangen.Error and carry the
// library's message unchanged.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "arrays.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::python {
namespace {

PyObject* new_exception(py::module_& module, const char* name, PyObject* bases, const char* doc) {
  const std::string qualified = std::string("erlangen.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (type == nullptr) throw py::error_already_set();
  module.add_object(name, py::handle(type));
  return type;
}

void bind_exceptions(py::module_& module) {
  static PyObject* base = new_exception(module, "Error", PyExc_RuntimeError,
                                        "Base class of every error that erlangen raises on purpose.");
  const py::tuple value_bases = py::make_tuple(py::handle(base), py::handle(PyExc_ValueError));
  const py::tuple os_bases = py::make_tuple(py::handle(base), py::handle(PyExc_OSError));
  static PyObject* invalid = new_exception(module, "InvalidArgument", value_bases.ptr(),
                                           "An argument outside its accepted range (a ValueError).");
  static PyObject* io_error = new_exception(module, "IoError", os_bases.ptr(),
                                            "A file that could not be read, decoded or written (an OSError).");
  static PyObject* limit = new_exception(
      module, "LimitExceeded", value_bases.ptr(),
      "A request above a configured limit such as max_pixels or memory_budget (a ValueError); raise the "
      "limit or shrink the input.");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const InvalidArgument& error) {
      PyErr_SetString(invalid, error.what());
    } catch (const IoError& error) {
      PyErr_SetString(io_error, error.what());
    } catch (const LimitExceeded& error) {
      PyErr_SetString(limit, error.what());
    } catch (const Error& error) {
      PyErr_SetString(base, error.what());
    }
  });
}

py::array read_image(const std::filesystem::path& path, bool grey, std::uint64_t max_pixels,
                     std::array<float, 3> background, bool apply_exif_orientation) {
  io::ReadOptions options;
  options.max_pixels = max_pixels;
  options.background = background;
  options.apply_exif_orientation = apply_exif_orientation;
  ImageF image;
  {
    py::gil_scoped_release release;
    image = io::read_image(path, options).image;
    if (grey) image = io::to_luma(image);
  }
  const py::ssize_t rows = image.height();
  const py::ssize_t cols = image.width();
  const py::ssize_t planes = image.channels();
  py::array stacked = image_to_numpy(std::move(image));
  if (planes == 1) return stacked.attr("reshape")(py::make_tuple(rows, cols));
  // Planes first in memory; numpy users expect colour on the last axis, so the view is transposed
  // and then copied to C order once.
  return py::module_::import("numpy").attr("ascontiguousarray")(stacked.attr("transpose")(1, 2, 0));
}

}  // namespace
}  // namespace erlangen::python

PYBIND11_MODULE(_erlangen, module) {
  using namespace erlangen::python;
  module.doc() = "Compiled core of erlangen; import the package erlangen instead.";
  bind_exceptions(module);

  module.def("read_image", &read_image, py::arg("path"), py::kw_only(), py::arg("grey") = false,
             py::arg("max_pixels") = std::uint64_t{100'000'000},
             py::arg("background") = std::array<float, 3>{1.f, 1.f, 1.f},
             py::arg("apply_exif_orientation") = true,
             R"doc(Read a PNG, JPEG, PGM/PPM or TIFF file as float32 values in [0, 1].

Returns an H x W array for grey files, or H x W x 3 (R, G, B) for colour files; with grey=True
always H x W BT.601 luma (0.299 R + 0.587 G + 0.114 B). 16-bit files are divided by 65535.
Alpha is composited over `background` (white by default) and dropped. The EXIF orientation is
applied unless apply_exif_orientation is False. No colour management is applied.

Raises erlangen.IoError (an OSError) for a missing, unreadable or corrupt file and
erlangen.LimitExceeded (a ValueError) above max_pixels, checked before any pixel is decoded.)doc");

  module.def(
      "to_grey",
      [](const py::handle& array) {
        GreyFloat grey = grey_float(array, "to_grey");
        if (!grey.owned.empty()) return image_to_numpy(std::move(grey.owned)).attr("reshape")(
            py::make_tuple(grey.view.height(), grey.view.width()));
        return py::module_::import("numpy").attr("array")(grey.source, py::arg("copy") = true);
      },
      py::arg("image"),
      R"doc(Convert an image array to the float32 grey plane that every erlangen function uses.

Accepts H x W or H x W x C arrays (C = 1, 2, 3 or 4: grey, grey + alpha, RGB, RGBA) of uint8,
uint16, float32 or float64. Integers are divided by 255 or 65535; floats are used as they are
(erlangen expects [0, 1]). Colour becomes BT.601 luma after alpha is composited over white, as
read_image(grey=True) does. Raises ValueError for other shapes or dtypes and for NaN or
infinite values.)doc");

  module.def(
      "set_num_threads",
      [](int threads) {
        if (threads < 0 || threads > 4096) {
          erlangen::throw_invalid_argument("set_num_threads", "threads", threads, "an integer in [0, 4096]",
                                           "pass 0 for all cores");
        }
#if defined(ERLANGEN_HAVE_OPENMP)
        omp_set_num_threads(threads == 0 ? omp_get_num_procs() : threads);
#endif
      },
      py::arg("threads"),
      "Set the number of OpenMP threads of later calls (0: all cores); the default comes from "
      "OMP_NUM_THREADS, else all cores. Without OpenMP this does nothing.");
  module.def(
      "get_num_threads",
      []() {
#if defined(ERLANGEN_HAVE_OPENMP)
        return omp_get_max_threads();
#else
        return 1;
#endif
      },
      "Return the number of OpenMP threads that a call may use.");

  bind_moments(module);
  bind_dense(module);
  bind_cmfd(module);
  bind_batch(module);
  bind_hir(module);
}
