// numpy conversions (declared in arrays.hpp).
#include "arrays.hpp"

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::python {
namespace {

// BT.601 luma weights, as io::to_luma uses them.
constexpr double kRed = 0.299;
constexpr double kGreen = 0.587;
constexpr double kBlue = 0.114;

struct Shape {
  py::ssize_t rows = 0;
  py::ssize_t cols = 0;
  py::ssize_t channels = 1;  // 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
};

Shape check_shape(const py::array& array, std::string_view operation) {
  Shape shape;
  if (array.ndim() == 2) {
    shape = {array.shape(0), array.shape(1), 1};
  } else if (array.ndim() == 3 && array.shape(2) >= 1 && array.shape(2) <= 4) {
    shape = {array.shape(0), array.shape(1), array.shape(2)};
  } else {
    std::string dims;
    for (py::ssize_t k = 0; k < array.ndim(); ++k) dims += (k == 0 ? "" : " x ") + std::to_string(array.shape(k));
    throw_invalid_argument(operation, "image shape", fmt::format("({})", dims),
                           "H x W (grey) or H x W x C with C = 1, 2, 3 or 4 (grey, grey + alpha, RGB, RGBA)",
                           "pass one image; move colour to the last axis");
  }
  if (shape.rows == 0 || shape.cols == 0) {
    throw_invalid_argument(operation, "image shape", fmt::format("{} x {}", shape.rows, shape.cols),
                           "at least 1 x 1 pixels", "pass a non-empty image");
  }
  return shape;
}

// Grey value of pixel (i, j) from C samples already scaled to [0, 1].
inline double grey_of(const double* samples, py::ssize_t channels) {
  switch (channels) {
    case 1: return samples[0];
    case 2: return samples[1] * samples[0] + (1.0 - samples[1]);  // over a white background
    case 3: return kRed * samples[0] + kGreen * samples[1] + kBlue * samples[2];
    default: {
      const double alpha = samples[3];
      double rgb[3];
      for (int c = 0; c < 3; ++c) rgb[c] = alpha * samples[c] + (1.0 - alpha);
      return kRed * rgb[0] + kGreen * rgb[1] + kBlue * rgb[2];
    }
  }
}

template <typename T>
ImageF convert(const py::array& input, const Shape& shape, double scale) {
  const auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(input);
  const T* data = array.data();
  ImageF image(shape.rows, shape.cols);
  double samples[4];
  for (py::ssize_t i = 0; i < shape.rows; ++i) {
    for (py::ssize_t j = 0; j < shape.cols; ++j) {
      const T* pixel = data + (i * shape.cols + j) * shape.channels;
      for (py::ssize_t c = 0; c < shape.channels; ++c) samples[c] = static_cast<double>(pixel[c]) * scale;
      image(i, j) = static_cast<float>(grey_of(samples, shape.channels));
    }
  }
  return image;
}

template <typename T>
void check_finite_values(const T* data, py::ssize_t count, std::string_view operation) {
  for (py::ssize_t k = 0; k < count; ++k) {
    if (!std::isfinite(data[k])) {
      throw_invalid_argument(operation, "image value", data[k], "a finite number",
                             "replace NaN and infinite pixels, for example with numpy.nan_to_num");
    }
  }
}

char kind_of(const py::array& array) { return array.dtype().kind(); }

// Converts any accepted array to float32 grey; the caller handles the zero-copy cases first.
ImageF convert_any(const py::array& array, const Shape& shape, std::string_view operation) {
  const char kind = kind_of(array);
  const py::ssize_t size = array.dtype().itemsize();
  if (kind == 'u' && size == 1) return convert<std::uint8_t>(array, shape, 1.0 / 255.0);
  if (kind == 'u' && size == 2) return convert<std::uint16_t>(array, shape, 1.0 / 65535.0);
  if (kind == 'f' && size == 4) {
    ImageF image = convert<float>(array, shape, 1.0);
    check_finite_values(image.data(), shape.rows * shape.cols, operation);
    return image;
  }
  if (kind == 'f' && size == 8) {
    const auto doubles = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
    check_finite_values(doubles.data(), doubles.size(), operation);
    return convert<double>(doubles, shape, 1.0);
  }
  throw_invalid_argument(operation, "image dtype", std::string(py::str(array.dtype())),
                         "uint8, uint16, float32 or float64",
                         "convert the array, for example with array.astype(numpy.float32)");
}

py::array as_array(const py::handle& object, std::string_view operation) {
  if (!py::isinstance<py::array>(object)) {
    throw_invalid_argument(operation, "image", std::string(py::str(py::type::of(object))), "a numpy array",
                           "pass numpy.asarray(image)");
  }
  return py::reinterpret_borrow<py::array>(object);
}

[[noreturn]] void reject_option(std::string_view operation, const std::string& key, const std::string& shown,
                                std::string_view accepted) {
  throw_invalid_argument(operation, fmt::format("option {}", key), shown, accepted, "pass a value of that kind");
}

// One option value as JSON. `depth` is 1 inside a list, where no further list is accepted, because
// no option takes nested lists.
nlohmann::json value_to_json(const py::handle& value, std::string_view operation, const std::string& key, int depth) {
  const auto reject = [&](const std::string& shown, std::string_view accepted) {
    reject_option(operation, key, shown, accepted);
  };
  constexpr std::string_view kinds = "None, bool, int, float, str or a list of them";
  if (value.is_none()) return nullptr;

  // numpy scalars (numpy.int64, numpy.float32, numpy.bool_, numpy.str_) become Python scalars.
  const py::module_ numpy = py::module_::import("numpy");
  if (py::isinstance(value, numpy.attr("generic"))) {
    const py::object item = value.attr("item")();
    if (py::isinstance(item, numpy.attr("generic"))) reject(std::string(py::repr(value)), kinds);
    return value_to_json(item, operation, key, depth);
  }

  // bool before int, because Python's bool is a subclass of int.
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) {
    int overflow = 0;
    const long long integer = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow != 0) reject(std::string(py::repr(value)), "an integer within 64 bits");
    if (integer == -1 && PyErr_Occurred()) throw py::error_already_set();
    return static_cast<std::int64_t>(integer);
  }
  if (py::isinstance<py::float_>(value)) {
    const double number = value.cast<double>();
    if (!std::isfinite(number)) reject(std::string(py::repr(value)), "a finite number");
    return number;
  }
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();

  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    if (depth >= 1) reject(std::string(py::repr(value)), "a flat list of values");
    nlohmann::json list = nlohmann::json::array();
    for (const py::handle item : value) list.push_back(value_to_json(item, operation, key, depth + 1));
    return list;
  }
  reject_option(operation, key, fmt::format("of type {}", std::string(py::str(py::type::of(value).attr("__name__")))),
                kinds);
}

}  // namespace

