"""find_quantities on fictional sentences with the real spaCy model."""
from __future__ import annotations

import pytest

from storyline.extract.quantities import find_quantities


def only(nlp, text):
    found = find_quantities(nlp(text))
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "value", "unit", "modifier", "span"),
    [
        ("Officials said around 30 countries had joined the effort.", 30, "countries", "around", "around 30 countries"),
        ("The army sent about a dozen tanks to the border.", 12, "tanks", "about", "about a dozen tanks"),
        ("The ministry said some 40 troops were moved north.", 40, "troops", "some", "some 40 troops"),
        ("The coalition deployed more than 30 drones overnight.", 30, "drones", "more than", "more than 30 drones"),
        ("The plan would send up to 500 engineers to the region.", 500, "engineers", "up to", None),
        ("Nearly 1,200 people fled the town last night.", 1200, "people", "Nearly", "Nearly 1,200 people"),
        ("At least 14 villages lost power after the storm.", 14, "villages", "At least", None),
    ],
)
def test_approximate_counts(nlp, text, value, unit, modifier, span):
    q = only(nlp, text)
    assert (q.value, q.unit, q.modifier, q.approximate) == (value, unit, modifier, True)
    if span:
        assert q.text == span


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The fund pledged €21bn to rebuild the bridges.", 21e9, "EUR"),
        ("Lenders agreed a $24 billion package for the port.", 24e9, "USD"),
        ("The council will spend £450m on new trains.", 450e6, "GBP"),
        ("The bill would cost 1.5 trillion dollars over time.", 1.5e12, "USD"),
        ("The town received 20 billion euros in grants.", 20e9, "EUR"),
    ],
)
def test_money(nlp, text, value, unit):
    q = only(nlp, text)
    assert q.value == pytest.approx(value) and q.unit == unit and not q.approximate


@pytest.mark.parametrize("text", ["Prices rose 12% in the quarter.", "Prices rose 12 percent in the quarter.",
                                  "Prices rose 12 per cent in the quarter."])
def test_percentages(nlp, text):
    q = only(nlp, text)
    assert (q.value, q.unit) == (12, "percent")
    assert q.text.startswith("12")


@pytest.mark.parametrize(
    ("text", "value", "unit", "span"),
    [
        ("Four Ukrainian prisoners were released on the bridge.", 4, "prisoners", "Four Ukrainian prisoners"),
        ("The rebels freed fifty hostages near the river.", 50, "hostages", "fifty hostages"),
        ("The navy lost two dozen ships in the storm.", 24, "ships", "two dozen ships"),
    ],
)
def test_spelled_out_numbers(nlp, text, value, unit, span):
    q = only(nlp, text)
    assert (q.value, q.unit, q.text, q.modifier) == (value, unit, span, None)


@pytest.mark.parametrize(
    "text",
    [
        "The leaders met on April 10, 2025 in the capital.",
        "The war began 11 years ago in the east.",
        "Both sides agreed a 30-day ceasefire on the front.",
        "It was the first meeting of the group this spring.",
        "He was one of the delegates who walked out.",
        "Image 1 of 5",
    ],
)
def test_dates_durations_ordinals_and_furniture_are_skipped(nlp, text):
    assert find_quantities(nlp(text)) == []
