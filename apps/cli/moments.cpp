// `erlangen moments IMAGE`: the moments of a grey image, optionally with invariants.
#include <complex>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/npy.hpp"
#include "erlangen/moments/cartesian.hpp"
#include "erlangen/moments/features.hpp"
#include "representation.hpp"

namespace erlangen::cli {
namespace {

class MomentsCommand final : public Command {
 public:
  std::string name() const override { return "moments"; }
  std::string summary() const override { return "compute the moments of an image (JSON, CSV or NPY)"; }

  void configure(CLI::App& app) override {
    app.footer(
        "Compute the moments M_nm of IMAGE, read as grey (BT.601 luma in [0, 1]). A non-square image is "
        "cropped to its centre square. Every value is labelled with family, order n and repetition m.\n"
        "Without --invariants the output lists the moments (CSV header family,n,m,real,imag,magnitude); "
        "with --invariants, CSV and NPY hold the invariants instead (CSV header family,n,m,kind,value) "
        "and JSON holds both.");
    app.add_option("image", image_, "input image (PNG, JPEG, PGM/PPM, TIFF)")->required();
    add_downsample_option(app, downsample_);
    add_moment_options(app, arguments_);
    app.add_option("--format", format_,
                   "output format: json, csv, or npy (complex128 moments or float64 invariants in label "
                   "order, with the labels in the sidecar FILE.json; needs -o)")
        ->check(CLI::IsMember({"json", "csv", "npy"}))
        ->capture_default_str();
    app.add_option("--output,-o", output_,
                   "output file, written atomically (default and '-': standard output, for json and csv only)");
    std::vector<std::string> choices = representation_names();
    choices.insert(choices.begin(), "none");
    app.add_option("--invariants", invariants_, "invariants to add: none" + representation_help())
        ->check(CLI::IsMember(choices))
        ->capture_default_str();
    app.add_flag("--quiet,-q", quiet_, "do not print notes (such as the centre crop) on stderr");
  }

  int run(const GlobalOptions& global) override {
    if (format_ == "npy" && (output_.empty() || output_ == "-")) {
      throw InvalidArgument("moments: --format npy writes binary data and needs an output file; pass -o FILE.npy");
    }
    if (!output_.empty()) check_output_option(output_, "--output", format_ != "npy");
    const ImageF image = load_square_grey(image_, global.max_pixels, quiet_, downsample_);
    if (arguments_.is_cartesian()) return run_cartesian(image);

    RepresentationRequest request;
    request.moments = arguments_;
    request.side = image.height();
    request.plan = std::make_shared<const moments::MomentPlan>(arguments_.make_plan(image.height()));
    const moments::MomentSet set = request.plan->apply(image.plane());

    LabelledFeatures invariants;
    std::string representation_name;
    if (invariants_ != "none") {
      const moments::Representation representation = find_representation(invariants_).make(request);
      representation_name = representation.name;
      invariants = representation.compute(image.plane());
    }

    const std::string label = moments::family_label(set.family());
    if (format_ == "npy") {
      write_npy_output(*request.plan, set, invariants, label, representation_name);
    } else if (format_ == "csv") {
      emit(invariants_ == "none" ? moments_csv(set, label) : invariants_csv(invariants));
    } else {
      emit(dump_json(to_json(*request.plan, set, label, invariants, representation_name)));
    }
    return 0;
  }

 private:
  void emit(const std::string& text) const {
    if (output_.empty() || output_ == "-") {
      std::cout << text;
    } else {
      io::write_text(output_, text);
    }
  }

  static std::string moments_csv(const moments::MomentSet& set, const std::string& label) {
    std::string text = "family,n,m,real,imag,magnitude\n";
    for (std::size_t k = 0; k < set.size(); ++k) {
      const auto [n, m] = set.orders()[k];
      const std::complex<double> value = set.values()[k];
      text += fmt::format("{},{},{},{},{},{}\n", csv_field(label), n, m, format_double(value.real()),
                          format_double(value.imag()), format_double(std::abs(value)));
    }
    return text;
  }