nlohmann::json options_to_json(const py::dict& options, std::string_view operation) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, value] : options) {
    const std::string key = py::str(name);
    json[key] = value_to_json(value, operation, key, 0);
  }
  return json;
}

GreyFloat grey_float(const py::handle& object, std::string_view operation, bool check_finite) {
  const py::array array = as_array(object, operation);
  const Shape shape = check_shape(array, operation);
  GreyFloat result;
  result.source = array;
  if (shape.channels == 1 && kind_of(array) == 'f' && array.dtype().itemsize() == 4) {
    // C-contiguous native float32: the kernels read the caller's buffer directly.
    const auto floats = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(array);
    if (check_finite) check_finite_values(floats.data(), floats.size(), operation);
    result.source = floats;
    result.view = ImageView<const float>(floats.data(), shape.rows, shape.cols);
    return result;
  }
  result.owned = convert_any(array, shape, operation);
  result.view = result.owned.plane();
  return result;
}

GreyAny grey_any(const py::handle& object, std::string_view operation, bool check_finite) {
  const py::array array = as_array(object, operation);
  const Shape shape = check_shape(array, operation);
  GreyAny result;
  result.source = array;
  if (shape.channels == 1 && kind_of(array) == 'f' && array.dtype().itemsize() == 8) {
    const auto doubles = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
    if (check_finite) check_finite_values(doubles.data(), doubles.size(), operation);
    result.source = doubles;
    result.is_double = true;
    result.view_double = ImageView<const double>(doubles.data(), shape.rows, shape.cols);
    return result;
  }
  GreyFloat grey = grey_float(array, operation, check_finite);
  result.source = grey.source;
  result.owned = std::move(grey.owned);
  result.view_float = result.owned.empty() ? grey.view : result.owned.plane();
  return result;
}

py::list labels_to_python(const std::vector<FeatureLabel>& labels) {
  py::list list;
  for (const FeatureLabel& label : labels) {
    py::dict entry;
    entry["family"] = label.family;
    entry["n"] = label.n;
    entry["m"] = label.m;
    entry["scale"] = label.scale;
    entry["kind"] = label.kind;
    entry["path"] = label.path;
    list.append(std::move(entry));
  }
  return list;
}

}  // namespace erlangen::python
