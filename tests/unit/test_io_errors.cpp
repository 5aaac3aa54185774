// Bad paths and bad options: each gets the right exception type and a message
// that names the file and the reason.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "erlangen/io/image_io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

template <typename Exception, typename Call>
std::string message_of(Call&& call) {
  try {
    call();
  } catch (const Exception& error) {
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "wrong exception type: " << error.what();
    return {};
  }
  ADD_FAILURE() << "no exception";
  return {};
}

bool contains(const std::string& text, std::string_view fragment) {
  return text.find(fragment) != std::string::npos;
}

class IoErrors : public ::testing::Test {
 protected:
  std::filesystem::path folder_ = testing::fresh_temp_dir("io-errors");
};

TEST_F(IoErrors, MissingFile) {
  const auto path = folder_ / "absent.png";
  const auto message = message_of<IoError>([&] { read_image(path); });
  EXPECT_TRUE(contains(message, path.string())) << message;
  EXPECT_TRUE(contains(message, "file not found")) << message;
}

TEST_F(IoErrors, Directory) {
  const auto message = message_of<IoError>([&] { read_image(folder_); });
  EXPECT_TRUE(contains(message, folder_.string())) << message;
  EXPECT_TRUE(contains(message, "is a directory")) << message;
}

TEST_F(IoErrors, EmptyFile) {
  const auto path = folder_ / "empty.png";
  testing::write_bytes(path, {});
  const auto message = message_of<IoError>([&] { read_image(path); });
  EXPECT_TRUE(contains(message, "empty.png: file is empty")) << message;
}

TEST_F(IoErrors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files without read permission";
  const auto path = folder_ / "locked.png";
  testing::write_bytes(path, std::vector<std::uint8_t>(16, 1));
  ::chmod(path.c_str(), 0);
  const auto message = message_of<IoError>([&] { read_image(path); });
  EXPECT_TRUE(contains(message, "locked.png: cannot open the file")) << message;
}

TEST_F(IoErrors, UnknownFormatNamedFromBytes) {
  struct Case {
    std::string bytes;
    const char* description;
  };
  const std::vector<Case> cases = {
      {"GIF89a......", "a GIF image"},
      {"BM..........", "a BMP image"},
      {"RIFF....WEBPVP8 ", "a WebP image"},
      {"P7\nWIDTH 1\n", "a PAM (P7) image"},
      {"hello world", "data starting with bytes 68 65 6c 6c 6f 20 77 6f"},
  };
  for (const Case& test : cases) {
    // A .png name must not matter: detection looks at the bytes only.
    const auto path = folder_ / "image.png";
    testing::write_bytes(path, std::vector<std::uint8_t>(test.bytes.begin(), test.bytes.end()));
    const auto message = message_of<IoError>([&] { read_image(path); });
    EXPECT_TRUE(contains(message, path.string())) << message;
    EXPECT_TRUE(contains(message, "unknown image format")) << message;
    EXPECT_TRUE(contains(message, test.description)) << message;
  }
}

TEST_F(IoErrors, FormatDetectedFromBytesNotName) {
  testing::PngFixture fixture{.width = 2, .height = 2};
  fixture.samples = {0, 85, 170, 255};
  const auto path = folder_ / "really-a-png.jpg";
  testing::write_bytes(path, testing::encode_png_fixture(fixture));
  const DecodedImage decoded = read_image(path);
  EXPECT_EQ(decoded.format, ImageFormat::png);
  EXPECT_NEAR(decoded.image(1, 0), 170 / 255.0, 1e-7);  // one float rounding
}

