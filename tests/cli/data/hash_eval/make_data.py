#!/usr/bin/env python3
"""Writes the three 64 x 64 RGB test images of the hash-eval transcripts.

Each image is a different smooth scene (a disk on a gradient, rings, a tilted
bar pattern), so the hashes of different images differ clearly and the
attacked copies stay close to their originals. Run it from this folder; it
needs only the Python standard library.
"""
import math
import struct
import zlib


def write_png(path, width, height, pixel):
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 (none)
        for x in range(width):
            row.extend(max(0, min(255, int(round(v)))) for v in pixel(x, y))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def disk(x, y):
    inside = (x - 40) ** 2 + (y - 24) ** 2 < 14 ** 2
    base = 40 + 2.5 * x + 0.8 * y
    return (230, 200, 60) if inside else (base, base * 0.8, 255 - base)


def rings(x, y):
    r = math.hypot(x - 30, y - 34)
    v = 128 + 110 * math.cos(r / 3.0)
    return (v, 255 - v, 100 + 0.5 * y)


def bars(x, y):
    v = 128 + 120 * math.sin((x + 0.6 * y) / 5.0)
    return (v * 0.5 + 60, v, 200 - 0.6 * v)


for name, function in (("disk.png", disk), ("rings.png", rings), ("bars.png", bars)):
    write_png(name, 64, 64, function)
