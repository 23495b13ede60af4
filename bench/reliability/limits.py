"""Resource limits measured: time and peak resident memory of `read_inputs` on hostile sizes.

Each scenario runs in its own child process, so its peak RSS (ru_maxrss) is its own; the
baseline scenario (one small file) shows what the imports alone cost. The inputs are those of
tests/test_limits.py, at the same or larger sizes.

    .venv/bin/python bench/reliability/limits.py
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from test_limits import MiB, PROSE, _nested, _warc_records  # noqa: E402


def build(name: str, folder: Path) -> tuple[Path, int]:
    """The input of scenario `name` under `folder`, and the max_bytes to read it with."""
    if name == "baseline (1 small file)":
        (folder / "small.txt").write_text(PROSE)
        return folder, 50 * MiB
    if name == "file over max_bytes (300 KiB, limit 64 KiB)":
        (folder / "huge.txt").write_text((PROSE + "\n") * 3000)
        return folder, 64 * 1024
    if name == "gzip bomb (1 GiB in ~1 MiB, limit 50 MiB)":
        with gzip.open(folder / "bomb.txt.gz", "wb", compresslevel=9) as handle:
            block = b"A" * MiB
            for _ in range(1024):
                handle.write(block)
        return folder, 50 * MiB
    if name == "3000 tiny files":
        for number in range(3000):
            (folder / f"note-{number:04d}.txt").write_text(f"Bulletin {number}: ferry {number} left port {number % 17}.")
        return folder, 50 * MiB
    if name == "100k-line JSONL, every 997th line bad":
        with open(folder / "wire.jsonl", "w") as handle:
            for number in range(1, 100_001):
                handle.write('{"text": "cut\n' if number % 997 == 0 else json.dumps({"id": f"r{number}", "text": f"{number}: {PROSE}"}) + "\n")
        return folder, 50 * MiB
    if name == "5000 nested <div>":
        (folder / "nested.html").write_text(_nested(5000))
        return folder, 50 * MiB
    if name == "WARC of 70 records cut in the last":
        (folder / "crawl.warc").write_bytes(_warc_records(70, False)[:-120])
        return folder, 50 * MiB
    if name == "WARC.gz of 70 records cut in the last":
        (folder / "crawl.warc.gz").write_bytes(_warc_records(70, True)[:-120])
        return folder, 50 * MiB
    raise KeyError(name)


SCENARIOS = ["baseline (1 small file)", "file over max_bytes (300 KiB, limit 64 KiB)",
             "gzip bomb (1 GiB in ~1 MiB, limit 50 MiB)", "3000 tiny files", "100k-line JSONL, every 997th line bad",
             "5000 nested <div>", "WARC of 70 records cut in the last", "WARC.gz of 70 records cut in the last"]


def child(name: str, folder: str, max_bytes: int) -> None:
    from storyline.ingest import read_inputs
    from storyline.pipeline import Options

    started = time.monotonic()
    articles = read_inputs([folder], Options(max_bytes=max_bytes))
    seconds = time.monotonic() - started
    statuses = Counter(a.status for a in articles)
    errors = sorted({(a.error or "").split(": ", 1)[-1][:90] for a in articles if a.error})[:2]
    print(json.dumps({"seconds": seconds, "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "statuses": dict(statuses), "errors": errors}))


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    # No options: the parser is here so that --help describes the run instead of starting it.
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for name in SCENARIOS:
        with tempfile.TemporaryDirectory() as folder:
            path, max_bytes = build(name, Path(folder))
            done = subprocess.run([sys.executable, __file__, "--child", name, str(path), str(max_bytes)],
                                  capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            print(f"{name}: CRASHED {done.stderr[-400:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name}: {result['seconds']:.1f} s, peak RSS {result['maxrss_mib']:.0f} MiB, "
              f"statuses {result['statuses']}, errors {result['errors']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
