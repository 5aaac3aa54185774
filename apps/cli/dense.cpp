// `erlangen dense IMAGE`: dense local moment magnitudes at every pixel and scale, as an NPY stack.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/npy.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/io/plot.hpp"

namespace erlangen::cli {
namespace {

// Largest side of one map in the preview montage; larger maps are subsampled.
constexpr std::ptrdiff_t kPreviewSide = 256;

std::string channel_caption(const FeatureLabel& label) {
  if (label.scale > 0.0) return fmt::format("({},{}) S={}", label.n, label.m, label.scale);
  return fmt::format("({},{}) pooled", label.n, label.m);
}

// Writes a montage of the selected planes, each scaled from its own minimum (black) to its
// maximum (white), with a caption above it.
void write_preview(const std::filesystem::path& path, const dense::LabelledPlanes<float>& result,
                   const std::vector<std::ptrdiff_t>& channels) {
  const std::ptrdiff_t rows = result.planes.height();
  const std::ptrdiff_t cols = result.planes.width();
  const std::ptrdiff_t step = std::max<std::ptrdiff_t>(1, (std::max(rows, cols) + kPreviewSide - 1) / kPreviewSide);
  const std::ptrdiff_t tile_rows = (rows + step - 1) / step;
  const std::ptrdiff_t tile_cols = (cols + step - 1) / step;
  const int text_scale = 1;
  const std::ptrdiff_t caption = io::text_height(text_scale) + 4;
  const std::ptrdiff_t margin = 6;
  const auto count = static_cast<std::ptrdiff_t>(channels.size());
  const auto across = static_cast<std::ptrdiff_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  const std::ptrdiff_t down = (count + across - 1) / across;
  const std::ptrdiff_t cell_cols = std::max(tile_cols, std::ptrdiff_t{90}) + margin;
  const std::ptrdiff_t cell_rows = tile_rows + caption + margin;
  io::RgbRaster raster(down * cell_rows + margin, across * cell_cols + margin, {255, 255, 255});

  for (std::ptrdiff_t k = 0; k < count; ++k) {
    const std::ptrdiff_t channel = channels[static_cast<std::size_t>(k)];
    const std::ptrdiff_t top = margin + (k / across) * cell_rows;
    const std::ptrdiff_t left = margin + (k % across) * cell_cols;
    io::draw_text(raster, top, left, channel_caption(result.labels[static_cast<std::size_t>(channel)]), text_scale,
                  {0, 0, 0});
    const ImageView<const float> plane = result.planes.plane(channel);
    float low = plane(0, 0);
    float high = plane(0, 0);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        low = std::min(low, plane(i, j));
        high = std::max(high, plane(i, j));
      }
    }
    const float range = high > low ? high - low : 1.0f;
    for (std::ptrdiff_t i = 0; i < tile_rows; ++i) {
      for (std::ptrdiff_t j = 0; j < tile_cols; ++j) {
        const float value = (plane(i * step, j * step) - low) / range;
        const auto grey = static_cast<std::uint8_t>(std::lround(255.0f * std::clamp(value, 0.0f, 1.0f)));
        raster.set(top + caption + i, left + j, {grey, grey, grey});
      }
    }
  }
  io::write_png_rgb8(path, raster.pixels, raster.rows, raster.cols);
}

