"""Writes the images of the numeric edge cases (numeric_edges.sh) into the folder given as argument.

Standard library only: binary PGM files and one little-endian TIFF with 32-bit float samples.
"""
import struct
import sys
from pathlib import Path


def write_pgm(path, rows, cols, value_of):
    pixels = bytes(value_of(r, c) for r in range(rows) for c in range(cols))
    path.write_bytes(b"P5\n%d %d\n255\n" % (cols, rows) + pixels)


def write_float_tiff(path, rows, cols, values):
    """A one-strip grey TIFF with SampleFormat 3 (IEEE float), 32 bits per sample."""
    data = b"".join(struct.pack("<f", v) for v in values)
    entries = [
        (256, 4, 1, cols),  # ImageWidth, LONG
        (257, 4, 1, rows),  # ImageLength
        (258, 3, 1, 32),  # BitsPerSample, SHORT
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # PhotometricInterpretation: black is zero
        (273, 4, 1, 8),  # StripOffsets: the data follows the header
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, rows),  # RowsPerStrip
        (279, 4, 1, len(data)),  # StripByteCounts
        (339, 3, 1, 3),  # SampleFormat: IEEE floating point
    ]
    ifd_offset = 8 + len(data)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    path.write_bytes(b"II*\x00" + struct.pack("<I", ifd_offset) + data + ifd)


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    write_pgm(folder / "uniform.pgm", 64, 64, lambda r, c: 128)
    write_pgm(folder / "zero.pgm", 64, 64, lambda r, c: 0)
    write_pgm(folder / "one.pgm", 1, 1, lambda r, c: 200)
    write_pgm(folder / "row.pgm", 1, 16, lambda r, c: 16 * c)
    write_pgm(folder / "column.pgm", 16, 1, lambda r, c: 16 * r)
    write_pgm(folder / "ramp.pgm", 64, 64, lambda r, c: (r + 2 * c) % 256)
    values = [float(r * 8 + c) / 64.0 for r in range(8) for c in range(8)]
    values[9] = float("nan")
    values[18] = float("inf")
    write_float_tiff(folder / "nan.tif", 8, 8, values)


if __name__ == "__main__":
    main()
