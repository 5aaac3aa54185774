// Multi-index hashing for exact Hamming search, and the index file format (see the header).
#include "erlangen/forensics/hash/index.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/text_file.hpp"

namespace erlangen::forensics {
namespace {

constexpr std::size_t kMaxBits = std::size_t{1} << 20;
constexpr std::size_t kMaxCodes = std::numeric_limits<std::uint32_t>::max();
constexpr char kMagic[8] = {'E', 'R', 'L', 'H', 'I', 'D', 'X', '\0'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kMaxAlgorithmBytes = 64;
constexpr std::size_t kMaxIdBytes = 4096;
// Cost of one table probe (enumerating a mask, reading a bucket, verifying its codes) in units of
// scanning one code linearly. Measured with bench/bench_hash_index.cpp at 256 bits: a probe costs
// about 20 to 50 scanned codes with binary-searched tables; 16 is an estimate for the mix.
constexpr double kProbeCost = 16.0;

std::size_t words_for(std::size_t bits) { return (bits + 63) / 64; }

// Bits [begin, begin + length) of a code as an integer, bit begin in the least significant place.
// length is 1..64.
std::uint64_t extract_bits(const std::uint64_t* words, std::size_t begin, std::size_t length) {
  const std::size_t word = begin / 64;
  const std::size_t shift = begin % 64;
  std::uint64_t value = words[word] >> shift;
  if (shift != 0 && shift + length > 64) value |= words[word + 1] << (64 - shift);
  if (length < 64) value &= (std::uint64_t{1} << length) - 1;
  return value;
}

std::size_t distance_words(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  std::size_t distance = 0;
  for (std::size_t w = 0; w < words; ++w) distance += static_cast<std::size_t>(std::popcount(a[w] ^ b[w]));
  return distance;
}

// Calls visit(mask) for every length-bit mask with exactly `weight` bits set.
template <typename Visit>
void for_each_mask(std::size_t length, std::size_t weight, Visit&& visit) {
  if (weight > length) return;
  if (weight == 0) {
    visit(std::uint64_t{0});
    return;
  }
  std::vector<std::size_t> positions(weight);
  for (std::size_t t = 0; t < weight; ++t) positions[t] = t;
  for (;;) {
    std::uint64_t mask = 0;
    for (std::size_t p : positions) mask |= std::uint64_t{1} << p;
    visit(mask);
    // Next combination in lexicographic order.
    std::size_t t = weight;
    while (t > 0 && positions[t - 1] == length - weight + t - 1) --t;
    if (t == 0) return;
    ++positions[t - 1];
    for (std::size_t u = t; u < weight; ++u) positions[u] = positions[u - 1] + 1;
  }
}

double binomial(std::size_t n, std::size_t k) {
  if (k > n) return 0.0;
  double value = 1.0;
  for (std::size_t t = 1; t <= k; ++t) value = value * static_cast<double>(n - k + t) / static_cast<double>(t);
  return value;
}

bool neighbour_less(const Neighbour& a, const Neighbour& b) {
  return a.distance != b.distance ? a.distance < b.distance : a.index < b.index;
}

}  // namespace

struct HammingIndex::Impl {
  // One substring position and, for each substring value, the codes that have it. Short
  // substrings use a direct-address table (offsets indexed by the value, 2^length + 1 entries);
  // longer ones store the sorted distinct values and find a value by binary search.
  struct Table {
    std::size_t begin = 0;
    std::size_t length = 0;
    bool direct = false;
    std::vector<std::uint64_t> keys;     // sorted distinct values; empty for a direct table
    std::vector<std::uint32_t> offsets;  // one more entry than slots, into members
    std::vector<std::uint32_t> members;

