// Registry, input normalisation, dispatch and hexadecimal helpers shared by every perceptual hash.
#include "erlangen/forensics/hash/hash.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/ahash.hpp"
#include "erlangen/forensics/hash/dhash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/forensics/hash/pdq.hpp"
#include "erlangen/forensics/hash/phash.hpp"

namespace erlangen::forensics {

namespace {

// The algorithms of the library, listed by hand: a self-registering object file in a static
// archive that nothing references is dropped by the linker.
std::vector<HashAlgorithm> library_algorithms() {
  return {make_ahash_algorithm(), make_dhash_algorithm(), make_phash_algorithm(), make_pdq_algorithm(),
          make_moment_algorithm(MomentHashMode::rotation), make_moment_algorithm(MomentHashMode::dihedral)};
}

std::vector<HashAlgorithm>& registry() {
  static std::vector<HashAlgorithm> algorithms = library_algorithms();
  return algorithms;
}

std::string joined_names() {
  std::string text;
  for (const std::string& name : hash_algorithms()) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Rejects NaN; clamps to [0, 1].
float checked_sample(float value) {
  if (std::isnan(value)) {
    throw InvalidArgument(
        "hash input: the image contains a NaN sample, expected values in [0, 1]; replace NaN "
        "values before hashing");
  }
  return std::clamp(value, 0.0f, 1.0f);
}

}  // namespace

std::string_view to_string(AlphaPolicy policy) {
  switch (policy) {
    case AlphaPolicy::white: return "white";
    case AlphaPolicy::black: return "black";
    case AlphaPolicy::ignore: return "ignore";
  }
  return "white";
}

AlphaPolicy parse_alpha_policy(std::string_view text) {
  if (text == "white") return AlphaPolicy::white;
  if (text == "black") return AlphaPolicy::black;
  if (text == "ignore") return AlphaPolicy::ignore;
  throw_invalid_argument("hash", "alpha policy", fmt::format("'{}'", text), "white, black or ignore",
                         "pass one of those names");
}

HashAlgorithmRegistrar::HashAlgorithmRegistrar(HashAlgorithm algorithm) {
  registry().push_back(std::move(algorithm));
}

std::vector<std::string> hash_algorithms() {
  std::vector<std::string> names;
  for (const HashAlgorithm& algorithm : registry()) {
    if (std::find(names.begin(), names.end(), algorithm.name) == names.end()) {
      names.push_back(algorithm.name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

const HashAlgorithm& find_hash_algorithm(std::string_view name) {
  for (const HashAlgorithm& algorithm : registry()) {
    if (algorithm.name == name) return algorithm;
  }
  throw_invalid_argument("hash", "algorithm", fmt::format("'{}'", name),
                         fmt::format("one of {}", joined_names()), "pass a registered algorithm name");
}

ImageF hash_input_luma(const ImageF& image, AlphaPolicy policy) {
  const std::ptrdiff_t planes = image.channels();
  if (image.empty()) {
    throw_invalid_argument("hash input", "image size",
                           fmt::format("{}x{}", image.height(), image.width()),
                           "at least 1x1 pixels", "pass a non-empty image");
  }
  if (planes < 1 || planes > 4) {
    throw_invalid_argument("hash input", "plane count", planes,
                           "1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA)",
                           "convert the image to one of those layouts");
  }
  const bool has_alpha = planes == 2 || planes == 4;
  const std::ptrdiff_t colours = has_alpha ? planes - 1 : planes;
  const float background = policy == AlphaPolicy::white ? 1.0f : 0.0f;

  ImageF luma(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      float colour[3];
      for (std::ptrdiff_t c = 0; c < colours; ++c) colour[c] = checked_sample(image(i, j, c));
      if (has_alpha && policy != AlphaPolicy::ignore) {
        const float a = checked_sample(image(i, j, colours));
        for (std::ptrdiff_t c = 0; c < colours; ++c) colour[c] = a * colour[c] + (1.0f - a) * background;
      }
      luma(i, j) = colours == 1 ? colour[0]
                                : 0.299f * colour[0] + 0.587f * colour[1] + 0.114f * colour[2];
    }
  }
  return luma;
}

ImageF read_hash_input(const std::filesystem::path& path, AlphaPolicy policy,
                       io::ReadOptions read_options) {
  const float background = policy == AlphaPolicy::black ? 0.0f : 1.0f;
  read_options.background = {background, background, background};
  io::DecodedImage on_background = io::read_image(path, read_options);
  if (policy != AlphaPolicy::ignore || !on_background.had_alpha) {
    return hash_input_luma(on_background.image, AlphaPolicy::white);
  }

  // Two composites of the same pixels: on white w = a v + 1 - a, on black b = a v. So a = 1 - w + b
  // and v = b / a. Recovering the straight colour costs a second decode but needs no alpha-aware
  // reader.
  read_options.background = {0.0f, 0.0f, 0.0f};
  const io::DecodedImage on_black = io::read_image(path, read_options);
  ImageF colour = on_black.image;
  const ImageF& on_white = on_background.image;
  for (std::ptrdiff_t c = 0; c < colour.channels(); ++c) {
    for (std::ptrdiff_t i = 0; i < colour.height(); ++i) {
      for (std::ptrdiff_t j = 0; j < colour.width(); ++j) {
        const float b = on_black.image(i, j, c);
        const float a = 1.0f - on_white(i, j, c) + b;
        // An alpha below half a code value of 16-bit data counts as fully transparent.
        colour(i, j, c) = a > 0.5f / 65535.0f ? std::clamp(b / a, 0.0f, 1.0f) : 0.0f;
      }
    }
  }
  return hash_input_luma(colour, AlphaPolicy::ignore);
}

namespace {

const HashAlgorithm& validated_algorithm(const HashOptions& options) {
  const HashAlgorithm& algorithm = find_hash_algorithm(options.algorithm);
  for (const auto& [key, value] : options.parameters) {
    const auto& keys = algorithm.parameter_keys;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const std::string accepted =
        keys.empty() ? std::string("none, because it has no parameters") : fmt::format("{}", fmt::join(keys, ", "));
    throw InvalidArgument(fmt::format("{}: parameter '{}' is unknown; accepted keys: {}; remove it or correct its "
                                      "spelling",
                                      algorithm.name, key, accepted));
  }
  if (algorithm.validate) algorithm.validate(options);
  return algorithm;
}

}  // namespace

HashResult compute_hash(const ImageF& image, const HashOptions& options) {
  const HashAlgorithm& algorithm = validated_algorithm(options);
  const ImageF luma = hash_input_luma(image, options.alpha);
  HashResult result = algorithm.compute(luma, options);
  ERLANGEN_ASSERT(result.bits.size() == algorithm.bits(options));
  return result;
}

std::size_t hash_bits(const HashOptions& options) { return validated_algorithm(options).bits(options); }

std::string to_hex(const HashResult& hash) { return find_hash_algorithm(hash.algorithm).to_hex(hash); }

HashResult parse_hex(std::string_view algorithm, std::string_view hex) {
  return find_hash_algorithm(algorithm).parse_hex(hex);
}

std::size_t default_threshold(std::string_view algorithm) {
  HashOptions options;
  options.algorithm = std::string(algorithm);
  return default_threshold(options);
}

std::size_t default_threshold(const HashOptions& options) {
  return validated_algorithm(options).threshold(options);
}

std::string bits_to_hex_msb_first(const BitHash& bits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::size_t digits = (bits.size() + 3) / 4;
  const std::size_t padding = digits * 4 - bits.size();
  std::string hex(digits, '0');
  for (std::size_t d = 0; d < digits; ++d) {
    int value = 0;
    for (std::size_t b = 0; b < 4; ++b) {
      const std::size_t position = d * 4 + b;  // position in the padded string, MSB first
      value <<= 1;
      if (position >= padding && bits.bit(position - padding)) value |= 1;
    }
    hex[d] = kDigits[value];
  }
  return hex;
}

BitHash bits_from_hex_msb_first(std::string_view hex, std::size_t bits, std::string_view algorithm) {
  const std::size_t digits = (bits + 3) / 4;
  const std::string operation = fmt::format("{} hash", algorithm);
  if (hex.size() != digits) {
    throw_invalid_argument(operation, "hex length", hex.size(), fmt::format("{} digits", digits),
                           fmt::format("pass the {} hex form of a {}-bit hash", algorithm, bits));
  }
  const std::size_t padding = digits * 4 - bits;
  BitHash hash(bits);
  for (std::size_t d = 0; d < digits; ++d) {
    const int value = hex_digit_value(hex[d]);
    if (value < 0) {
      throw_invalid_argument(operation, "hex digit", fmt::format("'{}' at position {}", hex[d], d),
                             "0-9, a-f or A-F", "pass the hash as hexadecimal digits");
    }
    for (std::size_t b = 0; b < 4; ++b) {
      const std::size_t position = d * 4 + b;
      const bool set = ((value >> (3 - b)) & 1) != 0;
      if (position < padding) {
        if (set) {
          throw_invalid_argument(operation, "hex", fmt::format("'{}'", hex),
                                 fmt::format("{} leading zero padding bits", padding),
                                 fmt::format("pass the hex form of a {}-bit hash", bits));
        }
        continue;
      }
      hash.set(position - padding, set);
    }
  }
  return hash;
}

}  // namespace erlangen::forensics
