"""Extraction speed against spaCy's own `nlp.pipe` on the same texts, in the same run.

Usage: python bench/extract/speed.py [--repeat N] [--floor RATIO]

Texts: the 61 articles of ../shared/corpora/ukraine-2025 when present, else the bundled examples.
Prints words/second of (a) `nlp.pipe` alone and (b) the whole extraction (the same parse plus
mentions, quotes, times, quantities and cross-article entity linking), and their ratio. The goal
is a ratio of at least 0.8: our logic on top costs at most a fifth of the model's time.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from storyline.extract import extract_article  # noqa: E402
from storyline.extract.entities import link_entities  # noqa: E402
from storyline.extract.nlp import load_nlp  # noqa: E402
from storyline.ingest import read_inputs  # noqa: E402
from storyline.pipeline import Options  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-2025"


def load_articles():
    if CORPUS.is_dir():
        articles = read_inputs([str(CORPUS / "articles")], Options(meta=CORPUS / "meta.jsonl"))
        name = "ukraine-2025 (61 real articles)"
    else:
        print("../shared/corpora/ukraine-2025 absent: timing the bundled examples instead")
        articles = read_inputs([str(ROOT / "examples")], Options(meta=ROOT / "examples" / "meta.jsonl"))
        name = "examples"
    return [a for a in articles if a.ok], name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings")
    parser.add_argument("--floor", type=float, default=None, help="exit 1 when the ratio falls below this")
    args = parser.parse_args()
    articles, name = load_articles()
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:2]))  # warm up
    spacy_best = ours_best = float("inf")
    logic_best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        spacy_best = min(spacy_best, time.perf_counter() - start)

        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        parsed = time.perf_counter()
        for article, doc in zip(articles, docs):
            article.published = article.published or "2025-04-10"
            extract_article(article, doc, None)
        link_entities(articles, {a.id: d for a, d in zip(articles, docs)})
        done = time.perf_counter()
        ours_best = min(ours_best, done - start)
        logic_best = min(logic_best, done - parsed)
    ratio = spacy_best / ours_best
    print(f"corpus: {name}, {len(texts)} articles, {words} words")
    print(f"spaCy nlp.pipe alone:      {words / spacy_best:10.0f} words/s ({spacy_best:.2f} s)")
    print(f"storyline extraction:      {words / ours_best:10.0f} words/s ({ours_best:.2f} s)")
    print(f"our logic on top:          {logic_best:.2f} s = {logic_best / spacy_best:.1%} of the model's time")
    print(f"ratio (goal >= 0.8): {ratio:.3f}")
    if args.floor is not None and ratio < args.floor:
        print(f"FLOOR FAILED: ratio {ratio:.3f} < {args.floor}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
