"""TIMEX3 values for one time expression, resolved against an anchor date.

Conventions follow TimeML as annotated in TempEval-3:
- dates at the granularity written: "2025", "2025-04", "2025-04-10", "2025-W14", "2025-Q1",
  "2025-SP" (season), "199" (the 1990s), "19" (the 20th century);
- times "2025-04-10T15:00", parts of a day "2025-04-10TMO" (MO/AF/EV/NI);
- durations "P3Y", "PT48H", "P2W", unknown amounts with X ("PXY");
- sets keep the period of repetition: "daily" -> P1D, "every week" -> P1W;
- PRESENT_REF, PAST_REF, FUTURE_REF for "now", "recently", "the future".
Documented choice for "next"/"past" with a unit: without an article the expression names a
calendar unit ("next month" -> 2025-05, "last week" -> 2025-W14); so does "the past year"
("the last decade" -> 202), which TimeBank annotates as the previous year or decade; ahead
of the anchor "the" makes a stretch of time ("within the next month" -> P1M), and so does a
count ("the past two weeks" -> P2W), as TimeBank does.
Relative expressions get value None when the anchor is unknown; today's date is never used.
"""
from __future__ import annotations

import datetime as dt
import re

from storyline.extract.timex_anaphora import CONTEXT_HANDLERS, period_reference, quarter, relative_quarter
from storyline.extract.timex_calendar import duration_value, iso_week, shifted, year_text
from storyline.extract.timex_days import DAY_HANDLERS
from storyline.extract.timex_grammar import (
    LEADING_NOISE, MONTHS, NUMBER_WORDS, PARTS_OF_DAY, SEASONS, TIMEX_PATTERN, UNIT_CODES, WEEKDAYS,
    number_value, year_number,
)

Result = tuple[str, str | None]
_TRAILING = re.compile(r"(?:'s|’s|[,;:.!?\"')\]])+$")


def normalise(text: str, anchor: dt.date | None, tense: str | None = None,
              context: dict | None = None) -> Result | None:
    """(TIMEX3 type, value) for a whole time expression, or None when `text` is not one.

    `tense` is "past", "present", "future" or None: the tense of the verb governing the
    expression, used to place weekdays, months and seasons written without a year.
    `context` may hold "reference": the date last mentioned in the text, which "the day
    after" and "two days later" count from (the anchor otherwise), and "quarter": a fiscal
    quarter ("2025-Q1") the text has just named, which "a year earlier" then counts in.
    """
    cleaned = LEADING_NOISE.sub("", text.strip())
    # Trailing dots belong to "Sept." and "p.m." but not to a sentence: try both readings.
    match = TIMEX_PATTERN.fullmatch(cleaned) or TIMEX_PATTERN.fullmatch(_TRAILING.sub("", cleaned).strip())
    if match is None:
        return None
    return normalise_match(match, anchor, tense, context)


def normalise_match(m: re.Match, anchor: dt.date | None, tense: str | None = None,
                    context: dict | None = None) -> Result | None:
    kind = m.lastgroup if m.lastgroup in KINDS else next(n for n in KINDS if m.group(n) is not None)
    context = context or {}
    if kind in CONTEXT_HANDLERS:
        try:
            return CONTEXT_HANDLERS[kind](m, anchor, context)
        except (ArithmeticError, ValueError):
            return "DATE", None
    if context.get("quarter") and kind in ("ago", "refday"):
        in_quarters = _years_back_in_quarters(m.group(0), context["quarter"])
        if in_quarters is not None:
            return in_quarters
    if kind == "relquarter" and context.get("quarter") and _ANAPHORIC_QUARTER.fullmatch(m["rq"]):
        return "DATE", context["quarter"]  # "the quarter", "that quarter": the one in view
    reference = context.get("reference") or anchor
    if kind in ("refday", "relyear"):
        reference = period_reference(m.group(0), context) or reference
    if kind == "refday" and m["ref_ev"] and not context.get("reference"):
        # "the day after the election" with no date given for the election: the anchor
        # would be a guess, so the expression stays without a value.
        return "DATE", None
    try:
        result = _HANDLERS[kind](m, anchor, tense, reference)
    except (ArithmeticError, ValueError):
        # Counts or anchors beyond the calendar datetime holds ("1000000 days ago", an
        # anchor of 0001-01-01): the expression is still a time expression, without a value.
        return _VALUELESS_TYPES.get(kind, "DATE"), None
    if result is not None and result[1] is not None and not TIMEX3_VALUE.match(result[1]):
        return result[0], None
    return result


