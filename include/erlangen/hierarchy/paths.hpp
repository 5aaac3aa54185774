// Paths of the hierarchical invariant representation (HIR): which cascades of
// local-moment filters are computed.
//
// A path p = ((n_1, m_1, S_1), ..., (n_d, m_d, S_d)) produces the map
//   U_0 = f,   U_l = |C_{n_l m_l}^{S_l}(P(U_{l-1}))|,   l = 1..d
// and one read-out of U_d (hierarchy/readout.hpp). The path sources follow Qi, Zhang, Wang, Xia,
// Cao, Weng, "Hierarchical Invariance for Robust and Interpretable Vision Tasks at Larger Scales"
// (arXiv 2402.15430) and its released MATLAB code:
//   - tree: the order-increasing tree. The filter bank B(K) is the family's valid pairs with
//     n >= 0, m >= 0, n + m <= K, grouped by total order n + m and by descending n within a group;
//     a path is 1 to D filters with strictly increasing total order. For PCT the number of
//     depth-d paths is the elementary symmetric polynomial e_d(1, 2, ..., K + 1), so K = 6, D = 2
//     gives 28 + 322 = 350 paths.
//   - full: no order constraint, (0,0) only as the first filter: |B| (|B| - 1)^(d-1) paths of depth d.
//   - reference: the irregular set that the released code enumerates, (K+1)(K+2)(2K+3)/6 paths
//     (140 for K = 6, 204 for K = 7), in its order (reference_paths below).
//   - explicit lists of (n, m, S) sequences, which may use a different S per layer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/basis/family.hpp"

namespace erlangen::hierarchy {

// One C layer: order n, repetition m and kernel side S in pixels.
struct Filter {
  int n = 0;
  int m = 0;
  int side = 10;
  bool operator==(const Filter&) const = default;
  auto operator<=>(const Filter&) const = default;
};

// Filters applied left to right, first to the image.
using Path = std::vector<Filter>;

enum class PathRule { tree, full, reference };

// Limits accepted by the path builders. The path count is capped so that a typo
// (D = 8 with K = 20) fails at once instead of exhausting memory.
inline constexpr int kMaxTotalOrder = 20;
inline constexpr int kMaxDepth = 8;
inline constexpr int kMinSide = 2;
inline constexpr int kMaxSide = 256;
inline constexpr std::size_t kMaxPaths = 1'000'000;

// Options of the rule-based path sources.
struct PathOptions {
  PathRule rule = PathRule::tree;
  int max_total_order = 6;  // K, 0 to 20 (reference rule: 1 to 20)
  int max_depth = 2;        // D, 1 to 8. The reference rule fixes its own depths and ignores D.
  // Kernel side per layer: one value for every layer, or exactly D values (layer 1 first).
  // The reference rule uses one side for every layer.
  std::vector<int> sides = {10};
};

// Filter bank B(K) of a family: its valid (n, m) with n >= 0, m >= 0 and n + m <= K, in
// increasing total order and descending n within one total order, all with side `side`.
std::vector<Filter> filter_bank(const basis::Family& family, int max_total_order, int side);

// The order-increasing tree: every path of depth 1..D, depth-major, and within one depth in
// lexicographic order of the bank positions. Throws InvalidArgument for K, D or a side out of range
// and LimitExceeded for more than kMaxPaths paths.
std::vector<Path> tree_paths(const basis::Family& family, int max_total_order, int max_depth,
                             const std::vector<int>& sides);

// The full rule: every sequence of 1..D bank filters with (0,0) only in the first place,
// depth-major and lexicographic within one depth. Same errors as tree_paths.
std::vector<Path> full_paths(const basis::Family& family, int max_total_order, int max_depth,
                             const std::vector<int>& sides);

// The reference path set for maximum total order K (1..20) at kernel side `side`, in the order of
// the released HIR code. Its order list contains every (n, m) with n, m >= 0 and n + m <= K, grouped
// by total order x: (0,0); (0,1), (1,0); (0,2), (1,1), (2,0); and (x,0), (x-1,1), ..., (0,x) for
// x >= 3. For each x it appends the depth-1 maps of group x, then group x applied to the x maps
// at 1-based positions idx - x .. idx - 1 of the growing map list, where idx is the position of
// group x in the order list. From x = 3 on, those positions are a sliding window of maps of mixed
// depth, so the set is irregular (depth histogram for K = 6: 28, 49, 42, 21). Needs a family in
// which every pair of the order list is valid (PCT, GPCT).
std::vector<Path> reference_paths(int max_total_order, int side);

// Builds the paths of `options` for a family (dispatches to the three functions above).
std::vector<Path> make_paths(const basis::Family& family, const PathOptions& options);

// Number of tree paths per depth 1..D without enumerating them.
std::vector<std::size_t> tree_path_counts(const basis::Family& family, int max_total_order, int max_depth);

// Text form "(0,0)->(0,1)", or "(0,0)@10->(0,1)@8" when `with_sides`.
std::string path_text(const Path& path, bool with_sides = false);

// Parses a path list: paths separated by ';' or newlines, filters by "->", each filter
// "(n,m)" or "(n,m)@S"; filters without a side get `default_side`. Whitespace is ignored.
// Throws InvalidArgument naming the offending path text.
std::vector<Path> parse_paths(std::string_view text, int default_side);

std::string_view to_string(PathRule rule);
// Parses "tree", "full" or "reference"; throws InvalidArgument listing them.
PathRule parse_path_rule(std::string_view text);

}  // namespace erlangen::hierarchy
