#!/usr/bin/env bash
# SIGINT and SIGTERM during the long commands: each run must exit with 128 + the signal number, print
# one "erlangen: interrupted (SIG...); ..." line on stderr and leave no partial or temporary file.
# An interrupted batch shard must give the same result as an uninterrupted run when rerun.
#
# The shim SHIM (LD_PRELOAD) holds one fsync() call, so the signal arrives while an output's
# temporary file exists: the case then knows which outputs were in flight.
# Usage: interrupt.sh ERLANGEN SHIM EXAMPLES_DIR DATA_DIR WORK_DIR
set -uo pipefail
# With job control on, background jobs keep SIGINT instead of inheriting it as ignored.
set -m
erlangen=$(realpath "$1")
shim=$(realpath "$2")
examples=$(cd "$3" && pwd)
data=$(cd "$4" && pwd)
work=$(realpath -m "$5")

rm -rf "$work"
mkdir -p "$work"
failures=0

fail() {
  echo "interrupt: $case_name: $*" >&2
  failures=$((failures + 1))
}

# Waits up to 120 s for the file $1; returns 1 when it does not appear or the job $2 ended first.
wait_for_file() {
  for _ in $(seq 1 1200); do
    [ -e "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Checks the exit code, the message and that no temporary file is left anywhere under $dir.
check_interrupted() {
  local code=$1 signal_name=$2 expected_code=$3 expected_tail=$4
  [ "$code" = "$expected_code" ] || fail "exit code $code, expected $expected_code"
  local expected="erlangen: interrupted ($signal_name); $expected_tail"
  local actual
  actual=$(cat "$dir/stderr")
  [ "$actual" = "$expected" ] || fail "stderr '$actual', expected '$expected'"
  local left
  left=$(find "$dir" \( -name '*.tmp-*' -o -name 'erlangen-watermark-*' \) -print)
  [ -z "$left" ] || fail "temporary files left: $left"
}

# run_held NAME SIGNAL HELD_CALL COMMAND...: runs COMMAND in $dir with the shim holding fsync call
# HELD_CALL, sends SIGNAL once the call is held and stores the exit code in $code.
run_held() {
  case_name=$1
  local signal=$2 held=$3
  shift 3
  dir=$work/$case_name
  mkdir -p "$dir"
  # In a build with ERLANGEN_SANITIZE=address the shim comes before the AddressSanitizer runtime in
  # the library list, which the runtime rejects at start unless verify_asan_link_order=0. The
  # binary links the runtime itself, so turning the check off loses nothing. Other builds ignore
  # ASAN_OPTIONS.
  (cd "$dir" && LD_PRELOAD="$shim" ERLANGEN_SLOW_FSYNC_MARKER="$dir/fsync-held" ERLANGEN_SLOW_FSYNC_CALL=$held \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    exec "$@" >"$dir/stdout" 2>"$dir/stderr") &
  local pid=$!
  if ! wait_for_file "$dir/fsync-held" "$pid"; then
    fail "fsync call $held was never held; stderr: $(cat "$dir/stderr")"
  fi
  rm -f "$dir/fsync-held"
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid"
  code=$?
}

# 1. cmfd: the mask is complete and the overlay is being written, so both are removed.
run_held cmfd_overlay INT 2 "$erlangen" cmfd "$examples/coins.png" -o mask.png --overlay overlay.png --json r.json
check_interrupted "$code" SIGINT 130 "not written: mask.png, overlay.png"
for file in mask.png overlay.png r.json; do [ ! -e "$dir/$file" ] || fail "$file was left"; done

# 2. dense: the NPY file is being written.
run_held dense_npy TERM 1 "$erlangen" dense "$examples/coins.png" --family pct --orders "n+m<=3" --scales 8:32:10 \
  --pool mean --stride 8 -o features.npy --preview maps.png
check_interrupted "$code" SIGTERM 143 "not written: features.npy"
[ -z "$(ls "$dir" | grep -v '^std')" ] || fail "files left: $(ls "$dir")"

# 3. hash-eval: --out was created by this run and goes with everything in it.
mkdir -p "$work/hash_eval_images"
cp "$data/hash_eval/bars.png" "$data/hash_eval/disk.png" "$data/hash_eval/rings.png" "$work/hash_eval_images/"
run_held hash_eval_out TERM 2 "$erlangen" hash-eval --images "$work/hash_eval_images" --algorithms dhash \
  --suite quick --out report
check_interrupted "$code" SIGTERM 143 "not written: report"
[ ! -e "$dir/report" ] || fail "the --out folder was left: $(ls "$dir/report")"

# 4. hash-eval into an --out folder that existed: the files of this run go, the folder stays.
mkdir -p "$work/hash_eval_existing/report"
run_held hash_eval_existing INT 2 "$erlangen" hash-eval --images "$work/hash_eval_images" --algorithms dhash \
  --suite quick --out report
check_interrupted "$code" SIGINT 130 "not written: report/summary.md, report/summary.csv"
[ -d "$dir/report" ] || fail "the --out folder that existed was removed"
[ -z "$(ls "$dir/report")" ] || fail "files left in --out: $(ls "$dir/report")"

# 5. watermark-eval with an external attack that is still running: its temporary folder, its
# process group and the --out folder go.
case_name=watermark_eval_external
dir=$work/$case_name
mkdir -p "$dir/tmp"
cat >"$dir/slow_attack.sh" <<SCRIPT
#!/bin/sh
echo \$\$ >"$dir/attack.pid"
sleep 60
SCRIPT
chmod +x "$dir/slow_attack.sh"
echo "jpeg:90" >"$dir/suite.txt"
mkdir -p "$dir/images"
cp "$examples/coins.png" "$dir/images/"
(cd "$dir" && TMPDIR="$dir/tmp" exec "$erlangen" watermark-eval --images "$dir/images" --schemes dwtdct \
  --suite "$dir/suite.txt" --external-attack "$dir/slow_attack.sh" --out report \
  >"$dir/stdout" 2>"$dir/stderr") &
pid=$!
wait_for_file "$dir/attack.pid" "$pid" || fail "the external attack never started; stderr: $(cat "$dir/stderr")"
kill -s TERM "$pid"
wait "$pid"
code=$?
check_interrupted "$code" SIGTERM 143 "not written: report"
[ ! -e "$dir/report" ] || fail "the --out folder was left"
[ -z "$(ls -A "$dir/tmp")" ] || fail "temporary folders left: $(ls -A "$dir/tmp")"
sleep 0.5
# A killed child that nobody has reaped yet is a zombie (state Z), which kill -0 still finds.
attack_state=$([ -s "$dir/attack.pid" ] && ps -o stat= -p "$(cat "$dir/attack.pid")")
if [ -n "$attack_state" ] && [ "${attack_state:0:1}" != Z ]; then
  fail "the external attack still runs"
  kill -9 "$(cat "$dir/attack.pid")"
fi

# 6. The single-file outputs.
run_held hir_train INT 1 "$erlangen" hir train "$data/hir_learn/train" --model model.ehm -K 3 -D 2 -S 8 --pad 8 --c 1
check_interrupted "$code" SIGINT 130 "not written: model.ehm"
run_held hir_extract TERM 1 "$erlangen" hir extract "$examples/coins.png" --resize 64 -o features.npy
check_interrupted "$code" SIGTERM 143 "not written: features.npy"
run_held watermark_embed INT 1 "$erlangen" watermark embed "$examples/coins.png" --key 0123456789abcdef \
  --message 0badc0ffee -o marked.png --json report.json
check_interrupted "$code" SIGINT 130 "not written: marked.png"
run_held attack_hash TERM 1 "$erlangen" attack hash "$data/hash/coins_crop.png" --algorithm ahash --evade \
  --queries 50 -o attacked.png
check_interrupted "$code" SIGTERM 143 "not written: attacked.png"
for file in model.ehm features.npy marked.png report.json attacked.png; do
  [ -z "$(find "$work" -name "$file")" ] || fail "$file was left: $(find "$work" -name "$file")"
done

# 7. An interruption before any output: cmfd on a 512 x 512 image enlarged to 1536 pixels, which
# takes seconds even on an idle machine, signalled while it computes.
case_name=cmfd_computing
dir=$work/$case_name
mkdir -p "$dir"
(cd "$dir" && exec "$erlangen" cmfd "$examples/camera.png" --enlarge-to 1536 -o mask.png >"$dir/stdout" \
  2>"$dir/stderr") &
pid=$!
sleep 0.5
kill -s INT "$pid"
wait "$pid"
code=$?
check_interrupted "$code" SIGINT 130 "nothing written yet"

# 8. batch: interrupt the shard while its NPY file (call 1) or its log (call 2, after the NPY file
# was renamed into place) is written, rerun, and compare with an uninterrupted run.
manifest=$work/manifest.txt
for name in camera.png coins.png brick.png horse.png rocket.jpg; do echo "$examples/$name"; done >"$manifest"
options=(moments --manifest "$manifest" --max-order 12 --downsample 2 --quiet --out out)
mkdir -p "$work/batch_reference"
(cd "$work/batch_reference" && "$erlangen" batch "${options[@]}" >/dev/null 2>&1) ||
  { case_name=batch_reference; fail "the uninterrupted batch failed"; }
for held in 1 2; do
  run_held "batch_held_$held" INT "$held" "$erlangen" batch "${options[@]}"
  stem=out/shard-00000-of-00001
  if [ "$held" = 1 ]; then
    check_interrupted "$code" SIGINT 130 "not written: $stem.npy"
  else
    check_interrupted "$code" SIGINT 130 "not written: $stem.npy, $stem.jsonl"
  fi
  [ -z "$(ls "$dir/out")" ] || fail "shard files left after the interruption: $(ls "$dir/out")"
  (cd "$dir" && "$erlangen" batch "${options[@]}" >/dev/null 2>"$dir/rerun.stderr") || fail "the rerun failed"
  for suffix in npy jsonl json; do
    cmp -s "$dir/$stem.$suffix" "$work/batch_reference/$stem.$suffix" ||
      fail "$stem.$suffix differs from the uninterrupted run"
  done
done

if [ "$failures" -ne 0 ]; then
  echo "interrupt: $failures check(s) failed" >&2
  exit 1
fi
echo "interrupt: every interrupted command exited with 128 + N and left no partial or temporary file"
