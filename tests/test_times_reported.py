"""Time expressions that refer back to the period a report is about, and spoken forms
(years and decades in words). Sentences are our own."""
from __future__ import annotations

import datetime as dt

import pytest

from storyline.extract.times import find_times, normalise

ANCHOR = dt.date(2025, 11, 4)  # a Tuesday in the fourth quarter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spoken years, alone and after a month, a season or "the year"
        ("nineteen ninety-seven", ("DATE", "1997")),
        ("nineteen oh five", ("DATE", "1905")),
        ("twenty twelve", ("DATE", "2012")),
        ("in nineteen eighty", ("DATE", "1980")),
        ("January nineteen ninety-seven", ("DATE", "1997-01")),
        ("the winter of nineteen ninety-four", ("DATE", "1994-WI")),
        ("the year two thousand", ("DATE", "2000")),
        ("the year two thousand and three", ("DATE", "2003")),
        # days said in words
        ("March eighth", ("DATE", "2025-03-08")),  # far off, no tense: the past one
        ("Sunday, March eighth", ("DATE", "2026-03-08")),  # the weekday picks the year
        ("the twenty-first of May", ("DATE", "2025-05-21")),
        ("March eighth, nineteen ninety-eight", ("DATE", "1998-03-08")),
        # decades in words: the latest one begun by the anchor
        ("the nineties", ("DATE", "199")),
        ("the early eighties", ("DATE", "198")),
        ("the twenties", ("DATE", "202")),
        # the year being reported on
        ("the year", ("DATE", "2025")),
        ("the full year", ("DATE", "2025")),
        ("the fiscal year", ("DATE", "2025")),
        # with no quarter in view, "year-earlier" is last year
        ("year-earlier", ("DATE", "2024")),
        ("the 2024 quarter", ("DATE", "2024-Q3")),
    ],
)
def test_normalise(text, expected):
    assert normalise(text, ANCHOR) == expected


def test_words_that_only_look_like_spoken_years():
    assert normalise("two thousand", ANCHOR) is None  # a count without a cue
    assert normalise("the first March", ANCHOR) is None  # a spoken day needs "of" before the month
    assert normalise("the year before", ANCHOR) == ("DATE", "2024")  # still the relative reading
    assert normalise("the year ended", ANCHOR) is None


def test_year_earlier_counts_in_the_quarter_in_view():
    assert normalise("year-earlier", ANCHOR, context={"quarter": "2025-Q2"}) == ("DATE", "2024-Q2")
    assert normalise("the 2023 period", ANCHOR, context={"quarter": "2025-Q2"}) == ("DATE", "2023-Q2")


def _times(nlp, text, anchor=ANCHOR):
    return [(t.text, t.type, t.value) for t in find_times(nlp(text), anchor)]


def test_a_year_earlier_adjective_is_a_date_not_a_duration(nlp):
    found = _times(nlp, "The bakery chain lost $3 million in the third quarter, against a year-earlier profit "
                        "of $1 million.")
    assert ("the third quarter", "DATE", "2025-Q3") in found
    assert ("year-earlier", "DATE", "2024-Q3") in found
    assert not any(value == "P1Y" for _, _, value in found)


def test_an_older_quarter_named_for_comparison_does_not_become_the_quarter_in_view(nlp):
    text = ("Ferry revenue rose 8% in the third quarter. In the 2024 quarter the line carried fewer cars. "
            "Costs were lower than a year ago.")
    found = _times(nlp, text)
    assert ("the 2024 quarter", "DATE", "2024-Q3") in found
    assert ("a year ago", "DATE", "2024-Q3") in found  # not 2023-Q3


def test_an_outlook_quarter_does_not_replace_the_reported_one(nlp):
    text = ("The mill earned $2 million in the third quarter and expects weaker fourth-quarter orders. "
            "A year earlier, it had earned $1 million.")
    assert ("A year earlier", "DATE", "2024-Q3") in _times(nlp, text)


def test_the_year_in_a_results_story(nlp):
    found = _times(nlp, "The orchard expects sales for the full year to rise, and for the year it plans "
                        "two new stores.")
    assert ("the full year", "DATE", "2025") in found
    assert ("the year", "DATE", "2025") in found


def test_spoken_years_in_a_transcript(nlp):
    found = _times(nlp, "The bridge was built in nineteen seventy-nine and rebuilt in January nineteen "
                        "ninety-seven.")
    assert ("nineteen seventy-nine", "DATE", "1979") in found
    assert ("January nineteen ninety-seven", "DATE", "1997-01") in found


# ---------------------------------------------------------------- more gaps closed
@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("the past", None, ("DATE", "PAST_REF")),
        ("the near term", None, ("DATE", "FUTURE_REF")),
        ("the short term", None, ("DATE", "FUTURE_REF")),
        ("next year's first quarter", None, ("DATE", "2026-Q1")),
        ("mid-afternoon yesterday", None, ("TIME", "2025-11-03TAF")),
        ("late evening", None, ("TIME", "2025-11-04TEV")),
        ("Easter Monday", "past", ("DATE", "2025-04-21")),
        ("Tuesday nights", None, ("SET", "XXXX-WXX-2TNI")),  # recurring, not one night
        ("Tuesday night", "past", ("TIME", "2025-11-04TNI")),
    ],
)
def test_normalise_with_tense(text, tense, expected):
    assert normalise(text, ANCHOR, tense) == expected


