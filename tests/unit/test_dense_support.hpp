// Shared helpers of the dense local-moment tests: families, images and a direct correlation
// oracle that is independent of LocalMomentPlan's own direct path.
#pragma once

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/dense/local_moments.hpp"

namespace erlangen::testing::dense_support {

// A family from the registry, shared so that plans can hold it.
inline std::shared_ptr<const basis::Family> family(const std::string& name) {
  return basis::make_family(name);
}

inline ImageF random_image(std::ptrdiff_t rows, std::ptrdiff_t cols, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 255.0f);
  ImageF image(rows, cols);
  for (float& value : image.values()) value = uniform(generator);
  return image;
}

// Largest |value| of a complex stack.
inline double max_magnitude(const dense::LocalMomentStack& stack) {
  double result = 0.0;
  for (const auto& value : stack.values) result = std::max(result, std::abs(value));
  return result;
}

// Padded pixel value, written independently of the library: index -> input index by the rule.
inline double padded_pixel(const ImageF& image, dense::Boundary boundary, std::ptrdiff_t padding, std::ptrdiff_t row,
                           std::ptrdiff_t col) {
  auto map = [&](std::ptrdiff_t index, std::ptrdiff_t size) -> std::ptrdiff_t {
    index -= padding;
    if (boundary == dense::Boundary::zero || boundary == dense::Boundary::valid) {
      return (index < 0 || index >= size) ? -1 : index;
    }
    if (boundary == dense::Boundary::replicate) return std::max<std::ptrdiff_t>(0, std::min(size - 1, index));
    // Symmetric: reflect about the outer pixel edges until the index is inside.
    while (index < 0 || index >= size) index = index < 0 ? -index - 1 : 2 * size - index - 1;
    return index;
  };
  const std::ptrdiff_t r = map(row, image.height());
  const std::ptrdiff_t c = map(col, image.width());
  if (r < 0 || c < 0) return 0.0;
  return image(r, c);
}

// Direct sliding sum of every channel with the plan's kernels, at every strided output pixel.
inline dense::LocalMomentStack direct_oracle(const dense::LocalMomentPlan& plan, const ImageF& image) {
  dense::LocalMomentStack stack;
  stack.rows = plan.output_rows();
  stack.cols = plan.output_cols();
  stack.labels = plan.labels();
  stack.values.assign(static_cast<std::size_t>(plan.channels() * stack.rows * stack.cols), {});
  const std::ptrdiff_t side = plan.max_scale();
  const std::ptrdiff_t stride = plan.options().stride;
  for (std::ptrdiff_t channel = 0; channel < plan.channels(); ++channel) {
    const auto& kernel = plan.kernel(channel);
    for (std::ptrdiff_t a = 0; a < stack.rows; ++a) {
      for (std::ptrdiff_t b = 0; b < stack.cols; ++b) {
        std::complex<double> sum = 0.0;
        for (std::ptrdiff_t i = 0; i < side; ++i) {
          for (std::ptrdiff_t j = 0; j < side; ++j) {
            sum += kernel[static_cast<std::size_t>(i * side + j)] *
                   padded_pixel(image, plan.options().boundary, plan.padding(), a * stride + i, b * stride + j);
          }
        }
        stack.at(channel, a, b) = plan.options().conjugate_output ? std::conj(sum) : sum;
      }
    }
  }
  return stack;
}

// max |a - b| over two stacks of the same shape, divided by max |b|.
inline double relative_difference(const dense::LocalMomentStack& a, const dense::LocalMomentStack& b) {
  double difference = 0.0;
  for (std::size_t p = 0; p < a.values.size(); ++p) difference = std::max(difference, std::abs(a.values[p] - b.values[p]));
  return difference / max_magnitude(b);
}

}  // namespace erlangen::testing::dense_support
