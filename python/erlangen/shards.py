"""Reading the shard files that `erlangen batch` and erlangen.run_shard write.

Entry k of a manifest belongs to shard k mod N. Each shard i of N leaves three files in the output
folder: shard-IIIII-of-NNNNN.npy (float64, one row per entry of the shard), .jsonl (one record per
row) and .json (feature, options and labels, written last as the completion marker).
"""

import json
import operator
import os

import numpy

from ._erlangen import InvalidArgument, IoError


def read_manifest(path):
    """Return the image paths of a manifest, resolved as `erlangen batch` resolves them.

    Blank lines and lines starting with '#' are skipped, surrounding spaces are removed, and
    relative paths are joined to the folder of the manifest. Raises erlangen.IoError when the file
    cannot be read.
    """
    base = os.path.dirname(os.fspath(path))
    entries = []
    try:
        with open(path, encoding="utf-8") as stream:
            lines = stream.readlines()
    except (OSError, UnicodeDecodeError) as error:
        raise IoError(f"read_manifest: manifest {os.fspath(path)} cannot be read: {error}; pass a text file "
                      "with one image path per line") from error
    for line in lines:
        text = line.strip(" \t\r\n")
        if not text or text.startswith("#"):
            continue
        entries.append(text if os.path.isabs(text) or not base else os.path.join(base, text))
    return entries


def _integer(value, operation, argument):
    """Return value as an int, or raise erlangen.InvalidArgument naming the argument."""
    try:
        return operator.index(value)
    except TypeError:
        raise InvalidArgument(f"{operation}: {argument} is {value!r}, expected an integer; pass an int") from None


def shard_entries(entry_count, index, count):
    """Return the manifest entries k of shard index of count: every k with k mod count == index."""
    entry_count = _integer(entry_count, "shard_entries", "entry_count")
    index = _integer(index, "shard_entries", "index")
    count = _integer(count, "shard_entries", "count")
    if entry_count < 0:
        raise InvalidArgument(
            f"shard_entries: entry_count is {entry_count}, expected an integer >= 0; pass the number of entries "
            "of the manifest"
        )
    if count < 1 or not 0 <= index < count:
        raise InvalidArgument(
            f"shard_entries: shard {index}/{count} is invalid, expected 0 <= index < count; "
            "pass for example 0, 4 for the first of four shards"
        )
    return list(range(index, entry_count, count))


def _read_marker(path):
    """Return the JSON object of a shard marker, or raise erlangen.IoError naming the file."""
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise IoError(f"read_shards: {path} cannot be read as JSON: {error}; run the shard again") from error
    keys = ("feature", "options", "labels", "manifest_hash", "manifest_entries", "shards")
    missing = [key for key in keys if not isinstance(document, dict) or key not in document]
    if missing:
        raise IoError(f"read_shards: {path} lacks {', '.join(missing)}, so it is not a shard marker of erlangen "
                      "batch; run the shard again")
    return document


def read_shards(folder, count=None):
    """Merge the shards in `folder` into manifest order.

    Returns (values, labels, records): a float64 array with one row per manifest entry, the labels
    of the columns, and the per-image records sorted by manifest index (the key "row" then gives
    the row of the merged array). count is the number of shards N; by default it is read from the
    files. Raises erlangen.InvalidArgument (a ValueError) for a count below 1, when a shard is missing
    or incomplete (no .json marker), or when the shards disagree on feature, options or labels, and
    erlangen.IoError (an OSError) for a folder or shard file that cannot be read or is not a shard
    file of erlangen batch.
    """
    folder = os.fspath(folder)
    try:
        names = os.listdir(folder)
    except OSError as error:
        raise IoError(f"read_shards: folder {folder} cannot be read: {error}; pass the --out folder of the shards") \
            from error
    markers = sorted(name for name in names if name.startswith("shard-") and name.endswith(".json"))
    if count is None:
        if not markers:
            raise InvalidArgument(
                f"read_shards: {folder} contains no complete shard (shard-*.json); run the shards first"
            )
        count = _read_marker(os.path.join(folder, markers[0]))["shards"]
    count = _integer(count, "read_shards", "count")
    if count < 1:
        raise InvalidArgument(f"read_shards: count is {count}, expected the number of shards N >= 1")

    documents = []
    for index in range(count):
        stem = f"shard-{index:05d}-of-{count:05d}"
        marker = os.path.join(folder, stem + ".json")
        if not os.path.exists(marker):
            raise InvalidArgument(
                f"read_shards: shard {index}/{count} is missing or incomplete ({marker} not found); run it again"
            )
        documents.append((stem, _read_marker(marker)))

    first = documents[0][1]
    for stem, document in documents[1:]:
        for key in ("feature", "options", "labels", "manifest_hash"):
            if document[key] != first[key]:
                raise InvalidArgument(
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
            raise IoError(
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
