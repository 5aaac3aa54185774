#!/usr/bin/env bash
# README command 1: install the Debian packages, make a Release build and run the
# main job on the bundled example images, writing pictures and reports under out/.
# Usage: bash scripts/run_examples.sh [build-dir] [out-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-release"}
out=${2:-"$root/out"}
jobs=$(nproc 2>/dev/null || echo 2)

bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 \
  -DERLANGEN_BUILD_TESTS=OFF -DERLANGEN_BUILD_BENCHMARKS=OFF
cmake --build "$build" -j "$jobs" --target erlangen_cli
mkdir -p "$out"
bash "$root/scripts/main_job.sh" "$build" "$out"
