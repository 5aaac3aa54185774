// HirPlan::apply: the prefix tree walked depth first, one forward FFT per inner node.
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <string>

#include <fmt/format.h>

#if defined(ERLANGEN_HAVE_OPENMP)
#include <omp.h>
#endif

#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "hir_plan_impl.hpp"

namespace erlangen::hierarchy {
namespace {

// Buffers of one thread. Maps are kept per depth, because a node's map must survive while its
// subtree is computed; FFT buffers are per depth for the same reason.
template <typename Real>
struct Workspace {
  std::vector<AlignedVector<Real>> maps;                     // per depth
  std::vector<AlignedVector<std::complex<Real>>> spectra;    // per depth: spectrum of the pooled map
  AlignedVector<Real> padded;
  AlignedVector<Real> pooled;
  AlignedVector<std::complex<Real>> product;
  AlignedVector<Real> real_part;
  AlignedVector<Real> imag_part;
  std::vector<double> map_double;

  Workspace(int depth, std::size_t map_size, std::size_t fft_size, std::size_t spectrum_size)
      : maps(static_cast<std::size_t>(depth) + 1, AlignedVector<Real>(map_size)),
        spectra(static_cast<std::size_t>(depth) + 1, AlignedVector<std::complex<Real>>(spectrum_size)),
        padded(fft_size),
        pooled(map_size),
        product(spectrum_size),
        real_part(fft_size),
        imag_part(fft_size),
        map_double(map_size) {}
};

template <typename Real>
const std::vector<std::unique_ptr<fft::RealFft2d<Real>>>& transforms(const HirPlan::Impl& plan) {
  if constexpr (std::is_same_v<Real, float>) {
    return plan.fft_float;
  } else {
    return plan.fft_double;
  }
}

template <typename Real>
const std::vector<KernelSpectrum<Real>>& spectra(const HirPlan::Impl& plan) {
  if constexpr (std::is_same_v<Real, float>) {
    return plan.spectra_float;
  } else {
    return plan.spectra_double;
  }
}

// Pools `map` (rows x cols) into `out` as PoolingOptions describes.
template <typename Real>
void pool(const Real* map, std::ptrdiff_t rows, std::ptrdiff_t cols, const PoolingOptions& pooling,
          std::ptrdiff_t out_rows, std::ptrdiff_t out_cols, Real* out) {
  const bool average = pooling.kind == PoolingKind::average;
  const Real inverse_area = Real{1} / static_cast<Real>(pooling.window * pooling.window);
  for (std::ptrdiff_t a = 0; a < out_rows; ++a) {
    for (std::ptrdiff_t b = 0; b < out_cols; ++b) {
      Real accumulated = average ? Real{0} : -std::numeric_limits<Real>::infinity();
      for (std::ptrdiff_t i = 0; i < pooling.window; ++i) {
        const Real* row = map + (a * pooling.stride + i) * cols + b * pooling.stride;
        for (std::ptrdiff_t j = 0; j < pooling.window; ++j) {
          accumulated = average ? accumulated + row[j] : std::max(accumulated, row[j]);
        }
      }
      out[a * out_cols + b] = average ? accumulated * inverse_area : accumulated;
    }
  }
  (void)rows;
}

template <typename Real>
class TreeWalker {
 public:
  TreeWalker(const HirPlan::Impl& plan, std::span<double> features, int capture_node, ImageD* capture)
      : plan_(plan), features_(features), capture_node_(capture_node), capture_(capture) {}

  // Pools the map of `node_id`, zero-pads it to the node's FFT size and transforms it into the
  // spectrum buffer of its depth.
  void transform_node(int node_id, const Real* map, Workspace<Real>& work) const {
    const HirNode& node = plan_.nodes[static_cast<std::size_t>(node_id)];
    const Real* source = map;
    if (plan_.options.pooling.kind != PoolingKind::none) {
      pool(map, node.rows, node.cols, plan_.options.pooling, node.pooled_rows, node.pooled_cols, work.pooled.data());
      source = work.pooled.data();
    }
    Real* padded = work.padded.data();
    std::fill(padded, padded + node.fft_rows * node.fft_cols, Real{0});
    for (std::ptrdiff_t i = 0; i < node.pooled_rows; ++i) {
      std::copy(source + i * node.pooled_cols, source + (i + 1) * node.pooled_cols, padded + i * node.fft_cols);
    }
    transforms<Real>(plan_)[static_cast<std::size_t>(node.fft)]->forward(
        padded, work.spectra[static_cast<std::size_t>(node.depth)].data());
  }