  static std::string invariants_csv(const LabelledFeatures& invariants) {
    std::string text = "family,n,m,kind,value\n";
    for (std::size_t k = 0; k < invariants.size(); ++k) {
      const FeatureLabel& label = invariants.labels[k];
      text += fmt::format("{},{},{},{},{}\n", csv_field(label.family), label.n, label.m, csv_field(label.kind),
                          format_double(invariants.values[k]));
    }
    return text;
  }

  static nlohmann::json labels_json(const LabelledFeatures& features) {
    nlohmann::json values = nlohmann::json::array();
    for (std::size_t k = 0; k < features.size(); ++k) {
      const FeatureLabel& label = features.labels[k];
      nlohmann::json entry = {{"label", label.text()}, {"family", label.family}, {"n", label.n},
                              {"m", label.m},          {"kind", label.kind}};
      if (!label.path.empty()) entry["path"] = label.path;
      if (label.scale > 0.0) entry["scale"] = label.scale;
      entry["value"] = features.values[k];
      values.push_back(std::move(entry));
    }
    return values;
  }

  nlohmann::json plan_json(const moments::MomentPlan& plan, const std::string& label) const {
    const moments::MomentOptions& options = plan.options();
    return {{"image", image_.string()},
            {"size", plan.rows()},
            {"family", plan.family().name()},
            {"label", label},
            {"parameters", plan.family().parameter_text()},
            {"max_order", options.max_order},
            {"method", moments::to_string(plan.method())},
            {"grid", basis::to_string(options.grid)},
            {"integration", basis::to_string(options.sampling.integration)},
            {"nodes", options.sampling.nodes},
            {"convention", options.convention == moments::Convention::textbook ? "textbook" : "orthonormal"}};
  }

  nlohmann::json to_json(const moments::MomentPlan& plan, const moments::MomentSet& set, const std::string& label,
                         const LabelledFeatures& invariants, const std::string& representation_name) const {
    nlohmann::json document = plan_json(plan, label);
    nlohmann::json values = nlohmann::json::array();
    for (std::size_t k = 0; k < set.size(); ++k) {
      const auto [n, m] = set.orders()[k];
      const std::complex<double> value = set.values()[k];
      values.push_back({{"n", n}, {"m", m}, {"real", value.real()}, {"imag", value.imag()},
                        {"magnitude", std::abs(value)}});
    }
    document["moments"] = std::move(values);
    if (invariants_ != "none") {
      document["invariants"] = {{"representation", representation_name}, {"values", labels_json(invariants)}};
    }
    return document;
  }

