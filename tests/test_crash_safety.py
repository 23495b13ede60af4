"""The real `storyline analyze`/`ingest` CLI SIGKILLed at random points never corrupts the store.

After each kill SQLite's integrity check (and the FTS5 index check) must pass; a re-run must
complete with exit 0 and leave every input in the store exactly once. The trials here are
few and bounded; `bench/reliability/kill_trials.py` runs many more with the same helpers.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOWNS = ["Lanmere", "Orford", "Kessington", "Dunmoor", "Westbrook", "Halvery"]
OUTLETS = ["Lanmere Post", "Orford Courier", "Coastline Wire", "Dunmoor Echo"]


def write_corpus(folder: Path, count: int, seed: int = 7) -> set[str]:
    """`count` small fictional articles (half JSONL records, half .txt files); returns the JSONL ids."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    records = count // 2
    ids = set()
    with open(folder / "wire.jsonl", "w", encoding="utf-8") as handle:
        for number in range(records):
            town = TOWNS[number % len(TOWNS)]
            record = {
                "id": f"rec-{number:04d}", "source": OUTLETS[number % len(OUTLETS)],
                "title": f"{town} harbour plan {number}", "published": f"2026-03-{1 + number % 28:02d}",
                "text": (f"The {town} council voted on Tuesday to spend {rng.randint(2, 90)} million pounds on "
                         f"harbour repair scheme {number}. Mayor Ann Fell said the work would take "
                         f"{rng.randint(1, 12)} months and employ {rng.randint(10, 500)} people."),
            }
            ids.add(record["id"])
            handle.write(json.dumps(record) + "\n")
    for number in range(count - records):
        town = TOWNS[number % len(TOWNS)]
        (folder / f"storm-{number:04d}.txt").write_text(
            f"Storm bulletin {number}: about {rng.randint(10, 9000)} homes in {town} lost power on Monday, "
            f"the utility Brightgrid said. Crews expect repairs to finish within {rng.randint(2, 9)} days.\n",
            encoding="utf-8",
        )
    return ids


def storyline_command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("storyline")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "storyline.cli"]
    return [*base, *args]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@dataclass
class StoreState:
    integrity: list[str]
    rows: int
    distinct: int
    ids: set[str]


def store_state(db: Path) -> StoreState:
    """What a fresh connection sees: SQLite's and FTS5's integrity checks, row and id counts."""
    connection = sqlite3.connect(db)
    try:
        problems = [r[0] for r in connection.execute("PRAGMA integrity_check") if r[0] != "ok"]
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:  # killed before the schema was committed: an empty store
            return StoreState(problems, 0, 0, set())
        try:
            connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            problems.append(f"articles_fts: {error}")
        connection.rollback()
        ids = [r[0] for r in connection.execute("SELECT id FROM articles")]
        return StoreState(problems, len(ids), len(set(ids)), set(ids))
    finally:
        connection.close()


def kill_trial(command: list[str], db: Path, delay: float) -> tuple[bool, StoreState | None]:
    """Start `command`, SIGKILL it after `delay` seconds; (killed before it finished, store state)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environment())
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed = True
    return killed, (store_state(db) if db.exists() else None)


def run_to_completion(command: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=_environment())


def test_killed_runs_leave_a_sound_store_that_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    count = 200
    record_ids = write_corpus(corpus, count)
    db = tmp_path / "store.db"
    rng = random.Random(2026)
    killed = 0
    started = time.monotonic()
    # Ingest trials hit the batched article writes; the analyze trial also hits model loading,
    # extraction and the final result writes.
    for command_name, delay in (("ingest", 0.8), ("ingest", rng.uniform(1.5, 4)), ("analyze", rng.uniform(3, 8))):
        was_killed, state = kill_trial(storyline_command(command_name, str(corpus), "--db", str(db), "-q"), db, delay)
        killed += was_killed
        if state is not None:
            assert state.integrity == [], state.integrity
            assert state.rows == state.distinct
            assert state.rows <= count
        if time.monotonic() - started > 40:
            break
    assert killed >= 1, "no trial was killed before it finished: the delays are too long to test anything"

    done = run_to_completion(storyline_command("analyze", str(corpus), "--db", str(db), "-q"))
    assert done.returncode == 0, done.stderr
    final = store_state(db)
    assert final.integrity == []
    assert final.rows == final.distinct == count
    assert record_ids <= final.ids
