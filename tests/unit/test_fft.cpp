#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

#include "erlangen/core/fft.hpp"

namespace {

// Direct O(N^4) DFT used as the oracle of the FFT backend.
std::vector<std::complex<double>> direct_dft(const std::vector<std::complex<double>>& input, int rows, int cols) {
  std::vector<std::complex<double>> output(input.size());
  for (int u = 0; u < rows; ++u) {
    for (int v = 0; v < cols; ++v) {
      std::complex<double> sum = 0.0;
      for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
          const double phase = -2.0 * std::numbers::pi * (double(u * i) / rows + double(v * j) / cols);
          sum += input[i * cols + j] * std::polar(1.0, phase);
        }
      }
      output[u * cols + v] = sum;
    }
  }
  return output;
}

TEST(Fft, RealForwardMatchesDirectDft) {
  const int rows = 6, cols = 9;
  std::mt19937 random(3);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> input(rows * cols);
  for (auto& value : input) value = uniform(random);
  std::vector<std::complex<double>> complex_input(input.begin(), input.end());
  const auto expected = direct_dft(complex_input, rows, cols);

  erlangen::fft::RealFft2d<double> plan(rows, cols);
  std::vector<std::complex<double>> spectrum(plan.spectrum_size());
  plan.forward(input.data(), spectrum.data());
  for (int u = 0; u < rows; ++u) {
    for (int v = 0; v < plan.spectrum_cols(); ++v) {
      EXPECT_NEAR(std::abs(spectrum[u * plan.spectrum_cols() + v] - expected[u * cols + v]), 0.0, 1e-12);
    }
  }

  // Round trip: the inverse is unnormalised, so it returns rows*cols times the input.
  std::vector<double> back(rows * cols);
  plan.inverse(spectrum.data(), back.data());
  for (int k = 0; k < rows * cols; ++k) EXPECT_NEAR(back[k] / (rows * cols), input[k], 1e-14);
}

TEST(Fft, ComplexFloatInPlaceMatchesDirectDft) {
  const int rows = 5, cols = 8;
  std::mt19937 random(4);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<std::complex<float>> data(rows * cols);
  for (auto& value : data) value = {uniform(random), uniform(random)};
  std::vector<std::complex<double>> wide(data.begin(), data.end());
  const auto expected = direct_dft(wide, rows, cols);

  erlangen::fft::ComplexFft2d<float> plan(rows, cols);
  plan.forward(data.data(), data.data());
  // float32 rounding over 40 terms of magnitude <= sqrt(2): 1e-5 absolute is ample.
  for (int k = 0; k < rows * cols; ++k) EXPECT_NEAR(std::abs(std::complex<double>(data[k]) - expected[k]), 0.0, 1e-5);
}

TEST(Fft, NextFastSize) {
  EXPECT_EQ(erlangen::fft::next_fast_size(1), 1);
  EXPECT_EQ(erlangen::fft::next_fast_size(11), 12);
  EXPECT_EQ(erlangen::fft::next_fast_size(97), 98);
  EXPECT_EQ(erlangen::fft::next_fast_size(1024), 1024);
}

}  // namespace
