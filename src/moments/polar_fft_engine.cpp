// The polar FFT method for the harmonic families (EFM, PCET, GPCET and, by
// linear identities, RHFM and GRHFM).
//
// With u = r^alpha the radial part of GPCET is e^{j 2 pi n u} times a weight,
// so after resampling the image onto a P x P grid in (u, theta) every moment is
// one coefficient of a 2-D DFT:
//   M_nm = Omega_n int_0^1 int_0^{2 pi} f W(u) e^{-j 2 pi n u} e^{-j m theta} dtheta du
//        ~ Omega_n (2 pi / P^2) sum_a sum_b f(u_a, theta_b) W(u_a) e^{-j 2 pi (n a + m b) / P} [e^{-j pi n / P}],
// where W(u) du = conj(R_n) e^{j 2 pi n u} r dr:
//   GPCET(alpha) and EFM (alpha = 1):  W(u) = u^{(2 - alpha) / (2 alpha)} / sqrt(alpha),
//   PCET:                              W(u) = 1 / 2.
// Clean variant (default): u_a = (a + 1/2) / P for the sample, the weight and
// the phase (the bracketed factor). Reference variant: sample at u = a / P and
// weight at (a + 1) / P, with no phase factor, as in the authors' FGPCET code.
// The image value f(u_a, theta_b) is the pixel of the edge grid that contains
// the point (nearest pixel centre). The family definitions follow Qi et al.,
// "A Survey of Orthogonal Moments for Image Representation", ACM Computing
// Surveys 2021.
//
// RHFM from EFM (GRHFM from GPCET with the same alpha), both with
// Omega = 1/(2 pi): H_0 = E_0; odd n, k = (n+1)/2: H_n = j (E_k - E_{-k}) / sqrt 2;
// even n >= 2, k = n/2: H_n = (E_k + E_{-k}) / sqrt 2, for every m.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>

#include "engine.hpp"
#include "erlangen/core/aligned.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/fft.hpp"

namespace erlangen::moments::detail {
namespace {

using basis::FamilyId;

bool derived_from_exponential(FamilyId id) {
  return id == FamilyId::radial_harmonic_fourier || id == FamilyId::generic_radial_harmonic_fourier;
}

// The alpha of the exponential family whose DFT is computed.
double exponent_alpha(const basis::Family& family) {
  switch (family.id()) {
    case FamilyId::exponent_fourier:
    case FamilyId::radial_harmonic_fourier: return 1.0;
    case FamilyId::polar_complex_exponential: return 2.0;
    default: return family.parameters().alpha;
  }
}

// W(u) of the exponential family (see the file comment), and its Omega.
double radial_weight(FamilyId id, double alpha, double u) {
  if (id == FamilyId::polar_complex_exponential) return 0.5;
  return std::pow(u, (2.0 - alpha) / (2.0 * alpha)) / std::sqrt(alpha);
}
double exponential_omega(FamilyId id) {
  return id == FamilyId::polar_complex_exponential ? 1.0 / std::numbers::pi : 1.0 / (2.0 * std::numbers::pi);
}

class PolarFftEngine final : public MomentEngine {
 public:
  explicit PolarFftEngine(const EngineSettings& settings)
      : settings_(settings),
        polar_size_(static_cast<std::ptrdiff_t>(settings.options.polar_oversampling) * settings.size),
        fft_(polar_size_, polar_size_) {
    const basis::Family& family = *settings.family;
    const FamilyId id = family.id();
    alpha_ = exponent_alpha(family);
    exponential_id_ = derived_from_exponential(id)
                          ? (id == FamilyId::radial_harmonic_fourier ? FamilyId::exponent_fourier
                                                                     : FamilyId::generic_polar_complex_exponential)
                          : id;
    const bool reference = settings.options.polar_reference_weights;
    const std::ptrdiff_t side = polar_size_;
    const std::ptrdiff_t size = settings.size;
    const double half = static_cast<double>(size) / 2.0;

    radial_weights_.resize(static_cast<std::size_t>(side));
    pixel_of_sample_.resize(static_cast<std::size_t>(side * side));
    for (std::ptrdiff_t a = 0; a < side; ++a) {
      const double u_sample = (static_cast<double>(a) + (reference ? 0.0 : 0.5)) / static_cast<double>(side);
      const double u_weight = (static_cast<double>(a) + (reference ? 1.0 : 0.5)) / static_cast<double>(side);
      radial_weights_[static_cast<std::size_t>(a)] = radial_weight(exponential_id_, alpha_, u_weight);
      const double radius = std::pow(u_sample, 1.0 / alpha_);
      for (std::ptrdiff_t b = 0; b < side; ++b) {
        const double theta = 2.0 * std::numbers::pi * static_cast<double>(b) / static_cast<double>(side);
        const double x = radius * std::cos(theta) * half;  // pixels right of the centre
        const double y = radius * std::sin(theta) * half;  // pixels above the centre
        std::ptrdiff_t column;
        std::ptrdiff_t row;
        if (reference && size % 2 == 0) {
          // 0-based form of column = ceil(x) + N/2, row = -ceil(y) + N/2 + 1 (1-based).
          column = static_cast<std::ptrdiff_t>(std::ceil(x)) + size / 2 - 1;
          row = -static_cast<std::ptrdiff_t>(std::ceil(y)) + size / 2;
        } else {
          column = static_cast<std::ptrdiff_t>(std::floor(x + half));
          row = static_cast<std::ptrdiff_t>(std::floor(half - y));
        }
        column = std::clamp<std::ptrdiff_t>(column, 0, size - 1);
        row = std::clamp<std::ptrdiff_t>(row, 0, size - 1);
        pixel_of_sample_[static_cast<std::size_t>(a * side + b)] = static_cast<std::int32_t>(row * size + column);
      }
    }
    half_step_phase_ = !reference;
  }

