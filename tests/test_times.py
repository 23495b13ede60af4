"""Time expressions: TIMEX3 values from `normalise`, and whole sentences through spaCy."""
from __future__ import annotations

import datetime as dt

import pytest

from storyline.extract.times import find_times, infer_anchor, normalise

ANCHOR = dt.date(2025, 4, 10)  # a Thursday


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # weekdays placed by tense
        ("Thursday", "present", ("DATE", "2025-04-10")),
        ("Thursday", "past", ("DATE", "2025-04-10")),
        ("Thursday", "future", ("DATE", "2025-04-10")),
        ("Friday", "future", ("DATE", "2025-04-11")),
        ("Friday", "past", ("DATE", "2025-04-04")),
        ("Monday", None, ("DATE", "2025-04-07")),
        ("on Tuesday", "future", ("DATE", "2025-04-15")),
        ("last Friday", None, ("DATE", "2025-04-04")),
        ("next Monday", None, ("DATE", "2025-04-14")),
        ("Friday night", "past", ("TIME", "2025-04-04TNI")),
        # month and day without a year: the nearest sensible year
        ("Feb. 26", "past", ("DATE", "2025-02-26")),
        ("March 24", None, ("DATE", "2025-03-24")),
        ("Dec. 30", None, ("DATE", "2024-12-30")),
        ("May 2", "future", ("DATE", "2025-05-02")),
        ("the 5th of May", None, ("DATE", "2025-05-05")),
        ("April 10, 2025", None, ("DATE", "2025-04-10")),
        ("Friday, April 11", None, ("DATE", "2025-04-11")),
        ("2025-03-01", None, ("DATE", "2025-03-01")),
        ("January 2019", None, ("DATE", "2019-01")),
        ("in August", "past", ("DATE", "2024-08")),  # far from the anchor: the tense decides
        ("in August", "future", ("DATE", "2025-08")),
        ("in May", None, ("DATE", "2025-05")),  # near the anchor: the nearest May
        ("January this year", None, ("DATE", "2025-01")),
        # calendar units relative to the anchor
        ("last week", None, ("DATE", "2025-W14")),
        ("this week", None, ("DATE", "2025-W15")),
        ("next week", None, ("DATE", "2025-W16")),
        ("last month", None, ("DATE", "2025-03")),
        ("next month", None, ("DATE", "2025-05")),
        ("last year", None, ("DATE", "2024")),
        ("this year", None, ("DATE", "2025")),
        ("earlier this year", None, ("DATE", "2025")),
        ("last weekend", None, ("DATE", "2025-W14-WE")),
        ("today", None, ("DATE", "2025-04-10")),
        ("yesterday", None, ("DATE", "2025-04-09")),
        ("tomorrow", None, ("DATE", "2025-04-11")),
        # "N units ago" at the unit's granularity
        ("11 years ago", None, ("DATE", "2014")),
        ("three days ago", None, ("DATE", "2025-04-07")),
        ("two months ago", None, ("DATE", "2025-02")),
        ("a week ago", None, ("DATE", "2025-W14")),
        # stretches of time with an article (documented choice)
        ("the next month", None, ("DURATION", "P1M")),
        ("within the next month", None, ("DURATION", "P1M")),
        ("the past two weeks", None, ("DURATION", "P2W")),
        # durations
        ("30-day", None, ("DURATION", "P30D")),
        ("three years", None, ("DURATION", "P3Y")),
        ("48 hours", None, ("DURATION", "PT48H")),
        ("two and a half years", None, ("DURATION", "P2Y6M")),
        ("several months", None, ("DURATION", "PXM")),
        ("two decades", None, ("DURATION", "P20Y")),
        ("the year ended", None, None),
        # quarters, halves, seasons, decades, centuries
        ("the first quarter", None, ("DATE", "2025-Q1")),
        ("the fourth quarter", None, ("DATE", "2024-Q4")),
        ("Q3 2023", None, ("DATE", "2023-Q3")),
        ("the first half of 2024", None, ("DATE", "2024-H1")),
        ("last quarter", None, ("DATE", "2025-Q1")),
        ("spring 2025", None, ("DATE", "2025-SP")),
        ("last summer", None, ("DATE", "2024-SU")),
        ("next winter", None, ("DATE", "2025-WI")),
        ("this fall", None, ("DATE", "2025-FA")),
        ("the 1990s", None, ("DATE", "199")),
        ("the early 1980s", None, ("DATE", "198")),
        ("the 20th century", None, ("DATE", "19")),
        ("fiscal 2024", None, ("DATE", "2024")),
        # times of day
        ("3 p.m.", None, ("TIME", "2025-04-10T15:00")),
        ("10:30 a.m. GMT", None, ("TIME", "2025-04-10T10:30")),
        ("this morning", None, ("TIME", "2025-04-10TMO")),
        ("last night", None, ("TIME", "2025-04-09TNI")),
        ("tonight", None, ("TIME", "2025-04-10TNI")),
        ("noon Friday", "future", ("TIME", "2025-04-11T12:00")),
        # references
        ("now", None, ("DATE", "PRESENT_REF")),
        ("currently", None, ("DATE", "PRESENT_REF")),
        ("recently", None, ("DATE", "PAST_REF")),
        ("the future", None, ("DATE", "FUTURE_REF")),
        # sets
        ("daily", None, ("SET", "P1D")),
        ("every week", None, ("SET", "P1W")),
        ("twice a year", None, ("SET", "P1Y")),
        ("every Monday", None, ("SET", "XXXX-WXX-1")),
        # holidays
        ("Christmas Day 2024", None, ("DATE", "2024-12-25")),
        ("Thanksgiving", "future", ("DATE", "2025-11-27")),
    ],
)
def test_normalise_against_a_thursday_anchor(text, tense, expected):
    assert normalise(text, ANCHOR, tense) == expected


