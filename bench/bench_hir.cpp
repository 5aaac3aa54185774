// Hierarchical invariant representation: digit-sized extraction throughput.
//
// Workload of the digits experiment: 28 x 28 images (camera.png crops resized to 28 x 28) through
// the digits preset (40 x 40 bicubic, Gaussian sigma 0.5, zero border 12 -> 64 x 64), then
//   - Reference/...: the 140 reference paths of K = 6, S = 10, reference kernels, mean read-out;
//   - Tree/...:      the default tree (K = 6, D = 2, S = 10, 350 paths), sub-pixel kernels.
// The argument is the batch size; extract_batch runs parallel over images with OpenMP (set
// OMP_NUM_THREADS). items_per_second is images per second, preprocessing included. Example:
//   OMP_NUM_THREADS=2 bench_hir --benchmark_filter=Batch --benchmark_min_time=2s
#include <benchmark/benchmark.h>

#include <filesystem>
#include <vector>

#include "erlangen/core/transform.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/io/image_io.hpp"

namespace {

using namespace erlangen;
using namespace erlangen::hierarchy;

std::vector<ImageF> digit_images(std::size_t count) {
  const auto path = std::filesystem::path(__FILE__).parent_path().parent_path() / "examples" / "camera.png";
  const ImageF camera = io::read_grey(path);
  std::vector<ImageF> images;
  for (std::size_t k = 0; k < count; ++k) {
    // Crops at different offsets so that no two images are equal.
    const std::ptrdiff_t offset = static_cast<std::ptrdiff_t>((k * 37) % 400);
    ImageF crop(112, 112);
    for (std::ptrdiff_t i = 0; i < 112; ++i) {
      for (std::ptrdiff_t j = 0; j < 112; ++j) crop(i, j) = camera(offset + i, (offset * 3 + j) % 400);
    }
    images.push_back(resize(crop.plane(), 28, 28, Interpolation::bilinear));
  }
  return images;
}

HirOptions workload(bool reference) {
  if (reference) return reference_hir_options(6, 10);
  return HirOptions{};
}

void run_batch(benchmark::State& state, bool reference) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const std::vector<ImageF> images = digit_images(count);
  std::vector<ImageView<const float>> views;
  for (const ImageF& image : images) views.push_back(image.plane());
  const PreprocessOptions preprocess = preset("digits").preprocess;
  const HirPlan plan(64, 64, workload(reference));
  for (auto _ : state) {
    FeatureMatrix matrix = extract_batch(plan, views, preprocess);
    benchmark::DoNotOptimize(matrix.values.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
  state.counters["paths"] = static_cast<double>(plan.paths().size());
  state.counters["forward_ffts"] = static_cast<double>(plan.forward_fft_count());
}

void BM_HirReferenceBatch(benchmark::State& state) { run_batch(state, true); }
void BM_HirTreeBatch(benchmark::State& state) { run_batch(state, false); }
BENCHMARK(BM_HirReferenceBatch)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HirTreeBatch)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

// One image, one thread inside the plan, preprocessing excluded: the cost of the tree itself.
void BM_HirSingleImage(benchmark::State& state) {
  const bool reference = state.range(0) == 1;
  HirOptions options = workload(reference);
  options.parallel = false;
  const HirPlan plan(64, 64, options);
  const ImageF image = preprocess(digit_images(1).front().plane(), preset("digits").preprocess);
  std::vector<double> features(plan.feature_count());
  for (auto _ : state) {
    plan.apply(image.plane(), features);
    benchmark::DoNotOptimize(features.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HirSingleImage)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
