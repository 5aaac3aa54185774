#!/usr/bin/env bash
# Main job, hierarchical invariant representation: features of the example images with the
# default tree, the digits preset and the adversarial-detection preset (DCT ring read-out), and
# the relative feature change of camera.png under rotation (zero at multiples of 90 degrees).
# Usage (called by scripts/main_job.sh): 40-hir.sh BUILD_DIR OUT_DIR
# Outputs under OUT_DIR/hir/:
#   examples_tree.npy(.json)         6 images x 350 features: tree K = 6, D = 2, S = 10, images at 128 x 128
#   examples_digits.npy(.json)       6 x 140: digits preset (reference paths, 64 x 64 input)
#   examples_adversarial.npy(.json)  2 x 6120: adversarial preset (K = 7, 204 paths x 30 DCT ring bands)
#   camera_rotation.png(.csv)        relative change ||f(rot) - f|| / ||f|| for 0..360 degrees in 5-degree steps
#   camera_rotation_digits_hq.png(.csv), camera_rotation_digits_rot.png(.csv)
#                                    the same curve through the digits-hq preset and through digits-rot,
#                                    which adds the orbit average of 4 rotations (about 20 s on 2 cores)
#   camera_digits_hq_features.npy(.json), camera_digits_rot_features.npy(.json)
#                                    the features of camera.png through those two presets
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen="$1/apps/cli/erlangen"
out="$2/hir"
examples="$root/examples"
mkdir -p "$out"

echo "main_job: hir" >&2
images=("$examples/camera.png" "$examples/astronaut.png" "$examples/coins.png" "$examples/brick.png"
        "$examples/horse.png" "$examples/rocket.jpg")
"$erlangen" hir extract "${images[@]}" --resize 128 -o "$out/examples_tree.npy" -q
"$erlangen" hir extract "${images[@]}" --preset digits -o "$out/examples_digits.npy" -q
"$erlangen" hir extract "$examples/camera.png" "$examples/astronaut.png" --preset adversarial \
  -o "$out/examples_adversarial.npy" -q
# Double-precision FFTs, so that the 90-degree points show rounding of about 1e-15 only.
"$erlangen" hir extract "$examples/camera.png" --resize 96 --sigma 0.5 --pad 16 --precision float64 \
  -o "$out/camera_rotation_features.npy" --rotation-curve "$out/camera_rotation.png" -q
# The rotated-digits presets on camera.png: the orbit average of digits-rot flattens the curve
# between the multiples of 90 degrees.
for preset in digits-hq digits-rot; do
  "$erlangen" hir extract "$examples/camera.png" --preset "$preset" -o "$out/camera_${preset//-/_}_features.npy" \
    --rotation-curve "$out/camera_rotation_${preset//-/_}.png" -q
done
