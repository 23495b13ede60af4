"""Sentence ends after a dotted initialism, in the text-only splitter (compare/claims.py)."""
from __future__ import annotations

from storyline.compare import split_claims
from storyline.model import Article


def _texts(text: str) -> list[str]:
    return [c.text for c in split_claims(Article(id="a", source="Gazette", text=text))]


def test_initialism_before_a_name_with_middle_initial_ends_the_sentence():
    texts = _texts("The harbour master said the ferry crew had misled the U.S.C.G. Peter J. Walsh, the "
                   "ferry's owner, apologised on Tuesday for the delay at the northern pier.")
    assert texts == ["The harbour master said the ferry crew had misled the U.S.C.G.",
                     "Peter J. Walsh, the ferry's owner, apologised on Tuesday for the delay at the northern pier."]


def test_initialism_inside_a_name_or_title_does_not_end_the_sentence():
    text = "The F.B.I. Director Ruth K. Alder testified on Friday about the harbour inquiry and the ferry."
    assert _texts(text) == [text]
    text = "Officials at the U.N. Security Council met on Monday to discuss the harbour dispute."
    assert _texts(text) == [text]


def test_single_letter_initial_before_a_name_does_not_end_the_sentence():
    text = "The inquiry heard from Peter J. Walsh and from the harbour master about the ferry delay."
    assert _texts(text) == [text]
