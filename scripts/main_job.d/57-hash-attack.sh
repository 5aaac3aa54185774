#!/usr/bin/env bash
# Main job, hash attack: black-box evasion of dHash and aHash on two bundled examples within a
# 35 dB PSNR budget and 1000 queries. Each attacked PNG is read back and hashed again before its
# success is reported.
# Outputs under OUT_DIR/hash-attack/: <image>_<algorithm>.png (attacked image) and
# <image>_<algorithm>.json (success, distance, queries, seconds, PSNR, SSIM, L-infinity, hashes).
# Usage (called by scripts/main_job.sh): 57-hash-attack.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen=$(cd "$1" && pwd)/apps/cli/erlangen
mkdir -p "$2/hash-attack"
out=$(cd "$2/hash-attack" && pwd)

echo "main_job: hash attack" >&2
for image in brick camera; do
  for algorithm in dhash ahash; do
    "$erlangen" attack hash "$root/examples/$image.png" --algorithm "$algorithm" --evade --psnr 35 \
      --queries 1000 --seed 1 -o "$out/${image}_$algorithm.png" --json "$out/${image}_$algorithm.json"
  done
done
