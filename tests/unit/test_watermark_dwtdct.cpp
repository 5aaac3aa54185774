// The dwtdct and dwtdctsvd baselines: Haar transform, quantisation rule, 8-bit colour
// conversion, hand-computed blocks and round trips on example images.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/watermark/dwtdct.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace wm = erlangen::forensics::watermark;
namespace detail = erlangen::forensics::watermark::dwtdct_detail;
using erlangen::ImageD;
using erlangen::ImageF;

namespace {

wm::Bits random_bits(std::size_t count, std::uint32_t seed) {
  std::mt19937 engine(seed);
  wm::Bits bits(count);
  for (auto& bit : bits) bit = static_cast<std::uint8_t>(engine() & 1u);
  return bits;
}

// Rounds every sample to the nearest of the 256 levels, as storing the image as 8-bit PNG does.
ImageF round_to_8bit(const ImageF& image) {
  ImageF rounded = image;
  for (float& value : rounded.values()) value = std::round(std::clamp(value, 0.0f, 1.0f) * 255.0f) / 255.0f;
  return rounded;
}

std::unique_ptr<wm::WatermarkScheme> make(const std::string& name, bool compat) {
  wm::WatermarkOptions options;
  options.compat = compat;
  return wm::make_watermark_scheme(name, options);
}

const wm::WatermarkKey kKey = wm::parse_key("0123456789abcdef");

// A grey 8 x 8 image (one LL block) whose 2 x 2 cells have the 0..255 values `cells`
// (row-major 4 x 4), so that LL(r, c) = 2 cells[r][c].
ImageF grey_block_image(const double (&cells)[16]) {
  ImageF image(8, 8, 1);
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) image(i, j) = static_cast<float>(cells[(i / 2) * 4 + j / 2] / 255.0);
  }
  return image;
}

}  // namespace

TEST(DwtDctHaar, CellBandsMatchHandValues) {
  ImageD cell(2, 2);
  cell(0, 0) = 1;
  cell(0, 1) = 2;
  cell(1, 0) = 3;
  cell(1, 1) = 4;
  for (auto arithmetic : {detail::HaarArithmetic::exact, detail::HaarArithmetic::pywavelets}) {
    const detail::HaarBands bands = detail::haar_forward(cell.plane(), arithmetic);
    // ll = 10 / 2, horizontal = (1 + 2 - 3 - 4) / 2, vertical = (1 - 2 + 3 - 4) / 2,
    // diagonal = 0. The PyWavelets products with the rounded 1/sqrt(2) are off by a few ulps.
    EXPECT_NEAR(bands.ll(0, 0), 5.0, 1e-14);
    EXPECT_NEAR(bands.horizontal(0, 0), -2.0, 1e-14);
    EXPECT_NEAR(bands.vertical(0, 0), -1.0, 1e-14);
    EXPECT_NEAR(bands.diagonal(0, 0), 0.0, 1e-14);
  }
}

TEST(DwtDctHaar, ExactRoundTripIsBitExact) {
  std::mt19937 engine(7);
  std::uniform_int_distribution<int> level(0, 255);
  ImageD image(32, 48);
  for (double& value : image.values()) value = level(engine);
  const ImageD back = detail::haar_inverse(detail::haar_forward(image.plane(), detail::HaarArithmetic::exact),
                                           detail::HaarArithmetic::exact);
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) EXPECT_EQ(back(i, j), image(i, j)) << i << "," << j;
  }
  // PyWavelets' arithmetic multiplies by fl(1/sqrt 2) twice per axis; 4 roundings of 2^-53 on values
  // below 256 stay below 1e-12.
  const ImageD approx = detail::haar_inverse(
      detail::haar_forward(image.plane(), detail::HaarArithmetic::pywavelets), detail::HaarArithmetic::pywavelets);
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) EXPECT_NEAR(approx(i, j), image(i, j), 1e-12);
  }
}

