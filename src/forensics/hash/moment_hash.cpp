// Moment hash (see the header for the definition and the invariances).
//
// Design of the rotation mode (ours). A rotation about the image centre moves every dense
// magnitude sample along a circle and leaves its value unchanged (the magnitudes of a real
// radial family are pointwise rotation invariant), so any pooling over rings about the centre
// is invariant. Ring means alone only record radial profiles. The magnitude of the angular
// Fourier coefficient of order q of each ring is invariant as well and records how the
// content is arranged around the ring, so the features are (channel, frequency, ring) with
// frequencies 0 and 1 and 8 rings: 16 x 2 x 8 = 256 values. Each (channel, frequency) profile is
// quantised against its own median over the 8 rings, which makes the bits balanced and
// independent of the gain of that channel. The weights are triangular in the radius, so a
// sample that moves slightly in radius under interpolation changes its ring weights smoothly
// instead of jumping between rings. The disk stops at radius 122 so that no window of side 12
// touches the corners, which a rotation fills with new content. The comparison of other layouts
// (16 rings x frequency 0, 4 rings x 4 frequencies) is in docs/hashing.md.
#include "erlangen/forensics/hash/moment_hash.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>

#include <fmt/format.h>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/forensics/distortion.hpp"

namespace erlangen::forensics {
namespace {

constexpr std::ptrdiff_t kSide = 256;          // resized image side in pixels
constexpr std::ptrdiff_t kLattice = kSide + 1;  // dense output samples per side (pixel corners)
constexpr int kOrderMax = 3;                   // getNM(3): n, m in 0..3
constexpr std::ptrdiff_t kChannels = (kOrderMax + 1) * (kOrderMax + 1);
constexpr std::ptrdiff_t kCells = 8;            // dihedral cell grid side
constexpr std::ptrdiff_t kCellSide = kSide / kCells;

constexpr std::ptrdiff_t kRings = 8;
constexpr std::ptrdiff_t kFrequencies = 2;  // angular frequencies q = 0 and 1
constexpr double kDiskRadius = 122.0;  // 128 minus the largest window radius (12 / 2)
// Gaussian blur of the 256 x 256 image, in pixels. Without it, shrinking an image to a quarter
// (a 512 px image to 128 px, enlarged back to 256 by the front end) moved 4 of the 12 sample
// images further from their original than the nearest other image. With sigma = 2 every quarter-size
// copy stays closer, mild attacks move the rotation hash by at most 8 bits instead of 38, and
// the closest pair of different images moves from 70 to 44 bits (docs/hashing.md, "Moment hash").
// NOTE: the 13-tap blur reaches 6 px beyond the disk plus window radius, into the corners that a
// rotation fills. The measured rotation distances include that leak and stay at or below 14 bits.
constexpr double kBlurSigma = 2.0;

// Quality points per 8-bit grey level of structure (structure_quality).
constexpr double kQualityPerGreyLevel = 30.0;

// Interval overlap weights of exact area resampling along one axis. `length` input pixels,
// starting `offset_halves` half pixels into the input, map to `out` output samples. Output o
// covers input [offset_halves / 2 + o * length / out, offset_halves / 2 + (o + 1) * length / out).
// Coordinates are scaled by 2 * out so that every bound is an integer and mirrored outputs get
// mirrored weights bit for bit.
struct AreaWeights {
  std::vector<std::ptrdiff_t> first;  // first input index of each output
  std::vector<std::vector<double>> weights;
};

AreaWeights area_weights(std::ptrdiff_t offset_halves, std::ptrdiff_t length, std::ptrdiff_t out) {
  AreaWeights result;
  result.first.resize(static_cast<std::size_t>(out));
  result.weights.resize(static_cast<std::size_t>(out));
  const std::ptrdiff_t pixel = 2 * out;  // one input pixel in scaled units
  for (std::ptrdiff_t o = 0; o < out; ++o) {
    const std::ptrdiff_t begin = offset_halves * out + 2 * o * length;
    const std::ptrdiff_t end = offset_halves * out + 2 * (o + 1) * length;
    const std::ptrdiff_t first = begin / pixel;
    const std::ptrdiff_t last = (end - 1) / pixel;
    result.first[static_cast<std::size_t>(o)] = first;
    auto& weights = result.weights[static_cast<std::size_t>(o)];
    for (std::ptrdiff_t i = first; i <= last; ++i) {
      const std::ptrdiff_t overlap = std::min(end, (i + 1) * pixel) - std::max(begin, i * pixel);
      weights.push_back(static_cast<double>(overlap) / static_cast<double>(2 * length));
    }
  }
  return result;
}

// Area resampling of the centred square of side min(H, W) (centre_square) or of the whole image to
// rows x cols. The square may start half a pixel into the image when H - W is odd.
ImageF area_resize(ImageView<const float> image, std::ptrdiff_t rows, std::ptrdiff_t cols, bool centre_square) {
  const std::ptrdiff_t side = std::min(image.height(), image.width());
  const std::ptrdiff_t row_length = centre_square ? side : image.height();
  const std::ptrdiff_t col_length = centre_square ? side : image.width();
  const AreaWeights row_weights = area_weights(image.height() - row_length, row_length, rows);
  const AreaWeights col_weights = area_weights(image.width() - col_length, col_length, cols);

  // Columns first, into a double buffer of image.height() x cols.
  ImageD horizontal(image.height(), cols);
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    const float* source = image.row(i);
    for (std::ptrdiff_t o = 0; o < cols; ++o) {
      const auto& weights = col_weights.weights[static_cast<std::size_t>(o)];
      const std::ptrdiff_t first = col_weights.first[static_cast<std::size_t>(o)];
      double sum = 0.0;
      for (std::size_t t = 0; t < weights.size(); ++t) {
        sum += weights[t] * static_cast<double>(source[first + static_cast<std::ptrdiff_t>(t)]);
      }
      horizontal(i, o) = sum;
    }
  }

