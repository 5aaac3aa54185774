#!/usr/bin/env bash
# Main job, perceptual hashes: every registered hash of the bundled examples as hex and JSON, and a
# matrix of Hamming distances between the examples for each hash.
# Outputs under OUT_DIR/hash/: <algorithm>.hex, <algorithm>.json and distances.txt.
# Usage (called by scripts/main_job.sh): 50-hash.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen=$(cd "$1" && pwd)/apps/cli/erlangen
mkdir -p "$2/hash"
out=$(cd "$2/hash" && pwd)

echo "main_job: hash" >&2
# Relative paths, so that the outputs do not depend on where the repository lives.
cd "$root/examples"
images=(astronaut.png brick.png camera.png coins.png horse.png rocket.jpg)

# Every algorithm that `erlangen hash --help` lists, so that a newly registered hash joins the report.
algorithms=$("$erlangen" hash --help | sed -n 's/.*hash algorithm: //p' | head -1 | tr -d ',')
report="$out/distances.txt"
: > "$report"
for algorithm in $algorithms; do
  "$erlangen" hash -q --algorithm "$algorithm" "${images[@]}" > "$out/$algorithm.hex"
  "$erlangen" hash -q --algorithm "$algorithm" --format json "${images[@]}" > "$out/$algorithm.json"

  # Distances from the hex strings, without decoding the images again.
  mapfile -t hexes < <(cut -d' ' -f1 "$out/$algorithm.hex")
  # "ALG distance D of B bits, threshold T: ..." gives B and T.
  summary=$("$erlangen" hash compare "${hexes[0]}" "${hexes[0]}" --algorithm "$algorithm")
  bits=$(echo "$summary" | awk '{print $5}')
  threshold=$(echo "$summary" | awk '{print $8}' | tr -d ':')
  {
    echo "$algorithm ($bits bits, match threshold $threshold): Hamming distances between the examples"
    printf '%-10s' ""
    for image in "${images[@]}"; do printf '%10s' "${image%.*}"; done
    echo
    for i in "${!hexes[@]}"; do
      printf '%-10s' "${images[$i]%.*}"
      for j in "${!hexes[@]}"; do
        distance=$("$erlangen" hash compare "${hexes[$i]}" "${hexes[$j]}" --algorithm "$algorithm" | awk '{print $3}')
        printf '%10s' "$distance"
      done
      echo
    done
    echo
  } >> "$report"
done
