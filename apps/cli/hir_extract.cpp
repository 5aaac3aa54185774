// `erlangen hir extract`: hierarchical invariant features of images, as an NPY matrix
// (one row per image) with a JSON sidecar naming every column by its path.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/npy.hpp"
#include "erlangen/io/plot.hpp"
#include "hir.hpp"
#include "input_readers.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
using namespace erlangen::hierarchy;

// True when the file starts with the IDX magic of unsigned bytes (0x00 0x00 0x08).
bool looks_like_idx(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  unsigned char magic[3] = {1, 1, 1};
  file.read(reinterpret_cast<char*>(magic), 3);
  return file.gcount() == 3 && magic[0] == 0 && magic[1] == 0 && magic[2] == 8;
}

// Reads explicit paths from a text file, a JSON array of path texts or an extraction manifest.
std::vector<Path> read_path_file(const fs::path& path, int default_side) {
  const std::string text = read_input_file(path, "hir extract: --path-file");
  return parse_path_file(text, path.string(), default_side);
}

class HirExtractCommand final : public HirSubcommand {
 public:
  std::string name() const override { return "extract"; }
  std::string summary() const override {
    return "extract hierarchical invariant features of images (NPY matrix + JSON path manifest)";
  }

  void configure(CLI::App& app) override {
    // CLI11 keeps the sub-app alive for the program's lifetime; its option counts tell which
    // options were given explicitly, so that only those override a preset.
    app_ = &app;
    app.footer(
        "INPUTS are image files, one folder with one subfolder per class, or an IDX image file and its IDX "
        "label file. Every image is converted to grey in [0, 1], preprocessed (resize, Gaussian blur, zero "
        "border, intensity scale) and passed through the paths; each path gives one feature (mean, moments) "
        "or --bands features (dct_rings). The NPY file contains one row per image; the sidecar OUTPUT.json lists "
        "the inputs, class labels, options and, for every column, its path and read-out. For real radial "
        "families the features are exactly invariant (to rounding) under 90-degree rotations, flips and the "
        "transpose of square inputs, and positively homogeneous, for every read-out; the mean read-out is also "
        "invariant under integer shifts of content that stays inside the frame.\n\n"
        "Paths: 'tree' (default) is every sequence of 1..D filters (n, m) with n, m >= 0, n + m <= K and "
        "strictly increasing n + m (350 paths for PCT, K = 6, D = 2); 'full' drops the ordering; "
        "'reference' is the path set of the released HIR code (140 paths for K = 6, 204 for K = 7); "
        "--path-list gives explicit paths such as \"(0,0)->(0,1)@8; (2,1)\".\n\n"
        "Preset digits: 40x40 bicubic, sigma 0.5, border 12 -> 64x64, intensity x255, reference paths "
        "K = 6, S = 10, mean read-out, reference kernels.");

    app.add_option("inputs", inputs_, "image files, a class folder, or IDX images + IDX labels")->required();
    app.add_option("-o,--output", output_, "NPY file to write (N x D); the sidecar is OUTPUT.json")->required();
    app.add_option("--preset", preset_, "task preset: digits, digits-hq, digits-rot, texture, parasite, adversarial, aigc")
        ->check(CLI::IsMember(preset_names()));

    // The extractor.
    app.add_option("--family", family_, "moment family of the C layers (see 'erlangen families')")
        ->capture_default_str();
    app.add_option("--paths", rule_, "path rule: tree, full or reference")
        ->check(CLI::IsMember({"tree", "full", "reference"}))
        ->capture_default_str();
    app.add_option("--path-list", path_list_, "explicit paths, e.g. \"(0,0)->(0,1); (1,1)@8\"; overrides --paths");
    app.add_option("--path-file", path_file_,
                   "file of explicit paths: one path per line ('#' starts a comment line), a JSON array of path "
                   "texts, or a manifest (OUTPUT.json) of an earlier extraction; overrides --paths")
        ->check(CLI::ExistingFile)
        ->excludes("--path-list");
    app.add_option("-K,--max-order", max_order_, "maximum total order n + m of a filter, 0 to 20")
        ->capture_default_str();
    app.add_option("-D,--depth", depth_, "maximum path depth (tree and full rules), 1 to 8")->capture_default_str();
    app.add_option("-S,--side", sides_, "kernel side in pixels, 2 to 256; one value, or one per layer")
        ->capture_default_str();
    app.add_option("--kernels", kernels_, "kernel sampling: subpixel (4x4 sub-pixel, edge grid) or reference "
                                          "(centre grid, one sample per pixel, odd sides decremented)")
        ->check(CLI::IsMember({"subpixel", "reference"}))
        ->capture_default_str();

    // Read-out and pooling.
    app.add_option("--readout", readout_, "read-out of each final map: mean, dct_rings or moments")
        ->check(CLI::IsMember({"mean", "dct_rings", "dct-rings", "moments"}))
        ->capture_default_str();
    app.add_option("--bands", bands_, "dct_rings: number of frequency bands, 1 to 1000")->capture_default_str();
    app.add_flag("--reference-bands", reference_bands_,
                 "dct_rings: bands start at 0 as in the released code (drops corner coefficients, NaN for empty bands)");
    app.add_option("--moment-family", moment_family_, "moments read-out: family of the global moments")
        ->capture_default_str();
    app.add_option("--moment-order", moment_order_, "moments read-out: maximum total order, 0 to 20")
        ->capture_default_str();
    app.add_option("--pool", pool_, "pooling before every C layer: none, average or max")
        ->check(CLI::IsMember({"none", "average", "avg", "mean", "max"}))
        ->capture_default_str();
    app.add_option("--pool-window", pool_window_, "pooling window side in pixels, 1 to 64")->capture_default_str();
    app.add_option("--pool-stride", pool_stride_, "pooling stride in pixels, 1 to the window")->capture_default_str();

    // Preprocessing and output.
    app.add_option("--resize", resize_, "resize every image to SIDE x SIDE pixels first, 0 to 65536 (0: keep the size)")
        ->check(CLI::Range(std::ptrdiff_t{0}, std::ptrdiff_t{65536}));
    app.add_option("--interpolation", interpolation_, "resize interpolation: bicubic or bilinear")
        ->check(CLI::IsMember({"bicubic", "bilinear"}))
        ->capture_default_str();
    app.add_option("--sigma", sigma_, "Gaussian blur standard deviation in pixels after resizing, 0 to 100 (0: none)")
        ->check(CLI::Range(0.0, 100.0));
    app.add_option("--pad", pad_, "zero border per side in pixels, added after the blur, 0 to 65536")
        ->check(CLI::Range(std::ptrdiff_t{0}, std::ptrdiff_t{65536}));
    app.add_option("--intensity-scale", intensity_scale_, "factor applied to the [0, 1] grey values (255: [0, 255])");
    app.add_option("--dtype", dtype_, "NPY sample type: float32 or float64")
        ->check(CLI::IsMember({"float32", "float64"}))
        ->capture_default_str();
    app.add_option("--precision", precision_, "FFT arithmetic: float32 (as the released code) or float64")
        ->check(CLI::IsMember({"float32", "float64"}))
        ->capture_default_str();
    app.add_option("--orbit-rotations", orbit_rotations_,
                   "average the features over N copies of the preprocessed image, rotated by k * 90 / N degrees for "
                   "k = 0 .. N - 1 (bicubic, zero fill); N from 1 (no average) to 16, at N extractions per image. "
                   "Needs a zero border (--pad) that keeps the content inside the disk inscribed in the image. "
                   "Default 1, or 4 with --preset digits-rot")
        ->check(CLI::Range(1, kMaxOrbitRotations));
    app.add_option("--rotation-curve", rotation_curve_,
                   "also write a PNG plot (and PNG.csv) of the relative feature change ||f(rot) - f|| / ||f|| of "
                   "the first image, after preprocessing, rotated by 0..360 degrees in 5-degree steps (bicubic, zero "
                   "fill; exact 90-degree rotations at multiples of 90; non-square images are cropped to their "
                   "centre square first)");
    app.add_flag("-q,--quiet", quiet_, "no progress or notes on stderr");
  }

