// Path sources of the hierarchical invariant representation (see hierarchy/paths.hpp).
#include "erlangen/hierarchy/paths.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::hierarchy {
namespace {

void check_total_order(std::string_view operation, int max_total_order, int minimum) {
  if (max_total_order < minimum || max_total_order > kMaxTotalOrder) {
    throw_invalid_argument(operation, "maximum total order K", max_total_order,
                           fmt::format("an integer in [{}, {}]", minimum, kMaxTotalOrder),
                           "pass a smaller K (the default is 6)");
  }
}

void check_depth(std::string_view operation, int max_depth) {
  if (max_depth < 1 || max_depth > kMaxDepth) {
    throw_invalid_argument(operation, "maximum depth D", max_depth, fmt::format("an integer in [1, {}]", kMaxDepth),
                           "pass a depth such as 2 (the default)");
  }
}

void check_side(std::string_view operation, int side) {
  if (side < kMinSide || side > kMaxSide) {
    throw_invalid_argument(operation, "kernel side S", side, fmt::format("an integer in [{}, {}]", kMinSide, kMaxSide),
                           "pass a side such as 10 (the default)");
  }
}

// Side of layer `layer` (0-based) from a list of one side or of D sides.
std::vector<int> resolve_sides(std::string_view operation, const std::vector<int>& sides, int max_depth) {
  if (sides.size() != 1 && sides.size() != static_cast<std::size_t>(max_depth)) {
    throw_invalid_argument(operation, "number of kernel sides", sides.size(),
                           fmt::format("1 (every layer) or D = {} (one per layer)", max_depth),
                           "give one side, or one side per layer");
  }
  for (int side : sides) check_side(operation, side);
  std::vector<int> per_layer(static_cast<std::size_t>(max_depth), sides.front());
  if (sides.size() > 1) per_layer = sides;
  return per_layer;
}

void check_count(std::string_view operation, std::size_t count) {
  if (count > kMaxPaths) {
    throw LimitExceeded(fmt::format("{}: the path set has {} paths, more than the limit of {}; "
                                    "lower the maximum total order K or the depth D",
                                    operation, count, kMaxPaths));
  }
}

int total_order(const Filter& filter) { return filter.n + filter.m; }

// Appends every extension of `prefix` to depth `target_depth`, lexicographic in bank positions.
// `allowed(last, next)` decides whether filter `next` may follow `last`.
template <typename Allowed>
void extend(const std::vector<Filter>& bank, const std::vector<int>& sides, std::vector<int>& prefix,
            std::size_t target_depth, const Allowed& allowed, std::vector<Path>& paths) {
  if (prefix.size() == target_depth) {
    Path path;
    for (std::size_t layer = 0; layer < prefix.size(); ++layer) {
      Filter filter = bank[static_cast<std::size_t>(prefix[layer])];
      filter.side = sides[layer];
      path.push_back(filter);
    }
    paths.push_back(std::move(path));
    return;
  }
  for (int index = 0; index < static_cast<int>(bank.size()); ++index) {
    if (prefix.empty() || allowed(bank[static_cast<std::size_t>(prefix.back())], bank[static_cast<std::size_t>(index)])) {
      prefix.push_back(index);
      extend(bank, sides, prefix, target_depth, allowed, paths);
      prefix.pop_back();
    }
  }
}

std::vector<Filter> reference_order_list(int max_total_order, int side) {
  std::vector<Filter> list = {{0, 0, side}, {0, 1, side}, {1, 0, side}};
  if (max_total_order >= 2) {
    list.insert(list.end(), {{0, 2, side}, {1, 1, side}, {2, 0, side}});
  }
  for (int x = 3; x <= max_total_order; ++x) {
    for (int n = x; n >= 0; --n) list.push_back({n, x - n, side});
  }
  return list;
}

std::string trim(std::string_view text) {
  std::string result;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) result.push_back(c);
  }
  return result;
}

}  // namespace

std::vector<Filter> filter_bank(const basis::Family& family, int max_total_order, int side) {
  check_total_order("hir filter bank", max_total_order, 0);
  check_side("hir filter bank", side);
  std::vector<Filter> bank;
  for (int x = 0; x <= max_total_order; ++x) {
    for (int n = x; n >= 0; --n) {
      const basis::OrderPair order{n, x - n};
      if (family.contains(order, max_total_order)) bank.push_back({n, x - n, side});
    }
  }
  return bank;
}

