"""Story page latency of `storyline serve` under load, measured with wrk over loopback.

Builds a store holding ONE story of 100 fictional articles about one event (sentence templates
with varied wording and a few disagreeing numbers), starts `storyline serve` on a free
127.0.0.1 port in a subprocess, then runs wrk against the story page at concurrency 1, 4 and
16 and prints p50/p95/p99 latency and requests/s for each. Goal: p95 under 200 ms.

    .venv/bin/python bench/web/load.py [--duration 20] [--articles 100] [--path /stories/ID.json]

Needs wrk (`apt-get install -y wrk`); without it, says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from storyline import api
from storyline.compare import build_ledger
from storyline.model import Story, stable_id
from storyline.store import Store, open_store

OUTLETS = [f"{town} {kind}" for town in ("Brennock", "Calder", "Marlow Vale", "Ostry", "Pellham")
           for kind in ("Gazette", "Courier", "Radio", "Post")]
# One fictional event: the Calder dam spillway gives way and the town of Brennock is evacuated.
OPENINGS = [
    "Residents of Brennock were ordered to leave their homes on {day} after the spillway of the Calder dam gave way.",
    "The spillway of the Calder dam failed on {day}, forcing the evacuation of Brennock.",
    "Brennock was evacuated on {day} when part of the Calder dam spillway collapsed.",
    "Emergency crews began clearing Brennock on {day} after the Calder dam's spillway broke.",
]
COUNTS = [
    "About {people} people were moved to shelters in Marlow Vale.",
    "Officials said {people} residents had been taken to shelters.",
    "Some {people} people spent the night in school halls in Marlow Vale.",
]
QUOTES = [
    '"We will not let anyone back until the engineers say it is safe," said Mayor Odile Fenwick.',
    'Mayor Odile Fenwick said: "Nobody goes home until the dam has been inspected."',
    '"The water is still rising below the dam," county engineer Ravi Sandhu told reporters.',
    'County engineer Ravi Sandhu said the reservoir was being lowered by {metres} metres a day.',
]
DETAILS = [
    "The Calder dam was built in 1962 and last inspected in {inspected}.",
    "Heavy rain had filled the reservoir to its highest level in {years} years.",
    "The river Ost rose by {metres} metres within six hours, the county said.",
    "Two roads into Brennock remained closed on {day}.",
    "The regional water board said repairs could take {weeks} weeks.",
    "Shops and the railway station in Brennock stayed shut.",
    "Farmers downstream moved livestock to higher ground overnight.",
    "No injuries had been reported by the evening.",
]


def fictional_articles(count: int, seed: int = 7) -> list[dict]:
    """`count` reports of one event, worded differently, a few with disagreeing figures."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        slots = {
            "day": rng.choice(["Monday", "Monday night", "Monday morning"]),
            # Most outlets agree; a few report other figures, as real coverage does.
            "people": rng.choice(["2,400"] * 6 + ["2,500", "3,000"]),
            "metres": rng.choice(["1.5"] * 4 + ["2"]),
            "inspected": rng.choice(["2019"] * 5 + ["2018"]),
            "years": rng.choice(["40", "forty"]),
            "weeks": rng.choice(["six", "eight", "six"]),
        }
        sentences = [rng.choice(OPENINGS), rng.choice(COUNTS), *rng.sample(QUOTES, 2), *rng.sample(DETAILS, 4)]
        body = " ".join(sentence.format(**slots) for sentence in sentences)
        records.append({"id": f"calder-{number:03d}", "source": OUTLETS[number % len(OUTLETS)],
                        "title": f"Calder dam spillway fails; Brennock evacuated ({number + 1})",
                        "published": f"2031-03-{3 + number % 3:02d}", "text": body})
    return records


