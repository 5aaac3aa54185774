// Bindings of dense local moments: LocalMomentPlan and the one-call dense().
#include <algorithm>
#include <chrono>
#include <complex>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <pybind11/complex.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"

namespace erlangen::python {
namespace {

using dense::LocalMomentPlan;

struct DenseArguments {
  std::string family = "pct";
  std::optional<std::string> orders;
  std::string scales = "default";
  double alpha = 1.0;
  double p = 2.0;
  double q = 2.0;
  std::string boundary = "valid";
  std::ptrdiff_t stride = 1;
  std::string sampling = "subpixel";
  std::string geometry = "edge";
  std::string normalisation = "inside_area";
  std::string precision = "float64";
  std::string method = "auto";
  std::int64_t memory_budget = 1024;  // MiB
};

std::shared_ptr<LocalMomentPlan> make_plan(std::ptrdiff_t rows, std::ptrdiff_t cols, const DenseArguments& arguments) {
  basis::FamilyParameters parameters;
  parameters.alpha = arguments.alpha;
  parameters.p = arguments.p;
  parameters.q = arguments.q;
  auto family = basis::make_family(arguments.family, parameters);
  dense::LocalMomentOptions options;
  options.orders = arguments.orders && !arguments.orders->empty() ? dense::parse_order_set(*arguments.orders, *family)
                                                                  : dense::default_orders(*family);
  options.scales = dense::parse_scales(arguments.scales);
  options.boundary = dense::parse_boundary(arguments.boundary);
  if (arguments.stride < 1 || arguments.stride > 4096) {
    throw_invalid_argument("LocalMomentPlan", "stride", arguments.stride, "an integer in [1, 4096]",
                           "pass a smaller stride");
  }
  options.stride = arguments.stride;
  if (arguments.sampling == "subpixel") {
    options.sampling = {basis::Integration::midpoint, 4};
  } else if (arguments.sampling == "zoa") {
    options.sampling = {basis::Integration::zoa, 1};
  } else {
    throw_invalid_argument("LocalMomentPlan", "sampling", fmt::format("'{}'", arguments.sampling),
                           "subpixel or zoa", "pass one of those names");
  }
  options.geometry = basis::parse_grid(arguments.geometry);
  options.normalisation = dense::parse_normalisation(arguments.normalisation);
  options.precision = dense::parse_precision(arguments.precision);
  options.method = dense::parse_method(arguments.method);
  if (arguments.memory_budget < 1 || arguments.memory_budget > (std::int64_t{1} << 24)) {
    throw_invalid_argument("LocalMomentPlan", "memory_budget", arguments.memory_budget,
                           "an integer in [1, 16777216] MiB", "pass the budget in MiB, for example 1024");
  }
  options.memory_budget = static_cast<std::size_t>(arguments.memory_budget) << 20;
  py::gil_scoped_release release;
  return std::make_shared<LocalMomentPlan>(std::move(family), rows, cols, options);
}

// (channels, rows, cols) planes as a (rows, cols, channels) view without a copy, the layout of the
// NPY files of `erlangen dense`.
template <typename T>
py::array channels_last(Image<T>&& planes) {
  return image_to_numpy(std::move(planes)).attr("transpose")(1, 2, 0);
}

py::tuple pooled_view(const LocalMomentPlan& plan, ImageView<const float> view, const std::string& pool) {
  const dense::Pooling pooling = dense::parse_pooling(pool);
  dense::LabelledPlanes<float> result;
  {
    py::gil_scoped_release release;
    result = plan.pooled<float>(view, pooling);
  }
  py::list labels = labels_to_python(result.labels);
  return py::make_tuple(channels_last(std::move(result.planes)), labels);
}

py::tuple pooled(const LocalMomentPlan& plan, const py::handle& image, const std::string& pool) {
  GreyFloat grey = grey_float(image, "LocalMomentPlan.pooled");
  return pooled_view(plan, grey.view, pool);
}

const char* kPlanDoc = R"doc(Dense local moments of every pixel and window size, for images of one size.

LocalMomentPlan(shape, family="pct", orders=None, scales="default", *, alpha=1.0, p=2.0, q=2.0,
                boundary="valid", stride=1, sampling="subpixel", geometry="edge",
                normalisation="inside_area", precision="float64", method="auto",
                memory_budget=1024)

shape is (rows, cols) of the input images. The options are those of `erlangen dense`: orders is
an order-set rule ("NM10", "n+m<=3", "zernike<=4", "(0,0),(1,2)", ...; None: the family's
default), scales the window sides in pixels ("8,10,12", "8:32:10" or "default"), boundary valid
or same:zero, same:reflect, same:replicate, memory_budget in MiB.

Invariance (Qi et al., "A Principled Design of Image Representation: Towards Forensic Tasks",
IEEE TPAMI 2023): rotating the image by a multiple of 90 degrees rotates each magnitude map the
same way, exactly up to rounding; a mirror flip mirrors the maps of real radial families. Other
angles hold approximately (better for larger windows); integer translations hold where the
windows stay inside the image; scaling moves values between window sizes (pooling over scales
makes it approximately invariant). Gain and offset are not removed: the moments are linear in
the image. Every method releases the GIL.)doc";

}  // namespace

