"""Calendar arithmetic behind TIMEX3 values: ISO weeks, quarters, holidays, durations, and
placing a weekday or a month without a year relative to an anchor date."""
from __future__ import annotations

import datetime as dt

from dateutil.easter import easter

from storyline.extract.timex_grammar import UNIT_CODES

def year_text(year: int) -> str:
    """A TIMEX3 year: four digits, zero-padded; a year datetime cannot hold is refused
    (ValueError), so that the caller gives no value rather than "-975" or "10025"."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} out of range")
    return f"{year:04d}"


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year_text(year)}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def closest(candidates: list[dt.date], anchor: dt.date, tense: str | None) -> dt.date:
    """The candidate the tense allows that lies nearest the anchor."""
    if tense == "past":
        allowed = [c for c in candidates if c <= anchor + dt.timedelta(days=1)]
    elif tense == "future":
        allowed = [c for c in candidates if c >= anchor]
    else:
        allowed = []
    pool = allowed or candidates
    return min(pool, key=lambda c: (abs((c - anchor).days), c > anchor))


# Within this many days of the anchor the nearest reading wins whatever the tense: the
# governing verb is often a reporting verb ("said") that says nothing about the date.
_TENSE_FREE_DAYS = 120


def nearest_unless_far(candidates: list[dt.date], anchor: dt.date, tense: str | None,
                        window: int = _TENSE_FREE_DAYS) -> dt.date:
    if tense == "since":  # "since January": never after the anchor, however near
        return closest(candidates, anchor, "past")
    nearest = closest(candidates, anchor, None)
    if abs((nearest - anchor).days) <= window:
        return nearest
    # Far from the anchor, a date the verb does not place is more often past than future.
    return closest(candidates, anchor, tense if tense in ("past", "future") else "past")


def resolve_month_day(month: int, day: int, anchor: dt.date, tense: str | None) -> dt.date | None:
    candidates = []
    for year in nearby_years(anchor):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return nearest_unless_far(candidates, anchor, tense) if candidates else None


def resolve_month(month: int, anchor: dt.date, tense: str | None) -> str:
    # A month alone is coarse, so the verb's tense decides sooner than for a full date.
    middles = [dt.date(y, month, 15) for y in nearby_years(anchor)]
    chosen = nearest_unless_far(middles, anchor.replace(day=15), tense, window=75)
    return f"{year_text(chosen.year)}-{month:02d}"


def nearby_years(anchor: dt.date) -> list[int]:
    """The anchor's year and its neighbours, within the years datetime can hold."""
    return [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if dt.MINYEAR <= y <= dt.MAXYEAR]


def resolve_weekday(weekday: int, anchor: dt.date, tense: str | None) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    if tense == "present":
        return anchor + dt.timedelta(days=ahead) if ahead <= back else anchor - dt.timedelta(days=back)
    # News reports mostly what happened: the past (or today) unless the verb says otherwise.
    return anchor - dt.timedelta(days=back)



def holiday_date(name: str, year: int) -> dt.date | None:
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
             "halloween": (10, 31), "independence day": (7, 4), "valentine's day": (2, 14),
             "boxing day": (12, 26), "veterans day": (11, 11)}
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name.startswith("easter"):
        return easter(year) + dt.timedelta(days=1 if name.endswith("monday") else 0)
    if name == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if name.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name in ("labor day", "labour day"):
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if name == "memorial day":
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    return None


def shifted(day: dt.date, unit: str, amount: int) -> str:
    """`day` moved by `amount` units, written at that unit's granularity."""
    if unit.startswith("day"):
        return (day + dt.timedelta(days=amount)).isoformat()
    if unit.startswith("week"):
        return iso_week(day + dt.timedelta(weeks=amount))
    if unit.startswith("month"):
        year, month = divmod(day.year * 12 + day.month - 1 + amount, 12)
        return f"{year_text(year)}-{month + 1:02d}"
    if unit.startswith("quarter"):
        year, quarter = shift_quarter(day.year, quarter_of(day), amount)
        return f"{year_text(year)}-Q{quarter}"
    if unit.startswith("decade"):
        return year_text(day.year + 10 * amount)
    if unit.startswith("centur"):
        return year_text(day.year + 100 * amount)
    return year_text(day.year + amount)


# How a half of each unit is written in the next smaller one ("2 1/2 years" -> P2Y6M).
_HALVES = {"year": "6M", "month": "15D", "day": "T12H", "hour": "30M", "minute": "30S", "week": "3DT12H"}


def duration_value(amount: float | None, unit: str) -> str:
    code = UNIT_CODES[unit]
    if amount is not None and not float(amount).is_integer() and float(amount * 2).is_integer() and unit in _HALVES:
        whole = int(amount)
        time_unit = unit in ("hour", "minute")
        head = ("PT" if time_unit else "P") + (f"{whole}{code}" if whole else "")
        half = _HALVES[unit]
        if not time_unit and half.startswith("T") and not whole:
            return "PT12H"
        return head + half
    if code == "DE":
        code, amount = "Y", None if amount is None else amount * 10
    if code == "WE":
        return "P2D" if amount == 1 else f"P{int(2 * amount)}D" if amount else "PXWE"
    if code == "Q":
        code, amount = "M", None if amount is None else amount * 3
    if code == "CE":
        code, amount = "Y", None if amount is None else amount * 100
    number = "X" if amount is None else (str(int(amount)) if float(amount).is_integer() else f"{amount:g}")
    time_unit = unit in ("hour", "minute", "second")
    return f"PT{number}{code}" if time_unit else f"P{number}{code}"
