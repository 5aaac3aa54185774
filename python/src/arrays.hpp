// Conversions between numpy arrays and erlangen images and labels, shared by the bindings.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"

namespace erlangen::python {

namespace py = pybind11;

// A grey image taken from a numpy array. `view` points into the caller's array when it is a
// C-contiguous float32 (or, for GreyAny, float64) H x W array, and into `owned` otherwise.
// Keep the struct alive while the view is in use; the numpy array is referenced by `source`.
struct GreyFloat {
  py::object source;
  ImageF owned;
  ImageView<const float> view;
};

struct GreyAny {
  py::object source;
  ImageF owned;
  bool is_double = false;
  ImageView<const float> view_float;
  ImageView<const double> view_double;
};

// Converts an H x W or H x W x C array (C = 1, 3 or 4) of uint8, uint16, float32 or float64 to grey:
// integers are divided by 255 or 65535, colour becomes BT.601 luma 0.299 R + 0.587 G + 0.114 B, and
// alpha (C = 4) is composited over white first, as erlangen.read_image does. Raises ValueError (via
// InvalidArgument) for other shapes and dtypes, an empty image and NaN or infinite values.
// Pass check_finite = false only where the callee rejects non-finite pixels itself (MomentPlan,
// HirPlan, detect_copy_move), which saves a pass over the array. The GIL must be held.
GreyFloat grey_float(const py::handle& array, std::string_view operation, bool check_finite = true);
GreyAny grey_any(const py::handle& array, std::string_view operation, bool check_finite = true);

// Converts keyword options to the JSON object that batch::make_extractor and
// batch::parse_hir_options read. Values may be None, bool, int (within 64 bits), finite float, str,
// numpy scalars of those kinds, and lists or tuples of them. Anything else, NaN and infinity raise
// InvalidArgument naming `operation` and the option, so that no value reaches the JSON reader in a
// form it would reject with its own exception type.
nlohmann::json options_to_json(const py::dict& options, std::string_view operation);

// Labels as a list of dicts with keys family, n, m, scale, kind and path.
py::list labels_to_python(const std::vector<FeatureLabel>& labels);

// A numpy array that owns a moved-in C++ container, without copying its elements.
template <typename Container>
py::array owning_array(Container&& container, std::vector<py::ssize_t> shape) {
  using Value = typename std::remove_reference_t<Container>::value_type;
  auto* owned = new std::remove_reference_t<Container>(std::forward<Container>(container));
  py::capsule release(owned, [](void* pointer) { delete static_cast<std::remove_reference_t<Container>*>(pointer); });
  return py::array_t<Value>(std::move(shape), owned->data(), release);
}

// A numpy array of shape (planes, rows, cols) that owns a moved-in multi-plane image.
template <typename T>
py::array image_to_numpy(Image<T>&& image) {
  const std::vector<py::ssize_t> shape = {image.channels(), image.height(), image.width()};
  auto* owned = new Image<T>(std::move(image));
  py::capsule release(owned, [](void* pointer) { delete static_cast<Image<T>*>(pointer); });
  return py::array_t<T>(shape, owned->data(), release);
}

// Registration of each group of bindings (one file each).
void bind_moments(py::module_& module);
void bind_dense(py::module_& module);
void bind_cmfd(py::module_& module);
void bind_batch(py::module_& module);
void bind_hir(py::module_& module);

}  // namespace erlangen::python
