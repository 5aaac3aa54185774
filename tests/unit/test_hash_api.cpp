// Unit tests of the hash dispatch API: registry, input normalisation, alpha policy, decoding paths,
// tiny and uniform images, hex forms and thresholds.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

const char* const kAlgorithms[] = {"ahash", "dhash", "phash", "pdq"};

// A smooth colour pattern with structure at every scale the hashes look at; values in [0, 1].
ImageF colour_pattern(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  ImageF image(rows, cols, 3);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      const double y = static_cast<double>(i) / static_cast<double>(rows);
      const double x = static_cast<double>(j) / static_cast<double>(cols);
      image(i, j, 0) = static_cast<float>(0.5 + 0.4 * std::sin(7.0 * x + 3.0 * y));
      image(i, j, 1) = static_cast<float>(0.5 + 0.4 * std::cos(5.0 * y - 2.0 * x * x));
      image(i, j, 2) = static_cast<float>(0.5 + 0.3 * std::sin(11.0 * x * y));
    }
  }
  return image;
}

// The pattern quantised to 8-bit code values that are multiples of 51, so that at most 6^3 = 216
// colours occur and the image also fits a palette PNG.
std::vector<std::uint16_t> pattern_codes(const ImageF& image) {
  std::vector<std::uint16_t> codes;
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      for (std::ptrdiff_t c = 0; c < 3; ++c) codes.push_back(static_cast<std::uint16_t>(51 * std::lround(image(i, j, c) * 5.0f)));
    }
  }
  return codes;
}

HashOptions options_for(const std::string& algorithm) {
  HashOptions options;
  options.algorithm = algorithm;
  return options;
}

TEST(HashApi, RegistryListsLibraryAlgorithms) {
  const std::vector<std::string> names = hash_algorithms();
  for (const char* name : kAlgorithms) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_THROW(find_hash_algorithm("md5"), InvalidArgument);
  EXPECT_THROW(compute_hash(colour_pattern(16, 16), options_for("md5")), InvalidArgument);
}

TEST(HashApi, LengthsAndThresholds) {
  EXPECT_EQ(hash_bits(options_for("ahash")), 64U);
  EXPECT_EQ(hash_bits(options_for("dhash")), 64U);
  EXPECT_EQ(hash_bits(options_for("phash")), 64U);
  EXPECT_EQ(hash_bits(options_for("pdq")), 256U);
  EXPECT_EQ(default_threshold("pdq"), 31U);
  EXPECT_EQ(default_threshold("ahash"), 10U);
  HashOptions large = options_for("ahash");
  large.hash_size = 16;
  EXPECT_EQ(hash_bits(large), 256U);
  EXPECT_EQ(default_threshold(large), 40U);  // 10 of 64 bits scaled to 256
}

TEST(HashApi, RejectsInvalidOptions) {
  HashOptions options = options_for("ahash");
  options.hash_size = 1;
  EXPECT_THROW(hash_bits(options), InvalidArgument);
  options.hash_size = 65;
  EXPECT_THROW(hash_bits(options), InvalidArgument);
  options = options_for("phash");
  options.phash_variant = "radial";
  EXPECT_THROW(hash_bits(options), InvalidArgument);
  options.phash_variant = "dea9ffc";
  options.hash_size = 16;
  EXPECT_THROW(hash_bits(options), InvalidArgument);
  EXPECT_THROW(parse_alpha_policy("grey"), InvalidArgument);
}

TEST(HashApi, RejectsInvalidImages) {
  EXPECT_THROW(compute_hash(ImageF(8, 8, 5), options_for("pdq")), InvalidArgument);
  EXPECT_THROW(compute_hash(ImageF(0, 8), options_for("ahash")), InvalidArgument);
  ImageF with_nan(8, 8, 1, 0.5f);
  with_nan(3, 3) = std::nanf("");
  EXPECT_THROW(compute_hash(with_nan, options_for("dhash")), InvalidArgument);
}

TEST(HashApi, TinyImagesKeepTheHashLength) {
  const std::ptrdiff_t sizes[][2] = {{1, 1}, {4, 4}, {4, 9}, {9, 4}, {300, 7}, {7, 300}};
  for (const char* name : kAlgorithms) {
    const HashOptions options = options_for(name);
    for (const auto& size : sizes) {
      const HashResult hash = compute_hash(colour_pattern(size[0], size[1]), options);
      EXPECT_EQ(hash.bits.size(), hash_bits(options)) << name << " " << size[0] << "x" << size[1];
      EXPECT_EQ(hash.algorithm, name);
    }
    // A single pixel has no structure at all.
    EXPECT_TRUE(compute_hash(ImageF(1, 1, 1, 0.3f), options).low_quality) << name;
  }
  // PDQ needs 5 pixels per side; smaller images get the all-zero hash with quality 0.
  const HashResult pdq = compute_hash(colour_pattern(4, 9), options_for("pdq"));
  EXPECT_EQ(pdq.quality, 0);
  EXPECT_EQ(to_hex(pdq), std::string(64, '0'));
}

