// `erlangen batch FEATURE --manifest list.txt --shard i/N --out DIR`: features of many images, one
// shard per process (sharding, files and resumption are described in batch_engine.hpp).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch_engine.hpp"
#include "command.hpp"
#include "common.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::cli {
namespace {

// The feature options given on the command line, as typed JSON values. The extractor fills in the
// defaults and rejects options of other features.
struct BatchArguments {
  nlohmann::json options = nlohmann::json::object();
};

// Adds an option that stores its value under `key` in `arguments.options` when it is given.
template <typename Value>
void add_value(CLI::App& app, BatchArguments& arguments, const std::string& flag, const std::string& key,
               const std::string& help) {
  app.add_option_function<Value>(
         flag, [&arguments, key](const Value& value) { arguments.options[key] = value; }, help)
      ->group(key == "family" || key == "alpha" || key == "p" || key == "q" || key == "method" ||
                      key == "memory_budget"
                  ? "Options shared by several features"
                  : "Feature options");
}

class BatchCommand final : public Command {
 public:
  std::string name() const override { return "batch"; }
  std::string summary() const override {
    return "features of many images, sharded for GNU parallel, Slurm or Dask (NPY + JSONL per shard)";
  }

  void configure(CLI::App& app) override {
    app.footer(
        "Compute FEATURE for every image listed in the manifest (one path per line; blank lines and lines "
        "starting with '#' are skipped; relative paths are resolved against the manifest's folder). Entry k "
        "(0-based) belongs to shard k mod N. Shard i writes DIR/shard-IIIII-of-NNNNN.npy (float64, one row per "
        "entry of the shard, one column per label; rows of failed images are NaN), .jsonl (one line per row: "
        "row, index k, path, status, error) and, last, .json (feature, options, labels, counts). A shard whose "
        ".json matches the options is skipped, so a rerun redoes only interrupted shards. Images are read as "
        "BT.601 grey in [0, 1].\n"
        "Features:\n"
        "  moments: rotation invariants of global moments of the centre square (--invariants magnitude, "
        "symmetrised, complete (needs --reference-order) or hu); options as 'erlangen moments'.\n"
        "  dense: local moment magnitudes pooled over scales (--pool), summarised per channel over the image "
        "by --spatial mean,std,max; options as 'erlangen dense'.\n"
        "  cmfd: copy-move detection summary: detected (0 or 1), forged-fraction, regions, pairs, "
        "largest-region-fraction, best-pair-score, best-pair-matches; options --seed, --features, --matcher, "
        "--scale-handling, --iterations, --exact-init-stride, --enlarge-to, --min-region, --memory-budget, with the "
        "defaults of 'erlangen cmfd'.\n"
        "  hir: hierarchical invariant features, one per path (or per band of dct_rings), after the "
        "preprocessing of --preset or --resize, --sigma, --pad; options as 'erlangen hir extract'. Each "
        "image size gets its own extractor plan.");
    app.add_option("feature", feature_, "moments, dense, cmfd or hir")
        ->required()
        ->check(CLI::IsMember(batch::feature_names()));
    app.add_option("--manifest", manifest_, "text file with one image path per line")->required();
    app.add_option("--shard", shard_, "shard i/N to compute: entries k with k mod N = i (default 0/1: all)")
        ->capture_default_str();
    app.add_option("--out", output_, "output folder, created when missing")->required();
    app.add_flag("--quiet,-q", quiet_, "do not print the progress bar and the summary on stderr");

    add_value<std::string>(app, arguments_, "--family,-f", "family",
                           "moment family (default: zernike for moments, pct for dense)");
    add_value<double>(app, arguments_, "--alpha", "alpha", "alpha > 0 of GRHFM, GPCET, GPCT, GPST and FJFM (1)");
    add_value<double>(app, arguments_, "--p", "p", "Jacobi parameter p of JFM and FJFM (2)");
    add_value<double>(app, arguments_, "--q", "q", "Jacobi parameter q of JFM and FJFM (2)");
    add_value<std::string>(app, arguments_, "--method", "method",
                           "moments: auto, direct, symmetric or polar-fft; dense: auto, fft or direct (auto)");
    add_value<std::int64_t>(app, arguments_, "--memory-budget", "memory_budget",
                            "MiB for kernel spectra and FFT buffers (dense 1024, cmfd 256)");

    add_value<int>(app, arguments_, "--max-order,-K", "max_order",
                   "moments: maximum order K (20); hir: maximum total order n + m of a filter (6)");
    add_value<std::string>(app, arguments_, "--grid", "grid", "moments: edge or centre (edge)");
    add_value<std::string>(app, arguments_, "--integration", "integration",
                           "moments: zoa, midpoint or gauss-legendre (midpoint)");
    add_value<int>(app, arguments_, "--nodes", "nodes", "moments: sub-pixel nodes per pixel side, 1 to 64 (4)");
    add_value<std::string>(app, arguments_, "--convention", "convention", "moments: textbook or orthonormal");
    add_value<std::string>(app, arguments_, "--invariants", "invariants",
                           "moments: magnitude, symmetrised, complete or hu (magnitude)");
    add_value<int>(app, arguments_, "--reference-order", "reference_order",
                   "moments, complete invariants: order n0 of the reference moment M_{n0,1}");
    add_value<int>(app, arguments_, "--downsample", "downsample",
                   "moments: average F x F blocks after the centre crop (1)");

    add_value<std::string>(app, arguments_, "--orders", "orders", "dense: order set (family default)");
    add_value<std::string>(app, arguments_, "--scales", "scales", "dense: window sides in pixels (default)");
    add_value<std::string>(app, arguments_, "--pool", "pool",
                           "dense: pooling over scales, mean, max or none (mean); hir: pooling before every layer, "
                           "none, average or max (none)");
    add_value<std::string>(app, arguments_, "--boundary", "boundary",
                           "dense: valid, same:zero, same:reflect or same:replicate (valid)");
    add_value<std::int64_t>(app, arguments_, "--stride", "stride", "dense: output stride, 1 to 4096 (1)");
    add_value<std::string>(app, arguments_, "--sampling", "sampling", "dense: subpixel or zoa (subpixel)");
    add_value<std::string>(app, arguments_, "--geometry", "geometry", "dense: edge or centre (edge)");
    add_value<std::string>(app, arguments_, "--normalisation", "normalisation",
                           "dense: inside_area, analytic, textbook_moment, orthonormal or reference_outside");
    add_value<std::string>(app, arguments_, "--precision", "precision",
                           "dense: float64 or float32 (float64); hir: float32 or float64 (float32)");
    add_value<std::string>(app, arguments_, "--spatial", "spatial",
                           "dense: statistics of each pooled map over the image, a list of mean, std, max "
                           "(mean,std)");

    add_value<std::int64_t>(app, arguments_, "--seed", "seed", "cmfd: seed of the PatchMatch random search (0)");
    add_value<std::string>(app, arguments_, "--features", "features", "cmfd: dir, zernike or patch (dir)");
    add_value<std::string>(app, arguments_, "--matcher", "matcher", "cmfd: patchmatch or kdtree (patchmatch)");
    add_value<std::string>(app, arguments_, "--scale-handling", "scale_handling", "cmfd: pooling or search");
    add_value<int>(app, arguments_, "--iterations", "iterations", "cmfd: PatchMatch iterations, 0 to 1000 (8)");
    add_value<int>(app, arguments_, "--exact-init-stride", "exact_init_stride",
                   "cmfd: grid stride of the exact PatchMatch seeds, 0 to 64, 0 for a random start (8)");
    add_value<std::int64_t>(app, arguments_, "--enlarge-to", "enlarge_to",
                            "cmfd: enlarge smaller images to this longer side first (0: off)");
    add_value<std::int64_t>(app, arguments_, "--min-region", "min_region", "cmfd: smallest region in pixels (1200)");

    add_value<std::string>(app, arguments_, "--preset", "preset",
                           "hir: task preset digits, digits-hq, digits-rot, texture, parasite, adversarial or aigc; "
                           "other options override it");
    add_value<std::string>(app, arguments_, "--paths", "paths", "hir: path rule tree, full or reference (tree)");
    add_value<std::string>(app, arguments_, "--path-list", "path_list",
                           "hir: explicit paths such as \"(0,0)->(0,1); (1,1)@8\"; overrides --paths");
    add_value<int>(app, arguments_, "--depth,-D", "depth", "hir: maximum path depth, 1 to 8 (2)");
    add_value<std::vector<int>>(app, arguments_, "--side,-S", "side",
                                "hir: kernel side in pixels, 2 to 256; one value or one per layer (10)");
    add_value<std::string>(app, arguments_, "--kernels", "kernels", "hir: subpixel or reference (subpixel)");
    add_value<std::string>(app, arguments_, "--readout", "readout", "hir: mean, dct_rings or moments (mean)");
    add_value<int>(app, arguments_, "--bands", "bands", "hir, dct_rings read-out: frequency bands, 1 to 1000 (30)");
    app.add_flag_function(
           "--reference-bands", [this](std::int64_t) { arguments_.options["reference_bands"] = true; },
           "hir, dct_rings read-out: bands start at 0 as in the released code")
        ->group("Feature options");
    add_value<std::string>(app, arguments_, "--moment-family", "moment_family",
                           "hir, moments read-out: family of the global moments (pct)");
    add_value<int>(app, arguments_, "--moment-order", "moment_order",
                   "hir, moments read-out: maximum total order, 0 to 20 (3)");
    add_value<int>(app, arguments_, "--pool-window", "pool_window", "hir: pooling window side, 1 to 64 (2)");
    add_value<int>(app, arguments_, "--pool-stride", "pool_stride", "hir: pooling stride, 1 to the window (2)");
    add_value<int>(app, arguments_, "--orbit-rotations", "orbit_rotations",
                   "hir: average the features over the image rotated by k 90 / N degrees, k < N, 1 to 16 "
                   "(1: off; 4 with --preset digits-rot); N times the cost");
    add_value<std::int64_t>(app, arguments_, "--resize", "resize",
                            "hir: resize every image to SIDE x SIDE first (0: keep the size)");
    add_value<std::string>(app, arguments_, "--interpolation", "interpolation", "hir: bicubic or bilinear (bicubic)");
    add_value<double>(app, arguments_, "--sigma", "sigma", "hir: Gaussian blur in pixels after resizing (0: none)");
    add_value<std::int64_t>(app, arguments_, "--pad", "pad", "hir: zero border per side in pixels (0)");
    add_value<double>(app, arguments_, "--intensity-scale", "intensity_scale",
                      "hir: factor applied to the [0, 1] grey values (1)");
  }

