"""Global moments, invariants, image input and errors through the Python module."""

import json
import subprocess
import threading
import time

import numpy
import pytest

import erlangen


def test_exception_classes():
    assert issubclass(erlangen.InvalidArgument, ValueError)
    assert issubclass(erlangen.IoError, OSError)
    assert issubclass(erlangen.LimitExceeded, ValueError)
    for error in (erlangen.InvalidArgument, erlangen.IoError, erlangen.LimitExceeded):
        assert issubclass(error, erlangen.Error)


def test_read_image_missing_file(tmp_path):
    missing = tmp_path / "none.png"
    with pytest.raises(OSError) as caught:
        erlangen.read_image(missing)
    assert isinstance(caught.value, erlangen.IoError)
    assert str(missing) in str(caught.value)


def test_read_image_pixel_limit(examples):
    with pytest.raises(erlangen.LimitExceeded, match="max_pixels"):
        erlangen.read_image(examples / "camera.png", max_pixels=1000)


def test_read_image_shapes(examples):
    grey = erlangen.read_image(examples / "camera.png")
    assert grey.shape == (512, 512)
    assert grey.dtype == numpy.float32
    colour = erlangen.read_image(examples / "astronaut.png")
    assert colour.shape == (512, 512, 3)
    assert colour.flags.c_contiguous
    assert colour.min() >= 0.0
    assert colour.max() <= 1.0


def test_to_grey_matches_read_image_grey(examples):
    colour = erlangen.read_image(examples / "astronaut.png")
    grey = erlangen.read_image(examples / "astronaut.png", grey=True)
    # Both apply the BT.601 weights to the same float32 samples; the module sums in double and
    # rounds once, the reader in float, so they differ by float32 rounding only.
    numpy.testing.assert_allclose(erlangen.to_grey(colour), grey, rtol=0, atol=1e-6)


def test_to_grey_dtypes_and_alpha():
    rgba = numpy.zeros((2, 3, 4), numpy.uint8)
    rgba[0, 0] = (255, 0, 0, 255)  # opaque red
    rgba[0, 1] = (0, 0, 0, 0)  # transparent: white background shows
    rgba[0, 2] = (0, 0, 0, 51)  # 20 % black over white
    grey = erlangen.to_grey(rgba)
    assert grey.dtype == numpy.float32
    # Expected values from the definitions: luma 0.299 for red, 1 for white, 0.8 for 20 % black;
    # float32 output, so 1e-6 absolute.
    assert grey[0, 0] == pytest.approx(0.299, abs=1e-6)
    assert grey[0, 1] == pytest.approx(1.0, abs=1e-6)
    assert grey[0, 2] == pytest.approx(0.8, abs=1e-6)
    assert erlangen.to_grey(numpy.full((2, 2), 65535, numpy.uint16))[0, 0] == pytest.approx(1.0, abs=1e-7)
    assert erlangen.to_grey(numpy.full((2, 2), 51, numpy.uint8))[1, 1] == pytest.approx(0.2, abs=1e-7)


def test_to_grey_rejects_bad_input():
    with pytest.raises(ValueError, match="dtype"):
        erlangen.to_grey(numpy.zeros((4, 4), numpy.int32))
    with pytest.raises(ValueError, match="shape"):
        erlangen.to_grey(numpy.zeros((4, 4, 5), numpy.float32))
    bad = numpy.zeros((4, 4), numpy.float64)
    bad[1, 2] = numpy.nan
    with pytest.raises(ValueError, match="finite"):
        erlangen.to_grey(bad)
    with pytest.raises(ValueError, match="numpy array"):
        erlangen.to_grey([[0.0, 1.0]])


def test_moment_plan_matches_readme_value(examples):
    # The README shows this value from `erlangen moments examples/camera.png -K 4`.
    image = erlangen.read_image(examples / "camera.png", grey=True)
    moments = erlangen.moments(image, max_order=4)
    # Same float32 input and code path as the CLI; 1e-12 leaves room for summation order only.
    assert moments.at(0, 0).real == pytest.approx(0.4854412859605831, abs=1e-12)
    assert moments.orders.shape == (len(moments), 2)