  int run(const GlobalOptions& global) override {
    check_output_option(output_, "--output", false);
    if (!rotation_curve_.empty()) check_output_option(rotation_curve_, "--rotation-curve", false);
    const fs::path sidecar = fs::path(output_.string() + ".json");

    // Options: the preset first, then every option given explicitly.
    HirOptions options;
    PreprocessOptions preprocess_options;
    if (!preset_.empty()) {
      const Preset chosen = preset(preset_);
      preprocess_options = chosen.preprocess;
      options.path_options = chosen.paths;
      options.readout = chosen.readout;
      options.kernels = chosen.reference_kernels ? KernelMode::reference : KernelMode::subpixel;
      options.precision = HirPrecision::float32;
      options.orbit_rotations = chosen.orbit_rotations;
    }
    options.family = family_;
    if (given("--paths") || preset_.empty()) options.path_options.rule = parse_path_rule(rule_);
    if (given("--max-order") || preset_.empty()) options.path_options.max_total_order = max_order_;
    if (given("--depth") || preset_.empty()) options.path_options.max_depth = depth_;
    if (given("--side") || preset_.empty()) options.path_options.sides = sides_;
    if (given("--kernels") || preset_.empty()) options.kernels = parse_kernel_mode(kernels_);
    if (given("--readout") || preset_.empty()) options.readout.kind = parse_readout(readout_);
    if (given("--bands") || preset_.empty()) options.readout.bands = bands_;
    if (reference_bands_) options.readout.reference_bands = true;
    options.readout.moment_family = moment_family_;
    options.readout.moment_order = moment_order_;
    if (given("--precision") || preset_.empty()) {
      options.precision = precision_ == "float64" ? HirPrecision::float64 : HirPrecision::float32;
    }
    if (given("--orbit-rotations") || preset_.empty()) options.orbit_rotations = orbit_rotations_;
    options.pooling.kind = parse_pooling_kind(pool_);
    options.pooling.window = pool_window_;
    options.pooling.stride = pool_stride_;
    if (!path_list_.empty()) options.paths = parse_paths(path_list_, options.path_options.sides.front());
    if (!path_file_.empty()) options.paths = read_path_file(path_file_, options.path_options.sides.front());
    if (given("--resize")) preprocess_options.resize_side = resize_;
    if (given("--interpolation") || preset_.empty()) {
      preprocess_options.interpolation = parse_interpolation(interpolation_);
    }
    if (given("--sigma")) preprocess_options.sigma = sigma_;
    if (given("--pad")) preprocess_options.pad = pad_;
    if (given("--intensity-scale")) preprocess_options.intensity_scale = intensity_scale_;

    const ImageDataset dataset = read_inputs(global);
    if (dataset.images.empty()) throw InvalidArgument("hir extract: no image was read; pass image files or a folder");

    // Every image must reach the same size after preprocessing.
    const std::ptrdiff_t rows = preprocessed_rows(preprocess_options, dataset.images.front().height());
    const std::ptrdiff_t cols = preprocessed_cols(preprocess_options, dataset.images.front().width());
    for (std::size_t k = 0; k < dataset.size(); ++k) {
      const ImageF& image = dataset.images[k];
      if (preprocessed_rows(preprocess_options, image.height()) != rows ||
          preprocessed_cols(preprocess_options, image.width()) != cols) {
        throw InvalidArgument(fmt::format(
            "hir extract: {} is {}x{} pixels but {} is {}x{}; every image must have one size, so pass --resize SIDE",
            dataset.sources[k], image.height(), image.width(), dataset.sources.front(),
            dataset.images.front().height(), dataset.images.front().width()));
      }
    }
    const HirPlan plan(rows, cols, options);

    const FeatureMatrix matrix = extract_with_progress(plan, dataset, preprocess_options);
    write_outputs(plan, matrix, dataset, preprocess_options, sidecar);
    if (!rotation_curve_.empty()) write_rotation_curve(options, preprocess_options, dataset);
    if (!quiet_) {
      std::fprintf(stderr, "erlangen hir extract: %zu images x %zu features (%zu paths) written to %s\n", matrix.rows,
                   matrix.cols, plan.paths().size(), output_.string().c_str());
    }
    return 0;
  }

