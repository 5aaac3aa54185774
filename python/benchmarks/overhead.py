"""Python call overhead against C++, and batch throughput on 1 and 2 workers.

Usage (from the repository root, after building the targets erlangen_python and erlangen_cli in
BUILD):
    PYTHONPATH=BUILD/python /usr/bin/python3 python/benchmarks/overhead.py BUILD

Prints one JSON object per measurement. The C++ baseline runs the same plan on the same array in a
C++ loop inside the module (erlangen._erlangen._median_apply_seconds), so the difference is the
cost of the Python call: argument conversion, the GIL release and the result arrays. Times are
medians; the overhead runs use 1 OpenMP thread.
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy

import erlangen

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def median_seconds(repeats, work):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def overhead():
    # camera.png averaged over 2 x 2 blocks: 256 x 256, float32, C-contiguous (read without a copy).
    camera = erlangen.read_image(EXAMPLES / "camera.png", grey=True)
    image = numpy.ascontiguousarray(camera.reshape(256, 2, 256, 2).mean(axis=(1, 3)), numpy.float32)
    plan = erlangen.MomentPlan(256, "zernike", 20)
    dense_plan = erlangen.LocalMomentPlan((256, 256), "pct")
    cases = (
        ("MomentPlan.apply ZM K=20", lambda: plan.apply(image),
         lambda: erlangen._erlangen._median_apply_seconds(plan, image, 1), 201),
        ("LocalMomentPlan.pooled PCT NM10, 10 scales", lambda: dense_plan.pooled(image, "mean"),
         lambda: erlangen._erlangen._median_pooled_seconds(dense_plan, image, "mean", 1), 21),
    )
    for name, python_call, cpp_call, repeats in cases:
        # Python and C++ calls alternate, so that both see the same machine load.
        python_times, cpp_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            python_call()
            python_times.append(time.perf_counter() - start)
            cpp_times.append(cpp_call())
        python_seconds = statistics.median(python_times)
        cpp_seconds = statistics.median(cpp_times)
        print(json.dumps({
            "measurement": f"{name}, 256x256, 1 thread",
            "repeats": repeats,
            "python_ms": round(python_seconds * 1e3, 4),
            "cpp_ms": round(cpp_seconds * 1e3, 4),
            "overhead_percent": round(100.0 * (python_seconds / cpp_seconds - 1.0), 2),
        }), flush=True)


def throughput(build):
    names = ["camera.png", "astronaut.png", "coins.png", "brick.png", "horse.png", "rocket.jpg"]
    paths = [str(EXAMPLES / name) for name in names] * 4
    cases = [
        ("moments", {"max_order": 20}),
        ("dense", {"stride": 4}),
        ("hir", {"resize": 128}),
    ]
    with tempfile.TemporaryDirectory() as folder:
        manifest = pathlib.Path(folder) / "list.txt"
        manifest.write_text("\n".join(paths) + "\n")
        for feature, options in cases:
            for threads in (1, 2):
                flags = []
                for key, value in options.items():
                    flags += ["--" + key.replace("_", "-"), str(value)]
                times = []
                for repeat in range(3):
                    out = pathlib.Path(folder) / f"{feature}-{threads}-{repeat}"
                    start = time.perf_counter()
                    subprocess.run(
                        [str(build / "apps" / "cli" / "erlangen"), "batch", feature, "--manifest", str(manifest),
                         "--out", str(out), "--threads", str(threads), "--quiet", *flags],
                        check=True,
                    )
                    times.append(time.perf_counter() - start)
                seconds = statistics.median(times)
                print(json.dumps({
                    "measurement": f"erlangen batch {feature} {' '.join(flags)}",
                    "images": len(paths),
                    "threads": threads,
                    "seconds": round(seconds, 3),
                    "images_per_second": round(len(paths) / seconds, 2),
                }), flush=True)
    try:
        from dask.distributed import Client, LocalCluster
        import erlangen.dask
    except ImportError:
        return
    for feature, options in cases:
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, protocol="tcp://", host="127.0.0.1",
                              dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
                # One full pass first, so that the timed passes measure warm workers whose plans
                # for every image size are cached.
                erlangen.dask.map_images(client, paths, feature, chunk_size=2, **options)
                seconds = median_seconds(
                    3, lambda: erlangen.dask.map_images(client, paths, feature, chunk_size=2, **options))
            print(json.dumps({
                "measurement": f"erlangen.dask.map_images {feature} {options}",
                "images": len(paths),
                "workers": workers,
                "seconds": round(seconds, 3),
                "images_per_second": round(len(paths) / seconds, 2),
            }), flush=True)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: overhead.py BUILD_DIR")
    build = pathlib.Path(sys.argv[1]).resolve()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    erlangen.set_num_threads(1)
    overhead()
    throughput(build)


if __name__ == "__main__":
    main()
