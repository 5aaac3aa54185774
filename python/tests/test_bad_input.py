"""Bad arguments to every public function and class: each raises the erlangen exception that fits,
with a message naming the argument, and never a bare RuntimeError, MemoryError or a crash.

pybind11 raises TypeError itself for arguments of the wrong Python type, such as a str for an int,
an int beyond 64 bits or a path with a NUL byte. Those cases are checked to stay TypeError.
"""

import json

import numpy
import pytest

import erlangen

RNG = numpy.random.default_rng(7)
IMAGE = RNG.random((32, 32), dtype=numpy.float32)


def with_nan(image):
    copy = image.copy()
    copy[3, 3] = numpy.nan
    return copy


# Image arrays that every function taking an image must reject, with the word the message names.
BAD_IMAGES = [
    ("nan", with_nan(IMAGE), erlangen.InvalidArgument, "nan"),
    ("inf", numpy.full((32, 32), numpy.inf), erlangen.InvalidArgument, "inf"),
    ("empty", numpy.zeros((0, 32), numpy.float32), erlangen.InvalidArgument, "image shape"),
    ("zero_size_colour", numpy.zeros((32, 0, 3), numpy.uint8), erlangen.InvalidArgument, "image shape"),
    ("scalar", numpy.array(1.0), erlangen.InvalidArgument, "image shape"),
    ("four_axes", numpy.zeros((2, 32, 32, 1), numpy.float32), erlangen.InvalidArgument, "image shape"),
    ("five_channels", numpy.zeros((32, 32, 5), numpy.float32), erlangen.InvalidArgument, "image shape"),
    ("bool", numpy.zeros((32, 32), bool), erlangen.InvalidArgument, "image dtype"),
    ("int64", numpy.zeros((32, 32), numpy.int64), erlangen.InvalidArgument, "image dtype"),
    ("float16", numpy.zeros((32, 32), numpy.float16), erlangen.InvalidArgument, "image dtype"),
    ("complex", numpy.zeros((32, 32), complex), erlangen.InvalidArgument, "image dtype"),
    ("object", numpy.zeros((32, 32), object), erlangen.InvalidArgument, "image dtype"),
    ("list", [[0.5] * 32] * 32, erlangen.InvalidArgument, "numpy array"),
    ("none", None, erlangen.InvalidArgument, "numpy array"),
]

# Every public callable that takes one image, with its other arguments fixed.
IMAGE_TAKERS = [
    ("to_grey", lambda image: erlangen.to_grey(image)),
    ("hu_moments", lambda image: erlangen.hu_moments(image)),
    ("moments", lambda image: erlangen.moments(image, max_order=4)),
    ("invariants", lambda image: erlangen.invariants(image, "magnitude", max_order=4)),
    ("MomentPlan.apply", lambda image: erlangen.MomentPlan(32, max_order=4).apply(image)),
    ("MomentPlan.invariants", lambda image: erlangen.MomentPlan(32, max_order=4).invariants(image)),
    ("LocalMomentPlan.apply", lambda image: erlangen.LocalMomentPlan((32, 32), scales="8").apply(image)),
    ("LocalMomentPlan.magnitudes", lambda image: erlangen.LocalMomentPlan((32, 32), scales="8").magnitudes(image)),
    ("LocalMomentPlan.pooled", lambda image: erlangen.LocalMomentPlan((32, 32), scales="8").pooled(image)),
    ("dense", lambda image: erlangen.dense(image, scales="8")),
    ("detect_copy_move", lambda image: erlangen.detect_copy_move(image)),
    ("HirPlan.apply", lambda image: erlangen.HirPlan((32, 32), side=4).apply(image)),
    ("HirPlan.apply_many", lambda image: erlangen.HirPlan((32, 32), side=4).apply_many([IMAGE, image])),
    ("hir", lambda image: erlangen.hir(image, side=4)),
    ("BatchExtractor.compute_image", lambda image: erlangen.BatchExtractor("moments", max_order=4).compute_image(image)),
]


