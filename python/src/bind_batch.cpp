// Bindings of the batch engine that `erlangen batch` uses, so that Python and the command line
// write the same shard files and compute the same values.
#include <filesystem>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "arrays.hpp"
#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::python {
namespace {

py::list records_to_python(const std::vector<batch::ImageRecord>& records) {
  py::list list;
  for (std::size_t row = 0; row < records.size(); ++row) {
    const batch::ImageRecord& record = records[row];
    py::dict entry;
    entry["row"] = row;
    entry["index"] = record.index;
    entry["path"] = record.path;
    entry["status"] = record.ok ? "ok" : "error";
    if (!record.ok) {
      entry["error"] = record.error;
      entry["error_type"] = record.error_type;
    }
    list.append(std::move(entry));
  }
  return list;
}

// Runs `work` with the OpenMP thread count set to `threads` (0: leave it), and restores it.
template <typename Work>
auto with_threads(int threads, Work&& work) {
  if (threads < 0 || threads > 4096) {
    throw_invalid_argument("batch", "threads", threads, "an integer in [0, 4096]", "pass 0 to keep the default");
  }
#if defined(ERLANGEN_HAVE_OPENMP)
  const int saved = omp_get_max_threads();
  if (threads > 0) omp_set_num_threads(threads);
  try {
    auto result = work();
    omp_set_num_threads(saved);
    return result;
  } catch (...) {
    omp_set_num_threads(saved);
    throw;
  }
#else
  return work();
#endif
}

}  // namespace

