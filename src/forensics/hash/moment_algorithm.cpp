// Registry entries of the moment hash (forensics/hash/hash.hpp).
#include <string>

#include <fmt/format.h>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"

namespace erlangen::forensics {

HashAlgorithm make_moment_algorithm(MomentHashMode mode) {
  const std::string name = mode == MomentHashMode::dihedral ? "moment-dihedral" : "moment";
  HashAlgorithm algorithm;
  algorithm.name = name;
  algorithm.summary = mode == MomentHashMode::dihedral
                          ? "moment hash, 1024 bits: PCT local magnitudes on an 8 x 8 grid, matched over the 8 "
                            "rotations by 90 degrees and flips"
                          : "moment hash, 256 bits: PCT local magnitudes pooled on rings, robust to rotation by "
                            "any angle";
  algorithm.bits = [mode](const HashOptions&) { return moment_hash_bits(mode); };
  algorithm.compute = [mode](const ImageF& luma, const HashOptions&) {
    HashResult result = moment_hash(luma.plane(), mode);
    if (mode == MomentHashMode::dihedral) {
      // The 8 permuted hashes in the order of Dihedral, identity first.
      const auto variants = dihedral_variants(result.bits);
      result.dihedral.assign(variants.begin(), variants.end());
    }
    return result;
  };
  algorithm.to_hex = [](const HashResult& hash) { return bits_to_hex_msb_first(hash.bits); };
  algorithm.parse_hex = [mode, name](std::string_view hex) {
    HashResult result;
    result.algorithm = name;
    result.bits = bits_from_hex_msb_first(hex, moment_hash_bits(mode), name);
    return result;
  };
  algorithm.threshold = [mode](const HashOptions&) { return moment_hash_threshold(mode); };
  algorithm.validate = [name](const HashOptions& options) {
    if (!options.parameters.empty()) {
      throw_invalid_argument(name, "parameter", fmt::format("'{}'", options.parameters.begin()->first),
                             "no parameters", "remove the parameter; choose the mode with --algorithm moment or "
                             "moment-dihedral");
    }
  };
  return algorithm;
}

}  // namespace erlangen::forensics