  // Computes the map of `child_id` from its parent's spectrum, reads out its paths and recurses.
  void compute_child(int child_id, const std::complex<Real>* parent_spectrum, Workspace<Real>& work) const {
    const HirNode& child = plan_.nodes[static_cast<std::size_t>(child_id)];
    const HirNode& parent = plan_.nodes[static_cast<std::size_t>(child.parent)];
    const fft::RealFft2d<Real>& transform = *transforms<Real>(plan_)[static_cast<std::size_t>(parent.fft)];
    const KernelSpectrum<Real>& kernel = spectra<Real>(plan_)[static_cast<std::size_t>(child.spectrum)];
    const auto half = static_cast<std::size_t>(transform.spectrum_size());

    std::complex<Real>* product = work.product.data();
    for (std::size_t k = 0; k < half; ++k) product[k] = parent_spectrum[k] * kernel.real[k];
    transform.inverse(product, work.real_part.data());
    const bool complex_kernel = !kernel.imag.empty();
    if (complex_kernel) {
      for (std::size_t k = 0; k < half; ++k) product[k] = parent_spectrum[k] * kernel.imag[k];
      transform.inverse(product, work.imag_part.data());
    }

    // S layer: modulus of the valid region (the top-left rows x cols of the circular result).
    Real* map = work.maps[static_cast<std::size_t>(child.depth)].data();
    const Real* real_part = work.real_part.data();
    const Real* imag_part = work.imag_part.data();
    for (std::ptrdiff_t a = 0; a < child.rows; ++a) {
      for (std::ptrdiff_t b = 0; b < child.cols; ++b) {
        const std::ptrdiff_t source = a * parent.fft_cols + b;
        // sqrt(x^2 + y^2) costs a fraction of std::hypot, whose overflow guard is not needed here
        // because map values stay far below the overflow range of either precision.
        const Real x = real_part[source];
        const Real y = complex_kernel ? imag_part[source] : Real{0};
        map[a * child.cols + b] = std::sqrt(x * x + y * y);
      }
    }

    if (!child.outputs.empty() || child_id == capture_node_) {
      double* values = work.map_double.data();
      std::copy(map, map + child.rows * child.cols, values);
      for (const std::size_t path : child.outputs) plan_.read_out(values, child.rows, child.cols, path, features_);
      if (child_id == capture_node_ && capture_ != nullptr) {
        *capture_ = ImageD(child.rows, child.cols);
        std::copy(values, values + child.rows * child.cols, capture_->data());
      }
    }

    if (!child.children.empty()) {
      transform_node(child_id, map, work);
      const std::complex<Real>* spectrum = work.spectra[static_cast<std::size_t>(child.depth)].data();
      for (const int grandchild : child.children) compute_child(grandchild, spectrum, work);
    }
  }

  Workspace<Real> make_workspace() const {
    return Workspace<Real>(plan_.max_depth, std::max<std::size_t>(plan_.largest_map, 1), plan_.largest_fft,
                           plan_.largest_spectrum);
  }

 private:
  const HirPlan::Impl& plan_;
  std::span<double> features_;
  int capture_node_;
  ImageD* capture_;
};

void check_image(const HirPlan::Impl& plan, ImageView<const float> image) {
  if (image.height() != plan.rows || image.width() != plan.cols) {
    throw InvalidArgument(fmt::format("hir: image is {}x{} pixels, but the plan was built for {}x{}; "
                                      "build a plan for this size or preprocess the image to {}x{}",
                                      image.height(), image.width(), plan.rows, plan.cols, plan.rows, plan.cols));
  }
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    const float* row = image.row(i);
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      if (!std::isfinite(row[j])) {
        throw InvalidArgument(fmt::format("hir: pixel ({}, {}) is {}, expected a finite value; "
                                          "replace NaN and infinite pixels before extraction",
                                          i, j, row[j]));
      }
    }
  }
}

}  // namespace

template <typename Real>
void HirPlan::Impl::compute(ImageView<const float> image, std::span<double> features, int capture_node,
                            ImageD* capture) const {
  const TreeWalker<Real> walker(*this, features, capture_node, capture);
  const HirNode& root = nodes.front();

  // The root's spectrum is shared read-only by every subtree.
  Workspace<Real> root_work = walker.make_workspace();
  AlignedVector<Real> input(static_cast<std::size_t>(rows * cols));
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const float* row = image.row(i);
    for (std::ptrdiff_t j = 0; j < cols; ++j) input[static_cast<std::size_t>(i * cols + j)] = static_cast<Real>(row[j]);
  }
  walker.transform_node(0, input.data(), root_work);
  const std::complex<Real>* root_spectrum = root_work.spectra[0].data();

  const auto subtrees = static_cast<std::ptrdiff_t>(root.children.size());
