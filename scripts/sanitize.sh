#!/usr/bin/env bash
# Build everything with AddressSanitizer and UndefinedBehaviorSanitizer (GCC) and run the whole
# ctest suite: C++ tests, CLI transcripts and Python tests. Any sanitizer report fails its test.
# Usage: bash scripts/sanitize.sh [build-dir] [ctest arguments...]   (default: build-sanitize)
#
# The build type is RelWithDebInfo with its flags replaced by "-O1 -g". NDEBUG stays undefined,
# so assert() and Eigen's index checks run too. -O1 keeps the stack traces readable and inlines
# the Eigen expression templates that make -O0 slow. NOTE: a Debug (-O0) build was not timed.
# The suppressions in tests/sanitizers/ cover third-party frames only; each entry gives its reason.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-sanitize"}
shift || true
jobs=$(nproc 2>/dev/null || echo 2)
if [ "$jobs" -gt 2 ]; then
  jobs=2
fi

bash "$root/scripts/setup.sh"
nice -n 10 cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" \
  -DERLANGEN_SANITIZE=address,undefined -DERLANGEN_BUILD_BENCHMARKS=OFF \
  -DPython3_EXECUTABLE=/usr/bin/python3
nice -n 10 cmake --build "$build" -j "$jobs"

suppressions="$root/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:print_stacktrace=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
nice -n 10 ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 1800 "$@"
