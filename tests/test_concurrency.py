"""`storyline serve` answers while `storyline ingest` and story rewrites write to the same store.

A real server process on a free loopback port, a real `ingest` process writing batches, and
a thread replacing the stories and entities (what `analyze` does at its end), while two
client threads read pages and JSON twins. No response may be a 5xx, and neither responses
nor the server log may mention a locked database. `bench/reliability/load.py` runs it longer.
"""
from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_crash_safety import _environment, storyline_command, write_corpus  # noqa: E402

from storyline.model import Article, Claim, Entity, Fact, Mention, Story  # noqa: E402
from storyline.store.sqlite import SQLiteStore  # noqa: E402

LOCKED = "database is locked"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed_store(db: Path, count: int = 60) -> list[str]:
    """Articles, entities and stories written through the store API; returns the article ids."""
    articles = [
        Article(id=f"seed-{n:03d}", source=f"Outlet {n % 3}", title=f"Pier report {n}",
                text=f"Harbourmaster Ivo Brant said pier {n} would reopen on Monday.",
                mentions=[Mention(0, 25, "Harbourmaster Ivo Brant", "PERSON", entity="e-brant")])
        for n in range(count)
    ]
    with SQLiteStore(db) as store:
        store.put_articles(articles, batch_size=20)
        write_stories(store, [a.id for a in articles], generation=0)
    return [a.id for a in articles]


def write_stories(store: SQLiteStore, article_ids: list[str], generation: int) -> None:
    """Replace every story and entity, as the end of an `analyze` run does."""
    store.put_entities([Entity(id="e-brant", name="Ivo Brant", type="PERSON", articles=article_ids[:5])])
    stories = []
    for number in range(0, len(article_ids), 6):
        members = article_ids[number:number + 6]
        claim = Claim(members[0], 0, 25, "Harbourmaster Ivo Brant", source="Outlet 0")
        stories.append(Story(id=f"story-{number:03d}", title=f"Pier {number} (generation {generation})",
                             articles=members, sources=["Outlet 0", "Outlet 1"],
                             facts=[Fact(f"fact-{number}", "single-source", "Pier reopens", [claim], ["Outlet 0"])]))
    store.put_stories(stories)


@dataclass
class LoadResult:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20)[-1] if len(self.latencies) >= 2 else 0.0


class Server:
    """`storyline serve` in a subprocess, its stderr kept for inspection."""

    def __init__(self, db: Path, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "w")
        self.log_path = log
        self.process = subprocess.Popen(
            storyline_command("serve", "--db", str(db), "--port", str(self.port)),
            stdout=self._log, stderr=subprocess.STDOUT, env=_environment(),
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()}")
            try:
                urllib.request.urlopen(self.base + "/stories.json", timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise TimeoutError("server did not start")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
        return self.log_path.read_text()


def client_loop(base: str, article_ids: list[str], stop: threading.Event, result: LoadResult, lock: threading.Lock,
                worker: int) -> None:
    paths = ["/", "/stories.json", "/?q=pier", "/stories.json?q=harbour&source=Outlet+0",
             "/stories/story-000", "/stories/story-006.json", "/entities/e-brant.json"]
    number = worker
    while not stop.is_set():
        path = paths[number % len(paths)] if number % 3 else f"/articles/{article_ids[number % len(article_ids)]}.json"
        number += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                body, status = response.read().decode("utf-8", "replace"), response.status
        except urllib.error.HTTPError as error:
            body, status = error.read().decode("utf-8", "replace"), error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            body, status = str(error), 599
        elapsed = time.monotonic() - started
        with lock:
            result.requests += 1
            result.latencies.append(elapsed)
            # A story may vanish between listing and fetching while stories are replaced: 404 is fine.
            if status >= 500 or LOCKED in body:
                result.errors.append(f"{path}: {status} {body[:200]}")


def run_load(db: Path, corpus: Path, tmp: Path, seconds: float, clients: int = 2) -> tuple[LoadResult, str, int]:
    """Serve `db` while ingesting `corpus` into it and rewriting its stories; (load, server log, writes)."""
    article_ids = seed_store(db)
    server = Server(db, tmp / "server.log")
    result, lock, stop = LoadResult(), threading.Lock(), threading.Event()
    writes = 0
    try:
        server.wait_ready()
        threads = [threading.Thread(target=client_loop, args=(server.base, article_ids, stop, result, lock, n))
                   for n in range(clients)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + seconds
        with SQLiteStore(db) as store:
            while time.monotonic() < deadline:
                ingest = subprocess.Popen(storyline_command("ingest", str(corpus), "--db", str(db), "-q"),
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                          env=_environment())
                while ingest.poll() is None:
                    writes += 1
                    write_stories(store, article_ids, generation=writes)
                    time.sleep(0.1)
                assert ingest.returncode == 0, ingest.stderr.read()
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        stop.set()
        log = server.stop()
    return result, log, writes


def test_server_reads_while_ingest_and_story_writes_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 300)
    result, log, writes = run_load(tmp_path / "store.db", corpus, tmp_path, seconds=10)
    assert result.requests >= 50, result.requests  # enough traffic to have meant something
    assert writes >= 5
    assert result.errors == []
    assert LOCKED not in log and "Traceback" not in log, log[-2000:]
