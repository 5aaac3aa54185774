// The moment-domain watermark on the example photographs: exact round trip from the 8-bit image,
// invisibility, the blind test, robustness to JPEG, resizing and rotation, colour, and bad input.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/watermark/moment.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics::watermark {
namespace {

const WatermarkKey& test_key() {
  static const WatermarkKey key = parse_key("0123456789abcdef");
  return key;
}

Bits test_payload(std::size_t length) {
  Bits bits(length);
  for (std::size_t i = 0; i < length; ++i) bits[i] = static_cast<std::uint8_t>(((i * 7 + 3) % 5) < 2);
  return bits;
}

// Rounds to 8 bits as a PNG stores the samples, so every check decodes what a file would hold.
ImageF quantise8(const ImageF& image) {
  ImageF out = image;
  for (float& v : out.values()) v = std::round(std::clamp(v, 0.0f, 1.0f) * 255.0f) / 255.0f;
  return out;
}

double psnr8(const ImageF& a, const ImageF& b) {
  double sum = 0.0;
  const auto va = a.values();
  const auto vb = b.values();
  for (std::size_t i = 0; i < va.size(); ++i) {
    const double d = std::round(va[i] * 255.0) - std::round(vb[i] * 255.0);
    sum += d * d;
  }
  return 10.0 * std::log10(255.0 * 255.0 / (sum / static_cast<double>(va.size())));
}

// A centre crop of at most `side` x `side` pixels, to keep each test within seconds.
ImageF load_example(const std::string& name, std::ptrdiff_t side = 512) {
  const ImageF image = io::read_image(testing::example_path(name)).image;
  const std::ptrdiff_t rows = std::min(side, image.height());
  const std::ptrdiff_t cols = std::min(side, image.width());
  return crop_window(image, (image.height() - rows) / 2, (image.width() - cols) / 2, rows, cols);
}

std::size_t bit_errors(const Bits& a, const Bits& b) {
  std::size_t errors = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) errors += a[i] != b[i];
  return errors + std::max(a.size(), b.size()) - std::min(a.size(), b.size());
}

struct MarkedExample {
  ImageF original;
  ImageF marked;  // 8-bit rounded
};

// Embeds 64 bits once per image and keeps the result for the tests that read it.
const MarkedExample& marked_example(const std::string& name) {
  static std::vector<std::pair<std::string, MarkedExample>> cache;
  for (const auto& [cached, example] : cache) {
    if (cached == name) return example;
  }
  const MomentWatermark scheme;
  MarkedExample example;
  example.original = load_example(name);
  example.marked = quantise8(scheme.embed(example.original, test_key(), test_payload(64)));
  cache.emplace_back(name, std::move(example));
  return cache.back().second;
}

class WatermarkMomentExample : public ::testing::TestWithParam<const char*> {};

TEST_P(WatermarkMomentExample, RoundTripRecoversEveryBit) {
  const MarkedExample& example = marked_example(GetParam());
  const MomentWatermark scheme;
  const WatermarkDetection detection = scheme.detect(example.marked, test_key(), 64);
  EXPECT_EQ(bit_errors(detection.bits, test_payload(64)), 0U) << detection.hypothesis;
  EXPECT_TRUE(detection.detected) << "p-value " << detection.p_value;
  EXPECT_NE(detection.hypothesis.find("crc ok"), std::string::npos) << detection.hypothesis;
  ASSERT_EQ(detection.confidence.size(), 64U);
  // Every bit of a clean round trip is decoded with near certainty.
  for (double confidence : detection.confidence) EXPECT_GT(confidence, 0.99);
}

TEST_P(WatermarkMomentExample, PsnrAtLeast40dB) {
  const MarkedExample& example = marked_example(GetParam());
  // The target of the scheme: PSNR >= 40 dB on the 8-bit result at the default strength.
  EXPECT_GE(psnr8(example.original, example.marked), 40.0);
}

