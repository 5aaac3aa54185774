// `erlangen watermark detect IMAGE --key KEY --bits N`: blind extraction of the payload and the
// detection decision at a false positive rate.
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
#include "watermark.hpp"

namespace erlangen::cli {
namespace {

namespace wm = forensics::watermark;

constexpr const char* kOperation = "watermark detect";

class WatermarkDetectCommand final : public WatermarkSubcommand {
 public:
  std::string name() const override { return "detect"; }
  std::string summary() const override {
    return "extract a payload of known length under a key, with its p-value and the decision at --fpr";
  }

  void configure(CLI::App& app) override {
    app.add_option("image", image_, "image to read (no original needed)")->required();
    app.add_option("--key", key_, "secret key used at embedding: 8 to 64 hexadecimal digits")->required();
    app.add_option("--bits", bits_, "payload length in bits, as embedded (1 to the capacity)")->required();
    app.add_option("--fpr", fpr_, "false positive rate of the decision, in (0, 1)")->capture_default_str();
    add_scheme_option(app, scheme_);
    app.add_option("--json", json_,
                   "write a JSON report (with the per-bit confidence) to this file, or '-' for standard output");
    app.footer(
        "The exit code is 0 whether or not a mark is found; read the decision from the output. The p-value is the "
        "probability that an unmarked image scores as high, corrected for the synchronisation hypotheses tried.");
  }

  int run(const GlobalOptions& global) override {
    if (json_) check_output_option(*json_, "--json", true);
    if (json_) check_distinct_files(*json_, "--json", image_, "IMAGE");
    if (bits_ <= 0) {
      throw_invalid_argument(kOperation, "--bits", bits_, "a length of at least 1 bit",
                             "pass the payload length used at embedding");
    }
    if (!(fpr_ > 0.0 && fpr_ < 1.0)) {
      throw_invalid_argument(kOperation, "--fpr", fpr_, "(0, 1)", "pass a false positive rate such as 1e-6");
    }
    const wm::WatermarkKey key = wm::parse_key(key_);
    wm::WatermarkOptions options;
    options.detection_fpr = fpr_;
    const std::unique_ptr<wm::WatermarkScheme> scheme = wm::make_watermark_scheme(scheme_, options);

    io::ReadOptions read_options;
    read_options.max_pixels = global.max_pixels;
    read_options.max_file_bytes = input_byte_limit();
    const io::DecodedImage decoded = io::read_image(image_, read_options);
    for (const std::string& warning : decoded.warnings) {
      std::fprintf(stderr, "erlangen: note: %s: %s\n", image_.c_str(), warning.c_str());
    }
    const wm::WatermarkDetection detection =
        scheme->detect(decoded.image, key, static_cast<std::size_t>(bits_));
    const std::string hex = wm::bits_to_hex(detection.bits);

    if (!json_ || *json_ != "-") {
      std::cout << fmt::format("{} {}: {} (p-value {:.3g}, FPR {:g}), payload {}, score {:.4f}, best of {} hypotheses: {}\n",
                               kOperation, scheme->name(), detection.detected ? "detected" : "not detected",
                               detection.p_value, fpr_, hex, detection.score, detection.hypotheses,
                               detection.hypothesis);
    }
    // The mark does not store its length, so a wrong --bits decodes noise and reads as "not
    // detected", the same as an unmarked image.
    const std::string length_note =
        detection.detected ? std::string()
                           : fmt::format("not detected with --bits {}; the payload length is not stored in the mark, "
                                         "so a --bits different from the embedded length also gives 'not detected'",
                                         bits_);
    if (!length_note.empty()) std::fprintf(stderr, "erlangen: note: %s: %s\n", kOperation, length_note.c_str());
    if (json_) {
      nlohmann::json report;
      report["image"] = image_;
      report["scheme"] = std::string(scheme->name());
      report["payload_bits"] = bits_;
      report["payload_hex"] = hex;
      std::string bit_string;
      for (std::uint8_t bit : detection.bits) bit_string.push_back(bit ? '1' : '0');
      report["payload_binary"] = bit_string;
      report["confidence"] = detection.confidence;
      report["score"] = detection.score;
      report["p_value"] = detection.p_value;
      report["fpr"] = fpr_;
      report["detected"] = detection.detected;
      report["hypotheses"] = detection.hypotheses;
      report["hypothesis"] = detection.hypothesis;
      if (!length_note.empty()) report["note"] = length_note;
      emit_json_report(*json_, report);
    }
    finish_stdout(kOperation);
    return 0;
  }

 private:
  std::string image_;
  std::string key_;
  long long bits_ = 0;
  double fpr_ = 1e-6;
  std::string scheme_ = "moment";
  std::optional<std::string> json_;
};

const WatermarkSubcommandRegistrar registrar{[] { return std::make_unique<WatermarkDetectCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