    template <typename Visit>
    void for_each_member(std::uint64_t key, Visit&& visit) const {
      std::size_t slot = 0;
      if (direct) {
        slot = static_cast<std::size_t>(key);
      } else {
        const auto found = std::lower_bound(keys.begin(), keys.end(), key);
        if (found == keys.end() || *found != key) return;
        slot = static_cast<std::size_t>(found - keys.begin());
      }
      for (std::uint32_t t = offsets[slot]; t < offsets[slot + 1]; ++t) visit(members[t]);
    }
  };

  std::string algorithm;
  std::size_t bits = 0;
  std::size_t words = 0;
  std::vector<std::string> ids;
  std::vector<std::uint64_t> codes;  // size() * words
  std::vector<Table> tables;

  std::size_t size() const { return ids.size(); }
  const std::uint64_t* code(std::size_t index) const { return codes.data() + index * words; }

  void check_query(const BitHash& query, std::string_view operation) const {
    if (query.size() != bits) {
      throw_invalid_argument(operation, "query length", fmt::format("{} bits", query.size()),
                             fmt::format("{} bits, the code length of this {} index", bits, algorithm),
                             "hash the query with the algorithm and options the index was built with");
    }
  }

  // Probes needed to search substring radius 0..radius in every table.
  double probe_count(std::size_t radius) const {
    double total = 0.0;
    for (const Table& table : tables) {
      for (std::size_t t = 0; t <= std::min(radius, table.length); ++t) total += binomial(table.length, t);
    }
    return total;
  }
};

HammingIndex::HammingIndex(std::string algorithm, std::size_t bits, std::vector<std::string> ids,
                           std::vector<BitHash> codes, std::size_t substrings)
    : impl_(std::make_unique<Impl>()) {
  const std::string_view operation = "hamming index";
  if (bits == 0 || bits > kMaxBits) {
    throw_invalid_argument(operation, "bits", bits, fmt::format("1..{}", kMaxBits), "pass the hash length in bits");
  }
  if (ids.size() != codes.size()) {
    throw_invalid_argument(operation, "id count", ids.size(), fmt::format("{}, one id per code", codes.size()),
                           "pass one id for every code");
  }
  if (codes.size() > kMaxCodes) {
    throw_invalid_argument(operation, "code count", codes.size(), fmt::format("at most {}", kMaxCodes),
                           "split the codes over several indexes");
  }
  const std::size_t min_substrings = words_for(bits);
  if (substrings == 0) {
    const double log_count = std::log2(std::max<double>(2.0, static_cast<double>(codes.size())));
    substrings = static_cast<std::size_t>(std::lround(static_cast<double>(bits) / log_count));
    substrings = std::clamp(substrings, min_substrings, bits);
  } else if (substrings < min_substrings || substrings > bits) {
    throw_invalid_argument(operation, "substrings", substrings, fmt::format("{}..{} for {}-bit codes", min_substrings, bits, bits),
                           "pass 0 to choose automatically");
  }

  Impl& impl = *impl_;
  impl.algorithm = std::move(algorithm);
  impl.bits = bits;
  impl.words = words_for(bits);
  impl.codes.reserve(codes.size() * impl.words);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i].size() != bits) {
      throw_invalid_argument(operation, fmt::format("code {} length", i), codes[i].size(),
                             fmt::format("{} bits like every code of the index", bits),
                             "index hashes of one algorithm and one set of options");
    }
    const auto words = codes[i].words();
    impl.codes.insert(impl.codes.end(), words.begin(), words.end());
  }
  impl.ids = std::move(ids);

  // Substring i covers bits [begin_i, begin_i + length_i); the first bits % m substrings are one
  // bit longer.
  const std::size_t base = bits / substrings;
  const std::size_t longer = bits % substrings;
  std::size_t begin = 0;
  impl.tables.resize(substrings);
  for (std::size_t i = 0; i < substrings; ++i) {
    Impl::Table& table = impl.tables[i];
    table.begin = begin;
    table.length = base + (i < longer ? 1 : 0);
    begin += table.length;

    // Direct addressing costs 4 bytes per possible value: used while that stays within 16 bytes
    // per code (or 256 KiB for small indexes).
    const std::size_t direct_limit = std::max<std::size_t>(std::size_t{1} << 16, 4 * impl.size());
    table.direct = table.length <= 24 && (std::size_t{1} << table.length) <= direct_limit;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries(impl.size());
    for (std::size_t c = 0; c < impl.size(); ++c) {
      entries[c] = {extract_bits(impl.code(c), table.begin, table.length), static_cast<std::uint32_t>(c)};
    }
    std::sort(entries.begin(), entries.end());
    table.members.reserve(entries.size());
    for (const auto& entry : entries) table.members.push_back(entry.second);
    if (table.direct) {
      const std::size_t slots = std::size_t{1} << table.length;
      table.offsets.assign(slots + 1, 0);
      std::size_t e = 0;
      for (std::size_t slot = 0; slot <= slots; ++slot) {
        while (e < entries.size() && entries[e].first < slot) ++e;
        table.offsets[slot] = static_cast<std::uint32_t>(e);
      }
    } else {
      for (std::size_t e = 0; e < entries.size(); ++e) {
        if (e == 0 || entries[e].first != entries[e - 1].first) {
          table.keys.push_back(entries[e].first);
          table.offsets.push_back(static_cast<std::uint32_t>(e));
        }
      }
      table.offsets.push_back(static_cast<std::uint32_t>(entries.size()));
    }
  }
}