TEST_P(WatermarkMomentExample, OtherKeyAndUnmarkedNotDetected) {
  const MarkedExample& example = marked_example(GetParam());
  const MomentWatermark scheme;
  const WatermarkDetection other = scheme.detect(example.marked, parse_key("fedcba9876543210"), 64);
  EXPECT_FALSE(other.detected);
  EXPECT_GT(other.p_value, 1e-6);
  const WatermarkDetection unmarked = scheme.detect(quantise8(example.original), test_key(), 64);
  EXPECT_FALSE(unmarked.detected);
  EXPECT_GT(unmarked.p_value, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Examples, WatermarkMomentExample,
                         ::testing::Values("astronaut.png", "camera.png", "coins.png", "rocket.jpg"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

struct DistortionCase {
  const char* image;
  const char* distortion;
};

class WatermarkMomentDistortion : public ::testing::TestWithParam<DistortionCase> {};

TEST_P(WatermarkMomentDistortion, PayloadSurvives) {
  const DistortionCase& test_case = GetParam();
  const MarkedExample& example = marked_example(test_case.image);
  const ImageF attacked =
      quantise8(apply_distortions(example.marked, parse_distortion_chain(test_case.distortion)));
  const MomentWatermark scheme;
  const WatermarkDetection detection = scheme.detect(attacked, test_key(), 64);
  EXPECT_EQ(bit_errors(detection.bits, test_payload(64)), 0U) << detection.hypothesis;
  EXPECT_TRUE(detection.detected) << "p-value " << detection.p_value << ", " << detection.hypothesis;
}

INSTANTIATE_TEST_SUITE_P(
    Examples, WatermarkMomentDistortion,
    ::testing::Values(DistortionCase{"astronaut.png", "jpeg:75"}, DistortionCase{"astronaut.png", "jpeg:50"},
                      DistortionCase{"astronaut.png", "resize:0.5"}, DistortionCase{"astronaut.png", "rotate:30"},
                      DistortionCase{"astronaut.png", "rotate:137"}, DistortionCase{"astronaut.png", "fliph"},
                      DistortionCase{"camera.png", "jpeg:75"}, DistortionCase{"camera.png", "resize:0.5"},
                      DistortionCase{"camera.png", "rotate:30"}, DistortionCase{"rocket.jpg", "jpeg:75"},
                      DistortionCase{"rocket.jpg", "resize:0.5"}, DistortionCase{"rocket.jpg", "rotate:30"},
                      DistortionCase{"rocket.jpg", "rotate:137"}, DistortionCase{"coins.png", "rotate:30"},
                      // The hardest halving of the examples: 384 x 303 becomes 192 x 152, which the
                      // detector enlarges back to a 256-pixel shorter side.
                      DistortionCase{"coins.png", "resize:0.5"}, DistortionCase{"coins.png", "jpeg:50"},
                      // Centred crops: found by the second detection stage (scale and shift
                      // search). crop:0.2 keeps 80 % of each side.
                      DistortionCase{"camera.png", "crop:0.2"},
                      DistortionCase{"rocket.jpg", "crop:0.1,jpeg:75"}),
    [](const auto& info) {
      std::string name = std::string(info.param.image) + "_" + info.param.distortion;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(WatermarkMoment, CropOutsideTheSearchIsNotDetected) {
  // A crop that keeps half of each side lies outside the crop search (at most 30 % removed), so
  // the mark is lost, and the detector must report no detection.
  const MarkedExample& example = marked_example("camera.png");
  const ImageF attacked = quantise8(apply_distortions(example.marked, parse_distortion_chain("crop:0.5")));
  const MomentWatermark scheme;
  const WatermarkDetection detection = scheme.detect(attacked, test_key(), 64);
  EXPECT_FALSE(detection.detected) << "p-value " << detection.p_value << ", " << detection.hypothesis;
  EXPECT_GT(detection.hypotheses, 726U) << "the crop stage must run when the first stage finds nothing";
}

TEST(WatermarkMoment, RotationAngleIsReported) {
  const MarkedExample& example = marked_example("astronaut.png");
  const ImageF attacked = quantise8(apply_distortions(example.marked, parse_distortion_chain("rotate:30")));
  const WatermarkDetection detection = MomentWatermark().detect(attacked, test_key(), 64);
  EXPECT_EQ(detection.hypothesis.rfind("rotate 30 flip 0", 0), 0U) << detection.hypothesis;
}

TEST(WatermarkMoment, ColourIsKept) {
  const MarkedExample& example = marked_example("astronaut.png");
  ASSERT_EQ(example.original.channels(), 3);
  // The luma change is added equally to R, G and B, so B - Y and R - Y change only where a channel
  // clips and by the 8-bit rounding (at most 0.5 + 0.5 levels per channel).
  double sum_cb = 0.0;
  double sum_cr = 0.0;
  const std::ptrdiff_t n = example.original.plane_size();
  auto chroma = [](const ImageF& image, std::ptrdiff_t k, double& cb, double& cr) {
    const float* p = image.data();
    const double r = p[k];
    const double g = p[k + image.plane_size()];
    const double b = p[k + 2 * image.plane_size()];
    const double y = 0.299 * r + 0.587 * g + 0.114 * b;
    cb = b - y;
    cr = r - y;
  };
  const ImageF original = quantise8(example.original);
  for (std::ptrdiff_t k = 0; k < n; ++k) {
    double cb0, cr0, cb1, cr1;
    chroma(original, k, cb0, cr0);
    chroma(example.marked, k, cb1, cr1);
    sum_cb += std::abs(cb1 - cb0);
    sum_cr += std::abs(cr1 - cr0);
  }
  // Mean absolute chroma change below 0.5 levels of 255, which leaves room for the 8-bit rounding
  // of each channel and for the clipped pixels.
  EXPECT_LT(sum_cb / n * 255.0, 0.5);
  EXPECT_LT(sum_cr / n * 255.0, 0.5);
}

TEST(WatermarkMoment, GreySmallAndNonSquareImages) {
  const MomentWatermark scheme;
  // 128 x 128, the smallest accepted size, grey.
  const ImageF small = load_example("camera.png", 128);
  const ImageF marked_small = quantise8(scheme.embed(small, test_key(), test_payload(32)));
  const WatermarkDetection small_detection = scheme.detect(marked_small, test_key(), 32);
  EXPECT_EQ(bit_errors(small_detection.bits, test_payload(32)), 0U) << small_detection.hypothesis;
  EXPECT_TRUE(small_detection.detected);
  // A wide colour image, 256 x 640, with a payload at the capacity.
  const ImageF image = io::read_image(testing::example_path("rocket.jpg")).image;
  const ImageF wide = crop_window(image, 80, 0, 256, image.width());
  const std::size_t bits = scheme.capacity(wide.height(), wide.width());
  const ImageF marked_wide = quantise8(scheme.embed(wide, test_key(), test_payload(bits)));
  const WatermarkDetection wide_detection = scheme.detect(marked_wide, test_key(), bits);
  EXPECT_EQ(bit_errors(wide_detection.bits, test_payload(bits)), 0U) << wide_detection.hypothesis;
  EXPECT_TRUE(wide_detection.detected);
  EXPECT_GE(psnr8(wide, marked_wide), 40.0);
}

TEST(WatermarkMoment, CapacityIsTheSameForEverySize) {
  const MomentWatermark scheme;
  const std::size_t capacity = scheme.capacity(512, 512);
  // 1440 carriers at 4 per slot give 360 slots: 64 pilot + 2 (L + 16 + 6) coded, so L = 126.
  EXPECT_EQ(capacity, 126U);
  EXPECT_EQ(scheme.capacity(128, 128), capacity);
  EXPECT_EQ(scheme.capacity(4320, 7680), capacity);
  EXPECT_EQ(scheme.capacity(127, 4000), 0U);
  // The layout keeps a fixed number of sites per window for every key (the lattice always has
  // more points in the disk than that).
  const std::size_t carriers = scheme.carrier_count(test_key());
  for (const char* key : {"00000000", "ffffffff", "deadbeef", "0123456789abcdef0123", "a5a5a5a5a5a5"}) {
    EXPECT_EQ(scheme.carrier_count(parse_key(key)), carriers) << key;
  }
}

TEST(WatermarkMoment, BadInputIsRejected) {
  const MomentWatermark scheme;
  const ImageF image = load_example("camera.png", 256);
  EXPECT_THROW(scheme.embed(image, test_key(), Bits{}), InvalidArgument);
  EXPECT_THROW(scheme.embed(image, test_key(), test_payload(MomentWatermark::kMaximumPayload + 1)),
               InvalidArgument);
  EXPECT_THROW(parse_key("xyz"), InvalidArgument);
  EXPECT_THROW(scheme.detect(image, test_key(), 0), InvalidArgument);

  const ImageF tiny = load_example("camera.png", 64);
  try {
    scheme.embed(tiny, test_key(), test_payload(8));
    FAIL() << "a 64 x 64 image was accepted";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("64x64"), std::string::npos) << message;
    EXPECT_NE(message.find("128"), std::string::npos) << message;
  }
  ImageF two_planes(256, 256, 2);
  EXPECT_THROW(scheme.embed(two_planes, test_key(), test_payload(8)), InvalidArgument);
}

TEST(WatermarkMoment, StrengthOutsideItsRangeIsRejected) {
  // A strength of 1e-300 or 1e300 used to write an unmarked or destroyed image without an error.
  for (double strength : {1e-300, 0.2, 16.5, 1e300}) {
    WatermarkOptions options;
    options.strength = strength;
    EXPECT_THROW(MomentWatermark{options}, InvalidArgument) << strength;
  }
  for (double strength : {0.0, MomentWatermark::kMinimumStrength, MomentWatermark::kMaximumStrength}) {
    WatermarkOptions options;
    options.strength = strength;
    EXPECT_NO_THROW(MomentWatermark{options}) << strength;
  }
}

TEST(WatermarkMoment, ElongatedImageIsRejectedBeforeAnyWork) {
  // 128 x 2100 has a side ratio of 16.4: its working grid would be 256 x 4200 pixels, and a 40000 x
  // 128 strip took 4 GB before the limit.
  const MomentWatermark scheme;
  const ImageF strip(128, 2100);
  try {
    scheme.embed(strip, test_key(), test_payload(8));
    FAIL() << "a 128 x 2100 image was accepted";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("side ratio of 16.4"), std::string::npos) << error.what();
  }
  EXPECT_THROW(scheme.detect(strip, test_key(), 8), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::forensics::watermark