TEST(DwtDctHaar, SwappedDetailBandsTransposeEachCell) {
  ImageD cell(2, 2);
  cell(0, 0) = 10;
  cell(0, 1) = 20;
  cell(1, 0) = 30;
  cell(1, 1) = 40;
  detail::HaarBands bands = detail::haar_forward(cell.plane(), detail::HaarArithmetic::exact);
  std::swap(bands.horizontal, bands.vertical);
  const ImageD swapped = detail::haar_inverse(bands, detail::HaarArithmetic::exact);
  EXPECT_EQ(swapped(0, 0), 10.0);
  EXPECT_EQ(swapped(0, 1), 30.0);
  EXPECT_EQ(swapped(1, 0), 20.0);
  EXPECT_EQ(swapped(1, 1), 40.0);
}

TEST(DwtDctHaar, RejectsOddSides) {
  const ImageD odd(3, 4);
  EXPECT_THROW(detail::haar_forward(odd.plane(), detail::HaarArithmetic::exact), erlangen::InvalidArgument);
}

TEST(DwtDctRule, QuantisationMatchesHandValues) {
  // floor(100 / 36) = 2: bit 0 goes to 2.25 * 36 = 81, bit 1 to 2.75 * 36 = 99; the sign is kept.
  EXPECT_DOUBLE_EQ(detail::quantise(100.0, 36.0, 0), 81.0);
  EXPECT_DOUBLE_EQ(detail::quantise(100.0, 36.0, 1), 99.0);
  EXPECT_DOUBLE_EQ(detail::quantise(-100.0, 36.0, 1), -99.0);
  EXPECT_DOUBLE_EQ(detail::quantise(0.0, 36.0, 1), 27.0);
  // 81 mod 36 = 9 <= 18 reads 0; 99 mod 36 = 27 > 18 reads 1; exactly half a step reads 0.
  EXPECT_EQ(detail::read_score(81.0, 36.0), 0);
  EXPECT_EQ(detail::read_score(99.0, 36.0), 1);
  EXPECT_EQ(detail::read_score(-99.0, 36.0), 1);
  EXPECT_EQ(detail::read_score(18.0, 36.0), 0);
}

TEST(DwtDctColour, Yuv8MatchesOpenCv) {
  // Values printed by OpenCV 4.6 cv2.cvtColor(COLOR_BGR2YUV / COLOR_YUV2BGR) on 8-bit pixels.
  struct Case {
    int r, g, b, y, u, v;
  };
  for (const Case& c : {Case{255, 0, 0, 76, 91, 255}, Case{0, 0, 255, 29, 239, 103}, Case{0, 255, 0, 150, 54, 0},
                        Case{90, 200, 37, 149, 73, 76}, Case{255, 255, 255, 255, 128, 128}}) {
    std::uint8_t y = 0, u = 0, v = 0;
    detail::rgb_to_yuv8(c.r, c.g, c.b, y, u, v);
    EXPECT_EQ(y, c.y) << c.r << "," << c.g << "," << c.b;
    EXPECT_EQ(u, c.u) << c.r << "," << c.g << "," << c.b;
    EXPECT_EQ(v, c.v) << c.r << "," << c.g << "," << c.b;
  }
  for (const Case& c : {Case{128, 128, 128, 128, 128, 128}, Case{221, 20, 0, 76, 84, 255},
                        Case{0, 0, 255, 29, 239, 102}, Case{232, 147, 0, 150, 30, 200}, Case{0, 30, 255, 10, 250, 10}}) {
    std::uint8_t r = 0, g = 0, b = 0;
    detail::yuv_to_rgb8(c.y, c.u, c.v, r, g, b);
    EXPECT_EQ(r, c.r) << c.y << "," << c.u << "," << c.v;
    EXPECT_EQ(g, c.g) << c.y << "," << c.u << "," << c.v;
    EXPECT_EQ(b, c.b) << c.y << "," << c.u << "," << c.v;
  }
}

TEST(DwtDctColour, TruncationWrapsLikeNumpy) {
  // numpy 1.24 on x86-64 stores these floats into a uint8 array as 255, 0, 0, 255, 44, 127.
  EXPECT_EQ(detail::truncate_to_uint8(255.7), 255);
  EXPECT_EQ(detail::truncate_to_uint8(256.5), 0);
  EXPECT_EQ(detail::truncate_to_uint8(-0.3), 0);
  EXPECT_EQ(detail::truncate_to_uint8(-1.5), 255);
  EXPECT_EQ(detail::truncate_to_uint8(300.2), 44);
  EXPECT_EQ(detail::truncate_to_uint8(127.9999999), 127);
}

