"""Clustering cost at scale on generated corpora built from real sentence pools.

    .venv/bin/python bench/cluster/scale.py [--sizes 10000,100000] [--stream-size 10000] [--index-stories 100000]

Sentences (about 73,000) are read at run time from the shared news datasets (`pool.py`) and
recombined into synthetic events: each event is dealt its own sentences, each of its
articles takes a few of them plus unrelated background sentences, and a date near the
event's. Each size runs in a fresh process so peak memory is its own. Prints articles per
second, peak RSS, the time factor for 10x more articles, B-cubed F1 against the generated
events (a sanity check only), the streaming p50/p99 time to place one article, and the
p50/p99 time to place one new article into an index already holding 100,000 stories.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import shared_available  # noqa: E402
from pool import sentence_pool  # noqa: E402

from storyline.model import Article  # noqa: E402

_ORIGIN = dt.date(2030, 1, 1)


class Deck:
    """The pool dealt in shuffled order, reshuffled when used up: each sentence is the own
    sentence of one event per pass, so events share sentences as rarely as the pool allows."""

    def __init__(self, rng: random.Random, pool: list[str]):
        self.rng, self.pool, self.cards = rng, pool, []

    def deal(self, k: int) -> list[str]:
        if len(self.cards) < k:
            fresh = list(self.pool)
            self.rng.shuffle(fresh)
            self.cards = fresh + self.cards
        return [self.cards.pop() for _ in range(k)]


def new_event(rng: random.Random, deck: Deck) -> tuple[list[str], dt.date]:
    """An event's own sentences and its day."""
    return deck.deal(8), _ORIGIN + dt.timedelta(days=rng.randrange(730))


def event_article(rng: random.Random, pool: list[str], event: tuple[list[str], dt.date], aid: str) -> Article:
    """Four of the event's sentences, two unrelated ones, a headline of the event, a date near it."""
    own, day = event
    body = rng.sample(own, 4) + rng.sample(pool, 2)
    rng.shuffle(body)
    published = (day + dt.timedelta(days=rng.randrange(3))).isoformat()
    return Article(id=aid, source=f"outlet{rng.randrange(40)}", title=rng.choice(own[:3]),
                   text=" ".join(body), published=published)


def generate(n: int, pool: list[str], seed: int = 13) -> tuple[list[Article], dict[str, int]]:
    """`n` articles of events whose sizes follow a heavy-tailed (Pareto) law, and each one's event."""
    rng = random.Random(seed)
    deck = Deck(rng, pool)
    articles, gold = [], {}
    event = 0
    while len(articles) < n:
        drawn = new_event(rng, deck)
        size = min(n - len(articles), max(1, int(rng.paretovariate(1.3))))
        for k in range(size):
            aid = f"g{event}-{k}"
            articles.append(event_article(rng, pool, drawn, aid))
            gold[aid] = event
        event += 1
    return articles, gold


def bcubed_f1(stories, gold: dict[str, int]) -> float:
    from collections import Counter

    cluster = {aid: k for k, s in enumerate(stories) for aid in s.articles}
    csize, gsize = Counter(cluster.values()), Counter(gold.values())
    both = Counter((cluster[a], gold[a]) for a in gold)
    p = sum(both[(cluster[a], gold[a])] / csize[cluster[a]] for a in gold) / len(gold)
    r = sum(both[(cluster[a], gold[a])] / gsize[gold[a]] for a in gold) / len(gold)
    return 2 * p * r / (p + r)


