#!/usr/bin/python3
"""Cut non-overlapping square tiles from a folder of images, as distractors for hash-eval.

`erlangen hash-eval --distractors DIR` uses each image of DIR only as the second image of
different-image pairs. With the 12 sample images, the attack suite gives too few such pairs to
resolve a false positive rate of 1e-4. This script therefore cuts every image into tiles of the
given sides, on a grid that starts at the top-left corner. A tile of side s covers at most s^2 / (w h) of
its source (a quarter of a 512 x 512 image for s = 256), so a tile and an attacked copy of its
source are different images for a near-duplicate search. Tiles of one side never overlap, and
tiles of different sides may. hash-eval pairs no two distractors with each other, so that
overlap does not matter.

Usage:
    /usr/bin/python3 bench/hash_distractor_tiles.py SOURCE_DIR OUT_DIR [--sides 128,256]

Writes OUT_DIR/<stem>-s<side>-<row>-<col>.png (lossless) and prints the count per side.
"""

import argparse
import pathlib
import sys

from PIL import Image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".pgm", ".ppm", ".pnm", ".tif", ".tiff"}


def parse_sides(text):
    sides = []
    for item in text.split(","):
        side = int(item)
        if side < 32:
            raise argparse.ArgumentTypeError(f"tile side {side} is below 32 px; pass sides such as 128,256")
        sides.append(side)
    return sides


def cut_tiles(source, out_dir, sides):
    counts = dict.fromkeys(sides, 0)
    for path in sorted(source.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        with Image.open(path) as image:
            image.load()
            width, height = image.size
            for side in sides:
                for row in range(height // side):
                    for col in range(width // side):
                        box = (col * side, row * side, (col + 1) * side, (row + 1) * side)
                        name = f"{path.stem}-s{side}-{row}-{col}.png"
                        image.crop(box).save(out_dir / name)
                        counts[side] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=pathlib.Path, help="folder of images to cut")
    parser.add_argument("out", type=pathlib.Path, help="folder for the tiles (created when missing)")
    parser.add_argument("--sides", type=parse_sides, default=[128, 256], help="tile sides in pixels (128,256)")
    args = parser.parse_args()
    if not args.source.is_dir():
        sys.exit(f"hash_distractor_tiles: {args.source} is not a folder; pass the folder of source images")
    args.out.mkdir(parents=True, exist_ok=True)
    counts = cut_tiles(args.source, args.out, args.sides)
    for side, count in counts.items():
        print(f"side {side}: {count} tiles")
    print(f"total: {sum(counts.values())} tiles in {args.out}")


if __name__ == "__main__":
    main()