std::vector<std::size_t> tree_path_counts(const basis::Family& family, int max_total_order, int max_depth) {
  check_total_order("hir tree paths", max_total_order, 0);
  check_depth("hir tree paths", max_depth);
  const std::vector<Filter> bank = filter_bank(family, max_total_order, 10);
  // ending[i] = number of paths of the current depth that end at bank filter i.
  std::vector<double> ending(bank.size(), 1.0);
  std::vector<std::size_t> counts;
  for (int depth = 1; depth <= max_depth; ++depth) {
    if (depth > 1) {
      std::vector<double> next(bank.size(), 0.0);
      for (std::size_t j = 0; j < bank.size(); ++j) {
        for (std::size_t i = 0; i < bank.size(); ++i) {
          if (total_order(bank[i]) < total_order(bank[j])) next[j] += ending[i];
        }
      }
      ending = std::move(next);
    }
    double total = 0.0;
    for (double value : ending) total += value;
    // Counts above 2^53 lose precision here, but such sets are rejected by the path limit anyway.
    counts.push_back(total > 1e18 ? static_cast<std::size_t>(1e18) : static_cast<std::size_t>(total));
  }
  return counts;
}

std::vector<Path> tree_paths(const basis::Family& family, int max_total_order, int max_depth,
                             const std::vector<int>& sides) {
  constexpr std::string_view operation = "hir tree paths";
  const std::vector<int> per_layer = resolve_sides(operation, sides, max_depth);
  std::size_t count = 0;
  for (std::size_t depth_count : tree_path_counts(family, max_total_order, max_depth)) count += depth_count;
  check_count(operation, count);

  const std::vector<Filter> bank = filter_bank(family, max_total_order, per_layer.front());
  const auto increasing = [](const Filter& last, const Filter& next) { return total_order(next) > total_order(last); };
  std::vector<Path> paths;
  paths.reserve(count);
  std::vector<int> prefix;
  for (int depth = 1; depth <= max_depth; ++depth) {
    extend(bank, per_layer, prefix, static_cast<std::size_t>(depth), increasing, paths);
  }
  return paths;
}

std::vector<Path> full_paths(const basis::Family& family, int max_total_order, int max_depth,
                             const std::vector<int>& sides) {
  constexpr std::string_view operation = "hir full paths";
  check_total_order(operation, max_total_order, 0);
  check_depth(operation, max_depth);
  const std::vector<int> per_layer = resolve_sides(operation, sides, max_depth);
  const std::vector<Filter> bank = filter_bank(family, max_total_order, per_layer.front());
  const bool has_constant = !bank.empty() && bank.front().n == 0 && bank.front().m == 0;
  const double later = static_cast<double>(bank.size()) - (has_constant ? 1.0 : 0.0);
  double count = 0.0;
  double depth_count = static_cast<double>(bank.size());
  for (int depth = 1; depth <= max_depth; ++depth) {
    count += depth_count;
    depth_count *= later;
  }
  check_count(operation, count > 1e18 ? static_cast<std::size_t>(1e18) : static_cast<std::size_t>(count));

  const auto not_constant = [](const Filter&, const Filter& next) { return next.n != 0 || next.m != 0; };
  std::vector<Path> paths;
  paths.reserve(static_cast<std::size_t>(count));
  std::vector<int> prefix;
  for (int depth = 1; depth <= max_depth; ++depth) {
    extend(bank, per_layer, prefix, static_cast<std::size_t>(depth), not_constant, paths);
  }
  return paths;
}

std::vector<Path> reference_paths(int max_total_order, int side) {
  constexpr std::string_view operation = "hir reference paths";
  check_total_order(operation, max_total_order, 1);
  check_side(operation, side);
  const std::vector<Filter> order_list = reference_order_list(max_total_order, side);

  std::vector<Path> maps = {Path{order_list[0]}};
  std::size_t idx = 2;  // 1-based position of the first pair of group 1 in the order list
  for (std::size_t x = 1; x <= static_cast<std::size_t>(max_total_order); ++x) {
    const auto group_begin = order_list.begin() + static_cast<std::ptrdiff_t>(idx - 1);
    const std::vector<Filter> group(group_begin, group_begin + static_cast<std::ptrdiff_t>(x + 1));
    for (const Filter& filter : group) maps.push_back(Path{filter});
    for (std::size_t y = idx - x; y <= idx - 1; ++y) {
      const Path parent = maps[y - 1];
      for (const Filter& filter : group) {
        Path child = parent;
        child.push_back(filter);
        maps.push_back(std::move(child));
      }
    }
    idx += x + 1;
  }
  return maps;
}

