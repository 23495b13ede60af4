"""Time expressions whose value depends on what the text said before them, on the verb, or on
where the publication date comes from. Sentences are our own."""
from __future__ import annotations

import datetime as dt

import pytest

from storyline.extract import publication_anchor
from storyline.extract.times import find_times, normalise
from storyline.model import Article

ANCHOR = dt.date(2025, 4, 10)  # a Thursday


def _times(nlp, text, anchor=ANCHOR):
    return [(t.text, t.type, t.value) for t in find_times(nlp(text), anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the final quarter of last year", ("DATE", "2024-Q4")),
        ("the fourth quarter of next year", ("DATE", "2026-Q4")),
        ("the last half of 2019", ("DATE", "2019-H2")),
        ("the first two quarters of 2026", ("DATE", "2026-H1")),
        ("the first half of last year", ("DATE", "2024-H1")),
        ("last quarter", ("DATE", "2025-Q1")),  # without "of ...", still the quarter before this one
        ("the second and fourth quarters", None),  # recurring quarters are not one quarter
        ("earlier in the week", ("DATE", "2025-W15")),
        ("later in the year", ("DATE", "2025")),
        ("the end of the decade", ("DATE", "202")),
        ("a week or so ago", ("DATE", "2025-W14")),
        ("someday", ("DATE", "FUTURE_REF")),
    ],
)
def test_normalise(text, expected):
    assert normalise(text, ANCHOR) == expected


def test_the_previous_weekday_counts_back_from_the_day_being_discussed():
    talked_about = {"reference": dt.date(2025, 3, 19)}  # a Wednesday
    assert normalise("the previous Friday", ANCHOR, context=talked_about) == ("DATE", "2025-03-14")
    assert normalise("the following Monday", ANCHOR, context=talked_about) == ("DATE", "2025-03-24")
    assert normalise("the previous Friday", ANCHOR) == ("DATE", "2025-04-04")  # nothing dated: the anchor
    assert normalise("last Friday", ANCHOR, context=talked_about) == ("DATE", "2025-04-04")


def test_a_count_forward_starts_from_the_year_just_named(nlp):
    found = _times(nlp, "The ferry line opened in 2009 and closed four years later.")
    assert ("four years later", "DATE", "2013") in found
    # a count back keeps comparing with the report's own time
    found = _times(nlp, "Output in 2019 was low. Profit rose 4% from a year earlier.")
    assert ("a year earlier", "DATE", "2024") in found


def test_earlier_in_the_week_in_a_sentence(nlp):
    assert ("Earlier in the week", "DATE", "2025-W15") in _times(nlp, "Earlier in the week, the mayor resigned.")


def test_a_modal_perfect_looks_back(nlp):
    found = _times(nlp, "A rumour may have been behind the fall in the shares on Tuesday.")
    assert ("Tuesday", "DATE", "2025-04-08") in found
    found = _times(nlp, "The board may meet again on Tuesday.")
    assert ("Tuesday", "DATE", "2025-04-15") in found


def test_one_day_after_a_modal_is_some_day_to_come(nlp):
    assert ("one day", "DATE", "FUTURE_REF") in _times(nlp, "She hopes the bridge will one day reopen.")
    assert ("one day", "DURATION", "P1D") in _times(nlp, "The market stayed shut for one day.")


def test_a_daily_newspaper_is_not_a_set(nlp):
    assert _times(nlp, "The Lisbon daily Correio printed the letter.") == []
    assert ("daily", "SET", "P1D") in _times(nlp, "Ferries sail daily to the islands.")


def test_a_second_day_of_the_same_month(nlp):
    found = _times(nlp, "The fair will be held on May 14 and 15 in Porto.")
    assert ("May 14", "DATE", "2025-05-14") in found
    assert ("15", "DATE", "2025-05-15") in found
    found = _times(nlp, "Fares rose on May 14 to 15 percent.")
    assert [t for t in found if t[0] == "15"] == []


# ---------------------------------------------------------------- where the anchor comes from
def _article(published=None):
    return Article(id="a1", source="Test Wire", text="", published=published)


def test_the_articles_own_date_comes_first(nlp):
    doc = nlp("LISBON, March 4, 2025 - The strike went on.")
    article = _article("2025-03-06T10:00:00")
    assert publication_anchor(article, doc, dt.date(2020, 1, 1)) == dt.date(2025, 3, 6)


def test_a_dateline_is_used_before_an_assumed_date(nlp):
    doc = nlp("LISBON, March 4, 2025 - The strike went on on Tuesday.")
    article = _article()
    assert publication_anchor(article, doc, dt.date(2020, 1, 1)) == dt.date(2025, 3, 4)
    assert (article.published, article.published_origin) == ("2025-03-04", "inferred")


def test_an_assumed_date_when_the_text_gives_none(nlp):
    doc = nlp("The strike went on on Tuesday.")
    article = _article()
    assert publication_anchor(article, doc, dt.date(2025, 4, 10)) == dt.date(2025, 4, 10)
    assert article.published_origin == "assumed"


def test_no_date_at_all_leaves_relative_values_empty_never_today(nlp):
    doc = nlp("The strike went on on Tuesday and ends next month.")
    article = _article()
    anchor = publication_anchor(article, doc, None)
    assert anchor is None and article.published is None
    assert [t.value for t in find_times(doc, anchor)] == [None, None]


