#!/usr/bin/env bash
# Main job, dense local moments: mean-pooled PCT maps of the brick texture with a preview
# montage, and the per-pixel invariance of dense maps under exact and 30-degree transforms.
# Usage (called by scripts/main_job.sh): 20-dense.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen="$1/apps/cli/erlangen"
out="$2/dense"
mkdir -p "$out"

echo "main_job: dense" >&2
"$erlangen" dense "$root/examples/brick.png" --family pct --orders "n+m<=3" --scales 8:32:10 \
  --pool mean -o "$out/brick_pct_pooled.npy" --preview "$out/brick_pct_pooled.png"
"$erlangen" invariance "$root/examples/camera.png" --family pct --max-order 3 --downsample 4 \
  --representation dense -t rot90 -t flip:lr -t translate:4:8 -t rotate:0:90:15 \
  --json "$out/camera_dense_invariance.json" --plot "$out/camera_dense_invariance.png" \
  > "$out/camera_dense_invariance.txt"
