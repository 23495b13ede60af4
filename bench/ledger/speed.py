"""Ledger speed on a 50-article story built by recombining real sentences from /work/shared.

    python bench/ledger/speed.py [--articles 50] [--nlp]

Sentences of the shared Ukraine corpus are shuffled (fixed seed) into articles of ~25
sentences from 10 outlets, so many claims recur across outlets as they do in a real story.
Prints the time of `build_ledger` alone (parsing, when --nlp, is timed separately).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from storyline.compare import build_ledger  # noqa: E402
from storyline.model import Article, Story  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "ukraine-2025"


def make_story(n_articles: int, seed: int = 7) -> tuple[Story, dict[str, Article]]:
    sentences: list[str] = []
    for path in sorted(CORPUS.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if len(s.split()) >= 6]
    rng = random.Random(seed)
    pool = rng.sample(sentences, min(len(sentences), 400))
    articles = {}
    for i in range(n_articles):
        picked = rng.sample(pool, 25)
        # Light rewrites so recurring sentences are paraphrase-like, not byte copies.
        picked = [s.replace(" said", " stated") if rng.random() < 0.3 else s for s in picked]
        article_id = f"a{i:03d}"
        articles[article_id] = Article(id=article_id, source=f"Outlet {i % 10}", text="\n".join(picked))
    return Story(id="speed", title="speed", articles=sorted(articles), sources=[]), articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--nlp", action="store_true", help="parse with spaCy first (timed separately)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"ledger speed: corpus not found at {CORPUS}; nothing to measure")
        return 0
    story, articles = make_story(args.articles)
    docs = None
    if args.nlp:
        from storyline.extract.nlp import parse

        started = time.perf_counter()
        docs = dict(zip(articles, parse(a.text for a in articles.values())))
        print(f"spaCy parse of {len(articles)} articles: {time.perf_counter() - started:.2f} s")
    started, cpu = time.perf_counter(), time.process_time()
    build_ledger(story, articles, docs)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    claims = sum(len(f.claims) for f in story.facts)
    print(f"ledger of {len(articles)} articles ({claims} claims, {len(story.facts)} facts): {elapsed:.2f} s wall, {cpu:.2f} s CPU "
          f"({'under' if elapsed < 5 else 'OVER'} the 5 s budget)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
