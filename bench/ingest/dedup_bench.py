"""Throughput and accuracy of `mark_copies` on generated articles with known near copies.

Articles are random sentences over a Zipf-distributed invented vocabulary. A share of them
are near copies of an earlier article (new intro sentence, a few words swapped, sometimes
trimmed, another outlet), and as many again are distractors that merely share a couple of
sentences (a common quote) with another article, which must not be linked.

    .venv/bin/python bench/ingest/dedup_bench.py [--articles 20000] [--copy-share 0.05]
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import time

from storyline.ingest.dedup import mark_copies
from storyline.model import Article

SYLLABLES = ["ka", "ro", "mi", "tel", "san", "dor", "vu", "ne", "li", "bra", "os", "tem", "ga", "phi", "ur", "zen"]


def build_vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = build_vocabulary(self.rng)
        # Zipf-like weights: a few very common words, a long tail, as in real text.
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self.vocabulary))))

    def sentence(self) -> str:
        words = self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=self.rng.randint(10, 26))
        return " ".join(words).capitalize() + "."

    def body(self) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(5, 14))]

    def near_copy(self, sentences: list[str]) -> list[str]:
        copied = [self.sentence()] + sentences[1:]  # a rewritten intro
        if len(copied) > 6 and self.rng.random() < 0.5:
            copied = copied[:-1]  # trimmed to fit
        out = []
        for sentence in copied:
            words = sentence.split()
            for _ in range(self.rng.randint(0, 1)):  # light edits
                words[self.rng.randrange(len(words))] = self.rng.choice(self.vocabulary)
            out.append(" ".join(words))
        return out


def generate(total: int, copy_share: float, seed: int) -> tuple[list[Article], dict[str, str]]:
    """Articles and the ground truth: copy id -> original id."""
    gen = Generator(seed)
    rng = gen.rng
    start = dt.date(2024, 1, 1)
    bodies: list[list[str]] = []
    articles: list[Article] = []
    truth: dict[str, str] = {}
    copies = int(total * copy_share)
    distractors = copies
    for index in range(total):
        ident = f"g{index:06d}"
        published = (start + dt.timedelta(days=index // 50)).isoformat()
        source = f"outlet-{rng.randrange(40)}"
        if index >= total - copies:
            original = rng.randrange(total - copies - distractors)
            sentences = gen.near_copy(bodies[original])
            truth[ident] = articles[original].id
        elif index >= total - copies - distractors:
            # same topic: two sentences (a shared quote) from another article, the rest its own
            other = bodies[rng.randrange(total - copies - distractors)]
            sentences = gen.body()[:6] + other[1:3]
        else:
            sentences = gen.body()
        bodies.append(sentences)
        articles.append(Article(id=ident, source=source, text=" ".join(sentences), path=f"gen/{ident}.txt",
                                published=published))
    rng.shuffle(articles)
    return articles, truth


def score(articles: list[Article], truth: dict[str, str]) -> tuple[float, float, int, int, int]:
    predicted = {a.id: a.copy_of for a in articles if a.copy_of}
    correct = sum(1 for copy_id, original in predicted.items() if truth.get(copy_id) == original)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(truth) if truth else 1.0
    return precision, recall, correct, len(predicted), len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--copy-share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    articles, truth = generate(args.articles, args.copy_share, args.seed)
    words = sum(len(a.text.split()) for a in articles)
    started, started_cpu = time.perf_counter(), time.process_time()
    mark_copies(articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu

    precision, recall, correct, predicted, expected = score(articles, truth)
    print(f"articles: {len(articles)} ({words / len(articles):.0f} words on average), "
          f"true near copies: {expected}")
    print(f"mark_copies: {elapsed:.2f} s wall, {len(articles) / elapsed:.0f} articles/s "
          f"({cpu:.2f} s CPU, {len(articles) / cpu:.0f} articles per CPU-second)")
    print(f"copy detection: precision {precision:.3f} ({correct}/{predicted}), "
          f"recall {recall:.3f} ({correct}/{expected})")


if __name__ == "__main__":
    main()