  ImageF result(rows, cols);
  for (std::ptrdiff_t o = 0; o < rows; ++o) {
    const auto& weights = row_weights.weights[static_cast<std::size_t>(o)];
    const std::ptrdiff_t first = row_weights.first[static_cast<std::size_t>(o)];
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
      double sum = 0.0;
      for (std::size_t t = 0; t < weights.size(); ++t) {
        sum += weights[t] * horizontal(first + static_cast<std::ptrdiff_t>(t), j);
      }
      result(o, j) = static_cast<float>(sum);
    }
  }
  return result;
}

// The dense plan of the hash, built once for the fixed 256 x 256 input and shared by every
// thread (apply is const and thread-safe).
const dense::LocalMomentPlan& hash_plan() {
  static const dense::LocalMomentPlan plan = [] {
    dense::LocalMomentOptions options;
    for (int n = 0; n <= kOrderMax; ++n) {
      for (int m = 0; m <= kOrderMax; ++m) options.orders.push_back({n, m});
    }
    options.scales = {8, 10, 12};
    options.boundary = dense::Boundary::reflect;
    options.padding = 6;
    options.method = dense::Method::fft;
    std::shared_ptr<const basis::Family> family = basis::make_family("pct");
    return dense::LocalMomentPlan(std::move(family), kSide, kSide, options);
  }();
  return plan;
}

// Ring weights of the rotation mode: for each ring, the lattice samples with a non-zero weight,
// their weight and e^{-j theta}.
struct RingSample {
  std::ptrdiff_t offset;  // a * kLattice + b
  double weight;
  std::complex<double> phase;  // e^{-j theta}
};

