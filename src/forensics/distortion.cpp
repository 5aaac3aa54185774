// Distortion specs, dispatch and the built-in attack suites (declared in
// forensics/distortion.hpp).
#include "erlangen/forensics/distortion.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

#include "distortion_internal.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/io/jpeg_memory.hpp"

namespace erlangen::forensics {
namespace {

constexpr std::array<DistortionInfo, 27> kOperations = {{
    {DistortionOp::none, "none", false, false, 0, 0, "no change"},
    {DistortionOp::jpeg, "jpeg", true, true, 1, 100, "libjpeg quality, 4:2:0 chroma"},
    {DistortionOp::jpeg444, "jpeg444", true, true, 1, 100, "libjpeg quality, 4:4:4 chroma"},
    {DistortionOp::resize, "resize", true, false, 0.01, 8, "scale factor of both sides"},
    {DistortionOp::crop, "crop", true, false, 0, 0.95, "fraction of each side removed, centred window"},
    {DistortionOp::crop_random, "crop-random", true, false, 0, 0.95,
     "fraction of each side removed, window at a random position"},
    {DistortionOp::crop_area, "crop-area", true, false, 0.01, 1, "fraction of the area kept, centred window"},
    {DistortionOp::crop_corner, "crop-br", true, false, 0, 0.95,
     "fraction of each side removed from the top and the left"},
    {DistortionOp::rotate, "rotate", true, false, -360, 360, "angle in degrees, counter-clockwise, same size"},
    {DistortionOp::rotate_crop, "rotate-crop", true, false, -360, 360,
     "angle in degrees, then the largest inscribed rectangle"},
    {DistortionOp::rotate_expand, "rotate-expand", true, false, -360, 360,
     "angle in degrees, canvas enlarged to hold the whole image"},
    {DistortionOp::rot90, "rot90", false, false, 0, 0, "exact quarter turn counter-clockwise"},
    {DistortionOp::rot180, "rot180", false, false, 0, 0, "exact half turn"},
    {DistortionOp::rot270, "rot270", false, false, 0, 0, "exact quarter turn clockwise"},
    {DistortionOp::flip_h, "fliph", false, false, 0, 0, "mirror left-right"},
    {DistortionOp::flip_v, "flipv", false, false, 0, 0, "mirror top-bottom"},
    {DistortionOp::blur, "blur", true, false, 0, 50, "Gaussian sigma in pixels"},
    {DistortionOp::noise, "noise", true, false, 0, 1, "Gaussian standard deviation in intensity units"},
    {DistortionOp::salt_pepper, "saltpepper", true, false, 0, 1, "fraction of pixels set to black or white"},
    {DistortionOp::brightness, "brightness", true, false, 0, 10, "factor (1 keeps the image)"},
    {DistortionOp::contrast, "contrast", true, false, 0, 10, "factor (1 keeps the image)"},
    {DistortionOp::saturation, "saturation", true, false, 0, 10, "factor (1 keeps the image)"},
    {DistortionOp::sharpness, "sharpness", true, false, 0, 10, "factor (1 keeps the image)"},
    {DistortionOp::gamma, "gamma", true, false, 0.05, 20, "exponent (1 keeps the image)"},
    {DistortionOp::median, "median", true, true, 1, 99, "odd window side in pixels"},
    {DistortionOp::text, "text", true, false, 0.01, 1, "glyph height as a fraction of the image height"},
    {DistortionOp::erase, "erase", true, false, 0, 1, "fraction of the area set to 0"},
}};

constexpr std::array<std::string_view, 5> kKernelNames = {"nearest", "box", "bilinear", "bicubic", "lanczos3"};

bool takes_kernel(DistortionOp op) {
  switch (op) {
    case DistortionOp::resize:
    case DistortionOp::crop:
    case DistortionOp::crop_random:
    case DistortionOp::crop_area:
    case DistortionOp::crop_corner:
    case DistortionOp::rotate:
    case DistortionOp::rotate_crop:
    case DistortionOp::rotate_expand:
      return true;
    default:
      return false;
  }
}

bool is_rotation(DistortionOp op) {
  return op == DistortionOp::rotate || op == DistortionOp::rotate_crop || op == DistortionOp::rotate_expand;
}

bool takes_back(DistortionOp op) {
  return takes_kernel(op) && op != DistortionOp::rotate;
}

std::string operation_names() {
  std::string names;
  for (const DistortionInfo& info : kOperations) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

std::string range_text(const DistortionInfo& info) {
  return fmt::format("{} in [{}, {}] ({})", info.integer ? "an integer" : "a number", info.min_value,
                     info.max_value, info.meaning);
}

// Throws unless the parameters of `distortion` are in range; `context` prefixes the message.
void validate(const Distortion& distortion, std::string_view context) {
  const DistortionInfo& info = distortion_info(distortion.op);
  if (info.has_value) {
    const double value = distortion.value;
    const bool in_range = std::isfinite(value) && value >= info.min_value && value <= info.max_value;
    if (!in_range || (info.integer && value != std::floor(value))) {
      throw_invalid_argument(context, fmt::format("the value of '{}'", info.name), value, range_text(info),
                             "pass a value inside the range");
    }
    if (distortion.op == DistortionOp::median && std::fmod(value, 2.0) == 0.0) {
      throw_invalid_argument(context, "the value of 'median'", value, "an odd integer in [1, 99]",
                             "pass an odd window side such as 3");
    }
  }
  if (is_rotation(distortion.op) && (distortion.kernel == ResampleKernel::box ||
                                     distortion.kernel == ResampleKernel::lanczos3)) {
    throw_invalid_argument(context, fmt::format("the kernel of '{}'", info.name),
                           kKernelNames[static_cast<std::size_t>(distortion.kernel)],
                           "nearest, bilinear or bicubic", "pick one of those for rotations");
  }
  if (distortion.blur_taps != 0 && (distortion.blur_taps < 1 || distortion.blur_taps > 301 ||
                                    distortion.blur_taps % 2 == 0)) {
    throw_invalid_argument(context, "the blur kernel size", distortion.blur_taps, "an odd integer in [1, 301]",
                           "pass an option such as k5");
  }
}

double parse_number(std::string_view text, std::string_view spec, const DistortionInfo& info) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || next != end || !std::isfinite(value)) {
    throw InvalidArgument(fmt::format("distortion '{}': value '{}' of '{}' is not a number, expected {}; "
                                      "write it as in '{}:{}'",
                                      spec, text, info.name, range_text(info), info.name, info.min_value));
  }
  return value;
}

void parse_option(std::string_view option, std::string_view spec, const DistortionInfo& info,
                  Distortion& distortion) {
  const auto kernel = std::find(kKernelNames.begin(), kKernelNames.end(), option);
  if (kernel != kKernelNames.end() && takes_kernel(info.op)) {
    distortion.kernel = static_cast<ResampleKernel>(kernel - kKernelNames.begin());
    return;
  }
  if (option == "back" && takes_back(info.op)) {
    distortion.back = true;
    return;
  }
  if (info.op == DistortionOp::blur && option.size() > 1 && option.front() == 'k') {
    int taps = 0;
    const char* end = option.data() + option.size();
    const auto [next, error] = std::from_chars(option.data() + 1, end, taps);
    if (error == std::errc() && next == end) {
      distortion.blur_taps = taps;
      return;
    }
  }
  std::string accepted = "no options";
  if (takes_kernel(info.op)) {
    accepted = is_rotation(info.op) ? "a kernel (nearest, bilinear, bicubic)"
                                    : "a kernel (nearest, box, bilinear, bicubic, lanczos3)";
    if (takes_back(info.op)) accepted += " or 'back'";
  } else if (info.op == DistortionOp::blur) {
    accepted = "a kernel size such as 'k5'";
  }
  throw InvalidArgument(fmt::format("distortion '{}': option '{}' is invalid for '{}', expected {}; "
                                    "remove it or use an accepted option",
                                    spec, option, info.name, accepted));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void require_image(const ImageF& image, std::string_view operation) {
  if (image.empty()) {
    throw InvalidArgument(fmt::format(
        "distortion '{}': image is empty, expected at least 1x1 pixels; pass an image with pixels", operation));
  }
  if (image.channels() != 1 && image.channels() != 3) {
    throw_invalid_argument(fmt::format("distortion '{}'", operation), "the plane count", image.channels(),
                           "1 (grey) or 3 (R, G, B)", "convert the image to grey or RGB first");
  }
}

SuiteEntry entry(std::string_view spec) { return make_suite_entry(parse_distortion_chain(spec)); }

SuiteEntry entry_in_group(std::string_view group, double strength, std::string_view spec) {
  SuiteEntry result = entry(spec);
  result.group = std::string(group);
  result.strength = strength;
  return result;
}

std::vector<SuiteEntry> hash_suite() {
  std::vector<SuiteEntry> suite;
  for (int quality : {90, 80, 70, 60, 50, 40, 30, 20}) suite.push_back(entry(fmt::format("jpeg:{}", quality)));
  for (double factor : {0.25, 0.5, 0.75, 1.5, 2.0}) suite.push_back(entry(fmt::format("resize:{}", factor)));
  for (double angle : {1, 2, 3, 5, 10, 15, 20, 30, 45}) suite.push_back(entry(fmt::format("rotate:{}", angle)));
  for (double angle : {5, 15, 30, 45}) suite.push_back(entry(fmt::format("rotate-crop:{}", angle)));
  suite.push_back(entry_in_group("dihedral", 90, "rot90"));
  suite.push_back(entry_in_group("dihedral", 180, "rot180"));
  suite.push_back(entry_in_group("dihedral", 270, "rot270"));
  suite.push_back(entry_in_group("dihedral", 0, "fliph"));
  suite.push_back(entry_in_group("dihedral", 0, "flipv"));
  for (double fraction : {0.05, 0.1, 0.15, 0.2, 0.3}) suite.push_back(entry(fmt::format("crop:{}", fraction)));
  for (double sigma : {0.5, 1.0, 2.0, 3.0}) suite.push_back(entry(fmt::format("blur:{}", sigma)));
  for (double deviation : {0.01, 0.02, 0.05, 0.1}) suite.push_back(entry(fmt::format("noise:{}", deviation)));
  for (double factor : {0.5, 0.7, 1.3, 1.5}) suite.push_back(entry(fmt::format("brightness:{}", factor)));
  for (double factor : {0.5, 0.7, 1.3, 1.5}) suite.push_back(entry(fmt::format("contrast:{}", factor)));
  for (double exponent : {0.75, 1.5}) suite.push_back(entry(fmt::format("gamma:{}", exponent)));
  for (double height : {0.05, 0.1}) suite.push_back(entry(fmt::format("text:{}", height)));
  return suite;
}

std::vector<SuiteEntry> quick_suite() {
  std::vector<SuiteEntry> suite;
  for (std::string_view spec : {"jpeg:50", "resize:0.5", "rotate:10", "crop:0.1", "blur:1", "noise:0.02",
                                "brightness:1.3", "text:0.08"}) {
    suite.push_back(entry(spec));
  }
  suite.push_back(entry_in_group("dihedral", 90, "rot90"));
  suite.push_back(entry_in_group("dihedral", 0, "fliph"));
  return suite;
}

// The classic (non-generative) attacks of WatermarkAttacker ("Invisible Image
// Watermarks Are Provably Removable Using Generative AI", NeurIPS 2024).
std::vector<SuiteEntry> watermark_classic_suite() {
  std::vector<SuiteEntry> suite;
  suite.push_back(entry("blur:1:k5"));
  // NOTE: the noise standard deviation of that suite is not fixed by the source we have; 0.05 is our choice.
  suite.push_back(entry("noise:0.05"));
  // BM3D denoising (sigma 0.1) is left out: erlangen has no BM3D.
  suite.push_back(entry("jpeg:80"));
  suite.push_back(entry("jpeg:50"));
  suite.push_back(entry("brightness:0.2"));
  suite.push_back(entry("contrast:0.2"));
  suite.push_back(entry("rotate:30"));
  suite.push_back(entry("resize:0.5"));
  suite.push_back(entry("crop-br:0.5"));
  return suite;
}

// The attacks of the Stable Signature evaluation (Fernandez et al., ICCV 2023).
// Its resize 0.5 is labelled "resize_07" there, so its scales are read as area
// fractions: each side times sqrt(scale), and crop 0.5 keeps half the area.
// NOTE: the crop reading follows from the resize label and was not checked
// against that code.
std::vector<SuiteEntry> stable_signature_suite() {
  std::vector<SuiteEntry> suite;
  suite.push_back(entry("none"));
  suite.push_back(entry("crop-area:0.5"));
  suite.push_back(entry("crop-area:0.1"));
  suite.push_back(entry("rotate:25"));
  suite.push_back(entry_in_group("rotate", 90, "rot90"));
  suite.push_back(entry("jpeg:80"));
  suite.push_back(entry("jpeg:50"));
  for (std::string_view name : {"brightness", "contrast", "saturation", "sharpness"}) {
    suite.push_back(entry(fmt::format("{}:1.5", name)));
    suite.push_back(entry(fmt::format("{}:2", name)));
  }
  suite.push_back(entry(fmt::format("resize:{}", std::sqrt(0.5))));
  suite.push_back(entry(fmt::format("resize:{}", std::sqrt(0.1))));
  suite.push_back(entry("text:0.1"));
  suite.push_back(entry_in_group("combined", 0, "crop-area:0.5,brightness:1.5,jpeg:80"));
  return suite;
}

// The robustness suite of `erlangen watermark-eval`: JPEG at 4:2:0 and 4:4:4, resizes, small
// and large rotations that keep the size, exact quarter and half turns, centre crops, flips,
// blur, noise, photometric changes, median filters and three chains of a geometric change
// followed by JPEG.
std::vector<SuiteEntry> watermark_eval_suite() {
  std::vector<SuiteEntry> suite;
  for (int quality : {90, 70, 50, 30, 20}) suite.push_back(entry(fmt::format("jpeg:{}", quality)));
  for (int quality : {90, 70, 50, 30, 20}) suite.push_back(entry(fmt::format("jpeg444:{}", quality)));
  for (double factor : {0.25, 0.5, 0.75, 1.5, 2.0}) suite.push_back(entry(fmt::format("resize:{}", factor)));
  for (double angle : {2, 5, 30, 45}) suite.push_back(entry(fmt::format("rotate:{}", angle)));
  suite.push_back(entry_in_group("dihedral", 90, "rot90"));
  suite.push_back(entry_in_group("dihedral", 180, "rot180"));
  suite.push_back(entry_in_group("dihedral", 0, "fliph"));
  suite.push_back(entry_in_group("dihedral", 0, "flipv"));
  for (double fraction : {0.05, 0.1, 0.2}) suite.push_back(entry(fmt::format("crop:{}", fraction)));
  for (double sigma : {1.0, 2.0}) suite.push_back(entry(fmt::format("blur:{}", sigma)));
  for (double deviation : {0.02, 0.05}) suite.push_back(entry(fmt::format("noise:{}", deviation)));
  for (double factor : {0.7, 1.3}) suite.push_back(entry(fmt::format("brightness:{}", factor)));
  for (double factor : {0.7, 1.3}) suite.push_back(entry(fmt::format("contrast:{}", factor)));
  for (int size : {3, 5}) suite.push_back(entry(fmt::format("median:{}", size)));
  suite.push_back(entry_in_group("combined", 0, "crop:0.1,jpeg:75"));
  suite.push_back(entry_in_group("combined", 0, "resize:0.5,jpeg:50"));
  suite.push_back(entry_in_group("combined", 0, "rotate:30,jpeg:75"));
  return suite;
}

}  // namespace

std::span<const DistortionInfo> distortion_operations() { return kOperations; }

const DistortionInfo& distortion_info(DistortionOp op) {
  const auto index = static_cast<std::size_t>(op);
  ERLANGEN_ASSERT(index < kOperations.size() && kOperations[index].op == op);
  return kOperations[index];
}

Distortion parse_distortion(std::string_view spec) {
  const std::string_view text = trim(spec);
  if (text.empty()) {
    throw InvalidArgument(fmt::format("distortion: spec is empty, expected 'name[:value][:option]' with a name "
                                      "from {}; write for example 'jpeg:70'",
                                      operation_names()));
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  const auto info = std::find_if(kOperations.begin(), kOperations.end(),
                                 [&](const DistortionInfo& candidate) { return candidate.name == parts[0]; });
  if (info == kOperations.end()) {
    throw InvalidArgument(fmt::format("distortion '{}': operation '{}' is unknown, expected one of {}; "
                                      "check the spelling",
                                      text, parts[0], operation_names()));
  }
  Distortion distortion;
  distortion.op = info->op;
  std::size_t next = 1;
  if (info->has_value) {
    if (parts.size() < 2) {
      throw InvalidArgument(fmt::format("distortion '{}': '{}' needs a value, expected {}; write it as '{}:{}'",
                                        text, info->name, range_text(*info), info->name, info->max_value));
    }
    distortion.value = parse_number(parts[1], text, *info);
    next = 2;
  }
  for (; next < parts.size(); ++next) parse_option(parts[next], text, *info, distortion);
  validate(distortion, fmt::format("distortion '{}'", text));
  return distortion;
}

DistortionChain parse_distortion_chain(std::string_view spec) {
  DistortionChain chain;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view step =
        spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (trim(step).empty()) {
      throw InvalidArgument(fmt::format("distortion chain '{}': step {} is empty, expected specs joined by "
                                        "commas such as 'crop:0.5,jpeg:80'; remove the extra comma",
                                        spec, chain.size() + 1));
    }
    chain.push_back(parse_distortion(step));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return chain;
}

std::string to_spec(const Distortion& distortion) {
  const DistortionInfo& info = distortion_info(distortion.op);
  std::string spec(info.name);
  if (info.has_value) spec += fmt::format(":{}", distortion.value);
  if (takes_kernel(distortion.op) && distortion.kernel != ResampleKernel::bicubic) {
    spec += ':';
    spec += kKernelNames[static_cast<std::size_t>(distortion.kernel)];
  }
  if (distortion.back) spec += ":back";
  if (distortion.blur_taps != 0) spec += fmt::format(":k{}", distortion.blur_taps);
  return spec;
}

std::string to_spec(const DistortionChain& chain) {
  std::string spec;
  for (const Distortion& distortion : chain) {
    if (!spec.empty()) spec += ',';
    spec += to_spec(distortion);
  }
  return spec;
}

ImageF apply_distortion(const ImageF& image, const Distortion& distortion, std::uint64_t seed) {
  const DistortionInfo& info = distortion_info(distortion.op);
  require_image(image, info.name);
  validate(distortion, fmt::format("distortion '{}'", info.name));
  ImageF result;
  switch (distortion.op) {
    case DistortionOp::none:
      result = image;
      break;
    case DistortionOp::jpeg:
    case DistortionOp::jpeg444:
      result = io::jpeg_round_trip(image, static_cast<int>(distortion.value),
                                   distortion.op == DistortionOp::jpeg ? io::ChromaSubsampling::s420
                                                                       : io::ChromaSubsampling::s444);
      break;
    case DistortionOp::resize:
    case DistortionOp::crop:
    case DistortionOp::crop_random:
    case DistortionOp::crop_area:
    case DistortionOp::crop_corner:
    case DistortionOp::rotate:
    case DistortionOp::rotate_crop:
    case DistortionOp::rotate_expand:
    case DistortionOp::rot90:
    case DistortionOp::rot180:
    case DistortionOp::rot270:
    case DistortionOp::flip_h:
    case DistortionOp::flip_v:
      result = detail::apply_geometry(image, distortion, seed);
      break;
    case DistortionOp::text:
      result = detail::overlay_random_text(image, distortion.value, seed);
      break;
    default:
      result = detail::apply_photometric(image, distortion, seed);
      break;
  }
  detail::clip_unit(result);
  return result;
}

ImageF apply_distortions(const ImageF& image, const DistortionChain& chain, std::uint64_t seed) {
  if (chain.empty()) {
    require_image(image, "none");
    return image;
  }
  ImageF current = apply_distortion(image, chain[0], detail::step_seed(seed, 0));
  for (std::size_t k = 1; k < chain.size(); ++k) {
    current = apply_distortion(current, chain[k], detail::step_seed(seed, k));
  }
  return current;
}

SuiteEntry make_suite_entry(const DistortionChain& chain) {
  SuiteEntry result;
  result.chain = chain;
  result.spec = to_spec(chain);
  if (!chain.empty()) {
    result.group = std::string(distortion_info(chain.front().op).name);
    result.strength = chain.front().value;
  }
  if (chain.size() > 1) result.group = "combined";
  return result;
}

std::vector<std::string> distortion_suite_names() {
  return {"hash", "quick", "watermark", "watermark-classic", "stable-signature", "watermark-eval"};
}

std::vector<SuiteEntry> distortion_suite(std::string_view name) {
  if (name == "hash") return hash_suite();
  if (name == "quick") return quick_suite();
  if (name == "watermark-classic") return watermark_classic_suite();
  if (name == "stable-signature") return stable_signature_suite();
  if (name == "watermark-eval") return watermark_eval_suite();
  if (name == "watermark") {
    std::vector<SuiteEntry> suite = watermark_classic_suite();
    for (SuiteEntry& entry : stable_signature_suite()) suite.push_back(std::move(entry));
    return suite;
  }
  throw InvalidArgument(fmt::format("distortion suite '{}' is unknown, expected one of hash, quick, watermark, "
                                    "watermark-classic, stable-signature, watermark-eval; or pass a suite file",
                                    name));
}

std::vector<SuiteEntry> parse_suite(std::string_view text) {
  std::vector<SuiteEntry> suite;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::string_view line =
        trim(text.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start));
    ++line_number;
    start = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    if (line.empty() || line.front() == '#') continue;
    std::string_view group;
    std::string_view spec = line;
    const std::size_t equals = line.find('=');
    if (equals != std::string_view::npos) {
      group = trim(line.substr(0, equals));
      spec = trim(line.substr(equals + 1));
      if (group.empty()) {
        throw InvalidArgument(fmt::format("suite line {}: group before '=' is empty, expected 'group = spec'; "
                                          "name the group or remove the '='",
                                          line_number));
      }
    }
    try {
      SuiteEntry parsed = make_suite_entry(parse_distortion_chain(spec));
      if (!group.empty()) parsed.group = std::string(group);
      suite.push_back(std::move(parsed));
    } catch (const InvalidArgument& error) {
      throw InvalidArgument(fmt::format("suite line {}: {}", line_number, error.what()));
    }
  }
  if (suite.empty()) {
    throw InvalidArgument("suite: the file contains no distortion spec, expected one spec per line such "
                          "as 'jpeg:70'; add at least one");
  }
  return suite;
}

namespace detail {

std::uint64_t step_seed(std::uint64_t seed, std::size_t index) {
  Random mixer(seed ^ (0xD1B54A32D192ED03ull * (static_cast<std::uint64_t>(index) + 1)));
  return mixer.next();
}

void clip_unit(ImageF& image) {
  for (float& value : image.values()) value = std::clamp(value, 0.0f, 1.0f);
}

}  // namespace detail

}  // namespace erlangen::forensics
