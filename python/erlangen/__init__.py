"""Invariant image representations from orthogonal moments.

The functions take numpy images: H x W grey or H x W x C colour (C = 3 or 4, converted to BT.601
luma with alpha over white) of dtype uint8, uint16, float32 or float64. Integer images are scaled
to [0, 1]; float images are used as they are. A C-contiguous float32 grey array is read without a
copy, and every computation releases the GIL, so threads run in parallel.

Feature values come with labels: one dict per value with the keys family, n, m, scale (window side
in pixels, 0 for whole-image moments), kind and path.

Errors raise erlangen.InvalidArgument (a ValueError), erlangen.IoError (an OSError) or
erlangen.LimitExceeded (a ValueError), all subclasses of erlangen.Error, with the library's message.

Main entry points:
    read_image, to_grey                       image input
    MomentPlan, moments, invariants           global moments and their invariants
    magnitudes, symmetrised_magnitudes,
    phase_cancelled, hu_moments               invariants of a MomentSet or an image
    LocalMomentPlan, dense                    dense local moments at every pixel and scale
    HirPlan, hir                              hierarchical invariant features
    detect_copy_move                          copy-move forgery detection
    BatchExtractor, batch_features,
    run_shard, read_shards                    many images, as `erlangen batch` computes them
    erlangen.dask                             the same over a dask.distributed cluster
"""

from ._erlangen import (  # noqa: F401  (re-exported)
    BatchExtractor,
    Error,
    HirPlan,
    InvalidArgument,
    IoError,
    LimitExceeded,
    LocalMomentPlan,
    MomentPlan,
    MomentSet,
    batch_features,
    dense,
    detect_copy_move,
    get_num_threads,
    hir,
    hu_moments,
    invariants,
    magnitudes,
    moments,
    phase_cancelled,
    read_image,
    run_shard,
    set_num_threads,
    shard_stem,
    symmetrised_magnitudes,
    to_grey,
)
from .shards import read_manifest, read_shards, shard_entries  # noqa: F401

__all__ = [
    "BatchExtractor",
    "Error",
    "HirPlan",
    "InvalidArgument",
    "IoError",
    "LimitExceeded",
    "LocalMomentPlan",
    "MomentPlan",
    "MomentSet",
    "batch_features",
    "dense",
    "detect_copy_move",
    "get_num_threads",
    "hir",
    "hu_moments",
    "invariants",
    "magnitudes",
    "moments",
    "phase_cancelled",
    "read_image",
    "read_manifest",
    "read_shards",
    "run_shard",
    "set_num_threads",
    "shard_entries",
    "shard_stem",
    "symmetrised_magnitudes",
    "to_grey",
]
