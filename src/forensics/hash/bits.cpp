#include "erlangen/forensics/hash/bits.hpp"

#include <bit>

#include "erlangen/core/error.hpp"

namespace erlangen::forensics {

namespace {
constexpr std::size_t kMaxBits = std::size_t{1} << 20;
}

BitHash::BitHash(std::size_t bits) : bits_(bits) {
  if (bits == 0 || bits > kMaxBits) {
    throw_invalid_argument("hash", "bits", bits, "an integer in [1, 1048576]",
                           "choose a hash length in that range");
  }
  words_.assign((bits + 63) / 64, 0);
}

bool BitHash::bit(std::size_t k) const {
  ERLANGEN_ASSERT(k < bits_);
  return ((words_[k / 64] >> (k % 64)) & 1U) != 0;
}

void BitHash::set(std::size_t k, bool value) {
  ERLANGEN_ASSERT(k < bits_);
  const std::uint64_t mask = std::uint64_t{1} << (k % 64);
  if (value) {
    words_[k / 64] |= mask;
  } else {
    words_[k / 64] &= ~mask;
  }
}

std::size_t hamming_distance(const BitHash& a, const BitHash& b) {
  if (a.size() != b.size()) {
    throw InvalidArgument(fmt::format(
        "hash distance: the hashes have {} and {} bits, expected equal lengths; compare hashes "
        "of the same algorithm and settings",
        a.size(), b.size()));
  }
  std::size_t distance = 0;
  const auto wa = a.words();
  const auto wb = b.words();
  for (std::size_t i = 0; i < wa.size(); ++i) {
    distance += static_cast<std::size_t>(std::popcount(wa[i] ^ wb[i]));
  }
  return distance;
}

}  // namespace erlangen::forensics
