// Helpers shared by `erlangen hir train`, `hir predict` and `hir evaluate`.
#include "hir_learn.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::cli {

namespace fs = std::filesystem;
using namespace erlangen::hierarchy;

void ExtractorArguments::add_options(CLI::App& app) {
  app.add_option("--extractor", extractor, "features: hir, or a baseline: pixels, moments (global magnitudes), "
                                            "dense (mean local-moment magnitudes at one side)")
      ->capture_default_str();
  app.add_option("--preset", preset, "task preset: digits, digits-hq, digits-rot, texture, parasite, adversarial, aigc");
  app.add_option("--family", family, "moment family of the C layers, or of the moments and dense baselines")
      ->capture_default_str();
  app.add_option("--paths", rule, "path rule: tree, full or reference")->capture_default_str();
  app.add_option("--path-list", path_list, "explicit paths, e.g. \"(0,0)->(0,1); (1,1)@8\"; overrides --paths");
  app.add_option("-K,--max-order", max_order, "maximum total order n + m of a filter (moments baseline: the "
                                              "family's maximum order), 0 to 20")
      ->capture_default_str();
  app.add_option("-D,--depth", depth, "maximum path depth (tree and full rules), 1 to 8")->capture_default_str();
  app.add_option("-S,--side", sides, "kernel side in pixels, 2 to 256; one value, or one per layer")
      ->capture_default_str();
  app.add_option("--kernels", kernels, "kernel sampling: subpixel or reference")->capture_default_str();
  app.add_option("--readout", readout, "read-out of each final map: mean, dct_rings or moments")->capture_default_str();
  app.add_option("--bands", bands, "dct_rings: number of frequency bands, 1 to 1000")->capture_default_str();
  app.add_flag("--reference-bands", reference_bands, "dct_rings: bands as the released code places them");
  app.add_option("--moment-family", moment_family, "moments read-out: family of the global moments")
      ->capture_default_str();
  app.add_option("--moment-order", moment_order, "moments read-out: maximum total order, 0 to 20")
      ->capture_default_str();
  app.add_option("--pool", pool, "pooling before every C layer: none, average or max")->capture_default_str();
  app.add_option("--pool-window", pool_window, "pooling window side in pixels, 1 to 64")->capture_default_str();
  app.add_option("--pool-stride", pool_stride, "pooling stride in pixels, 1 to the window")->capture_default_str();
  app.add_option("--resize", resize, "resize every image to SIDE x SIDE pixels first (0: keep the size)");
  app.add_option("--interpolation", interpolation, "resize interpolation: bicubic or bilinear")->capture_default_str();
  app.add_option("--sigma", sigma, "Gaussian blur standard deviation in pixels after resizing (0: none)");
  app.add_option("--pad", pad, "zero border per side in pixels, added after the blur");
  app.add_option("--intensity-scale", intensity_scale, "factor applied to the [0, 1] grey values (255: [0, 255])");
  app.add_option("--precision", precision, "FFT arithmetic of hir: float32 (as the released code) or float64")
      ->capture_default_str();
  app.add_option("--orbit-rotations", orbit_rotations,
                 "average the features over N copies of the preprocessed image, rotated by k * 90 / N degrees for "
                 "k = 0 .. N - 1 (bicubic, zero fill); N from 1 (no average) to 16, at N extractions per image. "
                 "Needs a zero border (--pad) that keeps the content inside the disk inscribed in the image. "
                 "Default 1, or 4 with --preset digits-rot")
      ->check(CLI::Range(1, hierarchy::kMaxOrbitRotations));
}

ExtractorConfig ExtractorArguments::make_config(const CLI::App& app) const {
  const auto given = [&](const std::string& option) { return app.count(option) > 0; };
  const ExtractorKind kind = parse_extractor_kind(extractor);
  ExtractorConfig config;
  if (!preset.empty()) config = preset_config(preset, kind);
  config.kind = kind;
  const bool no_preset = preset.empty();

  HirOptions& options = config.hir;
  if (given("--family") || no_preset) options.family = family;
  if (given("--paths") || no_preset) options.path_options.rule = parse_path_rule(rule);
  if (given("--max-order") || no_preset) options.path_options.max_total_order = max_order;
  if (given("--depth") || no_preset) options.path_options.max_depth = depth;
  if (given("--side") || no_preset) options.path_options.sides = sides;
  if (given("--kernels") || no_preset) options.kernels = parse_kernel_mode(kernels);
  if (given("--readout") || no_preset) options.readout.kind = parse_readout(readout);
  if (given("--bands") || no_preset) options.readout.bands = bands;
  if (reference_bands) options.readout.reference_bands = true;
  if (given("--moment-family") || no_preset) options.readout.moment_family = moment_family;
  if (given("--moment-order") || no_preset) options.readout.moment_order = moment_order;
  if (given("--precision") || no_preset) {
    if (precision != "float32" && precision != "float64") {
      throw_invalid_argument("hir train", "--precision", precision, "float32 or float64", "pass one of the two");
    }
    options.precision = precision == "float64" ? HirPrecision::float64 : HirPrecision::float32;
  }
  if (given("--orbit-rotations") || no_preset) options.orbit_rotations = orbit_rotations;
  if (given("--pool") || no_preset) options.pooling.kind = parse_pooling_kind(pool);
  if (given("--pool-window") || no_preset) options.pooling.window = pool_window;
  if (given("--pool-stride") || no_preset) options.pooling.stride = pool_stride;
  if (!path_list.empty()) options.paths = parse_paths(path_list, sides.front());

  if (given("--family") || no_preset) config.family = family;
  if (given("--max-order") || no_preset) config.max_order = max_order;
  if (given("--side") || no_preset) config.side = sides.front();

  if (given("--resize") || no_preset) config.preprocess.resize_side = resize;
  if (given("--interpolation") || no_preset) config.preprocess.interpolation = parse_interpolation(interpolation);
  if (given("--sigma") || no_preset) config.preprocess.sigma = sigma;
  if (given("--pad") || no_preset) config.preprocess.pad = pad;
  if (given("--intensity-scale") || no_preset) config.preprocess.intensity_scale = intensity_scale;
  return config;
}