HammingIndex::HammingIndex(HammingIndex&&) noexcept = default;
HammingIndex& HammingIndex::operator=(HammingIndex&&) noexcept = default;
HammingIndex::~HammingIndex() = default;

const std::string& HammingIndex::algorithm() const { return impl_->algorithm; }
std::size_t HammingIndex::bits() const { return impl_->bits; }
std::size_t HammingIndex::size() const { return impl_->size(); }
std::size_t HammingIndex::substrings() const { return impl_->tables.size(); }

const std::string& HammingIndex::id(std::size_t index) const {
  if (index >= size()) {
    throw_invalid_argument("hamming index id", "index", index, fmt::format("below {}", size()), "pass a position in the index");
  }
  return impl_->ids[index];
}

BitHash HammingIndex::code(std::size_t index) const {
  if (index >= size()) {
    throw_invalid_argument("hamming index code", "index", index, fmt::format("below {}", size()), "pass a position in the index");
  }
  BitHash hash(impl_->bits);
  for (std::size_t k = 0; k < impl_->bits; ++k) {
    hash.set(k, ((impl_->code(index)[k / 64] >> (k % 64)) & 1U) != 0);
  }
  return hash;
}

std::vector<Neighbour> HammingIndex::linear_radius_search(const BitHash& query, std::size_t radius) const {
  impl_->check_query(query, "hamming index radius search");
  std::vector<Neighbour> result;
  const std::uint64_t* q = query.words().data();
  for (std::size_t i = 0; i < size(); ++i) {
    const std::size_t distance = distance_words(q, impl_->code(i), impl_->words);
    if (distance <= radius) result.push_back({i, distance});
  }
  std::sort(result.begin(), result.end(), neighbour_less);
  return result;
}

std::vector<Neighbour> HammingIndex::linear_knn_search(const BitHash& query, std::size_t k) const {
  impl_->check_query(query, "hamming index k-NN search");
  std::vector<Neighbour> all;
  all.reserve(size());
  const std::uint64_t* q = query.words().data();
  for (std::size_t i = 0; i < size(); ++i) all.push_back({i, distance_words(q, impl_->code(i), impl_->words)});
  const std::size_t keep = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), neighbour_less);
  all.resize(keep);
  return all;
}

