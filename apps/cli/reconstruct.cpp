// `erlangen reconstruct IMAGE -o OUT.png`: image reconstruction from moments and its quality.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/moments/cartesian.hpp"
#include "erlangen/moments/features.hpp"
#include "erlangen/moments/metrics.hpp"

namespace erlangen::cli {
namespace {

class ReconstructCommand final : public Command {
 public:
  ReconstructCommand() { arguments_.max_order = 30; }

  std::string name() const override { return "reconstruct"; }
  std::string summary() const override {
    return "reconstruct an image from its moments and print MSRE, PSNR and SSIM";
  }

  void configure(CLI::App& app) override {
    app.footer(
        "Compute the moments of IMAGE (grey, centre square) up to --max-order, reconstruct "
        "f_hat = sum M_nm V_nm at the pixel centres inside the disk (0 outside), and write |f_hat| as an "
        "8-bit grey PNG (values clamped to [0, 1]).\n"
        "Quality against the original with the pixels outside the disk set to 0: MSRE = sum (|f_hat| - f)^2 / "
        "sum f^2; PSNR in dB and SSIM (Wang et al. 2004, 11 x 11 Gaussian window, sigma 1.5) of the two "
        "images rounded to 8 bits. Identical 8-bit images give PSNR inf (null in JSON). SSIM needs at least "
        "11 x 11 pixels; on a smaller image it is reported as n/a (null in JSON).");
    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF)")->required();
    add_downsample_option(app, downsample_);
    add_moment_options(app, arguments_);
    app.add_option("--output,-o", output_,
                   "reconstructed image, 8-bit grey; the extension selects the format: .png or .pgm "
                   "(written atomically)")
        ->required();
    app.add_flag("--json", json_, "print the measures as JSON instead of a table");
    app.add_flag("--quiet,-q", quiet_, "do not print notes (such as the centre crop) on stderr");
  }

  int run(const GlobalOptions& global) override {
    check_output_option(output_, "--output", false);
    check_output_extension();
    const ImageF image = load_square_grey(image_, global.max_pixels, quiet_, downsample_);
    if (arguments_.is_cartesian()) return run_cartesian(image);

    const moments::MomentPlan plan = arguments_.make_plan(image.height());
    const moments::MomentSet set = plan.apply(image.plane());
    const ImageD reconstruction = plan.reconstruct(set);

    const ImageD original = convert_plane<double, float>(image.plane());
    const moments::ReconstructionQuality quality = measure_quality(original, reconstruction, plan.options().grid);
    write_image(reconstruction);

    if (json_) {
      const nlohmann::json document = {{"image", image_.string()},
                                       {"output", output_.string()},
                                       {"size", plan.rows()},
                                       {"family", plan.family().name()},
                                       {"label", moments::family_label(plan.family())},
                                       {"max_order", plan.options().max_order},
                                       {"moments", set.size()},
                                       {"method", moments::to_string(plan.method())},
                                       {"msre", quality.msre},
                                       {"psnr_db", quality.psnr},
                                       {"ssim", quality.ssim}};
      std::cout << dump_json(document);
    } else {
      std::cout << fmt::format("{} K={} on {}x{}, {} moments\n", moments::family_label(plan.family()),
                               plan.options().max_order, plan.rows(), plan.cols(), set.size());
      print_quality(quality);
    }
    return 0;
  }

 private:
  static void print_quality(const moments::ReconstructionQuality& quality) {
    std::cout << fmt::format("MSRE  {:.6g}\n", quality.msre);
    std::cout << fmt::format("PSNR  {:.6g} dB\n", quality.psnr);
    if (std::isnan(quality.ssim)) {
      std::cout << "SSIM  n/a\n";
    } else {
      std::cout << fmt::format("SSIM  {:.6g}\n", quality.ssim);
    }
  }

  // Rejects an output name whose extension is not a format we write, before any computation.
  void check_output_extension() const {
    const std::string extension = output_.extension().string();
    if (extension == ".png" || extension == ".pgm") return;
    throw InvalidArgument(fmt::format(
        "reconstruct: --output {}: the extension '{}' is not supported; accepted extensions are .png and .pgm",
        output_.string(), extension));
  }

  void write_image(const ImageD& reconstruction) const {
    const ImageF pixels = convert_plane<float, double>(reconstruction.plane());
    if (output_.extension() == ".pgm") {
      io::write_pgm(output_, pixels);
    } else {
      io::write_png(output_, pixels);
    }
  }

  // MSRE, PSNR and SSIM; the original is masked to the disk of `grid` when one is
  // given. SSIM is NaN (printed n/a, null in JSON) when the image is smaller than
  // its 11 x 11 window.
  moments::ReconstructionQuality measure_quality(const ImageD& original, const ImageD& reconstruction,
                                                 std::optional<basis::Grid> grid) const {
    const ImageD reference = grid ? moments::mask_outside_disk(original.plane(), *grid) : original;
    moments::ReconstructionQuality quality;
    quality.msre = moments::msre(reference.plane(), reconstruction.plane());
    const auto reference_bytes = moments::to_uint8(reference.plane(), 1.0);
    const auto reconstruction_bytes = moments::to_uint8(reconstruction.plane(), 1.0);
    quality.psnr = moments::psnr(reference_bytes.plane(), reconstruction_bytes.plane());
    constexpr std::ptrdiff_t ssim_window = 11;
    if (reference.height() >= ssim_window && reference.width() >= ssim_window) {
      quality.ssim = moments::ssim(reference_bytes.plane(), reconstruction_bytes.plane());
    } else {
      quality.ssim = std::numeric_limits<double>::quiet_NaN();
      if (!quiet_) {
        std::fprintf(stderr, "erlangen: note: SSIM needs at least 11x11 pixels and the image is %tdx%td; SSIM is n/a\n",
                     reference.height(), reference.width());
      }
    }
    return quality;
  }

  // Cartesian moments cover the whole square, so the quality is measured on
  // the whole image, without the disk mask.
  int run_cartesian(const ImageF& image) const {
    const moments::CartesianPlan plan = arguments_.make_cartesian_plan(image.height());
    const Eigen::MatrixXd values = plan.apply(image.plane());
    const ImageD reconstruction = plan.reconstruct(values);
    const ImageD original = convert_plane<double, float>(image.plane());

    const moments::ReconstructionQuality quality = measure_quality(original, reconstruction, std::nullopt);
    write_image(reconstruction);

    const auto count = static_cast<std::size_t>(values.size());
    if (json_) {
      const nlohmann::json document = {{"image", image_.string()},
                                       {"output", output_.string()},
                                       {"size", plan.rows()},
                                       {"family", moments::to_string(plan.options().family)},
                                       {"label", plan.label()},
                                       {"max_order", plan.options().max_order},
                                       {"moments", count},
                                       {"method", "separable"},
                                       {"msre", quality.msre},
                                       {"psnr_db", quality.psnr},
                                       {"ssim", quality.ssim}};
      std::cout << dump_json(document);
    } else {
      std::cout << fmt::format("{} K={} on {}x{}, {} moments (whole square, no disk mask)\n", plan.label(),
                               plan.options().max_order, plan.rows(), plan.cols(), count);
      print_quality(quality);
    }
    return 0;
  }

  std::filesystem::path image_;
  std::filesystem::path output_;
  MomentArguments arguments_;
  int downsample_ = 1;
  bool json_ = false;
  bool quiet_ = false;
};

const CommandRegistrar registrar{[] { return std::make_unique<ReconstructCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