@pytest.mark.parametrize("taker", IMAGE_TAKERS, ids=[name for name, _ in IMAGE_TAKERS])
@pytest.mark.parametrize("bad", BAD_IMAGES, ids=[name for name, *_ in BAD_IMAGES])
def test_bad_image_is_rejected(taker, bad):
    _, call = taker
    _, image, error, word = bad
    with pytest.raises(error) as caught:
        call(image)
    assert word in str(caught.value)


@pytest.mark.parametrize("taker", IMAGE_TAKERS, ids=[name for name, _ in IMAGE_TAKERS])
def test_strided_and_big_endian_images_are_accepted(taker):
    _, call = taker
    # A non-contiguous view and a byte-swapped copy hold the same pixels as the contiguous array.
    base = numpy.zeros((64, 96), numpy.float32)
    base[::2, ::3] = IMAGE
    strided = base[::2, ::3]
    assert not strided.flags["C_CONTIGUOUS"]
    call(strided)
    call(IMAGE.astype(">f4"))
    call(numpy.asfortranarray(IMAGE))


def test_strided_image_gives_same_values():
    base = numpy.zeros((64, 96), numpy.float32)
    base[::2, ::3] = IMAGE
    expected, _ = erlangen.invariants(IMAGE, max_order=4)
    values, _ = erlangen.invariants(base[::2, ::3], max_order=4)
    numpy.testing.assert_array_equal(values, expected)


