// Order sets and scale sets of the dense local moments, with their text syntax.
//
// Order-set rules (whitespace ignored, case-insensitive keywords):
//   "NM10"                    (0,0) (0,1) (0,2) (0,3) (1,0) (1,1) (1,2) (2,0) (2,1) (3,0)
//   "ZNM10"                   the first ten Zernike pairs with m >= 0 (for ZM and PZM)
//   "SNM10"                   {(n, m): 1 <= n <= 3, 0 <= m <= n}, ten pairs with n >= 1 (PST, GPST)
//   "n+m<=K"                  all n, m >= 0 with n + m <= K ("n+m<=3" is NM10)
//   "n<=K,m<=K" or "getNM(K)" {0..K} x {0..K}, (K+1)^2 pairs
//   "zernike<=K" or "getZNM(K)" {(n, m): 0 <= m <= n <= K, n - m even}
//   "getSNM(K)"               {1..K} x {0..K}
//   "family<=K"               the family's whole index set for maximum order K, negative m included
//   "(0,0),(1,2),(2,-1)"      an explicit list of (n, m) pairs, kept in the given order
// Generated sets enumerate n in the outer loop and m in the inner loop, both increasing.
//
// Scale syntax (window sides in pixels):
//   "8,10,12"       an explicit list, kept in the given order
//   "8:32:10"       start:stop:count, count values spread linearly from start to stop; each value
//                   is rounded to the nearest integer with the parity of start (ties go up), so
//                   that the set has one parity. start and stop must have the same parity, and
//                   the rounded values must be distinct.
//   "default"       8,10,12,14,16,18,22,24,28,32, the DIR demo scales with odd entries decremented
// All scales of one set must have the same parity, because the centre crop that aligns the maps of
// a smaller scale S with those of the largest scale S_max removes (S_max - S)/2 pixels per side.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "erlangen/basis/family.hpp"

namespace erlangen::dense {

// NM10: all n, m >= 0 with n + m <= 3.
std::vector<basis::OrderPair> nm10();
// ZNM10: the first ten valid Zernike pairs with m >= 0.
std::vector<basis::OrderPair> znm10();
// SNM10: ten pairs with n >= 1 for the polar sine families.
std::vector<basis::OrderPair> snm10();

// Default order set of a family: ZNM10 for ZM and PZM, SNM10 for PST and GPST, NM10 otherwise.
std::vector<basis::OrderPair> default_orders(const basis::Family& family);

// Parses an order-set rule or list (syntax above) and checks every pair against the family's
// index set. Throws InvalidArgument for a malformed rule, an empty set, a repeated pair or a pair
// outside the index set. The message names the pair and the set that suits the family.
std::vector<basis::OrderPair> parse_order_set(std::string_view text, const basis::Family& family);

// Smallest maximum order K whose index set can contain every pair (max over |n| and |m|, at least 1).
int covering_max_order(const std::vector<basis::OrderPair>& orders);

// Checks every pair against the family's index set. Throws InvalidArgument naming the first pair
// that is outside it, or when the set is empty or repeats a pair.
void validate_orders(const std::vector<basis::OrderPair>& orders, const basis::Family& family);

// The default scale set 8,10,12,14,16,18,22,24,28,32.
std::vector<int> default_scales();

// Parses a scale list or range (syntax above). Throws InvalidArgument for malformed text, a
// scale below 2, a range whose ends differ in parity or whose rounded values repeat, and a set
// that mixes parities (the message lists the odd and the even scales).
std::vector<int> parse_scales(std::string_view text);

// Checks a scale set: not empty, every scale in [2, 4096], no repeats, one parity.
void validate_scales(const std::vector<int>& scales);

// Reference compatibility: decrements every odd scale by one (19 -> 18), as the DIR reference code
// does, and removes the repeats this creates, keeping the first occurrence.
std::vector<int> reference_scales(const std::vector<int>& scales);

// Text form "(n,m),(n,m),..." of an order list, as used in messages and sidecar files.
std::string format_orders(const std::vector<basis::OrderPair>& orders);

}  // namespace erlangen::dense
