// The parsers of the CLI's input files (apps/cli/input_readers.hpp) and the batch shard marker
// check (batch::check_shard_marker): accepted forms, and a clean erlangen::Error for bad input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"
#include "input_readers.hpp"

namespace {

using erlangen::InvalidArgument;
using erlangen::IoError;
using erlangen::cli::parse_cmfd_bench_manifest;
using erlangen::cli::parse_hash_manifest;
using erlangen::cli::parse_path_file;
using erlangen::hierarchy::Filter;
using erlangen::hierarchy::Path;

TEST(PathFile, ReadsTextLines) {
  const std::vector<Path> paths = parse_path_file("# comment\n(0,0)->(0,1)\n\n  (1,1)@8\r\n", "paths.txt", 10);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0], (Path{Filter{0, 0, 10}, Filter{0, 1, 10}}));
  EXPECT_EQ(paths[1], (Path{Filter{1, 1, 8}}));
}

TEST(PathFile, ReadsJsonArrayAndManifest) {
  EXPECT_EQ(parse_path_file(R"json(["(0,0)", "(2,0)@6"])json", "paths.json", 10),
            (std::vector<Path>{{Filter{0, 0, 10}}, {Filter{2, 0, 6}}}));
  const std::string manifest =
      R"({"paths": [{"filters": [{"n": 0, "m": 0, "side": 12}, {"n": 1, "m": -1}]}], "rows": 3})";
  EXPECT_EQ(parse_path_file(manifest, "features.json", 10), (std::vector<Path>{{Filter{0, 0, 12}, Filter{1, -1, 10}}}));
}

TEST(PathFile, RejectsBadManifestEntries) {
  // Each of these made nlohmann::json throw its own type_error before, or produced a path that the
  // path texts cannot express.
  const std::vector<std::string> bad = {
      R"({"paths": [3]})",
      R"({"paths": [{"filters": 1}]})",
      R"({"paths": [{"filters": [7]}]})",
      R"({"paths": [{"filters": [{"n": "a"}]}]})",
      R"({"paths": [{"filters": [{"n": 1e300}]}]})",
      R"({"paths": [{"filters": [{"n": 1001}]}]})",
      R"({"paths": [{"filters": [{"side": 1}]}]})",
      R"({"paths": [{"filters": [{"side": 257}]}]})",
      R"({"paths": [{"filters": []}]})",
      R"({"paths": [{"filters": [{}, {}, {}, {}, {}, {}, {}, {}, {}]}]})",
      R"({"paths": []})",
      R"({"paths": 5})",
      R"({"rows": 1})",
      R"([1])",
      R"({"paths": )",
  };
  for (const std::string& text : bad) {
    EXPECT_THROW(parse_path_file(text, "features.json", 10), InvalidArgument) << text;
  }
}

TEST(PathFile, MessageNamesFileAndField) {
  try {
    parse_path_file(R"({"paths": [{"filters": [{"n": 0}, {"m": "x"}]}]})", "features.json", 10);
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("features.json"), std::string::npos) << message;
    EXPECT_NE(message.find("\"m\""), std::string::npos) << message;
  }
}

TEST(PathFile, RejectsDefaultSideOutOfRange) {
  EXPECT_THROW(parse_path_file(R"({"paths": [{"filters": [{"n": 0}]}]})", "features.json", 0), InvalidArgument);
  EXPECT_THROW(parse_path_file("(0,0)", "paths.txt", 0), InvalidArgument);
}

const char* const kCmfdManifest = R"({"seed": 1, "entries": [
  {"name": "camera_original", "attack": "original", "strength": 0, "image": "camera_original.png",
   "mask": "camera_original_gt.png"},
  {"name": "camera_rotation_30", "attack": "rotation", "strength": 30.0, "image": "camera_rotation_30.png",
   "mask": "camera_rotation_30_gt.png", "source": "images/camera.png"}]})";

TEST(CmfdBenchManifest, ReadsEntries) {
  const std::vector<erlangen::cli::CmfdBenchEntry> entries = parse_cmfd_bench_manifest(kCmfdManifest, "manifest.json");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].name, "camera_rotation_30");
  EXPECT_EQ(entries[1].image, "camera_rotation_30.png");
  EXPECT_EQ(entries[1].mask, "camera_rotation_30_gt.png");
  EXPECT_EQ(entries[1].attack, "rotation");
  EXPECT_EQ(entries[1].strength, 30.0);
  EXPECT_EQ(entries[1].source, "images/camera.png");
  EXPECT_EQ(entries[0].source, "");  // optional: older manifests have no source
}

