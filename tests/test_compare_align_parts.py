"""Clause parts of compound sentences (claims.clause_parts, align.attach_parts): a sentence that
states two facts sits in one as a whole and may join the other through one of its clauses."""
from __future__ import annotations

import numpy as np

from storyline.compare import build_ledger
from storyline.compare.align import Member, attach_parts
from storyline.compare.claims import clause_parts
from storyline.model import Article, Claim, Story


def _claim(text: str) -> Claim:
    return Claim(article="a", start=100, end=100 + len(text), text=text, source="Outlet")


def test_a_compound_sentence_is_cut_at_its_clause_breaks():
    text = ("The regional ferry will stop at the northern pier from next Monday onwards, "
            "according to a schedule the harbour office posted on its notice board.")
    parts = clause_parts(_claim(text))
    assert [p.text for p in parts] == [
        "The regional ferry will stop at the northern pier from next Monday onwards",
        "according to a schedule the harbour office posted on its notice board.",
    ]
    # Offsets point into the article like the sentence's own.
    assert parts[1].start == 100 + text.index("according")


def test_short_clauses_are_not_parts():
    assert clause_parts(_claim("The mayor resigned, which surprised nobody at the council meeting on Friday.")) == []
    assert clause_parts(_claim("A plain sentence about a bridge that has no clause break anywhere in it.")) == []


def test_a_part_joins_another_outlets_fact_but_never_its_own_sentence():
    # 0 and 1 (outlets A, B) are one fact; 2 is a sentence of C in a fact of its own; 3 is a
    # part of sentence 2, close to 0 and 1; 4 is a part of 0 that matches only its own sentence.
    members = [Member("a", "A", "a", unit="s0"), Member("b", "B", "b", unit="s1"),
               Member("c", "C", "c", unit="s2"), Member("c", "C", "c", unit="s2"),
               Member("a", "A", "a", unit="s0")]
    scores = np.full((5, 5), 0.05)
    scores[0, 1] = scores[1, 0] = 0.8
    scores[3, [0, 1]] = scores[[0, 1], 3] = 0.5
    scores[3, 2] = scores[2, 3] = 0.9
    scores[4, 0] = scores[0, 4] = 0.95
    groups = attach_parts([[0, 1], [2]], scores, members, sentences=3)
    assert groups == [[0, 1, 3], [2]]
    # Too far from one claim of the fact (under the link floor): no attachment.
    scores[3, 1] = scores[1, 3] = 0.1
    assert attach_parts([[0, 1], [2]], scores, members, sentences=3) == [[0, 1], [2]]


def test_a_sentence_carrying_two_facts_ends_in_both():
    harbour = Article(id="h", source="Harbour Times", text=(
        "The regional ferry will stop at the northern pier from next Monday onwards, "
        "while dock workers voted on Thursday to accept the new shift rota after two weeks of talks."))
    coast = Article(id="c", source="Coast Post", text=(
        "From next Monday the regional ferry will stop at the northern pier instead of the old quay. "
        "The new shift rota was accepted by dock workers in a Thursday vote after two weeks of talks."))
    # A third outlet states the vote too, so the vote is no single-outlet fact that a whole
    # sentence could be lent to (align.second_supports): only the clause can take Harbour Times there.
    bay = Article(id="b", source="Bay News", text=(
        "Dock workers accepted the new shift rota in a vote on Thursday, ending two weeks of talks."))
    story = Story(id="s", title="harbour", articles=["h", "c", "b"], sources=[])
    build_ledger(story, {"h": harbour, "c": coast, "b": bay})
    ferry = [f for f in story.facts if any("northern pier" in c.text and c.article == "c" for c in f.claims)]
    rota = [f for f in story.facts if any("shift rota" in c.text and c.article == "b" for c in f.claims)]
    assert len(ferry) == 1 and ferry[0].sources == ["Coast Post", "Harbour Times"]
    assert len(rota) == 1 and rota[0].sources == ["Bay News", "Coast Post", "Harbour Times"]
    for fact in story.facts:
        # A sentence and its own clause never both stand in one fact (one outlet saying it once).
        spans = [(c.start, c.end) for c in fact.claims if c.article == "h"]
        assert not any(a[0] <= b[0] and b[1] <= a[1] for a in spans for b in spans if a != b), fact.claims
