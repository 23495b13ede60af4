"""Throughput of the Dask runner with 1 and 2 workers on the same generated corpus.

Prints articles/second (whole run and extraction alone), per-partition extraction times
(from Dask's task stream) and resident memory per worker (psutil, after the run). Uses
only a generated fictional corpus, so it needs nothing from /work/shared.

    .venv/bin/python bench/scale/throughput.py --articles 2000 --workers 1 2
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_corpus  # noqa: E402

from storyline.pipeline import Options  # noqa: E402


def worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def digest(result) -> str:
    """A short digest of the JSON report: equal digests mean the runners gave the same report."""
    import hashlib

    from storyline.report.json_report import build_report, dumps

    return hashlib.sha1(dumps(build_report(result)).encode("utf-8")).hexdigest()[:12]


def _name(task: dict) -> str:
    """A task's function name: keys are strings or (name, partition) tuples."""
    key = task["key"]
    return str(key[0] if isinstance(key, tuple) else key)


def measure(corpus: Path, workers: int, partition_size: int) -> dict:
    from distributed import get_task_stream

    from storyline.runners.dask_runner import DaskRunner

    with DaskRunner(n_workers=workers, partition_size=partition_size) as runner:
        runner.client  # start the cluster (and load the model on every worker) outside the timing
        started = time.perf_counter()
        with get_task_stream(runner.client) as stream:
            result = runner.run([str(corpus)], Options())
        elapsed = time.perf_counter() - started
        memory = runner.client.run(worker_rss)
    # Dask names a task after its function, fused steps joined by "-": match the function's name.
    extract = [t for t in stream.data if "extract_all" in _name(t)]
    ledger = [t for t in stream.data if "ledger_group" in _name(t)]
    compute = lambda task: sum(s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")  # noqa: E731
    extract_times = [compute(t) for t in extract]
    window = (max(s["stop"] for t in extract for s in t["startstops"])
              - min(s["start"] for t in extract for s in t["startstops"])) if extract else 0.0
    n_ok = len(result.ok_articles())
    return {
        "workers": workers, "articles": len(result.articles), "stories": len(result.stories),
        "facts": sum(len(s.facts) for s in result.stories), "seconds": elapsed,
        "articles_per_second": len(result.articles) / elapsed,
        "extract_window_s": window, "extract_articles_per_second": n_ok / window if window else 0.0,
        "partitions": len(extract_times), "partition_median_s": statistics.median(extract_times),
        "partition_max_s": max(extract_times),
        "per_partition_articles_per_second": partition_size / statistics.median(extract_times),
        "ledger_tasks": len(ledger), "ledger_compute_s": sum(compute(t) for t in ledger),
        "worker_rss_mb": sorted(round(v / 2 ** 20) for v in memory.values()),
        "report": digest(result),
    }


def measure_local(corpus: Path) -> dict:
    """The in-process runner on the same corpus: what the Dask runners are compared with."""
    from storyline.extract.nlp import load_nlp
    from storyline.runners import LocalRunner

    load_nlp()  # loaded outside the timing, as the workers' models are
    started = time.perf_counter()
    result = LocalRunner().run([str(corpus)], Options())
    elapsed = time.perf_counter() - started
    return {"workers": "in-process", "articles": len(result.articles), "stories": len(result.stories),
            "facts": sum(len(s.facts) for s in result.stories), "seconds": elapsed,
            "articles_per_second": len(result.articles) / elapsed,
            "rss_mb": round(worker_rss() / 2 ** 20), "report": digest(result)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=64)
    parser.add_argument("--local", action="store_true", help="also time the in-process runner first")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask[distributed] is not installed; nothing to measure")
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = write_corpus(args.articles, Path(folder) / "corpus.jsonl")
        print(f"corpus: {args.articles} generated articles; cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
        rows = [measure_local] if args.local else []
        rows += [lambda path, w=w: measure(path, w, args.partition_size) for w in args.workers]
        for run in rows:
            row = run(corpus)
            print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
