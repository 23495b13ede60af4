"""TIMEX3 values of reporting periods: quarters and halves, and the expressions that point
back at the period the text is reporting on.

Business and news reports name a period once ("the third quarter", "fiscal 1989") and then
refer back to it: "the quarter", "the 1988 quarter" (the same quarter of another year),
"year-earlier profit" (that period a year back), "the year" (the year being reported on).
These handlers read the quarter the text last named from the context `find_times` keeps;
without one they fall back on the anchor, as a reader of a dated report would.
"""
from __future__ import annotations

import datetime as dt
import re

from storyline.extract.timex_calendar import quarter_of, shift_quarter, year_text
from storyline.extract.timex_grammar import LAST_OF_YEAR, ORDINALS

Result = tuple[str, str | None]
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _named_quarter(context: dict) -> tuple[int, int] | None:
    found = _QUARTER.match(context.get("quarter") or "")
    return (int(found[1]), int(found[2])) if found else None


def _latest_reported_quarter(anchor: dt.date) -> tuple[int, int]:
    # Results are published after a quarter ends: the one before the anchor's own.
    return shift_quarter(anchor.year, quarter_of(anchor), -1)


def quarter(m: re.Match, anchor: dt.date | None, tense: str | None, ref: dt.date | None) -> Result | None:
    """"the third quarter", "Q3 2024", "the first half of 2024", "next year's first quarter".
    Without a year: the anchor's year, or the one before when the quarter or half has not
    begun yet and the verb does not look ahead (results come after a period ends)."""
    if m["q_code"]:
        number, kind, year = int(m["q_code"][1]), "quarter", m["q_y3"]
    elif m["q_two"]:
        # "the first two quarters of 2025" is its first half; "the last two quarters", the second.
        number, kind = (1 if m["q_two"].lower() == "first" else 2), "half"
        year = m["q_y2"]
    else:
        kind = m["q_kind"].lower()
        if kind.endswith("s"):
            return None  # "the second and fourth quarters" recur every year: not one quarter
        word = (m["q_n"] or m["q_last"]).lower()
        number = LAST_OF_YEAR[kind] if word in ("last", "final") else ORDINALS[word]
        year = m["q_y1"] or m["q_fy"] or m["q_y2"]
    whole = m.group(0).lower()
    if year is None and m["q_ry"] and m["q_ry"].lower() != "the" and anchor is not None:
        # "the fourth quarter of last year": that year, counted from the anchor.
        year = anchor.year + {"last": -1, "next": 1}.get(m["q_ry"].lower(), 0)
    if year is None:
        if anchor is None:
            return "DATE", None
        year = anchor.year
        current = quarter_of(anchor) if kind != "half" else (anchor.month - 1) // 6 + 1
        if "last year" in whole or m["q_ago"]:
            year -= 1
        elif "next year" in whole:
            year += 1
        elif number > current and tense != "future" and "this year" not in whole:
            year -= 1  # results for a quarter or a half are reported after it ends
    if kind == "half":
        if number > 2:
            return None
        return "DATE", f"{year_text(int(year))}-H{number}"
    return "DATE", f"{year_text(int(year))}-Q{number}"


def relative_quarter(m: re.Match, anchor: dt.date | None, tense: str | None,
                     ref: dt.date | None) -> Result | None:
    """"last quarter", "the latest quarter", "the year-ago quarter", relative to the anchor."""
    if anchor is None:
        return "DATE", None
    words = " ".join(m["rq"].lower().split())
    year, quarter = anchor.year, quarter_of(anchor)
    if "year" in words:
        year, quarter = shift_quarter(year, quarter, -5)
    elif any(w in words for w in ("next", "coming")):
        year, quarter = shift_quarter(year, quarter, 1)
    elif not any(w in words for w in ("current", "this", "same")):
        year, quarter = shift_quarter(year, quarter, -1)
    return "DATE", f"{year_text(year)}-Q{quarter}"


def year_quarter(m: re.Match, anchor: dt.date | None, context: dict) -> Result:
    """"the 1988 quarter": the quarter under discussion, in the year written."""
    named = _named_quarter(context)
    if named is None:
        if anchor is None:
            return "DATE", None
        named = _latest_reported_quarter(anchor)
    return "DATE", f"{year_text(int(m['yq_y']))}-Q{named[1]}"


def year_back(m: re.Match, anchor: dt.date | None, context: dict) -> Result:
    """"year-earlier", "year-ago": the quarter under discussion a year back, else last year."""
    named = _named_quarter(context)
    if named is not None:
        return "DATE", f"{year_text(named[0] - 1)}-Q{named[1]}"
    if anchor is None:
        return "DATE", None
    return "DATE", year_text(anchor.year - 1)


def quarter_year_back(m: re.Match, anchor: dt.date | None, context: dict) -> Result:
    """"the quarter a year ago", "the same period last year": the quarter in view (else the
    latest one reported) a year back."""
    named = _named_quarter(context)
    if named is None:
        if anchor is None:
            return "DATE", None
        named = _latest_reported_quarter(anchor)
    return "DATE", f"{year_text(named[0] - 1)}-Q{named[1]}"


def the_year(m: re.Match, anchor: dt.date | None, context: dict) -> Result:
    """"the year", "the full year", "the fiscal year": the year being reported on."""
    if anchor is None:
        return "DATE", None
    return "DATE", year_text(anchor.year)


_GRANULARITY = {"year": 1, "month": 2, "week": 3, "day": 3}
# Words pointing at a named period, and counts forward from it ("four years later": later than
# the period just named, since the anchor has no "later" in a report). Counts back ("a year
# earlier") keep the anchor: "profit rose from a year earlier" compares with now.
_PERIOD_UNIT = re.compile(r"(?i)\b(?:that|the\s+(?:following|previous|preceding|prior|same|next))\s+(year|month)\b"
                          r"|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(year|month|week|day)s?"
                          r"\s+(?:later|after)\b")
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?![\dWQHSFXU-])")


def mentioned_period(value: str | None) -> tuple[dt.date, int] | None:
    """A date value as (its first day, granularity: 1 year, 2 month, 3 day), for counting
    "that year" or "the following month" from; None for other values."""
    found = _DATE_VALUE.match(value or "")
    if found is None:
        return None
    try:
        day = dt.date(int(found[1]), int(found[2] or 1), int(found[3] or 1))
    except ValueError:
        return None
    return day, 1 + bool(found[2]) + bool(found[3])


def period_reference(words: str, context: dict) -> dt.date | None:
    """For "that year", "later that year", "the following month": the
    year or month the text last named, when it named one at least that precisely
    ("fled in June 1998 and returned later that year" -> 1998)."""
    unit = _PERIOD_UNIT.search(words)
    period = context.get("period")
    if unit is None or period is None or period[1] < _GRANULARITY[(unit[1] or unit[2]).lower()]:
        return None
    return period[0]


CONTEXT_HANDLERS = {"yearquarter": year_quarter, "yearago": year_back, "theyear": the_year,
                    "quarterback": quarter_year_back}