def run_one(n: int, mode: str) -> dict:
    from storyline.cluster import StoryIndex, cluster_articles

    articles, gold = generate(n, sentence_pool())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "batch":
        stories = cluster_articles(articles)
        placements: list[float] = []
    else:
        index = StoryIndex()
        placements = []
        for article in sorted(articles, key=lambda a: (a.published or "", a.id)):
            start = time.perf_counter()
            index.add(article)
            placements.append(time.perf_counter() - start)
        stories = index.stories()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tail = sorted(placements[-1000:])
    return {"n": n, "mode": mode, "wall": wall, "cpu": cpu, "stories": len(stories),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "input_mb": before / 1024,
            "f1": bcubed_f1(stories, gold),
            "p50_ms": 1000 * tail[len(tail) // 2] if tail else None,
            "p99_ms": 1000 * tail[int(len(tail) * 0.99)] if tail else None}


def run_index(stories: int, placed: int = 1000, seed: int = 29) -> dict:
    """Time placing `placed` new articles, one by one, into an index holding `stories` stories.

    The index is loaded in bulk with one article per distinct event. Every other new article
    follows an indexed event (it should join that story); the rest report new events (they
    should open a story of their own).
    """
    from storyline.cluster import StoryIndex
    from storyline.model import Story

    pool = sentence_pool()
    rng = random.Random(seed)
    deck = Deck(rng, pool)
    events = [new_event(rng, deck) for _ in range(stories)]
    seeded = [event_article(rng, pool, event, f"i{k}") for k, event in enumerate(events)]
    cpu = time.process_time()
    index = StoryIndex.from_stories(
        [Story(id=f"s{k}", title="", articles=[a.id], sources=[]) for k, a in enumerate(seeded)], seeded)
    build_cpu = time.process_time() - cpu
    # CPU time as well as wall time: on a shared machine the wall-time tail is other processes'.
    timings, cpu_timings, joined, opened = [], [], 0, 0
    for k in range(placed):
        follow = k % 2 == 0
        target = rng.randrange(stories) if follow else -1
        event = events[target] if follow else new_event(rng, deck)
        article = event_article(rng, pool, event, f"new{k}")
        before = len(index)
        start, start_cpu = time.perf_counter(), time.process_time()
        story = index.add(article)
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - start_cpu)
        if follow:
            joined += story == f"s{target}"
        else:
            opened += len(index) == before + 1
    timings.sort()
    cpu_timings.sort()
    return {"n": stories, "mode": "index", "build_cpu": build_cpu, "placed": placed,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "p50_ms": 1000 * timings[len(timings) // 2], "p99_ms": 1000 * timings[int(len(timings) * 0.99)],
            "max_ms": 1000 * timings[-1], "cpu_p50_ms": 1000 * cpu_timings[len(cpu_timings) // 2],
            "cpu_p99_ms": 1000 * cpu_timings[int(len(cpu_timings) * 0.99)],
            "joined": joined / ((placed + 1) // 2), "opened": opened / (placed // 2)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--stream-size", type=int, default=10000)
    parser.add_argument("--index-stories", type=int, default=100000,
                        help="stories in the index that 1,000 new articles are placed into (0: skip)")
    parser.add_argument("--one", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not shared_available():
        print("bench/cluster/scale.py: /work/shared is absent; nothing to measure")
        return 0
    if args.one:
        n, mode = int(args.one[0]), args.one[1]
        print(json.dumps(run_index(n) if mode == "index" else run_one(n, mode)))
        return 0
    runs = [(int(n), "batch") for n in args.sizes.split(",") if n]
    runs += [(args.stream_size, "stream")] if args.stream_size else []
    results = []
    for n, mode in runs:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), mode], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results.append(r)
        extra = f" place p50 {r['p50_ms']:.2f} ms p99 {r['p99_ms']:.2f} ms" if r["p99_ms"] is not None else ""
        print(f"{mode:6} n={n:>7}: wall {r['wall']:.1f}s cpu {r['cpu']:.1f}s ({n / r['cpu']:.0f} articles/cpu-s), "
              f"peak RSS {r['peak_mb']:.0f} MB (inputs {r['input_mb']:.0f} MB), stories {r['stories']}, "
              f"synthetic B-cubed F1 {r['f1']:.3f}{extra}", flush=True)
    if args.index_stories:
        out = subprocess.run([sys.executable, __file__, "--one", str(args.index_stories), "index"], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"index  n={r['n']:>7} stories: bulk load {r['build_cpu']:.1f} cpu-s, peak RSS {r['peak_mb']:.0f} MB; "
              f"placing {r['placed']} new articles one by one: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
              f"max {r['max_ms']:.2f} ms (cpu p50 {r['cpu_p50_ms']:.2f} ms, p99 {r['cpu_p99_ms']:.2f} ms); "
              f"follow-ups joined their story {r['joined']:.1%}, new events opened a story {r['opened']:.1%}",
              flush=True)
    batch = [r for r in results if r["mode"] == "batch"]
    for small, large in zip(batch, batch[1:]):
        factor = large["cpu"] / small["cpu"]
        print(f"time factor {small['n']} -> {large['n']} articles ({large['n'] / small['n']:.0f}x): "
              f"{factor:.1f} (cpu), {large['wall'] / small['wall']:.1f} (wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
