"""Time expressions of an article as TimeRefs with TIMEX3 values (DATE, TIME, DURATION, SET).

Candidates come from one compiled grammar (`timex_grammar`) run over the text, checked
against the spaCy parse where words are ambiguous ("May", a bare "1990", "years"), plus
spaCy's own DATE/TIME entities where the grammar found nothing inside them. Values are
resolved by `timex_normalise.normalise` against the anchor (the publication date); the
tense of the governing verb (`timex_tense`) places weekdays and months written without a
year, and "the day after" counts from the date last mentioned in the text.
"""
from __future__ import annotations

import bisect
import datetime as dt
import logging
import re

from storyline.extract.timex_anaphora import mentioned_period
from storyline.extract.timex_calendar import iso_week
from storyline.extract.timex_grammar import LEADING_NOISE, TIMEX_PATTERN, iter_matches
from storyline.extract.timex_normalise import KINDS, normalise, normalise_match
from storyline.extract.timex_tense import adverbial_of_present_verb, reported_on, tense_here, verb_tense
from storyline.model import TimeRef

__all__ = ["find_times", "infer_anchor", "normalise", "verb_tense"]

# Words after which a bare month name or year is a date rather than a verb, a name or a count.
_DATE_CONTEXT = frozenset(
    "in on since until till by of from through to before after during early late mid between "
    "and or last next this since spring summer fall autumn winter fiscal year the around "
    "about circa throughout until ending end beginning start".split()
)
_CLOCK_PREPOSITIONS = frozenset("at from until till by to before after around about since and for".split())
# Words after which a bare plural unit ("years", "weeks") is a stretch of time.
_SPAN_CONTEXT = frozenset("for in over within after took take taking takes spent spend lasted last".split())
# Times of day that name no day of their own, and "later in the week": they take the day of a
# date just before them.
_CLOCK_KINDS = ("clock", "clock24", "clockword", "noon", "inunit")
_FULL_DATE_KINDS = ("iso", "slash", "wdate")
# Kinds whose calendar placement honours "since" (never after the anchor) beyond a past tense.
_SINCE_KINDS = ("wdate", "my", "holiday")
_TENSE_KINDS = ("wdate", "my", "weekday", "season", "quarter", "holiday", "clock", "weekend", "noon")
_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
_QUARTER_REACH = 300  # characters after a quarter is named that "a year earlier" still means it
_log = logging.getLogger(__name__)


def find_times(doc, anchor: dt.date | None) -> list[TimeRef]:
    """Every time expression in `doc`, with values resolved against `anchor` (None: relative
    expressions get value None)."""
    text = doc.text
    found: list[TimeRef] = []
    context: dict = {"reference": None, "quarter": None, "day": None, "period": None}
    sentence_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    quarter_end = -1
    bare_clocks: set[int] = set()  # indexes in `found` of times of day naming no day
    for match in iter_matches(text):
        if quarter_end >= 0 and match.start() - quarter_end > _QUARTER_REACH:
            context["quarter"] = None
        sentence = bisect.bisect_right(sentence_starts, match.start())
        if found and _restates_a_clock(text, found[-1], match):
            continue
        try:
            time_ref = _resolve(doc, match, anchor, context, sentence)
        except Exception:  # one odd expression must not cost the article its other times
            _log.warning("time expression %r skipped", match.group(0), exc_info=True)
            continue
        if time_ref is not None:
            if _names_no_day(match):
                bare_clocks.add(len(found))
            _widen_to_its_week(text, time_ref)
            found.append(time_ref)
            day = _day_of(time_ref.value)
            context["reference"] = day or context["reference"]
            if time_ref.type in ("DATE", "TIME"):
                context["period"] = mentioned_period(time_ref.value) or context["period"]
            if day is not None and not reported_on(doc, time_ref.start, time_ref.end):
                context["day"] = (day, sentence)
            if time_ref.value and _QUARTER_VALUE.match(time_ref.value):
                if _replaces_quarter(context["quarter"], time_ref.value, anchor):
                    context["quarter"] = time_ref.value
                quarter_end = time_ref.end
    _date_clocks_by_the_day_after_them(text, found, bare_clocks)
    found.extend(_second_days(text, found))
    found.extend(_entity_times(doc, anchor, found))
    found.sort(key=lambda t: (t.start, t.end))
    return found