std::vector<Neighbour> HammingIndex::radius_search(const BitHash& query, std::size_t radius) const {
  impl_->check_query(query, "hamming index radius search");
  const Impl& impl = *impl_;
  const std::size_t substring_radius = radius / impl.tables.size();
  if (radius >= impl.bits || kProbeCost * impl.probe_count(substring_radius) >= static_cast<double>(size())) {
    return linear_radius_search(query, radius);
  }

  const std::uint64_t* q = query.words().data();
  std::vector<std::uint64_t> seen((size() + 63) / 64, 0);
  std::vector<Neighbour> result;
  for (const Impl::Table& table : impl.tables) {
    const std::uint64_t key = extract_bits(q, table.begin, table.length);
    for (std::size_t weight = 0; weight <= std::min(substring_radius, table.length); ++weight) {
      for_each_mask(table.length, weight, [&](std::uint64_t mask) {
        table.for_each_member(key ^ mask, [&](std::uint32_t c) {
          std::uint64_t& word = seen[c / 64];
          const std::uint64_t flag = std::uint64_t{1} << (c % 64);
          if ((word & flag) != 0) return;
          word |= flag;
          const std::size_t distance = distance_words(q, impl.code(c), impl.words);
          if (distance <= radius) result.push_back({c, distance});
        });
      });
    }
  }
  std::sort(result.begin(), result.end(), neighbour_less);
  return result;
}

std::vector<Neighbour> HammingIndex::knn_search(const BitHash& query, std::size_t k) const {
  impl_->check_query(query, "hamming index k-NN search");
  const Impl& impl = *impl_;
  if (k == 0) return {};
  if (k >= size()) return linear_knn_search(query, k);

  const std::uint64_t* q = query.words().data();
  const std::size_t m = impl.tables.size();
  std::vector<std::uint64_t> seen((size() + 63) / 64, 0);
  std::vector<Neighbour> found;
  // histogram[d] = number of seen codes at distance d.
  std::vector<std::size_t> histogram(impl.bits + 1, 0);
  std::size_t longest = 0;
  for (const Impl::Table& table : impl.tables) longest = std::max(longest, table.length);

  double probes = 0.0;
  for (std::size_t level = 0; level <= longest; ++level) {
    double level_probes = 0.0;
    for (const Impl::Table& table : impl.tables) level_probes += binomial(table.length, level);
    // Probing costs at least as much as scanning from here on: scan, which is exact as well.
    if (kProbeCost * (probes + level_probes) >= static_cast<double>(size())) return linear_knn_search(query, k);
    probes += level_probes;

    for (std::size_t i = 0; i < m; ++i) {
      const Impl::Table& table = impl.tables[i];
      const std::uint64_t key = extract_bits(q, table.begin, table.length);
      for_each_mask(table.length, level, [&](std::uint64_t mask) {
        table.for_each_member(key ^ mask, [&](std::uint32_t c) {
          std::uint64_t& word = seen[c / 64];
          const std::uint64_t flag = std::uint64_t{1} << (c % 64);
          if ((word & flag) != 0) return;
          word |= flag;
          const std::size_t distance = distance_words(q, impl.code(c), impl.words);
          found.push_back({c, distance});
          ++histogram[distance];
        });
      });

      // Codes not seen yet differ in at least level + 1 bits in substrings 0..i and in at least
      // `level` bits in the others, so every code within `bound` has been seen.
      const std::size_t bound = std::min(impl.bits, m * level + i);
      std::size_t within = 0;
      for (std::size_t d = 0; d <= bound && within < k; ++d) within += histogram[d];
      if (within >= k) {
        std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k), found.end(), neighbour_less);
        found.resize(k);
        return found;
      }
    }
  }
  return linear_knn_search(query, k);
}

// ---------------------------------------------------------------------------------------------
// Index files

namespace {

std::uint64_t fnv1a(const std::uint8_t* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int b = 0; b < 4; ++b) out.push_back(static_cast<std::uint8_t>(value >> (8 * b)));
}

