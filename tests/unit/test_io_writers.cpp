// Writers: PNG, PGM, NPY, text and JSON round trips, strict NPY validation and
// atomicity (no file left behind on failure).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <limits>

#include "erlangen/io/io.hpp"
#include "support/fixtures.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

class IoWriters : public ::testing::Test {
 protected:
  std::filesystem::path folder_ = testing::fresh_temp_dir("io-writers");

  // Names of the files in the test folder, to check that no temporary is left.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

ImageF smooth_image(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t channels) {
  ImageF image(rows, cols, channels);
  for (std::ptrdiff_t c = 0; c < channels; ++c) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        image(i, j, c) = static_cast<float>(0.5 + 0.5 * std::sin(0.37 * i + 0.23 * j + c));
      }
    }
  }
  return image;
}

TEST_F(IoWriters, PngRoundTripEightAndSixteenBits) {
  for (const int channels : {1, 3}) {
    for (const int depth : {8, 16}) {
      SCOPED_TRACE(::testing::Message() << channels << " planes, " << depth << " bits");
      const ImageF image = smooth_image(17, 23, channels);
      const auto path = folder_ / "round.png";
      write_png(path, image, depth);
      const DecodedImage decoded = read_image(path);
      EXPECT_EQ(decoded.bit_depth, depth);
      ASSERT_EQ(decoded.image.channels(), channels);
      ASSERT_EQ(decoded.image.height(), 17);
      ASSERT_EQ(decoded.image.width(), 23);
      // Rounding to the nearest code value loses at most half a step.
      const double step = depth == 8 ? 1.0 / 255 : 1.0 / 65535;
      for (std::size_t k = 0; k < image.values().size(); ++k) {
        ASSERT_LE(std::abs(decoded.image.values()[k] - image.values()[k]), 0.5 * step + 1e-7)
            << k;
      }
    }
  }
}

TEST_F(IoWriters, PngAlphaPlanesAndClamping) {
  ImageF image(1, 3, 4);
  image(0, 0, 0) = -0.5f;  // clamped to 0
  image(0, 1, 0) = 7.f;    // clamped to 1
  image(0, 2, 0) = 0.5f;
  for (int j = 0; j < 3; ++j) image(0, j, 3) = 1.f;
  image(0, 2, 3) = 0.f;  // transparent: composites to the white background
  const auto path = folder_ / "rgba.png";
  write_png(path, image);
  const DecodedImage decoded = read_image(path);
  EXPECT_EQ(decoded.colour_model, "rgba");
  EXPECT_EQ(decoded.image(0, 0, 0), 0.f);
  EXPECT_EQ(decoded.image(0, 1, 0), 1.f);
  EXPECT_EQ(decoded.image(0, 2, 0), 1.f);
}

TEST_F(IoWriters, PngRejectsBadArguments) {
  const auto path = folder_ / "bad.png";
  EXPECT_THROW(write_png(path, ImageF(2, 2, 1), 12), InvalidArgument);
  EXPECT_THROW(write_png(path, ImageF(2, 2, 5), 8), InvalidArgument);
  EXPECT_THROW(write_png(path, ImageF(0, 2, 1), 8), InvalidArgument);
  ImageF with_nan(2, 2, 1);
  with_nan(1, 0) = std::numeric_limits<float>::quiet_NaN();
  try {
    write_png(path, with_nan);
    FAIL() << "NaN was written";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("row 1, column 0"), std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(listing().empty());
}

TEST_F(IoWriters, PngRgb8) {
  const std::vector<std::uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30,
                                         1,   2, 3, 4, 5,   6};
  const auto path = folder_ / "plot.png";
  write_png_rgb8(path, rgb, 2, 3);
  const DecodedImage decoded = read_image(path);
  ASSERT_EQ(decoded.image.height(), 2);
  ASSERT_EQ(decoded.image.width(), 3);
  EXPECT_EQ(decoded.image(0, 1, 1), 1.f);
  EXPECT_NEAR(decoded.image(1, 0, 2), 30 / 255.0, 1e-7);  // one float rounding
  EXPECT_NEAR(decoded.image(1, 2, 0), 4 / 255.0, 1e-7);
  EXPECT_THROW(write_png_rgb8(path, rgb, 3, 3), InvalidArgument);
}