def _replaces_quarter(current: str | None, named: str, anchor: dt.date | None) -> bool:
    """Whether a newly named quarter becomes the one "a year earlier" counts from: the
    quarter being reported on stays so when an older one is named for comparison ("up from
    the 1988 quarter") or one not yet over is named as an outlook ("fourth-quarter sales")."""
    if current is None:
        return True
    if not _is_over(named, anchor):
        return False
    return named > current or not _is_over(current, anchor)


def _is_over(quarter: str, anchor: dt.date | None) -> bool:
    if anchor is None:
        return True
    return (int(quarter[:4]), int(quarter[-1])) < (anchor.year, (anchor.month - 1) // 3 + 1)


_CLOCK_TO_DAY_GAP = re.compile(r"[\s,(]*(?:\d{4}\s+[A-Z]{2,4}\)?|\(?[A-Z]{2,4}\)?|[\s,])*(?i:on\s+)?")


_WEEK_OF = re.compile(r"(?i)\bthe\s+week\s+of\s+$")


def _widen_to_its_week(text: str, time_ref: TimeRef) -> None:
    """"the week of March 6": the week that holds the day named."""
    before = _WEEK_OF.search(text, max(0, time_ref.start - 20), time_ref.start)
    day = _day_of(time_ref.value) if time_ref.type == "DATE" else None
    if before is None or day is None:
        return
    time_ref.start, time_ref.type = before.start(), "DATE"
    time_ref.text, time_ref.value = text[before.start():time_ref.end], iso_week(day)


def _restates_a_clock(text: str, previous: TimeRef, match: re.Match) -> bool:
    """"10:35 a.m. (0835 GMT)": the time in another zone, in brackets, is the same moment."""
    return (_kind_of(match) == "clock24" and previous.type == "TIME"
            and re.fullmatch(r"\s*\(\s*", text[previous.end:match.start()]) is not None)


def _names_no_day(match: re.Match) -> bool:
    kind = _kind_of(match)
    if kind == "clock":
        return not (match["ck_rel"] or match["ck_wd"] or match["ck_md_m"])
    return kind in ("clock24", "clockword") or (kind == "noon" and not match["noon_wd"])


def _date_clocks_by_the_day_after_them(text: str, found: list[TimeRef], bare_clocks: set[int]) -> None:
    """"at about 10:35 a.m. (0735 GMT) Friday": the day named right after a time of day is its day."""
    for index in sorted(bare_clocks):
        if index + 1 >= len(found) or found[index].value is None:
            continue
        clock, following = found[index], found[index + 1]
        day = _day_of(following.value) if following.type == "DATE" else None
        if day is None or not _CLOCK_TO_DAY_GAP.fullmatch(text, clock.end, following.start):
            continue
        clock.value = day.isoformat() + clock.value[10:]


# "April 24 and 25", "March 3-5": a second day of the same month, written as a bare number
# followed by punctuation or a small word (not "5 people", "25 percent").
_SECOND_DAY = re.compile(r"\s*(?:and|or|to|through|-|–)\s*(?P<day>3[01]|[12]\d|[1-9])(?:st|nd|rd|th)?"
                         r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|at|of|and|when|as|with|for)\b)")


def _second_days(text: str, found: list[TimeRef]) -> list[TimeRef]:
    extra = []
    for index, time_ref in enumerate(found):
        day = _day_of(time_ref.value) if time_ref.type == "DATE" else None
        if day is None or not re.search(r"\d$", time_ref.text) or re.search(r"\d{4}$", time_ref.text):
            continue
        second = _SECOND_DAY.match(text, time_ref.end)
        if second is None:
            continue
        if index + 1 < len(found) and found[index + 1].start < second.end("day"):
            continue
        try:
            value = day.replace(day=int(second["day"]))
        except ValueError:
            continue
        if value <= day and not re.match(r"\s*(?:and|or)", second.group(0)):
            continue  # a range runs forward: "May 30 to 2" is not a day of May
        extra.append(TimeRef(start=second.start("day"), end=second.end("day"), text=second["day"], type="DATE",
                             value=value.isoformat(), anchor=time_ref.anchor))
    return extra