ImageDataset read_learning_data(std::string_view command, const std::vector<fs::path>& inputs,
                                const GlobalOptions& global, bool allow_image_files, bool quiet) {
  DatasetLimits limits;
  limits.max_pixels = global.max_pixels;
  limits.max_file_bytes = global.max_input_bytes;
  std::error_code error;
  const bool single_folder = inputs.size() == 1 && fs::is_directory(inputs.front(), error);
  const bool pair = inputs.size() == 2 && !fs::is_directory(inputs[0], error) && !fs::is_directory(inputs[1], error);
  if (single_folder) return read_dataset(inputs, limits);
  if (pair && !allow_image_files) return read_dataset(inputs, limits);
  if (pair) {
    // Two files are IDX images and labels when both start with the IDX magic of unsigned bytes.
    bool idx = true;
    for (const fs::path& input : inputs) {
      std::ifstream file(input, std::ios::binary);
      unsigned char magic[3] = {1, 1, 1};
      file.read(reinterpret_cast<char*>(magic), 3);
      idx = idx && file.gcount() == 3 && magic[0] == 0 && magic[1] == 0 && magic[2] == 8;
    }
    if (idx) return read_dataset(inputs, limits);
  }
  if (!allow_image_files) {
    throw InvalidArgument(fmt::format("hir {}: DATA is {} argument(s); pass one class folder (one subfolder per "
                                      "class) or an IDX image file and its IDX label file",
                                      command, inputs.size()));
  }
  ImageDataset dataset;
  dataset.class_names = {"unlabelled"};
  for (const fs::path& input : inputs) {
    if (fs::is_directory(input, error)) {
      throw InvalidArgument(fmt::format("hir {}: {} is a folder; pass one class folder alone, or image files",
                                        command, input.string()));
    }
    dataset.images.push_back(load_grey(input, global.max_pixels, quiet));
    dataset.labels.push_back(0);
    dataset.sources.push_back(input.string());
  }
  return dataset;
}

void require_one_size(std::string_view command, const ImageDataset& dataset) {
  if (dataset.images.empty()) {
    throw InvalidArgument(fmt::format("hir {}: no image was read; pass a class folder, IDX files or images", command));
  }
  const ImageF& first = dataset.images.front();
  for (std::size_t k = 1; k < dataset.size(); ++k) {
    const ImageF& image = dataset.images[k];
    if (image.height() != first.height() || image.width() != first.width()) {
      throw InvalidArgument(fmt::format("hir {}: {} is {}x{} pixels but {} is {}x{}; every image must have one size, "
                                        "so pass --resize SIDE when training",
                                        command, dataset.sources[k], image.height(), image.width(),
                                        dataset.sources.front(), first.height(), first.width()));
    }
  }
}

Eigen::MatrixXd extract_features(std::string_view command, const FeatureExtractor& extractor,
                                 const ImageDataset& dataset, bool quiet) {
  const bool show_progress = !quiet && stderr_is_terminal();
  ProgressCallback progress;
  if (show_progress) {
    progress = [command](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rerlangen hir %.*s: %zu/%zu images", static_cast<int>(command.size()), command.data(),
                   done, total);
    };
  }
  Eigen::MatrixXd features = extractor.extract(dataset.images, progress);
  if (show_progress) std::fprintf(stderr, "\n");
  return features;
}

std::vector<int> map_classes(const ImageDataset& dataset, const std::vector<std::string>& model_classes) {
  std::vector<int> index_of(dataset.class_names.size(), -1);
  for (std::size_t c = 0; c < dataset.class_names.size(); ++c) {
    const auto found = std::find(model_classes.begin(), model_classes.end(), dataset.class_names[c]);
    if (found != model_classes.end()) index_of[c] = static_cast<int>(found - model_classes.begin());
  }
  std::vector<int> mapped;
  mapped.reserve(dataset.labels.size());
  for (const int label : dataset.labels) mapped.push_back(index_of[static_cast<std::size_t>(label)]);
  return mapped;
}

}  // namespace erlangen::cli
