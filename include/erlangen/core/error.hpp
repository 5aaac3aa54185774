// Exception types of erlangen and helpers that build their messages.
//
// The library reports every failure by throwing; it never prints. A message
// names the operation, the argument, the value, the accepted range and the fix,
// for example:
//   "moments: max_order is -1, expected an integer in [0, 200]; pass a
//    non-negative order"
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace erlangen {

// Base class of every exception that erlangen throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A caller passed an argument outside its accepted range (Python: ValueError).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// A file could not be read, decoded or written (Python: OSError).
class IoError : public Error {
 public:
  using Error::Error;
};

// A request would need more memory or pixels than the configured budget allows.
class LimitExceeded : public Error {
 public:
  using Error::Error;
};

// Throws InvalidArgument with the standard message layout:
// "<operation>: <argument> is <value>, expected <accepted>; <fix>".
template <typename Value>
[[noreturn]] void throw_invalid_argument(std::string_view operation, std::string_view argument,
                                         const Value& value, std::string_view accepted,
                                         std::string_view fix) {
  throw InvalidArgument(
      fmt::format("{}: {} is {}, expected {}; {}", operation, argument, value, accepted, fix));
}

}  // namespace erlangen

// Internal consistency check. Public functions validate their arguments and
// throw; ERLANGEN_ASSERT guards invariants that only a bug in erlangen breaks.
#ifdef NDEBUG
#define ERLANGEN_ASSERT(condition) ((void)0)
#else
#include <cassert>
#define ERLANGEN_ASSERT(condition) assert(condition)
#endif
