// Pseudo-Zernike moments (PZM), family 2.
//
// R_{n,m}(r) = sum_{s=0}^{n-|m|} (-1)^s (2n + 1 - s)! / (s! (n + |m| + 1 - s)! (n - |m| - s)!) r^(n-s)
// for |m| <= n, with Omega_n = (n + 1) / pi. The factorial sum loses all accuracy
// by n = 30 in double precision, so values come from the p-recursive method of
// Al-Rawi (2010), which runs over increasing order p at fixed repetition q = |m|:
//   R_q^q = r^q,  R_{q+1}^q = (2q + 3) r^(q+1) - 2 (q + 1) r^q,
//   R_p^q = (L1 r + L2) R_{p-1}^q + L3 R_{p-2}^q  for p >= q + 2, with
//   L1 = 2p (2p + 1) / ((p + q + 1)(p - q)),
//   L2 = -2p + L1 (p + q)(p - q - 1) / (2p - 1),
//   L3 = (2p - 1)(p - 1) - L1 (p + q - 1)(p - q - 2) / 2 + 2 (p - 1) L2.
// The recurrence has no division by r, so r = 0 needs no special case.
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {
namespace {

class PseudoZernike final : public Family {
 public:
  explicit PseudoZernike(FamilyParameters parameters) : Family(parameters) {}

  FamilyId id() const override { return FamilyId::pseudo_zernike; }
  std::string_view name() const override { return "pseudo-zernike"; }
  std::string_view abbreviation() const override { return "PZM"; }
  bool radial_depends_on_m() const override { return true; }
  int max_supported_order() const override { return 200; }

  bool contains(OrderPair order, int max_order) const override {
    return order.n >= 0 && order.n <= max_order && std::abs(order.m) <= order.n;
  }

  double omega(int n) const override { return (n + 1) / std::numbers::pi; }

  void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const override {
    table = RadialTable(0, max_order, max_order, radii.size());
    const std::size_t count = radii.size();
    std::vector<double> power(count, 1.0);  // r^q
    for (int q = 0; q <= max_order; ++q) {
      if (q > 0) {
        for (std::size_t k = 0; k < count; ++k) power[k] *= radii[k];
      }
      std::complex<double>* first = table.row(q, q);
      for (std::size_t k = 0; k < count; ++k) first[k] = power[k];
      if (q + 1 > max_order) continue;
      std::complex<double>* second = table.row(q + 1, q);
      for (std::size_t k = 0; k < count; ++k) {
        second[k] = (2.0 * q + 3.0) * power[k] * radii[k] - 2.0 * (q + 1.0) * power[k];
      }
      for (int p = q + 2; p <= max_order; ++p) {
        const double l1 = 2.0 * p * (2.0 * p + 1.0) / ((p + q + 1.0) * (p - q));
        const double l2 = -2.0 * p + l1 * (p + q) * (p - q - 1.0) / (2.0 * p - 1.0);
        const double l3 = (2.0 * p - 1.0) * (p - 1.0) - l1 * (p + q - 1.0) * (p - q - 2.0) / 2.0 + 2.0 * (p - 1.0) * l2;
        const std::complex<double>* back1 = table.row(p - 1, q);
        const std::complex<double>* back2 = table.row(p - 2, q);
        std::complex<double>* row = table.row(p, q);
        for (std::size_t k = 0; k < count; ++k) {
          row[k] = (l1 * radii[k] + l2) * back1[k].real() + l3 * back2[k].real();
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<const Family> make_pseudo_zernike(FamilyParameters parameters) {
  return std::make_unique<PseudoZernike>(parameters);
}

}  // namespace erlangen::basis::families
