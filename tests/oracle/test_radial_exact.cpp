// Oracles A3 and A4: ZM and PZM radial values from the recurrences against the
// factorial sums evaluated in exact integer arithmetic, and ZM spot values.
//
// At r = a / 100 the factorial sum times 100^n is an integer,
//   N = sum_k (+-) c_k a^(n - j_k) 100^(j_k),
// so R = N / 10^(2n) exactly, and strtod rounds that decimal correctly. The
// recurrences run at the double nearest to a / 100, which differs by less than
// 6e-17; with |R'| <= n^2 that moves R by less than 2e-13.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "erlangen/basis/family.hpp"

namespace {

// Signed integer of arbitrary size in base 10^9, with just the operations the
// factorial sums need.
class BigInteger {
 public:
  explicit BigInteger(unsigned __int128 value = 0, bool negative = false) : negative_(negative) {
    while (value > 0) {
      limbs_.push_back(static_cast<std::uint32_t>(value % kBase));
      value /= kBase;
    }
    if (limbs_.empty()) negative_ = false;
  }

  void multiply(std::uint32_t factor) {
    std::uint64_t carry = 0;
    for (auto& limb : limbs_) {
      const std::uint64_t product = static_cast<std::uint64_t>(limb) * factor + carry;
      limb = static_cast<std::uint32_t>(product % kBase);
      carry = product / kBase;
    }
    while (carry > 0) {
      limbs_.push_back(static_cast<std::uint32_t>(carry % kBase));
      carry /= kBase;
    }
    trim();
  }

  BigInteger& operator+=(const BigInteger& other) {
    if (negative_ == other.negative_) {
      add_magnitude(other);
    } else if (compare_magnitude(other) >= 0) {
      subtract_magnitude(other);
    } else {
      BigInteger result = other;
      result.subtract_magnitude(*this);
      *this = result;
    }
    trim();
    return *this;
  }

  // Decimal digits of the magnitude, and the sign.
  std::string decimal() const {
    if (limbs_.empty()) return "0";
    std::string text = std::to_string(limbs_.back());
    for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
      const std::string part = std::to_string(limbs_[i]);
      text += std::string(9 - part.size(), '0') + part;
    }
    return (negative_ ? "-" : "") + text;
  }

 private:
  static constexpr std::uint32_t kBase = 1000000000u;

  int compare_magnitude(const BigInteger& other) const {
    if (limbs_.size() != other.limbs_.size()) return limbs_.size() < other.limbs_.size() ? -1 : 1;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      if (limbs_[i] != other.limbs_[i]) return limbs_[i] < other.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

  void add_magnitude(const BigInteger& other) {
    limbs_.resize(std::max(limbs_.size(), other.limbs_.size()), 0);
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      const std::uint64_t sum = limbs_[i] + carry + (i < other.limbs_.size() ? other.limbs_[i] : 0u);
      limbs_[i] = static_cast<std::uint32_t>(sum % kBase);
      carry = sum / kBase;
    }
    if (carry > 0) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }

  // |this| -= |other|, given |this| >= |other|.
  void subtract_magnitude(const BigInteger& other) {
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::int64_t difference = static_cast<std::int64_t>(limbs_[i]) - borrow -
                                (i < other.limbs_.size() ? static_cast<std::int64_t>(other.limbs_[i]) : 0);
      borrow = difference < 0 ? 1 : 0;
      if (difference < 0) difference += kBase;
      limbs_[i] = static_cast<std::uint32_t>(difference);
    }
  }

  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
    if (limbs_.empty()) negative_ = false;
  }

  bool negative_ = false;
  std::vector<std::uint32_t> limbs_;
};

// Binomial coefficients C(n, k) for n <= 90, exact in 128 bits.
unsigned __int128 binomial(int n, int k) {
  static const std::vector<std::vector<unsigned __int128>> table = [] {
    std::vector<std::vector<unsigned __int128>> rows(91);
    for (int i = 0; i <= 90; ++i) {
      rows[i].assign(i + 1, 1);
      for (int j = 1; j < i; ++j) rows[i][j] = rows[i - 1][j - 1] + rows[i - 1][j];
    }
    return rows;
  }();
  if (k < 0 || k > n) return 0;
  return table[n][k];
}

// sum_j sign_j c_j a^(n - j) 100^j / 100^n, correctly rounded to double.
// Each term is (coefficient, power of r, negative).
struct Term {
  unsigned __int128 coefficient;
  int power;
  bool negative;
};

double exact_sum(const std::vector<Term>& terms, int n, std::uint32_t a) {
  BigInteger total;
  for (const Term& term : terms) {
    BigInteger value(term.coefficient, term.negative);
    for (int i = 0; i < term.power; ++i) value.multiply(a);
    for (int i = 0; i < n - term.power; ++i) value.multiply(100);
    total += value;
  }
  const std::string text = total.decimal() + "e-" + std::to_string(2 * n);
  return std::strtod(text.c_str(), nullptr);
}

// ZM: (n-k)! / (k! ((n+m)/2-k)! ((n-m)/2-k)!) = C(n-k, k) C(n-2k, (n+m)/2-k).
std::vector<Term> zernike_terms(int n, int m) {
  std::vector<Term> terms;
  for (int k = 0; k <= (n - m) / 2; ++k) {
    terms.push_back({binomial(n - k, k) * binomial(n - 2 * k, (n + m) / 2 - k), n - 2 * k, k % 2 == 1});
  }
  return terms;
}