def _resolve(doc, match: re.Match, anchor: dt.date | None, context: dict,
             sentence: int = 0) -> TimeRef | None:
    text = match.string  # `doc.text` is rebuilt from the tokens on every access
    kind = _kind_of(match)
    start, end = _trimmed_bounds(text, match)
    if start >= end or not _plausible(doc, kind, match, start, end):
        return None
    tense = tense_here(doc, text, start, end) if kind in _TENSE_KINDS else None
    if tense == "since" and kind not in _SINCE_KINDS:
        tense = "past"
    if tense == "present" and kind in _SINCE_KINDS and adverbial_of_present_verb(doc, start, end):
        # "Grimm is up for re-election in November", "the rules take effect in June": a
        # month far from the report, placed by a verb in the present, is one to come.
        tense = "future"
    if kind in _CLOCK_KINDS:
        # A bare "6 p.m." is on the day of a date in this or the previous sentence, when
        # that date was a day (not when something was said); otherwise on the anchor day.
        recent = context.get("day")
        day = recent[0] if recent and sentence - recent[1] <= 1 else None
        context = {**context, "reference": day}
    result = normalise_match(match, anchor, tense, context)
    if result is None:
        return None
    if kind == "duration" and _means_someday(text, start, end):
        result = ("DATE", "FUTURE_REF")
    return TimeRef(start=start, end=end, text=text[start:end], type=result[0], value=result[1],
                   anchor=anchor.isoformat() if anchor else None)


def infer_anchor(doc) -> dt.date | None:
    """The publication date the text itself gives, when that is safe; else None.

    Safe means: a full date in the dateline (the first 150 characters), or two or more full
    dates in the text that all lie within four days of each other (the latest is taken).
    """
    dates: list[tuple[int, dt.date]] = []
    for match in iter_matches(doc.text):
        if _kind_of(match) not in _FULL_DATE_KINDS:
            continue
        if _kind_of(match) == "wdate" and not match["md_y"]:
            continue
        result = normalise_match(match, None)
        day = _day_of(result[1]) if result else None
        if day is not None:
            dates.append((match.start(), day))
    if not dates:
        return None
    if dates[0][0] < 150:
        return dates[0][1]
    days = sorted(d for _, d in dates)
    if len(days) >= 2 and (days[-1] - days[0]).days <= 4:
        return days[-1]
    return None


# ---------------------------------------------------------------- helpers
def _kind_of(match: re.Match) -> str:
    # The outer named group of the alternative that matched closes last.
    if match.lastgroup in KINDS:
        return match.lastgroup
    return next(name for name in KINDS if match.group(name) is not None)


def _trimmed_bounds(text: str, match: re.Match) -> tuple[int, int]:
    start, end = match.span()
    lead = LEADING_NOISE.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def _previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 30):start].split()
    return before[-1].lower().strip(",.;:'\"(") if before else ""


def _plausible(doc, kind: str, match: re.Match, start: int, end: int) -> bool:
    """Reject readings the surrounding words rule out (counts, names, modal "may")."""
    text = match.string
    if kind != "holiday" and _TITLE_WORD.search(text, start + 1, end) and not text[start:end].isupper():
        return False  # a capitalised unit inside the words names a show or a film ("This Week")
    previous = _previous_word(text, start)
    if kind == "year":
        return _plausible_year(doc, match, start, end, previous)
    if kind == "clock24" and not match["c24_z"]:
        # "at 11:00", "from 09:00": without a zone, a preposition of time says it is a clock
        # time and not a score or a ratio.
        return previous in _CLOCK_PREPOSITIONS
    if kind == "my" and not match["my_y"] and not match["my_rel"] and not match["my_edge"]:
        if match["my_m"] == "May" or previous not in _DATE_CONTEXT:
            return previous in _DATE_CONTEXT or _entity_label(doc, start, end) == "DATE"
    if kind == "plural" and not match["pl_pre"]:
        return previous in _SPAN_CONTEXT
    if kind == "duration":
        following = text[end:end + 12].lower()
        if match.group(0).lower().endswith("old") or re.match(r"[-\s]+(?:old|of age)\b", following):
            return False  # ages are not annotated as time expressions
        number, unit = match["du_n"].lower(), match["du_u"].lower()
        if unit == "second" and number in ("a", "an"):
            return False  # "a second attempt"
        if unit.startswith("quarter") and (re.match(r"\s+of\b", following) or "-quarter" in match.group(0).lower()):
            return False  # "three-quarters of its food"
        if number in ("a", "an") and not match["du_approx"] and _follows_an_amount(doc, start):
            return False  # a rate: "$2 million a year", "four flights a week"
        if number in ("some", "many") and not match["du_approx"]:
            return match["du_u"].lower().endswith("s")
    if kind in ("refword", "relday") and _ends_a_name(doc, text, start, end):
        return False
    if kind == "set" and _names_a_newspaper(doc, match["set_w"], start, end):
        return False
    if kind == "refword":
        word = " ".join(match["rw"].lower().split())
        if word == "current":
            return _entity_label(doc, start, end) == "DATE" or text[end:end + 1] == " "
    return True


