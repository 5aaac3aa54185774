// Unit tests of the distortion suite: each distortion against a direct oracle or
// an exact property, the spec parser and its errors, and the built-in suites.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/jpeg_memory.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

ImageF constant_image(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t planes, float value) {
  return ImageF(rows, cols, planes, value);
}

// Distinct values in [0, 1], so that a misplaced pixel shows.
ImageF ramp(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t planes = 1) {
  ImageF image(rows, cols, planes);
  const auto count = static_cast<float>(rows * cols * planes);
  for (std::ptrdiff_t k = 0; k < rows * cols * planes; ++k) image.data()[k] = static_cast<float>(k) / count;
  return image;
}

double max_abs_difference(const ImageF& a, const ImageF& b) {
  EXPECT_EQ(a.height(), b.height());
  EXPECT_EQ(a.width(), b.width());
  EXPECT_EQ(a.channels(), b.channels());
  double largest = 0.0;
  for (std::size_t k = 0; k < a.values().size(); ++k) {
    largest = std::max(largest, std::abs(static_cast<double>(a.values()[k]) - b.values()[k]));
  }
  return largest;
}

double mean_abs_difference(const ImageF& a, const ImageF& b) {
  double sum = 0.0;
  for (std::size_t k = 0; k < a.values().size(); ++k) sum += std::abs(static_cast<double>(a.values()[k]) - b.values()[k]);
  return sum / static_cast<double>(a.values().size());
}

ImageF astronaut() { return io::read_image(erlangen::testing::example_path("astronaut.png")).image; }

ImageF distort(const ImageF& image, std::string_view spec, std::uint64_t seed = 0) {
  return apply_distortions(image, parse_distortion_chain(spec), seed);
}

std::string error_of(std::string_view spec) {
  try {
    parse_distortion_chain(spec);
  } catch (const InvalidArgument& error) {
    return error.what();
  }
  return "no error";
}

TEST(DistortionParser, ParsesValueAndOptions) {
  const Distortion jpeg = parse_distortion("jpeg:70");
  EXPECT_EQ(jpeg.op, DistortionOp::jpeg);
  EXPECT_EQ(jpeg.value, 70.0);

  const Distortion resize = parse_distortion("resize:0.5:lanczos3:back");
  EXPECT_EQ(resize.op, DistortionOp::resize);
  EXPECT_EQ(resize.value, 0.5);
  EXPECT_EQ(resize.kernel, ResampleKernel::lanczos3);
  EXPECT_TRUE(resize.back);

  const Distortion blur = parse_distortion("blur:1:k5");
  EXPECT_EQ(blur.blur_taps, 5);
  EXPECT_EQ(parse_distortion("rot90").op, DistortionOp::rot90);
  EXPECT_EQ(parse_distortion(" fliph ").op, DistortionOp::flip_h);
}

TEST(DistortionParser, ChainKeepsOrder) {
  const DistortionChain chain = parse_distortion_chain("crop:0.5,brightness:1.5,jpeg:80");
  ASSERT_EQ(chain.size(), 3U);
  EXPECT_EQ(chain[0].op, DistortionOp::crop);
  EXPECT_EQ(chain[1].op, DistortionOp::brightness);
  EXPECT_EQ(chain[2].op, DistortionOp::jpeg);
  EXPECT_EQ(to_spec(chain), "crop:0.5,brightness:1.5,jpeg:80");
}

TEST(DistortionParser, SpecRoundTripsForEverySuite) {
  for (const std::string& name : distortion_suite_names()) {
    for (const SuiteEntry& entry : distortion_suite(name)) {
      EXPECT_EQ(to_spec(parse_distortion_chain(entry.spec)), entry.spec) << name;
    }
  }
  EXPECT_EQ(to_spec(parse_distortion("resize:2:nearest:back")), "resize:2:nearest:back");
}

TEST(DistortionParser, UnknownOperationListsNames) {
  const std::string message = error_of("jpg:70");
  EXPECT_NE(message.find("operation 'jpg' is unknown"), std::string::npos) << message;
  EXPECT_NE(message.find("jpeg444"), std::string::npos) << message;
}

