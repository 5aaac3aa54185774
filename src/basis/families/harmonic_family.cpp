// Harmonic kind: RHFM, GRHFM, EFM, PCET, GPCET, PCT, GPCT, PST and GPST.
//
// With u = r^alpha every radial function is a weight w(r) times cos, sin or exp
// of 2 pi k c, where c = u (exponential and radial-harmonic kinds) or c = u / 2
// (cosine and sine kinds) and k is an integer up to the maximum order. The
// phasors e^{j 2 pi k c} are built by complex multiplication over k and
// recomputed directly every 32 orders, so the rounding error grows with at
// most 32 multiplications (about 1e-14) and not with the order.
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/core/error.hpp"
#include "kinds.hpp"

namespace erlangen::basis::families {

namespace {

constexpr int kReseedInterval = 32;

// e^{j 2 pi k c}, with k c reduced modulo 1 using the exact product from fma,
// so the phase error stays at rounding level of the reduced angle.
std::complex<double> unit_phasor(int k, double c) {
  const double kd = static_cast<double>(k);
  const double high = kd * c;
  const double low = std::fma(kd, c, -high);
  const double cycles = (high - std::floor(high)) + low;
  const double angle = 2.0 * std::numbers::pi * cycles;
  return {std::cos(angle), std::sin(angle)};
}

}  // namespace

// Outside [1e-3, 100] the radial functions lose their meaning in double arithmetic. For a tiny
// alpha, r^alpha rounds to 1 at every sampled r. For a huge alpha, r^alpha underflows to 0, so
// the weight becomes 0 or NaN. The bounds themselves are a chosen margin, not a measured threshold.
void validate_alpha(std::string_view family, double alpha) {
  if (!std::isfinite(alpha) || !(alpha > 0.0)) {
    throw_invalid_argument(fmt::format("family {}", family), "alpha", alpha,
                           "a finite real number > 0, in [0.001, 100]",
                           "pass alpha > 0, for example alpha=1 (the reference default)");
  }
  if (alpha < 1e-3 || alpha > 100.0) {
    throw_invalid_argument(fmt::format("family {}", family), "alpha", alpha, "a real number in [0.001, 100]",
                           "pass a moderate alpha, for example alpha=1 (the reference default)");
  }
}

HarmonicFamily::HarmonicFamily(const HarmonicDescription& description, FamilyParameters parameters)
    : Family(parameters), description_(description) {}

std::string HarmonicFamily::parameter_text() const {
  if (!description_.show_alpha) return {};
  return fmt::format("alpha={}", parameters().alpha);
}

int HarmonicFamily::n_min(int max_order) const {
  switch (description_.kind) {
    case HarmonicKind::exponential: return -max_order;
    case HarmonicKind::sine: return 1;
    default: return 0;
  }
}

bool HarmonicFamily::singular_at_origin() const {
  if (description_.polar_form) return false;
  const double alpha = parameters().alpha;
  // w = sqrt(alpha) r^(alpha/2 - 1). The sine kind has sin(pi n r^alpha) ~ r^alpha
  // next to it, so it stays bounded down to alpha = 2/3.
  if (description_.kind == HarmonicKind::sine) return 1.5 * alpha - 1.0 < 0.0;
  return alpha < 2.0;
}

double HarmonicFamily::omega(int n) const {
  (void)n;
  return description_.polar_form ? 1.0 / std::numbers::pi : 1.0 / (2.0 * std::numbers::pi);
}

void HarmonicFamily::evaluate(int max_order, std::span<const double> radii, RadialTable& table) const {
  const HarmonicKind kind = description_.kind;
  const double alpha = description_.polar_form ? 2.0 : parameters().alpha;
  table = RadialTable(n_min(max_order), max_order, 0, radii.size());
  const std::size_t count = radii.size();

  // Cycles per unit k (c), and the weight w with the sqrt(2) of orders n >= 1
  // folded in for the real kinds.
  std::vector<double> cycles(count);
  std::vector<double> weight(count);
  const double sqrt_alpha = std::sqrt(alpha);
  const double half_exponent = 0.5 * alpha - 1.0;
  for (std::size_t k = 0; k < count; ++k) {
    const double r = radii[k];
    const double u = alpha == 1.0 ? r : (alpha == 2.0 ? r * r : std::pow(r, alpha));
    cycles[k] = (kind == HarmonicKind::cosine || kind == HarmonicKind::sine) ? 0.5 * u : u;
    weight[k] = description_.polar_form ? 1.0 : sqrt_alpha * std::pow(r, half_exponent);
  }

  // Highest multiple k of the base angle that any order needs.
  const int top = kind == HarmonicKind::radial_harmonic ? (max_order + 1) / 2 : max_order;
  const bool real_kind = kind != HarmonicKind::exponential;
  const double real_factor = real_kind ? std::numbers::sqrt2 : 1.0;

  if (kind != HarmonicKind::sine) {
    std::complex<double>* row = table.row(0, 0);
    for (std::size_t k = 0; k < count; ++k) row[k] = weight[k];
  }

  std::vector<std::complex<double>> step(count);
  std::vector<std::complex<double>> phasor(count, 1.0);
  for (std::size_t k = 0; k < count; ++k) step[k] = unit_phasor(1, cycles[k]);
  for (int multiple = 1; multiple <= top; ++multiple) {
    if (multiple % kReseedInterval == 0) {
      for (std::size_t k = 0; k < count; ++k) phasor[k] = unit_phasor(multiple, cycles[k]);
    } else {
      for (std::size_t k = 0; k < count; ++k) phasor[k] *= step[k];
    }
    switch (kind) {
      case HarmonicKind::exponential: {
        std::complex<double>* positive = table.row(multiple, 0);
        std::complex<double>* negative = table.row(-multiple, 0);
        for (std::size_t k = 0; k < count; ++k) {
          positive[k] = weight[k] * phasor[k];
          negative[k] = weight[k] * std::conj(phasor[k]);
        }
        break;
      }
      case HarmonicKind::cosine: {
        std::complex<double>* row = table.row(multiple, 0);
        for (std::size_t k = 0; k < count; ++k) row[k] = real_factor * weight[k] * phasor[k].real();
        break;
      }
      case HarmonicKind::sine: {
        std::complex<double>* row = table.row(multiple, 0);
        for (std::size_t k = 0; k < count; ++k) row[k] = real_factor * weight[k] * phasor[k].imag();
        break;
      }
      case HarmonicKind::radial_harmonic: {
        // Odd n = 2 multiple - 1 uses sin(pi (n + 1) u), even n = 2 multiple uses cos(pi n u).
        std::complex<double>* odd = table.row(2 * multiple - 1, 0);
        for (std::size_t k = 0; k < count; ++k) odd[k] = real_factor * weight[k] * phasor[k].imag();
        if (2 * multiple <= max_order) {
          std::complex<double>* even = table.row(2 * multiple, 0);
          for (std::size_t k = 0; k < count; ++k) even[k] = real_factor * weight[k] * phasor[k].real();
        }
        break;
      }
    }
  }

  // At r = 0 the sine kind with 2/3 <= alpha < 2 is 0 * infinity in floating
  // point; its limit is finite (0, or sqrt(2 alpha) pi n when alpha = 2/3).
  if (kind == HarmonicKind::sine && !description_.polar_form && alpha < 2.0 && !singular_at_origin()) {
    const double limit_exponent = 1.5 * alpha - 1.0;
    for (std::size_t k = 0; k < count; ++k) {
      if (radii[k] != 0.0) continue;
      for (int n = 1; n <= max_order; ++n) {
        table.row(n, 0)[k] = limit_exponent > 0.0 ? 0.0 : real_factor * sqrt_alpha * std::numbers::pi * n;
      }
    }
  }
}

}  // namespace erlangen::basis::families
