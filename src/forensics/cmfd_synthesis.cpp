// Synthetic copy-move forgeries and mask scores (see forensics/cmfd_bench.hpp).
#include <algorithm>
#include <cmath>
#include <random>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/cmfd_bench.hpp"

namespace erlangen::forensics {
namespace {

constexpr const char* kOperation = "copy-move forgery";

// Keys cubic convolution weight with a = -0.5.
double cubic_weight(double t) {
  t = std::abs(t);
  if (t < 1.0) return (1.5 * t - 2.5) * t * t + 1.0;
  if (t < 2.0) return ((-0.5 * t + 2.5) * t - 4.0) * t + 2.0;
  return 0.0;
}

// Bicubic sample of one plane at (row, col), with the border pixel repeated outside the image.
double sample_bicubic(ImageView<const float> plane, double row, double col) {
  const auto base_row = static_cast<std::ptrdiff_t>(std::floor(row));
  const auto base_col = static_cast<std::ptrdiff_t>(std::floor(col));
  double sum = 0.0;
  for (std::ptrdiff_t i = base_row - 1; i <= base_row + 2; ++i) {
    const double wy = cubic_weight(row - static_cast<double>(i));
    const std::ptrdiff_t ri = std::clamp<std::ptrdiff_t>(i, 0, plane.height() - 1);
    for (std::ptrdiff_t j = base_col - 1; j <= base_col + 2; ++j) {
      const double wx = cubic_weight(col - static_cast<double>(j));
      sum += wy * wx * plane(ri, std::clamp<std::ptrdiff_t>(j, 0, plane.width() - 1));
    }
  }
  return sum;
}

double distance(Point2 a, Point2 b) { return std::hypot(a.row - b.row, a.col - b.col); }

void validate(const ImageF& image, const CopyMoveSpec& spec) {
  if (image.empty() || (image.channels() != 1 && image.channels() != 3)) {
    throw InvalidArgument(fmt::format("{}: image is {}x{} with {} planes, expected a non-empty grey or RGB image",
                                      kOperation, image.height(), image.width(), image.channels()));
  }
  if (!(spec.radius >= 4.0)) {
    throw_invalid_argument(kOperation, "radius", spec.radius, "a radius >= 4 pixels", "use about a tenth of the image side");
  }
  if (!(spec.scale >= 0.25 && spec.scale <= 4.0)) {
    throw_invalid_argument(kOperation, "scale", spec.scale, "a factor in [0.25, 4]", "use 1 for a plain copy");
  }
  if (!std::isfinite(spec.rotation_degrees)) {
    throw_invalid_argument(kOperation, "rotation_degrees", spec.rotation_degrees, "a finite angle", "use 0");
  }
  if (!(spec.noise_sigma >= 0.0 && spec.noise_sigma <= 1.0)) {
    throw_invalid_argument(kOperation, "noise_sigma", spec.noise_sigma, "a standard deviation in [0, 1]", "use 0");
  }
  if (spec.copies < 1 || spec.copies > 8) {
    throw_invalid_argument(kOperation, "copies", spec.copies, "an integer in [1, 8]", "use 1");
  }
  if (!(spec.min_source_contrast >= 0.0 && spec.min_source_contrast <= 0.5)) {
    throw_invalid_argument(kOperation, "min_source_contrast", spec.min_source_contrast,
                           "a standard deviation in [0, 0.5]", "use 0 to draw the source anywhere, 0.05 for content");
  }
  if (!(spec.gap >= 0.0)) {
    throw_invalid_argument(kOperation, "gap", spec.gap, "a distance >= 0 pixels", "use 8");
  }
}

// A uniformly drawn centre that keeps a disk of `radius` (plus a 2 px margin) inside the image.
Point2 draw_centre(std::mt19937_64& generator, const ImageF& image, double radius) {
  const double margin = radius + 2.0;
  std::uniform_real_distribution<double> row(margin, static_cast<double>(image.height()) - 1.0 - margin);
  std::uniform_real_distribution<double> col(margin, static_cast<double>(image.width()) - 1.0 - margin);
  return {std::round(row(generator)), std::round(col(generator))};
}

// Standard deviation over the disk of the mean of the planes.
double disk_contrast(const ImageF& image, Point2 centre, double radius) {
  double sum = 0.0;
  double squares = 0.0;
  double count = 0.0;
  const auto planes = static_cast<double>(image.channels());
  for (auto r = static_cast<std::ptrdiff_t>(std::floor(centre.row - radius)); r <= centre.row + radius; ++r) {
    for (auto c = static_cast<std::ptrdiff_t>(std::floor(centre.col - radius)); c <= centre.col + radius; ++c) {
      if (r < 0 || c < 0 || r >= image.height() || c >= image.width()) continue;
      if (distance({static_cast<double>(r), static_cast<double>(c)}, centre) > radius) continue;
      double value = 0.0;
      for (std::ptrdiff_t k = 0; k < image.channels(); ++k) value += image.plane(k)(r, c);
      value /= planes;
      sum += value;
      squares += value * value;
      count += 1.0;
    }
  }
  if (count == 0.0) return 0.0;
  const double mean = sum / count;
  return std::sqrt(std::max(0.0, squares / count - mean * mean));
}

// The source centre: uniform when min_contrast is 0, otherwise the first of up to 200 draws whose
// disk reaches min_contrast, or the most textured draw.
Point2 draw_source(std::mt19937_64& generator, const ImageF& image, double radius, double min_contrast) {
  Point2 best = draw_centre(generator, image, radius);
  if (min_contrast <= 0.0) return best;
  double best_contrast = disk_contrast(image, best, radius);
  for (int draw = 1; draw < 200 && best_contrast < min_contrast; ++draw) {
    const Point2 candidate = draw_centre(generator, image, radius);
    const double contrast = disk_contrast(image, candidate, radius);
    if (contrast > best_contrast) {
      best = candidate;
      best_contrast = contrast;
    }
  }
  return best;
}

}  // namespace

CopyMoveForgery make_copy_move_forgery(const ImageF& image, const CopyMoveSpec& spec) {
  validate(image, spec);
  CopyMoveForgery forgery;
  forgery.copy_radius = spec.radius * spec.scale;
  const double largest = std::max(spec.radius, forgery.copy_radius) + 2.0;
  if (2.0 * largest >= static_cast<double>(std::min(image.height(), image.width()))) {
    throw InvalidArgument(fmt::format("{}: image is {}x{}, too small for a disk of radius {}; use a smaller radius",
                                      kOperation, image.height(), image.width(), largest - 2.0));
  }

  // Place the source and the copies by rejection sampling.
  std::mt19937_64 generator(spec.seed);
  constexpr int kAttempts = 2000;
  bool placed = false;
  for (int attempt = 0; attempt < kAttempts && !placed; ++attempt) {
    forgery.source_centre = draw_source(generator, image, spec.radius, spec.min_source_contrast);
    forgery.copy_centres.clear();
    for (int copy = 0; copy < spec.copies; ++copy) {
      bool found = false;
      for (int inner = 0; inner < kAttempts && !found; ++inner) {
        const Point2 candidate = draw_centre(generator, image, forgery.copy_radius);
        found = distance(candidate, forgery.source_centre) >= spec.radius + forgery.copy_radius + spec.gap;
        for (const Point2& other : forgery.copy_centres) {
          found = found && distance(candidate, other) >= 2.0 * forgery.copy_radius + spec.gap;
        }
        if (found) forgery.copy_centres.push_back(candidate);
      }
      if (!found) break;
    }
    placed = static_cast<int>(forgery.copy_centres.size()) == spec.copies;
  }
  if (!placed) {
    throw InvalidArgument(fmt::format(
        "{}: no placement of a source disk of radius {} and {} copies of radius {} fits a {}x{} image; use a "
        "smaller radius or fewer copies",
        kOperation, spec.radius, spec.copies, forgery.copy_radius, image.height(), image.width()));
  }

  forgery.image = image;
  forgery.mask = Image<std::uint8_t>(image.height(), image.width());
  forgery.copy_mask = Image<std::uint8_t>(image.height(), image.width());
  const double theta = spec.rotation_degrees * M_PI / 180.0;
  const double cosine = std::cos(theta);
  const double sine = std::sin(theta);
  std::normal_distribution<double> noise(0.0, spec.noise_sigma > 0.0 ? spec.noise_sigma : 1.0);
  for (std::ptrdiff_t r = 0; r < image.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < image.width(); ++c) {
      if (distance({static_cast<double>(r), static_cast<double>(c)}, forgery.source_centre) <= spec.radius) {
        forgery.mask(r, c) = 1;
      }
    }
  }
  for (const Point2& centre : forgery.copy_centres) {
    for (std::ptrdiff_t r = 0; r < image.height(); ++r) {
      for (std::ptrdiff_t c = 0; c < image.width(); ++c) {
        const double y = static_cast<double>(r) - centre.row;
        const double x = static_cast<double>(c) - centre.col;
        if (std::hypot(x, y) > forgery.copy_radius) continue;
        // Inverse of A = scale * [[cos, sin], [-sin, cos]] on (x, y) with y pointing down.
        const double source_x = (cosine * x - sine * y) / spec.scale;
        const double source_y = (sine * x + cosine * y) / spec.scale;
        for (std::ptrdiff_t k = 0; k < image.channels(); ++k) {
          double value = sample_bicubic(image.plane(k), forgery.source_centre.row + source_y,
                                        forgery.source_centre.col + source_x);
          if (spec.noise_sigma > 0.0) value += noise(generator);
          forgery.image(r, c, k) = static_cast<float>(std::clamp(value, 0.0, 1.0));
        }
        forgery.mask(r, c) = 1;
        forgery.copy_mask(r, c) = 1;
      }
    }
  }
  return forgery;
}