def test_moments_match_cli(examples, cli, tmp_path):
    if cli is None:
        pytest.skip("the erlangen command-line tool is not built")
    output = tmp_path / "moments.json"
    subprocess.run(
        [cli, "moments", str(examples / "coins.png"), "-f", "pzm", "-K", "8", "--downsample", "2", "-q", "-o", str(output)],
        check=True,
    )
    document = json.loads(output.read_text())
    moments = erlangen.moments(erlangen.read_image(examples / "coins.png", grey=True), "pzm", 8, downsample=2)
    expected = numpy.array([entry["real"] + 1j * entry["imag"] for entry in document["moments"]])
    numpy.testing.assert_array_equal(moments.orders, [[entry["n"], entry["m"]] for entry in document["moments"]])
    # JSON carries 17 significant digits, which reproduce the doubles exactly.
    numpy.testing.assert_array_equal(moments.values, expected)


def test_apply_accepts_every_dtype(camera256):
    plan = erlangen.MomentPlan(256, "zernike", 12)
    reference = plan.apply(camera256).values
    as_double = plan.apply(camera256.astype(numpy.float64)).values
    # float64 input runs the double kernel on the same values: rounding-level differences.
    numpy.testing.assert_allclose(as_double, reference, rtol=0, atol=1e-9)
    as_bytes = numpy.round(camera256 * 255).astype(numpy.uint8)
    from_bytes = plan.apply(as_bytes).values
    expected = plan.apply(as_bytes.astype(numpy.float32) / numpy.float32(255)).values
    numpy.testing.assert_allclose(from_bytes, expected, rtol=0, atol=1e-9)
    strided = numpy.asfortranarray(camera256)
    numpy.testing.assert_allclose(plan.apply(strided).values, reference, rtol=0, atol=1e-12)


def test_apply_rejects_non_finite(camera256):
    plan = erlangen.MomentPlan(256, "zernike", 8)
    for dtype in (numpy.float32, numpy.float64):
        image = camera256.astype(dtype)
        image[3, 4] = numpy.inf
        with pytest.raises(erlangen.InvalidArgument):
            plan.apply(image)


def test_moment_set_labels(camera256):
    moments = erlangen.MomentPlan(256, "pzm", 3).apply(camera256)
    labels = moments.labels
    assert len(labels) == len(moments)
    assert [[label["n"], label["m"]] for label in labels] == moments.orders.tolist()
    assert labels[0]["kind"] == "moment"
    assert labels[0]["family"] == "PZM"


def test_apply_rejects_wrong_size(camera):
    plan = erlangen.MomentPlan(256, "zernike", 8)
    with pytest.raises(erlangen.InvalidArgument):
        plan.apply(camera)


def test_order_above_limit_is_value_error():
    with pytest.raises(ValueError, match="max_order|order"):
        erlangen.MomentPlan(32, "zernike", 200)


def test_magnitudes_rotation_invariant(camera256):
    plan = erlangen.MomentPlan(256, "zernike", 16)
    values, labels = erlangen.magnitudes(plan.apply(camera256))
    rotated, _ = erlangen.magnitudes(plan.apply(numpy.ascontiguousarray(numpy.rot90(camera256))))
    # Quarter turns permute the pixels exactly, so only rounding separates the magnitudes.
    numpy.testing.assert_allclose(rotated, values, rtol=1e-9, atol=1e-12)
    assert all(label["m"] >= 0 for label in labels)
    assert set(labels[0]) == {"family", "n", "m", "scale", "kind", "path"}
    assert labels[0]["family"] == "ZM"
    assert labels[0]["kind"] == "magnitude"


def test_symmetrised_magnitudes_flip_invariant(camera256):
    plan = erlangen.MomentPlan(256, "pcet", 6)
    values, labels = erlangen.symmetrised_magnitudes(plan.apply(camera256))
    flipped, _ = erlangen.symmetrised_magnitudes(plan.apply(numpy.ascontiguousarray(camera256[:, ::-1])))
    # A mirror flip permutes the pixels exactly.
    numpy.testing.assert_allclose(flipped, values, rtol=1e-9, atol=1e-12)
    plain, _ = erlangen.magnitudes(plan.apply(camera256))
    plain_flipped, _ = erlangen.magnitudes(plan.apply(numpy.ascontiguousarray(camera256[:, ::-1])))
    # PCET has complex radial functions: plain magnitudes are not flip invariant.
    assert numpy.max(numpy.abs(plain - plain_flipped)) > 1e-4
    assert labels[0]["kind"] == "symmetrised-magnitude"


