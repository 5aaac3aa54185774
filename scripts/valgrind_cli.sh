#!/usr/bin/env bash
# Run every CLI transcript with the erlangen binary under valgrind memcheck, on a
# RelWithDebInfo build. A memory error or a definite or indirect leak makes valgrind exit with
# code 97, so the transcript fails and prints the valgrind log beside its scratch folder.
# Usage: bash scripts/valgrind_cli.sh [build-dir] [ctest arguments...]   (default: build-valgrind)
#
# With ERLANGEN_CLI_BINARY=/path/to/erlangen in the environment, the script builds nothing and
# runs the transcripts against that binary. It must be a RelWithDebInfo build of the same source
# tree without sanitizers. The tests driven by shell scripts are then skipped too, because they
# need targets of the build directory and the launcher does not reach them.
#
# The suppressions in tests/sanitizers/valgrind.supp cover third-party frames only; each entry
# gives its reason.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-valgrind"}
shift || true
jobs=$(nproc 2>/dev/null || echo 2)
if [ "$jobs" -gt 2 ]; then
  jobs=2
fi

# Transcripts left out, each with its reason (a ctest regular expression per entry).
skipped=(
  # This test runs `erlangen batch` through GNU parallel from a shell script, so the launcher
  # does not reach it. The batch_* transcripts run the same code under valgrind.
  '^cli\.batch_gnu_parallel$'
)
binary=${ERLANGEN_CLI_BINARY:-}
if [ -n "$binary" ]; then
  if [ ! -x "$binary" ]; then
    echo "valgrind_cli: ERLANGEN_CLI_BINARY=$binary is not an executable file, so point it at a built erlangen binary or unset it" >&2
    exit 2
  fi
  # These run the binary from shell scripts, outside the launcher, and cli.interrupt also needs
  # the erlangen_slow_fsync module of the build directory.
  skipped+=('^cli\.interrupt$' '^cli\.full_disk$' '^cli\.numeric_edges$')
fi

bash "$root/scripts/setup.sh"
launcher="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect"
launcher+=" --error-exitcode=97 --num-callers=40 --log-file=@LOG@"
launcher+=" --suppressions=$root/tests/sanitizers/valgrind.supp"
nice -n 10 cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DERLANGEN_BUILD_BENCHMARKS=OFF -DERLANGEN_BUILD_PYTHON=OFF \
  "-DERLANGEN_CLI_LAUNCHER=$launcher" "-DERLANGEN_CLI_BINARY=$binary"
if [ -z "$binary" ]; then
  nice -n 10 cmake --build "$build" -j "$jobs" --target erlangen_cli
fi

exclude=$(IFS='|'; echo "${skipped[*]}")
nice -n 10 ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 1800 \
  -R '^cli\.' -E "$exclude" "$@"
