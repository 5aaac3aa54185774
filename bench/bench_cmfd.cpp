// Copy-move detection time per image size: features, PatchMatch and post-processing together.
//
// The input is examples/camera.png as grey, resized bicubically to N x N, with a plain copy of a
// disk of radius N / 10 pasted in, so that the post-processing has one real region pair to report. Each
// benchmark reports the seconds per megapixel as the counter "s_per_MP" (wall time) and the
// share of each stage in the last run.
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/cmfd_bench.hpp"
#include "erlangen/io/image_io.hpp"

namespace {

// Relative to the repository root, where the program must run.
std::filesystem::path camera_path() { return "examples/camera.png"; }

void detect(benchmark::State& state, erlangen::forensics::CmfdFeatureKind kind) {
  using namespace erlangen;
  const auto side = static_cast<std::ptrdiff_t>(state.range(0));
  const ImageF camera = io::read_grey(camera_path());
  const ImageF image = resize(camera.plane(), side, side, Interpolation::bicubic);
  forensics::CopyMoveSpec spec;
  spec.radius = static_cast<double>(side) / 10.0;
  spec.seed = 1;
  const forensics::CopyMoveForgery forgery = forensics::make_copy_move_forgery(image, spec);
  forensics::CmfdOptions options;
  options.features.kind = kind;
  forensics::CmfdResult result;
  for (auto _ : state) {
    result = forensics::detect_copy_move(forgery.image.plane(), options);
    benchmark::DoNotOptimize(result.mask.data());
  }
  const double megapixels = static_cast<double>(side * side) * 1e-6;
  const double total = result.timings.features_seconds + result.timings.matching_seconds +
                       result.timings.postprocess_seconds;
  state.counters["s_per_MP"] = total / megapixels;
  state.counters["features_share"] = result.timings.features_seconds / total;
  state.counters["matching_share"] = result.timings.matching_seconds / total;
  state.counters["detected"] = result.detected ? 1.0 : 0.0;
}

void Dir(benchmark::State& state) { detect(state, erlangen::forensics::CmfdFeatureKind::dir); }
void Zernike(benchmark::State& state) { detect(state, erlangen::forensics::CmfdFeatureKind::zernike); }
void Patch(benchmark::State& state) { detect(state, erlangen::forensics::CmfdFeatureKind::patch); }

BENCHMARK(Dir)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);
BENCHMARK(Zernike)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);
BENCHMARK(Patch)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

}  // namespace

BENCHMARK_MAIN();