# "Islam will one day be", "he hoped they would one day return": some time to come, not 24 hours.
_SOMEDAY_BEFORE = re.compile(r"(?i)\b(?:will|would|could|might|may|can|shall|should|must|'ll|he|she|they|we|i|you)\s+$")


def _means_someday(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() == "one day" and _SOMEDAY_BEFORE.search(text, max(0, start - 12), start) is not None


def _ends_a_name(doc, text: str, start: int, end: int) -> bool:
    """"Secure America Now", "USA Today": a capitalised "Now" or "Today" closing a name. Read
    from the text: the parser often starts a sentence at such a word."""
    if not text[start].isupper() or text[start:end].isupper():
        return False
    before = _NAME_WORD_BEFORE.search(text, max(0, start - 60), start)
    return before is not None and not re.search(r"(?:^|[.!?:;\n\"“”]\s*)$", text[max(0, before.start() - 3):before.start()])


_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][\w'&-]*\s+$")


def _names_a_newspaper(doc, word: str, start: int, end: int) -> bool:
    """"the party daily Granma", "the Berlin daily reported", "The Weekly Standard": the
    word names a newspaper, not a repetition."""
    if word.lower() not in ("daily", "weekly", "monthly"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    if after is not None and after.text[:1].isupper() and not after.is_sent_start:
        return True
    return before is not None and before.text[:1].isupper() and not before.is_sent_start and before.pos_ == "PROPN"


# A unit word written with a capital after the first word of an expression.
_TITLE_WORD = re.compile(r"(?<=\s)(?:Seconds?|Minutes?|Hours?|Days?|Weeks?|Months?|Years?|Decades?|Noon|Morning|Night|Quarters?)\b")


def _follows_an_amount(doc, start: int) -> bool:
    """Whether the words just before `start` are an amount or a counted noun ("$2 million",
    "700 seats", "24 hours"), so that "a <unit>" after them is a rate."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.like_num or before.tag_ == "NNS" or before.ent_type_ in ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")


def _plausible_year(doc, match: re.Match, start: int, end: int, previous: str) -> bool:
    text = match.string
    year = int(match["y"])
    if text[max(0, start - 1):start] in ("$", "#", "£", "€") or previous in ("no.", "number", "$", "flight", "route", "room"):
        return False
    following = text[end:end + 12].lower()
    if re.match(r"\s*(?:%|percent|per\s+cent)", following):
        return False
    label = _entity_label(doc, match.start("y"), match.end("y"))
    if label in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL") and previous not in _DATE_CONTEXT:
        return False
    if previous in _DATE_CONTEXT or match["y_edge"]:
        return True
    if _counts_a_noun(doc, match.start("y"), match.end("y")):
        return False
    return label == "DATE" or 1900 <= year <= 2099


def _counts_a_noun(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    return token.dep_ == "nummod" and token.head.tag_ == "NNS"


def _entity_label(doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0].ent_type_ or None


def _day_of(value: str | None) -> dt.date | None:
    if not value:
        return None
    match = _DAY_VALUE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _entity_times(doc, anchor: dt.date | None, found: list[TimeRef]) -> list[TimeRef]:
    """spaCy DATE/TIME entities the grammar missed entirely, when they normalise."""
    text = doc.text
    extra = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if any(t.start < ent.end_char and ent.start_char < t.end for t in found):
            continue
        start, end = ent.start_char, ent.end_char
        lead = LEADING_NOISE.match(text, start, end)
        if lead:
            start = lead.end()
        # Matched against the whole text, so that what follows the entity still counts
        # ("the last day" of the trial is no stretch of time).
        match = TIMEX_PATTERN.match(text, start)
        if match is not None and match.end() != end:
            match = None
        try:
            time_ref = _resolve(doc, match, anchor, {}) if match else None
        except Exception:  # as in find_times: skip the one, keep the rest
            _log.warning("time entity %r skipped", ent.text, exc_info=True)
            continue
        if time_ref is not None:
            extra.append(time_ref)
    return extra