const std::vector<std::vector<RingSample>>& ring_samples() {
  static const std::vector<std::vector<RingSample>> rings = [] {
    std::vector<std::vector<RingSample>> result(static_cast<std::size_t>(kRings));
    const double width = kDiskRadius / static_cast<double>(kRings);
    const double centre = static_cast<double>(kSide) / 2.0;
    for (std::ptrdiff_t a = 0; a < kLattice; ++a) {
      for (std::ptrdiff_t b = 0; b < kLattice; ++b) {
        // Lattice (a, b) is the pixel corner at row a, column b; y points up.
        const double y = centre - static_cast<double>(a);
        const double x = static_cast<double>(b) - centre;
        const double radius = std::hypot(x, y);
        if (radius > kDiskRadius) continue;
        const std::complex<double> phase =
            radius > 0.0 ? std::complex<double>(x / radius, -y / radius) : std::complex<double>(1.0, 0.0);
        // Triangular weight about ring centres (r + 0.5) * width, with the innermost and the
        // outermost ring taking the full weight inside their centres.
        const double position = radius / width - 0.5;
        for (std::ptrdiff_t r = 0; r < kRings; ++r) {
          double weight = 1.0 - std::abs(position - static_cast<double>(r));
          if (r == 0 && position < 0.0) weight = 1.0;
          if (r == kRings - 1 && position > static_cast<double>(r)) weight = 1.0;
          if (weight <= 0.0) continue;
          result[static_cast<std::size_t>(r)].push_back({a * kLattice + b, weight, phase});
        }
      }
    }
    return result;
  }();
  return rings;
}

void check_finite(ImageView<const float> luma) {
  for (std::ptrdiff_t i = 0; i < luma.height(); ++i) {
    const float* row = luma.row(i);
    for (std::ptrdiff_t j = 0; j < luma.width(); ++j) {
      if (!std::isfinite(row[j])) {
        throw InvalidArgument(fmt::format(
            "moment hash: pixel ({}, {}) is {}, expected a finite value; replace NaN and "
            "infinite pixels before hashing",
            i, j, row[j]));
      }
    }
  }
}

ImageF front_end(ImageView<const float> luma, MomentHashMode mode) {
  if (luma.empty()) {
    throw_invalid_argument("moment hash", "image size", fmt::format("{}x{}", luma.height(), luma.width()),
                           "at least 1x1 pixels", "pass a non-empty image");
  }
  check_finite(luma);
  // Rotation mode keeps only the central square, because the disk inscribed in it is what a
  // rotation about the centre preserves.
  const bool square = mode == MomentHashMode::rotation;
  ImageF resized;
  if (std::min(luma.height(), luma.width()) < kSide) {
    // Enlarging by area averaging repeats pixels in blocks whose edges the 8 to 12 px windows
    // see as structure; bicubic interpolation has no such steps.
    const std::ptrdiff_t rows = square ? std::min(luma.height(), luma.width()) : luma.height();
    const std::ptrdiff_t cols = square ? rows : luma.width();
    resized = resample(area_resize(luma, rows, cols, square), kSide, kSide, ResampleKernel::bicubic);
  } else {
    resized = area_resize(luma, kSide, kSide, square);
  }
  // The blur keeps detail that survives shrinking the image to a quarter and JPEG (see kBlurSigma).
  return gaussian_blur(resized, kBlurSigma);
}

std::vector<double> dihedral_cells(const dense::LabelledPlanes<double>& maps) {
  std::vector<double> values(static_cast<std::size_t>(kChannels * kCells * kCells), 0.0);
  const double cell_area = static_cast<double>(kCellSide * kCellSide);
  for (std::ptrdiff_t k = 0; k < kChannels; ++k) {
    const ImageView<const double> map = maps.planes.plane(k);
    for (std::ptrdiff_t row = 0; row < kCells; ++row) {
      for (std::ptrdiff_t col = 0; col < kCells; ++col) {
        // Trapezoid rule on the corner lattice: corners on the cell border count half, so each
        // border sample is shared equally by its neighbouring cells.
        double sum = 0.0;
        for (std::ptrdiff_t a = row * kCellSide; a <= (row + 1) * kCellSide; ++a) {
          const double row_weight = (a == row * kCellSide || a == (row + 1) * kCellSide) ? 0.5 : 1.0;
          const double* line = map.row(a);
          double line_sum = 0.0;
          for (std::ptrdiff_t b = col * kCellSide; b <= (col + 1) * kCellSide; ++b) {
            const double col_weight = (b == col * kCellSide || b == (col + 1) * kCellSide) ? 0.5 : 1.0;
            line_sum += col_weight * line[b];
          }
          sum += row_weight * line_sum;
        }
        values[static_cast<std::size_t>((k * kCells + row) * kCells + col)] = sum / cell_area;
      }
    }
  }
  return values;
}