PixelScores score_mask(ImageView<const std::uint8_t> predicted, ImageView<const std::uint8_t> truth) {
  if (predicted.height() != truth.height() || predicted.width() != truth.width()) {
    throw InvalidArgument(fmt::format("copy-move scores: predicted mask is {}x{} and ground truth {}x{}, expected "
                                      "equal sizes; resize the prediction to the ground truth",
                                      predicted.height(), predicted.width(), truth.height(), truth.width()));
  }
  std::uint8_t maximum = 0;
  for (std::ptrdiff_t r = 0; r < truth.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < truth.width(); ++c) maximum = std::max(maximum, truth(r, c));
  }
  PixelScores scores;
  for (std::ptrdiff_t r = 0; r < truth.height(); ++r) {
    for (std::ptrdiff_t c = 0; c < truth.width(); ++c) {
      const std::uint8_t value = truth(r, c);
      const bool forged = maximum > 0 && value == maximum;
      if (!forged && value != 0) continue;
      const bool hit = predicted(r, c) != 0;
      if (forged) {
        ++(hit ? scores.true_positives : scores.false_negatives);
      } else {
        ++(hit ? scores.false_positives : scores.true_negatives);
      }
    }
  }
  const auto tp = static_cast<double>(scores.true_positives);
  const auto fp = static_cast<double>(scores.false_positives);
  const auto fn = static_cast<double>(scores.false_negatives);
  const auto tn = static_cast<double>(scores.true_negatives);
  scores.f1 = (2 * tp + fp + fn) > 0 ? 2 * tp / (2 * tp + fp + fn) : 1.0;
  scores.precision = (tp + fp) > 0 ? tp / (tp + fp) : 1.0;
  scores.recall = (tp + fn) > 0 ? tp / (tp + fn) : 1.0;
  scores.false_positive_rate = (fp + tn) > 0 ? fp / (fp + tn) : 0.0;
  return scores;
}

}  // namespace erlangen::forensics