TEST_F(IoWriters, PgmEightAndSixteenBits) {
  const ImageF image = smooth_image(9, 14, 1);
  for (const int depth : {8, 16}) {
    const auto path = folder_ / "round.pgm";
    write_pgm(path, image, depth);
    const auto bytes = testing::read_bytes(path);
    const std::string expected_header = depth == 8 ? "P5\n14 9\n255\n" : "P5\n14 9\n65535\n";
    ASSERT_EQ(std::string(bytes.begin(), bytes.begin() + expected_header.size()), expected_header);
    EXPECT_EQ(bytes.size(), expected_header.size() + 9 * 14 * (depth / 8));
    const DecodedImage decoded = read_image(path);
    const double step = depth == 8 ? 1.0 / 255 : 1.0 / 65535;
    for (std::size_t k = 0; k < image.values().size(); ++k) {
      ASSERT_LE(std::abs(decoded.image.values()[k] - image.values()[k]), 0.5 * step + 1e-7);
    }
  }
  EXPECT_THROW(write_pgm(folder_ / "x.pgm", ImageF(2, 2, 3)), InvalidArgument);
}

TEST_F(IoWriters, MissingDirectoryThrowsAndLeavesNothing) {
  const auto path = folder_ / "no" / "such" / "dir" / "out.png";
  try {
    write_png(path, smooth_image(4, 4, 1));
    FAIL() << "wrote into a missing directory";
  } catch (const IoError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_THROW(write_text(path, "x"), IoError);
  EXPECT_THROW(write_json(path, nlohmann::json{{"a", 1}}), IoError);
  const std::size_t shape[] = {1};
  const float value = 1.f;
  EXPECT_THROW(write_npy(path, &value, NpyType::float32, shape), IoError);
  EXPECT_TRUE(listing().empty());
}

TEST_F(IoWriters, FailedRenameRemovesTemporary) {
  // The target is an existing non-empty directory, so rename fails after the
  // data was written to the temporary file.
  const auto target = folder_ / "occupied";
  std::filesystem::create_directories(target / "inside");
  EXPECT_THROW(write_text(target, "hello"), IoError);
  EXPECT_EQ(listing(), std::vector<std::string>{"occupied"});
}

TEST_F(IoWriters, UncommittedAtomicFileLeavesNothing) {
  {
    AtomicFile file(folder_ / "draft.txt");
    file.write(std::string_view("partial"));
    EXPECT_TRUE(std::filesystem::exists(file.temporary_path()));
    EXPECT_EQ(file.temporary_path().parent_path(), folder_);
  }
  EXPECT_TRUE(listing().empty());
}

TEST_F(IoWriters, WriterReplacesExistingFile) {
  const auto path = folder_ / "note.txt";
  write_text(path, "first version, longer");
  write_text(path, "second");
  const auto bytes = testing::read_bytes(path);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "second");
  EXPECT_EQ(listing(), std::vector<std::string>{"note.txt"});
}

TEST_F(IoWriters, JsonPrettyWithNewline) {
  const auto path = folder_ / "out.json";
  write_json(path, nlohmann::json{{"name", "camera"}, {"size", {512, 512}}});
  const auto bytes = testing::read_bytes(path);
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\n  \"name\": \"camera\""), std::string::npos) << text;
  EXPECT_EQ(nlohmann::json::parse(text)["size"][1], 512);
  EXPECT_THROW(write_json(path, nlohmann::json("\xff\xfe")), InvalidArgument);
}

template <typename T>
void expect_npy_round_trip(const std::filesystem::path& path, NpyType type,
                           const std::vector<T>& values, std::vector<std::size_t> shape) {
  write_npy(path, values.data(), type, shape);
  const NpyArray array = read_npy(path);
  EXPECT_EQ(array.type, type);
  EXPECT_EQ(array.shape, shape);
  ASSERT_EQ(array.bytes.size(), values.size() * sizeof(T));
  if (!values.empty()) {
    EXPECT_EQ(std::memcmp(array.bytes.data(), values.data(), array.bytes.size()), 0);
  }
}

TEST_F(IoWriters, NpyRoundTripEveryType) {
  const auto path = folder_ / "a.npy";
  std::vector<float> f32(2 * 3 * 4);
  for (std::size_t k = 0; k < f32.size(); ++k) f32[k] = 0.25f * k - 1.f;
  expect_npy_round_trip(path, NpyType::float32, f32, {2, 3, 4});
  std::vector<double> f64 = {1e-300, -2.5, 3.14159265358979};
  expect_npy_round_trip(path, NpyType::float64, f64, {3});
  std::vector<std::complex<float>> c64 = {{1.f, -2.f}, {0.5f, 0.25f}};
  expect_npy_round_trip(path, NpyType::complex64, c64, {1, 2});
  std::vector<std::complex<double>> c128 = {{1.0, 2.0}};
  expect_npy_round_trip(path, NpyType::complex128, c128, {});
  std::vector<float> empty;
  expect_npy_round_trip(path, NpyType::float32, empty, {0, 5});
}