  // Cartesian moments Q(p, q): real values, written with n = p, m = q and imag = 0.
  int run_cartesian(const ImageF& image) const {
    if (invariants_ != "none") {
      throw InvalidArgument(fmt::format(
          "moments: --invariants {} needs a disk-based family, but {} is Cartesian; drop --invariants",
          invariants_, arguments_.family));
    }
    const moments::CartesianPlan plan = arguments_.make_cartesian_plan(image.height());
    const Eigen::MatrixXd values = plan.apply(image.plane());
    const std::string label = plan.label();
    std::vector<std::pair<int, int>> orders;
    std::vector<std::complex<double>> complex_values;
    for (Eigen::Index p = 0; p < values.rows(); ++p) {
      for (Eigen::Index q = 0; q < values.cols(); ++q) {
        orders.emplace_back(static_cast<int>(p), static_cast<int>(q));
        complex_values.emplace_back(values(p, q), 0.0);
      }
    }

    if (format_ == "npy") {
      nlohmann::json labels = nlohmann::json::array();
      for (const auto& [p, q] : orders) labels.push_back({{"family", label}, {"n", p}, {"m", q}});
      const nlohmann::json sidecar = {{"image", image_.string()},
                                      {"size", plan.rows()},
                                      {"family", moments::to_string(plan.options().family)},
                                      {"label", label},
                                      {"max_order", plan.options().max_order},
                                      {"method", "separable"},
                                      {"dtype", "float64"},
                                      {"shape", {values.rows(), values.cols()}},
                                      {"layout", "Q[p][q], p along rows, q along columns"},
                                      {"labels", std::move(labels)}};
      // Eigen stores column-major; the NPY array is row-major Q[p][q].
      std::vector<double> row_major;
      for (const auto& value : complex_values) row_major.push_back(value.real());
      const std::vector<std::size_t> shape = {static_cast<std::size_t>(values.rows()),
                                              static_cast<std::size_t>(values.cols())};
      io::write_npy(output_, row_major.data(), io::NpyType::float64, shape);
      write_sidecar_or_remove(sidecar);
      return 0;
    }
    if (format_ == "csv") {
      std::string text = "family,n,m,real,imag,magnitude\n";
      for (std::size_t k = 0; k < orders.size(); ++k) {
        const double value = complex_values[k].real();
        text += fmt::format("{},{},{},{},0,{}\n", csv_field(label), orders[k].first, orders[k].second, format_double(value),
                            format_double(std::abs(value)));
      }
      emit(text);
      return 0;
    }
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t k = 0; k < orders.size(); ++k) {
      const double value = complex_values[k].real();
      list.push_back({{"n", orders[k].first}, {"m", orders[k].second}, {"real", value}, {"imag", 0.0},
                      {"magnitude", std::abs(value)}});
    }
    const nlohmann::json document = {{"image", image_.string()},
                                     {"size", plan.rows()},
                                     {"family", moments::to_string(plan.options().family)},
                                     {"label", label},
                                     {"max_order", plan.options().max_order},
                                     {"method", "separable"},
                                     {"moments", std::move(list)}};
    emit(dump_json(document));
    return 0;
  }

  // Writes FILE.json beside the NPY output; removes the NPY file when that fails,
  // so an array is never left without its labels.
  void write_sidecar_or_remove(const nlohmann::json& sidecar) const {
    try {
      io::write_text(output_.string() + ".json", dump_json(sidecar));
    } catch (...) {
      std::error_code ignored;
      std::filesystem::remove(output_, ignored);
      throw;
    }
  }

  // The sidecar FILE.json holds the metadata of the JSON output (image, family,
  // parameters, order, grid, integration, method, convention) and the labels.
  void write_npy_output(const moments::MomentPlan& plan, const moments::MomentSet& set,
                        const LabelledFeatures& invariants, const std::string& label,
                        const std::string& representation_name) const {
    nlohmann::json sidecar = plan_json(plan, label);
    if (invariants_ == "none") {
      nlohmann::json labels = nlohmann::json::array();
      for (const auto& [n, m] : set.orders()) labels.push_back({{"family", label}, {"n", n}, {"m", m}});
      sidecar["dtype"] = "complex128";
      sidecar["shape"] = {set.size()};
      sidecar["labels"] = std::move(labels);
      const std::vector<std::size_t> shape = {set.size()};
      io::write_npy(output_, set.values().data(), io::NpyType::complex128, shape);
    } else {
      sidecar["dtype"] = "float64";
      sidecar["shape"] = {invariants.size()};
      sidecar["representation"] = representation_name;
      sidecar["labels"] = labels_json(invariants);
      const std::vector<std::size_t> shape = {invariants.size()};
      io::write_npy(output_, invariants.values.data(), io::NpyType::float64, shape);
    }
    write_sidecar_or_remove(sidecar);
  }

  std::filesystem::path image_;
  std::filesystem::path output_;
  MomentArguments arguments_;
  int downsample_ = 1;
  std::string format_ = "json";
  std::string invariants_ = "none";
  bool quiet_ = false;
};

const CommandRegistrar registrar{[] { return std::make_unique<MomentsCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
