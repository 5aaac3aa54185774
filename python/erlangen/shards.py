"""Reading the shard files that `erlangen batch` and erlangen.run_shard write.

Entry k of a manifest belongs to shard k mod N. Each shard i of N leaves three files in the output
folder: shard-IIIII-of-NNNNN.npy (float64, one row per entry of the shard), .jsonl (one record per
row) and .json (feature, options and labels, written last as the completion marker).
"""

import json
import os

import numpy


def read_manifest(path):
    """Return the image paths of a manifest, resolved as `erlangen batch` resolves them.

    Blank lines and lines starting with '#' are skipped, surrounding spaces are removed, and
    relative paths are joined to the folder of the manifest.
    """
    base = os.path.dirname(os.fspath(path))
    entries = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            text = line.strip(" \t\r\n")
            if not text or text.startswith("#"):
                continue
            entries.append(text if os.path.isabs(text) or not base else os.path.join(base, text))
    return entries


def shard_entries(entry_count, index, count):
    """Return the manifest entries k of shard index of count: every k with k mod count == index."""
    if count < 1 or not 0 <= index < count:
        raise ValueError(
            f"shard_entries: shard {index}/{count} is invalid, expected 0 <= index < count; "
            "pass for example 0, 4 for the first of four shards"
        )
    return list(range(index, entry_count, count))


def read_shards(folder, count=None):
    """Merge the shards in `folder` into manifest order.

    Returns (values, labels, records): a float64 array with one row per manifest entry, the labels
    of the columns, and the per-image records sorted by manifest index (the key "row" then gives
    the row of the merged array). count is the number of shards N; by default it is read from the
    files. Raises ValueError when a shard is missing or incomplete (no .json marker), or when the
    shards disagree on feature, options or labels.
    """
    folder = os.fspath(folder)
    markers = sorted(name for name in os.listdir(folder) if name.startswith("shard-") and name.endswith(".json"))
    if count is None:
        if not markers:
            raise ValueError(f"read_shards: {folder} contains no complete shard (shard-*.json); run the shards first")
        with open(os.path.join(folder, markers[0]), encoding="utf-8") as stream:
            count = json.load(stream)["shards"]

    documents = []
    for index in range(count):
        stem = f"shard-{index:05d}-of-{count:05d}"
        marker = os.path.join(folder, stem + ".json")
        if not os.path.exists(marker):
            raise ValueError(
                f"read_shards: shard {index}/{count} is missing or incomplete ({marker} not found); run it again"
            )
        with open(marker, encoding="utf-8") as stream:
            documents.append((stem, json.load(stream)))

    first = documents[0][1]
    for stem, document in documents[1:]:
        for key in ("feature", "options", "labels", "manifest_hash"):
            if document[key] != first[key]:
                raise ValueError(
                    f"read_shards: {stem}.json has another {key} than shard 0; rerun the shards with the same options"
                )

    total = first["manifest_entries"]
    columns = len(first["labels"])
    values = numpy.full((total, columns), numpy.nan)
    records = []
    for index, (stem, _) in enumerate(documents):
        block = numpy.load(os.path.join(folder, stem + ".npy"))
        rows = shard_entries(total, index, count)
        if block.shape != (len(rows), columns):
            raise ValueError(
                f"read_shards: {stem}.npy has shape {block.shape}, expected {(len(rows), columns)}; rerun the shard"
            )
        values[rows] = block
        with open(os.path.join(folder, stem + ".jsonl"), encoding="utf-8") as stream:
            for line in stream:
                record = json.loads(line)
                record["shard_row"] = record["row"]
                record["row"] = record["index"]
                records.append(record)
    records.sort(key=lambda record: record["index"])
    labels = [{key: label[key] for key in ("family", "n", "m", "scale", "kind", "path")} for label in first["labels"]]
    return values, labels, records