TEST_F(IoErrors, DetectFormatMagicBytes) {
  auto detect = [](std::string_view text) {
    return detect_format(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  };
  EXPECT_EQ(detect("\x89PNG\r\n\x1a\n...."), ImageFormat::png);
  EXPECT_EQ(detect("\xff\xd8\xff\xe0"), ImageFormat::jpeg);
  EXPECT_EQ(detect(std::string_view("II*\0", 4)), ImageFormat::tiff);
  EXPECT_EQ(detect(std::string_view("MM\0*", 4)), ImageFormat::tiff);
  EXPECT_EQ(detect("P5\n"), ImageFormat::pnm);
  EXPECT_EQ(detect("P1 "), ImageFormat::pnm);
  EXPECT_THROW(detect("P9 "), IoError);
  EXPECT_THROW(detect("\x89PNG"), IoError);  // too short for the signature
  EXPECT_THROW(detect_format({}), IoError);
  EXPECT_EQ(to_string(ImageFormat::jpeg), "jpeg");
  EXPECT_EQ(to_string(ImageFormat::pnm), "pnm");
}

TEST_F(IoErrors, FileSizeLimit) {
  const auto path = folder_ / "big.pgm";
  testing::write_bytes(path, testing::encode_pnm_fixture('5', 10, 10, 255,
                                                         std::vector<unsigned>(100, 9)));
  ReadOptions options;
  options.max_file_bytes = 50;
  const auto message = message_of<LimitExceeded>([&] { read_image(path, options); });
  EXPECT_TRUE(contains(message, "big.pgm")) << message;
  EXPECT_TRUE(contains(message, "exceeds the limit of 50 bytes")) << message;
  options.max_file_bytes = 1000;
  EXPECT_NO_THROW(read_image(path, options));
}

TEST_F(IoErrors, NonRegularFileStreamedUpToLimit) {
  ReadOptions options;
  options.max_file_bytes = 4096;
  // /dev/zero never ends: the reader must stop at the limit instead of reading forever.
  if (!std::filesystem::exists("/dev/zero")) GTEST_SKIP() << "no /dev/zero";
  const auto message = message_of<LimitExceeded>([&] { read_image("/dev/zero", options); });
  EXPECT_TRUE(contains(message, "/dev/zero")) << message;
}

TEST_F(IoErrors, InvalidOptions) {
  const std::vector<std::uint8_t> bytes = {'P', '2', ' ', '1', ' ', '1', ' ', '9', ' ', '1'};
  ReadOptions options;
  options.background = {0.f, 1.5f, 0.f};
  auto message = message_of<InvalidArgument>([&] { decode_image(bytes, options); });
  EXPECT_TRUE(contains(message, "ReadOptions::background[1] is 1.5")) << message;
  options = {};
  options.max_pixels = 0;
  message = message_of<InvalidArgument>([&] { decode_image(bytes, options); });
  EXPECT_TRUE(contains(message, "ReadOptions::max_pixels is 0")) << message;
}

TEST_F(IoErrors, LumaConversion) {
  ImageF rgb(1, 2, 3);
  rgb(0, 0, 0) = 1.f;                                     // pure red
  rgb(0, 1, 0) = rgb(0, 1, 1) = rgb(0, 1, 2) = 0.3f;      // grey stored as RGB
  const ImageF luma = to_luma(rgb);
  ASSERT_EQ(luma.channels(), 1);
  EXPECT_NEAR(luma(0, 0), 0.299, 1e-7);  // one float rounding
  EXPECT_EQ(luma(0, 1), 0.3f);           // exact: the weights sum to 1 in double
  ImageF grey(2, 2, 1, 0.25f);
  EXPECT_EQ(to_luma(grey).values()[3], 0.25f);
  EXPECT_THROW(to_luma(ImageF(2, 2, 2)), InvalidArgument);
}

TEST_F(IoErrors, ReadGreyConvertsColour) {
  testing::PngFixture fixture{.width = 1, .height = 1, .colour = testing::PngColour::rgb};
  fixture.samples = {255, 0, 255};
  const auto path = folder_ / "magenta.png";
  testing::write_bytes(path, testing::encode_png_fixture(fixture));
  const ImageF grey = read_grey(path);
  ASSERT_EQ(grey.channels(), 1);
  EXPECT_NEAR(grey(0, 0), 0.299 + 0.114, 1e-7);  // one float rounding
}

}  // namespace
}  // namespace erlangen::io
