"""Typed disagreements between claims of one fact from independent sources.

Tolerances (documented in the README of this package's gold set too):
- numbers: exact figures must match exactly; when either side is approximate ("around",
  "some", "about") values within 20% of the larger one agree, so "some 40" vs "about 45"
  is no conflict but "around 30" vs "50" is. Bounds are honoured: "more than 40" agrees
  with 45, "up to 40" with 35. Only the same unit is compared (tanks with tanks, dollars
  with dollars): there is no currency rate table, so euros are never compared with dollars.
  Figures more than three times apart are taken to count different things.
  The two figures must also count the same thing: their nearby words must share a content
  word beyond the unit ("30 countries meeting" vs "a dozen countries willing to send troops"
  share none and are not compared). A claim listing several figures of one unit ("36 percent
  ... the other's rate: 30 percent") has each figure described by its own stretch of the
  sentence; a figure is compared only with its unique mutual best match (sharing at least
  two words and half the shorter description), so figures that cannot be told apart are never compared.
- a forecast ("will", "is expected to") and a report of what happened are different
  times, never a conflict in numbers, dates or negation.
- dates: only full dates (or months) resolved on both sides; a month agrees with any day in it.
- names/roles: titles are compared after folding spelling (Defence/Defense), nationality
  and secretary/minister, so "Defence Secretary" and "Defense Minister" are one office.
"""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from anyascii import anyascii
from rapidfuzz import fuzz

from storyline.compare.features import STOP, VERB_SYNONYMS, WORD_RE, ClaimFeatures, fold
from storyline.model import Conflict, ConflictValue, Quantity

APPROX_TOLERANCE = 0.20
# Outlets that disagree on a count are rarely a factor of three apart; figures that far apart
# count different things ($139 million earned vs $43 million paid in tax).
MAX_RATIO = 3.0
CONTEXT_WORDS = 6
LOWER = {"more than", "over", "at least", "upwards of", "nearly"}
UPPER = {"up to", "less than", "fewer than", "under", "at most", "almost", "no more than"}
TITLE_WORDS = {
    "minister", "secretary", "president", "prime", "chancellor", "spokesman", "spokeswoman", "spokesperson",
    "chief", "head", "general", "admiral", "ambassador", "senator", "governor", "mayor", "director", "chairman",
    "chairwoman", "leader", "commander", "foreign", "defense", "interior", "finance", "deputy", "vice", "king",
    "queen", "premier", "envoy", "speaker", "justice", "health", "economy", "trade", "attorney", "state",
    "treasury", "energy", "home", "affairs", "staff", "adviser", "advisor", "ceo", "chair",
}
# Words that say which office, not which country: they must not create a role conflict.
TITLE_NOISE = {"british", "french", "german", "us", "uk", "american", "ukrainian", "russian", "the", "former",
               "then", "new", "acting", "said", "of", "for"}
OFFICE_SYNONYMS = {"secretary": "minister", "premier": "prime", "spokeswoman": "spokesman",
                   "spokesperson": "spokesman", "advisor": "adviser", "chairwoman": "chairman", "chair": "chairman"}


def _context(feats: ClaimFeatures, quantity: Quantity) -> set[str]:
    text = feats.claim.text
    start, end = quantity.start - feats.claim.start, quantity.end - feats.claim.start
    before = WORD_RE.findall(text[:start])[-CONTEXT_WORDS:]
    after = WORD_RE.findall(text[end:])[:CONTEXT_WORDS]
    words = {fold(w) for w in before + after} - STOP
    unit = {fold(w) for w in WORD_RE.findall(quantity.unit or "")}
    return words - unit - {w for w in words if w.isdigit()}


def _agree(a: Quantity, b: Quantity) -> bool:
    va, vb = float(a.value), float(b.value)  # type: ignore[arg-type]
    for first, second in ((a, b), (b, a)):
        modifier = (first.modifier or "").lower()
        if modifier in LOWER and float(second.value) >= float(first.value) * (0.9 if modifier == "nearly" else 1):  # type: ignore[arg-type]
            return True
        if modifier in UPPER and float(second.value) <= float(first.value):  # type: ignore[arg-type]
            return True
    if a.approximate or b.approximate:
        return abs(va - vb) <= APPROX_TOLERANCE * max(abs(va), abs(vb))
    # A figure rounded by one outlet ("35.7" for "35.72") is the same figure.
    return any(round(x, _decimals(y)) == y for x, y in ((va, vb), (vb, va)))


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _unit(quantity: Quantity) -> str:
    return fold(quantity.unit or "")


