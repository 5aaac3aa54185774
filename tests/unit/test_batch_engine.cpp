// The batch engine of `erlangen batch`: shard specs, sharding rule, manifests, option checks and
// the shard files, on real example images.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/npy.hpp"
#include "erlangen/moments/invariants.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::batch {
namespace {

namespace fs = std::filesystem;

fs::path scratch_folder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("erlangen_test_batch_" + name);
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

TEST(BatchShardSpec, ParsesValidSpecs) {
  const ShardSpec first = parse_shard("0/4");
  EXPECT_EQ(first.index, 0);
  EXPECT_EQ(first.count, 4);
  const ShardSpec last = parse_shard("99999/100000");
  EXPECT_EQ(last.index, 99999);
  EXPECT_EQ(last.count, 100000);
}

TEST(BatchShardSpec, RejectsInvalidSpecs) {
  for (const char* text : {"4/4", "1", "/2", "1/", "a/3", "-1/2", "0/0", "0/100001", "1/2/3", " 0/2"}) {
    EXPECT_THROW(parse_shard(text), InvalidArgument) << text;
  }
}

TEST(BatchShardEntries, FollowsModuloRule) {
  EXPECT_EQ(shard_entries(10, {1, 4}), (std::vector<std::size_t>{1, 5, 9}));
  EXPECT_EQ(shard_entries(10, {0, 1}).size(), 10u);
  EXPECT_TRUE(shard_entries(2, {3, 4}).empty());
  // Every entry lands in exactly one shard.
  std::vector<int> hits(23, 0);
  for (int index = 0; index < 5; ++index) {
    for (const std::size_t k : shard_entries(hits.size(), {index, 5})) ++hits[k];
  }
  for (const int count : hits) EXPECT_EQ(count, 1);
}

TEST(BatchShardStem, PadsToFiveDigits) { EXPECT_EQ(shard_stem({3, 12}), "shard-00003-of-00012"); }

TEST(BatchManifest, SkipsCommentsAndResolvesRelativePaths) {
  const fs::path folder = scratch_folder("manifest");
  {
    std::ofstream file(folder / "list.txt");
    file << "# header\n\n  a.png  \r\n/abs/b.png\n\t# indented comment\nsub/c.jpg\n";
  }
  const Manifest manifest = read_manifest(folder / "list.txt");
  ASSERT_EQ(manifest.entries.size(), 3u);
  EXPECT_EQ(manifest.entries[0], folder / "a.png");
  EXPECT_EQ(manifest.entries[1], fs::path("/abs/b.png"));
  EXPECT_EQ(manifest.entries[2], folder / "sub/c.jpg");
  EXPECT_NE(manifest.hash, 0u);
}

TEST(BatchManifest, RejectsMissingAndEmpty) {
  const fs::path folder = scratch_folder("manifest_errors");
  EXPECT_THROW(read_manifest(folder / "none.txt"), IoError);
  EXPECT_THROW(read_manifest(folder), IoError);
  std::ofstream(folder / "empty.txt") << "# nothing\n\n";
  EXPECT_THROW(read_manifest(folder / "empty.txt"), InvalidArgument);
}

TEST(BatchExtractorOptions, RejectsUnknownAndOutOfRange) {
  EXPECT_THROW(make_extractor("sift", nlohmann::json::object()), InvalidArgument);
  EXPECT_THROW(make_extractor("moments", {{"max_ordr", 3}}), InvalidArgument);
  EXPECT_THROW(make_extractor("moments", {{"max_order", -1}}), InvalidArgument);
  EXPECT_THROW(make_extractor("moments", {{"max_order", "ten"}}), InvalidArgument);
  EXPECT_THROW(make_extractor("moments", {{"invariants", "complete"}}), InvalidArgument);
  EXPECT_THROW(make_extractor("dense", {{"max_order", 3}}), InvalidArgument);
  EXPECT_THROW(make_extractor("dense", {{"spatial", "mean,mean"}}), InvalidArgument);
  EXPECT_THROW(make_extractor("hir", {{"sigma", 200.0}}), InvalidArgument);
}

// The batch row of an image equals the invariants computed directly with the library.
TEST(BatchMomentsExtractor, MatchesDirectInvariants) {
  const auto extractor = make_extractor("moments", {{"max_order", 10}, {"invariants", "symmetrised"}});
  ASSERT_EQ(extractor->feature(), "moments");
  const ImageF grey = io::read_grey(fs::path(ERLANGEN_EXAMPLES_DIR) / "coins.png");
  const std::vector<double> values = extractor->compute(grey);

  const ImageF square = [&] {
    // coins.png is 303 x 384; the batch uses its centre 303 x 303 square.
    ImageF result(303, 303);
    for (std::ptrdiff_t i = 0; i < 303; ++i) {
      for (std::ptrdiff_t j = 0; j < 303; ++j) result(i, j) = grey(i, j + (384 - 303) / 2);
    }
    return result;
  }();
  moments::MomentOptions options;
  options.max_order = 10;
  const moments::MomentPlan plan(basis::make_family("zernike"), 303, 303, options);
  const LabelledFeatures expected = moments::symmetrised_magnitudes(plan.apply(square.plane()));
  ASSERT_EQ(values.size(), expected.size());
  ASSERT_EQ(extractor->labels(), expected.labels);
  for (std::size_t k = 0; k < values.size(); ++k) EXPECT_EQ(values[k], expected.values[k]) << k;
}

TEST(BatchRunShard, WritesFilesLogsErrorsAndResumes) {
  const fs::path folder = scratch_folder("run_shard");
  {
    std::ofstream file(folder / "list.txt");
    file << ERLANGEN_EXAMPLES_DIR << "/coins.png\nmissing.png\n" << ERLANGEN_EXAMPLES_DIR << "/horse.png\n";
  }
  const Manifest manifest = read_manifest(folder / "list.txt");
  const auto extractor = make_extractor("moments", {{"max_order", 8}, {"invariants", "hu"}});
  const ShardResult result = run_shard(*extractor, manifest, {0, 1}, folder / "out", {});
  EXPECT_FALSE(result.skipped);
  EXPECT_EQ(result.rows, 3u);
  EXPECT_EQ(result.failed, 1u);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].index, 1u);
  EXPECT_EQ(result.failures[0].error_type, "IoError");

  const io::NpyArray array = io::read_npy(result.npy);
  ASSERT_EQ(array.shape, (std::vector<std::size_t>{3, 7}));
  const auto* values = reinterpret_cast<const double*>(array.bytes.data());
  EXPECT_TRUE(std::isfinite(values[0]));
  EXPECT_TRUE(std::isnan(values[7]));
  EXPECT_TRUE(std::isfinite(values[14]));

  std::ifstream marker_stream(result.marker);
  const nlohmann::json marker = nlohmann::json::parse(marker_stream);
  EXPECT_EQ(marker["rows"], 3);
  EXPECT_EQ(marker["failed"], 1);
  EXPECT_EQ(marker["labels"].size(), 7u);

  EXPECT_TRUE(run_shard(*extractor, manifest, {0, 1}, folder / "out", {}).skipped);
  const auto other = make_extractor("moments", {{"max_order", 9}, {"invariants", "hu"}});
  EXPECT_THROW(run_shard(*other, manifest, {0, 1}, folder / "out", {}), InvalidArgument);
  // A killed run leaves no marker and possibly a temporary file; the next run redoes the shard and
  // removes the leftover.
  fs::remove(result.marker);
  const fs::path leftover = folder / "out" / "shard-00000-of-00001.npy.tmp-abc123";
  std::ofstream(leftover) << "partial";
  EXPECT_FALSE(run_shard(*extractor, manifest, {0, 1}, folder / "out", {}).skipped);
  EXPECT_FALSE(fs::exists(leftover));
  EXPECT_TRUE(fs::exists(result.marker));
}

}  // namespace
}  // namespace erlangen::batch
