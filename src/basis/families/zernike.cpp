// Zernike moments (ZM), family 1.
//
// R_{n,m}(r) is the Zernike radial polynomial, n - |m| even, |m| <= n, and
// Omega_n = (n + 1) / pi. Values come from the q-recursive method of Chong,
// Raveendran and Mukundan (Pattern Recognition 36, 2003), which runs over
// decreasing repetition q at fixed n:
//   R_n^n = r^n,  R_n^{n-2} = n r^n - (n - 1) r^{n-2},
//   R_n^q = H1 R_n^{q+4} + (H2 + H3 / r^2) R_n^{q+2}.
// At r = 0 the limits R_n^0(0) = (-1)^{n/2} and R_n^q(0) = 0 (q > 0) are used.
//
// The q-recursive values lose accuracy near r = 0 at high order (orthonormality
// error 3e-13 at K = 40, 2e-10 at K = 60, 3e-5 at K = 100), so orders n above 60
// come from the Jacobi form instead: with k = (n - m)/2 and x = r^2,
//   R_n^m(r) = (-1)^k r^m T_k(x) / sqrt(n + 1),
// where T_k is the orthonormal shifted Jacobi polynomial of weight x^m on [0, 1]
// (p = q = m + 1 in kinds.hpp), computed by its three-term recurrence over k,
// which needs no division by r.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "kinds.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {
namespace {

class Zernike final : public Family {
 public:
  explicit Zernike(FamilyParameters parameters) : Family(parameters) {}

  FamilyId id() const override { return FamilyId::zernike; }
  std::string_view name() const override { return "zernike"; }
  std::string_view abbreviation() const override { return "ZM"; }
  bool radial_depends_on_m() const override { return true; }
  int max_supported_order() const override { return 200; }

  bool contains(OrderPair order, int max_order) const override {
    const int m_abs = std::abs(order.m);
    return order.n >= 0 && order.n <= max_order && m_abs <= order.n && (order.n - m_abs) % 2 == 0;
  }

  double omega(int n) const override { return (n + 1) / std::numbers::pi; }

  void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const override {
    table = RadialTable(0, max_order, max_order, radii.size());
    for (std::size_t k = 0; k < radii.size(); ++k) {
      const double r = radii[k];
      const double r2 = r * r;
      for (int n = 0; n <= std::min(max_order, kQRecursiveMaxOrder); ++n) {
        const double rn = std::pow(r, n);
        table.row(n, n)[k] = rn;
        if (n < 2) continue;
        const double rn2 = (n == 2) ? 1.0 : std::pow(r, n - 2);
        table.row(n, n - 2)[k] = n * rn - (n - 1) * rn2;
        for (int q = n - 4; q >= 0; q -= 2) {
          double value;
          if (r == 0.0) {
            // Limits at the origin: R_n^0(0) = (-1)^{n/2} and R_n^q(0) = 0 for q > 0.
            value = 0.0;
            if (q == 0) value = (n / 2) % 2 == 0 ? 1.0 : -1.0;
          } else {
            const double h3 = -4.0 * (q + 2) * (q + 1) / static_cast<double>((n + q + 2) * (n - q));
            const double h2 = h3 * (n + q + 4) * (n - q - 2) / (4.0 * (q + 3)) + (q + 2);
            const double h1 = (q + 4) * (q + 3) / 2.0 - (q + 4) * h2 + h3 * (n + q + 6) * (n - q - 4) / 8.0;
            value = h1 * table.row(n, q + 4)[k].real() + (h2 + h3 / r2) * table.row(n, q + 2)[k].real();
          }
          table.row(n, q)[k] = value;
        }
      }
    }
    if (max_order > kQRecursiveMaxOrder) evaluate_high_orders(max_order, radii, table);
  }

 private:
  // Highest order evaluated by the q-recursive method.
  static constexpr int kQRecursiveMaxOrder = 60;

  // Rows n > kQRecursiveMaxOrder of every repetition m, by the Jacobi form.
  static void evaluate_high_orders(int max_order, std::span<const double> radii, RadialTable& table) {
    const std::size_t count = radii.size();
    std::vector<double> x(count);
    std::vector<double> power(count, 1.0);  // r^m
    for (std::size_t k = 0; k < count; ++k) x[k] = radii[k] * radii[k];
    std::vector<double> previous(count);
    std::vector<double> current(count);
    for (int m = 0; m <= max_order; ++m) {
      if (m > 0) {
        for (std::size_t k = 0; k < count; ++k) power[k] *= radii[k];
      }
      const int last_step = (max_order - m) / 2;
      if (m + 2 * last_step <= kQRecursiveMaxOrder) continue;
      const JacobiRecurrence rec = jacobi_recurrence(m + 1.0, m + 1.0, last_step);
      std::fill(previous.begin(), previous.end(), 0.0);
      std::fill(current.begin(), current.end(), rec.t0);
      for (int step = 0; step <= last_step; ++step) {
        if (step > 0) {
          const auto index = static_cast<std::size_t>(step);
          for (std::size_t k = 0; k < count; ++k) {
            const double next = (rec.a[index] * x[k] + rec.b[index]) * current[k] - rec.c[index] * previous[k];
            previous[k] = current[k];
            current[k] = next;
          }
        }
        const int n = m + 2 * step;
        if (n <= kQRecursiveMaxOrder) continue;
        const double scale = (step % 2 == 0 ? 1.0 : -1.0) / std::sqrt(n + 1.0);
        std::complex<double>* row = table.row(n, m);
        for (std::size_t k = 0; k < count; ++k) row[k] = scale * power[k] * current[k];
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Family> make_zernike(FamilyParameters parameters) {
  return std::make_unique<Zernike>(parameters);
}

}  // namespace erlangen::basis::families
