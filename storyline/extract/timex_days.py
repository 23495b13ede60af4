"""TIMEX3 values of expressions that name a day or a time of day: calendar dates, months,
weekdays, holidays, clock times, "today", "this morning", "earlier in the week".

Each handler takes the grammar's match, the anchor (publication date), the tense of the
governing verb and the reference day (the day the text last named, else the anchor), and
returns (TIMEX3 type, value); `timex_normalise` dispatches to them.
"""
from __future__ import annotations

import datetime as dt

from storyline.extract.timex_calendar import (
    holiday_date, nearby_years, nearest_unless_far, resolve_month, resolve_month_day, resolve_weekday,
    shifted, year_text,
)
from storyline.extract.timex_grammar import PARTS_OF_DAY, WEEKDAYS, day_number, month_number, number_value, year_number

Result = tuple[str, str | None]


def _iso(m, anchor, tense, ref) -> Result | None:
    try:
        day = dt.date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    except ValueError:
        return None
    return "DATE", day.isoformat()


def _slash(m, anchor, tense, ref) -> Result | None:
    year = int(m["sl_y"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return "DATE", dt.date(year, int(m["sl_m"]), int(m["sl_d"])).isoformat()
    except ValueError:
        return None


# A day named this far from the anchor means the text tells of another time; a day written
# without a year this close to it is taken in its year.
_ANOTHER_TIME_DAYS = 60
_NEAR_NAMED_DAY_DAYS = 45


def _wdate(m, anchor, tense, ref) -> Result | None:
    month = month_number(m["mdy_m"] or m["dmy_m"] or m["dmy_sm"])
    day = day_number(m["mdy_d"] or m["dmy_d"] or m["dmy_sd"])
    if m["md_y"] or m["md_sy"]:
        try:
            return "DATE", dt.date(year_number(m["md_y"] or m["md_sy"]), month, day).isoformat()
        except ValueError:
            return None
    if anchor is None:
        return "DATE", None
    rel = (m["wd_rel"] or "").lower()
    if "last" in rel or "past" in rel:
        tense = "past"
    elif rel:
        tense = "future"
    if m["wd_day"]:
        pinned = _pinned_by_weekday(month, day, m["wd_day"], anchor)
        if pinned is not None:
            return "DATE", pinned.isoformat()
    if ref is not None and abs((ref - anchor).days) > _ANOTHER_TIME_DAYS:
        # The text is telling of another time ("on Friday, Sept. 14 ... by Sept. 15"): a day
        # close to the day it just named belongs to that day's year.
        near = [dt.date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1) if _valid(y, month, day)]
        best = min(near, key=lambda c: abs((c - ref).days)) if near else None
        if best is not None and abs((best - ref).days) <= _NEAR_NAMED_DAY_DAYS:
            return "DATE", best.isoformat()
    day_value = resolve_month_day(month, day, anchor, tense)
    return "DATE", day_value.isoformat() if day_value else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _pinned_by_weekday(month: int, day: int, weekday: str, anchor: dt.date) -> dt.date | None:
    """"Friday, Sept. 14": the weekday pins the year; the nearby year whose calendar agrees."""
    wanted = WEEKDAYS[weekday.lower()]
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            if dt.date(year, month, day).weekday() == wanted:
                return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _my(m, anchor, tense, ref) -> Result | None:
    month = month_number(m["my_m"])
    if m["my_y"] or m["my_sy"]:
        return "DATE", f"{year_text(year_number(m['my_y'] or m['my_sy']))}-{month:02d}"
    if anchor is None:
        return "DATE", None
    if m["my_ry"]:
        step = {"this": 0, "last": -1, "next": 1}[m["my_ry"].split()[0].lower()]
        return "DATE", f"{year_text(anchor.year + step)}-{month:02d}"
    rel = (m["my_rel"] or "").strip().lower()
    if rel in ("last", "past", "previous", "this past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming", "following", "this coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel in ("this", "current"):
        year = anchor.year
    else:
        return "DATE", resolve_month(month, anchor, tense)
    return "DATE", f"{year_text(year)}-{month:02d}"


def _weekday(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return ("TIME" if m["wk_pod"] else "DATE"), None
    weekday = WEEKDAYS[m["wk_day"].lower()]
    rel = " ".join((m["wk_rel"] or "").lower().split()).removeprefix("the ")
    if rel in ("previous", "preceding", "following") and ref is not None:
        # "the previous Friday" counts back from the day the text is talking about.
        if rel == "following":
            day = ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
        else:
            day = ref - dt.timedelta(days=(ref.weekday() - weekday) % 7 or 7)
    elif rel in ("last", "past", "this past"):
        back = (anchor.weekday() - weekday) % 7 or 7
        day = anchor - dt.timedelta(days=back)
    elif rel in ("next", "coming", "this coming"):
        day = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    elif rel == "this":
        day = resolve_weekday(weekday, anchor, tense or "present")
    else:
        day = resolve_weekday(weekday, anchor, tense)
    if m["wk_pod"]:  # kept as the TimeML 1.2.1 guidelines ask, though TimeBank often drops it
        return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m['wk_pod'].lower()]}"
    return "DATE", day.isoformat()


def _weekly_pod(m, anchor, tense, ref) -> Result | None:
    day = WEEKDAYS[m["wp_day"].lower()] + 1
    return "SET", f"XXXX-WXX-{day}T{PARTS_OF_DAY[m['wp_pod'].lower()]}"


def _holiday(m, anchor, tense, ref) -> Result | None:
    name = " ".join(m["hol"].split()).lower()
    year = int(m["hol_y"]) if m["hol_y"] else None
    if year is None:
        if anchor is None:
            return "DATE", None
        days = [holiday_date(name, y) for y in nearby_years(anchor)]
        # As for a month and day: near the anchor the nearest one, further off the tense decides.
        return "DATE", nearest_unless_far([d for d in days if d], anchor, tense).isoformat()
    day = holiday_date(name, year)
    return "DATE", day.isoformat() if day else str(year)


def _clock_hour(hour: int, ampm: str) -> int:
    ampm = ampm.lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        return hour + 12
    if ampm == "am" and hour == 12:
        return 0
    return hour


def _clock(m, anchor, tense, ref) -> Result | None:
    hour = int(m["ck_h"])
    if hour > 12:
        return None
    hour = _clock_hour(hour, m["ck_ap"])
    minute = int(m["ck_m"] or 0)
    if m["ck_md_m"] and anchor is not None:
        day = resolve_month_day(month_number(m["ck_md_m"]), day_number(m["ck_md_d"]), anchor, tense)
    elif m["ck_wd_m"] and anchor is not None:  # "4:20 p.m. on Friday, Sept. 14"
        month, month_day = month_number(m["ck_wd_m"]), day_number(m["ck_wd_d"])
        day = _pinned_by_weekday(month, month_day, m["ck_wd"], anchor) or resolve_month_day(month, month_day, anchor, tense)
    else:
        day = _clock_day(m["ck_rel"], m["ck_wd"], anchor, tense, ref)
    if day is None:
        return "TIME", None
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _clock_day(rel, weekday, anchor, tense, ref) -> dt.date | None:
    if anchor is None:
        return None
    if weekday:
        return resolve_weekday(WEEKDAYS[weekday.lower()], anchor, tense)
    offsets = {"tomorrow": 1, "yesterday": -1}
    if rel:
        return anchor + dt.timedelta(days=offsets.get(rel.lower(), 0))
    return ref or anchor


def _clock_word(m, anchor, tense, ref) -> Result | None:
    hour = int(number_value(m["cw_h"]))
    part = (m["cw_p"] or "").lower()
    if part and "morning" not in part and hour < 12:
        hour += 12  # afternoon, evening, night
    elif "morning" in part and hour == 12:
        hour = 0
    day = ref or anchor
    if day is None:
        return "TIME", None
    return "TIME", f"{day.isoformat()}T{hour:02d}:00"


def _clock24(m, anchor, tense, ref) -> Result | None:
    day = ref or anchor
    if day is None:
        return "TIME", None
    hour, minute = m["c24_h"] or m["c24_hh"], m["c24_m"] or m["c24_mm"]
    return "TIME", f"{day.isoformat()}T{int(hour):02d}:{minute}"


def _noon(m, anchor, tense, ref) -> Result | None:
    day = _clock_day(None, m["noon_wd"], anchor, tense, ref)
    if day is None:
        return "TIME", None
    clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[m["noon_w"].lower()]
    return "TIME", f"{day.isoformat()}T{clock}"


def _relday(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "DATE", None
    word = " ".join(m["rd"].lower().split())
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    value = (anchor + dt.timedelta(days=offset)).isoformat()
    pod = m["rd_pod"] or ("night" if word == "tonight" else None)
    if pod:
        return "TIME", value + "T" + PARTS_OF_DAY[pod.lower()]
    return "DATE", value


def _in_unit(m, anchor, tense, ref) -> Result | None:
    if ref is None:
        return "DATE", None
    return "DATE", shifted(ref, m["iu"].lower(), 0)


def _edgepod(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "TIME", None
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[(m["ep_rel"] or "today").lower()]
    return "TIME", f"{(anchor + dt.timedelta(days=offset)).isoformat()}T{PARTS_OF_DAY[m['ep_pod'].lower()]}"


def _thispod(m, anchor, tense, ref) -> Result | None:
    if anchor is None:
        return "TIME", None
    rel = m["tp_rel"].lower()
    offset = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and m["tp_pod"].lower() != "night":
        offset = -1
    return "TIME", f"{(anchor + dt.timedelta(days=offset)).isoformat()}T{PARTS_OF_DAY[m['tp_pod'].lower()]}"


DAY_HANDLERS = {
    "iso": _iso, "slash": _slash, "wdate": _wdate, "my": _my, "weeklypod": _weekly_pod, "weekday": _weekday,
    "holiday": _holiday, "clock": _clock, "clock24": _clock24, "clockword": _clock_word, "noon": _noon, "relday": _relday,
    "inunit": _in_unit, "edgepod": _edgepod, "thispod": _thispod,
}
