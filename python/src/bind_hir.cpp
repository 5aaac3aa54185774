// Bindings of the hierarchical invariant representation (HIR): HirPlan and the one-call hir().
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "erlangen/hierarchy/preprocess.hpp"

namespace erlangen::python {
namespace {

using hierarchy::HirPlan;

py::tuple features_to_python(LabelledFeatures&& features) {
  const auto count = static_cast<py::ssize_t>(features.values.size());
  py::list labels = labels_to_python(features.labels);
  return py::make_tuple(owning_array(std::move(features.values), {count}), labels);
}

const char* kHirDoc = R"doc(Hierarchical invariant features of images of one size, built once.

HirPlan(shape, **options): shape is (rows, cols) of the images as they are passed to apply(),
after any preprocessing. The options are those of `erlangen hir extract` with '-' written as
'_': family ("pct"), paths ("tree", "full" or "reference"), max_order (K = 6), depth (D = 2),
side (10, or one side per layer), path_list ("(0,0)->(0,1); (1,1)@8"), kernels ("subpixel" or
"reference"), precision ("float32"), readout ("mean", "dct_rings" or "moments"), bands (30),
reference_bands, moment_family, moment_order, pool ("none", "average", "max"), pool_window,
pool_stride, orbit_rotations (1, or 4 with preset digits-rot; N > 1 averages the features over the
image rotated by k 90 / N degrees, k < N, at N times the cost), alpha, p, q, and preset (the
extractor settings of a published experiment or of erlangen's digits-hq and digits-rot; its
preprocessing is applied by erlangen.hir(), not by the plan). Preprocessing options (resize,
sigma, pad, intensity_scale, interpolation) are rejected here.

For each path ((n1, m1, S1), ..., (nd, md, Sd)) the map U_l = |C_{nl ml}^{Sl}(U_{l-1})| starts
from the image and one read-out of U_d gives the features (Qi et al., "Hierarchical Invariance
for Robust and Interpretable Vision Tasks at Larger Scales", arXiv 2402.15430). With the mean
read-out the features are invariant, up to rounding, to rotations by multiples of 90 degrees,
flips (real radial families) and integer shifts of content that stays inside the frame; every
read-out is positively homogeneous (scaling the image by a > 0 scales the features by a); other
angles hold approximately, and scale gives covariance only.)doc";

}  // namespace

void bind_hir(py::module_& module) {
  py::class_<HirPlan, std::shared_ptr<HirPlan>>(module, "HirPlan", kHirDoc)
      .def(py::init([](std::pair<std::ptrdiff_t, std::ptrdiff_t> shape, const py::kwargs& options) {
             for (const char* key : {"resize", "sigma", "pad", "intensity_scale", "interpolation"}) {
               if (options.contains(key)) {
                 throw_invalid_argument("HirPlan", key, std::string(py::str(options[key])),
                                        "no preprocessing option in a plan",
                                        "pass preprocessing options to erlangen.hir(), or preprocess the image first");
               }
             }
             batch::HirConfiguration configuration = batch::parse_hir_options(options_to_json(options, "HirPlan"));
             py::gil_scoped_release release;
             return std::make_shared<HirPlan>(shape.first, shape.second, std::move(configuration.options));
           }),
           py::arg("shape"))
      .def(
          "apply",
          [](const HirPlan& plan, const py::handle& image) {
            // HirPlan::apply rejects NaN and infinite pixels itself.
            GreyFloat grey = grey_float(image, "HirPlan.apply", false);
            LabelledFeatures features;
            {
              py::gil_scoped_release release;
              features = plan.apply(grey.view);
            }
            return features_to_python(std::move(features));
          },
          py::arg("image"),
          "Return (values, labels) of one image of the plan's shape: one value per path (dct_rings: per path "
          "and band), labels with the path text in `path`.")
      .def(
          "apply_many",
          [](const HirPlan& plan, const py::list& images) {
            std::vector<GreyFloat> greys;
            std::vector<ImageView<const float>> views;
            for (const py::handle image : images) {
              greys.push_back(grey_float(image, "HirPlan.apply_many"));
              views.push_back(greys.back().view);
            }
            hierarchy::FeatureMatrix matrix;
            {
              py::gil_scoped_release release;
              matrix = hierarchy::extract_batch(plan, std::span<const ImageView<const float>>(views));
            }
            const auto rows = static_cast<py::ssize_t>(matrix.rows);
            const auto cols = static_cast<py::ssize_t>(plan.feature_count());
            py::list labels = labels_to_python(plan.labels());
            return py::make_tuple(owning_array(std::move(matrix.values), {rows, cols}), labels);
          },
          py::arg("images"),
          "Return (values, labels) for a list of images of the plan's shape: one row per image, computed in "
          "parallel over images with OpenMP.")
      .def_property_readonly("labels", [](const HirPlan& plan) { return labels_to_python(plan.labels()); })
      .def_property_readonly("paths",
                             [](const HirPlan& plan) {
                               std::vector<std::string> texts;
                               for (const auto& path : plan.paths()) texts.push_back(hierarchy::path_text(path, true));
                               return texts;
                             },
                             "the paths as text, for example '(0,0)@10->(0,1)@10'")
      .def_property_readonly("feature_count", &HirPlan::feature_count)
      .def_property_readonly("shape", [](const HirPlan& plan) { return py::make_tuple(plan.rows(), plan.cols()); })
      .def("__repr__", [](const HirPlan& plan) {
        return fmt::format("<erlangen.HirPlan {} paths, {} features on {}x{}>", plan.paths().size(),
                           plan.feature_count(), plan.rows(), plan.cols());
      });

  module.def(
      "hir",
      [](const py::handle& image, const py::kwargs& options) {
        batch::HirConfiguration configuration = batch::parse_hir_options(options_to_json(options, "hir"));
        GreyFloat grey = grey_float(image, "hir");
        LabelledFeatures features;
        {
          py::gil_scoped_release release;
          // The plan comes first, so that its size checks reject a huge resize side or border
          // before preprocessing allocates the image.
          const HirPlan plan(hierarchy::preprocessed_rows(configuration.preprocess, grey.view.height()),
                             hierarchy::preprocessed_cols(configuration.preprocess, grey.view.width()),
                             std::move(configuration.options));
          const ImageF prepared = hierarchy::preprocess(grey.view, configuration.preprocess);
          features = plan.apply(prepared.plane());
        }
        return features_to_python(std::move(features));
      },
      py::arg("image"),
      R"doc(Return (values, labels) of the hierarchical invariant features of one image.

The options are those of HirPlan plus the preprocessing of `erlangen hir extract`: preset
(digits, texture, parasite, adversarial, aigc: preprocessing and extractor of the published
experiment; digits-hq: the digits geometry at 80 px for arbitrary rotations; digits-rot:
digits-hq with the orbit average of 4 rotations), resize (square side, 0: keep), interpolation,
sigma (Gaussian blur in pixels), pad (zero border) and intensity_scale. Options given explicitly override the preset. Builds a plan
per call; use HirPlan (or BatchExtractor("hir", ...)) for many images. Invariances as stated
for HirPlan.)doc");
}

}  // namespace erlangen::python
