#!/usr/bin/env bash
# Main job, copy-move forgery detection: forgeries of camera.png made with a fixed seed (plain
# copy, 30-degree rotation, JPEG quality 70) and the untouched original, each with its mask,
# overlay and JSON report.
# Usage (called by scripts/main_job.sh): 30-cmfd.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen="$1/apps/cli/erlangen"
out="$2/cmfd"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$out" "$scratch/source"

echo "main_job: cmfd" >&2
cp "$root/examples/camera.png" "$scratch/source/"
"$erlangen" cmfd-bench generate --images "$scratch/source" --out "$out/forgeries" --grid small --seed 1 > /dev/null
for name in camera_plain.png camera_rotation_30.png camera_jpeg_70.jpg camera_original.png; do
  stem=${name%.*}
  "$erlangen" cmfd "$out/forgeries/$name" -o "$out/${stem}_mask.png" --overlay "$out/${stem}_overlay.png" \
    --json "$out/${stem}.json" --seed 1 > "$out/${stem}.txt"
done
