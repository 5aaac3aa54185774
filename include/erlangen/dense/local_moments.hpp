// Dense local moments: orthogonal moments of the disk window around every pixel, at several
// window sizes, computed by FFT correlation (the dense invariant representation, DIR).
//
// For a window side S (the scale), an order pair (n, m) and an output pixel p,
//
//   M_nm(p, S) = c_S * sum_{i,j} h_nm^S[i, j] * f_padded[p * k + d_S + (i, j)]
//
// where f_padded is the image after the boundary padding, k the output stride, h_nm^S the S x S
// kernel of pixel-averaged conj(V_nm) (basis/kernel.hpp), c_S the normalisation of
// LocalMomentOptions::normalisation, and d_S = (S_max - S)/2 the centre-crop offset that makes
// every scale refer to the same patch centre. Output pixel (a, b) is the patch whose centre lies
// at input position (a*k - P + (S_max - 1)/2, b*k - P + (S_max - 1)/2), with P the padding (0 in
// valid mode). For odd S_max the centre is a pixel centre, for even S_max it lies between four
// pixels.
//
// Invariance (Qi, Zhang, Wang, Zhou, Cao, "A Principled Design of Image Representation: Towards
// Forensic Tasks", IEEE TPAMI 2023):
//   - Exact up to rounding, for every geometry, ZOA and symmetric sub-pixel rules, and every
//     boundary mode (all three paddings commute with the grid symmetries): rotating the image by
//     90, 180 or 270 degrees rotates each map the same way, with complex values multiplied by
//     e^{-j m phi}. A mirror flip mirrors each magnitude map for real radial families, and maps
//     |M_{n,m}| to the mirrored |M_{n,-m}| = |M_{-n,m}| for EFM, PCET and GPCET.
//   - Exact for integer translations only where the patches stay clear of the padding and the
//     image border.
//   - Approximate: rotation by other angles, where the error falls with S and is smaller with
//     sub-pixel sampling. Scaling gives covariance only: scaling the image by s moves the
//     representation from scale S to scale S/s, and pooling over scales makes it approximately
//     invariant.
//   - None: gain and offset. M is linear in f.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/core/labels.hpp"