TEST(DwtDctBlock, MaxCoefficientSkipsTheFirstPosition) {
  // LL = 2 * cell value: position 0 is 400 (largest, but excluded), position 6 is 100, the rest 20.
  double cells[16];
  for (double& value : cells) value = 10.0;
  cells[0] = 200.0;
  cells[6] = 50.0;
  const auto scheme = make("dwtdct", false);
  for (int bit : {0, 1}) {
    const ImageF marked = scheme->embed(grey_block_image(cells), kKey, wm::Bits{static_cast<std::uint8_t>(bit)});
    // LL(1, 2) = 100 becomes 81 (bit 0) or 99 (bit 1), so each pixel of cell (1, 2) becomes half of it.
    // Tolerance: float32 storage of values near 50 / 255.
    const double expected = (bit == 0 ? 81.0 : 99.0) / 2.0;
    for (int i = 2; i < 4; ++i) {
      for (int j = 4; j < 6; ++j) EXPECT_NEAR(255.0 * marked(i, j), expected, 1e-4) << i << "," << j;
    }
    // Every other cell is unchanged.
    EXPECT_NEAR(255.0 * marked(0, 0), 200.0, 1e-4);
    EXPECT_NEAR(255.0 * marked(7, 7), 10.0, 1e-4);
    EXPECT_EQ(scheme->detect(marked, kKey, 1).bits[0], bit);
  }
}

TEST(DwtDctBlock, SingularValueScalesARankOneBlock) {
  // A constant LL block of 40 (cells of 20) has the single singular value 4 * 40 = 160.
  // floor(160 / 36) = 4, so bit 0 gives 4.25 * 36 = 153 and bit 1 gives 4.75 * 36 = 171; the
  // block scales by 153 / 160 or 171 / 160, so every pixel becomes 19.125 or 21.375.
  double cells[16];
  for (double& value : cells) value = 20.0;
  const auto scheme = make("dwtdctsvd", false);
  for (int bit : {0, 1}) {
    const ImageF marked = scheme->embed(grey_block_image(cells), kKey, wm::Bits{static_cast<std::uint8_t>(bit)});
    const double expected = bit == 0 ? 19.125 : 21.375;
    // Tolerance: the Jacobi SVD residual (1e-12) plus float32 storage of values near 20 / 255.
    for (int i = 0; i < 8; ++i) {
      for (int j = 0; j < 8; ++j) EXPECT_NEAR(255.0 * marked(i, j), expected, 1e-4) << i << "," << j;
    }
    EXPECT_EQ(scheme->detect(marked, kKey, 1).bits[0], bit);
  }
}

TEST(DwtDctScheme, SvdRoundTripRecoversEveryBit) {
  const ImageF colour = erlangen::io::read_image(erlangen::testing::example_path("astronaut.png")).image;
  const ImageF grey = erlangen::io::read_image(erlangen::testing::example_path("camera.png")).image;
  ASSERT_EQ(colour.channels(), 3);
  ASSERT_EQ(grey.channels(), 1);
  const wm::Bits payload = random_bits(64, 11);
  for (bool compat : {true, false}) {
    const auto scheme = make("dwtdctsvd", compat);
    for (const ImageF* image : {&colour, &grey}) {
      const ImageF marked = round_to_8bit(scheme->embed(*image, kKey, payload));
      ASSERT_EQ(marked.channels(), image->channels());
      const wm::WatermarkDetection detection = scheme->detect(marked, kKey, payload.size());
      EXPECT_EQ(detection.bits, payload) << "compat " << compat << " planes " << image->channels();
      // No blind test: the scheme never declares a mark.
      EXPECT_FALSE(detection.detected);
      EXPECT_EQ(detection.p_value, 1.0);
      // Rounding to 8 bits moves a singular value by about 1 (0..255 scale), far less than the
      // margin of 9 around each reconstruction point, so nearly every block keeps its score.
      EXPECT_GT(detection.score, 0.95);
    }
  }
}

