// NPY writer and strict reader.
//
// Layout (NumPy format specification, numpy.lib.format): the magic string
// "\x93NUMPY", a major and a minor version byte, and the header length (2 bytes
// little-endian in version 1.0, 4 bytes in 2.0 and 3.0). The header follows: an
// ASCII (UTF-8 in 3.0) Python dict literal, padded with spaces and ended by '\n'
// so that the raw samples after it start at a multiple of 64 bytes.
#include "erlangen/io/npy.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"

namespace erlangen::io {
namespace {

constexpr std::size_t kMaxDimensions = 32;
constexpr std::string_view kMagic("\x93NUMPY", 6);

// Size of one real component: complex samples swap each half separately.
std::size_t component_size(NpyType type) {
  return type == NpyType::float32 || type == NpyType::complex64 ? 4 : 8;
}

void swap_components(std::uint8_t* data, std::size_t bytes, std::size_t component) {
  for (std::size_t offset = 0; offset + component <= bytes; offset += component) {
    std::reverse(data + offset, data + offset + component);
  }
}

// Product of the shape, or nullopt when product * item_size overflows size_t.
std::optional<std::size_t> byte_count(std::span<const std::size_t> shape, std::size_t item_size) {
  std::size_t count = item_size;
  for (const std::size_t extent : shape) {
    if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / extent) {
      return std::nullopt;
    }
    count *= extent;
  }
  return count;
}

std::string shape_literal(std::span<const std::size_t> shape) {
  if (shape.empty()) return "()";
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

// Parser of the header dict; every error throws IoError naming the file.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::filesystem::path& path)
      : text_(text), path_(path) {}

  [[noreturn]] void fail(std::string_view reason) const {
    throw IoError(fmt::format("read npy: {}: invalid header: {} at character {} of \"{}\"",
                              path_.string(), reason, position_, text_));
  }

  void skip_spaces() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == '\t')) {
      ++position_;
    }
  }
  bool consume(char c) {
    skip_spaces();
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!consume(c)) fail(fmt::format("expected '{}'", c));
  }
  std::string read_string() {
    skip_spaces();
    if (position_ >= text_.size() || (text_[position_] != '\'' && text_[position_] != '"')) {
      fail("expected a quoted string");
    }
    const char quote = text_[position_++];
    const std::size_t end = text_.find(quote, position_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string value(text_.substr(position_, end - position_));
    position_ = end + 1;
    return value;
  }
  bool read_bool() {
    skip_spaces();
    if (text_.substr(position_, 4) == "True") {
      position_ += 4;
      return true;
    }
    if (text_.substr(position_, 5) == "False") {
      position_ += 5;
      return false;
    }
    fail("expected True or False");
  }
  std::vector<std::size_t> read_shape() {
    expect('(');
    std::vector<std::size_t> shape;
    while (!consume(')')) {
      skip_spaces();
      if (position_ >= text_.size() || text_[position_] < '0' || text_[position_] > '9') {
        fail("expected a non-negative integer in the shape");
      }
      std::size_t value = 0;
      while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
        const auto digit = static_cast<std::size_t>(text_[position_] - '0');
        if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) {
          fail("shape entry too large");
        }
        value = value * 10 + digit;
        ++position_;
      }
      shape.push_back(value);
      if (shape.size() > kMaxDimensions) fail("more than 32 dimensions");
      // A 1-tuple needs its trailing comma, as in Python: "(5,)".
      if (consume(',')) continue;
      if (shape.size() == 1) fail("a one-element shape needs a trailing comma");
      expect(')');
      break;
    }
    return shape;
  }
  bool at_end_after_padding() {
    skip_spaces();
    return position_ == text_.size();
  }

 private:
  std::string_view text_;
  const std::filesystem::path& path_;
  std::size_t position_ = 0;
};

struct Descr {
  NpyType type;
  bool big_endian;
};

std::optional<Descr> parse_descr(std::string_view descr) {
  if (descr.size() < 3) return std::nullopt;
  const char order = descr[0];
  const std::string_view code = descr.substr(1);
  // '|' marks "byte order not applicable", which numpy uses only for 1-byte types.
  if (order != '<' && order != '>' && order != '=') return std::nullopt;
  const bool big = order == '>' || (order == '=' && std::endian::native == std::endian::big);
  if (code == "f4") return Descr{NpyType::float32, big};
  if (code == "f8") return Descr{NpyType::float64, big};
  if (code == "c8") return Descr{NpyType::complex64, big};
  if (code == "c16") return Descr{NpyType::complex128, big};
  return std::nullopt;
}

}  // namespace

std::size_t npy_item_size(NpyType type) {
  switch (type) {
    case NpyType::float32: return 4;
    case NpyType::float64: return 8;
    case NpyType::complex64: return 8;
    case NpyType::complex128: return 16;
  }
  return 0;
}

std::string_view npy_descr(NpyType type) {
  switch (type) {
    case NpyType::float32: return "<f4";
    case NpyType::float64: return "<f8";
    case NpyType::complex64: return "<c8";
    case NpyType::complex128: return "<c16";
  }
  return "";
}