# A TIMEX3 value as written here (four-digit years, or the 3- and 2-digit decade and
# century; durations; parts of day; the *_REF words). Anything else is a bug upstream and
# is dropped rather than passed on.
_NUMBER = r"(?:\d+(?:\.\d+)?|X)"
TIMEX3_VALUE = re.compile(
    r"^(?:(?:\d{2,4}|XXXX)(?:-(?:\d\d|W(?:\d\d|XX)|Q[1-4X]|H[12X]|SP|SU|FA|WI|XX))?(?:-(?:\d\d|WE|\d))?"
    r"(?:T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT|XX))?"
    rf"|P(?!$)(?:{_NUMBER}(?:Y|M|W|D|DE|CE|Q|H|WE|L))*(?:T(?:{_NUMBER}[HMS])+)?"
    r"|T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|DT|XX)|PRESENT_REF|PAST_REF|FUTURE_REF)$"
)
_VALUELESS_TYPES = {"clock": "TIME", "clock24": "TIME", "clockword": "TIME", "noon": "TIME", "thispod": "TIME", "edgepod": "TIME", "set": "SET",
                    "duration": "DURATION", "period": "DURATION", "plural": "DURATION"}


_ANAPHORIC_QUARTER = re.compile(r"(?i)(?:the|that|the\s+same)\s+quarter")
_YEARS_BACK = re.compile(r"(?i)(?P<n>a|one|two|three|\d+)\s+years?\s+(?:ago|earlier|before)$")


def _years_back_in_quarters(text: str, quarter: str) -> Result | None:
    """"a year earlier" right after "the third quarter": the same quarter a year before,
    as in results reported quarter against quarter."""
    found = _YEARS_BACK.search(" ".join(text.split()))
    if found is None:
        return None
    years = int(number_value(found["n"]) or 1)
    return "DATE", f"{year_text(int(quarter[:4]) - years)}{quarter[4:]}"


# ---------------------------------------------------------------- handlers (days and times of day: timex_days)
_REF_STEP = re.compile(r"(?i)(?P<n>a|one|two|three|four|five|six|seven|\d+)\s+(?P<u>day|week|month|year)s?\s+(?P<dir>later|earlier|before|after)")


def _refday(m, anchor, tense, ref) -> Result | None:
    if ref is None:
        return "DATE", None
    words = " ".join((m["ref"] or m["ref_ev"]).lower().split())
    step = _REF_STEP.fullmatch(words)
    if step:
        amount = int(number_value(step["n"]) or 1)
        unit = step["u"]
        sign = 1 if step["dir"] in ("later", "after") else -1
    else:
        unit = next(u for u in ("day", "week", "month", "year", "morning", "night", "evening") if u in words)
        if any(w in words for w in ("after", "next", "following")):
            sign = 1
        elif any(w in words for w in ("before", "previous", "preceding", "prior")):
            sign = -1
        else:
            sign = 0
        amount = 1
    if unit in ("morning", "night", "evening"):
        day = ref + dt.timedelta(days=sign)
        return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[unit]}"
    return "DATE", shifted(ref, unit, sign * amount)