 private:
  bool given(const std::string& option) const { return app_ != nullptr && app_->count(option) > 0; }

  ImageDataset read_inputs(const GlobalOptions& global) const {
    DatasetLimits limits;
    limits.max_pixels = global.max_pixels;
    limits.max_file_bytes = global.max_input_bytes;
    const bool single_folder = inputs_.size() == 1 && fs::is_directory(inputs_.front());
    const bool idx_pair = inputs_.size() == 2 && fs::is_regular_file(inputs_[0]) && fs::is_regular_file(inputs_[1]) &&
                          looks_like_idx(inputs_[0]) && looks_like_idx(inputs_[1]);
    if (single_folder || idx_pair) return read_dataset(inputs_, limits);

    ImageDataset dataset;
    dataset.class_names = {"unlabelled"};
    for (const fs::path& input : inputs_) {
      if (fs::is_directory(input)) {
        throw InvalidArgument(fmt::format("hir extract: {} is a folder; pass one class folder alone, or image files",
                                          input.string()));
      }
      dataset.images.push_back(load_grey(input, global.max_pixels, quiet_));
      dataset.labels.push_back(0);
      dataset.sources.push_back(input.string());
    }
    return dataset;
  }

  FeatureMatrix extract_with_progress(const HirPlan& plan, const ImageDataset& dataset,
                                      const PreprocessOptions& preprocess_options) const {
    // Chunks keep one parallel batch per chunk and let the progress line advance between them.
    const bool show_progress = !quiet_ && stderr_is_terminal();
    const std::size_t chunk = show_progress ? 256 : dataset.size();
    FeatureMatrix result;
    result.rows = dataset.size();
    result.cols = plan.feature_count();
    result.labels = plan.labels();
    result.values.reserve(result.rows * result.cols);
    for (std::size_t begin = 0; begin < dataset.size(); begin += chunk) {
      const std::size_t end = std::min(dataset.size(), begin + chunk);
      std::vector<ImageView<const float>> views;
      for (std::size_t k = begin; k < end; ++k) views.push_back(dataset.images[k].plane());
      const FeatureMatrix part = extract_batch(plan, views, preprocess_options);
      result.values.insert(result.values.end(), part.values.begin(), part.values.end());
      if (show_progress) std::fprintf(stderr, "\rerlangen hir extract: %zu/%zu images", end, dataset.size());
    }
    if (show_progress) std::fprintf(stderr, "\n");
    return result;
  }