TEST(CmfdBenchManifest, RejectsBadEntries) {
  const std::string valid = R"("attack": "plain", "strength": 1, "image": "a.png", "mask": "a_gt.png")";
  const std::vector<std::string> bad = {
      "",
      "[]",
      R"({"entries": 3})",
      R"({"entries": [1]})",
      R"({"entries": [{)" + valid + "}]}",
      R"({"entries": [{"name": 5, )" + valid + "}]}",
      R"({"entries": [{"name": "", )" + valid + "}]}",
      R"({"entries": [{"name": "../escape", )" + valid + "}]}",
      R"({"entries": [{"name": "..", )" + valid + "}]}",
      R"({"entries": [{"name": "a\u0000b", )" + valid + "}]}",
      R"({"entries": [{"name": "a", "attack": "plain", "strength": "1", "image": "a.png", "mask": "m.png"}]})",
      R"({"entries": [{"name": "a", "attack": "plain", "strength": 1e400, "image": "a.png", "mask": "m.png"}]})",
      R"({"entries": [{"name": "a", "attack": "plain", "strength": 1, "mask": "m.png"}]})",
      R"({"entries": [{"name": "a", "source": 7, )" + valid + "}]}",
  };
  for (const std::string& text : bad) {
    EXPECT_THROW(parse_cmfd_bench_manifest(text, "manifest.json"), IoError) << text;
  }
}

TEST(HashManifest, ReadsLines) {
  const std::vector<std::filesystem::path> paths = parse_hash_manifest("# images\na.png\n\n b.jpg\r\n#c.png\n", "list");
  EXPECT_EQ(paths, (std::vector<std::filesystem::path>{"a.png", " b.jpg"}));
}

TEST(HashManifest, RejectsNulByte) {
  EXPECT_THROW(parse_hash_manifest(std::string("a.png\nb.png\0.jpg\n", 17), "list"), InvalidArgument);
}

const nlohmann::json kExpectedMarker = {{"feature", "moments"},
                                        {"options", {{"max_order", 12}}},
                                        {"shard", 0},
                                        {"shards", 2},
                                        {"manifest_hash", "00000000deadbeef"}};

TEST(ShardMarker, AcceptsMatchingMarker) {
  const std::string text =
      R"({"feature": "moments", "options": {"max_order": 12}, "shards": 2, "manifest_hash": "00000000deadbeef",
          "rows": 5, "failed": 1})";
  const erlangen::batch::ShardMarker marker = erlangen::batch::check_shard_marker(text, kExpectedMarker, "m.json");
  EXPECT_TRUE(marker.complete);
  EXPECT_EQ(marker.rows, 5u);
  EXPECT_EQ(marker.failed, 1u);
}

TEST(ShardMarker, BadCountsMeanComputeAgain) {
  // "rows" as a string made nlohmann::json throw type_error out of run_shard before.
  const std::string configuration =
      R"("feature": "moments", "options": {"max_order": 12}, "shards": 2, "manifest_hash": "00000000deadbeef")";
  for (const std::string counts : {R"("rows": "5", "failed": 0)", R"("rows": -1, "failed": 0)", R"("rows": 5)",
                                   R"("rows": 1, "failed": 2)", R"("rows": 1.5, "failed": 0)"}) {
    const erlangen::batch::ShardMarker marker =
        erlangen::batch::check_shard_marker("{" + configuration + ", " + counts + "}", kExpectedMarker, "m.json");
    EXPECT_FALSE(marker.complete) << counts;
  }
  for (const std::string text : {"", "[1, 2]", "{\"rows\": ", "null"}) {
    EXPECT_FALSE(erlangen::batch::check_shard_marker(text, kExpectedMarker, "m.json").complete) << text;
  }
}

TEST(ShardMarker, OtherConfigurationIsRejected) {
  const std::string text =
      R"({"feature": "dense", "options": {"max_order": 12}, "shards": 2, "manifest_hash": "00000000deadbeef",
          "rows": 5, "failed": 1})";
  EXPECT_THROW(erlangen::batch::check_shard_marker(text, kExpectedMarker, "m.json"), InvalidArgument);
  EXPECT_THROW(erlangen::batch::check_shard_marker(R"({"rows": 1, "failed": 0})", kExpectedMarker, "m.json"),
               InvalidArgument);
}

}  // namespace