def _yearend(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "DATE", None
    words = m["ye"].lower()
    if words.endswith("decade"):
        return "DATE", year_text(anchor.year)[:3]
    if words.endswith("century"):
        return "DATE", year_text(anchor.year)[:2]
    if words.endswith("month"):
        return "DATE", f"{year_text(anchor.year)}-{anchor.month:02d}"
    if words.endswith("week"):
        return "DATE", iso_week(anchor)
    return "DATE", year_text(anchor.year)


def _weekend(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "DATE", None
    if anchor.weekday() >= 5 or tense not in ("past", None) or "past" in m["we"].lower():
        week = anchor if anchor.weekday() >= 5 or tense != "past" else anchor - dt.timedelta(weeks=1)
    else:
        week = anchor - dt.timedelta(weeks=1)
    return "DATE", iso_week(week) + "-WE"


def _decade(m, anchor, tense, ref) -> Result | None:
    if m["dc_y"]:
        year = m["dc_y"]
        # "the 1800s" names a century; "the 2000s" is usually the decade.
        century = year.endswith("00") and year != "2000" and not m["dc_edge"]
        return "DATE", year[:2] if century else year[:3]
    if anchor is None:
        return "DATE", None
    century = anchor.year // 100
    two = int(m["dc_yy"])
    if century * 100 + two > anchor.year:
        century -= 1
    return "DATE", f"{century}{m['dc_yy'][0]}"


def _word_decade(m, anchor, tense, ref) -> Result | None:
    # "the nineties": the latest such decade that has begun by the anchor (1990s, 1920s...).
    if anchor is None:
        return "DATE", None
    digit = int(NUMBER_WORDS[m["wdc"].lower()[:-3] + "y"] // 10)
    century = anchor.year // 100 - (anchor.year % 100 < digit * 10)
    return "DATE", f"{century}{digit}"


def _spoken_year(m, anchor, tense, ref) -> Result | None:
    year = year_number(m["spy_t"] or m["spy"])
    return ("DATE", year_text(year)) if year else None


def _century(m, anchor, tense, ref) -> Result | None:
    number = int(m["cent"])
    return ("DATE", f"{number - 1:02d}") if 1 <= number <= 30 else None


def _season(m, anchor, tense, ref) -> Result | None:
    code = SEASONS[m["sn"].lower()]
    if m["sn_y"] or m["sn_sy"]:
        return "DATE", f"{year_text(year_number(m['sn_y'] or m['sn_sy']))}-{code}"
    if m["sn_yy"]:
        two = int(m["sn_yy"].strip()[1:])
        return "DATE", f"{2000 + two if two < 50 else 1900 + two}-{code}"
    if anchor is None:
        return "DATE", None
    rel = (m["sn_rel"] or "").strip().lower()
    if rel == "the" and m["sn"].lower() == "fall":
        return None  # "the fall in prices"
    if not rel and not m["sn_edge"]:
        return None  # a bare season name ("summer jobs", "a fall in prices") is rarely a date
    # Seasons on one line, each named by the year it starts in (winter starts in December).
    order = ["SP", "SU", "FA", "WI"]
    start_year = anchor.year - 1 if anchor.month < 3 else anchor.year
    now = start_year * 4 + {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2}.get(anchor.month, 3)
    candidates = [y * 4 + order.index(code) for y in range(anchor.year - 2, anchor.year + 2)]
    by_tense = rel in ("", "the")
    if rel in ("last", "past", "previous", "this past"):
        chosen = max(c for c in candidates if c < now)
    elif rel in ("next", "coming", "following", "this coming"):
        chosen = min(c for c in candidates if c > now)
    elif by_tense and tense == "past":
        chosen = max(c for c in candidates if c <= now)
    elif by_tense and tense == "future":
        chosen = min(c for c in candidates if c >= now)
    else:
        chosen = min(candidates, key=lambda c: (abs(c - now), c < now))
    return "DATE", f"{year_text(chosen // 4)}-{code}"


def _relyear(m, anchor, tense, ref) -> Result | None:
    rel = " ".join(m["ry_rel"].lower().split())
    unit = m["ry_unit"].lower().split()[-1]
    if rel in ("the next", "the coming") or (rel in ("the past", "the last") and unit == "weekend"):
        if unit == "weekend":
            return "DURATION", "P2D"
        return "DURATION", duration_value(1, unit)
    base = anchor if rel not in ("the previous", "the following", "the same", "that") else ref
    if base is None:
        return "DATE", None
    step = {"this": 0, "current": 0, "the current": 0, "the same": 0, "that": 0, "last": -1,
            "past": -1, "the past": -1, "the last": -1, "previous": -1, "the previous": -1, "next": 1, "coming": 1,
            "following": 1, "the following": 1}[rel]
    if unit == "weekend":
        return "DATE", iso_week(base + dt.timedelta(weeks=step)) + "-WE"
    if unit == "decade":
        return "DATE", year_text(base.year + 10 * step)[:3]
    if unit == "century":
        return "DATE", year_text(base.year + 100 * step)[:2]
    return "DATE", shifted(base, unit, step)


def _last_hour(m, anchor, tense, ref) -> Result | None:
    return "DURATION", duration_value(1, m["lh"].lower())


def _fiscal(m, anchor, tense, ref) -> Result | None:
    year = m["fy"]
    if len(year) == 2:
        year = str(2000 + int(year) if int(year) < 50 else 1900 + int(year))
    return "DATE", year


def _year(m, anchor, tense, ref) -> Result | None:
    return "DATE", m["y"]


def _ago(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "DATE", None
    amount = number_value(m["ago_n"])
    unit = m["ago_u"].lower().rstrip("s")
    unit = {"yr": "year", "hr": "hour", "min": "minute", "sec": "second"}.get(unit, unit)
    sign = -1 if m["ago_dir"].lower() == "ago" else 1
    if amount is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    if unit in ("hour", "minute", "second"):
        return "DATE", anchor.isoformat()
    amount = int(amount) if amount >= 1 else amount
    if isinstance(amount, float):
        return "DATE", None
    return "DATE", shifted(anchor, unit, sign * amount)


def _set(m, anchor, tense, ref) -> Result | None:
    words = " ".join(m["set_w"].lower().split())
    adverbs = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
               "quarterly": "P3M", "nightly": "P1D", "hourly": "PT1H", "biweekly": "P2W"}
    if words in adverbs:
        return "SET", adverbs[words]
    if words.endswith("days") and words[:-1] in WEEKDAYS:
        return "SET", "XXXX-WXX-" + str(WEEKDAYS[words[:-1]] + 1)
    last = words.split()[-1]
    if last in WEEKDAYS:
        return "SET", "XXXX-WXX-" + str(WEEKDAYS[last] + 1)
    if last in MONTHS:
        return "SET", f"XXXX-{MONTHS[last]:02d}"
    last = last.rstrip("s")
    if last in ("morning", "night", "evening"):
        return "SET", "T" + PARTS_OF_DAY[last]  # the part of day that recurs (TIMEX3 time-only form)
    amount = 2 if "other" in words else 1
    number = re.search(r"(?:every|each|per)\s+(?:other\s+)?(\S+)\s+\S+$", words)
    if number and number_value(number.group(1)) is not None:
        amount = int(number_value(number.group(1)))
    code = UNIT_CODES.get(last, "D")
    if code == "WE":
        return "SET", "XXXX-WXX-WE"
    if code == "Q":
        return "SET", f"P{3 * amount}M"
    return "SET", f"PT{amount}{code}" if last in ("hour", "minute") else f"P{amount}{code}"


def _duration(m, anchor, tense, ref) -> Result | None:
    unit = m["du_u"].lower().rstrip("s")
    unit = {"yr": "year", "hr": "hour", "min": "minute", "sec": "second", "centurie": "century"}.get(unit, unit)
    amount = number_value(m["du_n"])
    if m["du_n"].lower() in ("a", "an") and m["du_u"].lower().endswith("s"):
        amount = None  # "a weeks-long review": an unknown number of weeks
    if m["du_half"] or m["du_half2"]:
        amount = (amount or 0) + 0.5
    return "DURATION", duration_value(amount, unit)


def _period(m, anchor, tense, ref) -> Result | None:
    words = " ".join(m["pd"].lower().split()).removeprefix("the ").removeprefix("fiscal ")
    if words.endswith("-long"):
        unit = words[:-5]
        if unit.endswith("s"):
            return "DURATION", duration_value(None, unit.rstrip("s"))
        return "DURATION", duration_value(1, unit)
    values = {"year": "P1Y", "quarter": "P3M", "month": "P1M", "week": "P1W", "half": "P6M",
              "six months": "P6M", "nine months": "P9M"}
    return "DURATION", values[words]


def _plural(m, anchor, tense, ref) -> Result | None:
    prefix = " ".join((m["pl_pre"] or "").lower().split())
    unit = m["pl"].lower().rstrip("s")
    if prefix == "recent" and unit == "year":
        return "DATE", "PAST_REF"
    return "DURATION", duration_value(None, unit)


def _refword(m, anchor, tense, ref) -> Result | None:
    words = " ".join(m["rw"].lower().split())
    if words in ("recently", "lately", "previously", "formerly", "in the past", "the past",
                 "in recent years", "recent", "once", "earlier"):
        return "DATE", "PAST_REF"
    if "future" in words or words in ("soon", "shortly", "someday", "some day") or words.endswith(" term"):
        return "DATE", "FUTURE_REF"
    return "DATE", "PRESENT_REF"


_HANDLERS = {
    **DAY_HANDLERS, "refday": _refday, "quarter": quarter, "relquarter": relative_quarter, "yearend": _yearend, "weekend": _weekend,
    "decade": _decade, "worddecade": _word_decade, "spokenyear": _spoken_year, "century": _century, "season": _season, "relyear": _relyear, "lasthour": _last_hour,
    "fiscal": _fiscal, "year": _year, "ago": _ago, "set": _set, "duration": _duration,
    "period": _period, "plural": _plural, "refword": _refword,
}
KINDS = tuple(_HANDLERS) + tuple(CONTEXT_HANDLERS)