void put_u64(std::vector<std::uint8_t>& out, std::uint64_t value) {
  for (int b = 0; b < 8; ++b) out.push_back(static_cast<std::uint8_t>(value >> (8 * b)));
}

// Bounds-checked little-endian reader over the bytes of one file.
class Reader {
 public:
  Reader(const std::vector<std::uint8_t>& bytes, std::size_t end, const std::filesystem::path& path)
      : bytes_(bytes), end_(end), path_(path) {}

  std::size_t remaining() const { return end_ - position_; }
  std::size_t position() const { return position_; }

  [[noreturn]] void fail(std::string_view reason) const {
    throw IoError(fmt::format("load index: {}: {} at byte {}; rebuild the index with `erlangen hash index`",
                              path_.string(), reason, position_));
  }

  void need(std::size_t count, std::string_view field) const {
    if (count > remaining()) {
      fail(fmt::format("file is truncated: {} needs {} bytes but {} remain", field, count, remaining()));
    }
  }

  std::uint32_t u32(std::string_view field) {
    need(4, field);
    std::uint32_t value = 0;
    for (int b = 0; b < 4; ++b) value |= static_cast<std::uint32_t>(bytes_[position_ + b]) << (8 * b);
    position_ += 4;
    return value;
  }

  std::uint64_t u64(std::string_view field) {
    need(8, field);
    std::uint64_t value = 0;
    for (int b = 0; b < 8; ++b) value |= static_cast<std::uint64_t>(bytes_[position_ + b]) << (8 * b);
    position_ += 8;
    return value;
  }

  std::string text(std::size_t length, std::string_view field) {
    need(length, field);
    std::string value(reinterpret_cast<const char*>(bytes_.data() + position_), length);
    position_ += length;
    return value;
  }

 private:
  const std::vector<std::uint8_t>& bytes_;
  std::size_t end_;
  const std::filesystem::path& path_;
  std::size_t position_ = 0;
};

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw IoError(fmt::format("load index: {}: file not found; check the path", path.string()));
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw IoError(fmt::format("load index: {}: not a regular file; pass an index file written by `erlangen hash index`",
                              path.string()));
  }
  // The file size, checked against `max_bytes`, bounds this allocation; no field of the file is
  // trusted before the checks.
  const std::string text = io::read_whole_file(path, max_bytes, "load index", "raise max_bytes");
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

}  // namespace

void save_index(const std::filesystem::path& path, const HammingIndex& index) {
  std::vector<std::uint8_t> out;
  out.insert(out.end(), std::begin(kMagic), std::end(kMagic));
  put_u32(out, kVersion);
  put_u32(out, static_cast<std::uint32_t>(index.bits()));
  put_u64(out, index.size());
  if (index.algorithm().size() > kMaxAlgorithmBytes) {
    throw_invalid_argument("save index", "algorithm name length", index.algorithm().size(),
                           fmt::format("at most {} bytes", kMaxAlgorithmBytes), "use a registered algorithm name");
  }
  put_u32(out, static_cast<std::uint32_t>(index.algorithm().size()));
  out.insert(out.end(), index.algorithm().begin(), index.algorithm().end());
  for (std::size_t i = 0; i < index.size(); ++i) {
    const std::string& id = index.id(i);
    if (id.size() > kMaxIdBytes) {
      throw_invalid_argument("save index", fmt::format("id {} length", i), id.size(),
                             fmt::format("at most {} bytes", kMaxIdBytes), "shorten the path or label");
    }
    put_u32(out, static_cast<std::uint32_t>(id.size()));
    out.insert(out.end(), id.begin(), id.end());
  }
  for (std::size_t i = 0; i < index.size(); ++i) {
    const BitHash code = index.code(i);  // a named copy: words() views its storage
    for (std::uint64_t word : code.words()) put_u64(out, word);
  }
  put_u64(out, fnv1a(out.data(), out.size()));

  io::AtomicFile file(path, "save index");
  file.write(std::span<const std::uint8_t>(out));
  file.commit();
}

