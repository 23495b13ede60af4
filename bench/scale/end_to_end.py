"""End-to-end run on the largest generated corpus expected to fit a time budget.

Times the whole Dask run at two sizes, takes the growth exponent b from t ~ n^b, predicts
the largest size that fits `--budget` seconds, then runs that size and prints its figures.

    .venv/bin/python bench/scale/end_to_end.py --workers 2 --budget 600 --probe 200
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_corpus  # noqa: E402

from storyline.pipeline import Options  # noqa: E402


def timed_run(runner, size: int, folder: Path) -> tuple[float, object]:
    corpus = write_corpus(size, folder / f"corpus-{size}.jsonl")
    started = time.perf_counter()
    result = runner.run([str(corpus)], Options())
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=float, default=600.0, help="seconds the final run may take")
    parser.add_argument("--probe", type=int, default=200, help="first probe size (the second is twice it)")
    parser.add_argument("--dry", action="store_true", help="only probe and predict")
    args = parser.parse_args()
    try:
        from storyline.runners.dask_runner import DaskRunner
        import distributed  # noqa: F401
    except ImportError:
        print("dask[distributed] is not installed; nothing to measure")
        return
    with tempfile.TemporaryDirectory() as tmp, DaskRunner(n_workers=args.workers) as runner:
        folder = Path(tmp)
        runner.client  # cluster start-up and model loading are not part of the timings
        t1, _ = timed_run(runner, args.probe, folder)
        t2, _ = timed_run(runner, 2 * args.probe, folder)
        growth = max(math.log(t2 / t1, 2), 1.0)  # never assume better than linear
        target = int(2 * args.probe * (args.budget / t2) ** (1 / growth))
        print(f"probe n={args.probe}: {t1:.1f}s; n={2 * args.probe}: {t2:.1f}s; growth exponent {growth:.2f}; "
              f"predicted size for {args.budget:.0f}s: {target}", flush=True)
        if args.dry:
            return
        elapsed, result = timed_run(runner, target, folder)
        print(f"end-to-end n={target} workers={args.workers}: {elapsed:.1f}s "
              f"({target / elapsed:.2f} articles/s), stories={len(result.stories)}, "
              f"facts={sum(len(s.facts) for s in result.stories)}")


if __name__ == "__main__":
    main()
