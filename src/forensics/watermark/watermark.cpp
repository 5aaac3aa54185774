// Keys, payloads and the binomial test shared by every watermark scheme.
#include "erlangen/forensics/watermark/watermark.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"

namespace erlangen::forensics::watermark {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string_view strip_0x(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Index of the first character that is not a hex digit, or npos.
std::size_t first_non_hex(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (hex_value(text[i]) < 0) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::uint64_t WatermarkKey::seed(std::uint64_t stream) const {
  std::uint64_t state = 0x65726c61ULL ^ (stream * 0xD1B54A32D192ED03ULL);
  std::uint64_t mixed = splitmix64(state);
  for (std::uint8_t byte : bytes) {
    state ^= static_cast<std::uint64_t>(byte) + (mixed << 8);
    mixed = splitmix64(state);
  }
  return mixed;
}

WatermarkKey parse_key(std::string_view text) {
  const std::string_view digits = strip_0x(text);
  const std::size_t bad = first_non_hex(digits);
  if (bad != std::string_view::npos) {
    throw InvalidArgument(fmt::format(
        "watermark: key '{}' has the non-hexadecimal character '{}', expected 8 to 64 hexadecimal "
        "digits; pass a key such as 0123456789abcdef",
        text, digits[bad]));
  }
  if (digits.size() < 8 || digits.size() > 64) {
    throw InvalidArgument(fmt::format(
        "watermark: key has {} hexadecimal digits, expected 8 to 64 (32 to 256 bits); pass a key "
        "such as 0123456789abcdef",
        digits.size()));
  }
  WatermarkKey key;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const int high = hex_value(digits[i]);
    const int low = i + 1 < digits.size() ? hex_value(digits[i + 1]) : 0;
    key.bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  // An odd digit count must not collide with the same digits followed by 0.
  key.bytes.push_back(static_cast<std::uint8_t>(digits.size()));
  return key;
}

Bits parse_hex_payload(std::string_view hex) {
  const std::string_view digits = strip_0x(hex);
  if (digits.empty() || digits.size() > 64) {
    throw InvalidArgument(fmt::format(
        "watermark: hexadecimal message has {} digits, expected 1 to 64 (4 to 256 bits); pass for "
        "example --message 0badcafe",
        digits.size()));
  }
  const std::size_t bad = first_non_hex(digits);
  if (bad != std::string_view::npos) {
    throw InvalidArgument(fmt::format(
        "watermark: message '{}' has the non-hexadecimal character '{}'; pass hexadecimal digits or "
        "use --text for a text message",
        hex, digits[bad]));
  }
  Bits bits;
  for (char c : digits) {
    const int value = hex_value(c);
    for (int b = 3; b >= 0; --b) bits.push_back(static_cast<std::uint8_t>((value >> b) & 1));
  }
  return bits;
}

Bits parse_text_payload(std::string_view text) {
  if (text.empty() || text.size() > 32) {
    throw InvalidArgument(fmt::format(
        "watermark: text message has {} bytes, expected 1 to 32 (8 to 256 bits); shorten the text",
        text.size()));
  }
  Bits bits;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    for (int b = 7; b >= 0; --b) bits.push_back(static_cast<std::uint8_t>((byte >> b) & 1));
  }
  return bits;
}

std::string bits_to_hex(const Bits& bits) {
  std::string hex;
  for (std::size_t i = 0; i < bits.size(); i += 4) {
    int value = 0;
    for (std::size_t b = 0; b < 4; ++b) {
      value = value * 2 + (i + b < bits.size() ? (bits[i + b] & 1) : 0);
    }
    hex.push_back("0123456789abcdef"[value]);
  }
  return hex;
}

double binomial_tail(std::size_t n, std::size_t k) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  // Sum of C(n, j) / 2^n for j >= k, in log space with the terms built by the ratio recurrence
  // C(n, j + 1) = C(n, j) (n - j) / (j + 1), starting from log C(n, k) = lgamma terms.
  const double nd = static_cast<double>(n);
  double log_term = std::lgamma(nd + 1.0) - std::lgamma(static_cast<double>(k) + 1.0) -
                    std::lgamma(nd - static_cast<double>(k) + 1.0) - nd * std::log(2.0);
  double sum = 0.0;
  const double first = log_term;
  for (std::size_t j = k; j <= n; ++j) {
    sum += std::exp(log_term - first);
    log_term += std::log(static_cast<double>(n - j)) - std::log(static_cast<double>(j + 1));
    if (j == n) break;
  }
  return std::min(1.0, std::exp(first) * sum);
}

std::size_t binomial_threshold(std::size_t n, double fpr) {
  if (!(fpr > 0.0 && fpr < 1.0)) {
    throw_invalid_argument("watermark", "fpr", fmt::format("{}", fpr), "(0, 1)",
                           "pass a false positive rate such as 1e-6");
  }
  for (std::size_t k = 0; k <= n; ++k) {
    if (binomial_tail(n, k) <= fpr) return k;
  }
  return n + 1;
}

}  // namespace erlangen::forensics::watermark
