#!/usr/bin/env bash
# Images per second of `erlangen batch` (1 and 2 threads) and of erlangen.dask.map_images (1 and
# 2 process workers on a LocalCluster bound to 127.0.0.1), for the moments, dense and hir features.
# The workload is the six example images, four times each (24 images).
#
# Usage: bench/batch_throughput.sh BUILD_DIR
# BUILD_DIR must hold apps/cli/erlangen and the Python module (python/). Prints a markdown table.
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for k in 1 2 3 4; do
  for image in camera.png astronaut.png brick.png coins.png horse.png rocket.jpg; do
    echo "$root/examples/$image"
  done
done > "$work/list.txt"
count=$(wc -l < "$work/list.txt")

# Median of three runs of a command, in seconds.
median_seconds() {
  local times=()
  for run in 1 2 3; do
    rm -rf "$work/out"
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}

# Process workers start by importing the main module, so the Dask part runs from a file.
cat > "$work/dask_rate.py" <<'PY'
import statistics, sys, time
from dask.distributed import Client, LocalCluster
import erlangen, erlangen.dask

def main():
    paths = [line.strip() for line in open(sys.argv[1]) if line.strip()]
    feature, workers = sys.argv[2], int(sys.argv[3])
    options = {"moments": {"max_order": 20}, "dense": {"stride": 4}, "hir": {"resize": 128}}[feature]
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        erlangen.dask.map_images(client, paths, feature, chunk_size=2, **options)  # warm-up: plans
        times = []
        for _ in range(3):
            start = time.perf_counter()
            erlangen.dask.map_images(client, paths, feature, chunk_size=2, **options)
            times.append(time.perf_counter() - start)
    print(f"{len(paths) / statistics.median(times):.1f}")

if __name__ == "__main__":
    main()
PY

declare -A options=([moments]="--max-order 20" [dense]="--stride 4" [hir]="--resize 128")
echo "| feature | batch, 1 thread | batch, 2 threads | dask, 1 worker | dask, 2 workers |"
echo "|---|---|---|---|---|"
for feature in moments dense hir; do
  row="| $feature"
  for threads in 1 2; do
    # shellcheck disable=SC2086
    seconds=$(median_seconds "$build/apps/cli/erlangen" batch "$feature" --manifest "$work/list.txt" \
      --out "$work/out" --threads "$threads" -q ${options[$feature]})
    row="$row | $(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }') images/s"
  done
  for workers in 1 2; do
    rate=$(PYTHONPATH="$build/python" /usr/bin/python3 "$work/dask_rate.py" "$work/list.txt" "$feature" "$workers")
    row="$row | $rate images/s"
  done
  echo "$row |"
done
