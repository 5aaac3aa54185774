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
// Measured in double precision, the L1, L2, L3 form cancels catastrophically
// (L3 is a difference of terms about 4 k^2 larger than itself), which leaves
// errors of 1e-13 at n = 12 and 1e-10 at n = 40. The code therefore runs the
// orthonormal form of the same three-term recurrence. With a = q - 1,
// b = p - q and s = 2n + a + b, the orthonormal Jacobi polynomials of weight
// (1 - t)^a (1 + t)^b satisfy t T_n = beta_{n+1} T_{n+1} + alpha_n T_n + beta_n T_{n-1},
//   alpha_n = (b^2 - a^2) / (s (s + 2)),  alpha_0 = (b - a) / (a + b + 2),
//   beta_n = (2 / s) sqrt(n (n + a)(n + b)(n + a + b) / ((s - 1)(s + 1))),
//   beta_1 = (2 / (a + b + 2)) sqrt((a + 1)(b + 1) / (a + b + 3)),
// and t = 1 - 2x maps them onto T_n(x) with T_0 = sqrt(Gamma(p + 1) /
// (Gamma(q) Gamma(p - q + 1))). These are the same polynomials as
// A_n sqrt(p + 2n) P_n, with the same sign (T_n(0) > 0), and every
// coefficient stays finite for p in (-1, 0], where Gamma(p) alone is not.
// This sign convention is (-1)^n times the closed forms usually printed for
// OFMM, CHFM and PJFM; magnitudes of moments do not depend on it.
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/core/error.hpp"
#include "kinds.hpp"

namespace erlangen::basis::families {

JacobiRecurrence jacobi_recurrence(double p, double q, int max_order) {
  const double ja = q - 1.0;  // exponent of (1 - t), that is of x
  const double jb = p - q;    // exponent of (1 + t), that is of 1 - x
  const double sum = ja + jb;
  JacobiRecurrence rec;
  rec.t0 = std::exp(0.5 * (std::lgamma(p + 1.0) - std::lgamma(q) - std::lgamma(p - q + 1.0)));

  const auto alpha = [&](int n) {
    if (n == 0) return (jb - ja) / (sum + 2.0);
    const double s = 2.0 * n + sum;
    return (jb * jb - ja * ja) / (s * (s + 2.0));
  };
  const auto beta = [&](int n) {
    if (n == 1) return 2.0 / (sum + 2.0) * std::sqrt((ja + 1.0) * (jb + 1.0) / (sum + 3.0));
    const double s = 2.0 * n + sum;
    return 2.0 / s * std::sqrt(n * (n + ja) * (n + jb) * (n + sum) / ((s - 1.0) * (s + 1.0)));
  };

  const auto size = static_cast<std::size_t>(max_order + 1);
  rec.a.assign(size, 0.0);
  rec.b.assign(size, 0.0);
  rec.c.assign(size, 0.0);
  // (1 - 2x) T_{k-1} = beta_k T_k + alpha_{k-1} T_{k-1} + beta_{k-1} T_{k-2}.
  for (int k = 1; k <= max_order; ++k) {
    const double beta_k = beta(k);
    const auto index = static_cast<std::size_t>(k);
    rec.a[index] = -2.0 / beta_k;
    rec.b[index] = (1.0 - alpha(k - 1)) / beta_k;
    rec.c[index] = k >= 2 ? beta(k - 1) / beta_k : 0.0;
  }
  return rec;
}

namespace {

std::string format_number(double value) { return fmt::format("{}", value); }

// Largest accepted p and q.
constexpr double kMaxJacobiParameter = 1000.0;

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
  // The normalisation constants are Gamma-function ratios of p and q, which give NaN at
  // p = q = 1e300. The bound 1000 is a chosen limit far above the values in use (below 10).
  if (parameters.q > kMaxJacobiParameter) {
    throw_invalid_argument(operation, "q", parameters.q, fmt::format("a real number in (0, {}]", kMaxJacobiParameter),
                           "pass a smaller q, for example p=2,q=2 (OFMM)");
  }
  if (parameters.p > kMaxJacobiParameter) {
    throw_invalid_argument(operation, "p", parameters.p,
                           fmt::format("a real number in ({}, {}] (p - q > -1)", parameters.q - 1.0, kMaxJacobiParameter),
                           "pass a smaller p, for example p=2,q=2 (OFMM)");
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

  std::vector<double> previous(count, 0.0);
  std::vector<double> current(count, rec.t0);
  std::complex<double>* row0 = table.row(0, 0);
  for (std::size_t k = 0; k < count; ++k) row0[k] = scale(0) * current[k] * weight[k];

  for (int n = 1; n <= max_order; ++n) {
    const auto index = static_cast<std::size_t>(n);
    const double a = rec.a[index];
    const double b = rec.b[index];
    const double c = rec.c[index];
    const double s = scale(n);
    std::complex<double>* row = table.row(n, 0);
    for (std::size_t k = 0; k < count; ++k) {
      const double next = (a * x[k] + b) * current[k] - c * previous[k];
      previous[k] = current[k];
      current[k] = next;
      row[k] = s * next * weight[k];
    }
  }
}

}  // namespace erlangen::basis::families
