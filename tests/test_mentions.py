"""find_mentions on fictional text with the real spaCy model."""
from __future__ import annotations

from storyline.extract.mentions import find_mentions
from storyline.extract.names import fold, name_key, strip_possessive


def mentions_of(nlp, text):
    return find_mentions(nlp(text))


def by_text(mentions):
    return {m.text: m for m in mentions}


def test_offsets_match_text(nlp):
    text = "Prime Minister Anna Kowalczyk visited the United States on Monday."
    for m in mentions_of(nlp, text):
        assert text[m.start : m.end] == m.text


def test_titles_and_determiners_are_stripped(nlp):
    found = by_text(mentions_of(nlp, "President Daniel Okafor met officials from the United States in Geneva."))
    assert "Daniel Okafor" in found and found["Daniel Okafor"].type == "PERSON"
    assert "United States" in found
    assert not any(t.lower().startswith(("the ", "president ")) for t in found)


def test_possessives_are_stripped(nlp):
    found = by_text(mentions_of(nlp, "NATO’s chief said Ukraine's army and Germany's navy were ready."))
    assert {"NATO", "Ukraine", "Germany"} <= set(found)


def test_dates_and_numbers_are_not_mentions(nlp):
    types = {m.type for m in mentions_of(nlp, "On 12 March 2024, 40 soldiers left Paris at 5 p.m.")}
    assert types <= {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "LAW", "PRODUCT"}


def test_surname_resolves_to_full_name_in_article(nlp):
    text = "Defence Secretary Martin Ashworth arrived in Oslo. Ashworth told reporters the talks went well."
    resolved = {m.text: m.resolved for m in mentions_of(nlp, text)}
    assert resolved.get("Ashworth") == "Martin Ashworth"
    assert resolved.get("Martin Ashworth") == "Martin Ashworth"


def test_surname_shared_by_two_people_stays_unresolved(nlp):
    text = "John Carver and Jane Carver met in London on Monday. Later, Carver said nothing more."
    for m in mentions_of(nlp, text):
        if m.text == "Carver":
            assert m.resolved == "Carver"


def test_acronym_resolves_to_organisation_in_article(nlp):
    text = "The Ministry of Defence said on Friday it was ready. The MoD declined to comment further."
    found = by_text(mentions_of(nlp, text))
    assert found["MoD"].resolved == "Ministry of Defence"


def test_portfolio_fragment_is_not_an_organisation(nlp):
    found = mentions_of(nlp, "British Defence Secretary Martin Ashworth spoke in Oslo.")
    assert not any(m.type == "ORG" and "Defence" in m.text for m in found)


def test_name_helpers():
    assert strip_possessive("NATO’s") == "NATO"
    assert strip_possessive("Brussels'") == "Brussels"
    assert fold("Sébastien") == "sebastien"
    assert fold("the U.S.") == "us"
    assert name_key("Zelensky") == name_key("Zelenskyy") == name_key("Zelenskiy")
    assert name_key("Dmitry") == name_key("Dmitri")
    assert name_key("Johnson") != name_key("Johansson")
