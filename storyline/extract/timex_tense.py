"""The tense a date is read in: the verb that governs it, its auxiliaries, and the words just
before it ("until", "since", "as soon as", "scheduled for").

`tense_here` gives "past", "present", "future", "since" (never after the report) or None;
the calendar functions use it to place weekdays and months written without a year.
"""
from __future__ import annotations

import re

# Governing verbs whose complement is about what is to come ("set to gather").
_FUTURE_VERBS = frozenset(
    "set expect plan schedule due go intend aim hope prepare slate poise want seek propose "
    "promise vow pledge threaten agree decide".split()
)
# Verbs whose date is when something was said, not when the reported events happened:
# "fell on Tuesday evening, officials said on Wednesday. A span collapsed at 6 p.m." -> Tuesday.
_REPORTING_VERBS = frozenset("say tell announce report confirm add state declare disclose note claim".split())

_FUTURE_CUE = re.compile(r"(?i)\b(?:as\s+(?:soon|early)\s+as|no\s+earlier\s+than|starting|beginning)\s+$")
_SINCE_CUE = re.compile(r"(?i)\bsince\s+$")
_DEADLINE_CUE = re.compile(r"(?i)\b(?:until|till)\s+$")
_FOR_CUE = re.compile(r"(?i)\bfor\s+$")
_SCHEDULING_VERBS = frozenset("set schedule reschedule slate plan postpone delay".split())
_BY_CUE = re.compile(r"(?i)\b(?:by|through)\s+$")


def tense_here(doc, text: str, start: int, end: int) -> str | None:
    if _FUTURE_CUE.search(text, max(0, start - 25), start):
        return "future"
    if _SINCE_CUE.search(text, max(0, start - 10), start):
        return "since"  # "sold since January": whatever the verb, not after the report
    if _DEADLINE_CUE.search(text, max(0, start - 10), start):
        # A deadline ("extended until Tuesday", "postponed till Friday") lies ahead of the
        # report whatever the tense of the verb that set it, unless the story looks back
        # from it ("Until Thursday, they had not named him").
        verb = _governing_verb(doc, start, end)
        pluperfect = verb is not None and any(c.lower_ == "had" for c in verb.children if c.dep_ in ("aux", "auxpass"))
        return "past" if pluperfect else "future"
    tense = verb_tense(doc, start, end)
    if tense == "past" and _FOR_CUE.search(text, max(0, start - 6), start):
        # "set the hearing for June 28", "scheduled a vote for Friday": what was fixed then
        # lies ahead, unless the story looks back from it ("had been scheduled for").
        verb = _governing_verb(doc, start, end)
        if verb is not None and _lemma(verb) in _SCHEDULING_VERBS and not _pluperfect(verb):
            return "future"
    if tense != "past" and _BY_CUE.search(text, max(0, start - 10), start):
        return "future"  # "must be repaid by February", "loans through January"
    return tense


def adverbial_of_present_verb(doc, start: int, end: int) -> bool:
    """Whether the date at [start, end) modifies a verb in the simple present directly ("is up
    for re-election in November"), not a noun or adjective on the way ("worth $1 million in
    October, they are worth half now")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    token = span.root
    head = token.head.head if token.dep_ == "pobj" else token.head
    return head.tag_ in ("VBZ", "VBP") and token.dep_ in ("pobj", "npadvmod")


def reported_on(doc, start: int, end: int) -> bool:
    """Whether the date at [start, end) is governed by a reporting verb ("said on Wednesday")."""
    verb = _governing_verb(doc, start, end)
    return verb is not None and verb.lemma_ in _REPORTING_VERBS


def _governing_verb(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def verb_tense(doc, start: int, end: int) -> str | None:
    """'past', 'present', 'future' or None for the verb governing the words at [start, end)."""
    verb = _governing_verb(doc, start, end)
    return _tense_of_verb(verb) if verb is not None else None


# Dependencies by which an infinitive hangs from the verb that carries its tense:
# "are set to gather ... to drum up support on Friday" -> "drum" <- "gather" <- "set".
_INFINITIVE_LINKS = ("xcomp", "advcl", "ccomp", "acl", "conj")


def _tense_of_verb(verb, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & {"will", "shall", "'ll", "wo"}:
        return "future"
    if any(a.tag_ == "VBD" and a.lower_ != "would" for a in auxes):
        return "past"  # "had been due to expire Friday"
    if _lemma(verb) in _FUTURE_VERBS and verb.tag_ == "VBN":
        return "future"  # "is scheduled for Friday", "are set to"
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head is not verb and "to" in aux_words:
        # "planned to leave", "is set to gather", "is to resume", "going to"; but a plan
        # already overtaken lies in the past ("had been due to expire Friday").
        if _lemma(head) in _FUTURE_VERBS or head.lemma_ == "be":
            return "past" if _pluperfect(head) else "future"
    if aux_words & {"might", "may", "could", "should", "must"} and aux_words & {"have", "'ve"}:
        return "past"  # "may have been responsible on Wednesday": a guess about what happened
    if aux_words & {"would", "might", "may"}:
        return "future"  # reported or possible events lie ahead of the report
    if aux_words & {"should", "must", "can", "could"}:  # "could not be reached Thursday"
        return None
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and aux_words & {"has", "have", "had", "'ve", "'s"}:
        return "past"
    if verb.tag_ == "VBG" and aux_words & {"is", "are", "am", "'re", "'m", "'s"}:
        return "present"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ in ("VB", "VBN") and "to" in aux_words:  # "to meet", "to be shown"
        return _tense_of_infinitive(verb, depth)
    return None


# Forms the lemmatiser gets wrong ("slated" -> "slat").
_LEMMA_SLIPS = {"slated": "slate"}


def _lemma(token) -> str:
    return _LEMMA_SLIPS.get(token.lower_, token.lemma_)


def _pluperfect(token) -> bool:
    """Whether `token` (or the verb an adjective like "due" hangs from) carries "had"."""
    for word in (token, token.head) if token.pos_ == "ADJ" else (token,):
        if any(c.lower_ == "had" for c in word.children if c.dep_ in ("aux", "auxpass")):
            return True
    return False


def _tense_of_infinitive(verb, depth: int) -> str | None:
    """An infinitive has no tense of its own: walk up to the verb it depends on."""
    head = verb.head
    for _ in range(4):  # a noun may stand between ("plans to meet", "a bid to win")
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    if depth >= 4 or head is verb or head.pos_ not in ("VERB", "AUX") or verb.dep_ not in _INFINITIVE_LINKS:
        return None
    return _tense_of_verb(head, depth + 1)
