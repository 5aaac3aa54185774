// Exact Hamming-space search over many binary hashes of one length, by multi-index hashing
// (Norouzi, Punjani and Fleet, "Fast Exact Search in Hamming Space with Multi-Index Hashing",
// CVPR 2012 and IEEE TPAMI 2014).
//
// Each b-bit code is split into m disjoint substrings of floor(b/m) or ceil(b/m) bits, and each
// substring position gets its own table from substring value to the codes that have it. If
// two codes are within Hamming distance r, then by the pigeonhole principle at least one of their
// m substrings differs in at most floor(r/m) bits. An r-neighbour query therefore probes, in
// every table, all substring values within floor(r/m) bits of the query's substring and keeps
// the candidates whose full distance is at most r. The result equals a linear scan exactly.
// A k-NN query raises the substring radius step by step. After probing substring radius s in
// tables 0..i, every code not yet seen has a distance of at least m*s + i + 1, so the search
// stops as soon as k seen codes lie within that bound.
//
// When the probes of a query would cost more than a linear scan (a large r, or a k-NN query whose
// neighbours are far away), by a cost estimate in index.cpp, the query scans linearly instead. The
// result is the same and arrives sooner.
//
// Results are sorted by (distance, position in the index). Queries are const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "erlangen/forensics/hash/bits.hpp"

namespace erlangen::forensics {

// One query result: the position of a code in the index and its Hamming distance to the query.
struct Neighbour {
  std::size_t index = 0;
  std::size_t distance = 0;
  friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

class HammingIndex {
 public:
  // Builds the substring tables for `codes`, which must all have `bits` bits, with one id per code
  // (a path or any label; ids need not be unique). substrings = 0 chooses
  // m = round(bits / log2(count)), the choice of Norouzi et al., clamped to [ceil(bits / 64), bits]
  // so that a substring fits in 64 bits. `algorithm` names the hash that produced the codes and
  // is stored in index files. Throws InvalidArgument for bits outside [1, 1 << 20], a code of
  // another length, ids and codes of different counts, more than 2^32 - 1 codes, or substrings
  // outside [ceil(bits / 64), bits].
  HammingIndex(std::string algorithm, std::size_t bits, std::vector<std::string> ids, std::vector<BitHash> codes,
               std::size_t substrings = 0);
  HammingIndex(const HammingIndex&) = delete;
  HammingIndex& operator=(const HammingIndex&) = delete;
  HammingIndex(HammingIndex&&) noexcept;
  HammingIndex& operator=(HammingIndex&&) noexcept;
  ~HammingIndex();

  const std::string& algorithm() const;
  std::size_t bits() const;
  std::size_t size() const;
  std::size_t substrings() const;
  const std::string& id(std::size_t index) const;
  BitHash code(std::size_t index) const;

  // Every code within Hamming distance `radius` of the query (radius >= bits returns all).
  // Throws InvalidArgument when the query length differs from bits().
  std::vector<Neighbour> radius_search(const BitHash& query, std::size_t radius) const;
  // The k nearest codes (fewer when the index is smaller), ties broken by position.
  std::vector<Neighbour> knn_search(const BitHash& query, std::size_t k) const;

  // The same queries by a linear scan over every code: the oracle for radius_search and
  // knn_search.
  std::vector<Neighbour> linear_radius_search(const BitHash& query, std::size_t radius) const;
  std::vector<Neighbour> linear_knn_search(const BitHash& query, std::size_t k) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Index file, all integers little-endian:
//   bytes 0..7    magic "ERLHIDX\0"
//   u32           format version (1)
//   u32           bits per code, 1..1048576
//   u64           code count
//   u32, bytes    algorithm name length (at most 64) and the name in UTF-8
//   count times   u32 id length (at most 4096) and the id bytes
//   count times   ceil(bits / 64) u64 words of the code (bit k in word k / 64 at k % 64;
//                 padding bits of the last word are zero)
//   u64           FNV-1a 64-bit checksum of every byte before it
// The substring tables are not stored: loading rebuilds them.

// Writes the index atomically (temporary file, then rename). Throws IoError naming the path.
void save_index(const std::filesystem::path& path, const HammingIndex& index);

// Reads an index file. Every length and count is checked against the bytes left in the file
// before anything is allocated for it, so a short or damaged file throws IoError (naming the
// path, the field and the fix) instead of allocating or reading past the end: wrong magic,
// unsupported version, bits out of range, counts or lengths that do not fit the file size,
// non-zero padding bits, a checksum mismatch and trailing bytes are all rejected.
// `substrings` is passed to the HammingIndex constructor.
// A file larger than `max_bytes` throws LimitExceeded before it is read.
HammingIndex load_index(const std::filesystem::path& path, std::size_t substrings = 0,
                        std::uint64_t max_bytes = std::uint64_t{1} << 30);

}  // namespace erlangen::forensics