void bind_dense(py::module_& module) {
  py::class_<LocalMomentPlan, std::shared_ptr<LocalMomentPlan>>(module, "LocalMomentPlan", kPlanDoc)
      .def(py::init([](std::pair<std::ptrdiff_t, std::ptrdiff_t> shape, const std::string& family,
                       std::optional<std::string> orders, const std::string& scales, double alpha, double p, double q,
                       const std::string& boundary, std::ptrdiff_t stride, const std::string& sampling,
                       const std::string& geometry, const std::string& normalisation, const std::string& precision,
                       const std::string& method, std::int64_t memory_budget) {
             return make_plan(shape.first, shape.second,
                              {family, std::move(orders), scales, alpha, p, q, boundary, stride, sampling, geometry,
                               normalisation, precision, method, memory_budget});
           }),
           py::arg("shape"), py::arg("family") = "pct", py::arg("orders") = py::none(),
           py::arg("scales") = "default", py::kw_only(), py::arg("alpha") = 1.0, py::arg("p") = 2.0,
           py::arg("q") = 2.0, py::arg("boundary") = "valid", py::arg("stride") = 1, py::arg("sampling") = "subpixel",
           py::arg("geometry") = "edge", py::arg("normalisation") = "inside_area", py::arg("precision") = "float64",
           py::arg("method") = "auto", py::arg("memory_budget") = 1024)
      .def(
          "apply",
          [](const LocalMomentPlan& plan, const py::handle& image) {
            GreyFloat grey = grey_float(image, "LocalMomentPlan.apply");
            dense::LocalMomentStack stack;
            {
              py::gil_scoped_release release;
              stack = plan.apply(grey.view);
            }
            const std::vector<py::ssize_t> shape = {stack.channels(), stack.rows, stack.cols};
            py::list labels = labels_to_python(stack.labels);
            py::array values = owning_array(std::move(stack.values), shape);
            return py::make_tuple(values.attr("transpose")(1, 2, 0), labels);
          },
          py::arg("image"),
          "Return (moments, labels): complex128 local moments of shape (rows, cols, channels) and one label "
          "per channel. Channels are scale-major: channel s * L + k is order orders[k] at scale scales[s].")
      .def(
          "magnitudes",
          [](const LocalMomentPlan& plan, const py::handle& image) {
            GreyFloat grey = grey_float(image, "LocalMomentPlan.magnitudes");
            dense::LabelledPlanes<float> result;
            {
              py::gil_scoped_release release;
              result = plan.magnitudes<float>(grey.view);
            }
            py::list labels = labels_to_python(result.labels);
            return py::make_tuple(channels_last(std::move(result.planes)), labels);
          },
          py::arg("image"), "Return (maps, labels): float32 |M| of shape (rows, cols, channels), one channel per scale and order.")
      .def("pooled", &pooled, py::arg("image"), py::arg("pool") = "mean",
           "Return (maps, labels): float32 magnitudes pooled over scales per (n, m) by pool = mean or max "
           "(none: one channel per order and scale), shape (rows, cols, channels).")
      .def_property_readonly("labels", [](const LocalMomentPlan& plan) { return labels_to_python(plan.labels()); })
      .def_property_readonly("orders",
                             [](const LocalMomentPlan& plan) {
                               std::vector<std::pair<int, int>> pairs;
                               for (const auto& [n, m] : plan.orders()) pairs.emplace_back(n, m);
                               return pairs;
                             })
      .def_property_readonly("scales", &LocalMomentPlan::scales)
      .def_property_readonly("channels", &LocalMomentPlan::channels)
      .def_property_readonly("family", &LocalMomentPlan::family_label)
      .def_property_readonly("image_shape",
                             [](const LocalMomentPlan& plan) { return py::make_tuple(plan.image_rows(), plan.image_cols()); })
      .def_property_readonly("output_shape",
                             [](const LocalMomentPlan& plan) { return py::make_tuple(plan.output_rows(), plan.output_cols()); })
      .def_property_readonly("padding", &LocalMomentPlan::padding)
      .def_property_readonly("method", [](const LocalMomentPlan& plan) { return std::string(dense::to_string(plan.method())); })
      .def("centre", [](const LocalMomentPlan& plan, std::ptrdiff_t a, std::ptrdiff_t b) {
             if (a < 0 || a >= plan.output_rows()) {
               throw_invalid_argument("LocalMomentPlan.centre", "row", a,
                                      fmt::format("an output row in [0, {}]", plan.output_rows() - 1),
                                      "pass a position of the output maps");
             }
             if (b < 0 || b >= plan.output_cols()) {
               throw_invalid_argument("LocalMomentPlan.centre", "col", b,
                                      fmt::format("an output column in [0, {}]", plan.output_cols() - 1),
                                      "pass a position of the output maps");
             }
             return py::make_tuple(plan.centre_row(a), plan.centre_col(b));
           }, py::arg("row"), py::arg("col"),
           "Return the input position (row, col) of the patch centre of output pixel (row, col); half-integer "
           "for an even largest window.")
      .def("__repr__", [](const LocalMomentPlan& plan) {
        return fmt::format("<erlangen.LocalMomentPlan {} {} channels on {}x{}, method {}>", plan.family_label(),
                           plan.channels(), plan.image_rows(), plan.image_cols(), dense::to_string(plan.method()));
      });

  module.def(
      "_median_pooled_seconds",
      [](const LocalMomentPlan& plan, const py::handle& image, const std::string& pool, int repeats) {
        const dense::Pooling pooling = dense::parse_pooling(pool);
        GreyFloat grey = grey_float(image, "_median_pooled_seconds");
        std::vector<double> seconds;
        py::gil_scoped_release release;
        for (int k = 0; k < repeats; ++k) {
          const auto start = std::chrono::steady_clock::now();
          const dense::LabelledPlanes<float> result = plan.pooled<float>(grey.view, pooling);
          seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(seconds.begin(), seconds.end());
        return seconds.empty() ? 0.0 : seconds[seconds.size() / 2];
      },
      py::arg("plan"), py::arg("image"), py::arg("pool"), py::arg("repeats"),
      "Return the median time in seconds of `repeats` LocalMomentPlan::pooled calls in a C++ loop, the "
      "baseline of python/benchmarks/overhead.py.");

  module.def(
      "dense",
      [](const py::handle& image, const std::string& pool, const std::string& family, std::optional<std::string> orders,
         const std::string& scales, double alpha, double p, double q, const std::string& boundary,
         std::ptrdiff_t stride, const std::string& sampling, const std::string& geometry,
         const std::string& normalisation, const std::string& precision, const std::string& method,
         std::int64_t memory_budget) {
        GreyFloat grey = grey_float(image, "dense");
        const auto plan = make_plan(grey.view.height(), grey.view.width(),
                                    {family, std::move(orders), scales, alpha, p, q, boundary, stride, sampling,
                                     geometry, normalisation, precision, method, memory_budget});
        return pooled_view(*plan, grey.view, pool);
      },
      py::arg("image"), py::arg("pool") = "mean", py::arg("family") = "pct", py::arg("orders") = py::none(),
      py::arg("scales") = "default", py::kw_only(), py::arg("alpha") = 1.0, py::arg("p") = 2.0, py::arg("q") = 2.0,
      py::arg("boundary") = "valid", py::arg("stride") = 1, py::arg("sampling") = "subpixel",
      py::arg("geometry") = "edge", py::arg("normalisation") = "inside_area", py::arg("precision") = "float64",
      py::arg("method") = "auto", py::arg("memory_budget") = 1024,
      "Return (maps, labels) of one image as `erlangen dense` computes them: float32 magnitudes pooled over "
      "scales (pool mean, max or none), shape (rows, cols, channels). Builds a plan per call; use "
      "LocalMomentPlan for many images of one size. Invariances as stated for LocalMomentPlan.");
}

}  // namespace erlangen::python