HammingIndex load_index(const std::filesystem::path& path, std::size_t substrings, std::uint64_t max_bytes) {
  const std::vector<std::uint8_t> bytes = read_file_bytes(path, max_bytes);
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw IoError(fmt::format("load index: {}: wrong magic, not an erlangen hash index (expected the bytes "
                              "\"ERLHIDX\\0\" at the start); pass a file written by `erlangen hash index`",
                              path.string()));
  }
  if (bytes.size() < sizeof(kMagic) + 8) {
    throw IoError(fmt::format("load index: {}: file is truncated: {} bytes, shorter than the header; rebuild the "
                              "index with `erlangen hash index`",
                              path.string(), bytes.size()));
  }
  // The checksum is the last 8 bytes; the reader stops before it.
  Reader reader(bytes, bytes.size() - 8, path);
  reader.text(sizeof(kMagic), "magic");
  const std::uint32_t version = reader.u32("version");
  if (version != kVersion) {
    reader.fail(fmt::format("format version {} is not supported (this build reads version {})", version, kVersion));
  }
  const std::uint32_t bits = reader.u32("bit length");
  if (bits == 0 || bits > kMaxBits) reader.fail(fmt::format("bit length {} is outside 1..{}", bits, kMaxBits));
  const std::uint64_t count = reader.u64("code count");
  const std::size_t words = words_for(bits);
  // Every code needs at least a 4-byte id length and its words: reject counts the file cannot hold
  // before reserving anything for them.
  const std::uint64_t per_code = 4 + 8 * static_cast<std::uint64_t>(words);
  if (count > kMaxCodes || count > reader.remaining() / per_code) {
    reader.fail(fmt::format("file is truncated or damaged: code count {} does not fit the {} bytes left ({} bytes "
                            "per code at least)",
                            count,
                            reader.remaining(), per_code));
  }
  const std::uint32_t algorithm_length = reader.u32("algorithm name length");
  if (algorithm_length > kMaxAlgorithmBytes) {
    reader.fail(fmt::format("algorithm name length {} exceeds {}", algorithm_length, kMaxAlgorithmBytes));
  }
  std::string algorithm = reader.text(algorithm_length, "algorithm name");

  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint32_t length = reader.u32("id length");
    if (length > kMaxIdBytes) reader.fail(fmt::format("id {} length {} exceeds {}", i, length, kMaxIdBytes));
    ids.push_back(reader.text(length, "id"));
  }
  reader.need(static_cast<std::size_t>(count) * words * 8, "codes");

  std::vector<BitHash> codes;
  codes.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    BitHash code(bits);
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t word = reader.u64("code word");
      const std::size_t valid = std::min<std::size_t>(64, bits - w * 64);
      if (valid < 64 && (word >> valid) != 0) reader.fail(fmt::format("code {} has non-zero padding bits", i));
      for (std::size_t b = 0; b < valid; ++b) {
        if (((word >> b) & 1U) != 0) code.set(w * 64 + b, true);
      }
    }
    codes.push_back(std::move(code));
  }
  if (reader.remaining() != 0) {
    reader.fail(fmt::format("{} unexpected bytes follow the codes", reader.remaining()));
  }
  std::uint64_t stored = 0;
  for (int b = 0; b < 8; ++b) stored |= static_cast<std::uint64_t>(bytes[bytes.size() - 8 + b]) << (8 * b);
  const std::uint64_t computed = fnv1a(bytes.data(), bytes.size() - 8);
  if (stored != computed) {
    throw IoError(fmt::format("load index: {}: checksum mismatch (stored {:016x}, computed {:016x}), the file is "
                              "damaged; rebuild the index with `erlangen hash index`",
                              path.string(), stored, computed));
  }
  return HammingIndex(std::move(algorithm), bits, std::move(ids), std::move(codes), substrings);
}

}  // namespace erlangen::forensics