namespace erlangen::dense {

// Extension of the image beyond its border before the windows are placed.
enum class Boundary {
  valid,      // no padding: output (H - S_max + 1) x (W - S_max + 1), all windows inside the image
  zero,       // pad with 0
  reflect,    // symmetric padding, the border pixel repeated: ... c b a | a b c ... (MATLAB 'symmetric')
  replicate,  // repeat the border pixel
};

// Per-scale normalisation c_S of the window sums.
enum class Normalisation {
  inside_area,        // 1 / A_S, A_S the disk area in pixels as the sampling rule estimates it (default)
  analytic,           // 1 / (pi R^2), R the disk radius in pixels
  textbook_moment,    // Omega_n / R^2: each value is the textbook moment M_nm of the window
  orthonormal,        // sqrt(Omega_n) / R^2: each value is the orthonormal coefficient of the window
  reference_outside,  // 1 / (number of window pixels whose centre lies outside the disk), as the DIR reference code
};

enum class Precision { float32, float64 };

enum class Method {
  automatic,  // the cheaper of fft and direct by an operation-count model
  fft,        // FFT correlation with cached kernel spectra, tiled under the memory budget
  direct,     // spatial sums over the kernel taps at each output pixel (the oracle)
};

enum class Pooling { none, mean, max };

struct LocalMomentOptions {
  // Empty: the family's default set (dense::default_orders).
  std::vector<basis::OrderPair> orders;
  // Window sides in pixels, one parity (dense::parse_scales gives the text syntax).
  std::vector<int> scales = {8, 10, 12, 14, 16, 18, 22, 24, 28, 32};
  basis::Grid geometry = basis::Grid::edge;
  basis::SamplingRule sampling = {basis::Integration::midpoint, 4};
  Normalisation normalisation = Normalisation::inside_area;
  Boundary boundary = Boundary::valid;
  // Padding per side in pixels for the padded modes; -1 selects floor(S_max / 2), which gives an
  // (H + 1) x (W + 1) output for even S_max and H x W for odd S_max. Ignored in valid mode.
  std::ptrdiff_t padding = -1;
  Precision precision = Precision::float64;
  // Output stride k >= 1: keep output rows and columns 0, k, 2k, ... of the stride-1 map.
  std::ptrdiff_t stride = 1;
  Method method = Method::automatic;
  // Upper bound, in bytes, on the plan's cached kernel spectra plus the FFT work buffers of one
  // apply call. Images whose spectra would exceed it are processed in overlapping tiles. The
  // caller's input image and the output planes come on top.
  std::size_t memory_budget = std::size_t{1} << 30;
  // Output rows and columns per tile (before striding); 0 lets the plan choose from the budget.
  // For tests and benchmarks.
  std::ptrdiff_t tile_rows = 0;
  std::ptrdiff_t tile_cols = 0;
  // Reference compatibility: return the conjugate moment, as the DIR reference code does
  // (same magnitudes).
  bool conjugate_output = false;
  // Reference compatibility for EFM, PCET and GPCET: order (n, m) is labelled as the DIR and
  // MomentToolbox code label it, which is the textbook moment (-n, m). Ignored by real radial
  // families.
  bool reference_labels = false;
};

// Options of the DIR reference code: centre geometry, ZOA sampling, reference_outside
// normalisation, even scales (odd ones decremented), conjugate output, reference labels. The reference's
// single-precision spectral product corresponds to Precision::float32.
LocalMomentOptions reference_options(std::vector<basis::OrderPair> orders, std::vector<int> scales);

// Complex local moments: one plane per channel, channel-major, each rows x cols, row-major.
struct LocalMomentStack {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::vector<FeatureLabel> labels;  // one per channel
  std::vector<std::complex<double>> values;

  std::ptrdiff_t channels() const { return static_cast<std::ptrdiff_t>(labels.size()); }
  std::complex<double>* plane(std::ptrdiff_t channel) { return values.data() + channel * rows * cols; }
  const std::complex<double>* plane(std::ptrdiff_t channel) const {
    return values.data() + channel * rows * cols;
  }
  std::complex<double>& at(std::ptrdiff_t channel, std::ptrdiff_t row, std::ptrdiff_t col) {
    return values[static_cast<std::size_t>((channel * rows + row) * cols + col)];
  }
  const std::complex<double>& at(std::ptrdiff_t channel, std::ptrdiff_t row, std::ptrdiff_t col) const {
    return values[static_cast<std::size_t>((channel * rows + row) * cols + col)];
  }
};

// Real feature planes (magnitudes or pooled magnitudes) with one label per plane.
template <typename T>
struct LabelledPlanes {
  Image<T> planes;  // channels() planes of rows x cols
  std::vector<FeatureLabel> labels;
};

// A bank of local-moment kernels for one image size, built once and applied to many images.
//
// Channels are ordered scale-major: channel s * L + k contains order orders()[k] at scale
// scales()[s]. apply() and the other members are const and thread-safe.
class LocalMomentPlan {
 public:
  // Validates the options and builds the kernels and, for the FFT method, their spectra at the
  // tile size. Throws InvalidArgument for an invalid family order, scale set, stride, padding or
  // image size (a valid-mode image smaller than the largest window), and LimitExceeded when
  // even the smallest useful tile does not fit the memory budget.
  LocalMomentPlan(std::shared_ptr<const basis::Family> family, std::ptrdiff_t rows, std::ptrdiff_t cols,
                  LocalMomentOptions options = {});
  ~LocalMomentPlan();
  LocalMomentPlan(LocalMomentPlan&&) noexcept;
  LocalMomentPlan& operator=(LocalMomentPlan&&) noexcept;

  // Complex moments of every channel at every output pixel. Throws InvalidArgument when the
  // image size differs from the plan's.
  LocalMomentStack apply(ImageView<const float> image) const;

