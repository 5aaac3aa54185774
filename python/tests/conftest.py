"""Shared fixtures: the example images, the erlangen binary and a manifest of real images."""

import os
import pathlib

import numpy
import pytest

import erlangen

EXAMPLES = pathlib.Path(os.environ.get("ERLANGEN_EXAMPLES", pathlib.Path(__file__).resolve().parents[2] / "examples"))


@pytest.fixture(scope="session")
def examples():
    return EXAMPLES


@pytest.fixture(scope="session")
def camera():
    """camera.png as float32 grey, 512 x 512."""
    return erlangen.read_image(EXAMPLES / "camera.png", grey=True)


@pytest.fixture(scope="session")
def camera256(camera):
    """camera.png box-averaged to 256 x 256, float32, C-contiguous."""
    return numpy.ascontiguousarray(camera.reshape(256, 2, 256, 2).mean(axis=(1, 3), dtype=numpy.float64), numpy.float32)


@pytest.fixture(scope="session")
def cli():
    """Path of the erlangen binary, or None when the command-line tool is not built."""
    path = os.environ.get("ERLANGEN_CLI")
    return path if path and os.path.exists(path) else None


@pytest.fixture()
def manifest(tmp_path):
    """A manifest of 9 entries: every example image, two repeats and one missing file."""
    names = [
        "camera.png",
        "astronaut.png",
        "coins.png",
        "brick.png",
        "horse.png",
        "rocket.jpg",
        "missing.png",
        "coins.png",
        "camera.png",
    ]
    path = tmp_path / "list.txt"
    lines = ["# example images, one per line", ""]
    lines += [str(EXAMPLES / name) for name in names]
    path.write_text("\n".join(lines) + "\n")
    return path