// Layout: group (channel k, frequency q) at index k * kFrequencies + q contains kRings values.
std::vector<double> rotation_rings(const dense::LabelledPlanes<double>& maps) {
  const auto& rings = ring_samples();
  std::vector<double> values(static_cast<std::size_t>(kChannels * kFrequencies * kRings), 0.0);
  for (std::ptrdiff_t k = 0; k < kChannels; ++k) {
    const double* map = maps.planes.plane(k).data();
    for (std::ptrdiff_t r = 0; r < kRings; ++r) {
      const auto& samples = rings[static_cast<std::size_t>(r)];
      std::vector<std::complex<double>> sums(static_cast<std::size_t>(kFrequencies));
      double weight_sum = 0.0;
      for (const RingSample& sample : samples) {
        const double value = sample.weight * map[sample.offset];
        weight_sum += sample.weight;
        std::complex<double> rotor(1.0, 0.0);
        for (std::ptrdiff_t q = 0; q < kFrequencies; ++q) {
          sums[static_cast<std::size_t>(q)] += value * rotor;
          rotor *= sample.phase;
        }
      }
      for (std::ptrdiff_t q = 0; q < kFrequencies; ++q) {
        values[static_cast<std::size_t>((k * kFrequencies + q) * kRings + r)] =
            std::abs(sums[static_cast<std::size_t>(q)]) / weight_sum;
      }
    }
  }
  return values;
}

double median_of(std::vector<double> values) {
  const std::size_t n = values.size();
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n / 2), values.end());
  const double upper = values[n / 2];
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return 0.5 * (lower + upper);
}

// Maps output cell (row, col) of a transformed 8 x 8 grid to the source cell, with the same
// formulas as the image transforms of core/transform.hpp.
std::pair<std::ptrdiff_t, std::ptrdiff_t> source_cell(Dihedral g, std::ptrdiff_t row, std::ptrdiff_t col) {
  const std::ptrdiff_t last = kCells - 1;
  switch (g) {
    case Dihedral::identity: return {row, col};
    case Dihedral::rotate90: return {col, last - row};
    case Dihedral::rotate180: return {last - row, last - col};
    case Dihedral::rotate270: return {last - col, row};
    case Dihedral::flip_left_right: return {row, last - col};
    case Dihedral::flip_up_down: return {last - row, col};
    case Dihedral::transpose: return {col, row};
    case Dihedral::anti_transpose: return {last - col, last - row};
  }
  return {row, col};
}

// Magnitude of each channel's response to the constant image 1, averaged over the scales. The
// continuous responses of every channel but (0, 0) are 0, but the sampled kernels do not sum
// exactly to 0, so a flat image gives small non-zero magnitudes in the (n, 0) channels.
const std::vector<double>& constant_response() {
  static const std::vector<double> response = [] {
    const dense::LocalMomentPlan& plan = hash_plan();
    const auto orders = static_cast<std::ptrdiff_t>(plan.orders().size());
    const auto scales = static_cast<std::ptrdiff_t>(plan.scales().size());
    std::vector<double> result(static_cast<std::size_t>(orders), 0.0);
    for (std::ptrdiff_t s = 0; s < scales; ++s) {
      for (std::ptrdiff_t k = 0; k < orders; ++k) {
        std::complex<double> sum = 0.0;
        for (const std::complex<double>& tap : plan.kernel(s * orders + k)) sum += tap;
        result[static_cast<std::size_t>(k)] += std::abs(sum) / static_cast<double>(scales);
      }
    }
    return result;
  }();
  return response;
}

