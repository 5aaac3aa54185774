"""Dense local moments and copy-move detection through the Python module."""

import json
import subprocess

import numpy
import pytest

import erlangen


def test_pooled_shape_and_labels(camera256):
    plan = erlangen.LocalMomentPlan((256, 256), "pct", "n+m<=3", "8,16,24", stride=4)
    maps, labels = plan.pooled(camera256, "mean")
    rows, cols = plan.output_shape
    assert maps.shape == (rows, cols, 10)
    assert maps.dtype == numpy.float32
    assert len(labels) == 10
    assert labels[0]["kind"] == "mean-pooled magnitude"
    assert plan.scales == [8, 16, 24]
    assert plan.centre(0, 0) == (11.5, 11.5)


def test_pooled_matches_cli_npy(examples, cli, tmp_path):
    if cli is None:
        pytest.skip("the erlangen command-line tool is not built")
    output = tmp_path / "maps.npy"
    subprocess.run(
        [cli, "dense", str(examples / "coins.png"), "--scales", "8,12,16", "--stride", "3", "-q", "-o", str(output)],
        check=True,
    )
    expected = numpy.load(output)
    image = erlangen.read_image(examples / "coins.png", grey=True)
    maps, labels = erlangen.dense(image, scales="8,12,16", stride=3)
    # Same float32 image, options and code: the maps are identical.
    numpy.testing.assert_array_equal(maps, expected)
    sidecar = json.loads((tmp_path / "maps.npy.json").read_text())
    assert [(label["n"], label["m"]) for label in labels] == [(c["n"], c["m"]) for c in sidecar["channels"]]


def test_magnitudes_rotate_with_image(camera256):
    plan = erlangen.LocalMomentPlan((256, 256), "zernike", "zernike<=4", "9,13")
    maps, _ = plan.magnitudes(camera256)
    turned, _ = plan.magnitudes(numpy.ascontiguousarray(numpy.rot90(camera256)))
    # A quarter turn is exact on the grid; float32 output limits the agreement to about 1e-6
    # relative, and small magnitudes to 1e-6 absolute.
    numpy.testing.assert_allclose(turned, numpy.rot90(maps), rtol=1e-4, atol=1e-6)


def test_apply_is_complex_and_consistent(camera256):
    image = numpy.ascontiguousarray(camera256[:64, :64])
    plan = erlangen.LocalMomentPlan((64, 64), "pct", "n+m<=2", "8,12")
    moments, labels = plan.apply(image)
    assert moments.dtype == numpy.complex128
    assert moments.shape == (*plan.output_shape, plan.channels)
    magnitudes, _ = plan.magnitudes(image)
    # magnitudes() is float32 of the same complex values.
    numpy.testing.assert_allclose(magnitudes, numpy.abs(moments), rtol=1e-5, atol=1e-7)
    assert labels[0]["scale"] == 8.0


def test_fft_matches_direct(camera256):
    image = numpy.ascontiguousarray(camera256[:48, :48])
    fft = erlangen.LocalMomentPlan((48, 48), "pct", "n+m<=2", "6,10", method="fft")
    direct = erlangen.LocalMomentPlan((48, 48), "pct", "n+m<=2", "6,10", method="direct")
    assert fft.method == "fft"
    assert direct.method == "direct"
    # FFT correlation in double precision against the spatial sums: rounding of the transforms.
    numpy.testing.assert_allclose(fft.apply(image)[0], direct.apply(image)[0], rtol=0, atol=1e-10)


def test_dense_rejects_bad_options(camera256):
    with pytest.raises(ValueError, match="parity|odd|even"):
        erlangen.LocalMomentPlan((256, 256), "pct", None, "8,9")
    with pytest.raises(ValueError, match="stride"):
        erlangen.LocalMomentPlan((256, 256), stride=0)
    with pytest.raises(ValueError, match="memory_budget"):
        erlangen.dense(camera256, memory_budget=0)
    plan = erlangen.LocalMomentPlan((64, 64), scales="8")
    with pytest.raises(ValueError):
        plan.pooled(camera256, "mean")


def test_detect_copy_move_finds_pasted_block(camera):
    image = numpy.array(camera[128:384, 128:384])
    image[150:214, 160:224] = image[20:84, 30:94]
    result = erlangen.detect_copy_move(image, min_region=500)
    assert result["detected"]
    mask = result["mask"]
    assert mask.shape == image.shape
    assert mask.dtype == numpy.uint8
    # Both the source and the copy are marked: most of each 64 x 64 block.
    assert mask[20:84, 30:94].mean() > 0.5
    assert mask[150:214, 160:224].mean() > 0.5
    assert mask[:, 240:].mean() < 0.05
    assert result["pairs"], "a region pair links source and copy"
    pair = result["pairs"][0]
    # The copy is a pure translation by (130, 130) pixels (col, row); the fitted rotation is
    # about 0 and the scale about 1, with the residual of the affine fit.
    assert abs(pair["transform"]["rotation_degrees"]) < 2.0
    assert pair["transform"]["scale"] == pytest.approx(1.0, abs=0.02)
    assert result["labels"].dtype == numpy.int32


def test_detect_copy_move_cli_options(camera):
    image = numpy.array(camera[128:384, 128:384])
    image[150:214, 160:224] = image[20:84, 30:94]
    default = erlangen.detect_copy_move(image, min_region=500)
    # The defaults written out give the same mask, and each option reaches the detector.
    spelled = erlangen.detect_copy_move(image, min_region=500, min_texture=0.01, rematch="on", refine="on",
                                        pixel_scale="auto", max_work_pixels=16_000_000, exact_init_stride=8)
    assert numpy.array_equal(default["mask"], spelled["mask"])
    assert not default["pairs"][0]["transform"]["mirrored"]
    unrefined = erlangen.detect_copy_move(image, min_region=500, refine="off")
    assert unrefined["mask"].sum() <= default["mask"].sum()
    with pytest.raises(erlangen.LimitExceeded):
        erlangen.detect_copy_move(image, max_work_pixels=1000)


def test_detect_copy_move_clean_image(camera):
    result = erlangen.detect_copy_move(camera[128:384, 128:384])
    assert not result["detected"]
    assert result["mask"].sum() == 0
    assert result["message"]


def test_detect_copy_move_rejects_options(camera):
    with pytest.raises(ValueError, match="iterations"):
        erlangen.detect_copy_move(camera, iterations=-1)
    with pytest.raises(ValueError):
        erlangen.detect_copy_move(camera, features="sift")
