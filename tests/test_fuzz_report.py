"""Fuzzing the JSON report writer with corpora of random Articles, Entities and Stories.

Whatever the stages produce (odd text, empty lists, any status), the report must be valid
against the contract schema, every span must be the text it points at, and `dumps` must give
the same bytes whatever order the corpus lists things in.
"""
from __future__ import annotations

import json
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import (
    Article, Claim, Conflict, ConflictValue, Entity, Fact, Mention, Quantity, Quote, Status, Story, TimeRef,
)
from storyline.pipeline import Corpus
from storyline.report import build_report, dumps, validation_errors

STATUSES = list(get_args(Status))
short_text = st.text(max_size=20)
optional_text = st.one_of(st.none(), short_text)


@st.composite
def spans_of(draw, text: str, make):
    """Up to three spans whose `text` is exactly text[start:end]."""
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append(make(draw, start, end, text[start:end]))
    return spans


def _mention(draw, start, end, text):
    return Mention(start, end, text, draw(st.sampled_from(["PERSON", "ORG", "GPE"])), entity=draw(optional_text))


def _quote(draw, start, end, text):
    return Quote(start, end, text, draw(st.sampled_from(["direct", "indirect", "mixed"])),
                 speaker=draw(optional_text), speaker_text=draw(optional_text), cue=draw(optional_text))


def _time(draw, start, end, text):
    return TimeRef(start, end, text, draw(st.sampled_from(["DATE", "TIME", "DURATION", "SET"])),
                   draw(st.one_of(st.none(), st.sampled_from(["2025-04-10", "P3D", "2025-W14", "PRESENT_REF"]))))


def _quantity(draw, start, end, text):
    value = draw(st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False)))
    return Quantity(start, end, text, value, draw(optional_text), approximate=draw(st.booleans()))


@st.composite
def articles(draw, index: int) -> Article:
    status = draw(st.sampled_from(STATUSES))
    text = draw(st.text(min_size=1, max_size=120)) if status == "ok" else ""
    return Article(
        id=f"a{index:03d}-{draw(st.text(alphabet='abcdef0123456789', max_size=4))}",
        source=draw(st.text(min_size=1, max_size=20)),
        status=status,
        text=text,
        title=draw(optional_text),
        url=draw(optional_text),
        path=draw(optional_text),
        published=draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))),
        error=None if status == "ok" else draw(st.text(min_size=1, max_size=40)),
        mentions=draw(spans_of(text, _mention)),
        quotes=draw(spans_of(text, _quote)),
        times=draw(spans_of(text, _time)),
        quantities=draw(spans_of(text, _quantity)),
    )


@st.composite
def corpora(draw) -> Corpus:
    members = [draw(articles(i)) for i in range(draw(st.integers(0, 6)))]
    entities = [Entity(id=f"e{i}", name=draw(st.text(min_size=1, max_size=15)), type="PERSON",
                       aliases=draw(st.lists(short_text, max_size=2)), articles=[a.id for a in members[:2]])
                for i in range(draw(st.integers(0, 3)))]
    stories = []
    ok = [a for a in members if a.ok]
    if ok:
        for i in range(draw(st.integers(0, 2))):
            article = draw(st.sampled_from(ok))
            end = draw(st.integers(0, len(article.text)))
            claim = Claim(article.id, 0, end, article.text[:end], source=article.source)
            conflicts = [Conflict("number", [ConflictValue(draw(st.integers()), claim), ConflictValue("x", claim)])]
            fact = Fact(f"f{i}", draw(st.sampled_from(["corroborated", "single-source", "conflicting"])),
                        draw(short_text), [claim], [article.source], conflicts=draw(st.sampled_from([[], conflicts])))
            stories.append(Story(id=f"s{i}", title=draw(short_text), articles=[article.id], sources=[article.source],
                                 facts=[fact]))
    return Corpus(articles=members, entities=entities, stories=stories)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(corpus=corpora(), order=st.randoms(use_true_random=False))
def test_report_is_schema_valid_and_deterministic(corpus, order):
    report = build_report(corpus)
    assert validation_errors(report) == []
    text = dumps(report)
    assert json.loads(text) == json.loads(json.dumps(report))  # plain JSON data, no lossy types
    shuffled = Corpus(articles=list(corpus.articles), entities=list(corpus.entities), stories=list(corpus.stories))
    for items in (shuffled.articles, shuffled.entities, shuffled.stories):
        order.shuffle(items)
    assert dumps(build_report(shuffled)) == text


def test_validation_catches_a_span_that_does_not_match():
    # The property above relies on validation_errors noticing bad spans; make sure it can fail.
    article = Article(id="a1", source="s", text="Harbour opens", mentions=[Mention(0, 7, "Harbor", "GPE")])
    errors = validation_errors(build_report(Corpus(articles=[article])))
    assert any("span 0-7" in e for e in errors)
