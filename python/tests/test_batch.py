"""Batch features and shards: the engine that `erlangen batch` shares with the module."""

import json
import os
import subprocess

import numpy
import pytest

import erlangen

OPTIONS = {"max_order": 12, "downsample": 2}


def test_batch_features_match_single_calls(examples):
    paths = [examples / "camera.png", examples / "coins.png", examples / "horse.png"]
    values, labels, records = erlangen.batch_features(paths, "moments", **OPTIONS)
    assert values.shape == (3, len(labels))
    assert [record["status"] for record in records] == ["ok", "ok", "ok"]
    for row, path in enumerate(paths):
        image = erlangen.read_image(path, grey=True)
        expected, expected_labels = erlangen.invariants(image, "magnitude", max_order=12, downsample=2)
        # The same code on the same pixels; only the OpenMP schedule differs, which does not enter.
        numpy.testing.assert_array_equal(values[row], expected)
    assert labels == expected_labels


def test_batch_records_failed_images(examples, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    paths = [examples / "camera.png", tmp_path / "missing.png", broken]
    values, labels, records = erlangen.batch_features(paths, "moments", invariants="hu")
    assert len(labels) == 7
    assert records[0]["status"] == "ok"
    assert numpy.isfinite(values[0]).all()
    for row in (1, 2):
        assert records[row]["status"] == "error"
        assert records[row]["error_type"] == "IoError"
        assert str(paths[row]) in records[row]["error"]
        assert numpy.isnan(values[row]).all()


def test_batch_rejects_unknown_option():
    with pytest.raises(ValueError, match="max_ordr"):
        erlangen.batch_features([], "moments", max_ordr=3)
    with pytest.raises(ValueError, match="unknown"):
        erlangen.batch_features([], "sift")
    with pytest.raises(ValueError, match="reference_order"):
        erlangen.batch_features([], "moments", invariants="complete")
    with pytest.raises(ValueError, match="spatial"):
        erlangen.batch_features([], "dense", spatial="median")


def test_dense_batch_summarises_pooled_maps(examples):
    path = examples / "coins.png"
    values, labels, _ = erlangen.batch_features([path], "dense", scales="8,16", stride=4, spatial="mean,max")
    maps, map_labels = erlangen.dense(erlangen.read_image(path, grey=True), scales="8,16", stride=4)
    channels = maps.shape[2]
    assert len(labels) == 2 * channels
    # The batch computes the maps in double precision and summarises them; the float32 maps of
    # dense() agree to float32 rounding.
    numpy.testing.assert_allclose(values[0, :channels], maps.reshape(-1, channels).mean(axis=0), rtol=1e-5)
    numpy.testing.assert_allclose(values[0, channels:], maps.reshape(-1, channels).max(axis=0), rtol=1e-5)
    assert labels[0]["kind"] == map_labels[0]["kind"] + ", spatial mean"


def test_shards_merge_to_single_run(manifest, tmp_path):
    single = tmp_path / "single"
    sharded = tmp_path / "sharded"
    erlangen.run_shard("moments", manifest, "0/1", single, **OPTIONS)
    for index in range(3):
        result = erlangen.run_shard("moments", manifest, f"{index}/3", sharded, **OPTIONS)
        assert not result["skipped"]
    whole, labels, records = erlangen.read_shards(single)
    merged, merged_labels, merged_records = erlangen.read_shards(sharded)
    assert whole.shape == (9, len(labels))
    assert merged.tobytes() == whole.tobytes()
    assert merged_labels == labels
    assert [(r["index"], r["path"], r["status"]) for r in merged_records] == [
        (r["index"], r["path"], r["status"]) for r in records
    ]
    assert records[6]["status"] == "error"
    assert records[6]["error_type"] == "IoError"
    # Entries 1 and 8 are different images; entries 2 and 7 are the same file.
    numpy.testing.assert_array_equal(whole[2], whole[7])
    assert numpy.isnan(whole[6]).all()


def test_shard_files_and_resume(manifest, tmp_path):
    out = tmp_path / "out"
    first = erlangen.run_shard("moments", manifest, "1/2", out, **OPTIONS)
    stem = erlangen.shard_stem("1/2")
    assert stem == "shard-00001-of-00002"
    assert sorted(os.listdir(out)) == [stem + ".json", stem + ".jsonl", stem + ".npy"]
    marker = json.loads((out / (stem + ".json")).read_text())
    assert marker["rows"] == 4
    assert marker["shards"] == 2
    assert marker["failed"] == 0
    assert [json.loads(line)["index"] for line in (out / (stem + ".jsonl")).read_text().splitlines()] == [1, 3, 5, 7]
    assert first["rows"] == 4

    again = erlangen.run_shard("moments", manifest, "1/2", out, **OPTIONS)
    assert again["skipped"]

    # An interrupted run leaves no marker: the shard is computed again.
    (out / (stem + ".json")).unlink()
    (out / (stem + ".npy")).write_bytes(b"partial")
    redone = erlangen.run_shard("moments", manifest, "1/2", out, **OPTIONS)
    assert not redone["skipped"]
    assert numpy.load(out / (stem + ".npy")).shape == (4, marker["columns"])

    with pytest.raises(erlangen.InvalidArgument, match="options"):
        erlangen.run_shard("moments", manifest, "1/2", out, max_order=10)


def test_shard_spec_validation(manifest, tmp_path):
    for spec in ("2/2", "1", "a/3", "-1/2", "0/0"):
        with pytest.raises(ValueError, match="--shard"):
            erlangen.run_shard("moments", manifest, spec, tmp_path)


def test_cli_shard_is_byte_identical(manifest, tmp_path, cli):
    if cli is None:
        pytest.skip("the erlangen command-line tool is not built")
    python_out = tmp_path / "python"
    cli_out = tmp_path / "cli"
    erlangen.run_shard("moments", manifest, "0/2", python_out, **OPTIONS)
    completed = subprocess.run(
        [cli, "batch", "moments", "--manifest", str(manifest), "--shard", "0/2", "--out", str(cli_out),
         "--max-order", "12", "--downsample", "2", "--threads", "2"],
        check=True, capture_output=True, text=True,
    )
    assert "0/2: 5 images, 1 failed" in completed.stderr
    stem = erlangen.shard_stem("0/2")
    for suffix in (".npy", ".jsonl"):
        assert (python_out / (stem + suffix)).read_bytes() == (cli_out / (stem + suffix)).read_bytes()
    python_marker = json.loads((python_out / (stem + ".json")).read_text())
    cli_marker = json.loads((cli_out / (stem + ".json")).read_text())
    assert python_marker == cli_marker

    rerun = subprocess.run(
        [cli, "batch", "moments", "--manifest", str(manifest), "--shard", "0/2", "--out", str(cli_out),
         "--max-order", "12", "--downsample", "2"],
        check=True, capture_output=True, text=True,
    )
    assert "skipped" in rerun.stderr