def build_store(db: Path, count: int) -> tuple[str, str]:
    """Analyse the fictional articles into `db`; make sure one story holds them all;
    return (its id, how it was built)."""
    corpus = db.parent / "calder.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in fictional_articles(count)), encoding="utf-8")
    with open_store(db) as store:
        result = api.analyze([str(corpus)], store=store)
        biggest = max(result.stories, key=lambda s: len(s.articles))
        if len(biggest.articles) == len(result.ok_articles()):
            return biggest.id, "clustered by the pipeline"
        split = f"the pipeline made {len(result.stories)} stories; built by hand"
        return _one_story(store, result.ok_articles()), split


def _one_story(store: Store, articles) -> str:
    """Clustering split the coverage: build the single story by hand, with its ledger."""
    ids = sorted(a.id for a in articles)
    dates = sorted(a.published for a in articles if a.published)
    story = Story(id=stable_id("s", *ids), title=articles[0].title or "Calder dam", articles=ids,
                  sources=sorted({a.source for a in articles}), start=dates[0] if dates else None,
                  end=dates[-1] if dates else None)
    build_ledger(story, {a.id: a for a in articles})
    store.put_stories([story])
    return story.id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"storyline serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"storyline serve did not answer {url} within {timeout:.0f} s")


def timed_get(url: str) -> tuple[float, int]:
    """(milliseconds, bytes) of one GET."""
    started = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        size = len(response.read())
    return (time.perf_counter() - started) * 1000, size


# wrk's --latency table has no p95; this prints the percentiles we report, in microseconds.
PERCENTILES_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("PCT %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run_wrk(url: str, connections: int, duration: int, script: Path) -> dict:
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "--latency", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    p50, p95, p99, requests, errors = (int(v) for v in re.search(r"^PCT (.*)$", output, re.M).group(1).split())
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"concurrency": connections, "p50_ms": p50 / 1000, "p95_ms": p95 / 1000, "p99_ms": p99 / 1000,
            "requests_per_s": rate, "requests": requests, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20, help="seconds per concurrency level")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--json", action="store_true", help="load the story's JSON twin instead of the page")
    parser.add_argument("--keep", type=Path, help="also copy the built store here (for profiling)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install -y wrk); nothing measured.")
        return
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as tmp:
        db = Path(tmp) / "load.db"
        started = time.perf_counter()
        story_id, how = build_store(db, args.articles)
        print(f"built a store with one {args.articles}-article story ({story_id}, {how}) in "
              f"{time.perf_counter() - started:.0f} s")
        if args.keep:
            with open_store(db) as source, open_store(args.keep) as target:
                target.put_articles(source.iter_articles())
                target.put_entities(source.iter_entities())
                target.put_stories(source.iter_stories())
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "storyline.cli", "-q", "serve", "--db", str(db),
                                   "--host", "127.0.0.1", "--port", str(port)])
        try:
            base = f"http://127.0.0.1:{port}"
            url = f"{base}/stories/{story_id}" + (".json" if args.json else "")
            wait_until_up(base + "/static/style.css", server)
            # Answers come from the page cache until the store changes; time the ones built from the store.
            first, size = timed_get(url)
            with open_store(db) as store:
                store.put_stories(list(store.iter_stories()))  # same content, new data version
            rebuilt, _ = timed_get(url)
            print(f"{url}: {size / 1024:.0f} KiB per response; built from the store: {first:.0f} ms on the "
                  f"process's first request, {rebuilt:.0f} ms after a store change")
            script = Path(tmp) / "percentiles.lua"
            script.write_text(PERCENTILES_LUA, encoding="utf-8")
            print(f"{'conc':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>6}")
            results = []
            for connections in (int(c) for c in args.concurrency.split(",")):
                row = run_wrk(url, connections, args.duration, script)
                results.append(row)
                print(f"{row['concurrency']:>4} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
                      f"{row['requests_per_s']:>8.1f} {row['errors']:>6}", flush=True)
            worst = max(r["p95_ms"] for r in results)
            print(f"worst p95 {worst:.1f} ms: {'meets' if worst < 200 else 'misses'} the 200 ms goal")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