TEST(DistortionParser, OutOfRangeValueNamesRange) {
  const std::string message = error_of("jpeg:101");
  EXPECT_NE(message.find("is 101"), std::string::npos) << message;
  EXPECT_NE(message.find("[1, 100]"), std::string::npos) << message;
  EXPECT_NE(error_of("jpeg:0").find("[1, 100]"), std::string::npos);
  EXPECT_NE(error_of("jpeg:70.5").find("an integer"), std::string::npos);
  EXPECT_NE(error_of("noise:1.5").find("[0, 1]"), std::string::npos);
  EXPECT_NE(error_of("median:4").find("odd"), std::string::npos);
}

TEST(DistortionParser, RejectsMalformedSpecs) {
  EXPECT_NE(error_of("rotate").find("needs a value"), std::string::npos);
  EXPECT_NE(error_of("rotate:abc").find("is not a number"), std::string::npos);
  EXPECT_NE(error_of("rotate:nan").find("is not a number"), std::string::npos);
  EXPECT_NE(error_of("rot90:1").find("option '1' is invalid"), std::string::npos);
  EXPECT_NE(error_of("jpeg:70:back").find("option 'back' is invalid"), std::string::npos);
  EXPECT_NE(error_of("rotate:30:lanczos3").find("nearest, bilinear or bicubic"), std::string::npos);
  EXPECT_NE(error_of("rotate:30:back").find("option 'back' is invalid"), std::string::npos);
  EXPECT_NE(error_of("blur:1:k4").find("odd integer"), std::string::npos);
  EXPECT_NE(error_of("jpeg:70,,blur:1").find("step 2 is empty"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
}

TEST(DistortionApply, RejectsInvalidImages) {
  EXPECT_THROW(distort(ImageF(), "blur:1"), InvalidArgument);
  EXPECT_THROW(distort(ImageF(8, 8, 2), "blur:1"), InvalidArgument);
  Distortion invalid;
  invalid.op = DistortionOp::jpeg;
  invalid.value = 0;  // built by hand, so only apply_distortion can catch it
  EXPECT_THROW(apply_distortion(ImageF(8, 8), invalid), InvalidArgument);
}

TEST(DistortionJpeg, Quality100Chroma444IsNearIdentity) {
  const ImageF image = astronaut();
  const ImageF round_trip = distort(image, "jpeg444:100");
  ASSERT_EQ(round_trip.channels(), 3);
  // Quality 100 quantises every DCT coefficient with step 1 and the colour
  // conversion rounds to 8 bits, so a few code values of error remain.
  EXPECT_LT(max_abs_difference(image, round_trip), 12.0 / 255.0);
  EXPECT_LT(mean_abs_difference(image, round_trip), 1.0 / 255.0);
}

TEST(DistortionJpeg, ChromaSubsamplingAndQualityOrderErrors) {
  const ImageF image = astronaut();
  const double full = mean_abs_difference(image, distort(image, "jpeg444:95"));
  const double subsampled = mean_abs_difference(image, distort(image, "jpeg:95"));
  // Halving the chroma resolution loses colour detail that 4:4:4 keeps.
  EXPECT_GT(subsampled, full);
  const double q90 = mean_abs_difference(image, distort(image, "jpeg:90"));
  const double q20 = mean_abs_difference(image, distort(image, "jpeg:20"));
  EXPECT_GT(q20, 2.0 * q90);
}

TEST(DistortionJpeg, MemoryEncoderMatchesFileWriter) {
  const ImageF image = astronaut();
  const std::filesystem::path folder = erlangen::testing::fresh_temp_dir("distortion_jpeg");
  io::write_jpeg(folder / "q75.jpg", image, 75);
  std::ifstream stream(folder / "q75.jpg", std::ios::binary);
  const std::vector<std::uint8_t> written((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  // write_jpeg uses the libjpeg defaults, whose colour subsampling is 4:2:0.
  EXPECT_EQ(io::encode_jpeg(image, 75, io::ChromaSubsampling::s420), written);
  EXPECT_NE(io::encode_jpeg(image, 75, io::ChromaSubsampling::s444), written);
}

TEST(DistortionJpeg, GreyStaysGreyAndBytesAreJpeg) {
  const ImageF grey = ramp(16, 24);
  const std::vector<std::uint8_t> bytes = io::encode_jpeg(grey, 80, io::ChromaSubsampling::s444);
  ASSERT_GE(bytes.size(), 4U);
  EXPECT_EQ(bytes[0], 0xFF);
  EXPECT_EQ(bytes[1], 0xD8);
  EXPECT_EQ(distort(grey, "jpeg:80").channels(), 1);
}

TEST(DistortionGeometry, Rotate90EqualsQuarterTurn) {
  const ImageF square = ramp(9, 9, 3);
  const ImageF by_angle = distort(square, "rotate:90");
  const ImageF exact = distort(square, "rot90");
  // rotate maps pixel centres onto pixel centres at 90 degrees, and bicubic
  // interpolation is exact there; float rounding of the weights is all that remains.
  EXPECT_LT(max_abs_difference(by_angle, exact), 1e-6);
  EXPECT_EQ(exact(0, 0, 2), square(0, 8, 2));  // the top-right corner moves to the top-left
}

TEST(DistortionGeometry, RotateExpandQuarterTurnOfNonSquare) {
  const ImageF image = ramp(6, 10);
  const ImageF expanded = distort(image, "rotate-expand:90");
  ASSERT_EQ(expanded.height(), 10);
  ASSERT_EQ(expanded.width(), 6);
  // Exact sampling positions, as in Rotate90EqualsQuarterTurn.
  EXPECT_LT(max_abs_difference(expanded, rotate90(image.plane(), 1)), 1e-6);
}

TEST(DistortionGeometry, RotateExpandKeepsEveryPixel) {
  const ImageF ones = constant_image(40, 60, 1, 1.0f);
  const ImageF expanded = distort(ones, "rotate-expand:30:bilinear");
  // The rotated rectangle covers 40 * 60 pixels of area; bilinear interpolation
  // conserves the sum up to the boundary resampling, well within 1 %.
  double sum = 0.0;
  for (float value : expanded.values()) sum += value;
  EXPECT_NEAR(sum, 2400.0, 24.0);
  EXPECT_GE(expanded.height(), 64);  // 40 cos 30 + 60 sin 30 = 64.6
}

TEST(DistortionGeometry, FlipsAndHalfTurns) {
  const ImageF image = ramp(5, 7, 3);
  EXPECT_EQ(max_abs_difference(distort(image, "fliph,fliph"), image), 0.0);
  EXPECT_EQ(max_abs_difference(distort(image, "rot180"), distort(image, "fliph,flipv")), 0.0);
  EXPECT_EQ(max_abs_difference(distort(image, "rot90,rot270"), image), 0.0);
  const ImageF flipped = distort(image, "flipv");
  EXPECT_EQ(flipped(0, 3, 1), image(4, 3, 1));
}

TEST(DistortionGeometry, InscribedRectangleKnownCases) {
  const auto [rows0, cols0] = inscribed_rectangle(100, 200, 0);
  EXPECT_DOUBLE_EQ(rows0, 100);
  EXPECT_DOUBLE_EQ(cols0, 200);
  // A square rotated by 45 degrees contains a centred square of side a / sqrt(2).
  const auto [rows45, cols45] = inscribed_rectangle(100, 100, 45);
  EXPECT_NEAR(rows45, 100 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(cols45, 100 / std::sqrt(2.0), 1e-9);
  // Small angle on a square: both constraints bind, side = a / (cos + sin).
  const double radians = 10 * 3.14159265358979323846 / 180;
  const auto [rows10, cols10] = inscribed_rectangle(100, 100, 10);
  EXPECT_NEAR(rows10, 100 / (std::cos(radians) + std::sin(radians)), 1e-9);
  EXPECT_NEAR(cols10, rows10, 1e-9);
}

TEST(DistortionGeometry, RotateCropHoldsNoFill) {
  const ImageF ones = constant_image(64, 96, 1, 1.0f);
  for (const char* spec : {"rotate-crop:5", "rotate-crop:30", "rotate-crop:45", "rotate-crop:-70"}) {
    const ImageF cropped = distort(ones, spec);
    const float smallest = *std::min_element(cropped.values().begin(), cropped.values().end());
    // No sample may come from the zero fill: bicubic of a constant is exact inside.
    EXPECT_GT(smallest, 1.0f - 1e-5f) << spec;
    const auto [rows, cols] = inscribed_rectangle(64, 96, std::stod(std::string(spec).substr(12)));
    EXPECT_LE(cropped.height(), rows) << spec;
    EXPECT_GE(cropped.height(), rows - 4) << spec;
    EXPECT_GE(cropped.width(), cols - 4) << spec;
  }
}

TEST(DistortionGeometry, BoxResizeHalfEqualsBlockAverage) {
  const ImageF image = ramp(12, 16);
  const ImageF halved = distort(image, "resize:0.5:box");
  const ImageF oracle = box_downsample(image.plane(), 2);
  // Area-aligned box weights are exactly 1/4 each; float rounding only.
  EXPECT_LT(max_abs_difference(halved, oracle), 1e-6);
}

// Direct oracle of the separable resampler: each output pixel as one 2-D sum of
// kernel(dy) * kernel(dx) * input over the stretched support, edge pixels
// repeated, divided by the sum of the weights.
double kernel_oracle(const std::string& kernel, double t) {
  t = std::abs(t);
  if (kernel == "bilinear") return t < 1 ? 1 - t : 0;
  const double pi = 3.14159265358979323846;
  auto sinc = [pi](double x) { return x == 0 ? 1.0 : std::sin(pi * x) / (pi * x); };
  return t < 3 ? sinc(t) * sinc(t / 3) : 0;  // lanczos3
}

double resample_oracle(const ImageF& image, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t i,
                       std::ptrdiff_t j, const std::string& kernel) {
  const double row_scale = static_cast<double>(image.height()) / rows;
  const double col_scale = static_cast<double>(image.width()) / cols;
  const double row_centre = (i + 0.5) * row_scale - 0.5;
  const double col_centre = (j + 0.5) * col_scale - 0.5;
  const double row_stretch = std::max(1.0, row_scale);
  const double col_stretch = std::max(1.0, col_scale);
  double sum = 0;
  double total = 0;
  for (std::ptrdiff_t y = -40; y < image.height() + 40; ++y) {
    const double wy = kernel_oracle(kernel, (y - row_centre) / row_stretch);
    if (wy == 0) continue;
    for (std::ptrdiff_t x = -40; x < image.width() + 40; ++x) {
      const double wx = kernel_oracle(kernel, (x - col_centre) / col_stretch);
      if (wx == 0) continue;
      const std::ptrdiff_t cy = std::clamp<std::ptrdiff_t>(y, 0, image.height() - 1);
      const std::ptrdiff_t cx = std::clamp<std::ptrdiff_t>(x, 0, image.width() - 1);
      sum += wy * wx * image(cy, cx);
      total += wy * wx;
    }
  }
  return sum / total;
}

TEST(DistortionGeometry, ResampleMatchesDirectOracle) {
  const ImageF image = distort(ImageF(23, 31, 1, 0.5f), "noise:0.2", 8);
  for (const std::string kernel : {"bilinear", "lanczos3"}) {
    for (const auto& [rows, cols] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{9, 12}, {40, 50}, {23, 17}}) {
      const ImageF fast = resample(image, rows, cols, kernel == "bilinear" ? ResampleKernel::bilinear
                                                                           : ResampleKernel::lanczos3);
      for (std::ptrdiff_t i = 0; i < rows; ++i) {
        for (std::ptrdiff_t j = 0; j < cols; ++j) {
          // Both sum in double; the fast path stores float, so 1e-6 covers its rounding.
          EXPECT_NEAR(fast(i, j), resample_oracle(image, rows, cols, i, j, kernel), 1e-6)
              << kernel << " " << rows << "x" << cols << " at " << i << "," << j;
        }
      }
    }
  }
}

TEST(DistortionGeometry, ResizeKeepsConstantsForEveryKernel) {
  const ImageF grey = constant_image(20, 30, 3, 0.3f);
  for (const char* kernel : {"nearest", "box", "bilinear", "bicubic", "lanczos3"}) {
    for (const char* factor : {"0.25", "0.7", "1.5", "2"}) {
      const ImageF resized = distort(grey, fmt::format("resize:{}:{}", factor, kernel));
      // Weights are normalised to sum 1, so a constant stays constant up to rounding.
      EXPECT_LT(max_abs_difference(resized, constant_image(resized.height(), resized.width(), 3, 0.3f)), 1e-6)
          << kernel << " " << factor;
    }
  }
  EXPECT_EQ(distort(grey, "resize:0.25").height(), 5);
  EXPECT_EQ(distort(grey, "resize:0.25").width(), 8);  // round(7.5) = 8
}

TEST(DistortionGeometry, NearestUpscaleReplicatesPixels) {
  const ImageF image = ramp(3, 4);
  const ImageF doubled = distort(image, "resize:2:nearest");
  ASSERT_EQ(doubled.height(), 6);
  for (std::ptrdiff_t i = 0; i < 6; ++i) {
    for (std::ptrdiff_t j = 0; j < 8; ++j) EXPECT_EQ(doubled(i, j), image(i / 2, j / 2));
  }
}

TEST(DistortionGeometry, BackRestoresTheInputSize) {
  const ImageF image = ramp(40, 30, 3);
  for (const char* spec : {"resize:0.5:back", "crop:0.2:back", "crop-random:0.3:back", "rotate-crop:20:back"}) {
    const ImageF restored = distort(image, spec, 7);
    EXPECT_EQ(restored.height(), 40) << spec;
    EXPECT_EQ(restored.width(), 30) << spec;
    EXPECT_EQ(restored.channels(), 3) << spec;
  }
}

TEST(DistortionGeometry, CropWindows) {
  const ImageF image = ramp(100, 50);
  const ImageF centre = distort(image, "crop:0.2");
  ASSERT_EQ(centre.height(), 80);
  ASSERT_EQ(centre.width(), 40);
  EXPECT_EQ(centre(0, 0), image(10, 5));

  const ImageF area = distort(image, "crop-area:0.25");
  EXPECT_EQ(area.height(), 50);
  EXPECT_EQ(area.width(), 25);

  const ImageF corner = distort(image, "crop-br:0.5");
  ASSERT_EQ(corner.height(), 50);
  EXPECT_EQ(corner(49, 24), image(99, 49));
  EXPECT_EQ(corner(0, 0), image(50, 25));
}

TEST(DistortionGeometry, RandomCropDependsOnSeedOnly) {
  const ImageF image = ramp(100, 100);
  const ImageF a = distort(image, "crop-random:0.3", 1);
  const ImageF b = distort(image, "crop-random:0.3", 1);
  EXPECT_EQ(max_abs_difference(a, b), 0.0);
  bool any_different = false;
  for (std::uint64_t seed = 2; seed < 6; ++seed) {
    any_different = any_different || max_abs_difference(a, distort(image, "crop-random:0.3", seed)) > 0.0;
  }
  EXPECT_TRUE(any_different);
}

TEST(DistortionFilters, NoiseStandardDeviationMeasured) {
  const ImageF grey = constant_image(256, 256, 1, 0.5f);
  const ImageF noisy = distort(grey, "noise:0.05", 3);
  double sum = 0.0;
  double squares = 0.0;
  for (float value : noisy.values()) {
    sum += value - 0.5;
    squares += (value - 0.5) * (value - 0.5);
  }
  const auto n = static_cast<double>(noisy.values().size());
  const double mean = sum / n;
  const double deviation = std::sqrt(squares / n - mean * mean);
  // 65536 samples: the standard error of the mean is 0.05 / 256 = 2e-4 and that
  // of the standard deviation about 0.05 / sqrt(2 n) = 1.4e-4; 5 standard errors.
  EXPECT_NEAR(mean, 0.0, 1e-3);
  EXPECT_NEAR(deviation, 0.05, 7e-4);
  // Clipping happens after the addition: noise on black only brightens.
  const ImageF clipped = distort(constant_image(64, 64, 1, 0.0f), "noise:0.1", 3);
  EXPECT_GE(*std::min_element(clipped.values().begin(), clipped.values().end()), 0.0f);
  EXPECT_EQ(max_abs_difference(noisy, distort(grey, "noise:0.05", 3)), 0.0);
  EXPECT_GT(max_abs_difference(noisy, distort(grey, "noise:0.05", 4)), 0.0);
}

TEST(DistortionFilters, SaltAndPepperFraction) {
  const ImageF grey = constant_image(256, 256, 3, 0.5f);
  const ImageF spotted = distort(grey, "saltpepper:0.1", 9);
  std::size_t black = 0;
  std::size_t white = 0;
  for (std::ptrdiff_t i = 0; i < 256; ++i) {
    for (std::ptrdiff_t j = 0; j < 256; ++j) {
      // All planes of a hit pixel take the same level.
      EXPECT_EQ(spotted(i, j, 0), spotted(i, j, 2));
      black += spotted(i, j, 0) == 0.0f;
      white += spotted(i, j, 0) == 1.0f;
    }
  }
  // Binomial(65536, 0.1): standard deviation 77 pixels; 5 standard deviations.
  EXPECT_NEAR(static_cast<double>(black + white), 6553.6, 385.0);
  EXPECT_NEAR(static_cast<double>(black), static_cast<double>(white), 400.0);
}

TEST(DistortionFilters, BrightnessOnConstant) {
  EXPECT_FLOAT_EQ(distort(constant_image(4, 4, 3, 0.4f), "brightness:1.5")(2, 2, 1), 0.6f);
  EXPECT_FLOAT_EQ(distort(constant_image(4, 4, 3, 0.8f), "brightness:1.5")(2, 2, 1), 1.0f);  // clipped
  EXPECT_FLOAT_EQ(distort(constant_image(4, 4, 1, 0.8f), "brightness:0")(0, 0), 0.0f);
}

TEST(DistortionFilters, ContrastBlendsWithRoundedMeanLuma) {
  // A constant on an 8-bit level is its own degenerate image, so contrast keeps it.
  const float level = 102.0f / 255.0f;
  EXPECT_NEAR(distort(constant_image(4, 4, 3, level), "contrast:3")(1, 1, 0), level, 1e-6);
  // Two halves at 0.2 and 0.6: mean 0.4 rounds to 102/255; factor 0 gives that mean.
  ImageF halves(2, 2, 1, 0.2f);
  halves(1, 0) = 0.6f;
  halves(1, 1) = 0.6f;
  EXPECT_NEAR(distort(halves, "contrast:0")(0, 0), 102.0 / 255.0, 1e-6);
  EXPECT_NEAR(distort(halves, "contrast:2")(1, 1), 102.0 / 255.0 + 2.0 * (0.6 - 102.0 / 255.0), 1e-6);
}

TEST(DistortionFilters, SaturationZeroGivesLuma) {
  ImageF colour(2, 2, 3, 0.0f);
  for (std::ptrdiff_t i = 0; i < 2; ++i) {
    for (std::ptrdiff_t j = 0; j < 2; ++j) colour(i, j, 0) = 1.0f;  // pure red
  }
  const ImageF grey = distort(colour, "saturation:0");
  for (std::ptrdiff_t c = 0; c < 3; ++c) EXPECT_NEAR(grey(1, 1, c), 0.299, 1e-6);
  const ImageF unchanged = distort(ramp(5, 5), "saturation:2");  // grey input has no colour to change
  EXPECT_EQ(max_abs_difference(unchanged, ramp(5, 5)), 0.0);
}

TEST(DistortionFilters, SharpnessMatchesSmoothKernel) {
  const ImageF image = ramp(5, 6);
  const ImageF sharpened = distort(image, "sharpness:0");
  // Factor 0 returns the degenerate image: interior pixels smoothed by
  // [1 1 1; 1 5 1; 1 1 1] / 13, border pixels unchanged.
  double sum = 4.0 * image(2, 3);
  for (int a = -1; a <= 1; ++a) {
    for (int b = -1; b <= 1; ++b) sum += image(2 + a, 3 + b);
  }
  EXPECT_NEAR(sharpened(2, 3), sum / 13.0, 1e-6);
  EXPECT_EQ(sharpened(0, 0), image(0, 0));
}

TEST(DistortionFilters, GammaPower) {
  EXPECT_NEAR(distort(constant_image(3, 3, 1, 0.25f), "gamma:0.5")(1, 1), 0.5, 1e-6);
  EXPECT_NEAR(distort(constant_image(3, 3, 1, 0.5f), "gamma:2")(1, 1), 0.25, 1e-6);
}

TEST(DistortionFilters, MedianOfKnownPatch) {
  ImageF patch(3, 3);
  const float values[9] = {0.9f, 0.1f, 0.5f, 0.3f, 0.7f, 0.2f, 0.8f, 0.4f, 0.6f};
  std::copy(values, values + 9, patch.data());
  EXPECT_FLOAT_EQ(distort(patch, "median:3")(1, 1), 0.5f);
  // An isolated impulse on a constant vanishes.
  ImageF flat = constant_image(7, 7, 1, 0.3f);
  flat(3, 3) = 1.0f;
  EXPECT_EQ(max_abs_difference(distort(flat, "median:3"), constant_image(7, 7, 1, 0.3f)), 0.0);
}

TEST(DistortionFilters, MedianMatchesSortedWindowOracle) {
  const ImageF image = distort(constant_image(9, 11, 1, 0.5f), "noise:0.2", 5);
  const ImageF filtered = median_filter(image, 5);
  // Interior pixels: the 13th of the 25 sorted window values.
  for (std::ptrdiff_t i = 2; i < 7; ++i) {
    for (std::ptrdiff_t j = 2; j < 9; ++j) {
      std::vector<float> window;
      for (int a = -2; a <= 2; ++a) {
        for (int b = -2; b <= 2; ++b) window.push_back(image(i + a, j + b));
      }
      std::sort(window.begin(), window.end());
      EXPECT_EQ(filtered(i, j), window[12]);
    }
  }
}

TEST(DistortionFilters, BlurMatchesDirectConvolution) {
  ImageF impulse(21, 21, 1, 0.0f);
  impulse(10, 10) = 1.0f;
  const double sigma = 1.5;
  const ImageF blurred = gaussian_blur(impulse, sigma);
  // Oracle: the normalised 2-D Gaussian exp(-(a^2 + b^2) / (2 sigma^2)) over the
  // 11 x 11 support (radius ceil(3 sigma) = 5), evaluated directly.
  double total = 0.0;
  for (int a = -5; a <= 5; ++a) {
    for (int b = -5; b <= 5; ++b) total += std::exp(-(a * a + b * b) / (2 * sigma * sigma));
  }
  for (int a = -6; a <= 6; ++a) {
    for (int b = -6; b <= 6; ++b) {
      const double expected = std::abs(a) <= 5 && std::abs(b) <= 5
                                  ? std::exp(-(a * a + b * b) / (2 * sigma * sigma)) / total
                                  : 0.0;
      EXPECT_NEAR(blurred(10 + a, 10 + b), expected, 1e-7);  // float storage of the result
    }
  }
  const ImageF five = distort(impulse, "blur:1:k5");
  EXPECT_EQ(five(10, 13), 0.0f);  // 5 taps reach 2 pixels
  EXPECT_GT(five(10, 12), 0.0f);
  EXPECT_EQ(max_abs_difference(distort(impulse, "blur:0"), impulse), 0.0);
}

TEST(DistortionFilters, BlurKeepsConstantAtBorders) {
  const ImageF grey = constant_image(6, 4, 3, 0.7f);
  // Mirrored borders and normalised weights keep a constant exactly, up to rounding.
  EXPECT_LT(max_abs_difference(distort(grey, "blur:3"), grey), 1e-6);
}

TEST(DistortionText, GlyphPixelsAreDrawn) {
  ImageF canvas(7, 5, 1, 0.0f);
  const float white[1] = {1.0f};
  draw_glyph_text(canvas, "I", 0, 0, 1, white);
  // The glyph 'I': a bar of 3 on top and bottom and a stem of 5 in between.
  const double ink = std::accumulate(canvas.values().begin(), canvas.values().end(), 0.0);
  EXPECT_EQ(ink, 11.0);
  EXPECT_EQ(canvas(3, 2), 1.0f);
  EXPECT_EQ(canvas(3, 0), 0.0f);
  ImageF scaled(14, 10, 3, 0.0f);
  const float red[3] = {1.0f, 0.0f, 0.0f};
  draw_glyph_text(scaled, "i", 0, 0, 2, red);  // lower case draws the upper-case glyph
  const double red_ink = std::accumulate(scaled.values().begin(), scaled.values().begin() + 140, 0.0);
  EXPECT_EQ(red_ink, 44.0);  // 11 font pixels of 2 x 2
}

TEST(DistortionText, OverlayIsDeterministicAndBinary) {
  const ImageF grey = constant_image(120, 160, 3, 0.5f);
  const ImageF a = distort(grey, "text:0.1", 11);
  EXPECT_EQ(max_abs_difference(a, distort(grey, "text:0.1", 11)), 0.0);
  std::size_t changed = 0;
  for (float value : a.values()) {
    if (value != 0.5f) {
      ++changed;
      EXPECT_TRUE(value == 0.0f || value == 1.0f);
    }
  }
  EXPECT_GT(changed, 0U);
  EXPECT_GT(max_abs_difference(a, distort(grey, "text:0.1", 12)), 0.0);
}

TEST(DistortionFilters, EraseAreaFraction) {
  const ImageF ones = constant_image(100, 100, 1, 1.0f);
  const ImageF erased = distort(ones, "erase:0.25", 4);
  const double zeros =
      static_cast<double>(std::count(erased.values().begin(), erased.values().end(), 0.0f));
  // Side lengths are rounded to whole pixels: within 2 rows or columns of 2500 pixels.
  EXPECT_NEAR(zeros, 2500.0, 200.0);
}

TEST(DistortionChainTest, EqualsStepByStepWithDerivedSeeds) {
  const ImageF image = astronaut();
  const ImageF chained = distort(image, "crop:0.5,brightness:1.5,jpeg:80");
  const ImageF stepwise = distort(distort(distort(image, "crop:0.5"), "brightness:1.5"), "jpeg:80");
  EXPECT_EQ(max_abs_difference(chained, stepwise), 0.0);
  // Two random steps in one chain draw from different seeds.
  const ImageF grey = constant_image(64, 64, 1, 0.5f);
  const ImageF twice = distort(grey, "noise:0.1,noise:0.1", 1);
  const ImageF same_seed = distort(distort(grey, "noise:0.1", 1), "noise:0.1", 1);
  EXPECT_GT(max_abs_difference(twice, same_seed), 0.0);
}

TEST(DistortionSuites, HashSuiteCoversTheRequiredAttacks) {
  const std::vector<SuiteEntry> suite = distortion_suite("hash");
  auto has = [&](std::string_view spec) {
    return std::any_of(suite.begin(), suite.end(), [&](const SuiteEntry& entry) { return entry.spec == spec; });
  };
  for (const char* spec : {"jpeg:90", "jpeg:20", "resize:0.25", "resize:2", "rotate:1", "rotate:45", "rot90",
                           "rot180", "rot270", "fliph", "flipv", "crop:0.05", "crop:0.3", "blur:1", "noise:0.02",
                           "brightness:1.5", "contrast:0.5", "text:0.1"}) {
    EXPECT_TRUE(has(spec)) << spec;
  }
  const auto rotations = std::count_if(suite.begin(), suite.end(), [](const SuiteEntry& e) { return e.group == "rotate"; });
  EXPECT_EQ(rotations, 9);
}

TEST(DistortionSuites, EverySuiteAppliesToColourAndGrey) {
  const ImageF colour = ramp(48, 64, 3);
  const ImageF grey = ramp(48, 64, 1);
  for (const std::string& name : distortion_suite_names()) {
    for (const SuiteEntry& entry : distortion_suite(name)) {
      const ImageF a = apply_distortions(colour, entry.chain, 5);
      const ImageF b = apply_distortions(grey, entry.chain, 5);
      EXPECT_EQ(a.channels(), 3) << entry.spec;
      EXPECT_EQ(b.channels(), 1) << entry.spec;
      EXPECT_GT(a.height(), 0) << entry.spec;
      const auto [low, high] = std::minmax_element(a.values().begin(), a.values().end());
      EXPECT_GE(*low, 0.0f) << entry.spec;
      EXPECT_LE(*high, 1.0f) << entry.spec;
    }
  }
  EXPECT_THROW(distortion_suite("hashes"), InvalidArgument);
}

TEST(DistortionSuites, WatermarkListsMatchTheirSources) {
  const std::vector<SuiteEntry> stable = distortion_suite("stable-signature");
  EXPECT_EQ(stable.size(), 19U);
  EXPECT_EQ(stable.back().spec, "crop-area:0.5,brightness:1.5,jpeg:80");
  EXPECT_EQ(stable.back().group, "combined");
  const std::vector<SuiteEntry> classic = distortion_suite("watermark-classic");
  EXPECT_EQ(classic.front().spec, "blur:1:k5");
  EXPECT_EQ(distortion_suite("watermark").size(), stable.size() + classic.size());
}

TEST(DistortionSuites, ParseSuiteFile) {
  const std::vector<SuiteEntry> suite = parse_suite("# attacks\n\njpeg:70\nmine = rotate:5,jpeg:90\r\n");
  ASSERT_EQ(suite.size(), 2U);
  EXPECT_EQ(suite[0].group, "jpeg");
  EXPECT_EQ(suite[0].strength, 70.0);
  EXPECT_EQ(suite[1].group, "mine");
  EXPECT_EQ(suite[1].spec, "rotate:5,jpeg:90");
  try {
    parse_suite("jpeg:70\nblur:-1\n");
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("suite line 2"), std::string::npos) << error.what();
  }
  EXPECT_THROW(parse_suite("# nothing\n"), InvalidArgument);
  EXPECT_THROW(parse_suite(" = jpeg:70\n"), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::forensics