# ---------------------------------------------------------------- names, narratives, clocks
def test_now_or_today_closing_a_name_is_not_a_time(nlp):
    assert _times(nlp, "The advert was paid for by Secure Harbour Now, a lobby group.") == []
    assert _times(nlp, "He told Lanport Today that he would stand.") == []
    assert ("Now", "DATE", "PRESENT_REF") in _times(nlp, "Now the ferry runs again.")


def test_a_weekly_newspaper_is_not_a_set(nlp):
    assert _times(nlp, "The memo was obtained by The Weekly Courier.") == []


def test_a_clock_time_on_a_weekday_with_its_date(nlp):
    found = _times(nlp, "The review began at 4:20 p.m. on Friday, Sept. 14, when the lawyer wrote.",
                   dt.date(2013, 5, 15))
    assert ("4:20 p.m. on Friday, Sept. 14", "TIME", "2012-09-14T16:20") in found


def test_a_day_near_the_day_a_narrative_named_takes_its_year(nlp):
    # Told in May 2013 about September 2012: "Sept. 15" is the day after the one just named,
    # not a day four months ahead.
    text = "The review began on Friday, Sept. 14. By Sept. 15 the points were final."
    found = _times(nlp, text, dt.date(2013, 5, 15))
    assert ("Friday, Sept. 14", "DATE", "2012-09-14") in found
    assert ("Sept. 15", "DATE", "2012-09-15") in found


def test_a_weeks_long_review_is_an_unknown_number_of_weeks():
    assert normalise("a weeks-long", ANCHOR) == ("DURATION", "PXW")


def test_twenty_four_hour_clocks(nlp):
    found = _times(nlp, "Talks resume at 1600 GMT on Friday.")
    assert ("1600 GMT", "TIME", "2025-04-11T16:00") in found
    found = _times(nlp, "The parade starts on Saturday 12 April at 11:00.")
    assert ("11:00", "TIME", "2025-04-12T11:00") in found
    assert _times(nlp, "Lanport won 2:1 after a penalty.") == []  # a score, not a time


def test_a_time_restated_in_another_zone_is_not_a_second_time(nlp):
    found = _times(nlp, "The dam broke at 10:35 a.m. (0835 GMT) on Tuesday.")
    assert [t for t in found if "GMT" in t[0]] == []
    assert ("10:35 a.m.", "TIME", "2025-04-08T10:35") in found


def test_both_ends_of_a_span_of_years(nlp):
    found = _times(nlp, "The 2009-2013 programme cost little.")
    assert ("2009", "DATE", "2009") in found and ("2013", "DATE", "2013") in found
    assert not any(t[2] and "Q" in t[2] for t in found)
    assert _times(nlp, "The forecast for 2013-14 was cut.") == []  # a fiscal year, not the year 2013


def test_the_last_hour_is_a_stretch_but_the_last_day_of_something_is_not(nlp):
    assert ("the last hour", "DURATION", "PT1H") in _times(nlp, "Over the last hour, shares slumped.")
    assert ("the past day", "DURATION", "P1D") in _times(nlp, "Prices rose in the past day or so.")
    assert _times(nlp, "It was the last day of the trial.") == []


def test_since_a_month_is_never_after_the_report(nlp):
    december = dt.date(2014, 12, 19)
    assert ("January", "DATE", "2014-01") in _times(nlp, "Cannabis has been sold in shops since January.", december)
    assert ("April 20", "DATE", "2024-04-20") in _times(nlp, "He has lived here since April 20.")


def test_a_date_something_was_set_for_lies_ahead(nlp):
    january = dt.date(2013, 1, 30)
    assert ("June 28", "DATE", "2013-06-28") in _times(nlp, "The judge set the sentencing for June 28.", january)
    assert ("June 25", "DATE", "2013-06-25") in _times(nlp, "He will not run in the election slated for June 25.", january)
    # looking back from it, it is past
    found = _times(nlp, "The vote, which had been scheduled for Friday, was held.", january)
    assert ("Friday", "DATE", "2013-01-25") in found


def test_a_far_month_placed_by_a_present_verb_is_one_to_come(nlp):
    april = dt.date(2014, 4, 25)
    assert ("November", "DATE", "2014-11") in _times(nlp, "The mayor is up for re-election in November.", april)
    # a month on a noun or adjective, not on the present verb, keeps the past reading
    found = _times(nlp, "Her flats, worth 130 million dollars in October, are worth half that now.", april)
    assert ("October", "DATE", "2013-10") in found


def test_month_abbreviations_without_a_dot_next_to_a_day_or_year(nlp):
    assert ("Monday, Aug 18, 2025", "DATE", "2025-08-18") in _times(nlp, "Leaders met on Monday, Aug 18, 2025, in Lanport.")
    assert ("Aug 2012", "DATE", "2012-08") in _times(nlp, "Prices in Aug 2012 fell.")
    assert _times(nlp, "Jan Smith said Mar was closed.") == []


def test_a_weekday_part_of_day_without_anchor_is_a_time(nlp):
    assert ("Thursday afternoon", "TIME", None) in _times(nlp, "Ministers met on Thursday afternoon.", None)


def test_clock_times_in_words(nlp):
    assert ("4 in the morning", "TIME", "2025-04-10T04:00") in _times(nlp, "The ferry leaves at 4 in the morning.")
    assert ("nine at night", "TIME", "2025-04-10T21:00") in _times(nlp, "The market shuts at nine at night.")
    assert ("ten o'clock", "TIME", "2025-04-10T10:00") in _times(nlp, "We met at ten o'clock.")


def test_the_week_of_a_day(nlp):
    found = _times(nlp, "The hearing is set for the week of March 6, the court said.")
    assert ("the week of March 6", "DATE", "2025-W10") in found
