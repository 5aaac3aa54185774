// Bindings of global moments: MomentPlan, MomentSet, the invariants and Hu's moments.
#include <algorithm>
#include <chrono>
#include <complex>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <fmt/format.h>
#include <pybind11/complex.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/moments/features.hpp"
#include "erlangen/moments/invariants.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::python {
namespace {

using moments::MomentPlan;
using moments::MomentSet;

// Builds a plan from the option names of `erlangen moments`.
std::shared_ptr<const MomentPlan> make_plan(std::ptrdiff_t rows, std::ptrdiff_t cols, const std::string& family,
                                            int max_order, double alpha, double p, double q, const std::string& method,
                                            const std::string& grid, const std::string& integration, int nodes,
                                            const std::string& convention) {
  basis::FamilyParameters parameters;
  parameters.alpha = alpha;
  parameters.p = p;
  parameters.q = q;
  moments::MomentOptions options;
  options.max_order = max_order;
  options.method = moments::parse_method(method);
  options.grid = basis::parse_grid(grid);
  options.sampling.integration = basis::parse_integration(integration);
  options.sampling.nodes = nodes;
  if (convention == "textbook") {
    options.convention = moments::Convention::textbook;
  } else if (convention == "orthonormal") {
    options.convention = moments::Convention::orthonormal;
  } else {
    throw_invalid_argument("MomentPlan", "convention", fmt::format("'{}'", convention), "textbook or orthonormal",
                           "pass one of those names");
  }
  auto family_pointer = basis::make_family(family, parameters);
  py::gil_scoped_release release;
  return std::make_shared<const MomentPlan>(std::move(family_pointer), rows, cols, options);
}

std::pair<std::ptrdiff_t, std::ptrdiff_t> parse_size(const std::variant<std::ptrdiff_t, std::pair<std::ptrdiff_t, std::ptrdiff_t>>& size) {
  if (const auto* side = std::get_if<std::ptrdiff_t>(&size)) return {*side, *side};
  return std::get<std::pair<std::ptrdiff_t, std::ptrdiff_t>>(size);
}

py::tuple features_to_python(LabelledFeatures&& features) {
  const auto count = static_cast<py::ssize_t>(features.values.size());
  py::list labels = labels_to_python(features.labels);
  return py::make_tuple(owning_array(std::move(features.values), {count}), labels);
}

MomentSet apply_plan(const MomentPlan& plan, const py::handle& image) {
  // MomentPlan::apply rejects NaN and infinite pixels itself.
  GreyAny grey = grey_any(image, "MomentPlan.apply", false);
  py::gil_scoped_release release;
  return grey.is_double ? plan.apply(grey.view_double) : plan.apply(grey.view_float);
}

// The centre square of a grey image, box-averaged by `downsample`, as `erlangen moments` reads files.
ImageF square_grey(const py::handle& image, int downsample, std::string_view operation) {
  GreyFloat grey = grey_float(image, operation);
  ImageF square = grey.view.height() == grey.view.width() ? convert_plane<float, float>(grey.view)
                                                          : crop_centre_square(grey.view);
  if (downsample < 1 || downsample > square.height()) {
    throw_invalid_argument(operation, "downsample", downsample,
                           fmt::format("an integer in [1, {}] (the centre square side)", square.height()),
                           "pass a smaller factor");
  }
  if (downsample > 1) square = box_downsample(square.plane(), downsample);
  return square;
}

const char* kMomentPlanDoc = R"doc(Global orthogonal moments of square images of one size, built once.

MomentPlan(size, family="zernike", max_order=20, *, alpha=1.0, p=2.0, q=2.0, method="auto",
           grid="edge", integration="midpoint", nodes=4, convention="textbook")

size is the side N of an N x N image (or a (rows, cols) pair, which must be equal). The options
are those of `erlangen moments`: family by name or abbreviation (`erlangen families`), maximum
order K, alpha of the generic harmonic families and FJFM, Jacobi p and q, method (auto, direct,
symmetric, polar-fft), grid (edge: disk inscribed in the pixel square; centre), integration over
each pixel (zoa, midpoint, gauss-legendre with nodes x nodes samples) and convention (textbook
M_nm or orthonormal c_nm = M_nm / sqrt(Omega_n)).

Rotating the image counter-clockwise by phi multiplies M_nm by exp(-j m phi): exactly (to
rounding) for multiples of 90 degrees and mirror flips, approximately for other angles. The
accepted maximum order depends on the family and N; the ValueError states the range.
apply() and reconstruct() release the GIL and may run from several threads at once.)doc";

}  // namespace

