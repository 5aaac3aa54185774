// One entry point for every perceptual hash: options, dispatch, hexadecimal forms, thresholds
// and the registry through which each algorithm adds itself.
//
// Every hash starts from the same luma plane (hash_input_luma): BT.601 luma
// Y = 0.299 R + 0.587 G + 0.114 B in [0, 1] after the alpha policy. The algorithms then differ only
// in resampling and in what they threshold:
//   ahash  imagehash average_hash: Lanczos-3 resize to s x s (s = hash_size, default 8), bit = pixel
//          > mean.
//   dhash  imagehash dhash: resize to (s + 1) wide x s high, bit = right neighbour > pixel; the
//          vertical variant (dhash_vertical) compares each pixel with the one below.
//   phash  pHash DCT hash; phash_variant selects imagehash's phash or one of the three bit packings
//          of the pHash C++ library.
//   pdq    Meta's PDQ, 256 bits with its gradient quality score.
//   moment the moment-invariant hash (registered from its own source file).
// ahash, dhash and phash count a value within 1e-6 (in luma units, scaled for DCT coefficients) of
// its threshold as not above it, so a uniform image hashes to all zeros (imagehash pHash: only
// the DC bit) instead of rounding noise.
//
// Adding an algorithm is one source file that defines a factory returning its HashAlgorithm, plus
// one line in the list of library algorithms in src/forensics/hash/hash.cpp that calls it. The
// library is a static archive, and the linker drops an object file that nothing references, so a
// self-registering static object inside the library would silently vanish. Code outside the library
// (an application, a test) may register with a static HashAlgorithmRegistrar instead:
//
//   namespace {
//   const erlangen::forensics::HashAlgorithmRegistrar registrar{make_my_hash_algorithm()};
//   }
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/core/image.hpp"
#include "erlangen/forensics/hash/bits.hpp"
#include "erlangen/io/image_io.hpp"

namespace erlangen::forensics {

// Policy for transparent pixels when the luma is formed.
//   white  composite on white: a * v + (1 - a), as browsers and most hashing tools show a
//          transparent image (the default).
//   black  composite on black: a * v.
//   ignore drop alpha and keep the stored colour. A fully transparent pixel has no recoverable colour
//          after io's compositing, so read_hash_input gives it 0 (see there).
enum class AlphaPolicy { white, black, ignore };

// "white", "black" or "ignore".
std::string_view to_string(AlphaPolicy policy);
// Parses "white", "black" or "ignore"; throws InvalidArgument for any other text.
AlphaPolicy parse_alpha_policy(std::string_view text);

// Options of compute_hash. Fields that an algorithm does not use are ignored by it.
struct HashOptions {
  // A name from hash_algorithms(): "ahash", "dhash", "phash", "pdq", "moment", ...
  std::string algorithm = "pdq";

  // Side of the bit grid of ahash, dhash and the imagehash phash variant: hash_size^2 bits.
  // Accepted range [2, 64]; imagehash's default is 8 (64 bits).
  int hash_size = 8;
  // dhash only: compare each pixel with the one below instead of the one to its right
  // (imagehash dhash_vertical).
  bool dhash_vertical = false;
  // phash only: "imagehash" (default; imagehash 4.3.2 phash), "dea9ffc", "lsb" or "canonical" (the
  // three bit packings of the pHash C++ ph_dct_imagehash). docs/hashing.md compares them.
  std::string phash_variant = "imagehash";
  // pdq only: also compute the hashes of the 8 rotations and flips of the 64 x 64 buffer
  // (HashResult::dihedral). They come from the DCT without re-hashing.
  bool pdq_dihedral = false;

  AlphaPolicy alpha = AlphaPolicy::white;

