"""Quality floors on fixed subsets of the public gold sets, run by CI (`make bench-floors`).

Each floor sits just under the figure measured when it was set (docs/BENCHMARKS.md), so a
change can only lower quality on purpose: by editing the floor here, in review. Needs
../shared/datasets; each benchmark prints a message and passes when the data is absent.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOORS = [
    # (what, command) — each command exits 1 when its figure falls below its floor.
    ("time expressions: TempEval-3 platinum value F1 >= 0.805 (measured 0.8060)",
     ["bench/timex/run.py", "--sets", "platinum", "--floor", "0.805"]),
    ("quotes: PolNeAR test, first 30 documents, content F1 and speaker accuracy",
     ["bench/quotes/run.py", "--floor"]),
    ("entities: CoNLL-2003 eng.testb first 1000 sentences, NER micro F1 >= 0.55 (measured 0.570)",
     ["bench/ner/run.py", "--limit", "1000", "--floor", "0.55"]),
    ("stories: ECB+ topics 1-20 B-cubed F1 >= 0.95 (measured 0.954)",
     ["bench/cluster/quality.py", "--floor", "0.95"]),
    ("fact ledger: gold set v2 (test half), alignment and conflict precision/recall floors",
     ["bench/ledger/gold.py", "--split", "test", "--floor"]),
]


def main() -> int:
    failed = []
    for what, command in FLOORS:
        print(f"== {what}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, *command], cwd=ROOT)
        print(f"   ({time.perf_counter() - start:.0f} s, exit {result.returncode})", flush=True)
        if result.returncode != 0:
            failed.append(what)
    if failed:
        print("floors failed:\n  " + "\n  ".join(failed))
        return 1
    print(f"all {len(FLOORS)} floors held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
