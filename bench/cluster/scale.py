"""Clustering cost at scale on generated corpora built from real sentence pools.

    .venv/bin/python bench/cluster/scale.py [--sizes 10000,100000] [--stream-size 10000]

Sentences are read at run time from the shared ECB+, BASIL and AllSides texts and
recombined into synthetic events: each event draws its own sentences, each of its
articles takes a few of them plus unrelated background sentences, and a date near the
event's. Each size runs in a fresh process so peak memory is its own. Prints articles per
second, peak RSS, the time factor for 10x more articles, B-cubed F1 against the generated
events (a sanity check only), and the streaming p50/p99 time to place one article.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, shared_available  # noqa: E402

from storyline.model import Article  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sentence_pool() -> list[str]:
    texts = []
    for path in sorted(glob.glob(str(SHARED / "datasets/ecbplus/doc_text/*/*.json"))):
        texts.append(json.loads(Path(path).read_text(encoding="utf-8")).get("text") or "")
    for path in sorted(glob.glob(str(SHARED / "datasets/basil/articles/*/*.json"))):
        paras = json.loads(Path(path).read_text(encoding="utf-8")).get("body-paragraphs", [])
        texts.extend(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
    pool = {s.strip() for text in texts for s in _SENTENCE.split(" ".join(text.split()))}
    return sorted(s for s in pool if 40 <= len(s) <= 400)


def generate(n: int, pool: list[str], seed: int = 13) -> tuple[list[Article], dict[str, int]]:
    rng = random.Random(seed)
    articles, gold = [], {}
    origin = dt.date(2030, 1, 1)
    event = 0
    while len(articles) < n:
        own = rng.sample(pool, 8)
        day = origin + dt.timedelta(days=rng.randrange(730))
        size = min(n - len(articles), max(1, int(rng.paretovariate(1.3))))
        for k in range(size):
            body = rng.sample(own, 4) + rng.sample(pool, 2)
            rng.shuffle(body)
            aid = f"g{event}-{k}"
            published = (day + dt.timedelta(days=rng.randrange(3))).isoformat()
            articles.append(Article(id=aid, source=f"outlet{rng.randrange(40)}", title=rng.choice(own[:3]),
                                    text=" ".join(body), published=published))
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--stream-size", type=int, default=10000)
    parser.add_argument("--one", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not shared_available():
        print("bench/cluster/scale.py: /work/shared is absent; nothing to measure")
        return 0
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])))
        return 0
    runs = [(int(n), "batch") for n in args.sizes.split(",")] + [(args.stream_size, "stream")]
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
    batch = [r for r in results if r["mode"] == "batch"]
    for small, large in zip(batch, batch[1:]):
        factor = large["cpu"] / small["cpu"]
        print(f"time factor {small['n']} -> {large['n']} articles ({large['n'] / small['n']:.0f}x): "
              f"{factor:.1f} (cpu), {large['wall'] / small['wall']:.1f} (wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
