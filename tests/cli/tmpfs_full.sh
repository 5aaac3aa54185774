#!/usr/bin/env bash
# A real full disk: a 1 MiB tmpfs, mounted in a private mount namespace (unshare -m as root,
# unshare -rm otherwise), is filled up to a few bytes, and commands write their outputs into it.
# Each must exit with 1, name the file that was not written with "No space left on device" and leave
# no partial or temporary file. A batch run that failed on the full disk must resume after space is
# freed and give the same shard files as a run on a disk with space.
# Usage: tmpfs_full.sh ERLANGEN EXAMPLES_DIR WORK_DIR
# Exits with 77 (skipped) with the reason when no tmpfs can be mounted, for example in a container
# that forbids mount namespaces. The tmpfs exists only in the mount namespace of this script, so no
# other process can reach it, and the script unmounts it on exit.
set -uo pipefail
erlangen=$(realpath "$1")
examples=$(cd "$2" && pwd)
work=$(realpath -m "$3")

if [ -z "${ERLANGEN_TMPFS_NAMESPACE:-}" ]; then
  if ! command -v unshare >/dev/null; then
    echo "tmpfs_full: skipped: unshare (util-linux) is not installed"
    exit 77
  fi
  flags=(--mount)
  if [ "$(id -u)" != 0 ]; then flags=(--map-root-user --mount); fi
  rm -rf "$work"
  mkdir -p "$work/probe"
  if ! unshare "${flags[@]}" sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && umount "$1"' sh "$work/probe" \
      >"$work/probe.log" 2>&1; then
    echo "tmpfs_full: skipped: cannot mount a tmpfs in a private mount namespace (unshare ${flags[*]}):" \
         "$(tr '\n' ' ' <"$work/probe.log")"
    exit 77
  fi
  ERLANGEN_TMPFS_NAMESPACE=1 exec unshare "${flags[@]}" bash "$0" "$@"
fi

# From here on the script runs in its own mount namespace.
mnt=$work/mnt
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=1m,mode=0755 tmpfs "$mnt"; then
  echo "tmpfs_full: the tmpfs mount failed inside the namespace, although the probe succeeded" >&2
  exit 1
fi
trap 'umount "$mnt" 2>/dev/null || umount -l "$mnt"' EXIT
failures=0

fail() {
  echo "tmpfs_full: $*" >&2
  failures=$((failures + 1))
}

# fill LEAVE_BYTES: (re)writes $mnt/filler so that about LEAVE_BYTES stay free. tmpfs counts whole
# pages of 4 KiB, so the free space is rounded to a page.
fill() {
  rm -f "$mnt/filler"
  local free
  free=$(df -B1 --output=avail "$mnt" | tail -n 1 | tr -d ' ')
  local size=$((free - $1))
  if [ "$size" -gt 0 ]; then head -c "$size" /dev/zero >"$mnt/filler" 2>/dev/null; fi
}

# check NAME LEAVE_BYTES FILE COMMAND...: runs COMMAND in $mnt/NAME with about LEAVE_BYTES free and
# expects exit code 1, a message naming FILE with "No space left on device", and no new file.
check() {
  local name=$1 leave=$2 file=$3
  shift 3
  local dir=$mnt/$name
  mkdir -p "$dir"
  local before
  before=$(cd "$dir" && find . | sort)
  fill "$leave"
  (cd "$dir" && "$@") >"$work/$name.stdout" 2>"$work/$name.stderr"
  local code=$?
  local message
  message=$(cat "$work/$name.stderr")
  [ "$code" = 1 ] || fail "$name: exit code $code, expected 1; stderr: $message"
  grep -q "^erlangen: .*$file.*No space left on device" "$work/$name.stderr" ||
    fail "$name: the message does not name $file with 'No space left on device': $message"
  local after
  after=$(cd "$dir" && find . | sort)
  [ "$before" = "$after" ] ||
    fail "$name: files left behind: $(diff <(echo "$before") <(echo "$after") | grep '^>' | tr '\n' ' ')"
  rm -f "$mnt/filler"
}

# An image: the 512 x 512 reconstruction is a PNG of more than 100 kB, so the write fails partway.
check image 4096 recon.png "$erlangen" reconstruct "$examples/camera.png" -K 8 -o recon.png
# An NPY array of more than 100 kB.
check npy 4096 features.npy "$erlangen" dense "$examples/coins.png" --family pct --orders "n+m<=3" --scales 8:32:10 \
  --pool mean --stride 4 -o features.npy
# A JSON report: the mask (589 bytes) takes the one free page, so the report (443 bytes) finds none,
# and the mask, written first, must go too because both are one result.
check json 4096 r.json "$erlangen" cmfd "$examples/coins.png" -o mask.png --json r.json

# A batch run: shard 0 of 2 is written while there is space, shard 1 fails on the full disk, and both
# shards complete after space is freed.
printf '%s\n' "$examples/camera.png" "$examples/coins.png" "$examples/horse.png" >"$work/manifest.txt"
# Without --quiet, so that a skipped shard is reported on stderr.
batch=("$erlangen" batch moments --manifest "$work/manifest.txt" --max-order 12 --downsample 2)
mkdir -p "$mnt/batch"
"${batch[@]}" --shard 0/2 --out "$mnt/batch/out" 2>"$work/batch0.stderr" ||
  fail "batch: shard 0/2 failed with space left: $(cat "$work/batch0.stderr")"
check batch 0 shard-00001-of-00002 "${batch[@]}" --shard 1/2 --out out
for suffix in npy jsonl json; do
  [ -f "$mnt/batch/out/shard-00000-of-00002.$suffix" ] || fail "batch: the failed shard 1 removed shard 0's .$suffix"
done
"${batch[@]}" --shard 0/2 --out "$mnt/batch/out" 2>"$work/batch0_again.stderr" ||
  fail "batch: shard 0/2 failed after space was freed: $(cat "$work/batch0_again.stderr")"
grep -q "complete already" "$work/batch0_again.stderr" ||
  fail "batch: shard 0/2 was computed again instead of skipped: $(cat "$work/batch0_again.stderr")"
"${batch[@]}" --shard 1/2 --out "$mnt/batch/out" 2>"$work/batch1_again.stderr" ||
  fail "batch: shard 1/2 did not resume after space was freed: $(cat "$work/batch1_again.stderr")"

# The same shards on the disk of the work folder, where space is left, must be the same bytes.
for shard in 0 1; do
  "${batch[@]}" --shard "$shard/2" --out "$work/reference" 2>/dev/null || fail "batch: reference shard $shard/2 failed"
done
for shard in 00000 00001; do
  for suffix in npy jsonl; do
    cmp -s "$mnt/batch/out/shard-$shard-of-00002.$suffix" "$work/reference/shard-$shard-of-00002.$suffix" ||
      fail "batch: shard-$shard-of-00002.$suffix differs from the run with space left"
  done
done
leftovers=$(find "$mnt" -name '*.tmp-*')
[ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"

if [ "$failures" -ne 0 ]; then
  echo "tmpfs_full: $failures check(s) failed" >&2
  exit 1
fi
echo "tmpfs_full: every command exited with 1 on a full tmpfs and left no partial file; the batch run resumed"
