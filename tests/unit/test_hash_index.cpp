// Unit tests of the multi-index Hamming index and its file format.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "support/paths.hpp"

namespace erlangen::forensics {
namespace {

BitHash random_code(std::size_t bits, std::mt19937_64& generator) {
  BitHash code(bits);
  for (std::size_t k = 0; k < bits; ++k) code.set(k, (generator() & 1U) != 0);
  return code;
}

BitHash with_flips(BitHash code, std::initializer_list<std::size_t> positions) {
  for (std::size_t k : positions) code.set(k, !code.bit(k));
  return code;
}

HammingIndex small_index(std::size_t substrings = 0) {
  std::mt19937_64 generator(1);
  std::vector<BitHash> codes;
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    codes.push_back(random_code(256, generator));
    ids.push_back("image" + std::to_string(i) + ".png");
  }
  return HammingIndex("pdq", 256, std::move(ids), std::move(codes), substrings);
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// FNV-1a 64 over every byte but the last 8, written into the last 8: repairs the checksum after a
// deliberate edit, so that the structural check under test is the one that fires.
void fix_checksum(std::vector<std::uint8_t>& bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i + 8 < bytes.size(); ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;
  }
  for (int b = 0; b < 8; ++b) bytes[bytes.size() - 8 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(hash >> (8 * b));
}

void expect_io_error(const std::filesystem::path& path, const std::string& fragment) {
  try {
    (void)load_index(path);
    ADD_FAILURE() << "no IoError for " << fragment;
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

TEST(HashIndex, FindsNearDuplicates) {
  const HammingIndex index = small_index();
  const BitHash query = with_flips(index.code(42), {0, 17, 200});
  const std::vector<Neighbour> found = index.radius_search(query, 10);
  ASSERT_EQ(found.size(), 1U);  // random 256-bit codes lie about 128 bits apart
  EXPECT_EQ(found[0].index, 42U);
  EXPECT_EQ(found[0].distance, 3U);
  EXPECT_EQ(index.id(42), "image42.png");
}

TEST(HashIndex, KnnOrdersByDistanceThenPosition) {
  std::mt19937_64 generator(5);
  const BitHash base = random_code(64, generator);
  std::vector<BitHash> codes = {with_flips(base, {1, 2}), base, with_flips(base, {3}), with_flips(base, {4, 5}),
                                random_code(64, generator)};
  const HammingIndex index("ahash", 64, {"a", "b", "c", "d", "e"}, codes, 4);
  const std::vector<Neighbour> nearest = index.knn_search(base, 3);
  ASSERT_EQ(nearest.size(), 3U);
  EXPECT_EQ(nearest[0], (Neighbour{1, 0}));
  EXPECT_EQ(nearest[1], (Neighbour{2, 1}));
  EXPECT_EQ(nearest[2], (Neighbour{0, 2}));  // tie with code 3 at distance 2: lower position first
  EXPECT_TRUE(index.knn_search(base, 0).empty());
  EXPECT_EQ(index.knn_search(base, 10).size(), 5U);
}

TEST(HashIndex, RadiusAtLeastBitsReturnsAll) {
  const HammingIndex index = small_index();
  std::mt19937_64 generator(9);
  EXPECT_EQ(index.radius_search(random_code(256, generator), 256).size(), 100U);
}

TEST(HashIndex, ChoosesSubstringCount) {
  // m = round(b / log2 n): 256 / log2(100) = 38.5 -> 39; at least ceil(b / 64) substrings.
  EXPECT_EQ(small_index().substrings(), 39U);
  EXPECT_EQ(small_index(4).substrings(), 4U);
  const HammingIndex one("pdq", 256, {"x"}, {BitHash(256)});
  EXPECT_EQ(one.substrings(), 256U);  // log2 is floored at 1 for a single code
  const HammingIndex empty("pdq", 256, {}, {});
  EXPECT_EQ(empty.size(), 0U);
  EXPECT_TRUE(empty.knn_search(BitHash(256), 3).empty());
  EXPECT_TRUE(empty.radius_search(BitHash(256), 3).empty());
}

TEST(HashIndex, RejectsInvalidArguments) {
  EXPECT_THROW(HammingIndex("pdq", 0, {}, {}), InvalidArgument);
  EXPECT_THROW(HammingIndex("pdq", 64, {"a"}, {}), InvalidArgument);
  EXPECT_THROW(HammingIndex("pdq", 64, {"a"}, {BitHash(256)}), InvalidArgument);
  EXPECT_THROW(HammingIndex("pdq", 256, {"a"}, {BitHash(256)}, 3), InvalidArgument);  // 3 < ceil(256 / 64)
  EXPECT_THROW(HammingIndex("pdq", 64, {"a"}, {BitHash(64)}, 65), InvalidArgument);
  const HammingIndex index = small_index();
  EXPECT_THROW((void)index.radius_search(BitHash(64), 3), InvalidArgument);
  EXPECT_THROW((void)index.knn_search(BitHash(1024), 3), InvalidArgument);
  EXPECT_THROW((void)index.id(100), InvalidArgument);
}

TEST(HashIndexFile, RoundTrip) {
  const auto folder = testing::fresh_temp_dir("hash_index_round_trip");
  const HammingIndex index = small_index();
  save_index(folder / "index.ehi", index);
  const HammingIndex loaded = load_index(folder / "index.ehi");
  EXPECT_EQ(loaded.algorithm(), "pdq");
  EXPECT_EQ(loaded.bits(), 256U);
  ASSERT_EQ(loaded.size(), 100U);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(loaded.id(i), index.id(i));
    EXPECT_EQ(loaded.code(i), index.code(i));
  }
  // 8 magic + 4 version + 4 bits + 8 count + 4 + 3 name + 100 ids + 100 x 32 code bytes + 8 checksum.
  std::size_t id_bytes = 0;
  for (std::size_t i = 0; i < 100; ++i) id_bytes += 4 + index.id(i).size();
  EXPECT_EQ(std::filesystem::file_size(folder / "index.ehi"), 8 + 4 + 4 + 8 + 4 + 3 + id_bytes + 3200 + 8);
}

TEST(HashIndexFile, OddLengthRoundTrip) {
  const auto folder = testing::fresh_temp_dir("hash_index_odd_length");
  std::mt19937_64 generator(3);
  std::vector<BitHash> codes = {random_code(100, generator), random_code(100, generator)};
  save_index(folder / "odd.ehi", HammingIndex("custom", 100, {"", "b"}, codes));
  const HammingIndex loaded = load_index(folder / "odd.ehi");
  EXPECT_EQ(loaded.code(0), codes[0]);
  EXPECT_EQ(loaded.code(1), codes[1]);
  EXPECT_EQ(loaded.id(0), "");
}

class HashIndexBadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::fresh_temp_dir("hash_index_bad_file");
    std::mt19937_64 generator(7);
    save_index(folder_ / "good.ehi",
               HammingIndex("moment", 100, {"a.png", "b.png"}, {random_code(100, generator), random_code(100, generator)}));
    good_ = read_bytes(folder_ / "good.ehi");
  }