  // |M| of every channel (labels of kind "magnitude").
  template <typename T = float>
  LabelledPlanes<T> magnitudes(ImageView<const float> image) const;

  // Magnitudes pooled over scales per (n, m): the mean or the maximum of |M_nm(p, S)| over S
  // (labels of kind "mean-pooled magnitude" or "max-pooled magnitude", scale 0). Scales are
  // streamed, so memory contains L output planes plus the work buffers. Pooling::none returns
  // magnitudes().
  template <typename T = float>
  LabelledPlanes<T> pooled(ImageView<const float> image, Pooling pooling) const;

  // The adjoint F^T of the linear map F: image -> complex moments (before magnitudes),
  // (F^T Y)[q] = Re sum_k sum_p conj(g_k[q - p]) Y_k[p], including the transpose of the padding
  // and the stride, so that <F X, Y> = <X, F^T Y> with <a, b> = Re sum conj(a) b. The stack
  // must have the plan's output size and channel count. Returns an H x W image.
  ImageD adjoint(const LocalMomentStack& coefficients) const;

  // Per-pixel kernel energy E[q] = sum_k sum_p |g_k[q - p]|^2 over every channel k and output
  // pixel p, the diagonal of F^H F before the padding is folded back onto the image (padded
  // pixels add their energy to the pixel they copy). Dividing F^T delta by E is a cheap
  // approximate inverse and a preconditioner for least-squares solves, not an exact inverse.
  // Returns an H x W image; pixels that no window reaches get 0.
  ImageD kernel_energy() const;

  const basis::Family& family() const;
  const LocalMomentOptions& options() const;  // orders filled in, padding resolved
  const std::vector<basis::OrderPair>& orders() const;
  const std::vector<int>& scales() const;
  std::ptrdiff_t channels() const;
  std::vector<FeatureLabel> labels() const;
  // Label text of the family in use, with its parameters, for example "PCT" or "GPCT(alpha=2)".
  std::string family_label() const;

  std::ptrdiff_t image_rows() const;
  std::ptrdiff_t image_cols() const;
  std::ptrdiff_t output_rows() const;
  std::ptrdiff_t output_cols() const;
  std::ptrdiff_t max_scale() const;
  std::ptrdiff_t padding() const;  // 0 in valid mode
  // Input position (row, column) of the patch centre of output pixel (a, b). Half-integer for
  // even S_max.
  double centre_row(std::ptrdiff_t a) const;
  double centre_col(std::ptrdiff_t b) const;

  Method method() const;  // fft or direct, never automatic
  std::ptrdiff_t tile_count() const;  // 1 when the image fits in one FFT tile
  // FFT size of one tile (rows, cols); 0 for the direct method.
  std::ptrdiff_t fft_rows() const;
  std::ptrdiff_t fft_cols() const;
  // Bytes held by the kernel spectra.
  std::size_t spectrum_bytes() const;

  // Normalised kernel c_S h_nm^S of a channel, embedded at offset (S_max - S)/2 in an
  // S_max x S_max window, row-major. M(p) = sum_{i,j} kernel[i, j] f_padded[p*k + (i, j)].
  const std::vector<std::complex<double>>& kernel(std::ptrdiff_t channel) const;
  // Normalisation c_S of a channel.
  double normalisation(std::ptrdiff_t channel) const;

  // Internal state, defined in the library sources; named here so that its helpers can take it.
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

std::string_view to_string(Boundary boundary);
std::string_view to_string(Normalisation normalisation);
std::string_view to_string(Method method);
std::string_view to_string(Pooling pooling);
// Parse the option names above. Boundaries accept "valid", "zero", "reflect" (also "symmetric"),
// "replicate" and the same names with the prefix "same:". Each throws InvalidArgument listing
// the accepted names.
Boundary parse_boundary(std::string_view text);
Normalisation parse_normalisation(std::string_view text);
Method parse_method(std::string_view text);
Pooling parse_pooling(std::string_view text);
Precision parse_precision(std::string_view text);

}  // namespace erlangen::dense