#if defined(ERLANGEN_HAVE_OPENMP)
  const bool parallel = options.parallel && !omp_in_parallel() && omp_get_max_threads() > 1 && subtrees > 1;
  if (parallel) {
#pragma omp parallel
    {
      Workspace<Real> work = walker.make_workspace();
#pragma omp for schedule(dynamic)
      for (std::ptrdiff_t k = 0; k < subtrees; ++k) {
        walker.compute_child(root.children[static_cast<std::size_t>(k)], root_spectrum, work);
      }
    }
    return;
  }
#endif
  for (std::ptrdiff_t k = 0; k < subtrees; ++k) {
    walker.compute_child(root.children[static_cast<std::size_t>(k)], root_spectrum, root_work);
  }
}

void HirPlan::Impl::read_out(const double* map, std::ptrdiff_t map_rows, std::ptrdiff_t map_cols, std::size_t path,
                             std::span<double> features) const {
  double* out = features.data() + feature_offset[path];
  const std::size_t size = static_cast<std::size_t>(map_rows * map_cols);
  switch (options.readout.kind) {
    case ReadoutKind::mean: {
      double sum = 0.0;
      for (std::size_t k = 0; k < size; ++k) sum += map[k];
      out[0] = sum / static_cast<double>(size);
      return;
    }
    case ReadoutKind::dct_rings: {
      const DctRings& rings = dct.at(map_rows);
      const std::ptrdiff_t h = rings.side;
      const std::ptrdiff_t half = h / 2 + 1;
      AlignedVector<double> reordered(size);
      for (std::ptrdiff_t i = 0; i < h; ++i) {
        const double* row = map + rings.reorder[static_cast<std::size_t>(i)] * h;
        for (std::ptrdiff_t j = 0; j < h; ++j) reordered[static_cast<std::size_t>(i * h + j)] = row[rings.reorder[static_cast<std::size_t>(j)]];
      }
      AlignedVector<std::complex<double>> spectrum(static_cast<std::size_t>(h * half));
      rings.transform->forward(reordered.data(), spectrum.data());
      // V[k1, k2] of the full spectrum from the half spectrum of a real input.
      const auto full = [&](std::ptrdiff_t k1, std::ptrdiff_t k2) {
        k2 %= h;
        if (k2 < half) return spectrum[static_cast<std::size_t>(k1 * half + k2)];
        return std::conj(spectrum[static_cast<std::size_t>(((h - k1) % h) * half + (h - k2))]);
      };

      const auto bands = static_cast<std::size_t>(options.readout.bands);
      std::fill(out, out + bands, 0.0);
      for (std::ptrdiff_t k1 = 0; k1 < h; ++k1) {
        for (std::ptrdiff_t k2 = 0; k2 < h; ++k2) {
          const auto index = static_cast<std::size_t>(k1 * h + k2);
          const int band = rings.band[index];
          if (band < 0) continue;
          const std::complex<double> inner = rings.twiddle[static_cast<std::size_t>(k2)] * full(k1, k2) +
                                             std::conj(rings.twiddle[static_cast<std::size_t>(k2)]) * full(k1, h - k2);
          const double x = 0.5 * (rings.twiddle[static_cast<std::size_t>(k1)] * inner).real();
          out[band] += std::abs(x) * rings.weight[index];
        }
      }
      for (std::size_t band = 0; band < bands; ++band) {
        // The reference variant divides by an empty band's zero count, which gives NaN.
        out[band] = rings.count[band] > 0.0 ? out[band] / rings.count[band] : std::numeric_limits<double>::quiet_NaN();
      }
      return;
    }
    case ReadoutKind::moments: {
      const moments::MomentPlan& moment_plan = *moment_plans.at(map_rows);
      const moments::MomentSet set = moment_plan.apply(ImageView<const double>(map, map_rows, map_cols));
      for (std::size_t k = 0; k < moment_positions.size(); ++k) out[k] = std::abs(set.values()[moment_positions[k]]);
      return;
    }
  }
}

LabelledFeatures HirPlan::apply(ImageView<const float> image) const {
  LabelledFeatures result;
  result.values.assign(feature_count(), 0.0);
  apply(image, result.values);
  result.labels = impl_->labels;
  return result;
}

