#!/usr/bin/env bash
# Runs `erlangen batch` as 4 shards under GNU parallel and checks that the merged shards equal a
# single-shard run byte for byte (values, per-image records and labels).
# Usage: batch_parallel.sh ERLANGEN EXAMPLES_DIR WORK_DIR PYTHON
set -euo pipefail
erlangen=$1
examples=$(cd "$2" && pwd)
work=$3
python=$4

if ! command -v parallel >/dev/null; then
  echo "batch_parallel: GNU parallel is not installed; run scripts/setup.sh" >&2
  exit 1
fi

if ! "$python" -c "import numpy" 2>/dev/null; then
  echo "batch_parallel: $python has no numpy; configure with -DPython3_EXECUTABLE=/usr/bin/python3" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
manifest="$work/list.txt"
{
  echo "# every example image, a missing file and two repeats"
  for name in camera.png astronaut.png coins.png brick.png horse.png rocket.jpg missing.png coins.png camera.png; do
    echo "$examples/$name"
  done
} >"$manifest"

options=(moments --manifest "$manifest" --max-order 12 --downsample 2 --quiet)
"$erlangen" batch "${options[@]}" --shard 0/1 --out "$work/single"
parallel --halt now,fail=1 "$erlangen" batch "${options[@]}" --shard {}/4 --out "$work/sharded" ::: 0 1 2 3
# A second run finds every shard complete and rewrites nothing (a rewrite renames a new file into
# place, which changes the inode).
before=$(stat -c %i "$work"/sharded/shard-0000?-of-00004.npy | sort | tr '\n' ' ')
parallel --halt now,fail=1 "$erlangen" batch "${options[@]}" --shard {}/4 --out "$work/sharded" ::: 0 1 2 3
after=$(stat -c %i "$work"/sharded/shard-0000?-of-00004.npy | sort | tr '\n' ' ')
[ "$before" = "$after" ] || { echo "batch_parallel: complete shards were recomputed" >&2; exit 1; }

# Merge in manifest order (entry k is row k div 4 of shard k mod 4) with numpy only.
"$python" - "$work" <<'PYTHON'
import json, sys
import numpy
work = sys.argv[1]
single = numpy.load(f"{work}/single/shard-00000-of-00001.npy")
single_log = [json.loads(line) for line in open(f"{work}/single/shard-00000-of-00001.jsonl")]
single_marker = json.load(open(f"{work}/single/shard-00000-of-00001.json"))
merged = numpy.empty_like(single)
merged_log = [None] * len(single_log)
for shard in range(4):
    stem = f"{work}/sharded/shard-{shard:05d}-of-00004"
    block = numpy.load(stem + ".npy")
    merged[shard::4] = block
    for record in map(json.loads, open(stem + ".jsonl")):
        assert record["index"] % 4 == shard, record
        merged_log[record["index"]] = record
    marker = json.load(open(stem + ".json"))
    assert marker["labels"] == single_marker["labels"], "labels differ"
    assert marker["rows"] == block.shape[0]
if merged.tobytes() != single.tobytes():
    sys.exit("batch_parallel: merged shards differ from the single run")
strip = lambda record: {key: value for key, value in record.items() if key != "row"}
if [strip(r) for r in merged_log] != [strip(r) for r in single_log]:
    sys.exit("batch_parallel: per-image records differ from the single run")
failed = [r["index"] for r in single_log if r["status"] != "ok"]
if failed != [6] or not numpy.isnan(single[6]).all() or not numpy.isfinite(numpy.delete(single, 6, 0)).all():
    sys.exit(f"batch_parallel: expected only entry 6 (missing.png) to fail, got {failed}")
print(f"batch_parallel: {single.shape[0]} rows x {single.shape[1]} columns identical across 1 and 4 shards")
PYTHON