// Quality from the amount of structure, in 8-bit grey levels. It adds the standard deviation of
// the local mean (channel (0, 0)) over the cells or rings and the mean local magnitude of the
// other 15 channels (local contrast), from which their response to the local mean is removed. That makes a
// constant image score 0. kQualityPerGreyLevel points per grey level, capped at 100, so an image
// with less than 5/3 grey levels of structure (a faint gradient, noise of about one grey level)
// scores below 50. The measure is taken after the front end's blur, which lowers the contrast of
// fine textures: the brick sample scores 55.
int structure_quality(const MomentHashFeatures& features) {
  const std::size_t group_size = features.values.size() / features.groups;
  // The frequency-0 group of channel k: its ring or cell means.
  const std::size_t stride = features.mode == MomentHashMode::dihedral ? 1 : static_cast<std::size_t>(kFrequencies);
  auto group_values = [&](std::ptrdiff_t channel) {
    const auto begin =
        features.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(channel) * stride * group_size);
    return std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(group_size));
  };

  const std::vector<double> local_mean = group_values(0);
  double mean = 0.0;
  for (double value : local_mean) mean += value;
  mean /= static_cast<double>(group_size);
  double variance = 0.0;
  for (double value : local_mean) variance += (value - mean) * (value - mean);
  const double mean_spread = std::sqrt(variance / static_cast<double>(group_size));

  const std::vector<double>& bias = constant_response();
  double contrast = 0.0;
  for (std::ptrdiff_t k = 1; k < kChannels; ++k) {
    const std::vector<double> values = group_values(k);
    for (std::size_t t = 0; t < group_size; ++t) {
      contrast += std::max(0.0, values[t] - bias[static_cast<std::size_t>(k)] * local_mean[t]);
    }
  }
  contrast /= static_cast<double>((kChannels - 1) * static_cast<std::ptrdiff_t>(group_size));

  const double grey_levels = 255.0 * (mean_spread + contrast);
  return static_cast<int>(std::lround(std::min(100.0, kQualityPerGreyLevel * grey_levels)));
}

}  // namespace

std::string_view to_string(MomentHashMode mode) {
  return mode == MomentHashMode::dihedral ? "dihedral" : "rotation";
}

MomentHashMode parse_moment_hash_mode(std::string_view text) {
  if (text == "rotation") return MomentHashMode::rotation;
  if (text == "dihedral") return MomentHashMode::dihedral;
  throw_invalid_argument("moment hash", "mode", fmt::format("'{}'", text), "'rotation' or 'dihedral'",
                         "choose one of the two modes");
}

std::size_t moment_hash_bits(MomentHashMode mode) {
  return mode == MomentHashMode::dihedral ? static_cast<std::size_t>(kChannels * kCells * kCells)
                                          : static_cast<std::size_t>(kChannels * kFrequencies * kRings);
}

std::size_t moment_hash_threshold(MomentHashMode mode) {
  // Chosen between the largest same-image distance under the mild attacks and the smallest
  // different-image distance on the sample images (docs/hashing.md, section "Moment hash").
  return mode == MomentHashMode::dihedral ? 176 : 32;
}

MomentHashFeatures moment_hash_features(ImageView<const float> luma, MomentHashMode mode) {
  const ImageF resized = front_end(luma, mode);
  const dense::LabelledPlanes<double> maps = hash_plan().pooled<double>(resized.plane(), dense::Pooling::mean);
  ERLANGEN_ASSERT(maps.planes.height() == kLattice && maps.planes.width() == kLattice);

  MomentHashFeatures features;
  features.mode = mode;
  if (mode == MomentHashMode::dihedral) {
    features.values = dihedral_cells(maps);
    features.groups = static_cast<std::size_t>(kChannels);
  } else {
    features.values = rotation_rings(maps);
    features.groups = static_cast<std::size_t>(kChannels * kFrequencies);
  }
  return features;
}

