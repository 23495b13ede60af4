"""Dask must see how big our records are, or a worker's memory limit does not hold (runners/sizes.py)."""
from __future__ import annotations

import pickle

import pytest

pytest.importorskip("dask")

from dask.sizeof import sizeof  # noqa: E402

from storyline.model import Article, Fact, Mention, Quote, Story  # noqa: E402
from storyline.runners import sizes  # noqa: E402,F401  (registers the sizes)
from storyline.runners.tasks import ExtractedPartition  # noqa: E402


def _article(number: int) -> Article:
    text = f"Harbour workers in Quellport walked out on Tuesday over pay, union {number} said. " * 20
    return Article(id=f"a{number}", source="North Ledger", text=text, title="Strike",
                   mentions=[Mention(0, 7, "Harbour", "ORG")] * 12,
                   quotes=[Quote(0, 13, "We walked out", "direct", speaker="Ilsa Brandvik")] * 3)


def test_an_article_counts_its_text_and_what_was_extracted_from_it():
    article = _article(1)
    assert sizeof(article) >= len(article.text) + 15 * 300
    # Right size, not exact: within a few times what the article takes once unpickled.
    assert sizeof(article) > len(pickle.dumps(article)) / 3


def test_a_partition_of_articles_is_counted_from_its_articles_and_docs():
    articles = [_article(n) for n in range(40)]
    texts = sum(len(a.text) for a in articles)
    assert sizeof(articles) >= texts
    part = ExtractedPartition(articles, {}, [a.id for a in articles], b"\0" * 500_000)
    assert sizeof(part) >= texts + 500_000
    story = Story(id="s1", title="Strike", sources=["North Ledger"], articles=[a.id for a in articles],
                  facts=[Fact(f"f{n}", "single-source", "Workers walked out.", [], ["North Ledger"])
                        for n in range(30)])
    assert sizeof(story) >= 30 * 1000
