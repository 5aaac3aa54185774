#!/usr/bin/env bash
# README command 2: install the Debian packages, build everything and run every test, then a
# short run of every fuzz target (scripts/fuzz.sh in build-dir-fuzz; FUZZ_SECONDS=0 skips it).
# Usage: bash scripts/run_tests.sh [build-dir]   (default: build-test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-test"}
build=${build%/}
jobs=$(nproc 2>/dev/null || echo 2)

bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DPython3_EXECUTABLE=/usr/bin/python3 -DERLANGEN_WARNINGS_AS_ERRORS=OFF
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900
bash "$root/scripts/fuzz.sh" "$build-fuzz"
