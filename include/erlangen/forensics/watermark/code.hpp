// Channel coding of watermark payloads: a CRC to check the decoded payload and a convolutional
// code with soft-decision Viterbi decoding.
//
// Convention for soft values: a positive value favours coded bit 1 and its magnitude is a
// log-likelihood ratio, log P(bit = 1) / P(bit = 0), or any positive multiple of one (the decoder
// only compares sums, so a common scale changes nothing but the reliabilities).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "erlangen/forensics/watermark/watermark.hpp"

namespace erlangen::forensics::watermark {

// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR) of a
// bit string, most significant bit first. Returns its 16 bits, most significant first. It detects
// every error burst of at most 16 bits and a random corruption with probability 1 - 2^-16.
Bits crc16(const Bits& bits);

// The convolutional code of constraint length 7 and rate 1/2 with the generators 171 and 133
// (octal), the code of the CCSDS and 802.11 standards (free distance 10). The encoder starts in
// state 0 and appends 6 zero tail bits, so it returns 2 (L + 6) coded bits for L information bits:
// for each input bit, the output of generator 171 first, then that of 133.
Bits convolutional_encode(const Bits& bits);
std::size_t convolutional_coded_length(std::size_t information_bits);

struct ViterbiResult {
  Bits bits;  // the information bits of the best terminated path
  // Per information bit: the max-log reliability, half the best path metric minus the best metric
  // of a path with that bit flipped (>= 0). It is the max-log log-likelihood ratio of the bit when
  // the inputs are log-likelihood ratios. Empty unless requested.
  std::vector<double> reliability;
  // Sum over coded bits of soft * (2 c - 1) for the decoded codeword c.
  double metric = 0.0;
};

// Maximum-likelihood decoding of a terminated codeword of convolutional_encode from soft values
// (2 (L + 6) of them). With `reliabilities`, it runs one constrained search per bit (cost L times
// that of one decoding). Throws InvalidArgument when the soft value count does not match L.
ViterbiResult viterbi_decode(std::span<const double> soft, std::size_t information_bits, bool reliabilities = false);

}  // namespace erlangen::forensics::watermark
