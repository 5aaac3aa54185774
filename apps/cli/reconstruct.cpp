// `erlangen reconstruct IMAGE -o OUT.png`: image reconstruction from moments and its quality.
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
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
        "images rounded to 8 bits. Identical 8-bit images give PSNR inf (null in JSON).");
    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF)")->required();
    add_downsample_option(app, downsample_);
    add_moment_options(app, arguments_);
    app.add_option("--output,-o", output_, "reconstructed image, PNG (written atomically)")->required();
    app.add_flag("--json", json_, "print the measures as JSON instead of a table");
    app.add_flag("--quiet,-q", quiet_, "do not print notes (such as the centre crop) on stderr");
  }

  int run(const GlobalOptions& global) override {
    const ImageF image = load_square_grey(image_, global.max_pixels, quiet_, downsample_);
    if (arguments_.is_cartesian()) return run_cartesian(image);

    const moments::MomentPlan plan = arguments_.make_plan(image.height());
    const moments::MomentSet set = plan.apply(image.plane());
    const ImageD reconstruction = plan.reconstruct(set);

    const ImageD original = convert_plane<double, float>(image.plane());
    const moments::ReconstructionQuality quality =
        moments::reconstruction_quality(original.plane(), reconstruction.plane(), plan.options().grid);
    io::write_png(output_, convert_plane<float, double>(reconstruction.plane()));

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
      std::cout << document.dump(2) << "\n";
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
    std::cout << fmt::format("SSIM  {:.6g}\n", quality.ssim);
  }

  // Cartesian moments cover the whole square, so the quality is measured on
  // the whole image, without the disk mask.
  int run_cartesian(const ImageF& image) const {
    const moments::CartesianPlan plan = arguments_.make_cartesian_plan(image.height());
    const Eigen::MatrixXd values = plan.apply(image.plane());
    const ImageD reconstruction = plan.reconstruct(values);
    const ImageD original = convert_plane<double, float>(image.plane());

    moments::ReconstructionQuality quality;
    quality.msre = moments::msre(original.plane(), reconstruction.plane());
    const auto original_bytes = moments::to_uint8(original.plane(), 1.0);
    const auto reconstruction_bytes = moments::to_uint8(reconstruction.plane(), 1.0);
    quality.psnr = moments::psnr(original_bytes.plane(), reconstruction_bytes.plane());
    quality.ssim = moments::ssim(original_bytes.plane(), reconstruction_bytes.plane());
    io::write_png(output_, convert_plane<float, double>(reconstruction.plane()));

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
      std::cout << document.dump(2) << "\n";
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