void bind_batch(py::module_& module) {
  py::class_<batch::FeatureExtractor, std::shared_ptr<batch::FeatureExtractor>>(module, "BatchExtractor", R"doc(
A feature of `erlangen batch`, built once with its options and applied to many images.

BatchExtractor(feature, **options): feature is "moments", "dense", "cmfd" or "hir"; the options
are those of `erlangen batch FEATURE --help` with '-' written as '_'. Unknown options and values
out of range raise ValueError here, before any image is read. Plans are cached per image size
(up to 8 sizes), so reuse one extractor for a whole data set. Every method releases the GIL and
may run from several threads at once.)doc")
      .def(py::init([](const std::string& feature, const py::kwargs& options) {
             return std::shared_ptr<batch::FeatureExtractor>(
                 batch::make_extractor(feature, options_to_json(options, "BatchExtractor")));
           }),
           py::arg("feature"))
      .def_property_readonly("feature", &batch::FeatureExtractor::feature)
      .def_property_readonly("labels", [](const batch::FeatureExtractor& extractor) {
        return labels_to_python(extractor.labels());
      })
      .def_property_readonly("options", [](const batch::FeatureExtractor& extractor) {
        return py::module_::import("json").attr("loads")(extractor.options().dump());
      }, "every option with its value, defaults filled in")
      .def(
          "compute",
          [](const batch::FeatureExtractor& extractor, const std::vector<std::filesystem::path>& paths,
             std::uint64_t max_pixels, int threads) {
            std::vector<std::size_t> indices(paths.size());
            for (std::size_t k = 0; k < indices.size(); ++k) indices[k] = k;
            batch::FeatureTable table = with_threads(threads, [&] {
              py::gil_scoped_release release;
              return batch::compute_table(extractor, paths, indices, {max_pixels});
            });
            const auto rows = static_cast<py::ssize_t>(paths.size());
            const auto columns = static_cast<py::ssize_t>(table.labels.size());
            py::list records = records_to_python(table.records);
            return py::make_tuple(owning_array(std::move(table.values), {rows, columns}), records);
          },
          py::arg("paths"), py::kw_only(), py::arg("max_pixels") = std::uint64_t{100'000'000},
          py::arg("threads") = 0,
          "Return (values, records) for image files: one row per path (NaN for images that failed) and one "
          "record per row. Images run in parallel on `threads` OpenMP threads (0: the current setting).")
      .def(
          "compute_image",
          [](const batch::FeatureExtractor& extractor, const py::handle& image) {
            GreyFloat grey = grey_float(image, "BatchExtractor.compute_image");
            ImageF copy = grey.owned.empty() ? convert_plane<float, float>(grey.view) : std::move(grey.owned);
            std::vector<double> values;
            {
              py::gil_scoped_release release;
              values = extractor.compute(copy);
            }
            const auto count = static_cast<py::ssize_t>(values.size());
            return owning_array(std::move(values), {count});
          },
          py::arg("image"), "Return the feature row of one image array (see erlangen.to_grey for the arrays).");

  module.def(
      "batch_features",
      [](const std::vector<std::filesystem::path>& paths, const std::string& feature, std::uint64_t max_pixels,
         int threads, const py::kwargs& options) {
        const auto extractor = batch::make_extractor(feature, options_to_json(options, "batch_features"));
        std::vector<std::size_t> indices(paths.size());
        for (std::size_t k = 0; k < indices.size(); ++k) indices[k] = k;
        batch::FeatureTable table = with_threads(threads, [&] {
          py::gil_scoped_release release;
          return batch::compute_table(*extractor, paths, indices, {max_pixels});
        });
        const auto rows = static_cast<py::ssize_t>(paths.size());
        const auto columns = static_cast<py::ssize_t>(table.labels.size());
        py::list labels = labels_to_python(table.labels);
        py::list records = records_to_python(table.records);
        return py::make_tuple(owning_array(std::move(table.values), {rows, columns}), labels, records);
      },
      py::arg("paths"), py::arg("feature"), py::kw_only(), py::arg("max_pixels") = std::uint64_t{100'000'000},
      py::arg("threads") = 0,
      R"doc(Compute one feature vector per image file, as `erlangen batch` does, in this process.

Returns (values, labels, records): a float64 array of len(paths) x D (rows of failed images are
NaN), one label dict per column, and one record per row (row, index, path, status "ok" or
"error", error, error_type). feature is "moments", "dense" or "cmfd"; the keyword options are
those of `erlangen batch FEATURE --help` with '-' written as '_' (for example max_order=12,
invariants="symmetrised", spatial="mean,std"). Images run in parallel on `threads` OpenMP
threads (0: the current setting); the values of an image do not depend on the thread count.)doc");

  module.def(
      "run_shard",
      [](const std::string& feature, const std::filesystem::path& manifest, const std::string& shard,
         const std::filesystem::path& out, std::uint64_t max_pixels, int threads, const py::kwargs& options) {
        const auto extractor = batch::make_extractor(feature, options_to_json(options, "run_shard"));
        const batch::ShardSpec spec = batch::parse_shard(shard);
        const batch::Manifest list = batch::read_manifest(manifest);
        const batch::ShardResult result = with_threads(threads, [&] {
          py::gil_scoped_release release;
          return batch::run_shard(*extractor, list, spec, out, {max_pixels});
        });
        py::dict output;
        output["skipped"] = result.skipped;
        output["rows"] = result.rows;
        output["failed"] = result.failed;
        output["npy"] = result.npy;
        output["jsonl"] = result.jsonl;
        output["marker"] = result.marker;
        return output;
      },
      py::arg("feature"), py::arg("manifest"), py::arg("shard"), py::arg("out"), py::kw_only(),
      py::arg("max_pixels") = std::uint64_t{100'000'000}, py::arg("threads") = 0,
      R"doc(Compute one shard "i/N" of a manifest and write its files into `out`, as
`erlangen batch FEATURE --manifest MANIFEST --shard i/N --out OUT` does (same files, same values).

Entry k of the manifest belongs to shard k mod N. Writes shard-IIIII-of-NNNNN.npy, .jsonl and,
last, .json; a shard whose .json matches is skipped. Returns a dict with skipped, rows, failed
and the three paths. Keyword options as in batch_features.)doc");

  module.def("shard_stem", [](const std::string& shard) { return batch::shard_stem(batch::parse_shard(shard)); },
             py::arg("shard"), "Return the base name of the files of shard \"i/N\", for example shard-00000-of-00004.");
}

}  // namespace erlangen::python
