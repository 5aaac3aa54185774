// `erlangen cmfd-bench generate|detect|evaluate`: a reproducible copy-move benchmark built from
// real images, after the synthetic protocol of the FAU benchmark (Christlein et al., IEEE TIFS 2012).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/cmfd_bench.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/plot.hpp"
#include "input_readers.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;

// One forgery of the grid: the attack name and its strength (degrees, factor, quality, sigma, count).
struct Variant {
  std::string attack;
  double strength = 0.0;
};

std::vector<Variant> variant_grid(const std::string& grid) {
  std::vector<Variant> variants = {{"plain", 0.0}};
  const bool small = grid == "small";
  const std::vector<double> rotations = small ? std::vector<double>{5, 30, 90}
                                              : std::vector<double>{2, 5, 10, 20, 30, 45, 60, 90, 180};
  const std::vector<double> scalings = small ? std::vector<double>{0.75, 1.25}
                                             : std::vector<double>{0.5, 0.75, 0.91, 1.09, 1.25, 1.5, 2.0};
  const std::vector<double> qualities = small ? std::vector<double>{50, 70, 90}
                                              : std::vector<double>{20, 30, 40, 50, 60, 70, 80, 90, 100};
  const std::vector<double> sigmas = small ? std::vector<double>{0.02, 0.06}
                                           : std::vector<double>{0.02, 0.04, 0.06, 0.08, 0.10};
  for (double value : rotations) variants.push_back({"rotation", value});
  for (double value : scalings) variants.push_back({"scaling", value});
  for (double value : qualities) variants.push_back({"jpeg", value});
  for (double value : sigmas) variants.push_back({"noise", value});
  for (double value : {2.0, 3.0}) variants.push_back({"copies", value});
  variants.push_back({"original", 0.0});
  return variants;
}

bool is_image_file(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".pgm", ".ppm", ".tif", ".tiff"};
  return known.count(extension) > 0;
}

ImageF mask_to_image(const Image<std::uint8_t>& mask) {
  ImageF image(mask.height(), mask.width());
  for (std::ptrdiff_t r = 0; r < mask.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < mask.width(); ++c) image(r, c) = mask(r, c) ? 1.0f : 0.0f;
  }
  return image;
}

// Reads a mask PNG: non-zero samples (after grey conversion) become the code value 255.
Image<std::uint8_t> read_mask(const fs::path& path) {
  const ImageF grey = io::read_grey(path);
  Image<std::uint8_t> mask(grey.height(), grey.width());
  for (std::ptrdiff_t r = 0; r < grey.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < grey.width(); ++c) {
      mask(r, c) = static_cast<std::uint8_t>(std::lround(255.0f * std::clamp(grey(r, c), 0.0f, 1.0f)));
    }
  }
  return mask;
}

std::vector<CmfdBenchEntry> read_manifest(const fs::path& truth) {
  const fs::path path = truth / "manifest.json";
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    throw IoError(fmt::format("cmfd-bench: manifest '{}' not found; run 'erlangen cmfd-bench generate --out {}' first",
                              path.string(), truth.string()));
  }
  return parse_cmfd_bench_manifest(read_input_file(path, "cmfd-bench: manifest"), path.string());
}

class CmfdBenchCommand final : public Command {
 public:
  std::string name() const override { return "cmfd-bench"; }
  std::string summary() const override {
    return "copy-move benchmark: generate forgeries, run detection, evaluate masks";
  }

