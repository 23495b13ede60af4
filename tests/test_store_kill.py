"""A writer process SIGKILLed mid-ingest leaves a sound database that a re-run completes."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from storyline.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
TOTAL, BATCH = 3000, 50

CHILD = textwrap.dedent(
    f"""
    import sys, time
    from pathlib import Path
    from storyline.model import Article, Mention
    from storyline.store.sqlite import SQLiteStore

    def articles(pause):
        for number in range({TOTAL}):
            if pause:
                time.sleep(pause)
            text = f"kiltoken report {{number}} from source {{number % 7}} about the harbour"
            yield Article(id=f"k{{number:05d}}", source=f"src{{number % 7}}", title=f"Report {{number}}",
                          text=text, mentions=[Mention(0, 8, "kiltoken", "ORG", entity="e-kil")])

    store = SQLiteStore(Path(sys.argv[1]))
    print("ready", flush=True)
    store.put_articles(articles(float(sys.argv[2])), batch_size={BATCH})
    store.close()
    print("done", flush=True)
    """
)


def run_child(script: Path, db: Path, pause: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(pause)], stdout=subprocess.PIPE, text=True, env=env
    )


def database_state(db: Path) -> tuple[str, int, int, int]:
    """(integrity_check, rows, distinct ids, FTS hits for the token every article holds)."""
    connection = sqlite3.connect(db)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows, distinct = connection.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        hits = connection.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'kiltoken'"
        ).fetchone()[0]
    finally:
        connection.close()
    return integrity, rows, distinct, hits


@pytest.mark.slow
def test_killed_ingest_loses_at_most_the_batch_in_flight(tmp_path):
    script = tmp_path / "ingest_child.py"
    script.write_text(CHILD)
    db = tmp_path / "killed.db"
    chooser = random.Random()
    partial_counts = []

    for trial in range(3):
        child = run_child(script, db, pause=0.001)
        assert child.stdout.readline().strip() == "ready"
        delay = chooser.uniform(0.15, 1.2)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL, f"trial {trial}: child finished before the kill"

        integrity, rows, distinct, hits = database_state(db)
        context = f"trial {trial}, killed after {delay:.2f}s"
        assert integrity == "ok", context
        assert rows == distinct == hits, context
        assert rows % BATCH == 0, f"{context}: a partial batch was committed ({rows} rows)"
        partial_counts.append(rows)
        with SQLiteStore(db) as store:
            assert store.integrity_check() == [], context

    assert any(0 < count < TOTAL for count in partial_counts), partial_counts

    child = run_child(script, db, pause=0.0)
    output, _ = child.communicate(timeout=60)
    assert child.returncode == 0 and output.split() == ["ready", "done"]
    assert database_state(db) == ("ok", TOTAL, TOTAL, TOTAL)
    with SQLiteStore(db) as store:
        assert store.integrity_check() == []
        assert len(store.search("harbour", limit=TOTAL + 10)) == TOTAL
        assert len(list(store.iter_mentions("e-kil"))) == TOTAL
