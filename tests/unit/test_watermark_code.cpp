// The watermark channel code: CRC-16 and the rate 1/2, K = 7 convolutional code with soft Viterbi.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/watermark/code.hpp"

namespace erlangen::forensics::watermark {
namespace {

Bits random_bits(std::size_t count, std::uint32_t seed) {
  std::mt19937 generator(seed);
  Bits bits(count);
  for (auto& bit : bits) bit = static_cast<std::uint8_t>(generator() & 1U);
  return bits;
}

// Soft values of a noiseless channel: +1 for a coded 1, -1 for a coded 0.
std::vector<double> clean_soft(const Bits& coded) {
  std::vector<double> soft;
  for (std::uint8_t bit : coded) soft.push_back(bit ? 1.0 : -1.0);
  return soft;
}

TEST(WatermarkCrc, KnownCheckValue) {
  // CRC-16/CCITT-FALSE of the ASCII bytes "123456789" is 0x29B1 (the catalogued check value).
  Bits bits;
  for (char c : std::string("123456789")) {
    for (int i = 7; i >= 0; --i) bits.push_back(static_cast<std::uint8_t>((c >> i) & 1));
  }
  const Bits crc = crc16(bits);
  unsigned value = 0;
  for (std::uint8_t bit : crc) value = (value << 1) | bit;
  EXPECT_EQ(value, 0x29B1U);
}

TEST(WatermarkCrc, CatchesEverySingleFlip) {
  const Bits payload = random_bits(64, 1);
  const Bits reference = crc16(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    Bits corrupted = payload;
    corrupted[i] ^= 1U;
    EXPECT_NE(crc16(corrupted), reference) << "flip at bit " << i;
  }
}

TEST(WatermarkCrc, CatchesRandomCorruption) {
  // A random corruption passes with probability 2^-16, so 2000 trials expect 0.03 misses. Three
  // or more misses would mean the CRC is broken.
  const Bits payload = random_bits(96, 2);
  const Bits reference = crc16(payload);
  std::mt19937 generator(3);
  int misses = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    Bits corrupted = payload;
    for (auto& bit : corrupted) bit ^= static_cast<std::uint8_t>(generator() & 1U);
    if (corrupted != payload && crc16(corrupted) == reference) ++misses;
  }
  EXPECT_LT(misses, 3);
}

TEST(WatermarkConvolutional, CodedLengthAndKnownPrefix) {
  EXPECT_EQ(convolutional_coded_length(64), 140U);
  // A single 1 followed by zeros gives the impulse response: the generator taps 171 and 133 octal
  // (1111001 and 1011011) interleaved, from the most significant tap down.
  Bits impulse(1, 1);
  const Bits coded = convolutional_encode(impulse);
  ASSERT_EQ(coded.size(), 14U);
  const Bits expected = {1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1};
  EXPECT_EQ(coded, expected);
}

TEST(WatermarkConvolutional, RoundTripClean) {
  for (std::size_t length : {1U, 8U, 64U, 272U}) {
    const Bits bits = random_bits(length, static_cast<std::uint32_t>(length));
    const ViterbiResult decoded = viterbi_decode(clean_soft(convolutional_encode(bits)), length, true);
    EXPECT_EQ(decoded.bits, bits) << "length " << length;
    ASSERT_EQ(decoded.reliability.size(), length);
    // The free distance is 10: flipping one bit changes at least 10 coded bits of weight 1, so the
    // max-log reliability (half the metric gap of 2 per coded bit) is at least 10.
    for (double r : decoded.reliability) EXPECT_GE(r, 10.0 - 1e-12);
  }
}

TEST(WatermarkConvolutional, CorrectsBurstOfFlippedSoftBits) {
  const Bits bits = random_bits(80, 7);
  std::vector<double> soft = clean_soft(convolutional_encode(bits));
  // A burst of 4 consecutive wrong coded bits (below half the free distance) at two places far
  // apart, plus weak noise everywhere.
  for (std::size_t i = 40; i < 44; ++i) soft[i] = -soft[i];
  for (std::size_t i = 120; i < 124; ++i) soft[i] = -soft[i];
  std::mt19937 generator(8);
  std::normal_distribution<double> noise(0.0, 0.3);
  for (double& value : soft) value += noise(generator);
  const ViterbiResult decoded = viterbi_decode(soft, bits.size(), true);
  EXPECT_EQ(decoded.bits, bits);
  // Soft values of the flipped bits near the burst pull the reliabilities there down.
  EXPECT_LT(decoded.reliability[21], decoded.reliability[5]);
}

TEST(WatermarkConvolutional, ErasedQuarterStillDecodes) {
  // Erasing every fourth soft value (set to 0) still leaves enough distance for a clean decoding of
  // a noiseless channel.
  const Bits bits = random_bits(64, 9);
  std::vector<double> soft = clean_soft(convolutional_encode(bits));
  for (std::size_t i = 0; i < soft.size(); i += 4) soft[i] = 0.0;
  EXPECT_EQ(viterbi_decode(soft, bits.size()).bits, bits);
}

TEST(WatermarkConvolutional, WrongSoftCountThrows) {
  const std::vector<double> soft(10, 1.0);
  EXPECT_THROW(viterbi_decode(soft, 64), InvalidArgument);
}

}  // namespace
}  // namespace erlangen::forensics::watermark
