"""Fuzzing the time normaliser and the quantity parser: any text, any anchor, never an exception.

Values must be TIMEX3 (or None); quantity spans must be the text they point at. The
normaliser is pure and fast, so it gets more examples; quantities run through the spaCy
model, so they get a modest number (the long run is `bench/reliability/fuzz.py`).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import get_args

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from storyline.extract.times import normalise
from storyline.model import TimeType

TIME_TYPES = set(get_args(TimeType))

_NUMBER = r"(?:\d+(?:\.\d+)?|X)"
_DATE = (
    r"(?:\d{2,4}|XXXX)"                                                   # year, decade (199), century (19)
    r"(?:-(?:\d\d|W(?:\d\d|XX)|Q[1-4X]|H[12X]|SP|SU|FA|WI|XX))?"          # month, week, quarter, half, season
    r"(?:-(?:\d\d|WE|\d))?"                                               # day, weekend, weekday
    r"(?:T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT|XX))?"               # clock time or part of day
)
_DURATION = rf"P(?!$)(?:{_NUMBER}(?:Y|M|W|D|DE|CE|Q|H|WE|L))*(?:T(?:{_NUMBER}[HMS])+)?"
_TIME_ONLY = r"T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|DT|XX)"
TIMEX3_VALUE = re.compile(rf"^(?:{_DATE}|{_DURATION}|{_TIME_ONLY}|PRESENT_REF|PAST_REF|FUTURE_REF)$")

# Words the time grammar reacts to, so random sentences often contain (odd) time expressions.
TIME_WORDS = [
    "next", "last", "this", "the", "past", "coming", "ago", "later", "after", "before", "day", "days",
    "week", "weeks", "month", "months", "year", "years", "decade", "century", "quarter", "Q1", "Q4",
    "first", "second", "third", "fourth", "half", "H2", "fiscal", "FY", "Monday", "Sunday", "weekend",
    "May", "Sept.", "February", "December", "spring", "winter", "Christmas", "Easter", "Thanksgiving",
    "morning", "tonight", "noon", "midnight", "a.m.", "p.m.", "12:00", "25:61", "00:00", "3pm", "every",
    "daily", "weekly", "annually", "now", "recently", "future", "yesterday", "tomorrow", "today",
    "1990s", "'90s", "the 1800s", "21st", "0", "1", "2", "29", "30", "31", "32", "53", "99", "1999",
    "2025", "9999", "10000", "0000", "99999999999999999999", "2025-02-30", "2025-13-01", "31/02/2025",
    "2/30/2025", "1.5", "two", "hundred", "dozen", "several", "few", "week 53", "W53", "of", "in", "on",
    "since", "until", "between", "and", "-", "/", ",", ".",
]
TENSES = st.sampled_from([None, "past", "present", "future"])
ANCHORS = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
UNITS = ["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"]
TAILS = ["ago", "later", "earlier", "from now", "before", ""]
# Counts stay where the answer is a year 1000-9999 from any anchor below, so every generated value
# must resolve; out-of-range counts are covered separately (test_bug_huge_counts_do_not_raise,
# test_bug_far_years_are_timex3_or_none, which pin the fixed range bugs).
counted = st.one_of(
    st.builds(lambda n, unit, tail: f"{n} {unit} {tail}".strip(), st.integers(0, 99),
              st.sampled_from(UNITS[:-1]), st.sampled_from(TAILS)),
    st.builds(lambda n, tail: f"{n} centuries {tail}".strip(), st.integers(0, 8), st.sampled_from(TAILS)),
)
time_phrases = st.one_of(st.lists(st.sampled_from(TIME_WORDS), min_size=1, max_size=6).map(" ".join), counted)


def check_result(result) -> None:
    if result is None:
        return
    kind, value = result
    assert kind in TIME_TYPES, result
    assert value is None or TIMEX3_VALUE.match(value), result


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.one_of(time_phrases, st.text(max_size=60)), anchor=ANCHORS, tense=TENSES,
       reference=st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))))
def test_normalise_never_raises_and_gives_timex3(text, anchor, tense, reference):
    check_result(normalise(text, anchor, tense, {"reference": reference} if reference else None))


def test_the_value_pattern_is_strict_enough_to_fail():
    # The property above is only as good as its pattern: it must reject what is not TIMEX3.
    for bad in ("2025-4-1", "next week", "P", "2025-04-10T", "today", "", "20251"):
        assert not TIMEX3_VALUE.match(bad), bad
    for good in ("2025", "199", "2025-04-10", "2025-W14", "2025-Q1", "2025-SP", "2025-04-10T15:00",
                 "2025-04-10TMO", "P3Y", "PT48H", "PXY", "P1.5Y", "PRESENT_REF", "XXXX-WXX-6"):
        assert TIMEX3_VALUE.match(good), good


@pytest.mark.parametrize("text", ["1000000 days ago", "99999999999999999999 days ago"])
def test_bug_huge_counts_do_not_raise(text):
    check_result(normalise(text, dt.date(2025, 3, 3)))


@pytest.mark.parametrize("text", ["3000 years ago", "40 centuries ago", "8000 years later"])
def test_bug_far_years_are_timex3_or_none(text):
    check_result(normalise(text, dt.date(2025, 3, 3)))


@pytest.mark.parametrize("text, anchor", [
    ("Christmas", dt.date(1, 1, 1)), ("yesterday", dt.date(1, 1, 1)), ("Q1", dt.date(1, 1, 1)),
    ("tomorrow", dt.date(9999, 12, 31)), ("next month", dt.date(9999, 12, 31)), ("May", dt.date(9999, 12, 31)),
])
def test_bug_calendar_edge_anchors(text, anchor):
    # A record may say "published": "0001-01-01"; that date becomes the anchor.
    check_result(normalise(text, anchor))


QUANTITY_WORDS = [
    "about", "around", "more", "than", "up", "to", "nearly", "over", "at", "least", "$", "£", "€", "%",
    "percent", "per", "cent", "million", "billion", "trillion", "thousand", "hundred", "dozen", "half",
    "1", "0", "-3", "3.5", "1,000", "1.000,5", "1e308", "9" * 40, "½", "٣", "two", "twenty-one", "km",
    "people", "troops", "homes", "USD", "pounds", "dollars", "euros", "the", "and", "in", "2025", "—",
]
quantity_text = st.one_of(
    st.lists(st.sampled_from(QUANTITY_WORDS), min_size=1, max_size=10).map(" ".join),
    st.text(max_size=80),
)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=quantity_text)
def test_quantities_never_raise_and_spans_match(nlp, text):
    from storyline.extract.quantities import find_quantities

    assume(text.strip())
    doc = nlp(text)
    for quantity in find_quantities(doc):
        assert 0 <= quantity.start < quantity.end <= len(text), quantity
        assert text[quantity.start:quantity.end] == quantity.text, quantity
        assert quantity.value is None or (isinstance(quantity.value, (int, float)) and math.isfinite(quantity.value)), quantity


@pytest.mark.parametrize("phrase", ["1000000 days ago", "153193 months from now"])
def test_bug_huge_relative_dates_do_not_stop_extraction(nlp, phrase):
    from storyline.extract import extract_article
    from storyline.model import Article

    text = f"The Orford museum said the fossil formed {phrase}, long before the town existed."
    article = Article(id="fossil", source="Orford Courier", published="2026-03-02", text=text)
    extract_article(article, nlp(text))
    assert all(t.value is None or not t.value.startswith("-") for t in article.times)