def test_the_day_after_counts_from_the_date_just_mentioned():
    assert normalise("the day after", ANCHOR) == ("DATE", "2025-04-11")
    assert normalise("the day after", ANCHOR, context={"reference": dt.date(2025, 3, 3)}) == ("DATE", "2025-03-04")
    assert normalise("two days later", ANCHOR, context={"reference": dt.date(2025, 3, 3)}) == ("DATE", "2025-03-05")
    assert normalise("the following week", ANCHOR, context={"reference": dt.date(2025, 3, 3)}) == ("DATE", "2025-W11")


def test_a_year_earlier_after_a_quarter_counts_in_quarters():
    context = {"quarter": "2025-Q1"}
    assert normalise("a year earlier", ANCHOR, context=context) == ("DATE", "2024-Q1")
    assert normalise("a year ago", ANCHOR, context=context) == ("DATE", "2024-Q1")
    assert normalise("a year ago", ANCHOR) == ("DATE", "2024")


def test_without_anchor_relative_values_are_unknown_but_absolute_ones_resolve():
    assert normalise("Thursday", None) == ("DATE", None)
    assert normalise("last year", None) == ("DATE", None)
    assert normalise("11 years ago", None) == ("DATE", None)
    assert normalise("3 p.m.", None) == ("TIME", None)
    assert normalise("April 10, 2025", None) == ("DATE", "2025-04-10")
    assert normalise("three years", None) == ("DURATION", "P3Y")
    assert normalise("now", None) == ("DATE", "PRESENT_REF")


def test_words_that_are_not_time_expressions():
    assert normalise("the committee", ANCHOR) is None
    assert normalise("May", ANCHOR) == ("DATE", "2025-05")  # alone it is a month; context decides in text
    assert normalise("spring", ANCHOR) is None
    assert normalise("", ANCHOR) is None


# ---------------------------------------------------------------- through the real model


def _times(nlp, text, anchor=ANCHOR):
    doc = nlp(text)
    found = find_times(doc, anchor)
    for t in found:
        assert text[t.start:t.end] == t.text
        assert t.anchor == (anchor.isoformat() if anchor else None)
    return [(t.text, t.type, t.value) for t in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ministers are meeting in Brussels on Thursday.", ("Thursday", "DATE", "2025-04-10")),
        ("The mayor said on Feb. 26 that the bridge would close.", ("Feb. 26", "DATE", "2025-02-26")),
        ("The old mill shut its doors 11 years ago.", ("11 years ago", "DATE", "2014")),
        ("Exports to the region fell sharply last year.", ("last year", "DATE", "2024")),
        ("Representatives of the two unions are set to gather in Lyon on Friday.", ("Friday", "DATE", "2025-04-11")),
        ("The council will vote on Tuesday.", ("Tuesday", "DATE", "2025-04-15")),
        ("The council voted on Tuesday.", ("Tuesday", "DATE", "2025-04-08")),
        ("Negotiators hope to reach a deal within the next month.", ("the next month", "DURATION", "P1M")),
        ("Both sides agreed to a 30-day cease-fire.", ("30-day", "DURATION", "P30D")),
        ("The ferry leaves at 3 p.m. from the northern pier.", ("3 p.m.", "TIME", "2025-04-10T15:00")),
    ],
)
def test_sentences_end_to_end(nlp, sentence, expected):
    assert expected in _times(nlp, sentence)


def test_the_day_after_follows_the_date_in_the_text(nlp):
    found = _times(nlp, "The storm reached the coast on March 3. The day after, the port reopened.")
    assert ("March 3", "DATE", "2025-03-03") in found
    assert ("The day after", "DATE", "2025-03-04") in found


def test_the_day_before_or_after_an_event_counts_from_the_last_dated_day(nlp):
    found = _times(nlp, "Envoys gather in Lanport on May 6. The council meets the day after the envoys' summit, "
                        "and the mayor speaks the day before the council vote.")
    assert ("the day after", "DATE", "2025-05-07") in found
    # "the day before" follows the day the text last dated: the one just resolved.
    assert ("the day before", "DATE", "2025-05-06") in found