std::vector<Path> make_paths(const basis::Family& family, const PathOptions& options) {
  switch (options.rule) {
    case PathRule::tree:
      return tree_paths(family, options.max_total_order, options.max_depth, options.sides);
    case PathRule::full:
      return full_paths(family, options.max_total_order, options.max_depth, options.sides);
    case PathRule::reference:
      if (options.sides.size() != 1) {
        throw_invalid_argument("hir reference paths", "number of kernel sides", options.sides.size(), "1",
                               "the reference path set uses one side for every layer");
      }
      for (const Filter& filter : reference_order_list(std::max(options.max_total_order, 1), 10)) {
        if (!family.contains({filter.n, filter.m}, options.max_total_order)) {
          throw InvalidArgument(fmt::format(
              "hir reference paths: family {} has no order pair ({},{}), which the reference path set uses; "
              "use --family pct (as the reference) or --paths tree",
              family.abbreviation(), filter.n, filter.m));
        }
      }
      return reference_paths(options.max_total_order, options.sides.front());
  }
  throw InvalidArgument("hir paths: unknown path rule");
}

std::string path_text(const Path& path, bool with_sides) {
  std::string text;
  for (std::size_t layer = 0; layer < path.size(); ++layer) {
    if (layer > 0) text += "->";
    const Filter& filter = path[layer];
    text += fmt::format("({},{})", filter.n, filter.m);
    if (with_sides) text += fmt::format("@{}", filter.side);
  }
  return text;
}

std::vector<Path> parse_paths(std::string_view text, int default_side) {
  constexpr std::string_view operation = "hir path list";
  std::vector<Path> paths;
  std::string current;
  std::vector<std::string> pieces;
  for (char c : text) {
    if (c == ';' || c == '\n') {
      pieces.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  pieces.push_back(current);

  for (const std::string& piece : pieces) {
    const std::string compact = trim(piece);
    if (compact.empty()) continue;
    Path path;
    std::size_t position = 0;
    while (position < compact.size()) {
      const auto fail = [&](std::string_view reason) {
        throw InvalidArgument(fmt::format("{}: path \"{}\" is invalid ({}); write filters as (n,m) or (n,m)@S "
                                          "joined by ->, for example (0,0)->(0,1)@8",
                                          operation, piece, reason));
      };
      if (compact[position] != '(') fail("expected '('");
      const std::size_t close = compact.find(')', position);
      if (close == std::string::npos) fail("missing ')'");
      const std::string inside = compact.substr(position + 1, close - position - 1);
      const std::size_t comma = inside.find(',');
      if (comma == std::string::npos) fail("expected n,m inside the brackets");
      char* end = nullptr;
      const std::string n_text = inside.substr(0, comma);
      const std::string m_text = inside.substr(comma + 1);
      const long n = std::strtol(n_text.c_str(), &end, 10);
      if (n_text.empty() || *end != '\0') fail("n is not an integer");
      const long m = std::strtol(m_text.c_str(), &end, 10);
      if (m_text.empty() || *end != '\0') fail("m is not an integer");
      if (std::labs(n) > 1000 || std::labs(m) > 1000) fail("|n| and |m| must be at most 1000");
      Filter filter{static_cast<int>(n), static_cast<int>(m), default_side};
      position = close + 1;
      if (position < compact.size() && compact[position] == '@') {
        std::size_t digits_end = position + 1;
        while (digits_end < compact.size() && std::isdigit(static_cast<unsigned char>(compact[digits_end]))) ++digits_end;
        if (digits_end == position + 1 || digits_end - position > 5) fail("expected the side S after '@'");
        filter.side = std::atoi(compact.substr(position + 1, digits_end - position - 1).c_str());
        position = digits_end;
      }
      check_side(operation, filter.side);
      path.push_back(filter);
      if (position < compact.size()) {
        if (compact.compare(position, 2, "->") != 0) fail("expected '->' between filters");
        position += 2;
        if (position == compact.size()) fail("a filter must follow '->'");
      }
    }
    if (path.size() > static_cast<std::size_t>(kMaxDepth)) {
      throw_invalid_argument(operation, fmt::format("depth of path \"{}\"", piece), path.size(),
                             fmt::format("at most {}", kMaxDepth), "use shorter paths");
    }
    paths.push_back(std::move(path));
  }
  if (paths.empty()) {
    throw InvalidArgument(fmt::format("{}: the list contains no path; give at least one, for example (0,0)->(0,1)",
                                      operation));
  }
  return paths;
}

std::string_view to_string(PathRule rule) {
  switch (rule) {
    case PathRule::tree:
      return "tree";
    case PathRule::full:
      return "full";
    case PathRule::reference:
      return "reference";
  }
  return "unknown";
}

PathRule parse_path_rule(std::string_view text) {
  if (text == "tree") return PathRule::tree;
  if (text == "full") return PathRule::full;
  if (text == "reference") return PathRule::reference;
  throw InvalidArgument(fmt::format("hir paths: path rule \"{}\" is unknown, expected tree, full or reference", text));
}

}  // namespace erlangen::hierarchy