  void apply(const double* image, std::complex<double>* values) const override {
    const std::ptrdiff_t side = polar_size_;
    AlignedVector<double> samples(static_cast<std::size_t>(side * side));
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t a = 0; a < side; ++a) {
      const double weight = radial_weights_[static_cast<std::size_t>(a)];
      for (std::ptrdiff_t b = 0; b < side; ++b) {
        const auto index = static_cast<std::size_t>(a * side + b);
        samples[index] = weight * image[pixel_of_sample_[index]];
      }
    }
    AlignedVector<std::complex<double>> spectrum(static_cast<std::size_t>(fft_.spectrum_size()));
    fft_.forward(samples.data(), spectrum.data());

    // Exponential moment E(n, m) in textbook constants of the exponential family.
    const double factor = 2.0 * std::numbers::pi / (static_cast<double>(side) * static_cast<double>(side));
    const double omega = exponential_omega(exponential_id_);
    const std::ptrdiff_t spectrum_cols = fft_.spectrum_cols();
    const auto exponential = [&](int n, int m) {
      const auto wrap = [side](int k) { return static_cast<std::ptrdiff_t>(((k % side) + side) % side); };
      std::complex<double> value;
      if (m >= 0) {
        value = spectrum[static_cast<std::size_t>(wrap(n) * spectrum_cols + m)];
      } else {
        // The input is real, so X[n, m] = conj(X[-n, -m]).
        value = std::conj(spectrum[static_cast<std::size_t>(wrap(-n) * spectrum_cols - m)]);
      }
      if (half_step_phase_) value *= std::polar(1.0, -std::numbers::pi * n / static_cast<double>(side));
      return omega * factor * value;
    };

    const FamilyId id = settings_.family->id();
    const bool orthonormal = settings_.options.convention == Convention::orthonormal;
    for (std::size_t k = 0; k < settings_.orders.size(); ++k) {
      const basis::OrderPair order = settings_.orders[k];
      std::complex<double> value;
      if (!derived_from_exponential(id)) {
        value = exponential(order.n, order.m);
      } else if (order.n == 0) {
        value = exponential(0, order.m);
      } else if (order.n % 2 == 1) {
        const int q = (order.n + 1) / 2;
        value = std::complex<double>(0.0, 1.0) * (exponential(q, order.m) - exponential(-q, order.m)) /
                std::numbers::sqrt2;
      } else {
        const int q = order.n / 2;
        value = (exponential(q, order.m) + exponential(-q, order.m)) / std::numbers::sqrt2;
      }
      if (orthonormal) value /= std::sqrt(settings_.family->omega(order.n));
      values[k] = value;
    }
  }

  std::size_t kernel_bytes() const override {
    return pixel_of_sample_.size() * sizeof(std::int32_t) + radial_weights_.size() * sizeof(double);
  }

 private:
  EngineSettings settings_;
  std::ptrdiff_t polar_size_;
  fft::RealFft2d<double> fft_;
  double alpha_ = 1.0;
  FamilyId exponential_id_ = FamilyId::generic_polar_complex_exponential;
  bool half_step_phase_ = true;
  std::vector<double> radial_weights_;
  std::vector<std::int32_t> pixel_of_sample_;
};

}  // namespace

bool polar_fft_supports(FamilyId id) {
  return id == FamilyId::exponent_fourier || id == FamilyId::polar_complex_exponential ||
         id == FamilyId::generic_polar_complex_exponential || id == FamilyId::radial_harmonic_fourier ||
         id == FamilyId::generic_radial_harmonic_fourier;
}

std::size_t polar_fft_bytes(const EngineSettings& settings) {
  const auto side = static_cast<std::size_t>(settings.options.polar_oversampling) * static_cast<std::size_t>(settings.size);
  // Sample-to-pixel map, plus the samples and the spectrum allocated per apply().
  return side * side * (sizeof(std::int32_t) + sizeof(double)) + side * (side / 2 + 1) * sizeof(std::complex<double>);
}

std::unique_ptr<MomentEngine> make_polar_fft_engine(const EngineSettings& settings) {
  return std::make_unique<PolarFftEngine>(settings);
}

}  // namespace erlangen::moments::detail