  void configure(CLI::App& app) override {
    app.require_subcommand(1, 1);
    app.footer(
        "generate: copy a disk (radius a tenth of the shorter side) of every image and paste it elsewhere, "
        "plain, rotated, scaled, with Gaussian noise on the copy, as several copies, or as a plain copy "
        "followed by JPEG compression of the whole image; untouched originals are kept as negatives. Each "
        "NAME.png (or NAME.jpg) comes with NAME_gt.png (255 on source and copies) and an entry in "
        "manifest.json. detect: runs the detector on every manifest entry into PRED/NAME.png. evaluate: pixel "
        "F1, precision and recall per attack and strength, image-level TPR and FPR, as markdown, CSV and PNG "
        "plots; --exclude-source leaves out every entry made from the named source images, for example an "
        "image whose original already holds duplicated regions.");
    CLI::App* generate = app.add_subcommand("generate", "write forgeries with ground-truth masks");
    generate->add_option("--images", image_dirs_, "folder(s) of source images (PNG, JPEG, PNM, TIFF)")->required();
    generate->add_option("--out", out_, "output folder")->required();
    generate->add_option("--seed", seed_, "seed of positions and noise")->capture_default_str();
    generate->add_option("--min-contrast", min_contrast_,
                         "smallest grey standard deviation of the source disk, in [0, 0.5] (0: anywhere); a copy of a "
                         "flat area cannot be located by any detector")
        ->check(CLI::Range(0.0, 0.5))
        ->capture_default_str();
    generate->add_option("--grid", grid_, "full (34 variants per image) or small (14)")
        ->check(CLI::IsMember({"full", "small"}))
        ->capture_default_str();
    generate->callback([this] { action_ = "generate"; });

    CLI::App* detect = app.add_subcommand("detect", "run copy-move detection on a generated set");
    detect->add_option("--truth", truth_, "folder written by generate")->required();
    detect->add_option("--out", out_, "folder for the predicted masks")->required();
    detect->add_option("--features", features_, "dir, zernike or patch")
        ->check(CLI::IsMember({"dir", "zernike", "patch"}))
        ->capture_default_str();
    detect->add_option("--matcher", matcher_, "patchmatch or kdtree")
        ->check(CLI::IsMember({"patchmatch", "kdtree"}))
        ->capture_default_str();
    detect->add_option("--seed", seed_, "PatchMatch seed")->capture_default_str();
    detect->add_option("--exact-init-stride", exact_init_stride_,
                       "grid stride of the exact PatchMatch seeds, in [0, 64], 0 for a random start (see erlangen cmfd "
                       "--help)")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    detect->add_option("--refine", refine_, "on or off: boundary refinement of the regions (see erlangen cmfd --help)")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    detect->add_option("--rematch", rematch_, "on or off: affine-guided re-matching (see erlangen cmfd --help)")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    detect->add_option("--enlarge-to", enlarge_to_,
                       "enlarge images whose longer side is shorter to this many pixels first (0: off)")
        ->check(CLI::Range(0, 20000))
        ->capture_default_str();
    detect->add_option("--pixel-scale", pixel_scale_,
                       "auto, or a factor in [0.25, 1] for windows, radii, offsets and regions (see erlangen cmfd --help)")
        ->capture_default_str();
    detect->callback([this] { action_ = "detect"; });

    CLI::App* evaluate = app.add_subcommand("evaluate", "score predicted masks against the ground truth");
    evaluate->add_option("--truth", truth_, "folder written by generate")->required();
    evaluate->add_option("--pred", pred_dirs_, "folder(s) of predicted masks NAME.png, one per method")->required();
    evaluate->add_option("--out", out_, "folder for results.md, results.csv and the plots (default: the first --pred)");
    evaluate->add_option("--exclude-source", excluded_sources_,
                         "leave out the entries made from this source image, given by its file name without the "
                         "extension (repeatable)");
    evaluate->callback([this] { action_ = "evaluate"; });
  }

  int run(const GlobalOptions& global) override {
    if (action_ == "generate") return generate(global);
    if (action_ == "detect") return detect(global);
    return evaluate();
  }

