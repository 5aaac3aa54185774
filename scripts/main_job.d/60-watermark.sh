#!/usr/bin/env bash
# Main job, watermarking: marks two bundled examples with every registered scheme, decodes each
# marked PNG, then runs a short watermark-eval (all examples, a 6-attack suite).
# Outputs under OUT_DIR/watermark/:
#   <image>_<scheme>.png    marked 8-bit image (payload 0x0123456789abcdef)
#   <image>_<scheme>.json   embedding report (PSNR, SSIM, payload)
#   <image>_<scheme>_detect.json   blind decoding of the marked PNG
#   eval/report.md, eval/results.csv, eval/bit_accuracy.png   the short evaluation
# Usage (called by scripts/main_job.sh): 60-watermark.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen=$(cd "$1" && pwd)/apps/cli/erlangen
mkdir -p "$2/watermark"
out=$(cd "$2/watermark" && pwd)
key=00112233445566778899aabbccddeeff
payload=0123456789abcdef

# Probe each scheme by marking astronaut.png; a scheme this build does not register is skipped.
schemes=()
for scheme in moment dwtdct dwtdctsvd; do
  if "$erlangen" watermark embed "$root/examples/astronaut.png" --scheme "$scheme" --key "$key" \
      --message "$payload" -o "$out/astronaut_$scheme.png" --json "$out/astronaut_$scheme.json" 2> "$out/.probe"; then
    schemes+=("$scheme")
  elif grep -q "is unknown" "$out/.probe"; then
    echo "main_job: watermark: scheme $scheme is not registered in this build; skipped" >&2
  else
    cat "$out/.probe" >&2
    exit 1
  fi
done
rm -f "$out/.probe"
if [ "${#schemes[@]}" -eq 0 ]; then
  echo "main_job: watermark: no scheme is registered" >&2
  exit 1
fi

echo "main_job: watermark embed and detect (${schemes[*]})" >&2
for scheme in "${schemes[@]}"; do
  "$erlangen" watermark embed "$root/examples/camera.png" --scheme "$scheme" --key "$key" --message "$payload" \
    -o "$out/camera_$scheme.png" --json "$out/camera_$scheme.json"
  for image in astronaut camera; do
    "$erlangen" watermark detect "$out/${image}_$scheme.png" --scheme "$scheme" --key "$key" --bits 64 \
      --json "$out/${image}_${scheme}_detect.json" > /dev/null
  done
done

echo "main_job: watermark-eval (short suite)" >&2
suite="$out/short_suite.txt"
printf '%s\n' "# A short attack suite for the main job." jpeg:75 resize:0.5 rotate:5 crop:0.1 noise:0.02 \
  "combined = crop:0.1,jpeg:75" > "$suite"
schemes_list=$(IFS=,; echo "${schemes[*]}")
"$erlangen" watermark-eval --images "$root/examples" --schemes "$schemes_list" --suite "$suite" --bits 64 \
  --seed 1 --out "$out/eval" > /dev/null
