"""Quotes found in a small hand-written text by the real pipeline (mentions, then quotes): the
two helpers every quote test file uses."""
from __future__ import annotations

from storyline.model import Quote


def quotes_in(nlp, text: str) -> list[Quote]:
    from storyline.extract.mentions import find_mentions
    from storyline.extract.quotes import find_quotes

    doc = nlp(text)
    return find_quotes(doc, find_mentions(doc))


def quote_with(nlp, text: str, fragment: str) -> Quote:
    """The one quote whose text holds `fragment` (fails when there are none or several)."""
    hits = [q for q in quotes_in(nlp, text) if fragment in q.text]
    assert len(hits) == 1, [q.text for q in hits]
    return hits[0]
