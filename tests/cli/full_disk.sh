#!/usr/bin/env bash
# A full disk, simulated with a file-size limit (prlimit --fsize; SIGXFSZ is ignored by erlangen, so
# a write past the limit fails with EFBIG): every command that writes files must exit with 1, name
# the file that was not written and leave no partial file, no temporary file and no --out folder
# that it created.
# Usage: full_disk.sh ERLANGEN EXAMPLES_DIR DATA_DIR WORK_DIR
set -uo pipefail
erlangen=$(realpath "$1")
examples=$(cd "$2" && pwd)
data=$(cd "$3" && pwd)
work=$(realpath -m "$4")

if ! command -v prlimit >/dev/null; then
  echo "full_disk: prlimit (util-linux) is not installed; run scripts/setup.sh" >&2
  exit 1
fi
rm -rf "$work"
mkdir -p "$work"
failures=0

# check NAME LIMIT_BYTES FILE COMMAND...: runs COMMAND in a fresh folder under a file-size limit and
# expects exit code 1, a message naming FILE with "File too large", and no file other than the
# inputs that the case put there beforehand (listed in $keep, default none).
check() {
  local name=$1 limit=$2 file=$3
  shift 3
  local dir=$work/$name
  mkdir -p "$dir"
  for input in ${keep:-}; do cp -r "$input" "$dir/"; done
  local before
  before=$(cd "$dir" && find . | sort)
  # The output goes through a pipe, because the limit applies to every file that the command
  # writes, standard error included. With pipefail the status is that of the command.
  (cd "$dir" && prlimit --fsize="$limit" "$@" 2>&1 | cat >"$work/$name.stderr")
  local code=$?
  local message
  message=$(cat "$work/$name.stderr")
  [ "$code" = 1 ] || { echo "full_disk: $name: exit code $code, expected 1; stderr: $message" >&2; failures=$((failures + 1)); }
  if ! grep -q "^erlangen: .*$file.*File too large" "$work/$name.stderr"; then
    echo "full_disk: $name: the message does not name $file with 'File too large': $message" >&2
    failures=$((failures + 1))
  fi
  local after
  after=$(cd "$dir" && find . | sort | grep -vxF "${allowed:-}")
  if [ "$before" != "$after" ]; then
    echo "full_disk: $name: files left behind: $(diff <(echo "$before") <(echo "$after") | grep '^>' | tr '\n' ' ')" >&2
    failures=$((failures + 1))
  fi
}

hir=$data/hir_learn
check moments_npy 1000 camera.npy "$erlangen" moments "$examples/camera.png" -K 8 --format npy -o camera.npy
check reconstruct 100 r.pgm "$erlangen" reconstruct "$examples/camera.png" -K 4 --downsample 8 -o r.pgm
# The mask fits under 20 kB, the overlay does not: the mask must go too.
check cmfd_overlay 20000 overlay.png "$erlangen" cmfd "$examples/coins.png" -o mask.png --overlay overlay.png --json r.json
# The mask (151 bytes) fits under 300 bytes, the JSON report (451 bytes) does not.
check cmfd_json 300 r.json "$erlangen" cmfd "$data/hash/coins_crop.png" -o mask.png --json r.json
check dense 1000 features.npy "$erlangen" dense "$examples/coins.png" --family pct --orders "n+m<=3" --scales 8:32:10 \
  --pool mean --stride 8 -o features.npy --preview maps.png
check hir_train 1000 model.ehm "$erlangen" hir train "$hir/train" --model model.ehm -K 3 -D 2 -S 8 --pad 8 --c 1
check hir_extract 100 features.npy "$erlangen" hir extract "$examples/coins.png" --resize 64 -o features.npy
check hir_predict 10 predictions.csv "$erlangen" hir predict "$hir/test/brick/4.pgm" --model "$hir/model.ehm" \
  -o predictions.csv
check hash_index 10 two.ehi "$erlangen" hash index "$examples/camera.png" "$examples/coins.png" --algorithm moment \
  -o two.ehi
check watermark_embed 1000 marked.png "$erlangen" watermark embed "$examples/coins.png" --key 0123456789abcdef \
  --message 0badc0ffee -o marked.png
check attack_hash 1000 attacked.png "$erlangen" attack hash "$data/hash/coins_crop.png" --algorithm ahash --evade \
  --queries 20 -o attacked.png
check invariance_json 10 inv.json "$erlangen" invariance "$examples/camera.png" --max-order 6 --downsample 4 \
  -t rotate:0:180:90 --json inv.json
check hash_eval 1000 summary.md "$erlangen" hash-eval --images "$data/hash_eval" --algorithms dhash --suite quick \
  --out out
check watermark_eval 1000 results.csv "$erlangen" watermark-eval --images "$data/hash_eval" --schemes dwtdct \
  --suite quick --out out
printf '%s\n' "$examples/camera.png" "$examples/coins.png" >"$work/manifest.txt"
# batch keeps the --out folder, empty, because it is where the next run resumes.
allowed=./out check batch 100 shard-00000-of-00001.npy "$erlangen" batch moments --manifest "$work/manifest.txt" --max-order 4 \
  --downsample 4 --quiet --out out
# An --out folder that existed stays, but the files of the failed run go.
mkdir -p "$work/existing_out/out"
keep="$work/existing_out/out" check hash_eval_existing_out 1000 summary.md "$erlangen" hash-eval \
  --images "$data/hash_eval" --algorithms dhash --suite quick --out out

if [ "$failures" -ne 0 ]; then
  echo "full_disk: $failures check(s) failed" >&2
  exit 1
fi
echo "full_disk: every command exited with 1 under a file-size limit and left no partial file"