  std::filesystem::path write_variant(const std::vector<std::uint8_t>& bytes) {
    const auto path = folder_ / ("variant" + std::to_string(counter_++) + ".ehi");
    write_bytes(path, bytes);
    return path;
  }

  std::filesystem::path folder_;
  std::vector<std::uint8_t> good_;
  int counter_ = 0;
};

// Offsets in good.ehi: magic 0..7, version 8..11, bits 12..15, count 16..23, name length 24..27,
// "moment" 28..33, id "a.png" 34..42, id "b.png" 43..51, codes 52..83, checksum 84..91.

TEST_F(HashIndexBadFile, MissingFile) { expect_io_error(folder_ / "absent.ehi", "file not found"); }

TEST_F(HashIndexBadFile, WrongMagic) {
  std::vector<std::uint8_t> bytes = good_;
  bytes[0] = 'X';
  expect_io_error(write_variant(bytes), "wrong magic");
  expect_io_error(write_variant({}), "wrong magic");
}

TEST_F(HashIndexBadFile, TruncatedAnywhere) {
  ASSERT_EQ(good_.size(), 92U);
  for (std::size_t size = 8; size < good_.size(); ++size) {
    const std::vector<std::uint8_t> bytes(good_.begin(), good_.begin() + static_cast<std::ptrdiff_t>(size));
    EXPECT_THROW((void)load_index(write_variant(bytes)), IoError) << size << " bytes";
  }
  const std::vector<std::uint8_t> header(good_.begin(), good_.begin() + 40);
  expect_io_error(write_variant(header), "truncated");
}

TEST_F(HashIndexBadFile, UnsupportedVersion) {
  std::vector<std::uint8_t> bytes = good_;
  bytes[8] = 2;
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "format version 2 is not supported");
}

TEST_F(HashIndexBadFile, BitLengthOutOfRange) {
  std::vector<std::uint8_t> bytes = good_;
  for (int b = 0; b < 4; ++b) bytes[12 + static_cast<std::size_t>(b)] = 0;
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "bit length 0 is outside");
}

TEST_F(HashIndexBadFile, CountLargerThanFile) {
  // 2^60 codes would need exabytes: rejected from the file size, before any allocation.
  std::vector<std::uint8_t> bytes = good_;
  bytes[23] = 0x10;
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "does not fit");
  bytes = good_;
  bytes[16] = 3;  // 3 codes, 2 stored
  fix_checksum(bytes);
  EXPECT_THROW((void)load_index(write_variant(bytes)), IoError);
}

TEST_F(HashIndexBadFile, IdLengthLargerThanFile) {
  std::vector<std::uint8_t> bytes = good_;
  bytes[34] = 0xff;
  bytes[35] = 0x0f;  // 4095 bytes
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "truncated");
  bytes[35] = 0xff;  // above the 4096-byte limit
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "exceeds 4096");
}

TEST_F(HashIndexBadFile, PaddingBitsSet) {
  std::vector<std::uint8_t> bytes = good_;
  bytes[52 + 15] |= 0x80;  // bit 127 of code 0, past its 100 bits
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "non-zero padding bits");
}

TEST_F(HashIndexBadFile, ChecksumMismatch) {
  std::vector<std::uint8_t> bytes = good_;
  bytes[52] ^= 1;
  expect_io_error(write_variant(bytes), "checksum mismatch");
}

TEST_F(HashIndexBadFile, TrailingBytes) {
  std::vector<std::uint8_t> bytes = good_;
  bytes.insert(bytes.end() - 8, {1, 2, 3});
  fix_checksum(bytes);
  expect_io_error(write_variant(bytes), "unexpected bytes");
}

TEST_F(HashIndexBadFile, DirectoryIsRejected) { expect_io_error(folder_, "not a regular file"); }

}  // namespace
}  // namespace erlangen::forensics
