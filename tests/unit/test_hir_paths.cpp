// Path sources of the hierarchical invariant representation: counts, order and errors.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/hierarchy/paths.hpp"

namespace erlangen::hierarchy {
namespace {

std::map<std::size_t, int> depth_histogram(const std::vector<Path>& paths) {
  std::map<std::size_t, int> histogram;
  for (const Path& path : paths) ++histogram[path.size()];
  return histogram;
}

TEST(HirReferencePaths, CountsAndDepthHistograms) {
  const std::map<int, std::map<std::size_t, int>> expected = {
      {2, {{1, 6}, {2, 8}}},
      {3, {{1, 10}, {2, 12}, {3, 8}}},
      {4, {{1, 15}, {2, 22}, {3, 18}}},
      {5, {{1, 21}, {2, 28}, {3, 42}}},
      {6, {{1, 28}, {2, 49}, {3, 42}, {4, 21}}},
      {7, {{1, 36}, {2, 49}, {3, 58}, {4, 61}}},
  };
  for (const auto& [k, histogram] : expected) {
    const std::vector<Path> paths = reference_paths(k, 10);
    EXPECT_EQ(paths.size(), static_cast<std::size_t>((k + 1) * (k + 2) * (2 * k + 3) / 6)) << "K = " << k;
    EXPECT_EQ(depth_histogram(paths), histogram) << "K = " << k;
  }
}

TEST(HirReferencePaths, SpotChecksForKSix) {
  const std::vector<Path> paths = reference_paths(6, 10);
  ASSERT_EQ(paths.size(), 140u);
  EXPECT_EQ(path_text(paths[0]), "(0,0)");
  EXPECT_EQ(path_text(paths[3]), "(0,0)->(0,1)");
  EXPECT_EQ(path_text(paths[8]), "(0,1)->(0,2)");
  EXPECT_EQ(path_text(paths[18]), "(0,0)->(0,1)->(3,0)");         // #19
  EXPECT_EQ(path_text(paths[45]), "(0,1)->(0,2)->(4,0)");         // #46
  EXPECT_EQ(path_text(paths[85]), "(3,0)->(5,0)");                // #86
  EXPECT_EQ(path_text(paths[119]), "(0,0)->(0,1)->(3,0)->(6,0)"); // #120
  EXPECT_EQ(path_text(paths[139]), "(0,0)->(0,1)->(1,2)->(0,6)"); // #140
}

TEST(HirReferencePaths, TotalOrderIncreasesAndTreeContainsThem) {
  const auto family = basis::make_family("pct");
  for (int k : {6, 7}) {
    const std::vector<Path> reference = reference_paths(k, 10);
    const std::vector<Path> tree = tree_paths(*family, k, 4, {10});
    for (const Path& path : reference) {
      for (std::size_t layer = 1; layer < path.size(); ++layer) {
        EXPECT_LT(path[layer - 1].n + path[layer - 1].m, path[layer].n + path[layer].m) << path_text(path);
      }
      EXPECT_NE(std::find(tree.begin(), tree.end(), path), tree.end()) << path_text(path);
    }
  }
}

TEST(HirTreePaths, CumulativeCountsForPct) {
  const auto family = basis::make_family("pct");
  // Cumulative counts for D = 1..4 (e_d(1, 2, ..., K + 1) summed over depth).
  const std::map<int, std::vector<std::size_t>> expected = {
      {2, {6, 17, 23, 23}},     {3, {10, 45, 95, 119}},      {4, {15, 100, 325, 599}},
      {6, {28, 350, 2310, 9079}}, {7, {36, 582, 5118, 27567}},
  };
  for (const auto& [k, cumulative] : expected) {
    for (int depth = 1; depth <= 4; ++depth) {
      const std::size_t count = tree_paths(*family, k, depth, {10}).size();
      EXPECT_EQ(count, cumulative[static_cast<std::size_t>(depth - 1)]) << "K = " << k << ", D = " << depth;
    }
  }
}

TEST(HirTreePaths, DefaultOrderAndSides) {
  const auto family = basis::make_family("pct");
  const std::vector<Path> paths = tree_paths(*family, 6, 2, {10, 8});
  ASSERT_EQ(paths.size(), 350u);
  EXPECT_EQ(path_text(paths[0]), "(0,0)");
  EXPECT_EQ(path_text(paths[1]), "(1,0)");  // descending n within total order 1
  EXPECT_EQ(path_text(paths[2]), "(0,1)");
  EXPECT_EQ(path_text(paths[28], true), "(0,0)@10->(1,0)@8");
  EXPECT_EQ(paths.back().size(), 2u);
}

TEST(HirTreePaths, SmallerBankForZernike) {
  const auto zernike = basis::make_family("zernike");
  const std::vector<Filter> bank = filter_bank(*zernike, 4, 10);
  // n - m even, m <= n, n + m <= 4, by total order and descending n:
  // (0,0), (2,0), (1,1), (4,0), (3,1), (2,2).
  ASSERT_EQ(bank.size(), 6u);
  EXPECT_EQ(bank[1], (Filter{2, 0, 10}));
  EXPECT_EQ(bank[2], (Filter{1, 1, 10}));
  EXPECT_EQ(bank[3], (Filter{4, 0, 10}));
  const std::vector<std::size_t> counts = tree_path_counts(*zernike, 4, 2);
  EXPECT_EQ(counts[0], 6u);
  EXPECT_EQ(tree_paths(*zernike, 4, 2, {10}).size(), counts[0] + counts[1]);
}

TEST(HirFullPaths, CountsForKSix) {
  const auto family = basis::make_family("pct");
  const std::vector<Path> paths = full_paths(*family, 6, 3, {10});
  const auto histogram = depth_histogram(paths);
  EXPECT_EQ(histogram.at(1), 28);
  EXPECT_EQ(histogram.at(2), 756);
  EXPECT_EQ(histogram.at(3), 20412);
}

TEST(HirPaths, RejectsOutOfRangeParameters) {
  const auto family = basis::make_family("pct");
  EXPECT_THROW(tree_paths(*family, -1, 2, {10}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 21, 2, {10}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 6, 0, {10}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 6, 9, {10}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 6, 2, {1}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 6, 2, {10, 10, 10}), InvalidArgument);
  EXPECT_THROW(tree_paths(*family, 20, 8, {10}), LimitExceeded);
  EXPECT_THROW(reference_paths(0, 10), InvalidArgument);
  try {
    tree_paths(*family, 6, 0, {10});
    FAIL() << "no exception";
  } catch (const InvalidArgument& error) {
    EXPECT_NE(std::string(error.what()).find("maximum depth D is 0"), std::string::npos) << error.what();
  }
}

TEST(HirPaths, ReferenceRuleRejectsZernike) {
  PathOptions options;
  options.rule = PathRule::reference;
  EXPECT_THROW(make_paths(*basis::make_family("zernike"), options), InvalidArgument);
}

TEST(HirPaths, ParsesExplicitLists) {
  const std::vector<Path> paths = parse_paths("(0,0)->(0,1)@8; (2, 1)\n(1,0)", 10);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], (Path{{0, 0, 10}, {0, 1, 8}}));
  EXPECT_EQ(paths[1], (Path{{2, 1, 10}}));
  EXPECT_EQ(paths[2], (Path{{1, 0, 10}}));
  EXPECT_THROW(parse_paths("", 10), InvalidArgument);
  EXPECT_THROW(parse_paths(" ; ", 10), InvalidArgument);
  EXPECT_THROW(parse_paths("(0,0)->", 10), InvalidArgument);
  EXPECT_THROW(parse_paths("(0,x)", 10), InvalidArgument);
  EXPECT_THROW(parse_paths("(0,0)@1", 10), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::hierarchy
