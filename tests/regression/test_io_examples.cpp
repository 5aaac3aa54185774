// The bundled example images load with their known sizes and channel counts.
#include <gtest/gtest.h>

#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

TEST(IoExamples, CameraIsGrey512) {
  const DecodedImage decoded = read_image(testing::example_path("camera.png"));
  EXPECT_EQ(decoded.format, ImageFormat::png);
  EXPECT_EQ(decoded.colour_model, "grey");
  EXPECT_EQ(decoded.bit_depth, 8);
  EXPECT_EQ(decoded.image.channels(), 1);
  EXPECT_EQ(decoded.image.height(), 512);
  EXPECT_EQ(decoded.image.width(), 512);
  double sum = 0;
  float low = 1, high = 0;
  for (const float value : decoded.image.values()) {
    sum += value;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  // A natural photograph: spread over the range, not constant or blank.
  EXPECT_LT(low, 0.1f);
  EXPECT_GT(high, 0.9f);
  const double mean = sum / decoded.image.values().size();
  EXPECT_GT(mean, 0.2);
  EXPECT_LT(mean, 0.8);
}

TEST(IoExamples, AstronautIsRgb) {
  const DecodedImage decoded = read_image(testing::example_path("astronaut.png"));
  EXPECT_EQ(decoded.colour_model, "rgb");
  EXPECT_EQ(decoded.image.channels(), 3);
  EXPECT_EQ(decoded.image.height(), 512);
  EXPECT_EQ(decoded.image.width(), 512);
  const ImageF grey = read_grey(testing::example_path("astronaut.png"));
  EXPECT_EQ(grey.channels(), 1);
}

TEST(IoExamples, HorseHasAlpha) {
  const DecodedImage decoded = read_image(testing::example_path("horse.png"));
  EXPECT_TRUE(decoded.had_alpha);
  EXPECT_EQ(decoded.colour_model, "rgba");
  EXPECT_EQ(decoded.image.channels(), 3);
  EXPECT_EQ(decoded.image.height(), 328);
  EXPECT_EQ(decoded.image.width(), 400);
  // Nearly every pixel is opaque, but the top-left corner is white with alpha
  // 110/255, so it is white on the default background and 110/255 on black.
  EXPECT_EQ(decoded.image(0, 0, 0), 1.f);
  ReadOptions black;
  black.background = {0.f, 0.f, 0.f};
  const DecodedImage on_black = read_image(testing::example_path("horse.png"), black);
  EXPECT_NEAR(on_black.image(0, 0, 0), 110 / 255.0, 1e-6);  // two float roundings at most
  // Opaque pixels do not depend on the background.
  EXPECT_EQ(on_black.image(164, 200, 0), decoded.image(164, 200, 0));
}

TEST(IoExamples, RocketIsJpeg640By427) {
  const DecodedImage decoded = read_image(testing::example_path("rocket.jpg"));
  EXPECT_EQ(decoded.format, ImageFormat::jpeg);
  EXPECT_EQ(decoded.colour_model, "ycbcr");
  EXPECT_EQ(decoded.image.channels(), 3);
  EXPECT_EQ(decoded.image.width(), 640);
  EXPECT_EQ(decoded.image.height(), 427);
}

TEST(IoExamples, OtherExamplesGrey) {
  for (const char* name : {"coins.png", "brick.png"}) {
    const DecodedImage decoded = read_image(testing::example_path(name));
    EXPECT_EQ(decoded.image.channels(), 1) << name;
  }
  EXPECT_EQ(read_image(testing::example_path("coins.png")).image.width(), 384);
  EXPECT_EQ(read_image(testing::example_path("coins.png")).image.height(), 303);
}

}  // namespace
}  // namespace erlangen::io

namespace erlangen::io {
namespace {

double plane_mean(const ImageF& image, std::ptrdiff_t channel) {
  const ImageView<const float> plane = image.plane(channel);
  double sum = 0;
  for (std::ptrdiff_t i = 0; i < plane.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < plane.width(); ++j) sum += plane(i, j);
  }
  return sum / static_cast<double>(image.plane_size());
}

// Plane means recorded from this decoder (libpng 1.6.39, libjpeg-turbo 2.1.5)
// so that a change in decoding or conversion shows up. PNG decoding is exact,
// so only the summation order can move the mean (far below 1e-9).
TEST(IoExamples, PngPlaneMeansPinned) {
  struct Case {
    const char* name;
    std::vector<double> means;
  };
  const std::vector<Case> cases = {
      {"camera.png", {0.506120507}},
      {"astronaut.png", {0.555147039, 0.414742931, 0.378333635}},
      {"horse.png", {0.669294716, 0.669294716, 0.669294716}},
      {"coins.png", {0.379825563}},
      {"brick.png", {0.437079839}},
  };
  for (const Case& test : cases) {
    const DecodedImage decoded = read_image(testing::example_path(test.name));
    ASSERT_EQ(decoded.image.channels(), static_cast<std::ptrdiff_t>(test.means.size())) << test.name;
    for (std::size_t c = 0; c < test.means.size(); ++c) {
      // 1e-9 covers the 9 printed digits of the recorded value.
      EXPECT_NEAR(plane_mean(decoded.image, static_cast<std::ptrdiff_t>(c)), test.means[c], 1e-9)
          << test.name << " plane " << c;
    }
  }
}

TEST(IoExamples, JpegPlaneMeansPinned) {
  const DecodedImage decoded = read_image(testing::example_path("rocket.jpg"));
  const double expected[3] = {0.204963700, 0.240369806, 0.322631913};
  for (int c = 0; c < 3; ++c) {
    // Other libjpeg builds may round the inverse DCT and upsampling differently
    // by one code value on some pixels, which moves a mean by far less than 1/255.
    EXPECT_NEAR(plane_mean(decoded.image, c), expected[c], 1e-3) << "plane " << c;
  }
}

}  // namespace
}  // namespace erlangen::io