TEST(HashApi, UniformAndNearUniformAreLowQuality) {
  ImageF near_uniform(128, 96);
  for (std::ptrdiff_t i = 0; i < 128; ++i) {
    for (std::ptrdiff_t j = 0; j < 96; ++j) near_uniform(i, j) = (128.0f + static_cast<float>((i * 7 + j * 3) % 3) - 1.0f) / 255.0f;
  }
  for (const char* name : kAlgorithms) {
    const HashResult uniform = compute_hash(ImageF(64, 64, 1, 0.5f), options_for(name));
    EXPECT_TRUE(uniform.low_quality) << name;
    EXPECT_EQ(uniform.quality, 0) << name;
    // Values within rounding of the threshold give bit 0. Only pHash's DC term lies above its
    // median, so it alone sets a bit (bit 0, the first hex digit's top bit).
    if (std::string(name) == "ahash" || std::string(name) == "dhash") {
      EXPECT_EQ(to_hex(uniform), std::string(16, '0')) << name;
    }
    if (std::string(name) == "phash") {
      EXPECT_EQ(to_hex(uniform), "8" + std::string(15, '0'));
    }
    EXPECT_TRUE(compute_hash(near_uniform, options_for(name)).low_quality) << name;
    const HashResult pattern = compute_hash(colour_pattern(128, 96), options_for(name));
    EXPECT_FALSE(pattern.low_quality) << name << " quality " << pattern.quality;
  }
}

TEST(HashApi, GreyEqualsRgbWithEqualPlanes) {
  const ImageF colour = colour_pattern(40, 56);
  ImageF grey(40, 56);
  ImageF rgb(40, 56, 3);
  for (std::ptrdiff_t i = 0; i < 40; ++i) {
    for (std::ptrdiff_t j = 0; j < 56; ++j) {
      grey(i, j) = colour(i, j, 0);
      for (std::ptrdiff_t c = 0; c < 3; ++c) rgb(i, j, c) = colour(i, j, 0);
    }
  }
  for (const char* name : kAlgorithms) {
    // 0.299 + 0.587 + 0.114 sums to 1 up to float rounding, which can move a value by an ulp; the
    // hashes compare values far apart, so they agree exactly here.
    EXPECT_EQ(compute_hash(grey, options_for(name)).bits, compute_hash(rgb, options_for(name)).bits) << name;
  }
}

TEST(HashApi, AlphaPolicies) {
  const ImageF colour = colour_pattern(48, 48);
  ImageF rgba(48, 48, 4);
  ImageF on_white(48, 48, 3);
  ImageF on_black(48, 48, 3);
  for (std::ptrdiff_t i = 0; i < 48; ++i) {
    for (std::ptrdiff_t j = 0; j < 48; ++j) {
      const float a = j < 24 ? 1.0f : 0.0f;  // right half transparent
      for (std::ptrdiff_t c = 0; c < 3; ++c) {
        rgba(i, j, c) = colour(i, j, c);
        on_white(i, j, c) = a * colour(i, j, c) + (1.0f - a);
        on_black(i, j, c) = a * colour(i, j, c);
      }
      rgba(i, j, 3) = a;
    }
  }
  for (const char* name : kAlgorithms) {
    HashOptions options = options_for(name);
    options.alpha = AlphaPolicy::white;
    EXPECT_EQ(compute_hash(rgba, options).bits, compute_hash(on_white, options).bits) << name;
    options.alpha = AlphaPolicy::black;
    EXPECT_EQ(compute_hash(rgba, options).bits, compute_hash(on_black, options).bits) << name;
    options.alpha = AlphaPolicy::ignore;
    EXPECT_EQ(compute_hash(rgba, options).bits, compute_hash(colour, options).bits) << name;
  }
}

