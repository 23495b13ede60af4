"""End-to-end Dask runs at growing corpus sizes: time and the client's peak memory.

Each size is a generated fictional corpus in JSONL shards (written by a separate process,
so the generator's records never count towards the client). The run keeps the articles on
the workers (`collect=False`) and writes the Parquet dataset from them, as a large run
would (the ledger tasks write the stories). A warm-up run of 40 articles comes first. The
client's resident memory is sampled during the run; its peak above the level
before the run is what the corpus costs the client. Note that a LocalCluster's scheduler
lives in the client process, so its bookkeeping is counted too.

From the smallest and the largest size the growth exponents b (time ~ n^b, client memory
~ n^b) and the growth factor per 10x (10^b) are printed, and the largest size expected to
fit `--budget` seconds is predicted from the time exponent (run it with `--run-predicted`).

    .venv/bin/python bench/scale/end_to_end.py --workers 2 --sizes 500 2000 8000 --budget 1800
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from storyline.pipeline import Options

HERE = Path(__file__).resolve().parent


class PeakMemory:
    """Samples this process's resident memory in a background thread."""

    def __init__(self, interval: float = 0.05):
        import psutil

        self.process, self.interval = psutil.Process(), interval
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / 2 ** 20


def worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def worker_peak_start(dask_worker) -> None:
    """Start sampling this worker's resident memory (read back with worker_peak_stop)."""
    dask_worker._storyline_peak = PeakMemory(interval=0.1).__enter__()


def worker_peak_stop(dask_worker) -> int:
    memory = dask_worker._storyline_peak
    memory.__exit__(None, None, None)
    return memory.peak


def worker_spilled(dask_worker) -> int:
    """Bytes this worker has written to disk so far because its memory passed the spill threshold."""
    return int(sum(value for key, value in dask_worker.digests_total.items()
                   if isinstance(key, tuple) and "disk-write" in key and key[-1] == "bytes"))


def measure(runner, size: int, folder: Path, per_file: int) -> dict:
    corpus = folder / f"corpus-{size}"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(corpus), str(per_file)],
                   check=True, stdout=subprocess.DEVNULL)
    runner.parquet_dir = folder / f"out-{size}"
    spilled_before = runner.client.run(worker_spilled)
    runner.client.run(worker_peak_start)
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = runner.run([str(corpus)], Options(), collect=False)
        elapsed = time.perf_counter() - started
    workers = runner.client.run(worker_rss)
    peaks = runner.client.run(worker_peak_stop)
    spilled = runner.client.run(worker_spilled)
    import pyarrow.dataset as ds

    facts = ds.dataset(runner.parquet_dir / "facts", format="parquet").count_rows()
    return {"articles": size, "seconds": elapsed, "articles_per_second": size / elapsed,
            "stories": len(result.stories), "facts": facts,
            "client_peak_growth_mb": memory.growth_mb, "client_rss_mb": memory.peak / 2 ** 20,
            "worker_rss_mb": sorted(round(v / 2 ** 20) for v in workers.values()),
            "worker_peak_mb": sorted(round(v / 2 ** 20) for v in peaks.values()),
            "spilled_mb": round((sum(spilled.values()) - sum(spilled_before.values())) / 2 ** 20)}


def exponent(first: dict, last: dict, field: str) -> float:
    low, high = max(first[field], 1e-9), max(last[field], 1e-9)
    return math.log(high / low) / math.log(last["articles"] / first["articles"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--per-file", type=int, default=250, help="records per generated JSONL file")
    parser.add_argument("--partition-size", type=int, default=128, help="articles per task")
    parser.add_argument("--memory-limit", default=None,
                        help="per worker (e.g. 3GB); past it Dask spills held partitions to disk")
    parser.add_argument("--budget", type=float, default=1800.0, help="seconds a predicted run may take")
    parser.add_argument("--run-predicted", action="store_true", help="also run the predicted largest size")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
        import psutil  # noqa: F401

        from storyline.runners.dask_runner import DaskRunner
    except ImportError:
        print("dask[distributed] or psutil is not installed; nothing to measure")
        return
    with tempfile.TemporaryDirectory() as tmp, \
            DaskRunner(n_workers=args.workers, partition_size=args.partition_size, files_per_partition=1,
                       memory_limit=args.memory_limit) as runner:
        folder = Path(tmp)
        runner.client  # cluster start-up and model loading are not part of the timings
        measure(runner, 40, folder, args.per_file)  # nor the client's first imports
        print(f"workers={args.workers} cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f} "
              f"partition_size={args.partition_size} memory_limit={args.memory_limit}", flush=True)
        rows = []
        for size in sorted(args.sizes):
            rows.append(measure(runner, size, folder, args.per_file))
            print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in rows[-1].items()),
                  flush=True)
        if len(rows) < 2:
            return
        first, last = rows[0], rows[-1]
        time_b = max(exponent(first, last, "seconds"), 1.0)  # never assume better than linear
        memory_b = exponent(first, last, "client_peak_growth_mb")
        target = int(last["articles"] * (args.budget / last["seconds"]) ** (1 / time_b))
        print(f"growth n={first['articles']}->{last['articles']}: time exponent {time_b:.2f} "
              f"(x{10 ** time_b:.1f} per 10x), client memory exponent {memory_b:.2f} (x{10 ** memory_b:.1f} per 10x); "
              f"predicted largest size for {args.budget:.0f}s: {target}", flush=True)
        if args.run_predicted:
            row = measure(runner, target, folder, args.per_file)
            print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
