// `erlangen watermark embed IMAGE --key KEY (--message HEX | --text TEXT) -o OUT.png`: embeds a
// payload and writes the 8-bit marked PNG atomically.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/moments/metrics.hpp"
#include "watermark.hpp"

namespace erlangen::cli {
namespace {

namespace wm = forensics::watermark;

constexpr const char* kOperation = "watermark embed";

nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Mean SSIM over the channels of two images stacked by stacked_uint8.
double mean_ssim(const Image<std::uint8_t>& a, const Image<std::uint8_t>& b, std::ptrdiff_t channels) {
  const std::ptrdiff_t rows = a.height() / channels;
  double sum = 0.0;
  for (std::ptrdiff_t c = 0; c < channels; ++c) {
    const ImageView<const std::uint8_t> va(a.data() + c * rows * a.width(), rows, a.width());
    const ImageView<const std::uint8_t> vb(b.data() + c * rows * b.width(), rows, b.width());
    sum += moments::ssim(va, vb);
  }
  return sum / static_cast<double>(channels);
}

class WatermarkEmbedCommand final : public WatermarkSubcommand {
 public:
  std::string name() const override { return "embed"; }
  std::string summary() const override { return "embed a payload under a key and write the marked 8-bit PNG"; }

  void configure(CLI::App& app) override {
    app.add_option("image", image_, "image to mark (grey or colour; alpha is composited on white)")->required();
    app.add_option("--key", key_, "secret key: 8 to 64 hexadecimal digits")->required();
    auto* message = app.add_option("--message", message_, "payload as 1 to 64 hexadecimal digits (4 bits each)");
    auto* text = app.add_option("--text", text_, "payload as the UTF-8 bytes of TEXT (1 to 32 bytes)");
    message->excludes(text);
    text->excludes(message);
    app.add_option("--strength", strength_,
                   "embedding strength in the scheme's unit, 0 for its default (moment: lattice step of the moment "
                   "magnitudes on the 0..255 luma scale, default 1, accepted 0.25 to 16; dwtdct, dwtdctsvd: quantisation "
                   "step, default 36)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    add_scheme_option(app, scheme_);
    app.add_option("--output,-o", output_, "marked image (PNG, 8 bits per sample, written atomically)")->required();
    app.add_option("--json", json_, "write a JSON report to this file, or '-' for standard output");
    app.footer(
        "The payload is read as bits and never as text: --text only supplies its bytes, and detection returns hex. "
        "The report gives PSNR and SSIM of the 8-bit result against the 8-bit original and the capacity in bits.");
  }

  int run(const GlobalOptions& global) override {
    if (!message_ && !text_) {
      throw InvalidArgument(
          "watermark embed: no payload given, expected --message HEX or --text TEXT; pass one of them");
    }
    check_output_option(output_, "--output", false);
    if (json_) check_output_option(*json_, "--json", true);
    if (json_) check_distinct_files(*json_, "--json", output_, "--output");
    if (json_) check_distinct_files(*json_, "--json", image_, "IMAGE");
    const wm::WatermarkKey key = wm::parse_key(key_);
    const wm::Bits payload = message_ ? wm::parse_hex_payload(*message_) : wm::parse_text_payload(*text_);
    wm::WatermarkOptions options;
    options.strength = strength_;
    const std::unique_ptr<wm::WatermarkScheme> scheme = wm::make_watermark_scheme(scheme_, options);

    io::ReadOptions read_options;
    read_options.max_pixels = global.max_pixels;
    read_options.max_file_bytes = input_byte_limit();
    const io::DecodedImage decoded = io::read_image(image_, read_options);
    for (const std::string& warning : decoded.warnings) {
      std::fprintf(stderr, "erlangen: note: %s: %s\n", image_.c_str(), warning.c_str());
    }
    const ImageF& original = decoded.image;
    const std::size_t capacity = scheme->capacity(original.height(), original.width());
    const ImageF marked = scheme->embed(original, key, payload);
    // The image and a --json report file are one result: a failed report removes the image.
    io::OutputSet outputs(kOperation);
    io::write_png(output_, marked);
    outputs.add_file(output_);

    const Image<std::uint8_t> before = stacked_uint8(original);
    const Image<std::uint8_t> after = stacked_uint8(marked);
    const double psnr = moments::psnr(before.plane(), after.plane());
    const double ssim = mean_ssim(before, after, original.channels());
    const std::string hex = wm::bits_to_hex(payload);

    if (!json_ || *json_ != "-") {
      std::cout << fmt::format("{} {}: {} bits ({} capacity) in {}x{} {}, PSNR {:.2f} dB, SSIM {:.4f}, written to {}\n",
                               kOperation, scheme->name(), payload.size(), capacity, original.width(),
                               original.height(), original.channels() == 1 ? "grey" : "RGB", psnr, ssim, output_);
    }
    if (json_) {
      nlohmann::json report;
      report["image"] = image_;
      report["output"] = output_;
      report["scheme"] = std::string(scheme->name());
      report["strength"] = strength_;
      report["payload_bits"] = payload.size();
      report["payload_hex"] = hex;
      report["capacity_bits"] = capacity;
      report["width"] = original.width();
      report["height"] = original.height();
      report["channels"] = original.channels();
      report["psnr"] = finite_or_null(psnr);
      report["ssim"] = ssim;
      emit_json_report(*json_, report);
    }
    outputs.keep();
    finish_stdout(kOperation);
    return 0;
  }

 private:
  std::string image_;
  std::string key_;
  std::optional<std::string> message_;
  std::optional<std::string> text_;
  double strength_ = 0.0;
  std::string scheme_ = "moment";
  std::string output_;
  std::optional<std::string> json_;
};

const WatermarkSubcommandRegistrar registrar{[] { return std::make_unique<WatermarkEmbedCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