def test_the_day_after_an_undated_event_has_no_value(nlp):
    found = _times(nlp, "The council meets the day after the envoys' summit.")
    assert ("the day after", "DATE", None) in found


def test_quarter_results_compared_with_a_year_earlier(nlp):
    found = _times(nlp, "Profit rose 5% in the first quarter. A year earlier, it had fallen.")
    assert ("the first quarter", "DATE", "2025-Q1") in found
    assert ("A year earlier", "DATE", "2024-Q1") in found


def test_counts_and_modal_may_are_not_dates(nlp):
    found = _times(nlp, "Some 2000 people may attend, organisers said.")
    assert found == []


def test_no_anchor_leaves_relative_values_empty(nlp):
    found = _times(nlp, "The factory closed on Monday after 40 years, on April 2, 2024.", anchor=None)
    assert ("Monday", "DATE", None) in found
    assert ("40 years", "DURATION", "P40Y") in found
    assert ("April 2, 2024", "DATE", "2024-04-02") in found


def test_infer_anchor_from_a_dateline_or_agreeing_dates(nlp):
    assert infer_anchor(nlp("LISBON, March 4, 2025 - The strike went on.")) == dt.date(2025, 3, 4)
    agreeing = ("The talks opened " + "x " * 80 + "on March 2, 2025 and closed on March 4, 2025.")
    assert infer_anchor(nlp(agreeing)) == dt.date(2025, 3, 4)
    apart = ("The talks opened " + "x " * 80 + "on March 2, 2021 and closed on March 4, 2025.")
    assert infer_anchor(nlp(apart)) is None
    assert infer_anchor(nlp("Nothing dated here, only last week.")) is None


# ---------------------------------------------------------------- calendar edges and tense chains
@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("1000000 days ago", dt.date(2025, 3, 3), ("DATE", None)),  # beyond datetime: no value, no error
        ("3000 years ago", dt.date(2025, 3, 3), ("DATE", None)),    # not "-975"
        ("8000 years later", dt.date(2025, 3, 3), ("DATE", None)),  # not "10025"
        ("1050 years ago", dt.date(2025, 3, 3), ("DATE", "0975")),  # a year, not the 970s decade "975"
        ("Q1", dt.date(1, 1, 1), ("DATE", "0001-Q1")),
        ("Christmas", dt.date(1, 1, 1), ("DATE", "0001-12-25")),
        ("yesterday", dt.date(1, 1, 1), ("DATE", None)),
        ("tomorrow", dt.date(9999, 12, 31), ("DATE", None)),
        ("May", dt.date(9999, 12, 31), ("DATE", "9999-05")),
        ("6 p.m.", dt.date(1, 1, 1), ("TIME", "0001-01-01T18:00")),
    ],
)
def test_values_stay_inside_the_calendar(text, anchor, expected):
    assert normalise(text, anchor) == expected


def test_a_huge_count_does_not_cost_the_other_times(nlp):
    found = _times(nlp, "On Monday the guide said the rock formed 1000000 days ago, 40 years before the flood.")
    assert ("1000000 days ago", "DATE", None) in found
    assert ("Monday", "DATE", "2025-04-07") in found
    assert ("40 years", "DURATION", "P40Y") in found


def test_an_infinitive_takes_the_tense_of_the_verb_it_hangs_from(nlp):
    # "visit" <- advcl "travel" <- xcomp "set": future, so the coming Friday.
    future = "Teachers from a dozen towns are set to travel to the capital to visit the ministry on Friday."
    assert ("Friday", "DATE", "2025-04-11") in _times(nlp, future)
    past = "Teachers travelled to the capital to visit the ministry on Friday."
    assert ("Friday", "DATE", "2025-04-04") in _times(nlp, past)


def test_a_bare_clock_time_takes_the_day_just_named_not_the_day_of_the_statement(nlp):
    anchor = dt.date(2026, 3, 4)  # a Wednesday
    text = ("Nine hikers were rescued when the path gave way on Tuesday evening, the park said on Wednesday. "
            "The slope slid at about 6 p.m. as the group was descending.")
    assert ("6 p.m.", "TIME", "2026-03-03T18:00") in _times(nlp, text, anchor)


def test_a_clock_time_far_from_any_date_stays_on_the_anchor_day(nlp):
    anchor = dt.date(2026, 3, 4)
    text = ("The path gave way on Tuesday evening. Rangers closed the park. Crews cleared the slope. "
            "Visitors may return after 9 a.m.")
    assert ("9 a.m.", "TIME", "2026-03-04T09:00") in _times(nlp, text, anchor)


def test_a_clock_time_takes_the_weekday_written_right_after_it(nlp):
    text = "Storms hit the coast on Monday. The levee broke at about 10:35 a.m. (0835 GMT) Tuesday, officials said."
    assert ("10:35 a.m.", "TIME", "2025-04-08T10:35") in _times(nlp, text)


def test_a_set_of_parts_of_day_is_a_valid_timex3_value():
    assert normalise("every morning", ANCHOR) == ("SET", "TMO")
