"""erlangen.dask on a LocalCluster of two workers bound to the loopback interface."""

import numpy
import pytest

import erlangen

distributed = pytest.importorskip("dask.distributed")
import erlangen.dask  # noqa: E402  (needs dask, checked above)

OPTIONS = {"max_order": 12, "downsample": 2}


@pytest.fixture(scope="module", params=[False, True], ids=["threads", "processes"])
def client(request):
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=request.param,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    )
    with distributed.Client(cluster) as connection:
        yield connection
    cluster.close()


def test_workers_listen_on_loopback(client):
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    for address in workers:
        assert address.startswith("tcp://127.0.0.1:")
    assert client.scheduler.address.startswith("tcp://127.0.0.1:")


def test_map_images_equals_single_process(client, manifest):
    paths = erlangen.read_manifest(manifest)
    values, labels, records = erlangen.dask.map_images(client, paths, "moments", chunk_size=2, **OPTIONS)
    expected, expected_labels, expected_records = erlangen.batch_features(paths, "moments", **OPTIONS)
    assert values.tobytes() == expected.tobytes()
    assert labels == expected_labels
    assert records == expected_records
    assert records[6]["status"] == "error"


def test_map_shards_equals_single_run(client, manifest, tmp_path):
    values, labels, records, results = erlangen.dask.map_shards(
        client, "moments", manifest, 4, tmp_path / "sharded", **OPTIONS
    )
    assert [result["rows"] for result in results] == [3, 2, 2, 2]
    erlangen.run_shard("moments", manifest, "0/1", tmp_path / "single", **OPTIONS)
    expected, expected_labels, expected_records = erlangen.read_shards(tmp_path / "single")
    assert values.tobytes() == expected.tobytes()
    assert labels == expected_labels
    assert [(r["index"], r["status"]) for r in records] == [(r["index"], r["status"]) for r in expected_records]

    again = erlangen.dask.map_shards(client, "moments", manifest, 4, tmp_path / "sharded", **OPTIONS)
    assert all(result["skipped"] for result in again[3])


def test_map_images_dense(client, examples):
    paths = [examples / "coins.png", examples / "horse.png", examples / "camera.png"]
    options = {"scales": "8,16", "stride": 4}
    values, labels, _ = erlangen.dask.map_images(client, paths, "dense", chunk_size=1, **options)
    expected, _, _ = erlangen.batch_features(paths, "dense", **options)
    assert values.tobytes() == expected.tobytes()


def test_invalid_option_raises_before_tasks(client, manifest):
    with pytest.raises(ValueError, match="max_ordr"):
        erlangen.dask.map_images(client, ["x.png"], "moments", max_ordr=3)
