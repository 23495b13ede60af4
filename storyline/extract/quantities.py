"""Counts, amounts of money and percentages, with the approximator and what is counted.

Works on the spaCy tokens: a run of number tokens ("1.5 trillion", "two dozen", "21bn"),
the currency symbol or word around it, a percent sign or word after it, an approximator
before it ("around", "more than", "up to"), and the noun it modifies in the dependency
parse (`nummod` head) as the unit. Numbers that belong to dates, times, durations,
ordinals or names are left to other extractors.
"""
from __future__ import annotations

import re

from storyline.model import Quantity

SMALL_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
SMALL_NUMBERS.update(
    {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
)
# Words that multiply what precedes them ("two dozen", "1.5 trillion").
MULTIPLIERS = {
    "dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12,
}
# Short multipliers that only mean that after a currency ("£450m"; "450m" alone may be metres).
MONEY_MULTIPLIERS = {"m": 1e6, "k": 1e3, "b": 1e9}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH",
                    "a$": "AUD", "c$": "CAD", "₹": "INR"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
    "hryvnia": "UAH", "hryvnias": "UAH", "uah": "UAH", "yuan": "CNY", "cny": "CNY",
}
# Longest first so "more than" wins over a bare "than".
APPROXIMATORS = sorted(
    (tuple(p.split()) for p in (
        "around", "about", "some", "roughly", "approximately", "nearly", "almost", "over", "under",
        "more than", "less than", "fewer than", "up to", "at least", "at most", "as many as",
        "as much as", "as few as", "close to", "upwards of", "an estimated", "estimated",
        "just over", "just under", "well over", "more than", "in excess of", "almost exactly",
    )),
    key=len, reverse=True,
)
TIME_UNITS = frozenset(
    """second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries night nights weekend weekends""".split()
)
SKIP_ENTITY_TYPES = frozenset({"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "LOC", "FAC",
                               "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "NORP", "LANGUAGE"})
# A nummod head further away than this is a parse error, not the counted noun.
MAX_UNIT_DISTANCE = 4
_SUFFIXED = re.compile(r"^(\d+(?:[.,]\d+)*)(bn|mn|mln|tn|trn|m|k|b)$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)


def find_quantities(doc) -> list[Quantity]:
    quantities = []
    i = 0
    while i < len(doc):
        if _starts_number(doc, i):
            run_end = _run_end(doc, i)
            quantity = _build(doc, i, run_end)
            if quantity is not None:
                quantities.append(quantity)
            i = max(run_end, i + 1)
        else:
            i += 1
    return quantities


def _word_value(token) -> float | None:
    text = token.lower_
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    return SMALL_NUMBERS.get(text)


def _starts_number(doc, i: int) -> bool:
    token = doc[i]
    if _ORDINAL.match(token.text):
        return False
    return _word_value(token) is not None or bool(_SUFFIXED.match(token.text)) or (
        token.lower_ in ("a", "an") and i + 1 < len(doc) and doc[i + 1].lower_ in MULTIPLIERS
    )


def _run_end(doc, i: int) -> int:
    """End (exclusive) of the number words starting at `i`: "two dozen", "twenty - five"."""
    j = i + 1
    while j < len(doc):
        token = doc[j]
        if token.lower_ in MULTIPLIERS or _word_value(token) is not None and not token.is_digit:
            j += 1
        elif token.text == "-" and j + 1 < len(doc) and doc[j + 1].lower_ in SMALL_NUMBERS:
            j += 2
        else:
            break
    return j


def _value(tokens, money: bool) -> float | None:
    total, current = 0.0, 0.0
    seen = False
    for token in tokens:
        text = token.lower_
        suffixed = _SUFFIXED.match(token.text)
        if text in ("a", "an", "-"):
            continue
        if suffixed:
            base = float(suffixed.group(1).replace(",", ""))
            unit = suffixed.group(2).lower()
            factor = MULTIPLIERS.get(unit) or (MONEY_MULTIPLIERS.get(unit) if money else None)
            if factor is None:
                return None
            current += base * factor
        elif text == "hundred":
            current = (current or 1) * 100
        elif text in MULTIPLIERS:
            total += (current or 1) * MULTIPLIERS[text]
            current = 0
        else:
            number = _word_value(token)
            if number is None:
                return None
            current += number
        seen = True
    return total + current if seen else None


def _build(doc, start: int, end: int) -> Quantity | None:
    run = doc[start:end]
    if any(t.ent_type_ in SKIP_ENTITY_TYPES for t in run) or _is_furniture(doc, start, end):
        return None
    if end < len(doc) and doc[end].text == "-":
        return None  # "30-day", "45-year-old": durations and ages
    first, last = start, end
    currency = None
    if start > 0 and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
        currency, first = CURRENCY_SYMBOLS[doc[start - 1].lower_], start - 1
    # "£450 m": a separate short multiplier after a currency amount.
    multiplier_token = None
    if currency and last < len(doc) and doc[last].lower_ in MONEY_MULTIPLIERS:
        multiplier_token, last = doc[last], last + 1
    if last + 1 < len(doc) and doc[last].lower_ in ("us", "u.s.") and doc[last + 1].lower_ in ("dollar", "dollars"):
        currency, last = currency or "USD", last + 2
    elif last < len(doc) and doc[last].lower_ in CURRENCY_WORDS:
        currency, last = currency or CURRENCY_WORDS[doc[last].lower_], last + 1
    value = _value(list(run), money=currency is not None)
    if value is None:
        return None
    if multiplier_token is not None:
        value *= MONEY_MULTIPLIERS[multiplier_token.lower_]
    unit = currency
    if unit is None:
        last, unit = _percent(doc, last)
    if unit is None:
        unit_token = _counted_noun(doc, start, end)
        if unit_token is not None:
            if unit_token.lower_ in TIME_UNITS:
                return None  # "11 years", "three days": time expressions, not quantities
            unit = unit_token.text if unit_token.pos_ == "PROPN" else unit_token.lower_
            if _adjacent(doc, end, unit_token):
                last = unit_token.i + 1
        elif _looks_like_year(run) or run[0].lower_ == "one":
            return None  # a bare year, or "one" as a pronoun
    modifier, first = _modifier(doc, first)
    span = doc[first:last]
    return Quantity(
        start=span.start_char, end=span.end_char, text=span.text, value=value, unit=unit,
        approximate=modifier is not None, modifier=modifier,
    )


def _percent(doc, i: int) -> tuple[int, str | None]:
    words = [t.lower_ for t in doc[i : i + 2]]
    if words[:1] in (["%"], ["percent"], ["pc"]):
        return i + 1, "percent"
    if words == ["per", "cent"]:
        return i + 2, "percent"
    if words == ["percentage", "points"] or words == ["percentage", "point"]:
        return i + 2, "percentage points"
    return i, None


def _counted_noun(doc, start: int, end: int):
    """The noun the number modifies: its `nummod` head, else the next noun right after it."""
    for token in doc[start:end]:
        head = token.head
        if token.dep_ in ("nummod", "quantmod", "compound") and not start <= head.i < end:
            near = end <= head.i <= end + MAX_UNIT_DISTANCE
            if head.pos_ in ("NOUN", "PROPN") and near and head.ent_type_ not in ("DATE", "TIME"):
                return head
    if end < len(doc) and doc[end].pos_ == "NOUN":
        return doc[end]
    return None


def _adjacent(doc, end: int, unit_token) -> bool:
    """Whether only the unit's own modifiers ("Ukrainian" in "four Ukrainian prisoners") lie between."""
    between = doc[end : unit_token.i]
    return len(between) <= 3 and all(t.head.i == unit_token.i and t.dep_ in ("amod", "compound") for t in between)


def _modifier(doc, first: int) -> tuple[str | None, int]:
    for words in APPROXIMATORS:
        begin = first - len(words)
        if begin >= 0 and tuple(t.lower_ for t in doc[begin:first]) == words:
            return doc[begin:first].text, begin
    return None, first


def _looks_like_year(run) -> bool:
    return len(run) == 1 and run[0].is_digit and len(run[0].text) == 4 and 1800 <= int(run[0].text) <= 2100


def _is_furniture(doc, start: int, end: int) -> bool:
    """Page furniture: "Image 1 of 5", "3 comments", numbers in short fragments without a verb."""
    if end + 1 < len(doc) and doc[end].lower_ == "of" and _word_value(doc[end + 1]) is not None:
        return True
    if start >= 2 and doc[start - 1].lower_ == "of" and _word_value(doc[start - 2]) is not None:
        return True
    sentence = doc[start].sent
    words = [t for t in sentence if not t.is_punct]
    return len(words) <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in sentence)