// PZM: (2n+1-s)! / (s! (n+m+1-s)! (n-m-s)!) = C(2n+1-s, s) C(2n+1-2s, n-m-s).
std::vector<Term> pseudo_zernike_terms(int n, int m) {
  std::vector<Term> terms;
  for (int s = 0; s <= n - m; ++s) {
    terms.push_back({binomial(2 * n + 1 - s, s) * binomial(2 * n + 1 - 2 * s, n - m - s), n - s, s % 2 == 1});
  }
  return terms;
}

// The same ZM factorial sum in double precision with std::tgamma, summed in
// increasing k: the evaluation that the recurrences replace.
double zernike_factorial_sum(int n, int m, double r) {
  double sum = 0.0;
  for (int k = 0; k <= (n - m) / 2; ++k) {
    const double coefficient = std::tgamma(n - k + 1.0) /
                               (std::tgamma(k + 1.0) * std::tgamma((n + m) / 2 - k + 1.0) *
                                std::tgamma((n - m) / 2 - k + 1.0));
    sum += (k % 2 == 1 ? -1.0 : 1.0) * coefficient * std::pow(r, n - 2 * k);
  }
  return sum;
}

constexpr std::uint32_t kNumerators[] = {10, 50, 90, 99};

TEST(RadialExact, BigIntegerArithmetic) {
  BigInteger value(123456789012345678ull);
  value.multiply(1000);
  EXPECT_EQ(value.decimal(), "123456789012345678000");
  BigInteger other(123456789012345679ull, true);
  other.multiply(1000);
  value += other;
  EXPECT_EQ(value.decimal(), "-1000");
  EXPECT_EQ(exact_sum({{3, 1, false}, {1, 0, true}}, 1, 50), 0.5);  // 3 r - 1 at r = 1/2
}

TEST(RadialExact, ZernikeQRecursiveToOrder40) {
  const auto family = erlangen::basis::make_family("zernike");
  double worst = 0.0;
  for (const std::uint32_t a : kNumerators) {
    const double r = a / 100.0;
    for (int n = 0; n <= 40; ++n) {
      for (int m = n % 2; m <= n; m += 2) {
        const double expected = exact_sum(zernike_terms(n, m), n, a);
        const double actual = family->radial(n, m, r).real();
        worst = std::max(worst, std::abs(actual - expected));
        // Measured worst error 3.4e-13 over these radii.
        ASSERT_LE(std::abs(actual - expected), 1e-11) << "n=" << n << " m=" << m << " r=" << r;
      }
    }
  }
  RecordProperty("max_abs_error", fmt::format("{:.3g}", worst));
}

TEST(RadialExact, ZernikeJacobiFormToOrder80) {
  const auto family = erlangen::basis::make_family("zernike");
  double worst = 0.0;
  for (const std::uint32_t a : kNumerators) {
    const double r = a / 100.0;
    for (int n = 61; n <= 80; ++n) {
      for (int m = n % 2; m <= n; m += 2) {
        const double expected = exact_sum(zernike_terms(n, m), n, a);
        const double actual = family->radial(n, m, r).real();
        worst = std::max(worst, std::abs(actual - expected));
        // Orders above 60 use the Jacobi form (measured worst error 2.5e-14).
        ASSERT_LE(std::abs(actual - expected), 1e-11) << "n=" << n << " m=" << m << " r=" << r;
      }
    }
  }
  RecordProperty("max_abs_error", fmt::format("{:.3g}", worst));
}

TEST(RadialExact, PseudoZernikePRecursiveToOrder30) {
  const auto family = erlangen::basis::make_family("pseudo-zernike");
  for (const std::uint32_t a : kNumerators) {
    const double r = a / 100.0;
    for (int n = 0; n <= 30; ++n) {
      for (int m = 0; m <= n; ++m) {
        const double expected = exact_sum(pseudo_zernike_terms(n, m), n, a);
        const double actual = family->radial(n, m, r).real();
        // Measured worst error 8.6e-13 to 1.6e-12 for the p-recursive method.
        ASSERT_LE(std::abs(actual - expected), 1e-11) << "n=" << n << " m=" << m << " r=" << r;
      }
    }
  }
}

TEST(RadialExact, DoubleFactorialSumFails) {
  // Documents why the library never evaluates the factorial sums: the ZM sum
  // in double precision is off by more than 1e-4 somewhere at n = 40
  // (measured 6e-3 to 2e-2, depending on the summation order).
  double worst = 0.0;
  for (const std::uint32_t a : kNumerators) {
    for (int m = 0; m <= 40; m += 2) {
      const double expected = exact_sum(zernike_terms(40, m), 40, a);
      worst = std::max(worst, std::abs(zernike_factorial_sum(40, m, a / 100.0) - expected));
    }
  }
  EXPECT_GT(worst, 1e-4);
}

TEST(RadialExact, ZernikeSpotValues) {
  const auto family = erlangen::basis::make_family("zm");
  // Exact decimals, with the polynomials evaluated at the double nearest 0.1.
  EXPECT_NEAR(family->radial(2, 0, 0.1).real(), -0.98, 1e-15);
  EXPECT_NEAR(family->radial(4, 0, 0.1).real(), 0.9406, 1e-15);
  EXPECT_NEAR(family->radial(6, 0, 0.1).real(), -0.88298, 1e-15);
  // The q-recursive method uses the limits at r = 0.
  EXPECT_EQ(family->radial(4, 0, 0.0).real(), 1.0);
  EXPECT_EQ(family->radial(6, 0, 0.0).real(), -1.0);
  EXPECT_EQ(family->radial(6, 2, 0.0).real(), 0.0);
}

}  // namespace