  void write_outputs(const HirPlan& plan, const FeatureMatrix& matrix, const ImageDataset& dataset,
                     const PreprocessOptions& preprocess_options, const fs::path& sidecar) const {
    const std::size_t shape[2] = {matrix.rows, matrix.cols};
    if (dtype_ == "float32") {
      std::vector<float> values(matrix.values.begin(), matrix.values.end());
      io::write_npy(output_, values.data(), io::NpyType::float32, shape);
    } else {
      io::write_npy(output_, matrix.values.data(), io::NpyType::float64, shape);
    }

    nlohmann::json manifest = nlohmann::json::parse(manifest_json(plan));
    manifest["npy"] = output_.filename().string();
    manifest["dtype"] = dtype_;
    manifest["rows"] = matrix.rows;
    manifest["preprocess"] = {{"resize_side", preprocess_options.resize_side},
                              {"interpolation", preprocess_options.interpolation == Interpolation::bilinear
                                                    ? "bilinear"
                                                    : "bicubic"},
                              {"sigma", preprocess_options.sigma},
                              {"pad", preprocess_options.pad},
                              {"intensity_scale", preprocess_options.intensity_scale}};
    if (!preset_.empty()) manifest["preset"] = preset_;
    manifest["inputs"] = dataset.sources;
    manifest["class_names"] = dataset.class_names;
    manifest["labels"] = dataset.labels;
    io::write_text(sidecar, dump_json(manifest));
  }