void HirPlan::apply(ImageView<const float> image, std::span<double> features) const {
  check_image(*impl_, image);
  if (features.size() != feature_count()) {
    throw_invalid_argument("hir", "feature buffer size", features.size(), fmt::format("{}", feature_count()),
                           "pass a buffer of feature_count() values");
  }
  const auto compute_features = [this](ImageView<const float> input, std::span<double> values) {
    if (impl_->options.precision == HirPrecision::float32) {
      impl_->compute<float>(input, values, -1, nullptr);
    } else {
      impl_->compute<double>(input, values, -1, nullptr);
    }
  };
  compute_features(image, features);
  const int rotations = impl_->options.orbit_rotations;
  if (rotations == 1) return;

  // Orbit average over the rotations by k * 90 / rotations degrees. Each copy is rotated from the
  // input itself, so that no interpolation error accumulates from copy to copy.
  std::vector<double> copy_features(features.size());
  for (int k = 1; k < rotations; ++k) {
    const double degrees = 90.0 * static_cast<double>(k) / static_cast<double>(rotations);
    const ImageF rotated = rotate(image, degrees, Interpolation::bicubic, 0.0f);
    compute_features(rotated.plane(), copy_features);
    for (std::size_t i = 0; i < features.size(); ++i) features[i] += copy_features[i];
  }
  for (double& value : features) value /= static_cast<double>(rotations);
}

ImageD HirPlan::path_map(ImageView<const float> image, std::size_t index) const {
  check_image(*impl_, image);
  if (index >= impl_->paths.size()) {
    throw_invalid_argument("hir path map", "path index", index, fmt::format("an index below {}", impl_->paths.size()),
                           "pass the position of a path in paths()");
  }
  std::vector<double> features(feature_count());
  ImageD map;
  if (impl_->options.precision == HirPrecision::float32) {
    impl_->compute<float>(image, features, impl_->path_node[index], &map);
  } else {
    impl_->compute<double>(image, features, impl_->path_node[index], &map);
  }
  return map;
}

FeatureMatrix extract_batch(const HirPlan& plan, std::span<const ImageView<const float>> images,
                            const PreprocessOptions& preprocess_options) {
  FeatureMatrix result;
  result.rows = images.size();
  result.cols = plan.feature_count();
  result.values.assign(result.rows * result.cols, 0.0);
  result.labels = plan.labels();

  // Validate every image before the parallel loop, so that no exception crosses an OpenMP region.
  std::vector<std::ptrdiff_t> sizes;
  for (std::size_t k = 0; k < images.size(); ++k) {
    const std::ptrdiff_t rows = preprocessed_rows(preprocess_options, images[k].height());
    const std::ptrdiff_t cols = preprocessed_cols(preprocess_options, images[k].width());
    if (rows != plan.rows() || cols != plan.cols()) {
      throw InvalidArgument(fmt::format("hir batch: image {} is {}x{} pixels ({}x{} after preprocessing), but the plan "
                                        "was built for {}x{}; resize the images or set the preprocessing resize side",
                                        k, images[k].height(), images[k].width(), rows, cols, plan.rows(), plan.cols()));
    }
  }

  // Exceptions must not leave an OpenMP region, so each is stored and the first one is rethrown
  // afterwards with its type, prefixed by the image index.
  std::vector<std::exception_ptr> failures(images.size());
  const auto count = static_cast<std::ptrdiff_t>(images.size());
  // A single image runs outside a parallel region, so that apply() parallelises over its subtrees.
#pragma omp parallel for schedule(dynamic) if (count > 1)
  for (std::ptrdiff_t k = 0; k < count; ++k) {
    try {
      const ImageF prepared = preprocess(images[static_cast<std::size_t>(k)], preprocess_options);
      plan.apply(prepared.plane(), std::span<double>(result.values.data() + static_cast<std::size_t>(k) * result.cols,
                                                     result.cols));
    } catch (...) {
      failures[static_cast<std::size_t>(k)] = std::current_exception();
    }
  }
  for (std::size_t k = 0; k < failures.size(); ++k) {
    if (!failures[k]) continue;
    const std::string prefix = fmt::format("hir batch: image {}: ", k);
    try {
      std::rethrow_exception(failures[k]);
    } catch (const InvalidArgument& error) {
      throw InvalidArgument(prefix + error.what());
    } catch (const LimitExceeded& error) {
      throw LimitExceeded(prefix + error.what());
    } catch (const IoError& error) {
      throw IoError(prefix + error.what());
    }
  }
  return result;
}

}  // namespace erlangen::hierarchy
