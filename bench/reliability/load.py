"""Load while writing: `storyline serve` on loopback answers client threads while `storyline
ingest` runs and the stories are rewritten; prints requests, errors (5xx or "database is locked")
and latency percentiles. Helpers are the test suite's (tests/test_concurrency.py).

    .venv/bin/python bench/reliability/load.py [--seconds 30] [--clients 2] [--articles 300]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from test_concurrency import LOCKED, run_load  # noqa: E402
from test_crash_safety import write_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        write_corpus(tmp / "corpus", args.articles)
        result, log, writes = run_load(tmp / "store.db", tmp / "corpus", tmp, args.seconds, args.clients)
    latencies = sorted(result.latencies)
    median = statistics.median(latencies) if latencies else 0.0
    log_problems = LOCKED in log or "Traceback" in log
    print(f"load: {result.requests} requests from {args.clients} clients over ~{args.seconds:.0f} s of writes "
          f"({writes} story rewrites + ingest runs); errors: {len(result.errors)}; "
          f"latency p50 {median * 1000:.0f} ms, p95 {result.p95 * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms; "
          f"server log: {'PROBLEMS' if log_problems else 'clean'}")
    for error in result.errors[:10]:
        print("   ", error)
    return 0 if not result.errors and not log_problems else 1


if __name__ == "__main__":
    sys.exit(main())