TEST(HashApi, ReadHashInputAlphaPolicies) {
  const std::filesystem::path folder = testing::fresh_temp_dir("hash_alpha");
  testing::PngFixture fixture;
  fixture.width = 2;
  fixture.height = 1;
  fixture.colour = testing::PngColour::rgba;
  fixture.samples = {200, 100, 50, 255, 40, 80, 120, 51};  // second pixel at alpha 0.2
  testing::write_bytes(folder / "rgba.png", testing::encode_png_fixture(fixture));

  const double luma0 = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255.0;
  const double luma1 = (0.299 * 40 + 0.587 * 80 + 0.114 * 120) / 255.0;
  const double a = 51.0 / 255.0;
  const ImageF white = read_hash_input(folder / "rgba.png", AlphaPolicy::white);
  const ImageF black = read_hash_input(folder / "rgba.png", AlphaPolicy::black);
  const ImageF ignore = read_hash_input(folder / "rgba.png", AlphaPolicy::ignore);
  // Float compositing and luma weights: a few float ulps of [0, 1] values.
  constexpr double kTolerance = 1e-5;
  EXPECT_NEAR(white(0, 0), luma0, kTolerance);
  EXPECT_NEAR(white(0, 1), a * luma1 + (1.0 - a), kTolerance);
  EXPECT_NEAR(black(0, 1), a * luma1, kTolerance);
  // Recovering the colour divides by alpha = 0.2, which multiplies the float error by 5.
  EXPECT_NEAR(ignore(0, 1), luma1, 5 * kTolerance);
  EXPECT_NEAR(ignore(0, 0), luma0, kTolerance);
}

TEST(HashApi, DecodingPathsGiveTheSameHash) {
  const std::filesystem::path folder = testing::fresh_temp_dir("hash_decoding");
  const ImageF pattern = colour_pattern(48, 64);
  const std::vector<std::uint16_t> codes = pattern_codes(pattern);

  testing::PngFixture rgb8;
  rgb8.width = 64;
  rgb8.height = 48;
  rgb8.colour = testing::PngColour::rgb;
  rgb8.samples = codes;
  testing::write_bytes(folder / "rgb8.png", testing::encode_png_fixture(rgb8));

  testing::PngFixture rgb16 = rgb8;
  rgb16.bit_depth = 16;
  for (std::uint16_t& value : rgb16.samples) value = static_cast<std::uint16_t>(value * 257);  // k/255 == 257k/65535
  testing::write_bytes(folder / "rgb16.png", testing::encode_png_fixture(rgb16));

  // A palette with one entry per distinct colour of the pattern.
  testing::PngFixture palette = rgb8;
  palette.colour = testing::PngColour::palette;
  palette.samples.clear();
  std::vector<std::array<std::uint8_t, 3>> entries;
  for (std::size_t k = 0; k < codes.size(); k += 3) {
    const std::array<std::uint8_t, 3> entry = {static_cast<std::uint8_t>(codes[k]), static_cast<std::uint8_t>(codes[k + 1]),
                                               static_cast<std::uint8_t>(codes[k + 2])};
    auto found = std::find(entries.begin(), entries.end(), entry);
    if (found == entries.end()) {
      entries.push_back(entry);
      found = entries.end() - 1;
    }
    palette.samples.push_back(static_cast<std::uint16_t>(found - entries.begin()));
  }
  const bool palette_fits = entries.size() <= 256;
  palette.palette = entries;
  if (palette_fits) testing::write_bytes(folder / "palette.png", testing::encode_png_fixture(palette));

  // Adobe CMYK stores 255 - ink; with no black ink the stored C, M, Y equal R, G, B, and the plain
  // RGB JPEG codes the same three planes with the same quantisation, so both decode to the same RGB.
  testing::JpegFixture rgb_jpeg;
  rgb_jpeg.width = 64;
  rgb_jpeg.height = 48;
  rgb_jpeg.colour = testing::JpegColour::rgb;
  testing::JpegFixture cmyk_jpeg = rgb_jpeg;
  cmyk_jpeg.colour = testing::JpegColour::adobe_cmyk;
  for (std::size_t k = 0; k < codes.size(); k += 3) {
    for (std::size_t c = 0; c < 3; ++c) {
      rgb_jpeg.samples.push_back(static_cast<std::uint8_t>(codes[k + c]));
      cmyk_jpeg.samples.push_back(static_cast<std::uint8_t>(codes[k + c]));
    }
    cmyk_jpeg.samples.push_back(255);  // stored K = 255 - 0 ink
  }
  testing::write_bytes(folder / "rgb.jpg", testing::encode_jpeg_fixture(rgb_jpeg));
  testing::write_bytes(folder / "cmyk.jpg", testing::encode_jpeg_fixture(cmyk_jpeg));

  for (const char* name : kAlgorithms) {
    const HashOptions options = options_for(name);
    const HashResult reference = compute_hash(read_hash_input(folder / "rgb8.png", AlphaPolicy::white), options);
    EXPECT_EQ(compute_hash(read_hash_input(folder / "rgb16.png", AlphaPolicy::white), options).bits, reference.bits)
        << name << " 16-bit";
    if (palette_fits) {
      EXPECT_EQ(compute_hash(read_hash_input(folder / "palette.png", AlphaPolicy::white), options).bits,
                reference.bits)
          << name << " palette";
    }
    EXPECT_EQ(compute_hash(read_hash_input(folder / "cmyk.jpg", AlphaPolicy::white), options).bits,
              compute_hash(read_hash_input(folder / "rgb.jpg", AlphaPolicy::white), options).bits)
        << name << " CMYK";
  }
  EXPECT_TRUE(palette_fits) << entries.size() << " colours do not fit a palette";
}