  // Options of algorithms registered outside this header, as key=value text. Each algorithm names
  // the keys it reads (HashAlgorithm::parameter_keys), and any other key is rejected.
  std::map<std::string, std::string> parameters;
};

// A registered hash algorithm. Every function must be safe to call from several threads.
struct HashAlgorithm {
  std::string name;     // lower case, used by --algorithm and HashResult::algorithm
  std::string summary;  // one line for listings
  // Hash length in bits for `options`. Never depends on the image size.
  std::function<std::size_t(const HashOptions& options)> bits;
  // Hashes a luma plane from hash_input_luma: one plane, values in [0, 1], any size >= 1 x 1.
  // The options were validated by `validate` before the call.
  std::function<HashResult(const ImageF& luma, const HashOptions& options)> compute;
  // Hexadecimal form of a hash of this algorithm, lower case.
  std::function<std::string(const HashResult& hash)> to_hex;
  // Inverse of to_hex: throws InvalidArgument for a string that to_hex cannot produce.
  std::function<HashResult(std::string_view hex)> parse_hex;
  // Match threshold in bits: distance <= threshold is a match.
  std::function<std::size_t(const HashOptions& options)> threshold;
  // Throws InvalidArgument for options this algorithm cannot use (out-of-range sizes, unknown
  // variants or parameters). May be empty when every option is acceptable.
  std::function<void(const HashOptions& options)> validate;
  // Keys of HashOptions::parameters that this algorithm reads. Every other key is rejected with
  // InvalidArgument before `validate` runs, so a misspelt key never goes unnoticed.
  std::vector<std::string> parameter_keys;
};

// Registers an algorithm at static-initialisation time, after the library's own algorithms. A
// second algorithm with the same name replaces nothing: lookups return the first.
struct HashAlgorithmRegistrar {
  explicit HashAlgorithmRegistrar(HashAlgorithm algorithm);
};

// Names of the registered algorithms, sorted.
std::vector<std::string> hash_algorithms();

// The registered algorithm called `name`; throws InvalidArgument naming the registered ones when
// there is none.
const HashAlgorithm& find_hash_algorithm(std::string_view name);

// Converts an image of 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) planes with values in
// [0, 1] into the luma plane every hash starts from: the alpha policy is applied to the colour
// planes first, then Y = 0.299 R + 0.587 G + 0.114 B. Values outside [0, 1] are clamped, because
// decoders never produce them and the quality scores assume that range. Throws InvalidArgument for
// an empty image, another plane count or a NaN sample.
ImageF hash_input_luma(const ImageF& image, AlphaPolicy policy);

// Reads an image file for hashing with io::read_image and returns hash_input_luma of it. io applies
// the EXIF orientation and converts palette, 16-bit and CMYK files to RGB in [0, 1]. The alpha
// policy is applied through ReadOptions::background. For AlphaPolicy::ignore the file is decoded
// twice, on black and on white, and the colour is recovered as v = on_black / a with
// a = 1 - on_white + on_black, which gives 0 where a = 0. `read_options.background` is overwritten.
// Throws what io::read_image throws.
ImageF read_hash_input(const std::filesystem::path& path, AlphaPolicy policy,
                       io::ReadOptions read_options = {});

// Hashes an image of 1, 2, 3 or 4 planes in [0, 1] (as io::read_image returns it, or with alpha
// still attached): hash_input_luma, then the algorithm. Throws InvalidArgument for an unknown
// algorithm, invalid options or an invalid image. Images too small for an algorithm get a hash
// of the same length, marked low_quality, or an InvalidArgument saying which size is needed; each
// algorithm documents which.
HashResult compute_hash(const ImageF& image, const HashOptions& options);

// Hash length in bits of `options.algorithm` with these options.
std::size_t hash_bits(const HashOptions& options);

// The algorithm's hexadecimal form of `hash` (lower case). Throws InvalidArgument when
// hash.algorithm is not registered.
std::string to_hex(const HashResult& hash);

// Parses the hexadecimal form of `algorithm` (upper or lower case). The result has quality 100 and
// low_quality false, because the hex form does not carry them. Throws InvalidArgument for an
// unknown algorithm or a string of the wrong length or with a non-hex digit.
HashResult parse_hex(std::string_view algorithm, std::string_view hex);

// The documented match threshold of `algorithm` with default options; distance <= threshold is a
// match. docs/hashing.md gives the reasons for each value.
std::size_t default_threshold(std::string_view algorithm);
// The match threshold for these options (it scales with hash_size for the imagehash-style hashes).
std::size_t default_threshold(const HashOptions& options);

// Helpers for algorithms whose hex form lists the bits in order, bit 0 first, as the most
// significant bit of the first digit (imagehash's form): ceil(bits / 4) digits with the padding
// as leading zero bits of the first digit.
std::string bits_to_hex_msb_first(const BitHash& bits);
// Inverse of bits_to_hex_msb_first for a hash of `bits` bits; throws InvalidArgument for a wrong
// length, a non-hex digit or a non-zero padding bit.
BitHash bits_from_hex_msb_first(std::string_view hex, std::size_t bits, std::string_view algorithm);

}  // namespace erlangen::forensics