HashResult quantise_moment_features(const MomentHashFeatures& features) {
  if (features.groups == 0 || features.values.size() % features.groups != 0 ||
      features.values.size() != moment_hash_bits(features.mode)) {
    throw_invalid_argument("moment hash", "feature count", features.values.size(),
                           fmt::format("{} values in equal groups", moment_hash_bits(features.mode)),
                           "pass the output of moment_hash_features");
  }
  const std::size_t group_size = features.values.size() / features.groups;

  HashResult result;
  result.algorithm = features.mode == MomentHashMode::dihedral ? "moment-dihedral" : "moment";
  result.bits = BitHash(features.values.size());

  for (std::size_t g = 0; g < features.groups; ++g) {
    const auto begin = features.values.begin() + static_cast<std::ptrdiff_t>(g * group_size);
    const std::vector<double> group(begin, begin + static_cast<std::ptrdiff_t>(group_size));
    const double median = median_of(group);
    for (std::size_t t = 0; t < group_size; ++t) {
      result.bits.set(g * group_size + t, group[t] > median);
      result.margins.push_back(group[t] - median);
    }
  }

  result.quality = structure_quality(features);
  result.low_quality = result.quality < moment_hash_low_quality_below;
  return result;
}

HashResult moment_hash(ImageView<const float> luma, MomentHashMode mode) {
  return quantise_moment_features(moment_hash_features(luma, mode));
}

HashResult moment_hash(const ImageF& image, MomentHashMode mode) {
  if (image.channels() == 1) return moment_hash(image.plane(), mode);
  if (image.channels() != 3) {
    throw_invalid_argument("moment hash", "plane count", image.channels(), "1 (grey) or 3 (R, G, B)",
                           "convert the image to grey or RGB first");
  }
  ImageF luma(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      luma(i, j) = 0.299f * image(i, j, 0) + 0.587f * image(i, j, 1) + 0.114f * image(i, j, 2);
    }
  }
  return moment_hash(luma.plane(), mode);
}

std::array<BitHash, 8> dihedral_variants(const BitHash& hash) {
  const std::size_t bits = moment_hash_bits(MomentHashMode::dihedral);
  if (hash.size() != bits) {
    throw_invalid_argument("moment hash dihedral variants", "hash length", hash.size(),
                           fmt::format("{} bits (a dihedral-mode moment hash)", bits),
                           "compute the hash with MomentHashMode::dihedral");
  }
  std::array<BitHash, 8> variants;
  for (int g = 0; g < 8; ++g) {
    BitHash variant(bits);
    for (std::ptrdiff_t k = 0; k < kChannels; ++k) {
      for (std::ptrdiff_t row = 0; row < kCells; ++row) {
        for (std::ptrdiff_t col = 0; col < kCells; ++col) {
          const auto [source_row, source_col] = source_cell(static_cast<Dihedral>(g), row, col);
          const auto source = static_cast<std::size_t>((k * kCells + source_row) * kCells + source_col);
          variant.set(static_cast<std::size_t>((k * kCells + row) * kCells + col), hash.bit(source));
        }
      }
    }
    variants[static_cast<std::size_t>(g)] = std::move(variant);
  }
  return variants;
}

std::size_t moment_hash_distance(const BitHash& a, const BitHash& b, MomentHashMode mode) {
  const std::size_t bits = moment_hash_bits(mode);
  if (a.size() != bits || b.size() != bits) {
    throw_invalid_argument("moment hash distance", "hash lengths", fmt::format("{} and {}", a.size(), b.size()),
                           fmt::format("{} bits each for mode {}", bits, to_string(mode)),
                           "compare hashes of the same mode");
  }
  if (mode == MomentHashMode::rotation) return hamming_distance(a, b);
  std::size_t best = bits;
  for (const BitHash& variant : dihedral_variants(b)) best = std::min(best, hamming_distance(a, variant));
  return best;
}

}  // namespace erlangen::forensics
