// Unit tests of the bit-string type shared by every perceptual hash.
#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/bits.hpp"

namespace erlangen::forensics {
namespace {

TEST(HashBits, SetGetAndLayout) {
  BitHash h(70);
  EXPECT_EQ(h.size(), 70U);
  ASSERT_EQ(h.words().size(), 2U);
  h.set(0, true);
  h.set(65, true);
  EXPECT_TRUE(h.bit(0));
  EXPECT_FALSE(h.bit(1));
  EXPECT_TRUE(h.bit(65));
  EXPECT_EQ(h.words()[0], 1U);
  EXPECT_EQ(h.words()[1], 2U);  // bit 65 is bit 1 of word 1
  h.set(0, false);
  EXPECT_EQ(h.words()[0], 0U);
}

TEST(HashBits, HammingDistanceCountsDifferingBits) {
  BitHash a(256);
  BitHash b(256);
  for (std::size_t k = 0; k < 256; k += 3) a.set(k, true);
  for (std::size_t k = 0; k < 256; k += 5) b.set(k, true);
  std::size_t expected = 0;
  for (std::size_t k = 0; k < 256; ++k) expected += (k % 3 == 0) != (k % 5 == 0) ? 1 : 0;
  EXPECT_EQ(hamming_distance(a, b), expected);
  EXPECT_EQ(hamming_distance(a, a), 0U);
  EXPECT_NE(a, b);
}

TEST(HashBits, RejectsBadLengths) {
  EXPECT_THROW(BitHash(0), InvalidArgument);
  EXPECT_THROW(hamming_distance(BitHash(64), BitHash(256)), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::forensics