 private:
  int generate(const GlobalOptions& global) const {
    std::map<std::string, fs::path> sources;  // by file name, first folder wins
    for (const fs::path& folder : image_dirs_) {
      if (!fs::is_directory(folder)) {
        throw IoError(fmt::format("cmfd-bench generate: image folder '{}' not found", folder.string()));
      }
      for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && is_image_file(entry.path())) {
          const auto [kept, inserted] = sources.emplace(entry.path().stem().string(), entry.path());
          if (!inserted) {
            fmt::print(stderr, "erlangen: cmfd-bench generate: skipping '{}', the name '{}' is taken by '{}'\n",
                       entry.path().string(), kept->first, kept->second.string());
          }
        }
      }
    }
    if (sources.empty()) {
      throw IoError("cmfd-bench generate: no PNG, JPEG, PNM or TIFF images found in the --images folders");
    }
    fs::create_directories(out_);
    io::ReadOptions read_options;
    read_options.max_pixels = global.max_pixels;
    const std::vector<Variant> variants = variant_grid(grid_);
    nlohmann::json entries = nlohmann::json::array();
    std::size_t image_index = 0;
    for (const auto& [stem, path] : sources) {
      const ImageF image = io::read_image(path, read_options).image;
      const double radius = std::clamp(0.1 * static_cast<double>(std::min(image.height(), image.width())), 24.0, 96.0);
      for (std::size_t v = 0; v < variants.size(); ++v) {
        const Variant& variant = variants[v];
        const std::string name = variant.attack == "original" || variant.attack == "plain"
                                     ? fmt::format("{}_{}", stem, variant.attack)
                                     : fmt::format("{}_{}_{}", stem, variant.attack, variant.strength);
        forensics::CopyMoveSpec spec;
        spec.radius = radius;
        spec.min_source_contrast = min_contrast_;
        spec.seed = seed_ * 1000003ull + image_index * 1009ull + v;
        if (variant.attack == "rotation") spec.rotation_degrees = variant.strength;
        if (variant.attack == "scaling") spec.scale = variant.strength;
        if (variant.attack == "noise") spec.noise_sigma = variant.strength;
        if (variant.attack == "copies") spec.copies = static_cast<int>(variant.strength);
        nlohmann::json entry = {{"name", name}, {"source", path.string()}, {"attack", variant.attack},
                                {"strength", variant.strength}, {"seed", spec.seed}};
        ImageF forged;
        Image<std::uint8_t> mask(image.height(), image.width());
        if (variant.attack == "original") {
          forged = image;
          entry["forged"] = false;
        } else {
          forensics::CopyMoveForgery forgery;
          try {
            forgery = forensics::make_copy_move_forgery(image, spec);
          } catch (const InvalidArgument& error) {
            fmt::print(stderr, "cmfd-bench generate: skipped {}: {}\n", name, error.what());
            continue;
          }
          forged = std::move(forgery.image);
          mask = std::move(forgery.mask);
          entry["forged"] = true;
          entry["radius"] = spec.radius;
          entry["min_source_contrast"] = spec.min_source_contrast;
          entry["copy_radius"] = forgery.copy_radius;
          entry["source_centre"] = {forgery.source_centre.row, forgery.source_centre.col};
          nlohmann::json centres = nlohmann::json::array();
          for (const forensics::Point2& centre : forgery.copy_centres) centres.push_back({centre.row, centre.col});
          entry["copy_centres"] = centres;
          entry["rotation_degrees"] = spec.rotation_degrees;
          entry["scale"] = spec.scale;
          entry["noise_sigma"] = spec.noise_sigma;
          entry["copies"] = spec.copies;
        }
        if (variant.attack == "jpeg") {
          entry["image"] = name + ".jpg";
          entry["jpeg_quality"] = static_cast<int>(variant.strength);
          io::write_jpeg(out_ / (name + ".jpg"), forged, static_cast<int>(variant.strength));
        } else {
          entry["image"] = name + ".png";
          io::write_png(out_ / (name + ".png"), forged);
        }
        entry["mask"] = name + "_gt.png";
        io::write_png(out_ / (name + "_gt.png"), mask_to_image(mask));
        entries.push_back(std::move(entry));
      }
      ++image_index;
    }
    const nlohmann::json manifest = {
        {"protocol", "synthetic copy-move after Christlein et al., IEEE TIFS 2012; disk regions"},
        {"seed", seed_},
        {"grid", grid_},
        {"mask_convention", "255 on the source disk and every copy, 0 elsewhere"},
        {"entries", entries}};
    io::write_json(out_ / "manifest.json", manifest);
    fmt::print("wrote {} images from {} sources to {}\n", entries.size(), sources.size(), out_.string());
    return 0;
  }

  int detect(const GlobalOptions& global) const {
    const std::vector<CmfdBenchEntry> manifest = read_manifest(truth_);
    fs::create_directories(out_);
    forensics::CmfdOptions options;
    options.features.kind = forensics::parse_cmfd_features(features_);
    options.matcher = forensics::parse_matcher(matcher_);
    options.patchmatch.seed = seed_;
    options.patchmatch.exact_init_stride = exact_init_stride_;
    options.refine.enabled = refine_ == "on";
    options.rematch.enabled = rematch_ == "on";
    options.enlarge_to = enlarge_to_;
    options.pixel_scale = forensics::parse_pixel_scale(pixel_scale_);
    io::ReadOptions read_options;
    read_options.max_pixels = global.max_pixels;
    nlohmann::json timings = nlohmann::json::array();
    double total_seconds = 0.0;
    double total_megapixels = 0.0;
    for (const CmfdBenchEntry& entry : manifest) {
      const std::string& name = entry.name;
      const ImageF grey = io::to_luma(io::read_image(truth_ / entry.image, read_options).image);
      const auto start = std::chrono::steady_clock::now();
      const forensics::CmfdResult result = forensics::detect_copy_move(grey.plane(), options);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      io::write_png(out_ / (name + ".png"), mask_to_image(result.mask));
      const double megapixels = static_cast<double>(grey.plane_size()) * 1e-6;
      total_seconds += seconds;
      total_megapixels += megapixels;
      timings.push_back({{"name", name}, {"seconds", seconds}, {"megapixels", megapixels},
                         {"features_seconds", result.timings.features_seconds},
                         {"matching_seconds", result.timings.matching_seconds},
                         {"postprocess_seconds", result.timings.postprocess_seconds},
                         {"detected", result.detected}});
      if (stderr_is_terminal()) fmt::print(stderr, "\r{} ({:.2f} s)          ", name, seconds);
    }
    if (stderr_is_terminal()) fmt::print(stderr, "\n");
    io::write_json(out_ / "timings.json", {{"features", features_}, {"matcher", matcher_}, {"seed", seed_},
                                           {"exact_init_stride", exact_init_stride_},
                                           {"seconds", total_seconds}, {"megapixels", total_megapixels},
                                           {"images", timings}});
    fmt::print("{} images, {:.1f} s, {:.2f} s per megapixel\n", timings.size(), total_seconds,
               total_megapixels > 0 ? total_seconds / total_megapixels : 0.0);
    return 0;
  }

  // Mean scores of one (attack, strength) cell for one method.
  struct Cell {
    double f1 = 0.0;
    double precision = 0.0;
    double recall = 0.0;
    int images = 0;
    int detected = 0;
  };

  int evaluate() const {
    std::vector<CmfdBenchEntry> manifest = read_manifest(truth_);
    const auto excluded = [this](const CmfdBenchEntry& entry) {
      const std::string stem = fs::path(entry.source).stem().string();
      return std::find(excluded_sources_.begin(), excluded_sources_.end(), stem) != excluded_sources_.end();
    };
    for (const std::string& stem : excluded_sources_) {
      const auto from_source = [&](const CmfdBenchEntry& entry) { return fs::path(entry.source).stem() == stem; };
      if (std::none_of(manifest.begin(), manifest.end(), from_source)) {
        throw InvalidArgument(fmt::format("cmfd-bench evaluate: --exclude-source '{}' matches no entry of '{}'; pass "
                                          "the file name of a source image without its extension",
                                          stem, (truth_ / "manifest.json").string()));
      }
    }
    std::erase_if(manifest, excluded);
    if (manifest.empty() && !excluded_sources_.empty()) {
      throw InvalidArgument(fmt::format("cmfd-bench evaluate: every entry of '{}' is excluded, so nothing is left to "
                                        "score; exclude fewer source images",
                                        (truth_ / "manifest.json").string()));
    }
    const fs::path out = out_.empty() ? pred_dirs_.front() : out_;
    fs::create_directories(out);
    std::vector<std::string> methods;
    for (const fs::path& folder : pred_dirs_) methods.push_back(folder.filename().string());

    // results[method][(attack, strength)]
    std::vector<std::map<std::pair<std::string, double>, Cell>> results(pred_dirs_.size());
    std::vector<std::string> attack_order;
    for (std::size_t m = 0; m < pred_dirs_.size(); ++m) {
      for (const CmfdBenchEntry& entry : manifest) {
        const std::string& name = entry.name;
        const std::string& attack = entry.attack;
        if (std::find(attack_order.begin(), attack_order.end(), attack) == attack_order.end()) {
          attack_order.push_back(attack);
        }
        const fs::path predicted_path = pred_dirs_[m] / (name + ".png");
        if (!fs::exists(predicted_path)) {
          throw IoError(fmt::format("cmfd-bench evaluate: predicted mask '{}' not found; run 'erlangen cmfd-bench "
                                    "detect --truth {} --out {}' first",
                                    predicted_path.string(), truth_.string(), pred_dirs_[m].string()));
        }
        const Image<std::uint8_t> truth = read_mask(truth_ / entry.mask);
        const Image<std::uint8_t> predicted = read_mask(predicted_path);
        const forensics::PixelScores scores = forensics::score_mask(predicted.plane(), truth.plane());
        Cell& cell = results[m][{attack, entry.strength}];
        cell.images += 1;
        cell.detected += (scores.true_positives + scores.false_positives) > 0 ? 1 : 0;
        cell.f1 += scores.f1;
        cell.precision += scores.precision;
        cell.recall += scores.recall;
      }
    }

    std::string markdown = "| attack | strength |";
    std::string separator = "|---|---|";
    std::string csv = "method,attack,strength,images,pixel_f1,pixel_precision,pixel_recall,image_detection_rate\n";
    for (const std::string& method : methods) {
      markdown += fmt::format(" {} F1 | {} P | {} R | {} detected |", method, method, method, method);
      separator += "---|---|---|---|";
    }
    markdown += "\n" + separator + "\n";
    for (const std::string& attack : attack_order) {
      std::vector<double> strengths;
      for (const auto& [key, cell] : results.front()) {
        if (key.first == attack) strengths.push_back(key.second);
      }
      for (double strength : strengths) {
        markdown += fmt::format("| {} | {} |", attack, strength);
        for (std::size_t m = 0; m < methods.size(); ++m) {
          const Cell& cell = results[m].at({attack, strength});
          const double count = static_cast<double>(cell.images);
          if (attack == "original") {
            // Pixel scores are undefined without forged pixels; the detection rate is the image FPR.
            markdown += fmt::format(" – | – | – | {}/{} |", cell.detected, cell.images);
          } else {
            markdown += fmt::format(" {:.3f} | {:.3f} | {:.3f} | {}/{} |", cell.f1 / count, cell.precision / count,
                                    cell.recall / count, cell.detected, cell.images);
          }
          csv += fmt::format("{},{},{},{},{:.4f},{:.4f},{:.4f},{:.4f}\n", methods[m], attack, strength, cell.images,
                             cell.f1 / count, cell.precision / count, cell.recall / count,
                             static_cast<double>(cell.detected) / count);
        }
        markdown += "\n";
      }
    }
    io::write_text(out / "results.md", markdown);
    io::write_text(out / "results.csv", csv);

    // One plot per graded attack: mean pixel F1 against strength, one line per method.
    const std::map<std::string, std::string> axis = {{"rotation", "rotation (degrees)"},
                                                     {"scaling", "scale factor"},
                                                     {"jpeg", "JPEG quality"},
                                                     {"noise", "noise standard deviation"},
                                                     {"copies", "number of copies"}};
    for (const auto& [attack, label] : axis) {
      std::vector<io::PlotSeries> series;
      for (std::size_t m = 0; m < methods.size(); ++m) {
        io::PlotSeries line{methods[m], {}, {}};
        for (const auto& [key, cell] : results[m]) {
          if (key.first != attack) continue;
          line.x.push_back(key.second);
          line.y.push_back(cell.f1 / static_cast<double>(cell.images));
        }
        if (!line.x.empty()) series.push_back(std::move(line));
      }
      if (series.empty()) continue;
      io::PlotOptions options;
      options.title = fmt::format("copy-move detection: {}", attack);
      options.x_label = label;
      options.y_label = "mean pixel F1";
      io::write_line_plot(out / fmt::format("f1_{}.png", attack), series, options);
    }
    std::cout << markdown;
    return 0;
  }

  std::string action_;
  std::vector<fs::path> image_dirs_;
  std::vector<fs::path> pred_dirs_;
  std::vector<std::string> excluded_sources_;
  fs::path out_;
  fs::path truth_;
  std::uint64_t seed_ = 0;
  int exact_init_stride_ = forensics::CmfdOptions{}.patchmatch.exact_init_stride;
  std::string grid_ = "full";
  std::string features_ = "dir";
  std::string matcher_ = "patchmatch";
  std::string refine_ = "on";
  std::string rematch_ = "on";
  std::ptrdiff_t enlarge_to_ = 0;
  double min_contrast_ = 0.05;
  std::string pixel_scale_ = "auto";
};

const CommandRegistrar registrar{[] { return std::make_unique<CmfdBenchCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