# (name, call, exception, words that the message must contain)
CASES = [
    # read_image
    ("read_image_missing", lambda: erlangen.read_image("/nonexistent/x.png"), erlangen.IoError, ["/nonexistent/x.png"]),
    ("read_image_folder", lambda p: erlangen.read_image(p), erlangen.IoError, ["directory"]),
    ("read_image_corrupt", lambda p: erlangen.read_image(p / "corrupt.png"), erlangen.IoError, ["corrupt.png"]),
    ("read_image_max_pixels_zero", lambda p: erlangen.read_image(p / "grey.png", max_pixels=0),
     erlangen.InvalidArgument, ["max_pixels"]),
    ("read_image_max_pixels_small", lambda p: erlangen.read_image(p / "grey.png", max_pixels=3),
     erlangen.LimitExceeded, ["max_pixels"]),
    ("read_image_background_nan", lambda p: erlangen.read_image(p / "grey.png", background=(numpy.nan, 0, 0)),
     erlangen.InvalidArgument, ["background"]),
    ("read_image_background_above_one", lambda p: erlangen.read_image(p / "grey.png", background=(5, 0, 0)),
     erlangen.InvalidArgument, ["background"]),
    # threads
    ("set_num_threads_negative", lambda: erlangen.set_num_threads(-1), erlangen.InvalidArgument, ["threads"]),
    ("set_num_threads_huge", lambda: erlangen.set_num_threads(10**6), erlangen.InvalidArgument, ["threads"]),
    # MomentPlan
    ("MomentPlan_size_zero", lambda: erlangen.MomentPlan(0), erlangen.InvalidArgument, ["size"]),
    ("MomentPlan_size_negative", lambda: erlangen.MomentPlan(-5), erlangen.InvalidArgument, ["size"]),
    ("MomentPlan_not_square", lambda: erlangen.MomentPlan((16, 17)), erlangen.InvalidArgument, ["square"]),
    ("MomentPlan_size_huge", lambda: erlangen.MomentPlan(10**7, max_order=2), erlangen.LimitExceeded,
     ["memory_budget"]),
    ("MomentPlan_size_2_62", lambda: erlangen.MomentPlan(2**62, max_order=2), erlangen.InvalidArgument,
     ["max_order"]),
    ("MomentPlan_order_negative", lambda: erlangen.MomentPlan(16, max_order=-1), erlangen.InvalidArgument,
     ["max_order"]),
    ("MomentPlan_order_huge", lambda: erlangen.MomentPlan(16, max_order=10**9), erlangen.InvalidArgument,
     ["max_order"]),
    ("MomentPlan_family", lambda: erlangen.MomentPlan(16, family="nope"), erlangen.InvalidArgument, ["nope"]),
    ("MomentPlan_alpha_nan", lambda: erlangen.MomentPlan(16, family="gpcet", max_order=4, alpha=numpy.nan),
     erlangen.InvalidArgument, ["alpha"]),
    ("MomentPlan_p_nan", lambda: erlangen.MomentPlan(16, family="jfm", max_order=4, p=numpy.nan),
     erlangen.InvalidArgument, ["p is nan"]),
    ("MomentPlan_nodes_zero", lambda: erlangen.MomentPlan(16, max_order=4, nodes=0), erlangen.InvalidArgument,
     ["nodes"]),
    ("MomentPlan_nodes_huge", lambda: erlangen.MomentPlan(16, max_order=4, nodes=10**9), erlangen.InvalidArgument,
     ["nodes"]),
    ("MomentPlan_method", lambda: erlangen.MomentPlan(16, max_order=4, method="x"), erlangen.InvalidArgument,
     ["method"]),
    ("MomentPlan_grid", lambda: erlangen.MomentPlan(16, max_order=4, grid="x"), erlangen.InvalidArgument, ["grid"]),
    ("MomentPlan_integration", lambda: erlangen.MomentPlan(16, max_order=4, integration="x"),
     erlangen.InvalidArgument, ["integration"]),
    ("MomentPlan_convention", lambda: erlangen.MomentPlan(16, max_order=4, convention="x"),
     erlangen.InvalidArgument, ["convention"]),
    ("MomentPlan_apply_wrong_size", lambda: erlangen.MomentPlan(16, max_order=4).apply(IMAGE),
     erlangen.InvalidArgument, ["image size"]),
    ("MomentPlan_reconstruct_other_family",
     lambda: erlangen.MomentPlan(32, "pcet", max_order=4).reconstruct(erlangen.MomentPlan(32, max_order=4).apply(IMAGE)),
     erlangen.InvalidArgument, ["PCET"]),
    ("MomentPlan_invariants_kind", lambda: erlangen.MomentPlan(32, max_order=4).invariants(IMAGE, "x"),
     erlangen.InvalidArgument, ["kind"]),
    ("MomentPlan_invariants_reference_negative",
     lambda: erlangen.MomentPlan(32, max_order=4).invariants(IMAGE, "complete", reference_order=-3),
     erlangen.InvalidArgument, ["reference"]),
    # MomentSet and the invariants of a set
    ("MomentSet_at_missing", lambda: erlangen.MomentPlan(32, max_order=4).apply(IMAGE).at(99, 0),
     erlangen.InvalidArgument, ["n=99"]),
    ("phase_cancelled_reference_huge",
     lambda: erlangen.phase_cancelled(erlangen.MomentPlan(32, max_order=4).apply(IMAGE), reference_order=10**6),
     erlangen.InvalidArgument, ["reference"]),
    ("phase_cancelled_threshold_nan",
     lambda: erlangen.phase_cancelled(erlangen.MomentPlan(32, max_order=4).apply(IMAGE), relative_threshold=numpy.nan),
     erlangen.InvalidArgument, ["relative_threshold"]),
    ("phase_cancelled_threshold_negative",
     lambda: erlangen.phase_cancelled(erlangen.MomentPlan(32, max_order=4).apply(IMAGE), relative_threshold=-1),
     erlangen.InvalidArgument, ["relative_threshold"]),
    ("phase_cancelled_threshold_one",
     lambda: erlangen.phase_cancelled(erlangen.MomentPlan(32, max_order=4).apply(IMAGE), relative_threshold=1),
     erlangen.InvalidArgument, ["relative_threshold"]),
    ("phase_cancelled_symmetric_image",
     lambda: erlangen.invariants(numpy.ones((32, 32), numpy.float32), "complete", max_order=4),
     erlangen.InvalidArgument, ["reference"]),
    ("hu_moments_zero_image", lambda: erlangen.hu_moments(numpy.zeros((8, 8))), erlangen.InvalidArgument, ["mass"]),
    ("moments_downsample_zero", lambda: erlangen.moments(IMAGE, downsample=0), erlangen.InvalidArgument,
     ["downsample"]),
    ("moments_downsample_huge", lambda: erlangen.moments(IMAGE, downsample=10**6), erlangen.InvalidArgument,
     ["downsample"]),
    ("moments_order_negative", lambda: erlangen.moments(IMAGE, max_order=-1), erlangen.InvalidArgument,
     ["max_order"]),
    ("invariants_kind", lambda: erlangen.invariants(IMAGE, "x"), erlangen.InvalidArgument, ["kind"]),
    # LocalMomentPlan and dense
    ("LocalMomentPlan_size_zero", lambda: erlangen.LocalMomentPlan((0, 0)), erlangen.InvalidArgument,
     ["image size"]),
    ("LocalMomentPlan_size_negative", lambda: erlangen.LocalMomentPlan((-4, 64)), erlangen.InvalidArgument,
     ["image size"]),
    ("LocalMomentPlan_size_2_62", lambda: erlangen.LocalMomentPlan((2**62, 2**62)), erlangen.InvalidArgument,
     ["image size"]),
    ("LocalMomentPlan_stride", lambda: erlangen.LocalMomentPlan((64, 64), stride=0), erlangen.InvalidArgument,
     ["stride"]),
    ("LocalMomentPlan_memory_budget", lambda: erlangen.LocalMomentPlan((64, 64), memory_budget=0),
     erlangen.InvalidArgument, ["memory_budget"]),
    ("LocalMomentPlan_orders", lambda: erlangen.LocalMomentPlan((64, 64), orders="garbage"),
     erlangen.InvalidArgument, ["garbage"]),
    ("LocalMomentPlan_orders_huge", lambda: erlangen.LocalMomentPlan((64, 64), orders="n+m<=1000"),
     erlangen.InvalidArgument, ["order"]),
    ("LocalMomentPlan_scales_zero", lambda: erlangen.LocalMomentPlan((64, 64), scales="0"),
     erlangen.InvalidArgument, ["window side"]),
    ("LocalMomentPlan_scales_above_image", lambda: erlangen.LocalMomentPlan((16, 16), scales="32"),
     erlangen.InvalidArgument, ["window"]),
    ("LocalMomentPlan_boundary", lambda: erlangen.LocalMomentPlan((64, 64), boundary="x"),
     erlangen.InvalidArgument, ["boundary"]),
    ("LocalMomentPlan_sampling", lambda: erlangen.LocalMomentPlan((64, 64), sampling="x"),
     erlangen.InvalidArgument, ["sampling"]),
    ("LocalMomentPlan_precision", lambda: erlangen.LocalMomentPlan((64, 64), precision="x"),
     erlangen.InvalidArgument, ["precision"]),
    ("LocalMomentPlan_apply_wrong_size", lambda: erlangen.LocalMomentPlan((64, 64), scales="8").apply(IMAGE),
     erlangen.InvalidArgument, ["image size"]),
    ("LocalMomentPlan_pool", lambda: erlangen.LocalMomentPlan((32, 32), scales="8").pooled(IMAGE, "x"),
     erlangen.InvalidArgument, ["pooling"]),
    ("LocalMomentPlan_centre_row", lambda: erlangen.LocalMomentPlan((32, 32), scales="8").centre(-1, 0),
     erlangen.InvalidArgument, ["row"]),
    ("LocalMomentPlan_centre_col", lambda: erlangen.LocalMomentPlan((32, 32), scales="8").centre(0, 10**9),
     erlangen.InvalidArgument, ["col"]),
    ("dense_pool", lambda: erlangen.dense(IMAGE, "x", scales="8"), erlangen.InvalidArgument, ["pooling"]),
    # detect_copy_move
    ("cmfd_features", lambda: erlangen.detect_copy_move(IMAGE, features="x"), erlangen.InvalidArgument, ["x"]),
    ("cmfd_matcher", lambda: erlangen.detect_copy_move(IMAGE, matcher="x"), erlangen.InvalidArgument, ["x"]),
    ("cmfd_iterations", lambda: erlangen.detect_copy_move(IMAGE, iterations=-1), erlangen.InvalidArgument,
     ["iterations"]),
    ("cmfd_exact_init_stride", lambda: erlangen.detect_copy_move(IMAGE, exact_init_stride=65),
     erlangen.InvalidArgument, ["exact_init_stride"]),
    ("cmfd_rematch", lambda: erlangen.detect_copy_move(IMAGE, rematch="yes"), erlangen.InvalidArgument, ["rematch"]),
    ("cmfd_min_texture", lambda: erlangen.detect_copy_move(IMAGE, min_texture=2.0), erlangen.InvalidArgument,
     ["min_texture"]),
    ("cmfd_pixel_scale", lambda: erlangen.detect_copy_move(IMAGE, pixel_scale="2"), erlangen.InvalidArgument,
     ["pixel"]),
    ("cmfd_enlarge_negative", lambda: erlangen.detect_copy_move(IMAGE, enlarge_to=-5), erlangen.InvalidArgument,
     ["enlarge_to"]),
    ("cmfd_enlarge_huge", lambda: erlangen.detect_copy_move(IMAGE, enlarge_to=10**9), erlangen.InvalidArgument,
     ["enlarge_to"]),
    ("cmfd_min_region", lambda: erlangen.detect_copy_move(IMAGE, min_region=-1), erlangen.InvalidArgument,
     ["min_region"]),
    ("cmfd_memory_budget", lambda: erlangen.detect_copy_move(IMAGE, memory_budget=0), erlangen.InvalidArgument,
     ["memory_budget"]),
    # HirPlan and hir
    ("HirPlan_size_zero", lambda: erlangen.HirPlan((0, 0)), erlangen.InvalidArgument, ["image size"]),
    ("HirPlan_size_negative", lambda: erlangen.HirPlan((-1, 5)), erlangen.InvalidArgument, ["image size"]),
    # This size passes the FFT size check; its kernel spectra raised MemoryError (std::bad_alloc) before.
    ("HirPlan_size_huge", lambda: erlangen.HirPlan((32000, 32000)), erlangen.LimitExceeded, ["bytes"]),
    ("HirPlan_size_2_62", lambda: erlangen.HirPlan((2**62, 2**62)), erlangen.InvalidArgument, ["image size"]),
    ("HirPlan_preprocessing_option", lambda: erlangen.HirPlan((32, 32), resize=4), erlangen.InvalidArgument,
     ["resize"]),
    ("HirPlan_option_type", lambda: erlangen.HirPlan((32, 32), family=3), erlangen.InvalidArgument, ["family"]),
    ("HirPlan_option_nan", lambda: erlangen.HirPlan((32, 32), alpha=numpy.nan), erlangen.InvalidArgument,
     ["alpha"]),
    ("HirPlan_depth", lambda: erlangen.HirPlan((32, 32), depth=100), erlangen.InvalidArgument, ["depth"]),
    ("HirPlan_apply_wrong_size", lambda: erlangen.HirPlan((64, 64), side=4).apply(IMAGE), erlangen.InvalidArgument,
     ["64x64"]),
    ("HirPlan_apply_many_wrong_size",
     lambda: erlangen.HirPlan((32, 32), side=4).apply_many([numpy.zeros((8, 8), numpy.float32)]),
     erlangen.InvalidArgument, ["image 0"]),
    ("hir_resize_negative", lambda: erlangen.hir(IMAGE, resize=-1), erlangen.InvalidArgument, ["resize"]),
    ("hir_resize_huge", lambda: erlangen.hir(IMAGE, resize=10**6), erlangen.InvalidArgument, ["resize"]),
    # A resize side within the option's range, but too large for the kernel spectra: rejected before
    # the preprocessing allocates a 30000 x 30000 image.
    ("hir_resize_large", lambda: erlangen.hir(IMAGE, resize=30000), erlangen.LimitExceeded, ["bytes"]),
    ("hir_sigma_nan", lambda: erlangen.hir(IMAGE, sigma=numpy.nan), erlangen.InvalidArgument, ["sigma"]),
    ("hir_preset", lambda: erlangen.hir(IMAGE, preset="x"), erlangen.InvalidArgument, ["preset"]),
    ("hir_tiny_image", lambda: erlangen.hir(numpy.zeros((1, 1), numpy.float32)), erlangen.InvalidArgument,
     ["receptive field"]),
    # BatchExtractor options: the values go through JSON to the option reader
    ("BatchExtractor_feature", lambda: erlangen.BatchExtractor("sift"), erlangen.InvalidArgument, ["sift"]),
    ("BatchExtractor_unknown_option", lambda: erlangen.BatchExtractor("moments", max_ordr=3),
     erlangen.InvalidArgument, ["max_ordr"]),
    ("BatchExtractor_nan", lambda: erlangen.BatchExtractor("moments", alpha=numpy.nan), erlangen.InvalidArgument,
     ["alpha"]),
    ("BatchExtractor_inf", lambda: erlangen.BatchExtractor("moments", max_order=numpy.inf),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_nan_in_list", lambda: erlangen.BatchExtractor("hir", side=[4, numpy.nan]),
     erlangen.InvalidArgument, ["side"]),
    ("BatchExtractor_object", lambda: erlangen.BatchExtractor("moments", max_order=object()),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_dict", lambda: erlangen.BatchExtractor("moments", max_order={"a": 1}),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_bytes", lambda: erlangen.BatchExtractor("moments", family=b"zernike"),
     erlangen.InvalidArgument, ["family"]),
    ("BatchExtractor_int_beyond_64_bits", lambda: erlangen.BatchExtractor("moments", max_order=10**30),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_int_huge", lambda: erlangen.BatchExtractor("moments", max_order=2**62),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_nested_list", lambda: erlangen.BatchExtractor("hir", side=[[4]]), erlangen.InvalidArgument,
     ["side"]),
    ("BatchExtractor_deep_list", lambda: erlangen.BatchExtractor("hir", side=[[[4]]]), erlangen.InvalidArgument,
     ["side"]),
    ("BatchExtractor_list_for_int", lambda: erlangen.BatchExtractor("moments", max_order=[1, 2]),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_numpy_array", lambda: erlangen.BatchExtractor("moments", max_order=numpy.array([4, 5])),
     erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_tiny_image", lambda: erlangen.BatchExtractor("moments", max_order=4).compute_image(
        numpy.zeros((1, 1))), erlangen.InvalidArgument, ["max_order"]),
    ("BatchExtractor_compute_threads", lambda: erlangen.BatchExtractor("moments", max_order=4).compute([], threads=-1),
     erlangen.InvalidArgument, ["threads"]),
    # batch_features, run_shard, shard_stem
    ("batch_features_threads", lambda: erlangen.batch_features([], "moments", threads=-1), erlangen.InvalidArgument,
     ["threads"]),
    ("batch_features_threads_huge", lambda: erlangen.batch_features([], "moments", threads=10**6),
     erlangen.InvalidArgument, ["threads"]),
    ("batch_features_nan_option", lambda: erlangen.batch_features([], "dense", stride=numpy.nan),
     erlangen.InvalidArgument, ["stride"]),
    ("run_shard_shard", lambda p: erlangen.run_shard("moments", p / "list.txt", "5/2", p / "out"),
     erlangen.InvalidArgument, ["5/2"]),
    ("run_shard_missing_manifest", lambda p: erlangen.run_shard("moments", p / "none.txt", "0/1", p / "out"),
     erlangen.IoError, ["none.txt"]),
    ("run_shard_empty_manifest", lambda p: erlangen.run_shard("moments", p / "empty.txt", "0/1", p / "out"),
     erlangen.InvalidArgument, ["empty.txt"]),
    ("run_shard_out_is_file", lambda p: erlangen.run_shard("moments", p / "list.txt", "0/1", p / "grey.png",
                                                           max_order=2, downsample=8),
     erlangen.IoError, ["grey.png"]),
    ("run_shard_option_nan", lambda p: erlangen.run_shard("moments", p / "list.txt", "0/1", p / "out",
                                                          alpha=numpy.nan),
     erlangen.InvalidArgument, ["alpha"]),
    ("shard_stem_text", lambda: erlangen.shard_stem("x"), erlangen.InvalidArgument, ["--shard"]),
    ("shard_stem_huge", lambda: erlangen.shard_stem("0/99999999999999999999"), erlangen.InvalidArgument,
     ["--shard"]),
    # pure Python helpers
    ("shard_entries_index", lambda: erlangen.shard_entries(5, 3, 2), erlangen.InvalidArgument, ["3/2"]),
    ("shard_entries_count", lambda: erlangen.shard_entries(5, 0, 0), erlangen.InvalidArgument, ["0/0"]),
    ("shard_entries_entry_count", lambda: erlangen.shard_entries(-1, 0, 1), erlangen.InvalidArgument,
     ["entry_count"]),
    ("shard_entries_type", lambda: erlangen.shard_entries("a", 0, 1), erlangen.InvalidArgument, ["entry_count"]),
    ("read_manifest_missing", lambda p: erlangen.read_manifest(p / "none.txt"), erlangen.IoError, ["none.txt"]),
    ("read_shards_missing", lambda p: erlangen.read_shards(p / "none"), erlangen.IoError, ["none"]),
    ("read_shards_count", lambda p: erlangen.read_shards(p, count="x"), erlangen.InvalidArgument, ["count"]),
    ("read_shards_count_zero", lambda p: erlangen.read_shards(p, count=0), erlangen.InvalidArgument, ["count"]),
    ("read_shards_no_marker", lambda p: erlangen.read_shards(p / "empty"), erlangen.InvalidArgument,
     ["no complete shard"]),
    ("read_shards_corrupt_marker", lambda p: erlangen.read_shards(p / "corrupt"), erlangen.IoError,
     ["shard-00000-of-00001.json"]),
    ("read_shards_marker_without_keys", lambda p: erlangen.read_shards(p / "keyless"), erlangen.IoError,
     ["shards"]),
]