def _segment_context(feats: ClaimFeatures, quantity: Quantity, siblings: list[Quantity]) -> set[str]:
    """Words that say what this figure counts when the claim lists several of one unit: those
    between the previous figure and this one (the subject: "the Clintons' 2014 tax rate: 30
    percent"), plus its counted noun after it."""
    text, base = feats.claim.text, feats.claim.start
    previous = max((q.end for q in siblings if q.end <= quantity.start), default=base)
    following = min((q.start for q in siblings if q.start >= quantity.end), default=feats.claim.end)
    before = WORD_RE.findall(text[previous - base : quantity.start - base])[-CONTEXT_WORDS - 2 :]
    # After the figure only its counted noun ("40 percent turnout"), up to the first clause break:
    # what follows a comma already describes the next figure.
    after = WORD_RE.findall(re.split(r"[,;:]|\band\b|\bwhile\b", text[quantity.end - base : following - base])[0])[:3]
    words = {fold(w) for w in before + after} - STOP
    unit = {fold(w) for w in WORD_RE.findall(quantity.unit or "")}
    return words - unit


def _figure_pairs(a: ClaimFeatures, b: ClaimFeatures) -> list[tuple[Quantity, Quantity]]:
    """Figures of the two claims that count the same thing.

    One figure of a unit a side: paired when their nearby words share a content word. Several
    (tax rates, poll shares): each figure is described by its own segment of the sentence and
    paired only with its mutual best match, when that match is strictly the best on both sides."""
    pairs: list[tuple[Quantity, Quantity]] = []
    for unit in sorted({_unit(q) for q in a.quantities} & {_unit(q) for q in b.quantities} - {""}):
        side_a = [q for q in a.quantities if _unit(q) == unit]
        side_b = [q for q in b.quantities if _unit(q) == unit]
        if len(side_a) == 1 and len(side_b) == 1:
            if _context(a, side_a[0]) & _context(b, side_b[0]):
                pairs.append((side_a[0], side_b[0]))
            continue
        # Any figure bounds a stretch, whatever its unit ("35.72, and ... combined rate of 45.8 percent").
        ctx_a = [_segment_context(a, q, a.quantities) for q in side_a]
        ctx_b = [_segment_context(b, q, b.quantities) for q in side_b]
        score = [[len(x & y) for y in ctx_b] for x in ctx_a]
        for i, row in enumerate(score):
            best = max(row)
            j = row.index(best)
            column = [score[k][j] for k in range(len(side_a))]
            unique = row.count(best) == 1 and column.count(best) == 1 and max(column) == best
            # Most of the shorter description must match: "tax rate" alone is what every rate shares.
            if unique and best >= max(2, -(-min(len(ctx_a[i]), len(ctx_b[j])) // 2)):
                pairs.append((side_a[i], side_b[j]))
    return pairs


def _with_counts(feats: ClaimFeatures) -> ClaimFeatures:
    """The claim with the counts read from its words (features.counted) standing in for its
    quantities when no extractor gave any: a text-only run still sees 50,000 vs 55,000 pages."""
    if feats.quantities or not feats.counted:
        return feats
    return replace(feats, quantities=feats.counted)


def number_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    a, b = (_with_counts(f) for f in pair)
    found = []
    for qa, qb in _figure_pairs(a, b):
        if _agree(qa, qb):
            continue
        if max(qa.value, qb.value) > MAX_RATIO * max(min(qa.value, qb.value), 1e-9):  # type: ignore[type-var,operator]
            continue
        found.append(Conflict("number", [ConflictValue(qa.text, a.claim), ConflictValue(qb.text, b.claim)],
                              note=f"{qa.unit}: {qa.text!r} vs {qb.text!r}"))
    return found[:1]


def _date_agree(x: str, y: str) -> bool:
    return x.startswith(y) or y.startswith(x)


def _comparable_dates(x: str, y: str) -> bool:
    """Two accounts of one event's date: both at least month-precise, at the same precision, and
    within a year of each other. A day set against a year-old month is an event mentioned in
    passing ("since the invasion began in February 2022"), not a disagreement."""
    if len(x) < 7 or len(y) < 7 or (len(x) >= 10) != (len(y) >= 10) or not (x[:4].isdigit() and y[:4].isdigit()):
        return False
    months = lambda v: int(v[:4]) * 12 + (int(v[5:7]) if v[5:7].isdigit() else 1)  # noqa: E731
    return abs(months(x) - months(y)) <= 12


def date_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    a, b = pair
    # Several dates in a claim: compare only those the parse ties to one event verb in both
    # ("released on Wednesday, shows the bridge was last inspected on June 2").
    for verb in sorted(set(a.dated_events) & set(b.dated_events)):
        days_a, days_b = set(a.dated_events[verb]), set(b.dated_events[verb])
        if len(days_a) == 1 and len(days_b) == 1 and days_a != days_b:
            x, y = days_a.pop(), days_b.pop()
            if _comparable_dates(x, y):
                return [Conflict("date", [ConflictValue(x, a.claim), ConflictValue(y, b.claim)], note=f"when: {verb}")]
    # Else one date a side: with several, we cannot tell which one the shared event carries.
    if len(a.dates) != 1 or len(b.dates) != 1 or _date_agree(a.dates[0], b.dates[0]):
        return []
    if not _comparable_dates(a.dates[0], b.dates[0]):
        return []
    return [Conflict("date", [ConflictValue(a.dates[0], a.claim), ConflictValue(b.dates[0], b.claim)])]


YEAR_SPAN = re.compile(r"\b(?:from|between)\s+(1[89]\d\d|20\d\d)\s*(?:to|and|until|through|[-–])\s*(1[89]\d\d|20\d\d)\b")


def _year_span(feats: ClaimFeatures) -> tuple[str, set[str]] | None:
    """The claim's one span of years ("served from 1967 to 1979") and the words just before it
    (who or what spanned them); None without exactly one span."""
    spans = list(YEAR_SPAN.finditer(feats.claim.text))
    if len(spans) != 1:
        return None
    span = spans[0]
    before = {fold(w) for w in WORD_RE.findall(feats.claim.text[: span.start()])[-CONTEXT_WORDS:]} - STOP
    return f"{span.group(1)}-{span.group(2)}", before


def year_span_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    """One span of years given two ways (a term served 1967-1979 vs 1966-1978): the words
    before the spans must share a content word (the same office holder or period), and the
    spans overlap, else they are different periods mentioned in passing."""
    a, b = (_year_span(f) for f in pair)
    if a is None or b is None or a[0] == b[0] or not a[1] & b[1]:
        return []
    (start_a, end_a), (start_b, end_b) = (map(int, a[0].split("-")), map(int, b[0].split("-")))
    if max(start_a, start_b) > min(end_a, end_b):
        return []
    return [Conflict("date", [ConflictValue(a[0], pair[0].claim), ConflictValue(b[0], pair[1].claim)],
                     note="span of years")]


def negation_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    a, b = pair
    # Without a shared actor, "X did not attend" and "Y attended" do not disagree.
    if not (a.entities & b.entities):
        return []
    for negated, plain in ((a, b), (b, a)):
        if plain.has_negator:
            continue
        flipped = sorted(v for v in negated.negated - plain.negated if v in plain.content)
        if flipped:
            return [Conflict("negation", [ConflictValue(f"not {flipped[0]}", negated.claim),
                                          ConflictValue(flipped[0], plain.claim)])]
    return []


def _title_before(text: str, name: str) -> set[str]:
    at = anyascii(text).find(anyascii(name))
    if at < 0:
        return set()
    words = WORD_RE.findall(anyascii(text)[:at])[-5:]
    office: list[str] = []
    for word in reversed(words):
        folded = fold(word)
        folded = OFFICE_SYNONYMS.get(folded, folded)
        if folded in TITLE_NOISE or word.replace(".", "").lower() in TITLE_NOISE:
            continue
        if folded not in TITLE_WORDS and folded not in {fold(w) for w in TITLE_WORDS}:
            break
        office.append(folded)
    return set(office)


def role_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    a, b = pair
    found = []
    for key in sorted(set(a.persons) & set(b.persons)):
        office_a = _title_before(a.claim.text, a.persons[key])
        office_b = _title_before(b.claim.text, b.persons[key])
        # One-word titles ("Sen.", "leader") are too vague to clash: a senator can lead a party.
        if len(office_a) >= 2 and len(office_b) >= 2 and not (office_a <= office_b or office_b <= office_a):
            found.append(Conflict("role", [ConflictValue(" ".join(sorted(office_a)), a.claim),
                                           ConflictValue(" ".join(sorted(office_b)), b.claim)],
                                  note=f"offices given to {a.persons[key]}"))
    return found


# Words that may stand between a country and its office without being either.
_FILLERS = {"the", "a", "an", "former", "then", "new", "acting", "said", "of", "for", "s"}


def _qualifier(text: str, name: str) -> str | None:
    """The capitalised word just before a name's title ("US", "German" in "German Defense
    Minister Boris Pistorius"): offices of different countries are different offices."""
    plain = anyascii(text)
    at = plain.find(anyascii(name))
    if at < 0:
        return None
    for word in reversed(WORD_RE.findall(plain[:at])[-6:]):
        folded = OFFICE_SYNONYMS.get(fold(word), fold(word))
        if folded in TITLE_WORDS or folded in {fold(w) for w in TITLE_WORDS} or folded in _FILLERS:
            continue
        return fold(word) if word[:1].isupper() else None
    return None


def _same_name(x: str, y: str) -> bool:
    return fuzz.token_set_ratio(anyascii(x).lower(), anyascii(y).lower()) >= 85


AUXILIARIES = {"will", "would", "shall", "should", "could", "can", "may", "might", "must", "is", "are", "was",
               "were", "be", "been", "being", "has", "have", "had", "also", "did", "does", "do", "to", "then"}
NEGATIONS = {"not", "n't", "never"}


def _predicate(text: str, name: str) -> str | None:
    """What the sentence says the named person does: the verb whose agent the name is
    ("chaired by Minister X" -> host; "X will not attend" -> not attend), None when unclear."""
    plain = anyascii(text)
    at = plain.find(anyascii(name))
    if at < 0:
        return None
    before = WORD_RE.findall(plain[:at])[-6:]
    # Passive agent: "<verb> by <title> <name>".
    for i in range(len(before) - 1, 0, -1):
        word = before[i].lower()
        if word == "by":
            return VERB_SYNONYMS.get(fold(before[i - 1]), fold(before[i - 1]))
        folded = OFFICE_SYNONYMS.get(fold(word), fold(word))
        if not (folded in TITLE_WORDS or folded in {fold(w) for w in TITLE_WORDS} or word in TITLE_NOISE
                or before[i][:1].isupper()):
            break
    after = plain[at + len(name):]
    if re.match(r"\s*[,;:(]", after):
        return None  # "X, who ...," or an aside: not a plain statement of what X does
    negated = False
    for word in WORD_RE.findall(after)[:6]:
        lower = word.lower()
        if lower in NEGATIONS or lower.endswith("n't"):
            negated = True
        elif lower in AUXILIARIES:
            continue
        elif lower in STOP or not word[:1].islower():
            return None
        else:
            verb = VERB_SYNONYMS.get(fold(word), fold(word))
            return f"not {verb}" if negated else verb
    return None


def name_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    """One office held by two different people in claims of the same fact, doing the same
    thing: "chaired by Minister X" vs "chaired by Minister Y", never "X leads it" vs "Y will
    not attend" (different people doing different things)."""
    a, b = pair
    for key_a, name_a in sorted(a.persons.items()):
        office_a = _title_before(a.claim.text, name_a)
        if len(office_a) < 2 or key_a in b.persons:
            continue
        for key_b, name_b in sorted(b.persons.items()):
            if key_b in a.persons or _same_name(name_a, name_b):
                continue
            if _title_before(b.claim.text, name_b) == office_a:
                # A qualifier on either side that the other lacks or contradicts leaves the
                # office in doubt; only the same office of the same body is a clash.
                if _qualifier(a.claim.text, name_a) != _qualifier(b.claim.text, name_b):
                    continue
                predicate = _predicate(a.claim.text, name_a)
                if predicate is None or predicate != _predicate(b.claim.text, name_b):
                    continue
                return [Conflict("name", [ConflictValue(name_a, a.claim), ConflictValue(name_b, b.claim)],
                                 note=f"{' '.join(sorted(office_a))} named differently")]
    return []


# Quote wording and speaker conflicts (issue 5) live in their own module.
from storyline.compare.quote_conflicts import quote_conflicts  # noqa: E402

CHECKS = (quote_conflicts, role_conflicts, name_conflicts)
# These compare states of the world, so a forecast and a report of the outcome never clash.
TIMED_CHECKS = (number_conflicts, date_conflicts, year_span_conflicts, negation_conflicts)


def find_conflicts(members: list[ClaimFeatures], origins: list[str]) -> list[Conflict]:
    """Conflicts between claims of one fact; claims of the same origin never conflict."""
    conflicts: list[Conflict] = []
    seen: set[tuple[str, str, str]] = set()
    for (fa, oa), (fb, ob) in combinations(zip(members, origins), 2):
        if oa == ob:
            continue
        checks = CHECKS + (TIMED_CHECKS if fa.prospective == fb.prospective else ())
        for check in checks:
            for conflict in check((fa, fb)):
                key = (conflict.kind, str(conflict.values[0].value), str(conflict.values[1].value))
                if key not in seen:
                    seen.add(key)
                    conflicts.append(conflict)
    return conflicts
