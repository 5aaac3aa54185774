// Binding of copy-move forgery detection.
#include <cstdint>
#include <string>

#include <pybind11/stl.h>

#include "arrays.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/cmfd.hpp"

namespace erlangen::python {
namespace {

py::dict region_to_python(const forensics::MaskRegion& region) {
  py::dict entry;
  entry["label"] = region.label;
  entry["area"] = region.area;
  entry["centroid"] = py::make_tuple(region.centroid_row, region.centroid_col);
  entry["box"] = py::make_tuple(region.box[0], region.box[1], region.box[2], region.box[3]);
  return entry;
}

py::dict pair_to_python(const forensics::RegionPair& pair) {
  const forensics::AffineEstimate& t = pair.transform;
  py::dict transform;
  transform["matrix"] = py::make_tuple(py::make_tuple(t.matrix[0], t.matrix[1]), py::make_tuple(t.matrix[2], t.matrix[3]));
  transform["translation"] = py::make_tuple(t.translation[0], t.translation[1]);
  transform["rotation_degrees"] = t.rotation_degrees;
  transform["scale"] = t.scale;
  transform["mirrored"] = t.mirrored;
  transform["rms_residual"] = t.rms_residual;
  py::dict entry;
  entry["source"] = pair.source;
  entry["copy"] = pair.copy;
  entry["transform"] = transform;
  entry["matches"] = pair.matches;
  entry["score"] = pair.score;
  entry["mean_cost"] = pair.mean_cost;
  return entry;
}

}  // namespace

void bind_cmfd(py::module_& module) {
  module.def(
      "detect_copy_move",
      [](const py::handle& image, std::uint64_t seed, const std::string& features, const std::string& matcher,
         const std::string& scale_handling, int iterations, int exact_init_stride, std::ptrdiff_t enlarge_to,
         std::ptrdiff_t min_region, std::int64_t memory_budget, double min_texture, const std::string& rematch,
         const std::string& refine, const std::string& pixel_scale, std::uint64_t max_work_pixels) {
        forensics::CmfdOptions options;
        options.patchmatch.seed = seed;
        options.features.kind = forensics::parse_cmfd_features(features);
        options.matcher = forensics::parse_matcher(matcher);
        options.features.scale_handling = forensics::parse_scale_handling(scale_handling);
        if (iterations < 0 || iterations > 1000) {
          throw_invalid_argument("detect_copy_move", "iterations", iterations, "an integer in [0, 1000]",
                                 "pass fewer iterations");
        }
        options.patchmatch.iterations = iterations;
        if (exact_init_stride < 0 || exact_init_stride > 64) {
          throw_invalid_argument("detect_copy_move", "exact_init_stride", exact_init_stride, "an integer in [0, 64]",
                                 "pass 0 for a random PatchMatch start, or a grid stride such as 8");
        }
        options.patchmatch.exact_init_stride = exact_init_stride;
        options.enlarge_to = enlarge_to;
        if (min_region < 0) {
          throw_invalid_argument("detect_copy_move", "min_region", min_region, "an integer >= 0",
                                 "pass the smallest region in pixels");
        }
        options.postprocess.min_region = min_region;
        if (memory_budget < 1 || memory_budget > (std::int64_t{1} << 24)) {
          throw_invalid_argument("detect_copy_move", "memory_budget", memory_budget,
                                 "an integer in [1, 16777216] MiB", "pass the budget in MiB, for example 256");
        }
        options.features.memory_budget = static_cast<std::size_t>(memory_budget) << 20;
        // detect_copy_move itself checks the ranges of min_texture and enlarge_to.
        options.min_texture = min_texture;
        if (rematch != "on" && rematch != "off") {
          throw_invalid_argument("detect_copy_move", "rematch", rematch, "on or off", "pass \"on\" or \"off\"");
        }
        if (refine != "on" && refine != "off") {
          throw_invalid_argument("detect_copy_move", "refine", refine, "on or off", "pass \"on\" or \"off\"");
        }
        options.rematch.enabled = rematch == "on";
        options.refine.enabled = refine == "on";
        options.pixel_scale = forensics::parse_pixel_scale(pixel_scale);
        if (max_work_pixels < 1) {
          throw_invalid_argument("detect_copy_move", "max_work_pixels", max_work_pixels, "an integer >= 1",
                                 "pass the largest image in pixels, for example 16000000");
        }
        options.max_pixels = max_work_pixels;

        GreyFloat grey = grey_float(image, "detect_copy_move");
        forensics::CmfdResult result;
        {
          py::gil_scoped_release release;
          result = forensics::detect_copy_move(grey.view, options);
        }
        py::list regions;
        for (const auto& region : result.regions) regions.append(region_to_python(region));
        py::list pairs;
        for (const auto& pair : result.pairs) pairs.append(pair_to_python(pair));
        py::dict timings;
        timings["features"] = result.timings.features_seconds;
        timings["matching"] = result.timings.matching_seconds;
        timings["postprocess"] = result.timings.postprocess_seconds;
        const py::ssize_t rows = result.mask.height();
        const py::ssize_t cols = result.mask.width();
        py::dict output;
        output["mask"] = image_to_numpy(std::move(result.mask)).attr("reshape")(py::make_tuple(rows, cols));
        output["labels"] = image_to_numpy(std::move(result.labels)).attr("reshape")(py::make_tuple(rows, cols));
        output["regions"] = regions;
        output["pairs"] = pairs;
        output["detected"] = result.detected;
        output["message"] = result.message;
        output["timings"] = timings;
        return output;
      },
      py::arg("image"), py::kw_only(), py::arg("seed") = std::uint64_t{0}, py::arg("features") = "dir",
      py::arg("matcher") = "patchmatch", py::arg("scale_handling") = "pooling", py::arg("iterations") = 8,
      py::arg("exact_init_stride") = forensics::CmfdOptions{}.patchmatch.exact_init_stride,
      py::arg("enlarge_to") = 0, py::arg("min_region") = 1200, py::arg("memory_budget") = 256,
      py::arg("min_texture") = forensics::CmfdOptions{}.min_texture, py::arg("rematch") = "on",
      py::arg("refine") = "on", py::arg("pixel_scale") = "auto",
      py::arg("max_work_pixels") = forensics::CmfdOptions{}.max_pixels,
      R"doc(Detect copy-move forgeries in one image, as `erlangen cmfd` does.

Dense rotation-invariant features (default: PCT magnitudes of orders n + m <= 3 averaged over
windows of 8..32 px) are matched by PatchMatch with offsets of at least 8 px, and the offset
field is kept where it is locally affine (Cozzolino, Poggi and Verdoliva, IEEE TIFS 2015).

Returns a dict: mask (uint8 H x W, 1 on source and copy), labels (int32 H x W, 1-based region
labels, 0 outside), regions (label, area, centroid (row, col), box (top, left, bottom, right)),
pairs (source, copy, transform {matrix, translation (col, row), rotation_degrees, scale,
rms_residual, mirrored (det A < 0: flipped left to right, then rotated)} mapping source
positions p = (col, row) to copy positions, matches, score, mean_cost), detected, message (why
nothing was found) and timings in seconds.

Copies rotated by any angle and mirrored copies are matched; scaling is handled approximately;
strong gain or offset changes are not matched, and regions below min_region * s^2 pixels or
closer than 50 s px to their source are not reported, s the pixel scale (pixel_scale "auto":
shorter side / 512, clamped to [0.5, 1]). The same seed gives the same result. memory_budget is
in MiB; min_texture, rematch ("on" or "off"), refine, pixel_scale and max_work_pixels are the
options of `erlangen cmfd`.

exact_init_stride s in [0, 64]: the pixels of a grid of stride s start PatchMatch from their
exact nearest neighbour (kd-tree) among the pixels of a grid of stride s / 2, which finds copies
in periodic texture whatever the seed; 0 starts every pixel at random.)doc");
}

}  // namespace erlangen::python