TEST_F(IoWriters, NpyHeaderLayout) {
  const auto path = folder_ / "h.npy";
  const std::vector<float> values(6, 1.f);
  const std::size_t shape[] = {2, 3};
  write_npy(path, values.data(), NpyType::float32, shape);
  const auto bytes = testing::read_bytes(path);
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header_size = bytes[8] | std::size_t{bytes[9]} << 8;
  // Data starts at a multiple of 64 bytes, after a header ending in '\n'.
  EXPECT_EQ((10 + header_size) % 64, 0u);
  EXPECT_EQ(bytes[10 + header_size - 1], '\n');
  const std::string header(bytes.begin() + 10, bytes.begin() + 10 + header_size);
  EXPECT_EQ(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 0), 0u)
      << header;
  EXPECT_EQ(bytes.size(), 10 + header_size + 6 * 4);

  const std::size_t vector_shape[] = {6};
  write_npy(path, values.data(), NpyType::float32, vector_shape);
  const auto vector_bytes = testing::read_bytes(path);
  const std::string vector_header(vector_bytes.begin() + 10, vector_bytes.begin() + 74);
  EXPECT_NE(vector_header.find("'shape': (6,)"), std::string::npos) << vector_header;
}

// Writes an NPY file from a header dict and a data section, padding like NumPy.
void write_raw_npy(const std::filesystem::path& path, std::string header, std::size_t data_bytes,
                   std::string version = std::string("\x01\x00", 2)) {
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::string file = "\x93NUMPY" + version;
  file.push_back(static_cast<char>(header.size() & 0xff));
  file.push_back(static_cast<char>(header.size() >> 8));
  file += header;
  file.append(data_bytes, '\0');
  testing::write_bytes(path, std::vector<std::uint8_t>(file.begin(), file.end()));
}

TEST_F(IoWriters, NpyReaderIsStrict) {
  const auto path = folder_ / "strict.npy";
  struct Case {
    std::string header;
    std::size_t data_bytes;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 8, "unsupported dtype '<i4'"},
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16, "Fortran order"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 12, "data section has 12"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 20, "data section has 20"},
      {"{'descr': '<f4', 'shape': (2,), }", 8, "are all required"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8, "unexpected"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8,
       "repeated key"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", 8, "trailing comma"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8, "non-negative integer"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk", 8, "after the dict"},
      {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", 8, "True or False"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.header);
    write_raw_npy(path, test.header, test.data_bytes);
    try {
      read_npy(path);
      ADD_FAILURE() << "accepted";
    } catch (const IoError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(path.string()), std::string::npos) << message;
      EXPECT_NE(message.find(test.fragment), std::string::npos) << message;
    }
  }
  // A valid file in the same layout is accepted, also with double quotes.
  write_raw_npy(path, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}", 24);
  EXPECT_EQ(read_npy(path).shape, std::vector<std::size_t>{3});

  write_raw_npy(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4,
                std::string("\x04\x00", 2));
  EXPECT_THROW(read_npy(path), IoError);
  testing::write_bytes(path, std::vector<std::uint8_t>{'N', 'U', 'M', 'P', 'Y'});
  EXPECT_THROW(read_npy(path), IoError);
  EXPECT_THROW(read_npy(folder_ / "absent.npy"), IoError);
  EXPECT_THROW(read_npy(folder_), IoError);
}

TEST_F(IoWriters, NpyBigEndianIsSwapped) {
  const auto path = folder_ / "be.npy";
  write_raw_npy(path, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 0);
  // Append the big-endian bytes of 1.0f: 3f 80 00 00.
  std::ofstream(path, std::ios::binary | std::ios::app).write("\x3f\x80\x00\x00", 4);
  const NpyArray array = read_npy(path);
  float value = 0;
  ASSERT_EQ(array.bytes.size(), 4u);
  std::memcpy(&value, array.bytes.data(), 4);
  EXPECT_EQ(value, 1.f);
}

TEST_F(IoWriters, NpyLimitAndBadArguments) {
  const auto path = folder_ / "limit.npy";
  const std::vector<double> values(100, 2.0);
  const std::size_t shape[] = {100};
  write_npy(path, values.data(), NpyType::float64, shape);
  EXPECT_THROW(read_npy(path, 100), LimitExceeded);
  EXPECT_NO_THROW(read_npy(path, 1000));
  EXPECT_THROW(write_npy(path, nullptr, NpyType::float64, shape), InvalidArgument);
  const std::vector<std::size_t> huge = {std::size_t{1} << 40, std::size_t{1} << 40};
  EXPECT_THROW(write_npy(path, values.data(), NpyType::float64, huge), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::io