std::string lower_case_name(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class DenseCommand final : public Command {
 public:
  std::string name() const override { return "dense"; }
  std::string summary() const override {
    return "dense local moment magnitudes at every pixel and scale (NPY stack + JSON labels)";
  }

  void configure(CLI::App& app) override {
    app.footer(
        "Compute |M_nm(p, S)|, the magnitude of the local moment of the disk window of side S around every "
        "pixel p of IMAGE, read as grey (BT.601 luma in [0, 1]), for every order pair and scale. With "
        "--pool mean or max the magnitudes are pooled over scales per (n, m). The output is a float32 "
        "NPY array of shape rows x cols x channels; FILE.json names each channel (family, n, m, scale "
        "or \"pooled\") and gives the patch centre of output pixel (a, b): row a*stride + offset, "
        "column b*stride + offset.\n"
        "Orders: NM10, ZNM10, SNM10, 'n+m<=K', 'n<=K,m<=K', 'getNM(K)', 'zernike<=K', 'getZNM(K)', "
        "'getSNM(K)', 'family<=K' or a list '(0,0),(1,2)', with K in [0, 200]. getNM(K) is {0..K} x {0..K} "
        "((K+1)^2 pairs (n, m)); getZNM(K) is every (n, m) with 0 <= m <= n <= K and n - m even (the pairs "
        "Zernike moments allow); getSNM(K) is {1..K} x {0..K} (the sine families PST and GPST have no n = 0). "
        "NM10 is the ten pairs with n + m <= 3; ZNM10 is the first ten pairs of getZNM, up to (5,1); SNM10 "
        "is (1,0), (1,1), (1,2), (2,0), (2,1), (2,2), (3,0), (3,1), (3,2), (3,3).\n"
        "Scales: window sides in [2, 4096] pixels, all even or all odd: a list '8,10,12', a range "
        "start:stop:count rounded to the parity of start, or 'default' (8,10,12,14,16,18,22,24,28,32).\n"
        "Normalisations (factor c_S per scale S, R the disk radius in pixels): inside_area 1 / A_S with A_S "
        "the disk area in pixels as the sampling rule estimates it; analytic 1 / (pi R^2); textbook_moment "
        "Omega_n / R^2 (each value is the textbook moment of the window); orthonormal sqrt(Omega_n) / R^2; "
        "reference_outside 1 / (number of window pixels whose centre lies outside the disk), as in the "
        "authors' MATLAB code of Qi et al. 2023.");
    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF)")->required();
    app.add_option("--family,-f", family_, "moment family, by name or abbreviation (see 'erlangen families')")
        ->capture_default_str();
    app.add_option("--alpha", parameters_.alpha, "alpha > 0 of GRHFM, GPCET, GPCT, GPST and FJFM")
        ->capture_default_str();
    app.add_option("--p", parameters_.p, "Jacobi parameter p of JFM and FJFM, with p - q > -1")->capture_default_str();
    app.add_option("--q", parameters_.q, "Jacobi parameter q > 0 of JFM and FJFM")->capture_default_str();
    app.add_option("--orders", orders_, "order set (default: NM10, ZNM10 for ZM/PZM, SNM10 for PST/GPST)");
    app.add_option("--scales", scales_, "window sides in pixels, each in [2, 4096], one parity (see below)")
        ->capture_default_str();
    app.add_option("--pool", pool_, "pooling over scales: mean, max, or none (one channel per order and scale)")
        ->check(CLI::IsMember({"mean", "max", "none"}))
        ->capture_default_str();
    app.add_option("--boundary", boundary_,
                   "valid (windows inside the image; output (H - S_max + 1) x (W - S_max + 1)) or "
                   "same:zero, same:reflect (alias same:symmetric, mirror with the edge pixel repeated) or "
                   "same:replicate (pad by floor(S_max/2) per side)")
        ->check(CLI::IsMember({"valid", "same:zero", "same:reflect", "same:symmetric", "same:replicate"}))
        ->capture_default_str();
    app.add_option("--stride", stride_, "keep every k-th output row and column, k in [1, 4096]")
        ->check(CLI::Range(std::ptrdiff_t{1}, std::ptrdiff_t{4096}))
        ->capture_default_str();
    app.add_option("--sampling", sampling_,
                   "kernel sampling: subpixel (4 x 4 midpoint nodes per pixel) or zoa (one sample at the pixel "
                   "centre, as in the authors' MATLAB code of Qi et al. 2023)")
        ->check(CLI::IsMember({"subpixel", "zoa"}))
        ->capture_default_str();
    app.add_option("--geometry", geometry_,
                   "edge (disk of diameter S inscribed in the window) or centre (diameter S - 1 through the centres of "
                   "the edge pixels, as in the authors' MATLAB code of Qi et al. 2023)")
        ->check(CLI::IsMember({"edge", "centre", "center"}))
        ->capture_default_str();
    app.add_option("--normalisation", normalisation_,
                   "per-scale factor c_S: inside_area, analytic, textbook_moment, orthonormal or reference_outside "
                   "(defined below)")
        ->check(CLI::IsMember({"inside_area", "analytic", "textbook_moment", "orthonormal", "reference_outside"}))
        ->capture_default_str();
    app.add_option("--precision", precision_, "FFT precision: float64 or float32 (half the memory)")
        ->check(CLI::IsMember({"float64", "float32"}))
        ->capture_default_str();
    app.add_option("--method", method_, "auto (cheaper by an operation count), fft or direct")
        ->check(CLI::IsMember({"auto", "fft", "direct"}))
        ->capture_default_str();
    app.add_option("--memory-budget", budget_mib_,
                   "MiB for kernel spectra and FFT buffers, an integer in [1, 16777216]; larger images are "
                   "processed in tiles")
        ->capture_default_str();
    app.add_option("--output,-o", output_, "output NPY file; FILE.json receives the channel labels")->required();
    app.add_option("--preview", preview_, "also write a PNG montage of channels, each scaled to its own range");
    app.add_option("--preview-channels", preview_channels_,
                   "channel indices for the montage (default: the first 16 channels)");
    app.add_flag("--quiet,-q", quiet_, "do not print decoder notes on stderr");
  }

  int run(const GlobalOptions& global) override {
    check_output_option(output_, "--output", false);
    if (!preview_.empty()) check_output_option(preview_, "--preview", false);
    for (std::ptrdiff_t c : preview_channels_) {
      if (c < 0) {
        throw_invalid_argument("dense", "--preview-channels entry", c, "a channel index >= 0",
                               "pick channel indices from the JSON sidecar");
      }
    }
    const ImageF image = load_grey(image_, global.max_pixels, quiet_);

    const std::string family_name = lower_case_name(family_);
    if (family_name == "legendre" || family_name == "tchebichef" || family_name == "chebyshev" ||
        family_name == "krawtchouk" || family_name == "lm" || family_name == "tm" || family_name == "km") {
      throw InvalidArgument(fmt::format(
          "dense: --family {} is a Cartesian family, and dense local moments support only the disk-based "
          "families; run 'erlangen families' for the list",
          family_));
    }
    const basis::FamilyParameters parameters = parameters_;
    std::shared_ptr<const basis::Family> family = basis::make_family(family_, parameters);
    dense::LocalMomentOptions options;
    options.orders = orders_.empty() ? dense::default_orders(*family) : dense::parse_order_set(orders_, *family);
    options.scales = dense::parse_scales(scales_);
    options.geometry = basis::parse_grid(geometry_);
    options.sampling = sampling_ == "zoa" ? basis::SamplingRule{basis::Integration::zoa, 1}
                                          : basis::SamplingRule{basis::Integration::midpoint, 4};
    options.normalisation = dense::parse_normalisation(normalisation_);
    options.boundary = dense::parse_boundary(boundary_);
    options.precision = dense::parse_precision(precision_);
    options.method = dense::parse_method(method_);
    options.stride = stride_;
    if (budget_mib_ < 1 || budget_mib_ > (std::int64_t{1} << 24)) {
      throw_invalid_argument("dense", "--memory-budget", budget_mib_, "an integer in [1, 16777216] MiB",
                             "pass the budget in MiB, for example 1024");
    }
    options.memory_budget = static_cast<std::size_t>(budget_mib_) << 20;
    const dense::LocalMomentPlan plan(family, image.height(), image.width(), options);
    const dense::LabelledPlanes<float> result = plan.pooled<float>(image.plane(), dense::parse_pooling(pool_));

    // Everything that can fail before writing (the channel selection, the sidecar
    // text) is settled first; a failed later write removes the earlier files.
    const std::vector<std::ptrdiff_t> selection =
        preview_.empty() ? std::vector<std::ptrdiff_t>{} : preview_selection(result);
    const std::string sidecar_text = dump_json(sidecar(plan, result));
    io::OutputSet outputs("dense");
    write_npy(result);
    outputs.add_file(output_);
    io::write_text(output_.string() + ".json", sidecar_text);
    outputs.add_file(output_.string() + ".json");
    if (!preview_.empty()) write_preview(preview_, result, selection);
    outputs.keep();
    return 0;
  }

 private:
  // Interleaves the channel-major planes into rows x cols x channels and writes them.
  void write_npy(const dense::LabelledPlanes<float>& result) const {
    const std::ptrdiff_t rows = result.planes.height();
    const std::ptrdiff_t cols = result.planes.width();
    const std::ptrdiff_t channels = result.planes.channels();
    std::vector<float> interleaved(static_cast<std::size_t>(rows * cols * channels));
    for (std::ptrdiff_t c = 0; c < channels; ++c) {
      for (std::ptrdiff_t i = 0; i < rows; ++i) {
        for (std::ptrdiff_t j = 0; j < cols; ++j) {
          interleaved[static_cast<std::size_t>((i * cols + j) * channels + c)] = result.planes(i, j, c);
        }
      }
    }
    const std::vector<std::size_t> shape = {static_cast<std::size_t>(rows), static_cast<std::size_t>(cols),
                                            static_cast<std::size_t>(channels)};
    io::write_npy(output_, interleaved.data(), io::NpyType::float32, shape);
  }

  nlohmann::json sidecar(const dense::LocalMomentPlan& plan, const dense::LabelledPlanes<float>& result) const {
    nlohmann::json channels = nlohmann::json::array();
    for (std::size_t k = 0; k < result.labels.size(); ++k) {
      const FeatureLabel& label = result.labels[k];
      nlohmann::json entry = {{"index", k}, {"family", label.family}, {"n", label.n}, {"m", label.m}, {"kind", label.kind}};
      if (label.scale > 0.0) {
        entry["scale"] = static_cast<int>(label.scale);
      } else {
        entry["scale"] = "pooled";
      }
      channels.push_back(std::move(entry));
    }
    const dense::LocalMomentOptions& options = plan.options();
    return {
        {"image", image_.string()},
        {"dtype", "float32"},
        {"shape", {result.planes.height(), result.planes.width(), result.planes.channels()}},
        {"layout", "rows x cols x channels"},
        {"family", plan.family_label()},
        {"orders", dense::format_orders(plan.orders())},
        {"scales", plan.scales()},
        {"pool", pool_},
        {"boundary", dense::to_string(options.boundary)},
        {"padding", plan.padding()},
        {"stride", options.stride},
        {"centre_offset", plan.centre_row(0)},
        {"geometry", basis::to_string(options.geometry)},
        {"sampling", sampling_},
        {"normalisation", dense::to_string(options.normalisation)},
        {"method", dense::to_string(plan.method())},
        {"image_size", {plan.image_rows(), plan.image_cols()}},
        {"channels", channels}};
  }

  std::vector<std::ptrdiff_t> preview_selection(const dense::LabelledPlanes<float>& result) const {
    const std::ptrdiff_t channels = result.planes.channels();
    std::vector<std::ptrdiff_t> selection;
    if (preview_channels_.empty()) {
      for (std::ptrdiff_t c = 0; c < std::min<std::ptrdiff_t>(channels, 16); ++c) selection.push_back(c);
      return selection;
    }
    for (std::ptrdiff_t c : preview_channels_) {
      if (c < 0 || c >= channels) {
        throw_invalid_argument("dense", "--preview-channels entry", c, fmt::format("an index in [0, {})", channels),
                               "pick channel indices from the JSON sidecar");
      }
      selection.push_back(c);
    }
    return selection;
  }

  std::filesystem::path image_;
  std::filesystem::path output_;
  std::filesystem::path preview_;
  std::vector<std::ptrdiff_t> preview_channels_;
  std::string family_ = "pct";
  basis::FamilyParameters parameters_;
  std::string orders_;
  std::string scales_ = "default";
  std::string pool_ = "mean";
  std::string boundary_ = "valid";
  std::ptrdiff_t stride_ = 1;
  std::string sampling_ = "subpixel";
  std::string geometry_ = "edge";
  std::string normalisation_ = "inside_area";
  std::string precision_ = "float64";
  std::string method_ = "auto";
  std::int64_t budget_mib_ = 1024;
  bool quiet_ = false;
};

const CommandRegistrar registrar{[] { return std::make_unique<DenseCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
