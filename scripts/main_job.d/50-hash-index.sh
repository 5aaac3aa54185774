#!/usr/bin/env bash
# Main job, near-duplicate search: the bundled examples indexed with the moment hash (both modes)
# and with PDQ, then queried with every example. Each query should find itself at distance 0 and
# no other example within the algorithm's threshold. The k-NN report shows how far the next
# examples are.
# Outputs under OUT_DIR/hash-index/: examples_<algorithm>.ehi (index files), index_<algorithm>.txt
# (index summaries), query_<algorithm>.txt (matches within the threshold) and
# query_<algorithm>.json (the 3 nearest per query).
# Usage (called by scripts/main_job.sh): 50-hash-index.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
erlangen=$(cd "$1" && pwd)/apps/cli/erlangen
mkdir -p "$2/hash-index"
out=$(cd "$2/hash-index" && pwd)

echo "main_job: hash index" >&2
# Relative paths, so that the index ids do not depend on where the repository lives.
cd "$root/examples"
images=(astronaut.png brick.png camera.png coins.png horse.png rocket.jpg)
for algorithm in moment moment-dihedral pdq; do
  "$erlangen" hash index "${images[@]}" --algorithm "$algorithm" -o "$out/examples_$algorithm.ehi" -q \
    > "$out/index_$algorithm.txt"
  "$erlangen" hash query "$out/examples_$algorithm.ehi" "${images[@]}" -q > "$out/query_$algorithm.txt"
  "$erlangen" hash query "$out/examples_$algorithm.ehi" "${images[@]}" -q --k 3 --format json \
    > "$out/query_$algorithm.json"
done