def test_phase_cancelled_rotation_invariant(camera256):
    plan = erlangen.MomentPlan(256, "zernike", 10)
    values, labels, reference = erlangen.phase_cancelled(plan.apply(camera256))
    rotated, _, _ = erlangen.phase_cancelled(plan.apply(numpy.ascontiguousarray(numpy.rot90(camera256, 2))), reference)
    # Exact rotation by 180 degrees; rounding only.
    numpy.testing.assert_allclose(rotated, values, rtol=1e-8, atol=1e-10)
    assert {label["kind"] for label in labels} == {"phase-cancelled-real", "phase-cancelled-imag"}


def test_phase_cancelled_rejects_symmetric_image():
    y, x = numpy.mgrid[-1:1:64j, -1:1:64j]
    disk = (x * x + y * y < 0.5).astype(numpy.float32)
    plan = erlangen.MomentPlan(64, "zernike", 6)
    with pytest.raises(ValueError):
        erlangen.phase_cancelled(plan.apply(disk), 1)


def test_hu_moments_flip_changes_phi7(camera256):
    values, labels = erlangen.hu_moments(camera256)
    flipped, _ = erlangen.hu_moments(numpy.ascontiguousarray(camera256[::-1, :]))
    # Exact pixel permutation: phi1..phi6 equal, phi7 changes sign (rounding only).
    numpy.testing.assert_allclose(flipped[:6], values[:6], rtol=1e-9)
    assert flipped[6] == pytest.approx(-values[6], rel=1e-9)
    assert [label["n"] for label in labels] == list(range(1, 8))


def test_invariants_hu_matches_hu_moments(camera):
    values, _ = erlangen.invariants(camera, "hu")
    direct, _ = erlangen.hu_moments(camera.astype(numpy.float64))
    numpy.testing.assert_allclose(values, direct, rtol=1e-12)


def test_reconstruct_improves_with_order(camera256):
    errors = []
    for order in (4, 16):
        plan = erlangen.MomentPlan(256, "zernike", order)
        image = plan.reconstruct(plan.apply(camera256))
        assert image.shape == (256, 256)
        assert image.dtype == numpy.float64
        y, x = numpy.mgrid[0:256, 0:256]
        inside = (x - 127.5) ** 2 + (y - 127.5) ** 2 < 120**2
        errors.append(numpy.mean((image[inside] - camera256[inside]) ** 2))
    assert errors[1] < 0.7 * errors[0]


def test_long_call_releases_gil(camera256):
    plan = erlangen.LocalMomentPlan((256, 256), "pct")
    image = numpy.ascontiguousarray(camera256)
    ticks = 0
    finished = threading.Event()

    def work():
        plan.pooled(image, "mean")  # one call of about 0.2 s to 0.4 s on 2 cores
        finished.set()

    thread = threading.Thread(target=work)
    start = time.perf_counter()
    thread.start()
    while not finished.is_set():
        ticks += 1
        time.sleep(0.0005)
    thread.join()
    elapsed = time.perf_counter() - start
    # With the GIL held for the whole call this loop could tick only before and after it (at most
    # about 2 ticks); with the GIL released it ticks about once per millisecond during the call.
    assert elapsed > 0.05, "the call finished too fast for the check to mean anything"
    assert ticks >= 20


def test_threads_give_same_values(camera256):
    plan = erlangen.MomentPlan(256, "pzm", 12)
    expected = plan.apply(camera256).values
    results = [None] * 4

    def run(slot):
        results[slot] = plan.apply(camera256).values

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for values in results:
        numpy.testing.assert_array_equal(values, expected)


def test_set_num_threads_validates():
    with pytest.raises(ValueError):
        erlangen.set_num_threads(-1)
    saved = erlangen.get_num_threads()
    erlangen.set_num_threads(1)
    assert erlangen.get_num_threads() == 1
    erlangen.set_num_threads(saved)
