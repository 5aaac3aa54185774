// Bessel-Fourier moments (BFM), family 12, with v = 1.
//
// R_n(r) = J_1(lambda_n r), where lambda_n is the (n + 1)-th positive zero of
// J_1, and Omega_n = 1 / (pi J_2(lambda_n)^2), because
// int_0^1 J_1(lambda_n r)^2 r dr = J_2(lambda_n)^2 / 2.
//
// The zeros come from Newton's method on std::cyl_bessel_j started at
// McMahon's estimate (k + 1/4) pi. One std::cyl_bessel_j call costs about
// 2 microseconds (libstdc++ 12), which is too slow for kernels that sample
// millions of radii. J_1 on [0, lambda_max] is therefore interpolated by a
// Chebyshev polynomial of degree 15 on every unit interval, built once per
// process from std::cyl_bessel_j values. The interpolation error bound is
// below 1e-20, so the accuracy is that of std::cyl_bessel_j at the nodes.
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "registry.hpp"

namespace erlangen::basis::families {
namespace {

constexpr int kMaxOrder = 500;
constexpr int kChebyshevPoints = 16;

double bessel_j1_zero(int index) {
  // McMahon's estimate for the index-th positive zero of J_1 (index >= 1).
  double x = (index + 0.25) * std::numbers::pi;
  for (int iteration = 0; iteration < 50; ++iteration) {
    const double value = std::cyl_bessel_j(1.0, x);
    const double derivative = std::cyl_bessel_j(0.0, x) - value / x;
    const double step = value / derivative;
    x -= step;
    if (std::abs(step) <= 1e-15 * x) break;
  }
  return x;
}

// Zeros, Omega constants and the piecewise Chebyshev interpolant of J_1.
struct BesselTables {
  std::vector<double> zeros;   // lambda_0 .. lambda_kMaxOrder
  std::vector<double> omegas;  // 1 / (pi J_2(lambda_n)^2)
  // Chebyshev coefficients of J_1 on [i, i + 1], kChebyshevPoints per interval.
  std::vector<std::array<double, kChebyshevPoints>> pieces;

  BesselTables() {
    for (int n = 0; n <= kMaxOrder; ++n) {
      const double zero = bessel_j1_zero(n + 1);
      const double j2 = std::cyl_bessel_j(2.0, zero);
      zeros.push_back(zero);
      omegas.push_back(1.0 / (std::numbers::pi * j2 * j2));
    }
    const int interval_count = static_cast<int>(std::ceil(zeros.back())) + 1;
    pieces.resize(static_cast<std::size_t>(interval_count));
    std::array<double, kChebyshevPoints> values{};
    for (int i = 0; i < interval_count; ++i) {
      for (int k = 0; k < kChebyshevPoints; ++k) {
        const double t = std::cos(std::numbers::pi * (k + 0.5) / kChebyshevPoints);
        values[static_cast<std::size_t>(k)] = std::cyl_bessel_j(1.0, i + 0.5 * (t + 1.0));
      }
      auto& coefficients = pieces[static_cast<std::size_t>(i)];
      for (int j = 0; j < kChebyshevPoints; ++j) {
        double sum = 0.0;
        for (int k = 0; k < kChebyshevPoints; ++k) {
          sum += values[static_cast<std::size_t>(k)] * std::cos(std::numbers::pi * j * (k + 0.5) / kChebyshevPoints);
        }
        coefficients[static_cast<std::size_t>(j)] = (j == 0 ? 1.0 : 2.0) * sum / kChebyshevPoints;
      }
    }
  }

  // J_1(x) for 0 <= x <= zeros.back(), by Clenshaw's algorithm on one piece.
  double j1(double x) const {
    const auto piece = std::min(static_cast<std::size_t>(x), pieces.size() - 1);
    const double t = 2.0 * (x - static_cast<double>(piece)) - 1.0;
    const auto& c = pieces[piece];
    double b1 = 0.0;
    double b2 = 0.0;
    for (int j = kChebyshevPoints - 1; j >= 1; --j) {
      const double b0 = 2.0 * t * b1 - b2 + c[static_cast<std::size_t>(j)];
      b2 = b1;
      b1 = b0;
    }
    return t * b1 - b2 + c[0];
  }
};

const BesselTables& bessel_tables() {
  static const BesselTables tables;
  return tables;
}

class BesselFourier final : public Family {
 public:
  explicit BesselFourier(FamilyParameters parameters) : Family(parameters), tables_(bessel_tables()) {}

  FamilyId id() const override { return FamilyId::bessel_fourier; }
  std::string_view name() const override { return "bfm"; }
  std::string_view abbreviation() const override { return "BFM"; }
  int max_supported_order() const override { return kMaxOrder; }

  double omega(int n) const override {
    check_order(n);
    return tables_.omegas[static_cast<std::size_t>(n)];
  }

  void evaluate(int max_order, std::span<const double> radii, RadialTable& table) const override {
    check_order(max_order);
    table = RadialTable(0, max_order, 0, radii.size());
    for (int n = 0; n <= max_order; ++n) {
      const double zero = tables_.zeros[static_cast<std::size_t>(n)];
      std::complex<double>* row = table.row(n, 0);
      for (std::size_t k = 0; k < radii.size(); ++k) row[k] = tables_.j1(zero * radii[k]);
    }
  }

 private:
  static void check_order(int n) {
    if (n < 0 || n > kMaxOrder) {
      throw_invalid_argument("family bfm", "order", n, fmt::format("an integer in [0, {}]", kMaxOrder),
                             "lower the maximum order; the table of J_1 zeros ends there");
    }
  }

  const BesselTables& tables_;
};

}  // namespace

std::unique_ptr<const Family> make_bessel_fourier(FamilyParameters parameters) {
  return std::make_unique<BesselFourier>(parameters);
}

}  // namespace erlangen::basis::families

namespace erlangen::basis {

double bessel_fourier_zero(int n) {
  if (n < 0 || n > families::kMaxOrder) {
    throw_invalid_argument("bessel_fourier_zero", "n", n, fmt::format("an integer in [0, {}]", families::kMaxOrder),
                           "lower n; the table of J_1 zeros ends there");
  }
  return families::bessel_tables().zeros[static_cast<std::size_t>(n)];
}

}  // namespace erlangen::basis