TEST(DwtDctScheme, MaxCoefficientRoundTrip) {
  // dwtdct loses a block whenever the quantised coefficient stops being the largest of its block
  // (bit 0 moves it down by up to 3/4 of a step), so bits can flip without any attack. The package
  // itself decodes 61 to 63 of 64 bits of astronaut.png. Measured here with this payload:
  // astronaut 63 (compat) and 63 (fixed), rocket 64 and 48, grey camera 57 (both modes take the
  // same path for grey). The test requires the known-payload detection threshold, 51 of 64 bits at
  // FPR 1e-6.
  // NOTE: the fixed variant decodes only 48 of 64 bits of rocket.jpg. A numpy re-implementation of
  // the fixed variant decodes 44 of 64 for another payload, so this is the method, not the port:
  // in its smooth sky the quantised coefficient often loses the maximum.
  const wm::Bits payload = random_bits(64, 11);
  struct Case {
    const char* image;
    bool compat;
  };
  for (const Case& c : {Case{"astronaut.png", true}, Case{"astronaut.png", false}, Case{"rocket.jpg", true},
                        Case{"camera.png", true}}) {
    const ImageF image = erlangen::io::read_image(erlangen::testing::example_path(c.image)).image;
    const auto scheme = make("dwtdct", c.compat);
    const wm::WatermarkDetection detection =
        scheme->detect(round_to_8bit(scheme->embed(image, kKey, payload)), kKey, payload.size());
    std::size_t matches = 0;
    for (std::size_t k = 0; k < payload.size(); ++k) matches += detection.bits[k] == payload[k] ? 1 : 0;
    EXPECT_GE(matches, wm::binomial_threshold(64, 1e-6)) << c.image << " compat " << c.compat;
    // More than three quarters of the blocks agree with their decoded bit (measured 0.83 to 0.87).
    EXPECT_GT(detection.score, 0.75) << c.image << " compat " << c.compat;
  }
}

TEST(DwtDctScheme, UnmarkedImageDecodesNearChance) {
  const ImageF colour = erlangen::io::read_image(erlangen::testing::example_path("astronaut.png")).image;
  const wm::Bits payload = random_bits(64, 12);
  const auto scheme = make("dwtdct", true);
  const wm::WatermarkDetection detection = scheme->detect(colour, kKey, payload.size());
  std::size_t matches = 0;
  for (std::size_t k = 0; k < payload.size(); ++k) matches += detection.bits[k] == payload[k] ? 1 : 0;
  // An unmarked image agrees with a random payload by chance only: far below the 51 of 64 that
  // the binomial test at FPR 1e-6 needs.
  EXPECT_LT(matches, wm::binomial_threshold(64, 1e-6));
  EXPECT_FALSE(detection.detected);
}

TEST(DwtDctScheme, FixedVariantChangesOnlyBlueGreen) {
  const ImageF colour = erlangen::io::read_image(erlangen::testing::example_path("astronaut.png")).image;
  // 509 x 509: the marked area is the top-left 504 x 504 pixels.
  const ImageF cropped = [&] {
    ImageF out(509, 509, 3);
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < 509; ++i) {
        for (int j = 0; j < 509; ++j) out(i, j, c) = colour(i, j, c);
      }
    }
    return out;
  }();
  const auto scheme = make("dwtdct", false);
  const ImageF marked = scheme->embed(cropped, kKey, random_bits(32, 3));
  for (int i = 0; i < 509; ++i) {
    for (int j = 0; j < 509; ++j) {
      EXPECT_EQ(marked(i, j, 0), cropped(i, j, 0));
      if (i >= 504 || j >= 504) {
        EXPECT_EQ(marked(i, j, 1), cropped(i, j, 1));
        EXPECT_EQ(marked(i, j, 2), cropped(i, j, 2));
      }
    }
  }
}

