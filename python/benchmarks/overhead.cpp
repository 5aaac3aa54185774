// Median time of MomentPlan::apply (ZM, K = 20) and of LocalMomentPlan::pooled (PCT NM10, default
// scales) on a 256 x 256 image in C++, the baseline of python/benchmarks/overhead.py.
// Usage: erlangen_python_overhead IMAGE [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/moments/plan.hpp"

namespace {

template <typename Work>
double median_seconds(int repeats, Work&& work) {
  std::vector<double> times;
  for (int k = 0; k < repeats; ++k) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: erlangen_python_overhead IMAGE [repeats]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 51;
  const erlangen::ImageF grey = erlangen::io::read_grey(argv[1]);
  // camera.png is 512 x 512; 2 x 2 box averages give the 256 x 256 input that overhead.py uses.
  const erlangen::ImageF square = erlangen::box_downsample(erlangen::crop_centre_square(grey.plane()).plane(), 2);
  if (square.height() != 256 || square.width() != 256) {
    std::fprintf(stderr, "erlangen_python_overhead: expected a 512 x 512 image such as examples/camera.png\n");
    return 2;
  }

  erlangen::moments::MomentOptions options;
  options.max_order = 20;
  const erlangen::moments::MomentPlan plan(erlangen::basis::make_family("zernike"), 256, 256, options);
  const double moments = median_seconds(repeats, [&] { (void)plan.apply(square.plane()); });

  std::shared_ptr<const erlangen::basis::Family> family = erlangen::basis::make_family("pct");
  erlangen::dense::LocalMomentOptions dense_options;
  dense_options.orders = erlangen::dense::default_orders(*family);
  const erlangen::dense::LocalMomentPlan dense_plan(family, 256, 256, dense_options);
  const double dense = median_seconds(std::max(3, repeats / 5), [&] {
    (void)dense_plan.pooled<float>(square.plane(), erlangen::dense::Pooling::mean);
  });
  std::printf("{\"moments_apply_seconds\": %.9g, \"dense_pooled_seconds\": %.9g}\n", moments, dense);
  return 0;
}
