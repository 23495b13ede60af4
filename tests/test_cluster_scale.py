"""Clustering's bounded-cost paths: lazy rescoring of large neighbourhoods, bounded stream candidates."""
from __future__ import annotations

import random

import storyline.cluster.batch as batch
import storyline.cluster.stream as stream
from storyline.cluster import StoryIndex, cluster_articles
from storyline.model import Article



def letters(number: int) -> str:
    # Digits would split a word in two for the tokeniser: spell numbers in letters instead.
    return "".join("abcdefghij"[int(d)] for d in str(number))


COMMON = [f"common{letters(k)}" for k in range(300)]


def event_words(event: int) -> list[str]:
    # Made-up words: one vocabulary per event, so the right partition is known.
    return [f"event{letters(event)}term{letters(k)}" for k in range(14)]


def event_corpus(sizes: list[int], seed: int = 5) -> tuple[list[Article], set[frozenset[str]]]:
    rng = random.Random(seed)
    articles, gold = [], set()
    for event, size in enumerate(sizes):
        own = event_words(event)
        ids = []
        for k in range(size):
            text = " ".join(rng.sample(own, 9) + rng.sample(COMMON, 3)) + "."
            aid = f"e{event}-{k}"
            articles.append(Article(id=aid, source=f"src{k % 7}", text=text, published="2031-05-01"))
            ids.append(aid)
        gold.add(frozenset(ids))
    return articles, gold


def partition(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_lazy_rescoring_gives_the_exact_partition_for_less_work(monkeypatch):
    articles, gold = event_corpus([45, 30, 12, 3, 1, 1])
    calls = {"n": 0}
    scored = batch.linkage

    def counted(*args):
        calls["n"] += 1
        return scored(*args)

    monkeypatch.setattr(batch, "linkage", counted)
    exact = partition(cluster_articles(articles))
    exact_calls, calls["n"] = calls["n"], 0
    monkeypatch.setattr(batch, "EAGER_RESCORE", 2)  # every merged cluster goes the lazy way
    lazy = partition(cluster_articles(list(reversed(articles))))
    assert exact == gold
    assert lazy == exact
    assert calls["n"] < 0.9 * exact_calls


def test_stream_scores_a_bounded_number_of_candidates():
    index = StoryIndex()
    # Many one-article stories all posting the same common words under their own ones.
    crowd = stream.SCORED_CANDIDATES * 3
    for k in range(crowd):
        index.add(Article(id=f"c{k}", source="s", published="2031-05-01",
                          text=" ".join(COMMON[:2] + [f"crowd{letters(k)}word{letters(w)}" for w in range(10)]) + "."))
    target = event_words(99)
    index.add(Article(id="t0", source="s", published="2031-05-01", text=" ".join(target + COMMON[:2]) + "."))
    follow = Article(id="t1", source="s", published="2031-05-02", text=" ".join(target[:10] + COMMON[:2]) + ".")
    vector = index._weigh(index._counts(follow))
    found = index.candidates(vector)
    assert len(found) <= stream.SCORED_CANDIDATES
    assert index.story_of("t0") in found
    assert index.add(follow) == index.story_of("t0")
    assert len(index) == crowd + 1