  int run(const GlobalOptions& global) override {
    const batch::ShardSpec shard = batch::parse_shard(shard_);
    const auto extractor = batch::make_extractor(feature_, arguments_.options);
    const batch::Manifest manifest = batch::read_manifest(manifest_, global.max_input_bytes);

    const bool show_progress = !quiet_ && stderr_is_terminal();
    const std::string title = fmt::format("batch {} shard {}/{}", feature_, shard.index, shard.count);
    const batch::Progress progress = [&](std::size_t done, std::size_t total) {
      if (!show_progress) return;
      constexpr std::size_t kWidth = 30;
      const std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
      std::fprintf(stderr, "\r%s [%s%s] %zu/%zu images", title.c_str(), std::string(filled, '#').c_str(),
                   std::string(kWidth - filled, '.').c_str(), done, total);
      if (done == total) std::fputc('\n', stderr);
      std::fflush(stderr);
    };
    const batch::ShardResult result =
        batch::run_shard(*extractor, manifest, shard, output_, {global.max_pixels, global.max_input_bytes}, progress);

    if (!quiet_) {
      if (result.skipped) {
        std::fprintf(stderr, "erlangen: %s is complete already (%s); skipped\n", title.c_str(),
                     result.marker.string().c_str());
      } else {
        // Every failure is in the JSONL log; stderr shows the first few, so that a folder of broken
        // files does not flood the terminal.
        constexpr std::size_t kShownFailures = 10;
        for (std::size_t k = 0; k < result.failures.size() && k < kShownFailures; ++k) {
          const batch::ImageRecord& failure = result.failures[k];
          std::fprintf(stderr, "erlangen: %s: entry %zu failed: %s\n", title.c_str(), failure.index,
                       failure.error.c_str());
        }
        if (result.failures.size() > kShownFailures) {
          std::fprintf(stderr, "erlangen: %s: %zu more failures in the log\n", title.c_str(),
                       result.failures.size() - kShownFailures);
        }
        std::fprintf(stderr, "erlangen: %s: %zu image%s, %zu failed (see %s)\n", title.c_str(), result.rows,
                     result.rows == 1 ? "" : "s", result.failed, result.jsonl.string().c_str());
      }
    }
    return 0;
  }

 private:
  std::string feature_;
  std::filesystem::path manifest_;
  std::string shard_ = "0/1";
  std::filesystem::path output_;
  bool quiet_ = false;
  BatchArguments arguments_;
};

const CommandRegistrar registrar{[] { return std::make_unique<BatchCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
