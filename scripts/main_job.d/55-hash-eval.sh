#!/usr/bin/env bash
# Main job, perceptual hashes: `erlangen hash-eval` with the short "quick" attack suite on the
# bundled examples, writing distance tables, ROC curves and plots under OUT_DIR/hash-eval/.
# With 6 images there are 45 different-image pairs per attack, so FPR 1e-3 and 1e-4 show as
# "not measurable"; docs/benchmarks.md has the full suite on 12 images.
# Usage (called by scripts/main_job.sh): 55-hash-eval.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen="$1/apps/cli/erlangen"
out="$2/hash-eval"
mkdir -p "$out"

echo "main_job: hash-eval" >&2
"$erlangen" hash-eval --images "$root/examples" --suite quick --seed 1 --out "$out" > "$out/run.txt"
