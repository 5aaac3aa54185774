// Batch feature extraction over a manifest of image files, split into shards.
//
// Shared by `erlangen batch` and the Python module (erlangen.run_shard, erlangen.batch_features), so
// that a shard written by either is the same file. It depends on the library only, not on CLI11.
//
// Sharding rule: the manifest lists one image path per line; blank lines and lines starting with '#'
// are skipped. Entry k (0-based, counting entries only) belongs to shard k mod N. Relative paths
// are resolved against the folder of the manifest.
//
// Files of shard i of N in the output folder, each written atomically (temporary file + rename):
//   shard-IIIII-of-NNNNN.npy    float64 array of (entries in the shard) x D, row r = r-th entry;
//                               rows of images that failed are NaN
//   shard-IIIII-of-NNNNN.jsonl  one JSON object per row: row, index (manifest entry k), path,
//                               status ("ok" or "error") and, for errors, error and error_type
//   shard-IIIII-of-NNNNN.json   written last: feature, options, labels (one per column), counts and
//                               a hash of the manifest. Its presence marks the shard as complete.
// A shard whose .json exists, names the same feature, options, shard count and manifest hash, and
// whose .npy and .jsonl exist, is skipped. Any other state (an interrupted run) is computed again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/preprocess.hpp"

namespace erlangen::batch {

// Feature names that make_extractor accepts, for messages and help text.
std::vector<std::string> feature_names();

// Options of the hir feature read from JSON (the names of `erlangen batch hir --help` with '-' as
// '_'), shared with the Python HirPlan. A preset fills in its preprocessing and extractor settings
// first, and options given explicitly override them. Throws InvalidArgument like make_extractor.
struct HirConfiguration {
  hierarchy::HirOptions options;
  hierarchy::PreprocessOptions preprocess;
  nlohmann::json resolved;  // every option read, with its value
};
HirConfiguration parse_hir_options(const nlohmann::json& options);

// One feature of the batch command: fixed options, a fixed list of labels, and compute() for one
// grey image. compute() is thread-safe; plans are built once per image size and cached.
class FeatureExtractor {
 public:
  virtual ~FeatureExtractor() = default;
  // "moments", "dense", "cmfd" or "hir".
  virtual std::string feature() const = 0;
  // Every option with its value, defaults filled in; recorded in the shard's .json.
  virtual nlohmann::json options() const = 0;
  // One label per column; the same for every image.
  virtual const std::vector<FeatureLabel>& labels() const = 0;
  // Features of one grey image with values in [0, 1] (BT.601 luma of the file), one per label.
  // Throws erlangen::Error subclasses for images that the feature cannot process.
  virtual std::vector<double> compute(const ImageF& grey) const = 0;
};

// Builds an extractor from options given as JSON: an object whose keys are the option names of
// `erlangen batch FEATURE --help` with '-' written as '_' (for example {"max_order": 12}). Unknown
// keys, values of the wrong type and values out of range throw InvalidArgument. The labels are
// taken from a synthetic probe image, so invalid options fail here, before any file is read.
std::unique_ptr<FeatureExtractor> make_extractor(std::string_view feature, const nlohmann::json& options);

// Shard i of N, with 0 <= i < N.
struct ShardSpec {
  int index = 0;
  int count = 1;
};

// Parses "i/N" (for example "0/4"), with N in [1, 100000] and i in [0, N). Throws InvalidArgument.
ShardSpec parse_shard(std::string_view text);

// A manifest: the entries with their paths resolved, and a 64-bit FNV-1a hash of the file bytes.
struct Manifest {
  std::filesystem::path file;
  std::vector<std::filesystem::path> entries;
  std::uint64_t hash = 0;
};

// Reads a manifest (rule in the file comment). Throws IoError when it cannot be read and
// InvalidArgument when it has no entries.
// A manifest larger than `max_bytes` throws LimitExceeded before it is read.
Manifest read_manifest(const std::filesystem::path& path, std::uint64_t max_bytes = std::uint64_t{1} << 30);

// Indices k of the entries that belong to a shard: k mod N == i, increasing.
std::vector<std::size_t> shard_entries(std::size_t entry_count, ShardSpec shard);

// Base name "shard-IIIII-of-NNNNN" of a shard's files.
std::string shard_stem(ShardSpec shard);

// Outcome of one image.
struct ImageRecord {
  std::size_t index = 0;   // manifest entry k
  std::string path;
  bool ok = false;
  std::string error;       // message of the exception, empty when ok
  std::string error_type;  // "InvalidArgument", "IoError", "LimitExceeded" or "Error"
};

// Features of many images: rows x labels.size() values, row-major; rows of failed images are NaN.
struct FeatureTable {
  std::vector<FeatureLabel> labels;
  std::vector<double> values;
  std::vector<ImageRecord> records;  // one per row
};

// Progress callback: images done so far and the total. Called from one thread at a time.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Limits of reading each image.
struct ReadLimits {
  std::uint64_t max_pixels = 100'000'000;
  std::uint64_t max_file_bytes = std::uint64_t{1} << 30;  // size of one encoded image
};

// Reads each path as grey and computes its features. Images are processed in parallel with OpenMP
// (one image per thread; the library runs single-threaded inside each), so the values of an image
// do not depend on the thread count or on which other images are in the list. A failed image gets
// a NaN row and its record; the run goes on.
FeatureTable compute_table(const FeatureExtractor& extractor, const std::vector<std::filesystem::path>& paths,
                           const std::vector<std::size_t>& indices, ReadLimits limits, const Progress& progress = {});

// Result of run_shard.
struct ShardResult {
  bool skipped = false;  // the shard was complete already
  std::size_t rows = 0;
  std::size_t failed = 0;
  std::vector<ImageRecord> failures;  // the failed images of this run; empty when skipped
  std::filesystem::path npy;
  std::filesystem::path jsonl;
  std::filesystem::path marker;
};

// Computes one shard and writes its three files into `output_folder`, which is created when
// missing. Skips a complete shard (see the file comment). Throws InvalidArgument when a complete
// shard with other options or another manifest is in the folder, and IoError when a file cannot
// be written.
ShardResult run_shard(const FeatureExtractor& extractor, const Manifest& manifest, ShardSpec shard,
                      const std::filesystem::path& output_folder, ReadLimits limits, const Progress& progress = {});

// The part of a shard marker (.json) that decides whether run_shard skips the shard.
struct ShardMarker {
  bool complete = false;  // false: the text is not a JSON object with valid counts, so compute again
  std::size_t rows = 0;
  std::size_t failed = 0;
};

// Parses the text of a shard marker and compares its feature, options, shards and manifest_hash
// with those of `expected`. Returns complete = false for text that is not a JSON object or lacks
// "rows" and "failed" as non-negative integers with failed <= rows. Throws InvalidArgument naming
// `source` when the marker records another configuration, because run_shard must not replace a
// complete shard of another run.
ShardMarker check_shard_marker(std::string_view text, const nlohmann::json& expected, std::string_view source);

// Labels as JSON objects {family, n, m, scale, kind, path, label}.
nlohmann::json labels_json(const std::vector<FeatureLabel>& labels);

}  // namespace erlangen::batch