TEST(HashApi, ExifOrientationIsApplied) {
  const std::filesystem::path folder = testing::fresh_temp_dir("hash_exif");
  const ImageF pattern = colour_pattern(40, 40);
  const std::vector<std::uint16_t> codes = pattern_codes(pattern);
  testing::PngFixture upright;
  upright.width = 40;
  upright.height = 40;
  upright.colour = testing::PngColour::rgb;
  upright.samples = codes;
  testing::write_bytes(folder / "upright.png", testing::encode_png_fixture(upright));
  // Stored mirrored left-right with orientation 2 (mirror on display): displays as the upright image.
  testing::PngFixture mirrored = upright;
  for (int i = 0; i < 40; ++i) {
    for (int j = 0; j < 40; ++j) {
      for (int c = 0; c < 3; ++c) mirrored.samples[(i * 40 + j) * 3 + c] = codes[(i * 40 + 39 - j) * 3 + c];
    }
  }
  mirrored.exif = testing::exif_orientation_block(2, false);
  testing::write_bytes(folder / "mirrored.png", testing::encode_png_fixture(mirrored));
  for (const char* name : kAlgorithms) {
    EXPECT_EQ(compute_hash(read_hash_input(folder / "mirrored.png", AlphaPolicy::white), options_for(name)).bits,
              compute_hash(read_hash_input(folder / "upright.png", AlphaPolicy::white), options_for(name)).bits)
        << name;
  }
}

TEST(HashApi, HexRoundTrip) {
  for (const char* name : kAlgorithms) {
    const HashResult hash = compute_hash(colour_pattern(64, 80), options_for(name));
    const std::string hex = to_hex(hash);
    EXPECT_EQ(hex.size(), hash.bits.size() / 4) << name;
    EXPECT_EQ(parse_hex(name, hex).bits, hash.bits) << name;
    std::string upper = hex;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(parse_hex(name, upper).bits, hash.bits) << name;
    EXPECT_THROW(parse_hex(name, hex + "0"), InvalidArgument) << name;
    EXPECT_THROW(parse_hex(name, "g" + hex.substr(1)), InvalidArgument) << name;
  }
}

TEST(HashApi, MsbFirstHexPadding) {
  // 25 bits (hash_size 5) take 7 digits with 3 leading padding bits.
  BitHash bits(25);
  bits.set(0, true);
  bits.set(24, true);
  EXPECT_EQ(bits_to_hex_msb_first(bits), "1000001");
  EXPECT_EQ(bits_from_hex_msb_first("1000001", 25, "ahash"), bits);
  EXPECT_THROW(bits_from_hex_msb_first("8000001", 25, "ahash"), InvalidArgument);  // padding bit set
  HashOptions options = options_for("ahash");
  options.hash_size = 5;
  const HashResult hash = compute_hash(colour_pattern(30, 30), options);
  EXPECT_EQ(parse_hex("ahash", to_hex(hash)).bits, hash.bits);
}

}  // namespace
}  // namespace erlangen::forensics

namespace erlangen::forensics {
namespace {

// Every bit's margin has the bit's sign, except within a small tolerance of the threshold, where
// the algorithms count a value as not above it. That tolerance is 1e-6 luma units, scaled by the
// DCT's gain for pHash, so 1e-3 covers every algorithm's scale here.
void expect_margins_match_bits(const HashResult& hash, const std::string& label) {
  ASSERT_EQ(hash.margins.size(), hash.bits.size()) << label;
  std::size_t finite = 0;
  for (std::size_t k = 0; k < hash.bits.size(); ++k) {
    const double m = hash.margins[k];
    if (!std::isfinite(m)) continue;
    ++finite;
    if (std::abs(m) < 1e-3) continue;
    EXPECT_EQ(m > 0.0, hash.bits.bit(k)) << label << " bit " << k << " margin " << m;
  }
  EXPECT_GE(finite, hash.bits.size() - 1) << label;  // the dea9ffc pHash has one bit no value sets
}

TEST(HashMargins, SignOfEachMarginIsItsBit) {
  const ImageF image = io::read_image(testing::example_path("camera.png")).image;
  for (const char* name : {"ahash", "dhash", "phash", "pdq", "moment", "moment-dihedral"}) {
    expect_margins_match_bits(compute_hash(image, options_for(name)), name);
  }
  for (const char* variant : {"lsb", "dea9ffc", "canonical"}) {
    HashOptions options = options_for("phash");
    options.phash_variant = variant;
    expect_margins_match_bits(compute_hash(image, options), std::string("phash ") + variant);
  }
}

}  // namespace
}  // namespace erlangen::forensics
