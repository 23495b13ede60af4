"""The speaker as the attribution writes it (`speaker_as_written`, `speaker_span`) beside the
resolved name (`speaker_text`), on small fictional articles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.model import Quote
from tests.quote_helpers import quote_with


def written(text: str, q: Quote) -> str:
    assert q.speaker_span is not None
    start, end = q.speaker_span
    assert text[start:end] == q.speaker_as_written
    return q.speaker_as_written


def test_pronoun_is_written_as_the_pronoun_and_resolved_to_the_name(nlp):
    text = ("Maria Lopez spoke after the vote on Thursday.\n\n"
            "\u201cThe budget is balanced at last,\u201d she said.")
    q = quote_with(nlp, text, "budget")
    assert q.speaker_text == "Maria Lopez"
    assert written(text, q) == "she"
    assert q.speaker_span[0] == text.index("she said")


def test_short_name_is_written_as_the_short_name(nlp):
    text = ("Defence Secretary John Healey visited the base on Monday.\n\nHealey said that the troops "
            "would stay as long as they are needed.")
    q = quote_with(nlp, text, "troops")
    assert q.speaker_text == "John Healey"
    assert written(text, q) == "Healey"
    assert q.speaker_span[0] == text.index("Healey said")


def test_description_keeps_its_noun_phrase_without_clauses(nlp):
    text = ('Talks resumed in Geneva.\n"No deal is close," a senior official in the delegation '
            "told reporters on Monday.")
    q = quote_with(nlp, text, "No deal")
    assert written(text, q) == "a senior official in the delegation"


def test_relative_pronoun_is_written_as_itself(nlp):
    text = "Voters in Ohio backed Jane Moss, who said the plant would stay open."
    q = quote_with(nlp, text, "plant")
    assert written(text, q) == "who"
    assert q.speaker_text == "Jane Moss"


def test_passive_quoted_as_saying_takes_the_subject(nlp):
    text = "Mayor Anna Palisa was quoted as saying that the bridge would reopen in May."
    q = quote_with(nlp, text, "bridge")
    assert q.speaker_text == "Anna Palisa"
    assert written(text, q) == "Mayor Anna Palisa"


def test_fields_round_trip_and_fit_the_report_schema():
    jsonschema = pytest.importorskip("jsonschema")
    quote = Quote(start=0, end=5, text="Hello", kind="direct", speaker="ent1", speaker_text="Maria Lopez",
                  cue="said", speaker_as_written="she", speaker_span=[10, 13])
    data = quote.to_dict()
    assert data["speaker_as_written"] == "she" and data["speaker_span"] == [10, 13]
    assert Quote.from_dict(json.loads(json.dumps(data))) == quote
    schema_path = Path(__file__).resolve().parents[1] / "storyline" / "report" / "report.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    article = {"id": "a1", "source": "s", "status": "ok", "text": "Hello, she said.", "published": None,
               "mentions": [], "quotes": [data], "times": [], "quantities": []}
    jsonschema.validate({"schema": "storyline.report/1", "articles": [article], "entities": [], "stories": []},
                        schema)
