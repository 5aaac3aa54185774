// Dense features for copy-move detection (see forensics/cmfd.hpp).
#include <algorithm>
#include <cmath>
#include <memory>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/local_moments.hpp"
#include "erlangen/dense/order_set.hpp"
#include "erlangen/forensics/cmfd.hpp"

namespace erlangen::forensics {
namespace {

constexpr const char* kOperation = "copy-move features";

// Interleaves channel-major planes into the pixel-major feature buffer.
FeatureField interleave(const Image<float>& planes, std::ptrdiff_t scale_groups) {
  FeatureField field;
  field.rows = planes.height();
  field.cols = planes.width();
  field.dims = planes.channels();
  field.scale_groups = scale_groups;
  field.values.resize(static_cast<std::size_t>(field.rows * field.cols * field.dims));
  const std::ptrdiff_t pixels = planes.plane_size();
  for (std::ptrdiff_t k = 0; k < field.dims; ++k) {
    const float* plane = planes.data() + k * pixels;
    for (std::ptrdiff_t p = 0; p < pixels; ++p) field.values[static_cast<std::size_t>(p * field.dims + k)] = plane[p];
  }
  return field;
}

CmfdFeatures dense_features(ImageView<const float> grey, const CmfdFeatureOptions& options) {
  dense::LocalMomentOptions moment_options;
  moment_options.memory_budget = options.memory_budget;
  std::shared_ptr<const basis::Family> family;
  dense::Pooling pooling = dense::Pooling::mean;
  if (options.kind == CmfdFeatureKind::dir) {
    family = basis::make_family("pct");
    moment_options.orders = dense::nm10();
    moment_options.scales = options.dir_scales.empty() ? dense::default_scales() : options.dir_scales;
    if (options.scale_handling == ScaleHandling::search) pooling = dense::Pooling::none;
  } else {
    // ZM-cart of Cozzolino et al.: order 5, the 12 pairs with m >= 0, a 16 px disk, one sample
    // per pixel.
    family = basis::make_family("zernike");
    moment_options.orders = dense::parse_order_set("zernike<=5", *family);
    moment_options.scales = {16};
    moment_options.sampling = {basis::Integration::zoa, 1};
    pooling = dense::Pooling::none;
  }
  const dense::LocalMomentPlan plan(family, grey.height(), grey.width(), moment_options);
  const dense::LabelledPlanes<float> planes = plan.pooled<float>(grey, pooling);
  const std::ptrdiff_t groups =
      pooling == dense::Pooling::none ? static_cast<std::ptrdiff_t>(plan.scales().size()) : 1;
  CmfdFeatures features;
  features.field = interleave(planes.planes, groups);
  features.offset_rows = static_cast<std::ptrdiff_t>(std::floor(plan.centre_row(0)));
  features.offset_cols = static_cast<std::ptrdiff_t>(std::floor(plan.centre_col(0)));
  features.window = plan.max_scale();
  return features;
}

CmfdFeatures patch_features(ImageView<const float> grey, int side) {
  CmfdFeatures features;
  FeatureField& field = features.field;
  field.rows = grey.height() - side + 1;
  field.cols = grey.width() - side + 1;
  field.dims = static_cast<std::ptrdiff_t>(side) * side;
  field.values.resize(static_cast<std::size_t>(field.rows * field.cols * field.dims));
  for (std::ptrdiff_t r = 0; r < field.rows; ++r) {
    for (std::ptrdiff_t c = 0; c < field.cols; ++c) {
      float* out = field.values.data() + (r * field.cols + c) * field.dims;
      for (int i = 0; i < side; ++i) {
        const float* source = grey.row(r + i) + c;
        std::copy(source, source + side, out + static_cast<std::ptrdiff_t>(i) * side);
      }
    }
  }
  features.offset_rows = (side - 1) / 2;
  features.offset_cols = (side - 1) / 2;
  features.window = side;
  return features;
}

// Global min-max normalisation of every value to [0, 1]; marks constant features as uniform.
void normalise(CmfdFeatures& features) {
  const auto [low, high] = std::minmax_element(features.field.values.begin(), features.field.values.end());
  const float minimum = *low;
  const float range = *high - *low;
  // Below this range the features carry only rounding noise of a constant image.
  if (!(range > 1e-6f * std::max(1.0f, std::abs(*high)))) {
    features.uniform = true;
    return;
  }
  const float inverse = 1.0f / range;
  for (float& value : features.field.values) value = (value - minimum) * inverse;
}

}  // namespace

std::ptrdiff_t feature_window(const CmfdFeatureOptions& options) {
  switch (options.kind) {
    case CmfdFeatureKind::dir:
      return options.dir_scales.empty() ? 32 : *std::max_element(options.dir_scales.begin(), options.dir_scales.end());
    case CmfdFeatureKind::zernike:
      return 16;
    case CmfdFeatureKind::patch:
      return options.patch_size;
  }
  return 0;
}

CmfdFeatures compute_cmfd_features(ImageView<const float> grey, const CmfdFeatureOptions& options) {
  if (options.patch_size < 2 || options.patch_size > 32) {
    throw_invalid_argument(kOperation, "patch_size", options.patch_size, "an integer in [2, 32]",
                           "use 8 for the raw-patch baseline");
  }
  if (options.memory_budget < (std::size_t{1} << 20)) {
    throw_invalid_argument(kOperation, "memory_budget", options.memory_budget, "at least 1 MiB (1048576 bytes)",
                           "raise the budget; larger images are tiled within it");
  }
  for (const int side : options.dir_scales) {
    if (side < 4 || side > 64) {
      throw_invalid_argument(kOperation, "dir_scales", side, "window sides in [4, 64] pixels",
                             "leave dir_scales empty for the defaults 8..32");
    }
  }
  const std::ptrdiff_t window = feature_window(options);
  if (grey.height() < window || grey.width() < window) {
    throw InvalidArgument(fmt::format(
        "{}: image is {}x{}, smaller than the {} px feature window; pass an image of at least {}x{} pixels",
        kOperation, grey.height(), grey.width(), window, window, window));
  }
  CmfdFeatures features = options.kind == CmfdFeatureKind::patch ? patch_features(grey, options.patch_size)
                                                                  : dense_features(grey, options);
  normalise(features);
  return features;
}

}  // namespace erlangen::forensics