void bind_moments(py::module_& module) {
  py::class_<MomentSet>(module, "MomentSet",
                        "Moments M_nm of one image, in the order of the family's index set (n outer, m inner).")
      .def_property_readonly(
          "values",
          [](const MomentSet& set) {
            std::vector<std::complex<double>> values = set.values();
            return owning_array(std::move(values), {static_cast<py::ssize_t>(set.size())});
          },
          "complex128 array of the moments, one per row of `orders`")
      .def_property_readonly(
          "orders",
          [](const MomentSet& set) {
            std::vector<int> pairs;
            for (const auto& [n, m] : set.orders()) {
              pairs.push_back(n);
              pairs.push_back(m);
            }
            return owning_array(std::move(pairs), {static_cast<py::ssize_t>(set.size()), 2});
          },
          "int array of shape (count, 2): order n and repetition m of each value")
      .def_property_readonly(
          "labels",
          [](const MomentSet& set) {
            std::vector<FeatureLabel> labels;
            const std::string family = moments::family_label(set.family());
            for (const auto& [n, m] : set.orders()) labels.push_back({family, n, m, 0.0, "moment", ""});
            return labels_to_python(labels);
          },
          "one label dict per value (kind \"moment\")")
      .def_property_readonly("family", [](const MomentSet& set) { return moments::family_label(set.family()); },
                             "family label with its parameters, for example 'ZM' or 'GPCET(alpha=1.5)'")
      .def_property_readonly("max_order", &MomentSet::max_order)
      .def_property_readonly("convention", [](const MomentSet& set) {
        return set.convention() == moments::Convention::textbook ? "textbook" : "orthonormal";
      })
      .def("at", &MomentSet::at, py::arg("n"), py::arg("m"),
           "Return M_nm; raises ValueError when (n, m) is not in the set.")
      .def("__len__", &MomentSet::size)
      .def("__repr__", [](const MomentSet& set) {
        return fmt::format("<erlangen.MomentSet {} K={} with {} moments>", moments::family_label(set.family()),
                           set.max_order(), set.size());
      });

  py::class_<MomentPlan, std::shared_ptr<MomentPlan>>(module, "MomentPlan", kMomentPlanDoc)
      .def(py::init([](const std::variant<std::ptrdiff_t, std::pair<std::ptrdiff_t, std::ptrdiff_t>>& size,
                       const std::string& family, int max_order, double alpha, double p, double q,
                       const std::string& method, const std::string& grid, const std::string& integration,
                       int nodes, const std::string& convention) {
             const auto [rows, cols] = parse_size(size);
             // pybind11 keeps the plan in a shared_ptr to a mutable type; the plan itself is never modified.
             return std::const_pointer_cast<MomentPlan>(
                 make_plan(rows, cols, family, max_order, alpha, p, q, method, grid, integration, nodes, convention));
           }),
           py::arg("size"), py::arg("family") = "zernike", py::arg("max_order") = 20, py::kw_only(),
           py::arg("alpha") = 1.0, py::arg("p") = 2.0, py::arg("q") = 2.0, py::arg("method") = "auto",
           py::arg("grid") = "edge", py::arg("integration") = "midpoint", py::arg("nodes") = 4,
           py::arg("convention") = "textbook")
      .def("apply", &apply_plan, py::arg("image"),
           "Compute every moment of a grey N x N image (see erlangen.to_grey for the accepted arrays; a "
           "C-contiguous float32 or float64 array is read without a copy). Returns a MomentSet.")
      .def(
          "reconstruct",
          [](const MomentPlan& plan, const MomentSet& set) {
            ImageD image;
            {
              py::gil_scoped_release release;
              image = plan.reconstruct(set);
            }
            const py::ssize_t rows = image.height();
            const py::ssize_t cols = image.width();
            return image_to_numpy(std::move(image)).attr("reshape")(py::make_tuple(rows, cols));
          },
          py::arg("moments"),
          "Return |sum M_nm R_n(r) exp(j m theta)| over the set's moments at the pixel centres (float64, 0 "
          "outside the disk). The set must come from a plan of the same family and convention.")
      .def(
          "invariants",
          [](const MomentPlan& plan, const py::handle& image, const std::string& kind,
             std::optional<int> reference_order) {
            const MomentSet set = apply_plan(plan, image);
            if (kind == "magnitude") return features_to_python(moments::magnitudes(set));
            if (kind == "symmetrised") return features_to_python(moments::symmetrised_magnitudes(set));
            if (kind == "complete") return features_to_python(moments::phase_cancelled(set, reference_order).features);
            throw_invalid_argument("MomentPlan.invariants", "kind", fmt::format("'{}'", kind),
                                   "magnitude, symmetrised or complete", "pass one of those names (Hu: hu_moments)");
          },
          py::arg("image"), py::arg("kind") = "magnitude", py::arg("reference_order") = py::none(),
          "Return (values, labels) of the invariants of an image; kind as in magnitudes(), "
          "symmetrised_magnitudes() and phase_cancelled().")
      .def_property_readonly("size", &MomentPlan::rows, "side N of the images the plan accepts")
      .def_property_readonly("family", [](const MomentPlan& plan) { return moments::family_label(plan.family()); })
      .def_property_readonly("max_order", [](const MomentPlan& plan) { return plan.options().max_order; })
      .def_property_readonly("method", [](const MomentPlan& plan) { return moments::to_string(plan.method()); },
                             "method in use: direct, symmetric or polar_fft")
      .def_property_readonly("kernel_bytes", &MomentPlan::kernel_bytes, "bytes of kernel storage held by the plan")
      .def("__repr__", [](const MomentPlan& plan) {
        return fmt::format("<erlangen.MomentPlan {} K={} on {}x{}, method {}>", moments::family_label(plan.family()),
                           plan.options().max_order, plan.rows(), plan.cols(), moments::to_string(plan.method()));
      });

  module.def(
      "_median_apply_seconds",
      [](const MomentPlan& plan, const py::handle& image, int repeats) {
        GreyAny grey = grey_any(image, "_median_apply_seconds");
        std::vector<double> seconds;
        py::gil_scoped_release release;
        for (int k = 0; k < repeats; ++k) {
          const auto start = std::chrono::steady_clock::now();
          const MomentSet set = grey.is_double ? plan.apply(grey.view_double) : plan.apply(grey.view_float);
          seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(seconds.begin(), seconds.end());
        return seconds.empty() ? 0.0 : seconds[seconds.size() / 2];
      },
      py::arg("plan"), py::arg("image"), py::arg("repeats"),
      "Return the median time in seconds of `repeats` MomentPlan::apply calls in a C++ loop, the baseline "
      "of the Python call overhead in python/benchmarks/overhead.py.");

  module.def(
      "magnitudes", [](const MomentSet& set) { return features_to_python(moments::magnitudes(set)); },
      py::arg("moments"),
      R"doc(Return (values, labels) of |M_nm|, kind "magnitude".

Rotation invariant for every family. For real radial families only m >= 0 is returned, and that
list is also invariant to mirror flips. For EFM, PCET and GPCET every (n, m) is returned and a
flip maps |M_nm| to |M_n,-m|, so the list is not flip invariant; use symmetrised_magnitudes.)doc");
  module.def(
      "symmetrised_magnitudes",
      [](const MomentSet& set) { return features_to_python(moments::symmetrised_magnitudes(set)); },
      py::arg("moments"),
      R"doc(Return (values, labels) of (|M_nm| + |M_n,-m|) / 2 for m >= 0, kind "symmetrised-magnitude".

Invariant to rotations and mirror flips for every family.)doc");
  module.def(
      "phase_cancelled",
      [](const MomentSet& set, std::optional<int> reference_order, double relative_threshold) {
        moments::PhaseCancelled result = moments::phase_cancelled(set, reference_order, relative_threshold);
        py::tuple pair = features_to_python(std::move(result.features));
        return py::make_tuple(pair[0], pair[1], result.reference_order);
      },
      py::arg("moments"), py::arg("reference_order") = py::none(), py::arg("relative_threshold") = 1e-8,
      R"doc(Return (values, labels, n0) of I_nm = M_nm conj(M_ref)^m / |M_ref|^m with M_ref = M_n0,1.

Real and imaginary parts (kinds "phase-cancelled-real", "phase-cancelled-imag") are rotation
invariant and complete. n0 defaults to the n with the largest |M_n,1|; pass the same n0 for
every image that you compare. A mirror flip changes the sign of the imaginary parts of real
radial families. Raises ValueError when |M_ref| <= relative_threshold * max |M|.)doc");
  module.def(
      "hu_moments",
      [](const py::handle& image) {
        GreyAny grey = grey_any(image, "hu_moments");
        LabelledFeatures features;
        {
          py::gil_scoped_release release;
          features = grey.is_double ? moments::hu_moments(grey.view_double) : moments::hu_moments(grey.view_float);
        }
        return features_to_python(std::move(features));
      },
      py::arg("image"),
      R"doc(Return (values, labels) of Hu's seven invariants (Hu 1962) of a grey image, kind "hu".

Invariant to translation, scale and rotation in the continuous domain; on pixels exactly for
integer shifts inside the frame and 90-degree rotations. A mirror flip changes the sign of phi7.)doc");

  module.def(
      "moments",
      [](const py::handle& image, const std::string& family, int max_order, int downsample, double alpha, double p,
         double q, const std::string& method, const std::string& grid, const std::string& integration, int nodes,
         const std::string& convention) {
        const ImageF square = square_grey(image, downsample, "moments");
        const auto plan = make_plan(square.height(), square.width(), family, max_order, alpha, p, q, method, grid,
                                    integration, nodes, convention);
        py::gil_scoped_release release;
        return plan->apply(square.plane());
      },
      py::arg("image"), py::arg("family") = "zernike", py::arg("max_order") = 20, py::kw_only(),
      py::arg("downsample") = 1, py::arg("alpha") = 1.0, py::arg("p") = 2.0, py::arg("q") = 2.0,
      py::arg("method") = "auto", py::arg("grid") = "edge", py::arg("integration") = "midpoint",
      py::arg("nodes") = 4, py::arg("convention") = "textbook",
      "Compute the moments of one image as `erlangen moments` does: a non-square image is cropped to its "
      "centre square, then box-averaged by `downsample`. Builds a plan per call; use MomentPlan for many "
      "images of one size. Options as in MomentPlan.");

  module.def(
      "invariants",
      [](const py::handle& image, const std::string& kind, std::optional<int> reference_order,
         const std::string& family, int max_order, int downsample, double alpha, double p, double q,
         const std::string& method, const std::string& grid, const std::string& integration, int nodes,
         const std::string& convention) {
        const ImageF square = square_grey(image, downsample, "invariants");
        if (kind == "hu") {
          const ImageD pixels = convert_plane<double, float>(square.plane());
          return features_to_python(moments::hu_moments(pixels.plane()));
        }
        if (kind != "magnitude" && kind != "symmetrised" && kind != "complete") {
          throw_invalid_argument("invariants", "kind", fmt::format("'{}'", kind),
                                 "magnitude, symmetrised, complete or hu", "pass one of those names");
        }
        const auto plan = make_plan(square.height(), square.width(), family, max_order, alpha, p, q, method, grid,
                                    integration, nodes, convention);
        MomentSet set;
        {
          py::gil_scoped_release release;
          set = plan->apply(square.plane());
        }
        if (kind == "magnitude") return features_to_python(moments::magnitudes(set));
        if (kind == "symmetrised") return features_to_python(moments::symmetrised_magnitudes(set));
        return features_to_python(moments::phase_cancelled(set, reference_order).features);
      },
      py::arg("image"), py::arg("kind") = "magnitude", py::arg("reference_order") = py::none(),
      py::arg("family") = "zernike", py::arg("max_order") = 20, py::kw_only(), py::arg("downsample") = 1,
      py::arg("alpha") = 1.0, py::arg("p") = 2.0, py::arg("q") = 2.0, py::arg("method") = "auto",
      py::arg("grid") = "edge", py::arg("integration") = "midpoint", py::arg("nodes") = 4,
      py::arg("convention") = "textbook",
      R"doc(Return (values, labels) of the invariants of one image, as `erlangen moments --invariants`.

kind: "magnitude" (rotation invariant; flip invariant too for real radial families),
"symmetrised" (rotation and flip invariant for every family), "complete" (phase-cancelled,
rotation invariant and complete; pass the same reference_order n0 for images you compare) or
"hu" (Hu's seven invariants; translation, scale and rotation invariant). The image is cropped to
its centre square and box-averaged by `downsample` first. Translation and scale invariance of
the moment invariants needs the image normalised by centroid and mass first; this function
does not do that.)doc");
}

}  // namespace erlangen::python
