// Binary perceptual hashes: a fixed-length bit string and the result record every hash returns.
//
// Bit k of a BitHash sits in word k / 64 at position k % 64 (bit 0 of word 0 is the least
// significant bit of the first word). That layout is internal: each algorithm defines its own
// hexadecimal form (imagehash prints bits row by row, PDQ prints 16-bit words from the last to the
// first), so the hex conversion lives with the algorithm, not here.
//
// The Hamming distance of two hashes is popcount(a XOR b). It is defined only for hashes of the
// same length; a mismatch is a caller error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace erlangen::forensics {

class BitHash {
 public:
  BitHash() = default;
  // All bits zero. Throws InvalidArgument when bits is 0 or above 1 << 20.
  explicit BitHash(std::size_t bits);

  std::size_t size() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  bool bit(std::size_t k) const;  // k < size()
  void set(std::size_t k, bool value);

  // ceil(size() / 64) words; bits past size() in the last word are zero.
  std::span<const std::uint64_t> words() const { return words_; }

  friend bool operator==(const BitHash& a, const BitHash& b) = default;

 private:
  std::size_t bits_ = 0;
  std::vector<std::uint64_t> words_;
};

// popcount(a XOR b). Throws InvalidArgument when the lengths differ.
std::size_t hamming_distance(const BitHash& a, const BitHash& b);

// What every hash function returns.
struct HashResult {
  std::string algorithm;  // "ahash", "dhash", "phash", "pdq", "moment", ...
  BitHash bits;
  // Information content of the image on the algorithm's own 0..100 scale (PDQ's gradient score;
  // other algorithms document theirs). A hash whose quality is below low_quality_below is not
  // meaningful for matching: uniform and near-uniform images land there.
  int quality = 100;
  bool low_quality = false;
  // Hashes of the 8 rotations and flips when the algorithm computes them (PDQ with
  // HashOptions::pdq_dihedral); empty otherwise. Element 0 equals `bits`; the algorithm documents
  // the order.
  std::vector<BitHash> dihedral;
  // Signed distance of each bit's value from its threshold, in the algorithm's own units and in
  // bit order. It is positive where the bit is 1 (up to the tolerance of values at the threshold),
  // and its magnitude is how far the value is from flipping the bit. NaN for a bit that no value
  // controls. Empty for a hash parsed from hex. Attacks use it as a soft score (hash_attack.hpp);
  // it is not part of the hash and never compared.
  std::vector<double> margins;
};

}  // namespace erlangen::forensics