TEST(DwtDctScheme, KeyDoesNotMatter) {
  const ImageF grey = erlangen::io::read_image(erlangen::testing::example_path("camera.png")).image;
  const wm::Bits payload = random_bits(48, 5);
  const auto scheme = make("dwtdctsvd", true);
  const ImageF a = scheme->embed(grey, kKey, payload);
  const ImageF b = scheme->embed(grey, wm::parse_key("fedcba9876543210"), payload);
  EXPECT_EQ(a.values().size(), b.values().size());
  EXPECT_TRUE(std::equal(a.values().begin(), a.values().end(), b.values().begin()));
}

TEST(DwtDctScheme, CompatRejectsImagesBelow256Squared) {
  const ImageF small(255, 256, 3, 0.5f);
  const auto compat = make("dwtdct", true);
  EXPECT_EQ(compat->capacity(255, 256), 0u);
  try {
    compat->embed(small, kKey, wm::Bits{1, 0, 1});
    FAIL() << "expected InvalidArgument";
  } catch (const erlangen::InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("image too small, should be larger than 256x256"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(compat->detect(small, kKey, 3), erlangen::InvalidArgument);
  // The fixed variant accepts any image with enough 8 x 8 blocks: 255 x 256 has 31 x 32.
  const auto fixed = make("dwtdct", false);
  EXPECT_EQ(fixed->capacity(255, 256), 31u * 32u);
  const wm::Bits payload{1, 0, 1};
  EXPECT_EQ(fixed->detect(round_to_8bit(fixed->embed(small, kKey, payload)), kKey, 3).bits, payload);
}

TEST(DwtDctScheme, RejectsInvalidArguments) {
  const auto scheme = make("dwtdct", false);
  const ImageF image(64, 64, 3, 0.5f);
  EXPECT_THROW(scheme->embed(image, kKey, wm::Bits{}), erlangen::InvalidArgument);
  EXPECT_THROW(scheme->embed(image, kKey, wm::Bits{0, 2}), erlangen::InvalidArgument);
  EXPECT_THROW(scheme->embed(image, kKey, wm::Bits(65, 1)), erlangen::InvalidArgument);  // 64 blocks
  EXPECT_THROW(scheme->embed(ImageF(64, 64, 2, 0.5f), kKey, wm::Bits{1}), erlangen::InvalidArgument);
  EXPECT_THROW(scheme->detect(image, kKey, 0), erlangen::InvalidArgument);
  EXPECT_THROW(scheme->detect(image, kKey, 65), erlangen::InvalidArgument);
  EXPECT_EQ(scheme->name(), "dwtdct");
  EXPECT_EQ(make("dwtdctsvd", true)->name(), "dwtdctsvd");
}

TEST(DwtDctScheme, GreyIgnoresTheColourQuirks) {
  // The swap, truncation and 8-bit YUV belong to the package's colour path; a grey image is marked
  // the same way in both modes.
  const ImageF grey = erlangen::io::read_image(erlangen::testing::example_path("camera.png")).image;
  const wm::Bits payload = random_bits(64, 21);
  const ImageF compat = make("dwtdct", true)->embed(grey, kKey, payload);
  const ImageF fixed = make("dwtdct", false)->embed(grey, kKey, payload);
  ASSERT_EQ(compat.values().size(), fixed.values().size());
  EXPECT_TRUE(std::equal(compat.values().begin(), compat.values().end(), fixed.values().begin()));
}

TEST(WatermarkEvalSuite, ListsTheRequestedAttacks) {
  const std::vector<erlangen::forensics::SuiteEntry> suite = erlangen::forensics::distortion_suite("watermark-eval");
  // 10 JPEG, 5 resize, 4 rotations, 4 dihedral, 3 crops, 2 blur, 2 noise, 2 brightness,
  // 2 contrast, 2 median and 3 chains.
  EXPECT_EQ(suite.size(), 39u);
  EXPECT_EQ(suite.front().spec, "jpeg:90");
  EXPECT_EQ(suite[5].spec, "jpeg444:90");
  EXPECT_EQ(suite.back().spec, "rotate:30,jpeg:75");
  EXPECT_EQ(suite.back().group, "combined");
}