  // Relative change of the features of the first image under rotation, as a plot and a CSV table.
  void write_rotation_curve(const HirOptions& options, const PreprocessOptions& preprocess_options,
                            const ImageDataset& dataset) const {
    // The preprocessed image is rotated, so that a zero border (--pad) keeps the content in the frame.
    const ImageF square = crop_centre_square(dataset.images.front().plane());
    const ImageF prepared = preprocess(square.plane(), preprocess_options);
    const HirPlan plan(prepared.height(), prepared.width(), options);
    const std::vector<double> original = plan.apply(prepared.plane()).values;
    double norm = 0.0;
    for (double value : original) norm += value * value;
    norm = std::sqrt(norm);

    io::PlotSeries series{"relative change", {}, {}};
    std::string csv = "degrees,relative_change\n";
    for (int degrees = 0; degrees <= 360; degrees += 5) {
      // Multiples of 90 degrees move pixels exactly; other angles interpolate.
      const ImageF rotated = degrees % 90 == 0 ? rotate90(prepared.plane(), degrees / 90)
                                               : rotate(prepared.plane(), degrees, Interpolation::bicubic, 0.0f);
      const std::vector<double> features = plan.apply(rotated.plane()).values;
      double difference = 0.0;
      for (std::size_t k = 0; k < features.size(); ++k) difference += (features[k] - original[k]) * (features[k] - original[k]);
      const double relative = norm > 0.0 ? std::sqrt(difference) / norm : 0.0;
      series.x.push_back(degrees);
      series.y.push_back(relative);
      csv += fmt::format("{},{}\n", degrees, format_double(relative));
    }
    io::PlotOptions plot;
    plot.title = fmt::format("HIR feature change under rotation ({} paths)", plan.paths().size());
    plot.x_label = "rotation (degrees)";
    plot.y_label = "relative change";
    io::write_line_plot(rotation_curve_, std::span<const io::PlotSeries>(&series, 1), plot);
    io::write_text(fs::path(rotation_curve_.string() + ".csv"), csv);
  }

  CLI::App* app_ = nullptr;
  fs::path rotation_curve_;
  std::vector<fs::path> inputs_;
  fs::path output_;
  std::string preset_;
  std::string family_ = "pct";
  std::string rule_ = "tree";
  std::string path_list_;
  fs::path path_file_;
  int max_order_ = 6;
  int depth_ = 2;
  std::vector<int> sides_ = {10};
  std::string kernels_ = "subpixel";
  std::string readout_ = "mean";
  int bands_ = 30;
  bool reference_bands_ = false;
  std::string moment_family_ = "pct";
  int moment_order_ = 3;
  std::string pool_ = "none";
  int pool_window_ = 2;
  int pool_stride_ = 2;
  std::ptrdiff_t resize_ = 0;
  std::string interpolation_ = "bicubic";
  double sigma_ = 0.0;
  std::ptrdiff_t pad_ = 0;
  double intensity_scale_ = 1.0;
  std::string dtype_ = "float32";
  std::string precision_ = "float32";
  int orbit_rotations_ = 1;
  bool quiet_ = false;
};

const HirSubcommandRegistrar registrar{[] { return std::make_unique<HirExtractCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