@pytest.fixture()
def files(tmp_path, examples):
    """A folder with a grey PNG, a corrupt PNG, manifests and broken shard folders."""
    (tmp_path / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    (tmp_path / "grey.png").write_bytes((examples / "coins.png").read_bytes())
    (tmp_path / "list.txt").write_text(str(examples / "coins.png") + "\n")
    (tmp_path / "empty.txt").write_text("# nothing\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "corrupt").mkdir()
    (tmp_path / "corrupt" / "shard-00000-of-00001.json").write_text("{not json")
    (tmp_path / "keyless").mkdir()
    (tmp_path / "keyless" / "shard-00000-of-00001.json").write_text(json.dumps({"feature": "moments"}))
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_bad_argument_raises_named_error(case, files):
    _, call, error, words = case
    with pytest.raises(error) as caught:
        call(files) if call.__code__.co_argcount == 1 else call()
    for word in words:
        assert word in str(caught.value), f"{word!r} not in {str(caught.value)!r}"


TYPE_ERRORS = [
    ("set_num_threads_beyond_64_bits", lambda: erlangen.set_num_threads(10**20)),
    ("read_image_nul_byte", lambda: erlangen.read_image("camera.png\0.jpg")),
    ("batch_features_nul_byte", lambda: erlangen.batch_features(["camera.png\0.jpg"], "moments")),
    ("MomentSet_at_beyond_int", lambda: erlangen.MomentPlan(32, max_order=4).apply(IMAGE).at(2**40, 0)),
    ("MomentPlan_size_text", lambda: erlangen.MomentPlan("32")),
    ("read_image_max_pixels_negative", lambda: erlangen.read_image("x.png", max_pixels=-1)),
    ("detect_copy_move_seed_negative", lambda: erlangen.detect_copy_move(IMAGE, seed=-1)),
    ("HirPlan_apply_many_not_list", lambda: erlangen.HirPlan((32, 32), side=4).apply_many(IMAGE)),
]


@pytest.mark.parametrize("case", TYPE_ERRORS, ids=[case[0] for case in TYPE_ERRORS])
def test_wrong_python_type_is_type_error(case):
    _, call = case
    with pytest.raises(TypeError):
        call()


def test_numpy_scalars_are_accepted_as_options():
    extractor = erlangen.BatchExtractor("moments", family="gpcet", max_order=numpy.int64(4), alpha=numpy.float32(1.5),
                                        downsample=numpy.uint8(1))
    assert extractor.options["max_order"] == 4
    assert extractor.options["alpha"] == 1.5
    plan = erlangen.HirPlan((32, 32), side=(numpy.int32(4), 4), depth=2)
    assert plan.feature_count > 0


def test_integer_valued_float_option_still_accepted():
    # The JSON reader took 12.0 for an integer option before the conversion was rewritten.
    assert erlangen.BatchExtractor("moments", max_order=12.0).options["max_order"] == 12