def test_a_half_not_yet_begun_is_last_years_unless_the_verb_looks_ahead():
    april = dt.date(2025, 4, 10)
    assert normalise("the second half", april, "past") == ("DATE", "2024-H2")
    assert normalise("the second half", april, "future") == ("DATE", "2025-H2")
    assert normalise("the first half", april, "past") == ("DATE", "2025-H1")


def test_the_past_followed_by_a_count_is_still_a_duration():
    assert normalise("the past two years", ANCHOR) == ("DURATION", "P2Y")


def test_the_past_in_a_sentence(nlp):
    found = _times(nlp, "In the past, the island relied on a weekly ferry.")
    assert ("the past", "DATE", "PAST_REF") in found


def test_a_deadline_after_until_lies_ahead_unless_the_story_looks_back_from_it(nlp):
    # 2025-11-04 is a Tuesday.
    ahead = _times(nlp, "The port authority postponed the vote until Thursday.")
    assert ("Thursday", "DATE", "2025-11-06") in ahead
    ahead = _times(nlp, "The union extended its deadline until 9 a.m. Friday.")
    assert ("9 a.m. Friday", "TIME", "2025-11-07T09:00") in ahead
    back = _times(nlp, "Until Monday, the inspectors had not visited the dam.")
    assert ("Monday", "DATE", "2025-11-03") in back


def test_a_unit_after_an_amount_is_a_rate_not_a_duration(nlp):
    found = _times(nlp, "The new terminal will save $3 million a year and handle 900 trucks a day.")
    assert not any(value in ("P1Y", "P1D") for _, _, value in found)
    assert ("a week", "DURATION", "P1W") in _times(nlp, "The ferry stopped for a week.")


def test_a_capitalised_unit_names_a_show_not_a_time(nlp):
    found = _times(nlp, 'The minister spoke on the "Morning Week" programme and on "90 Minutes" later.')
    assert found == []
    assert ("Christmas Day", "DATE", "2025-12-25") in _times(nlp, "The market reopens on Christmas Day.")


def test_that_year_and_the_following_month_count_from_the_period_just_named(nlp):
    found = _times(nlp, "The poet left Lisbon in June 1998 and came back later that year.")
    assert ("later that year", "DATE", "1998") in found
    found = _times(nlp, "The canal opened in March 2001. The following month it flooded.")
    assert ("The following month", "DATE", "2001-04") in found
    # A count keeps counting from the report's own time, not from the year just named.
    found = _times(nlp, "Output in 2019 was low. Profit rose 4% from a year earlier.")
    assert ("a year earlier", "DATE", "2024") in found


def test_a_month_after_by_lies_ahead_unless_the_verb_is_past(nlp):
    october = dt.date(2025, 10, 30)
    assert ("February", "DATE", "2026-02") in _times(nlp, "The council must repay the loan by February.", october)
    assert ("February", "DATE", "2025-02") in _times(nlp, "By February the council had repaid the loan.", october)


def test_the_quarter_is_the_one_in_view():
    assert normalise("the quarter", ANCHOR, context={"quarter": "2025-Q1"}) == ("DATE", "2025-Q1")
    assert normalise("that quarter", ANCHOR, context={"quarter": "2025-Q1"}) == ("DATE", "2025-Q1")
    assert normalise("the quarter", ANCHOR) == ("DATE", "2025-Q3")  # none in view: the last one reported
    assert normalise("the latest quarter", ANCHOR, context={"quarter": "2025-Q1"}) == ("DATE", "2025-Q3")


def test_the_past_year_is_the_previous_year_but_the_next_month_a_stretch():
    assert normalise("the past year", ANCHOR) == ("DATE", "2024")
    assert normalise("the last decade", ANCHOR) == ("DATE", "201")
    assert normalise("the next month", ANCHOR) == ("DURATION", "P1M")
    assert normalise("the past weekend", ANCHOR) == ("DURATION", "P2D")


def test_a_plan_already_overtaken_lies_in_the_past(nlp):
    # 2025-11-04 is a Tuesday: the Friday before it is 2025-10-31, the one after 2025-11-07.
    past = _times(nlp, "The bid had been due to expire Friday evening, but was extended.")
    assert ("Friday evening", "TIME", "2025-10-31TEV") in past
    ahead = _times(nlp, "The bid is scheduled to expire at midnight Friday.")
    assert ("midnight Friday", "TIME", "2025-11-07T24:00") in ahead


def test_the_quarter_in_view_a_year_back(nlp):
    found = _times(nlp, "Profit rose in the third quarter. For the quarter a year ago, it earned less.")
    assert ("the quarter a year ago", "DATE", "2024-Q3") in found
    assert ("the same period last year", "DATE", "2024-Q3") in _times(
        nlp, "Sales in the third quarter fell 5% from the same period last year.")
    assert ("last year's quarter", "DATE", "2024-Q3") in _times(nlp, "Third-quarter sales beat last year's quarter.")
