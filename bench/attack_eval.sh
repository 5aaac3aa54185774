#!/usr/bin/env bash
# Success rate, queries and time of `erlangen attack hash` (evasion) on the bundled example images,
# for each hash at PSNR budgets of 40 and 35 dB. Prints a Markdown table on stdout.
#
# Usage: bench/attack_eval.sh ERLANGEN_BINARY [QUERIES] [ALGORITHMS...]
#   QUERIES     query budget per image (default 2000)
#   ALGORITHMS  hashes to attack (default: ahash dhash phash pdq)
# The attacked images and JSON reports go to a temporary folder that is removed at the end.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 ERLANGEN_BINARY [QUERIES] [ALGORITHMS...]" >&2
  exit 2
fi
binary=$1
queries=${2:-2000}
shift $(( $# >= 2 ? 2 : 1 ))
algorithms=("$@")
if [[ ${#algorithms[@]} -eq 0 ]]; then algorithms=(ahash dhash phash pdq); fi

root=$(cd "$(dirname "$0")/.." && pwd)
images=(astronaut.png brick.png camera.png coins.png horse.png rocket.jpg)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for algorithm in "${algorithms[@]}"; do
  for psnr in 40 35; do
    for image in "${images[@]}"; do
      report="$work/${algorithm}-${psnr}-${image%.*}.json"
      "$binary" attack hash "$root/examples/$image" --algorithm "$algorithm" --evade --psnr "$psnr" \
        --queries "$queries" --seed 1 -o "$work/attacked.png" --json "$report" > /dev/null
    done
  done
done

python3 - "$work" "$queries" "${algorithms[@]}" <<'PY'
import json, pathlib, statistics, sys
work, queries, algorithms = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
print(f"| hash | PSNR budget | success | median queries (successes) | median s per image | median final PSNR | median SSIM |")
print("|---|---|---|---|---|---|---|")
for algorithm in algorithms:
    for psnr in (40, 35):
        reports = [json.loads(path.read_text()) for path in sorted(work.glob(f"{algorithm}-{psnr}-*.json"))]
        successes = [report for report in reports if report["success"]]
        queries_median = statistics.median(r["queries"] for r in successes) if successes else float("nan")
        seconds_median = statistics.median(r["seconds"] for r in reports)
        psnr_median = statistics.median(r["psnr"] for r in reports if r["psnr"] is not None)
        ssim_median = statistics.median(r["ssim"] for r in reports if r["ssim"] is not None)
        print(f"| {algorithm} | {psnr} dB | {len(successes)}/{len(reports)} | {queries_median:.0f} | "
              f"{seconds_median:.2f} | {psnr_median:.1f} | {ssim_median:.4f} |")
print(f"\nQuery budget {queries} per image, seed 1, evasion at each hash's default threshold.")
PY
