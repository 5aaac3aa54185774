// Dense local moments: FFT path, direct path and the bare FFT bound, with peak memory.
//
// Workload: PCT, NM10 (10 orders), the 10 default scales 8..32 (100 channels), valid boundary,
// mean pooling to 10 float32 planes. Images are camera.png resized to the benchmark size.
// Run each benchmark in its own process for meaningful peak-memory figures, for example
//   bench_dense --benchmark_filter='Pooled/512' --benchmark_repetitions=5
// The peak_rss counter is the resident-set high-water mark of the process after the peak was
// reset through /proc/self/clear_refs (Linux), so it includes the input image and the output.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/aligned.hpp"
#include "erlangen/core/fft.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/io/image_io.hpp"

namespace {

using namespace erlangen;

std::filesystem::path camera_path() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "examples" / "camera.png";
}

ImageF test_image(std::ptrdiff_t side) {
  const ImageF camera = io::read_grey(camera_path());
  if (camera.height() == side && camera.width() == side) return camera;
  return resize(camera.plane(), side, side, Interpolation::bilinear);
}

// Resets the process's peak resident set size (Linux: write 5 to /proc/self/clear_refs).
void reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  if (clear) clear << "5";
}

// Peak resident set size in MiB (VmHWM), or 0 where /proc is unavailable.
double peak_memory_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0.0;
}

std::shared_ptr<const basis::Family> pct() { return basis::make_family("pct"); }

dense::LocalMomentOptions workload(dense::Method method, std::size_t budget) {
  dense::LocalMomentOptions options;
  options.orders = dense::nm10();
  options.scales = dense::default_scales();
  options.method = method;
  options.memory_budget = budget;
  return options;
}

void set_counters(benchmark::State& state, const dense::LocalMomentPlan& plan) {
  const double pixel_channels =
      static_cast<double>(plan.output_rows() * plan.output_cols() * plan.channels());
  state.counters["pixel_channels_per_s"] =
      benchmark::Counter(pixel_channels, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["tiles"] = static_cast<double>(plan.tile_count());
  state.counters["fft_side"] = static_cast<double>(plan.fft_rows());
  state.counters["peak_rss_MiB"] = peak_memory_mib();
}

// FFT path with mean pooling; arguments: image side, memory budget in MiB.
void Pooled(benchmark::State& state) {
  const ImageF image = test_image(state.range(0));
  reset_peak_memory();
  const dense::LocalMomentPlan plan(pct(), image.height(), image.width(),
                                    workload(dense::Method::fft, static_cast<std::size_t>(state.range(1)) << 20));
  for (auto _ : state) {
    auto pooled = plan.pooled<float>(image.plane(), dense::Pooling::mean);
    benchmark::DoNotOptimize(pooled.planes.data());
  }
  set_counters(state, plan);
}
BENCHMARK(Pooled)->Args({512, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Pooled)->Args({2048, 1024})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(Pooled)->Args({4096, 512})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Direct and FFT paths on the same crop; argument: crop side.
void DirectCrop(benchmark::State& state) {
  const ImageF image = test_image(state.range(0));
  const dense::LocalMomentPlan plan(pct(), image.height(), image.width(), workload(dense::Method::direct, 1u << 30));
  for (auto _ : state) {
    auto pooled = plan.pooled<float>(image.plane(), dense::Pooling::mean);
    benchmark::DoNotOptimize(pooled.planes.data());
  }
  set_counters(state, plan);
}
BENCHMARK(DirectCrop)->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();

void FftCrop(benchmark::State& state) {
  const ImageF image = test_image(state.range(0));
  const dense::LocalMomentPlan plan(pct(), image.height(), image.width(), workload(dense::Method::fft, 1u << 30));
  for (auto _ : state) {
    auto pooled = plan.pooled<float>(image.plane(), dense::Pooling::mean);
    benchmark::DoNotOptimize(pooled.planes.data());
  }
  set_counters(state, plan);
}
BENCHMARK(FftCrop)->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();

// The bare FFT bound: per tile, one forward and one inverse complex transform per channel of the
// plan's FFT size, without spectral products, magnitudes or pooling. Argument: image side.
void FftBound(benchmark::State& state) {
  const std::ptrdiff_t side = state.range(0);
  const dense::LocalMomentPlan plan(pct(), side, side, workload(dense::Method::fft, std::size_t{1} << 30));
  const fft::ComplexFft2d<double> transform(plan.fft_rows(), plan.fft_cols());
  const auto size = static_cast<std::size_t>(plan.fft_rows() * plan.fft_cols());
  for (auto _ : state) {
    for (std::ptrdiff_t tile = 0; tile < plan.tile_count(); ++tile) {
      AlignedVector<std::complex<double>> spectrum(size, std::complex<double>(1.0, 0.0));
      transform.forward(spectrum.data(), spectrum.data());
#pragma omp parallel
      {
        AlignedVector<std::complex<double>> work(size);
#pragma omp for schedule(dynamic)
        for (std::ptrdiff_t channel = 0; channel < plan.channels(); ++channel) {
          transform.inverse(spectrum.data(), work.data());
          benchmark::DoNotOptimize(work.data());
        }
      }
    }
  }
  set_counters(state, plan);
}
BENCHMARK(FftBound)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
