// `erlangen hash compare A B`: Hamming distance of two hashes and the match decision.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "common.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "hash.hpp"

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;

// A hash read from an image file, or parsed from a hex string when no file of that name exists.
struct Operand {
  forensics::HashResult hash;
  bool from_file = false;
};

class HashCompareCommand final : public HashSubcommand {
 public:
  std::string name() const override { return "compare"; }
  std::string summary() const override {
    return "Hamming distance of two images or hex hashes and whether they match at the threshold";
  }

  void configure(CLI::App& app) override {
    app.add_option("a", first_, "first image file, or a hash in the algorithm's hex form")->required();
    app.add_option("b", second_, "second image file, or a hash in the algorithm's hex form")->required();
    add_hash_options(app, arguments_);
    app.add_option("--threshold", threshold_,
                   "largest distance in bits that counts as a match (default: the algorithm's documented threshold)")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--dihedral", dihedral_,
                 "pdq: the distance is the minimum over the 8 rotations and flips of A's 64x64 buffer (A must be "
                 "an image); moment-dihedral always takes the minimum over its 8 variants");
    app.add_flag("--json", json_, "print a JSON record instead of one line of text");
    app.add_flag("--quiet,-q", quiet_, "do not print decoder warnings and low-quality notes on stderr");
    app.footer(
        "An argument that names an existing file is hashed; otherwise it is parsed as a hex hash of --algorithm. "
        "The exit code is 0 for a match and for a mismatch alike; read the decision from the output.");
  }

  int run(const GlobalOptions& global) override {
    forensics::HashOptions options = arguments_.to_options();
    if (dihedral_ && options.algorithm != "pdq") {
      throw_invalid_argument("hash compare", "--dihedral with --algorithm", options.algorithm, "pdq",
                             "drop --dihedral or use --algorithm pdq");
    }
    options.pdq_dihedral = dihedral_;
    const Operand a = load(first_, options, global);
    const Operand b = load(second_, options, global);
    if (dihedral_ && !a.from_file) {
      throw InvalidArgument(fmt::format(
          "hash compare: --dihedral needs A as an image, but '{}' is not a file; pass the image or drop --dihedral",
          first_));
    }

    std::size_t distance = forensics::hamming_distance(a.hash.bits, b.hash.bits);
    if (options.algorithm == "moment-dihedral") {
      // Its variants are cell permutations of the hash itself, so hex operands work too.
      distance = forensics::moment_hash_distance(a.hash.bits, b.hash.bits, forensics::MomentHashMode::dihedral);
    } else if (dihedral_) {
      for (const forensics::BitHash& variant : a.hash.dihedral) {
        distance = std::min(distance, forensics::hamming_distance(variant, b.hash.bits));
      }
    }
    const std::size_t threshold = threshold_ >= 0 ? static_cast<std::size_t>(threshold_)
                                                  : forensics::default_threshold(options);
    const bool match = distance <= threshold;

    if (json_) {
      nlohmann::json record;
      record["algorithm"] = options.algorithm;
      record["bits"] = a.hash.bits.size();
      record["distance"] = distance;
      record["threshold"] = threshold;
      record["match"] = match;
      record["a"] = describe(first_, a);
      record["b"] = describe(second_, b);
      std::cout << dump_json(record) << '\n';
    } else {
      std::cout << fmt::format("{} distance {} of {} bits, threshold {}: {}\n", options.algorithm, distance,
                               a.hash.bits.size(), threshold, match ? "match" : "no match");
    }
    finish_stdout("hash compare");
    return 0;
  }

 private:
  Operand load(const std::string& argument, const forensics::HashOptions& options, const GlobalOptions& global) {
    std::error_code error;
    if (fs::exists(argument, error)) {
      Operand operand{hash_file(argument, options, global.max_pixels, quiet_), true};
      if (operand.hash.low_quality && !quiet_) {
        std::fprintf(stderr, "erlangen: note: %s: low quality %d of 100, the distance is not meaningful\n",
                     argument.c_str(), operand.hash.quality);
      }
      return operand;
    }
    const bool looks_like_hex =
        !argument.empty() && argument.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!looks_like_hex) {
      throw IoError(fmt::format("hash compare: {}: file not found, and it is not a hex hash either; check the path",
                                argument));
    }
    try {
      return Operand{forensics::parse_hex(options.algorithm, argument), false};
    } catch (const InvalidArgument& parse_error) {
      throw InvalidArgument(fmt::format("hash compare: '{}' is not an existing file, and as a hex hash: {}", argument,
                                        parse_error.what()));
    }
  }

  static nlohmann::json describe(const std::string& argument, const Operand& operand) {
    nlohmann::json record = hash_to_json(operand.hash);
    record.erase("dihedral");
    if (operand.from_file) {
      record["path"] = argument;
    } else {
      record.erase("quality");
      record.erase("low_quality");
    }
    return record;
  }

  std::string first_;
  std::string second_;
  HashArguments arguments_;
  long long threshold_ = -1;
  bool dihedral_ = false;
  bool json_ = false;
  bool quiet_ = false;
};

const HashSubcommandRegistrar registrar{[] { return std::make_unique<HashCompareCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
