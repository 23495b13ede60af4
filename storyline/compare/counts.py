"""Figures read with the thing they count, straight from a claim's words ("50,000 pages of
printed emails" -> 50000 pages, "the 35-word oath" -> 35 word/oath, "1.5 million women").

Two outlets that count one thing differently (50,000 vs 55,000 pages; 150 vs about 200
migrants) write different words exactly where they disagree, so their sentences share few words
and never meet, and the disagreement is never seen. A close count of the same noun is what
brings them together (align.COUNT_WEIGHT). This reads the text, not the quantity extractor, so
it works the same with and without a parse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Counted nouns that say when or how much rather than what: shared by unrelated figures.
GENERIC = {"year", "month", "week", "day", "hour", "minute", "second", "time", "percent", "per", "cent",
           "point", "mile", "kilometer", "am", "pm", "p.m", "a.m", "dollar", "million", "billion", "thousand",
           "people", "other", "more", "less", "first", "last", "th", "st", "nd", "rd", "old", "aged"}
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]*\d)")
# Up to this many words after the figure (scale words aside) may name what it counts.
NOUN_WINDOW = 3
# Two counts of one thing this close (larger / smaller) may be one fact told two ways;
# further apart they count different things (30 countries meeting vs a dozen sending troops).
MAX_COUNT_RATIO = 1.5
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
PHRASE_END = re.compile(r"[,;:()\"“”!?]|\.(?!\d)")
CURRENCY = re.compile(r"[$£€¥]\s*$|\b(?:US|USD|EUR|GBP)\s*$")
YEAR = re.compile(r"1[89]\d\d|20\d\d")
MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")


# What a count's own words say about its precision, read just before the figure; the names are
# those conflicts.py honours (LOWER / UPPER bounds, or approximate). "as many as" is a ceiling.
MODIFIER_BEFORE = re.compile(
    r"\b(about|around|roughly|approximately|nearly|almost|some|an estimated|estimated|more than|over|"
    r"at least|upwards of|up to|as many as|less than|fewer than|under|at most|no more than)\s+(?:the\s+)?$",
    re.IGNORECASE)
MODIFIER_NAMES = {"as many as": "up to"}
BOUNDS = {"more than", "over", "at least", "upwards of", "nearly", "up to", "less than", "fewer than", "under",
          "at most", "almost", "no more than"}
# A figure joined to another by "to", "and" or a dash is one end of a range ("from 500,000 to
# 1.6 million"): it says nothing alone, so it is never compared.
RANGE_AFTER = re.compile(r"^\s*(?:to|and|-|–)\s*(?:about\s+)?\d")
RANGE_BEFORE = re.compile(r"\d[\d,.]*\s*(?:million|billion|thousand)?\s*(?:to|and|-|–)\s*$")


@dataclass(frozen=True)
class Count:
    """A figure read with what it counts: `nouns` (folded) for alignment, `start`/`end` in the
    text, the modifier written before it and whether it is one end of a range."""

    value: float
    nouns: frozenset[str]
    head: str  # the first counted word as written: what the figure is of ("pages", "word")
    start: int
    end: int
    modifier: str | None
    in_range: bool


def read_counts(text: str, fold, stop: frozenset[str] | set[str]) -> list[Count]:
    """Every figure of at least 2 followed by a content word, with the noun it counts."""
    found = []
    for match in NUMBER.finditer(text):
        figure = match.group(1)
        before = text[max(0, match.start() - 12): match.start()]
        # Money is counted in its currency, not in the noun after it; a year or a day of a
        # month dates something rather than counting it.
        if CURRENCY.search(before) or YEAR.fullmatch(figure) or MONTH_BEFORE.search(before):
            continue
        value = float(figure.replace(",", ""))
        # The noun phrase ends at the first punctuation: "150 migrants, part of a caravan".
        rest = PHRASE_END.split(text[match.end(): match.end() + 80], 1)[0]
        nouns: list[str] = []
        end = match.end()
        head = ""
        for position, word in enumerate(WORD.finditer(rest)):
            raw, lower = word.group(), word.group().lower()
            if position == 0 and lower in SCALES and not rest[: word.start()].strip(" -"):
                value *= SCALES[lower]
                end = match.end() + word.end()
                continue
            if position > NOUN_WINDOW:
                break
            folded = fold(raw)
            if lower in stop or folded in stop:
                # "pages of printed emails", "1,200 and headed north": a stop word ends the phrase.
                break
            if not nouns and folded not in GENERIC:
                head, end = lower, match.end() + word.end()
            nouns.append(folded)
            if len(nouns) == 2:
                break
        nouns = [n for n in nouns if n not in GENERIC and len(n) > 1]
        if value < 2 or not nouns:
            continue
        modifier = MODIFIER_BEFORE.search(text[max(0, match.start() - 20): match.start()])
        name = modifier.group(1).lower() if modifier else None
        in_range = bool(RANGE_AFTER.match(text[end: end + 20]) or RANGE_BEFORE.search(text[max(0, match.start() - 30): match.start()]))
        found.append(Count(value, frozenset(nouns), head if len(head) > 1 else "", match.start(), end,
                           MODIFIER_NAMES.get(name, name) if name else None, in_range))
    return found


def counted_figures(text: str, fold, stop: frozenset[str] | set[str]) -> list[tuple[float, frozenset[str]]]:
    """(value, folded counted nouns) for each figure of at least 2 followed by a content word."""
    return [(c.value, c.nouns) for c in read_counts(text, fold, stop)]


def close_counts(a: list[tuple[float, frozenset[str]]], b: list[tuple[float, frozenset[str]]]) -> bool:
    """Whether the two claims count one noun with figures within MAX_COUNT_RATIO of each other."""
    for va, na in a:
        for vb, nb in b:
            if na & nb and max(va, vb) <= MAX_COUNT_RATIO * min(va, vb):
                return True
    return False