void write_npy(const std::filesystem::path& path, const void* data, NpyType type,
               std::span<const std::size_t> shape) {
  if (shape.size() > kMaxDimensions) {
    throw_invalid_argument("write npy", "shape.size()", shape.size(), "at most 32",
                           "reshape the array to fewer dimensions");
  }
  const auto bytes = byte_count(shape, npy_item_size(type));
  if (!bytes) {
    throw InvalidArgument(fmt::format("write npy: {}: shape {} overflows the address space; pass "
                                      "the real array shape",
                                      path.string(), shape_literal(shape)));
  }
  if (data == nullptr && *bytes > 0) {
    throw_invalid_argument("write npy", "data", "null", "a pointer to the array",
                           "pass the array's data pointer");
  }

  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
                                    npy_descr(type), shape_literal(shape));
  // Pad with spaces so that magic (6) + version (2) + length (2) + header ends
  // at a multiple of 64 bytes, the last header byte being '\n'.
  const std::size_t unpadded = kMagic.size() + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');

  std::string prefix(kMagic);
  prefix.push_back('\x01');
  prefix.push_back('\x00');
  prefix.push_back(static_cast<char>(header.size() & 0xff));
  prefix.push_back(static_cast<char>(header.size() >> 8));

  AtomicFile file(path, "write npy");
  file.write(prefix);
  file.write(header);
  const auto* samples = static_cast<const std::uint8_t*>(data);
  if constexpr (std::endian::native == std::endian::little) {
    file.write(std::span<const std::uint8_t>(samples, *bytes));
  } else {
    std::vector<std::uint8_t> swapped(samples, samples + *bytes);
    swap_components(swapped.data(), swapped.size(), component_size(type));
    file.write(swapped);
  }
  file.commit();
}

NpyArray read_npy(const std::filesystem::path& path, std::uint64_t max_bytes) {
  const std::string name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw IoError(fmt::format("read npy: {}: is a directory, expected an .npy file", name));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    throw IoError(fmt::format("read npy: {}: cannot read the file: {}", name, error.message()));
  }
  if (size > max_bytes) {
    throw LimitExceeded(fmt::format(
        "read npy: {}: file size {} bytes exceeds the limit of {} bytes; raise max_bytes", name,
        size, max_bytes));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw IoError(fmt::format("read npy: {}: cannot open the file", name));
  std::vector<std::uint8_t> content(static_cast<std::size_t>(size));
  stream.read(reinterpret_cast<char*>(content.data()), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(stream.gcount()) != size) {
    throw IoError(fmt::format("read npy: {}: reading the file failed", name));
  }

  auto fail = [&](std::string_view reason) -> void {
    throw IoError(fmt::format("read npy: {}: {}", name, reason));
  };
  if (content.size() < kMagic.size() + 4 ||
      std::memcmp(content.data(), kMagic.data(), kMagic.size()) != 0) {
    fail("not an NPY file (the magic string \\x93NUMPY is missing)");
  }
  const int major = content[6];
  const int minor = content[7];
  if (major < 1 || major > 3 || minor != 0) {
    fail(fmt::format("unsupported NPY version {}.{}, expected 1.0, 2.0 or 3.0", major, minor));
  }
  std::size_t header_start = 10;
  std::size_t header_size = content[8] | std::size_t{content[9]} << 8;
  if (major >= 2) {
    if (content.size() < 12) fail("truncated header length");
    header_start = 12;
    header_size = content[8] | std::size_t{content[9]} << 8 | std::size_t{content[10]} << 16 |
                  std::size_t{content[11]} << 24;
  }
  if (header_size > content.size() - header_start) {
    fail(fmt::format("truncated header: it declares {} bytes but the file has {} after the "
                     "length field",
                     header_size, content.size() - header_start));
  }
  std::string_view header(reinterpret_cast<const char*>(content.data()) + header_start,
                          header_size);
  if (header.empty() || header.back() != '\n') fail("the header does not end with a newline");
  header.remove_suffix(1);

  HeaderParser parser(header, path);
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<std::vector<std::size_t>> shape;
  parser.expect('{');
  while (!parser.consume('}')) {
    const std::string key = parser.read_string();
    parser.expect(':');
    if (key == "descr" && !descr) {
      descr = parser.read_string();
    } else if (key == "fortran_order" && !fortran_order) {
      fortran_order = parser.read_bool();
    } else if (key == "shape" && !shape) {
      shape = parser.read_shape();
    } else {
      parser.fail(fmt::format("unexpected or repeated key '{}'", key));
    }
    if (parser.consume(',')) continue;
    parser.expect('}');
    break;
  }
  if (!parser.at_end_after_padding()) parser.fail("unexpected text after the dict");
  if (!descr || !fortran_order || !shape) {
    parser.fail("the keys 'descr', 'fortran_order' and 'shape' are all required");
  }

  const auto parsed = parse_descr(*descr);
  if (!parsed) {
    fail(fmt::format("unsupported dtype '{}', expected float32, float64, complex64 or "
                     "complex128 ('<f4', '<f8', '<c8', '<c16'); convert with numpy astype",
                     *descr));
  }
  if (*fortran_order) {
    fail("the array is in Fortran order, expected C order; save it with "
         "numpy.ascontiguousarray");
  }
  const auto bytes = byte_count(*shape, npy_item_size(parsed->type));
  const std::size_t data_start = header_start + header_size;
  const std::size_t available = content.size() - data_start;
  if (!bytes || *bytes != available) {
    fail(fmt::format("the data section has {} bytes but shape {} of '{}' needs {}", available,
                     shape_literal(*shape), *descr,
                     bytes ? fmt::format("{}", *bytes) : std::string("more than 2^64")));
  }

  NpyArray array;
  array.type = parsed->type;
  array.shape = std::move(*shape);
  array.bytes.assign(content.begin() + static_cast<std::ptrdiff_t>(data_start), content.end());
  const bool native_big = std::endian::native == std::endian::big;
  if (parsed->big_endian != native_big) {
    swap_components(array.bytes.data(), array.bytes.size(), component_size(array.type));
  }
  return array;
}

}  // namespace erlangen::io
