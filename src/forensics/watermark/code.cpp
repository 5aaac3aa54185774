// CRC-16 and the rate 1/2, constraint length 7 convolutional code with soft Viterbi decoding.
#include "erlangen/forensics/watermark/code.hpp"

#include <array>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::forensics::watermark {
namespace {

constexpr int kConstraintLength = 7;
constexpr int kStates = 1 << (kConstraintLength - 1);  // 64
constexpr unsigned kGenerator0 = 0171;
constexpr unsigned kGenerator1 = 0133;

int parity(unsigned value) { return __builtin_parity(value); }

// The shift register contains the current input in bit 6 and the six previous inputs below it, the
// most recent in bit 5. The state is the six previous inputs (bits 5..0 of the register).
struct Branch {
  std::uint8_t out0;
  std::uint8_t out1;
};

std::array<std::array<Branch, 2>, kStates> make_trellis() {
  std::array<std::array<Branch, 2>, kStates> trellis{};
  for (unsigned state = 0; state < kStates; ++state) {
    for (unsigned input = 0; input < 2; ++input) {
      const unsigned reg = (input << 6) | state;
      trellis[state][input] = {static_cast<std::uint8_t>(parity(reg & kGenerator0)),
                               static_cast<std::uint8_t>(parity(reg & kGenerator1))};
    }
  }
  return trellis;
}

const std::array<std::array<Branch, 2>, kStates>& trellis() {
  static const auto table = make_trellis();
  return table;
}

unsigned next_state(unsigned state, unsigned input) { return ((input << 6) | state) >> 1; }

// Viterbi search; `forced_index` >= 0 restricts information bit forced_index to forced_value.
ViterbiResult run_viterbi(std::span<const double> soft, std::size_t information_bits, std::ptrdiff_t forced_index,
                          unsigned forced_value) {
  const std::size_t steps = information_bits + kConstraintLength - 1;
  constexpr double kUnreachable = -std::numeric_limits<double>::infinity();
  std::array<double, kStates> metric{};
  metric.fill(kUnreachable);
  metric[0] = 0.0;
  // predecessor[t][s]: the state before step t on the survivor that ends in s after step t.
  std::vector<std::array<std::uint8_t, kStates>> predecessor(steps);
  const auto& table = trellis();

  for (std::size_t t = 0; t < steps; ++t) {
    std::array<double, kStates> next{};
    next.fill(kUnreachable);
    const bool tail = t >= information_bits;
    const double s0 = soft[2 * t];
    const double s1 = soft[2 * t + 1];
    for (unsigned state = 0; state < kStates; ++state) {
      if (metric[state] == kUnreachable) continue;
      for (unsigned input = 0; input < 2; ++input) {
        if (tail && input == 1) continue;
        if (static_cast<std::ptrdiff_t>(t) == forced_index && input != forced_value) continue;
        const Branch branch = table[state][input];
        const double candidate =
            metric[state] + (branch.out0 ? s0 : -s0) + (branch.out1 ? s1 : -s1);
        const unsigned target = next_state(state, input);
        if (candidate > next[target]) {
          next[target] = candidate;
          predecessor[t][target] = static_cast<std::uint8_t>(state);
        }
      }
    }
    metric = next;
  }

  ViterbiResult result;
  result.metric = metric[0];
  result.bits.assign(information_bits, 0);
  unsigned state = 0;
  for (std::size_t t = steps; t-- > 0;) {
    // The input of step t is the top bit of the register, which the shift leaves in bit 5.
    const unsigned input = (state >> 5) & 1U;
    if (t < information_bits) result.bits[t] = static_cast<std::uint8_t>(input);
    state = predecessor[t][state];
  }
  return result;
}

}  // namespace

Bits crc16(const Bits& bits) {
  std::uint16_t crc = 0xFFFF;
  for (std::uint8_t bit : bits) {
    const bool feedback = ((crc >> 15) & 1U) != (bit & 1U);
    crc = static_cast<std::uint16_t>(crc << 1);
    if (feedback) crc ^= 0x1021;
  }
  Bits out(16);
  for (int i = 0; i < 16; ++i) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((crc >> (15 - i)) & 1U);
  return out;
}

std::size_t convolutional_coded_length(std::size_t information_bits) {
  return 2 * (information_bits + kConstraintLength - 1);
}

Bits convolutional_encode(const Bits& bits) {
  Bits coded;
  coded.reserve(convolutional_coded_length(bits.size()));
  const auto& table = trellis();
  unsigned state = 0;
  auto push = [&](unsigned input) {
    const Branch branch = table[state][input];
    coded.push_back(branch.out0);
    coded.push_back(branch.out1);
    state = next_state(state, input);
  };
  for (std::uint8_t bit : bits) push(bit & 1U);
  for (int i = 0; i < kConstraintLength - 1; ++i) push(0);
  return coded;
}

ViterbiResult viterbi_decode(std::span<const double> soft, std::size_t information_bits, bool reliabilities) {
  if (soft.size() != convolutional_coded_length(information_bits)) {
    throw InvalidArgument(fmt::format(
        "viterbi_decode: the soft value count is {}, expected 2 (L + 6) = {} for L = {} information bits; "
        "pass one soft value per coded bit",
        soft.size(), convolutional_coded_length(information_bits), information_bits));
  }
  ViterbiResult best = run_viterbi(soft, information_bits, -1, 0);
  if (!reliabilities) return best;
  best.reliability.resize(information_bits);
  for (std::size_t i = 0; i < information_bits; ++i) {
    const ViterbiResult other = run_viterbi(soft, information_bits, static_cast<std::ptrdiff_t>(i), best.bits[i] ^ 1U);
    // The log-likelihood of a codeword is a constant plus half its metric, so half the metric
    // difference is the max-log log-likelihood ratio of the bit.
    best.reliability[i] = 0.5 * (best.metric - other.metric);
  }
  return best;
}

}  // namespace erlangen::forensics::watermark
