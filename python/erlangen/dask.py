"""Run erlangen batch features on a dask.distributed cluster.

The tasks call the compiled module in-process on the workers (no subprocess, no command-line
tool), so the workers need the erlangen package importable, for example through PYTHONPATH.
Results are the same numbers as a single-process erlangen.batch_features or `erlangen batch`
run, because each image is computed on one thread with the same code, whatever worker runs it.

Two ways to split the work:
    map_images(client, paths, feature, ...)          chunks of images; results return to the client
    map_shards(client, feature, manifest, count, out) one task per shard; files written by workers

Example, on this machine with two in-process workers bound to the loopback interface:

    from dask.distributed import Client, LocalCluster
    import erlangen.dask
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      protocol="tcp://", host="127.0.0.1", dashboard_address=None) as cluster, Client(cluster) as client:
        values, labels, records = erlangen.dask.map_images(client, paths, "moments", max_order=12)
"""

import json
import threading

import erlangen

from .shards import read_shards

# Extractors of this process by (feature, options), so that the plans of a worker are built once
# and reused by every later task instead of once per task.
_extractors = {}
_extractors_lock = threading.Lock()


def _extractor(feature, options):
    key = (feature, json.dumps(options, sort_keys=True))
    with _extractors_lock:
        if key not in _extractors:
            _extractors[key] = erlangen.BatchExtractor(feature, **options)
        return _extractors[key]


def _compute_chunk(paths, start, feature, threads, options):
    extractor = _extractor(feature, options)
    values, records = extractor.compute(paths, threads=threads)
    labels = extractor.labels
    for record in records:
        record["index"] += start
        record["row"] += start
    return values, labels, records


def _run_shard(feature, manifest, shard, out, threads, options):
    return erlangen.run_shard(feature, manifest, shard, out, threads=threads, **options)


def map_images(client, paths, feature, *, chunk_size=8, threads=1, **options):
    """Compute one feature row per image on the cluster and return them in the order of `paths`.

    Returns (values, labels, records) as erlangen.batch_features does: a float64 array of
    len(paths) x D (NaN rows for images that failed), the column labels, and one record per image
    whose "index" and "row" are its position in `paths`. Each task computes `chunk_size` images
    with `threads` OpenMP threads on its worker. Keyword options are those of batch_features.
    Options are checked on the client first, so an invalid option raises before any task runs.
    """
    import numpy

    paths = [str(path) for path in paths]
    if chunk_size < 1:
        raise ValueError(f"map_images: chunk_size is {chunk_size}, expected an integer >= 1; pass for example 8")
    # Validates the feature and the options on the client; no image is read.
    labels = erlangen.BatchExtractor(feature, **options).labels
    starts = list(range(0, len(paths), chunk_size))
    futures = client.map(
        _compute_chunk,
        [paths[start : start + chunk_size] for start in starts],
        starts,
        feature=feature,
        threads=threads,
        options=options,
        pure=False,
    )
    parts = client.gather(futures)
    if not parts:
        return numpy.zeros((0, len(labels))), labels, []
    values = numpy.concatenate([part[0] for part in parts], axis=0)
    records = [record for part in parts for record in part[2]]
    return values, parts[0][1], records


def map_shards(client, feature, manifest, count, out, *, threads=1, **options):
    """Run shards 0/count .. count-1/count of a manifest as cluster tasks and merge them.

    Each task writes its shard files into `out` exactly as `erlangen batch --shard i/count` does
    (complete shards are skipped), so `out` must be a folder that every worker can reach. Returns
    (values, labels, records, results): the merged output of erlangen.read_shards and the dict
    that run_shard returned for each shard.
    """
    if count < 1:
        raise ValueError(f"map_shards: count is {count}, expected an integer >= 1; pass the number of shards")
    erlangen.BatchExtractor(feature, **options)
    futures = client.map(
        _run_shard,
        [feature] * count,
        [str(manifest)] * count,
        [f"{index}/{count}" for index in range(count)],
        [str(out)] * count,
        threads=threads,
        options=options,
        pure=False,
    )
    results = client.gather(futures)
    values, labels, records = read_shards(out, count)
    return values, labels, records, results
