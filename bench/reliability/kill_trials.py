"""Many SIGKILL trials of the real CLI: each kills `storyline ingest` or `analyze` at a random
moment, checks the store, re-runs `ingest` to completion and checks every input is there once.

A trial survives when, after the kill, SQLite's and FTS5's integrity checks pass with no
duplicate ids, and the re-run exits 0 leaving exactly one row per input. A final `analyze`
re-run must also complete. Helpers are the test suite's (tests/test_crash_safety.py).

    .venv/bin/python bench/reliability/kill_trials.py [--trials 20] [--articles 300]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from test_crash_safety import kill_trial, run_to_completion, store_state, storyline_command, write_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=12.0, help="latest kill, in seconds after start")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    survived = killed = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        corpus, db = Path(folder) / "corpus", Path(folder) / "store.db"
        record_ids = write_corpus(corpus, args.articles)
        for trial in range(1, args.trials + 1):
            command_name = rng.choice(["ingest", "analyze"])
            delay = rng.uniform(0.2, args.max_delay)
            was_killed, state = kill_trial(storyline_command(command_name, str(corpus), "--db", str(db), "-q"), db, delay)
            killed += was_killed
            sound = state is None or (state.integrity == [] and state.rows == state.distinct)
            rerun = run_to_completion(storyline_command("ingest", str(corpus), "--db", str(db), "-q"))
            after = store_state(db)
            complete = (rerun.returncode == 0 and after.integrity == [] and after.rows == after.distinct == args.articles
                        and record_ids <= after.ids)
            survived += sound and complete
            print(f"trial {trial}: {command_name} killed after {delay:.1f}s ({'killed' if was_killed else 'finished first'}); "
                  f"after kill: {'sound' if sound else f'BROKEN {state}'}; re-run: "
                  f"{'complete' if complete else f'INCOMPLETE rc={rerun.returncode} rows={after.rows} {rerun.stderr[-300:]}'}",
                  flush=True)
        final = run_to_completion(storyline_command("analyze", str(corpus), "--db", str(db), "-q"))
        state = store_state(db)
        final_ok = final.returncode == 0 and state.integrity == [] and state.rows == state.distinct == args.articles
    print(f"kill trials: {survived}/{args.trials} survived ({killed} killed mid-run, {args.trials - killed} finished "
          f"before the kill); final analyze re-run: {'exit 0, ' if final.returncode == 0 else f'exit {final.returncode}, '}"
          f"{state.rows} rows / {state.distinct} distinct ids for {args.articles} inputs, integrity "
          f"{'ok' if not state.integrity else state.integrity}; {time.monotonic() - started:.0f} s")
    return 0 if survived == args.trials and final_ok else 1


if __name__ == "__main__":
    sys.exit(main())
