// Jacobi-Fourier kind: OFMM, CHFM, PJFM, JFM and FJFM share this evaluation.
//
// The unified recurrence for the shifted Jacobi polynomials P_k(x) of weight
// (1 - x)^(p - q) x^(q - 1), in x = r^alpha for the fractional family, as given
// by the survey of Qi, Zhang, Wang, Zhou and Cao (arXiv 2103.14799):
//   P_0 = Gamma(p) / Gamma(q),  P_1 = Gamma(p + 1) / Gamma(q) (1 - (p + 1) x / q),
//   P_k = (L1 x + L2) P_{k-1} + L3 P_{k-2},
//   L1 = -(2k + p - 1)(2k + p - 2) / (k (q + k - 1)),
//   L2 = (p + 2k - 2) + (k - 1)(q + k - 2) L1 / (p + 2k - 3),
//   L3 = (p + 2k - 4)(p + 2k - 3) / 2 + (q + k - 3)(k - 2) L1 / 2 - (p + 2k - 4) L2,
// with normalisation A_0 = sqrt(Gamma(q) / (Gamma(p) Gamma(p - q + 1))),
// A_k = A_{k-1} sqrt(k (q + k - 1) / ((p + k - 1)(p - q + k))), and
//   R_n(r) = A_n sqrt(p + 2n) P_n(x) sqrt(alpha (1 - x)^(p - q) r^(alpha q - 2)).
// The code runs the recurrence on T_k = A_k sqrt(p + 2k) P_k directly. Folding
// the constants into the coefficients keeps every term finite for p in
// (-1, 0], where Gamma(p) alone is negative or infinite but T_k is not.
// This sign convention is (-1)^n times the closed forms usually printed for
// OFMM, CHFM and PJFM; magnitudes of moments do not depend on it.
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/core/error.hpp"
#include "kinds.hpp"

