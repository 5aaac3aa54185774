#!/usr/bin/env python3
"""Time mahotas' Zernike moments on the image that bench_moments uses.

The script only measures: it imports an already built mahotas checkout given on the command
line and never builds or installs anything. It reads examples/camera.png (8-bit grey, decoded
here with zlib so that no imaging package is needed), box-averages it to 256 x 256 exactly as
bench_moments does (values in [0, 1]), and times

    mahotas.features.zernike_moments(image, radius=128, degree=20)

which returns the 121 magnitudes |Z_nm| with n <= 20 and m >= 0. It prints the median, minimum
and maximum wall time over --runs calls (after one untimed warm-up call) and the median CPU time
of the process, which a loaded machine inflates less than the wall time. With --json it prints
the same figures and the mahotas version as JSON.

mahotas centres its disk on the image's centre of mass by default. --centre passes the
geometric centre (127.5, 127.5) instead, which puts mahotas' sample points on erlangen's edge
grid; the timing is the same either way.

Usage: compare_mahotas.py MAHOTAS_CHECKOUT [--image PATH] [--runs 20] [--centre] [--json]
"""

import argparse
import json
import statistics
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np


def read_grey_png(path):
    """Decode an 8-bit greyscale, non-interlaced PNG into a uint8 array."""
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"compare_mahotas: {path} is not a PNG file")
    position = 8
    header = None
    compressed = bytearray()
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    width, height, bit_depth, colour_type, _, _, interlace = header
    if bit_depth != 8 or colour_type != 0 or interlace != 0:
        raise SystemExit(
            f"compare_mahotas: {path} has bit depth {bit_depth}, colour type {colour_type}, "
            f"interlace {interlace}; expected an 8-bit grey non-interlaced PNG such as "
            "examples/camera.png")

    raw = zlib.decompress(bytes(compressed))
    rows = np.zeros((height, width), dtype=np.int32)
    previous = np.zeros(width, dtype=np.int32)
    stride = width + 1
    for row in range(height):
        line = np.frombuffer(raw, dtype=np.uint8, count=width, offset=row * stride + 1)
        line = line.astype(np.int32)
        filter_type = raw[row * stride]
        if filter_type == 0:
            current = line
        elif filter_type == 2:
            current = (line + previous) & 0xFF
        else:
            # Sub, Average and Paeth depend on the left neighbour, so they run pixel by pixel.
            current = np.zeros(width, dtype=np.int32)
            for column in range(width):
                left = current[column - 1] if column > 0 else 0
                up = previous[column]
                up_left = previous[column - 1] if column > 0 else 0
                if filter_type == 1:
                    predictor = left
                elif filter_type == 3:
                    predictor = (left + up) // 2
                elif filter_type == 4:
                    estimate = left + up - up_left
                    distances = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
                    predictor = (left, up, up_left)[distances.index(min(distances))]
                else:
                    raise SystemExit(f"compare_mahotas: {path} row {row} has invalid filter "
                                     f"type {filter_type}")
                current[column] = (line[column] + predictor) & 0xFF
        rows[row] = current
        previous = current
    return rows.astype(np.uint8)


def box_downsample(image, size):
    """Box-average the centre square of a grey image to size x size, values in [0, 1]."""
    side = min(image.shape)
    if side % size:
        raise SystemExit(f"compare_mahotas: image side {side} is not a multiple of {size}")
    top = (image.shape[0] - side) // 2
    left = (image.shape[1] - side) // 2
    square = image[top:top + side, left:left + side].astype(np.float64) / 255.0
    factor = side // size
    return square.reshape(size, factor, size, factor).mean(axis=(1, 3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mahotas_checkout", help="folder that contains the built mahotas package")
    parser.add_argument("--image", default="examples/camera.png", help="8-bit grey PNG")
    parser.add_argument("--size", type=int, default=256, help="image side after box averaging")
    parser.add_argument("--degree", type=int, default=20, help="maximum Zernike order")
    parser.add_argument("--runs", type=int, default=20, help="timed calls (at least 1)")
    parser.add_argument("--centre", action="store_true",
                        help="centre the disk on the image centre instead of the centre of mass")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        raise SystemExit(f"compare_mahotas: --runs {arguments.runs} is invalid, expected >= 1")

    sys.path.insert(0, str(Path(arguments.mahotas_checkout).resolve()))
    try:
        import mahotas
        from mahotas.features import zernike_moments
    except ImportError as error:
        raise SystemExit(f"compare_mahotas: failed to import mahotas from "
                         f"{arguments.mahotas_checkout}: {error}; build its extension modules "
                         "in place first")

    image = box_downsample(read_grey_png(arguments.image), arguments.size)
    radius = arguments.size // 2
    centre = ((arguments.size - 1) / 2.0,) * 2 if arguments.centre else None

    values = zernike_moments(image, radius=radius, degree=arguments.degree, cm=centre)
    seconds = []
    cpu_seconds = []
    for _ in range(arguments.runs):
        start = time.perf_counter()
        cpu_start = time.process_time()
        zernike_moments(image, radius=radius, degree=arguments.degree, cm=centre)
        cpu_seconds.append(time.process_time() - cpu_start)
        seconds.append(time.perf_counter() - start)

    figures = {
        "mahotas_version": mahotas.__version__,
        "image": arguments.image,
        "size": arguments.size,
        "degree": arguments.degree,
        "centre": "geometric" if arguments.centre else "centre of mass",
        "values": int(len(values)),
        "runs": arguments.runs,
        "median_ms": 1e3 * statistics.median(seconds),
        "min_ms": 1e3 * min(seconds),
        "max_ms": 1e3 * max(seconds),
        "cpu_median_ms": 1e3 * statistics.median(cpu_seconds),
    }
    if arguments.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"mahotas {figures['mahotas_version']} zernike_moments(radius={radius}, "
              f"degree={arguments.degree}, centre: {figures['centre']}) on "
              f"{arguments.size}x{arguments.size} {arguments.image}: {figures['values']} values")
        print(f"wall time: median {figures['median_ms']:.1f} ms, min {figures['min_ms']:.1f} ms, "
              f"max {figures['max_ms']:.1f} ms over {arguments.runs} runs")
        print(f"CPU time of the process: median {figures['cpu_median_ms']:.1f} ms")


if __name__ == "__main__":
    main()
