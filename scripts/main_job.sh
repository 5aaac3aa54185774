#!/usr/bin/env bash
# Main job: runs each finished capability of the erlangen CLI on the bundled
# example images and leaves pictures and reports under the output folder.
#
# Usage: bash scripts/main_job.sh BUILD_DIR OUT_DIR
#   BUILD_DIR  a build tree containing apps/cli/erlangen (README command 1 makes a Release build)
#   OUT_DIR    output folder; created if missing, files in it are overwritten
#
# Outputs:
#   families.txt, families.json             the moment families and their index rules
#   moments/camera_zernike.{json,csv}       ZM moments up to order 20 of camera.png
#   moments/camera_zernike_magnitude.csv    their rotation and flip invariant magnitudes
#   reconstruct/camera_<family>_K<K>.png    reconstructions of camera.png (256 x 256)
#   reconstruct/metrics.md                  MSRE, PSNR and SSIM of every reconstruction
#   invariance/camera_zernike_rotation.{png,json,txt}   ZM K=20 magnitudes under rotations
#   invariance/camera_pcet_flip*.{json,txt}             PCET magnitudes vs symmetrised ones under flips
# Executable scripts in scripts/main_job.d/ run afterwards with the same two arguments,
# so other modules add their part without editing this file.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: bash scripts/main_job.sh BUILD_DIR OUT_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$1
out=$2
erlangen="$build/apps/cli/erlangen"
examples="$root/examples"
if [ ! -x "$erlangen" ]; then
  echo "main_job: $erlangen not found; build the erlangen_cli target first" >&2
  exit 1
fi
mkdir -p "$out/moments" "$out/reconstruct" "$out/invariance"

step() {
  echo "main_job: $*" >&2
}
seconds_since() {
  echo $(( $(date +%s) - $1 ))
}
start_all=$(date +%s)

# 1. Families.
step "families"
"$erlangen" families > "$out/families.txt"
"$erlangen" families --format json > "$out/families.json"

# 2. Moments of camera.png (512 x 512), ZM up to order 20.
step "moments"
"$erlangen" moments "$examples/camera.png" --family zernike --max-order 20 --format json \
  -o "$out/moments/camera_zernike.json"
"$erlangen" moments "$examples/camera.png" --family zernike --max-order 20 --format csv \
  -o "$out/moments/camera_zernike.csv"
"$erlangen" moments "$examples/camera.png" --family zernike --max-order 20 --format csv \
  --invariants magnitude -o "$out/moments/camera_zernike_magnitude.csv"

# 3. Reconstructions on camera.png averaged to 256 x 256, with a metrics table.
step "reconstruct"
metrics="$out/reconstruct/metrics.md"
{
  echo "# Reconstruction of camera.png (256 x 256, 2 x 2 box average of the 512 x 512 original)"
  echo
  echo "Original masked to the inscribed disk; PSNR and SSIM on 8-bit images."
  echo
  echo "| family | method | K | moments | MSRE | PSNR (dB) | SSIM | seconds |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$metrics"
reconstruct() {
  local family=$1 order=$2 method=$3
  local image="$out/reconstruct/camera_${family}_K${order}.png"
  local started
  started=$(date +%s)
  "$erlangen" reconstruct "$examples/camera.png" --downsample 2 --family "$family" --max-order "$order" \
    --method "$method" -o "$image" --json > "$out/reconstruct/camera_${family}_K${order}.json"
  metrics_row "$family" "$method" "$order" "$out/reconstruct/camera_${family}_K${order}.json" \
    "$(seconds_since "$started")" >> "$metrics"
}
# One table row from the JSON that `erlangen reconstruct --json` prints (no jq or Python needed).
metrics_row() {
  local family=$1 method=$2 order=$3 json=$4 seconds=$5
  local count msre psnr ssim
  count=$(sed -n 's/^ *"moments": \([0-9]*\),*$/\1/p' "$json")
  msre=$(sed -n 's/^ *"msre": \([^,]*\),*$/\1/p' "$json")
  psnr=$(sed -n 's/^ *"psnr_db": \([^,]*\),*$/\1/p' "$json")
  ssim=$(sed -n 's/^ *"ssim": \([^,]*\),*$/\1/p' "$json")
  printf '| %s | %s | %s | %s | %.4g | %.2f | %.4f | %s |\n' "$family" "$method" "$order" "$count" \
    "$msre" "$psnr" "$ssim" "$seconds"
}
for order in 10 20 30; do
  reconstruct pcet "$order" polar-fft
done
for order in 10 20 30 40; do
  reconstruct zernike "$order" auto
done

# 4. Invariance: ZM magnitudes under a rotation sweep, quarter turns and flips.
step "invariance (rotation sweep)"
"$erlangen" invariance "$examples/camera.png" --family zernike --max-order 20 --downsample 2 \
  -t rotate:0:360:15 -t rot90 -t flip:lr -t flip:ud \
  --plot "$out/invariance/camera_zernike_rotation.png" --json "$out/invariance/camera_zernike_rotation.json" \
  > "$out/invariance/camera_zernike_rotation.txt"
# PCET: plain magnitudes are not flip invariant, the symmetrised ones are.
step "invariance (PCET flips)"
"$erlangen" invariance "$examples/camera.png" --family pcet --max-order 10 --downsample 4 \
  --representation magnitude -t flip:lr -t flip:ud -t rot90 \
  --json "$out/invariance/camera_pcet_flip.json" \
  > "$out/invariance/camera_pcet_flip.txt"
"$erlangen" invariance "$examples/camera.png" --family pcet --max-order 10 --downsample 4 \
  --representation symmetrised -t flip:lr -t flip:ud -t rot90 \
  --json "$out/invariance/camera_pcet_flip_symmetrised.json" \
  >> "$out/invariance/camera_pcet_flip.txt"

# 5. Parts added by other modules.
if [ -d "$root/scripts/main_job.d" ]; then
  for part in "$root"/scripts/main_job.d/*.sh; do
    [ -e "$part" ] || continue
    step "$(basename "$part")"
    bash "$part" "$build" "$out"
  done
fi

echo
echo "main_job: finished in $(seconds_since "$start_all") s; outputs in $out"
echo
cat "$metrics"
echo
echo "ZM K=20 magnitudes of camera.png (256 x 256) under transforms (worst steps first):"
sed -n '1,2p' "$out/invariance/camera_zernike_rotation.txt"
tail -n +3 "$out/invariance/camera_zernike_rotation.txt" | sort -k3 -g -r | head -n 3
echo "..."
tail -n +3 "$out/invariance/camera_zernike_rotation.txt" | sort -k3 -g -r | tail -n 2
echo
echo "PCET K=10 under flips, plain then symmetrised magnitudes:"
cat "$out/invariance/camera_pcet_flip.txt"
