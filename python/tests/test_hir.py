"""Hierarchical invariant features and BatchExtractor through the Python module."""

import subprocess

import numpy
import pytest

import erlangen


@pytest.fixture(scope="module")
def square(camera):
    """camera.png averaged over 4 x 4 blocks: 128 x 128 float32."""
    return numpy.ascontiguousarray(camera.reshape(128, 4, 128, 4).mean(axis=(1, 3)), numpy.float32)


def test_hir_mean_invariant_to_quarter_turns(square):
    values, labels = erlangen.hir(square, max_order=4)
    assert len(labels) == values.size
    assert labels[0]["path"] == "(0,0)"
    for turns in (1, 2, 3):
        turned, _ = erlangen.hir(numpy.ascontiguousarray(numpy.rot90(square, turns)), max_order=4)
        # Exact pixel permutation; the default float32 FFTs leave about 1e-6 relative error.
        numpy.testing.assert_allclose(turned, values, rtol=1e-4, atol=1e-7)
    flipped, _ = erlangen.hir(numpy.ascontiguousarray(square[:, ::-1]), max_order=4)
    numpy.testing.assert_allclose(flipped, values, rtol=1e-4, atol=1e-7)


def test_hir_positively_homogeneous(square):
    values, _ = erlangen.hir(square, max_order=3, precision="float64")
    doubled, _ = erlangen.hir(square * numpy.float32(2), max_order=3, precision="float64")
    # Every layer is a modulus of a linear map, so 2 f gives exactly twice the features up to rounding.
    numpy.testing.assert_allclose(doubled, 2 * values, rtol=1e-10)


def test_hir_plan_matches_one_call(square):
    plan = erlangen.HirPlan(square.shape, max_order=3, depth=2, side=8)
    values, labels = plan.apply(square)
    direct, direct_labels = erlangen.hir(square, max_order=3, depth=2, side=8)
    numpy.testing.assert_array_equal(values, direct)
    assert labels == direct_labels
    assert plan.feature_count == values.size
    assert plan.paths[0] == "(0,0)@8"
    matrix, _ = plan.apply_many([square, numpy.ascontiguousarray(square.T)])
    assert matrix.shape == (2, values.size)
    # apply_many runs each image on one thread; the per-path sums are the same.
    numpy.testing.assert_allclose(matrix[0], values, rtol=1e-6)


def test_hir_plan_rejects_bad_options(square):
    with pytest.raises(ValueError, match="resize"):
        erlangen.HirPlan(square.shape, resize=64)
    with pytest.raises(ValueError, match="depth"):
        erlangen.HirPlan(square.shape, depth=9)
    with pytest.raises(ValueError):
        erlangen.HirPlan((8, 8), side=10, depth=2)
    with pytest.raises(ValueError, match="preset|digits"):
        erlangen.hir(square, preset="faces")


def test_batch_hir_preset_matches_hir(examples):
    paths = [examples / "coins.png", examples / "horse.png"]
    extractor = erlangen.BatchExtractor("hir", preset="digits")
    assert extractor.options["preprocess"]["resize"] == 40
    values, records = extractor.compute(paths)
    assert [record["status"] for record in records] == ["ok", "ok"]
    for row, path in enumerate(paths):
        expected, _ = erlangen.hir(erlangen.read_image(path, grey=True), preset="digits")
        # Same preprocessing and plan; inside the batch each image runs on one thread, which does
        # not change the per-path sums beyond rounding.
        numpy.testing.assert_allclose(values[row], expected, rtol=1e-6)
        numpy.testing.assert_array_equal(extractor.compute_image(erlangen.read_image(path, grey=True)), values[row])


def test_cli_batch_hir_matches_python(examples, tmp_path, cli):
    if cli is None:
        pytest.skip("the erlangen command-line tool is not built")
    manifest = tmp_path / "list.txt"
    manifest.write_text(f"{examples / 'coins.png'}\n{examples / 'camera.png'}\n")
    subprocess.run(
        [cli, "batch", "hir", "--manifest", str(manifest), "--out", str(tmp_path / "cli"), "--resize", "64",
         "-K", "3", "-S", "8", "--quiet"],
        check=True,
    )
    erlangen.run_shard("hir", manifest, "0/1", tmp_path / "python", resize=64, max_order=3, side=[8])
    stem = erlangen.shard_stem("0/1")
    assert (tmp_path / "cli" / (stem + ".npy")).read_bytes() == (tmp_path / "python" / (stem + ".npy")).read_bytes()
    values, labels, _ = erlangen.read_shards(tmp_path / "cli")
    assert values.shape == (2, len(labels))
    assert numpy.isfinite(values).all()


def test_digits_rot_preset_adds_orbit_average(square):
    digit = numpy.ascontiguousarray(square[::4, ::4])
    rot, labels = erlangen.hir(digit, preset="digits-rot")
    averaged, _ = erlangen.hir(digit, preset="digits-hq", orbit_rotations=4)
    numpy.testing.assert_array_equal(rot, averaged)
    plain, _ = erlangen.hir(digit, preset="digits-hq")
    assert not numpy.allclose(rot, plain, rtol=1e-3)
    # An explicit option overrides the preset's orbit average.
    single, _ = erlangen.hir(digit, preset="digits-rot", orbit_rotations=1)
    numpy.testing.assert_array_equal(single, plain)
    extractor = erlangen.BatchExtractor("hir", preset="digits-rot")
    assert extractor.options["orbit_rotations"] == 4
    numpy.testing.assert_allclose(extractor.compute_image(digit), rot, rtol=1e-6)


def test_hir_orbit_rotations_through_every_entry(square):
    # A 32 px zero border keeps the camera crop (corners 90.5 px from the centre) inside the disk
    # of radius 96 that every rotation of the orbit keeps in the frame.
    padded = numpy.ascontiguousarray(numpy.pad(square, 32))
    plain, _ = erlangen.hir(padded, max_order=3, side=8)
    orbit, labels = erlangen.hir(padded, max_order=3, side=8, orbit_rotations=2)
    assert len(labels) == orbit.size
    # The 45-degree copy changes the features, so the option reached the extractor.
    assert not numpy.allclose(orbit, plain, rtol=1e-3)
    plan_values, _ = erlangen.HirPlan(padded.shape, max_order=3, side=8, orbit_rotations=2).apply(padded)
    numpy.testing.assert_array_equal(plan_values, orbit)
    extractor = erlangen.BatchExtractor("hir", max_order=3, side=[8], orbit_rotations=2)
    assert extractor.options["orbit_rotations"] == 2
    # compute_image runs on one thread, which changes the per-path sums by rounding only.
    numpy.testing.assert_allclose(extractor.compute_image(padded), orbit, rtol=1e-6)
    # The orbit average stays exactly invariant to quarter turns, a pixel permutation, up to the
    # rounding of float32 FFTs.
    turned, _ = erlangen.hir(numpy.ascontiguousarray(numpy.rot90(padded)), max_order=3, side=8, orbit_rotations=2)
    numpy.testing.assert_allclose(turned, orbit, rtol=1e-4, atol=1e-7)
    for bad in (0, 17):
        with pytest.raises(ValueError, match="orbit_rotations"):
            erlangen.HirPlan(padded.shape, orbit_rotations=bad)
