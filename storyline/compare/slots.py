"""What a date or a figure in a claim is about: the event a date places ("last inspected on
June 2" -> inspect) and the thing a figure counts ("creating around 450 jobs" -> create/job).

Two outlets that give different values for one event write different words exactly where they
disagree (the figure, the weekday), so plain word overlap pushes the two claims apart just when
they must meet to be compared. What the values are about becomes a slot token ("@date:inspect",
"@date:inspect|bridge", "@count:create:jobs") that earns a bonus in alignment (align.SLOT_WEIGHT,
EVENT_WEIGHT) only with a claim dating the same event or counting the same thing. (Leaving the
values themselves out of the words was tried: no gain on the tune half, one more false
alignment with the spaCy pass on the test half, so they stay.)
"""
from __future__ import annotations

from storyline.model import Quantity, TimeRef

# How far up the parse a date or figure may sit from the verb it belongs to
# ("on" -> "inspected"; "jobs" -> "creating"); further up is another clause's verb.
MAX_HOPS = 3


ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "obj"}


def _governing_verb(token, fold):
    """The verb a date or figure hangs from, or None."""
    for _ in range(MAX_HOPS):
        if token.head is token:
            return None
        token = token.head
        if token.pos_ == "VERB":
            return token
    return None


def _arguments(verb, fold, skip) -> list[str]:
    """Nouns the verb is about: its subject and object ("the bridge was inspected" -> bridge).
    Either role: "open the ferry service" and "the ferry service starts" are the same event."""
    return sorted({fold(child.lemma_ or child.text) for child in verb.children
                   if child.dep_ in ARGUMENTS and child.pos_ in {"NOUN", "PROPN"} and child not in skip})


def _event_tokens(kind: str, anchor, fold, synonyms: dict[str, str], suffix: str = "") -> tuple[str | None, list[str]]:
    verb = _governing_verb(anchor, fold)
    if verb is None:
        return None, []
    lemma = fold(verb.lemma_ or verb.text)
    lemma = synonyms.get(lemma, lemma)
    base = f"@{kind}:{lemma}{suffix}"
    return lemma, [base] + [f"{base}|{arg}" for arg in _arguments(verb, fold, {anchor})]


def _span(doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand") if doc is not None else None


def slot_tokens(dated: list[TimeRef], quantities: list[Quantity], doc, fold, synonyms: dict[str, str]
                ) -> tuple[list[str], dict[str, list[str]]]:
    """Slot tokens of a claim, and its full dates grouped by the event (verb) they date."""
    tokens: list[str] = []
    events: dict[str, list[str]] = {}
    for time in dated:
        span = _span(doc, time.start, time.end)
        if span is None or not len(span):
            continue
        verb, found = _event_tokens("date", span.root, fold, synonyms)
        tokens.extend(found)
        if verb and time.value and len(time.value) == 10:
            # Keyed by verb AND noun ("inspect|bridge"): "said on Monday" vs "said on Tuesday"
            # or "met on ..." about different meetings are different events, not a disagreement.
            for token in found:
                if "|" in token:
                    events.setdefault(token.split(":", 1)[1], []).append(time.value)
    for q in quantities:
        unit = fold((q.unit or "").split()[-1]) if q.unit else ""
        # "In one exchange", "at one point": a lone "one" in words is an idiom, not a count.
        if not unit or (q.value == 1 and not any(c.isdigit() for c in q.text)):
            continue
        span = _span(doc, q.start, q.end)
        found = _event_tokens("count", span.root, fold, synonyms, f":{unit}")[1] if span is not None and len(span) else []
        tokens.extend(found or [f"@count:{unit}"])
    return tokens, events