namespace erlangen::basis::families {

namespace {

// Coefficients of T_k = (a_k x + b_k) T_{k-1} + c_k T_{k-2} for k >= 2, and of
// T_0 = t0, T_1 = t10 + t11 x.
struct JacobiRecurrence {
  double t0 = 0.0;
  double t10 = 0.0;
  double t11 = 0.0;
  std::vector<double> a;
  std::vector<double> b;
  std::vector<double> c;
};

JacobiRecurrence jacobi_recurrence(double p, double q, int max_order) {
  JacobiRecurrence rec;
  const double log_gamma_p1 = std::lgamma(p + 1.0);
  const double log_gamma_q = std::lgamma(q);
  rec.t0 = std::exp(0.5 * (log_gamma_p1 - log_gamma_q - std::lgamma(p - q + 1.0)));
  rec.t10 = std::sqrt((p + 2.0) * q) * std::exp(0.5 * (log_gamma_p1 - log_gamma_q - std::lgamma(p - q + 2.0)));
  rec.t11 = -rec.t10 * (p + 1.0) / q;

  rec.a.assign(static_cast<std::size_t>(std::max(max_order + 1, 2)), 0.0);
  rec.b = rec.a;
  rec.c = rec.a;
  // ratio(k) = A_k / A_{k-1}; finite and positive for k >= 2 because p > -1.
  const auto ratio = [p, q](int k) {
    return std::sqrt(k * (q + k - 1.0) / ((p + k - 1.0) * (p - q + k)));
  };
  for (int k = 2; k <= max_order; ++k) {
    const double l1 = -(2.0 * k + p - 1.0) * (2.0 * k + p - 2.0) / (k * (q + k - 1.0));
    const double l2 = (p + 2.0 * k - 2.0) + (k - 1.0) * (q + k - 2.0) * l1 / (p + 2.0 * k - 3.0);
    const double c1 = std::sqrt((p + 2.0 * k) / (p + 2.0 * k - 2.0)) * ratio(k);
    double c2;
    if (k == 2) {
      // L3 = p ((p + 1)/2 - L2) at k = 2, and the factor p cancels against the
      // 1/p inside A_2 / (A_0 sqrt(p)), which leaves this finite form.
      c2 = std::sqrt((p + 4.0) * 2.0 * q * (q + 1.0) / ((p + 1.0) * (p - q + 1.0) * (p - q + 2.0))) *
           ((p + 1.0) / 2.0 - l2);
    } else {
      const double l3 = (p + 2.0 * k - 4.0) * (p + 2.0 * k - 3.0) / 2.0 +
                        (q + k - 3.0) * (k - 2.0) * l1 / 2.0 - (p + 2.0 * k - 4.0) * l2;
      c2 = std::sqrt((p + 2.0 * k) / (p + 2.0 * k - 4.0)) * ratio(k) * ratio(k - 1) * l3;
    }
    const auto index = static_cast<std::size_t>(k);
    rec.a[index] = c1 * l1;
    rec.b[index] = c1 * l2;
    rec.c[index] = c2;
  }
  return rec;
}

std::string format_number(double value) { return fmt::format("{}", value); }

}  // namespace

void validate_jacobi_parameters(std::string_view family, const FamilyParameters& parameters) {
  const std::string operation = fmt::format("family {}", family);
  if (!std::isfinite(parameters.q) || !(parameters.q > 0.0)) {
    throw_invalid_argument(operation, "q", parameters.q, "a finite real number > 0",
                           "pass q > 0, for example p=2,q=2 (OFMM)");
  }
  if (!std::isfinite(parameters.p) || !(parameters.p - parameters.q > -1.0)) {
    throw_invalid_argument(operation, "p", parameters.p,
                           fmt::format("a finite real number with p - q > -1, that is p > {}", parameters.q - 1.0),
                           "raise p or lower q, for example p=2,q=2 (OFMM)");
  }
  validate_alpha(family, parameters.alpha);
}

JacobiFamily::JacobiFamily(const JacobiDescription& description, FamilyParameters parameters)
    : Family(parameters), description_(description) {}

std::string JacobiFamily::parameter_text() const {
  std::string text;
  if (description_.show_pq) {
    text = "p=" + format_number(parameters().p) + ",q=" + format_number(parameters().q);
  }
  if (description_.show_alpha) {
    if (!text.empty()) text += ",";
    text += "alpha=" + format_number(parameters().alpha);
  }
  return text;
}

bool JacobiFamily::singular_at_origin() const {
  // The weight contains r^((alpha q - 2) / 2), and T_n(0) != 0.
  return parameters().alpha * parameters().q < 2.0;
}

double JacobiFamily::omega(int n) const {
  if (description_.mellin_scaling) return (n + 1) / std::numbers::pi;
  return 1.0 / (2.0 * std::numbers::pi);
}

void JacobiFamily::evaluate(int max_order, std::span<const double> radii, RadialTable& table) const {
  const double p = parameters().p;
  const double q = parameters().q;
  const double alpha = parameters().alpha;
  table = RadialTable(0, max_order, 0, radii.size());
  const JacobiRecurrence rec = jacobi_recurrence(p, q, max_order);

  const std::size_t count = radii.size();
  std::vector<double> x(count);
  std::vector<double> weight(count);
  const double half_rim_exponent = 0.5 * (p - q);
  const double half_origin_exponent = 0.5 * (alpha * q - 2.0);
  const double sqrt_alpha = std::sqrt(alpha);
  for (std::size_t k = 0; k < count; ++k) {
    const double r = radii[k];
    x[k] = alpha == 1.0 ? r : std::pow(r, alpha);
    // NOTE: for p < q the weight is infinite at r = 1, and for alpha q < 2 at
    // r = 0. Both are integrable singularities; callers sample inside the disk.
    const double rim = half_rim_exponent == 0.0 ? 1.0 : std::pow(1.0 - x[k], half_rim_exponent);
    const double origin = half_origin_exponent == 0.0 ? 1.0 : std::pow(r, half_origin_exponent);
    weight[k] = sqrt_alpha * rim * origin;
  }

  // scale(n) turns the orthonormal R_n into the textbook R_n of the family.
  const auto scale = [this](int n) {
    return description_.mellin_scaling ? 1.0 / std::sqrt(2.0 * (n + 1)) : 1.0;
  };

  std::vector<double> previous(count, rec.t0);
  std::vector<double> current(count);
  std::complex<double>* row0 = table.row(0, 0);
  for (std::size_t k = 0; k < count; ++k) row0[k] = scale(0) * previous[k] * weight[k];
  if (max_order == 0) return;

  for (std::size_t k = 0; k < count; ++k) current[k] = rec.t10 + rec.t11 * x[k];
  std::complex<double>* row1 = table.row(1, 0);
  for (std::size_t k = 0; k < count; ++k) row1[k] = scale(1) * current[k] * weight[k];

  for (int n = 2; n <= max_order; ++n) {
    const auto index = static_cast<std::size_t>(n);
    const double a = rec.a[index];
    const double b = rec.b[index];
    const double c = rec.c[index];
    const double s = scale(n);
    std::complex<double>* row = table.row(n, 0);
    for (std::size_t k = 0; k < count; ++k) {
      const double next = (a * x[k] + b) * current[k] + c * previous[k];
      previous[k] = current[k];
      current[k] = next;
      row[k] = s * next * weight[k];
    }
  }
}

}  // namespace erlangen::basis::families
