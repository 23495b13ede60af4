"""Quote conflicts: one utterance rendered with different words by two outlets, or the same
words credited to two different speakers.

Two quoted passages are taken for one utterance when most of the content words of the shorter
one are found in the other. Their words are then aligned (difflib on normalised tokens) and only
a substantive difference counts: a content word changed, dropped or added, a negation, a number,
a list reordered. Not differences: punctuation, case, function words, contractions, "&"/"and",
British/American spelling and other one-letter spellings, "E.U."/"EU", a transliterated name
spelt two ways, a starred expletive, an editor's [bracketed] or (parenthesised) gloss, words
left out at an ellipsis, and one outlet quoting a longer or shorter stretch (words beyond the
other's quotation marks are not its words). Paraphrase outside the marks is never looked at.

The same words given to two speakers conflict only when both claims name their speaker
themselves, both speakers are resolved (an entity id or a proper name, never a pronoun or a
description such as "a spokesman") and they differ. When the speakers differ and the words do
too, the two may well be two people repeating one line: no conflict either way.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler, Levenshtein
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.compare.features import STOP, ClaimFeatures, fold
from storyline.extract.quote_marks import find_quoted_spans
from storyline.model import Claim, Conflict, ConflictValue

NEGATORS = frozenset({"not", "no", "never", "nor", "none", "nothing", "nobody", "neither", "without"})
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "hundred": "100", "thousand": "1000", "million": "1000000",
    "billion": "1000000000", "dozen": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "seventy": "70", "eighty": "80",
    "ninety": "90", "half": "0.5", "first": "1st", "second": "2nd", "third": "3rd",
}
# Words whose change leaves what was said intact. scikit-learn's stop list minus what it holds
# that does change it: verbs ("find", "give"), quantifiers, direction and time words.
FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS) - {
    "all", "every", "always", "everyone", "everything", "only", "bill", "bottom", "call", "cry", "describe",
    "detail", "empty", "fill", "find", "fire", "found", "front", "full", "get", "give", "go", "interest", "keep",
    "made", "mill", "move", "name", "part", "put", "see", "serious", "show", "side", "sincere", "system",
    "take", "thick", "thin", "top", "back", "up", "down", "before", "after", "against", "again", "already",
    "still", "last", "next", "former", "more", "less", "most", "least", "few", "many", "several", "much",
    "almost", "enough", "whole", "alone", "together", "except", "never", "ever",
} | {"mr", "mrs", "ms", "oh", "uh", "um", "ah", "er", "yes", "yeah", "okay", "ok"}
# Grammatical person of pronouns; a swap between persons means another speaker or reported speech.
PRONOUN_PERSON = {**dict.fromkeys(("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"), 1),
                  **dict.fromkeys(("you", "your", "yours", "yourself", "yourselves"), 2),
                  **dict.fromkeys(("he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them",
                                   "their", "theirs", "themselves"), 3)}
# Name particles ("al-Qaddafi", "van der Leyen") are spelt in or out at will.
NAME_PARTICLES = frozenset({"al", "el", "de", "der", "van", "von", "la", "le", "bin", "ibn", "da", "di"})
# One name, two spellings: expanded before the words are compared.
ALIASES = {"united states": "US", "united kingdom": "UK", "european union": "EU", "united nations": "UN"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")

# Same utterance: at least this many content words shared, and this share of the shorter quote's.
MIN_SHARED_WORDS = 4
MIN_SHARED_SHARE = 0.6
# More changed content words than a third of the shared ones (and at least one may change) mean
# two utterances sharing a phrase, not one re-worded; a reorder may move up to MAX_MOVED words.
CHANGED_PER_SHARED = 1 / 3
MAX_MOVED = 4
# Words before (or after) the shared stretch on BOTH sides are a substitution at the quote's edge
# ("To pass this bill" / "If they don't pass this bill") when short; longer, the two outlets
# simply quoted different stretches around a shared phrase.
MAX_EDGE_TOKENS = 4
# The same words given to two speakers must be a real passage, not a stock phrase.
MIN_SPEAKER_WORDS = 6

GAP = "<gap>"
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
_GLOSS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_INITIALISM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\b", re.IGNORECASE)
_TOKEN = re.compile(r"<gap>|[A-Za-z0-9*]+(?:[.,]\d+)*")
_ENTITY_ID = re.compile(r"^e[0-9a-f]{8,}$")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "which", "that"})


@dataclass(frozen=True)
class Token:
    norm: str
    written: str
    capital: bool

    @property
    def counts(self) -> bool:
        """A word whose change changes what was said."""
        if self.norm == GAP or self.norm in NAME_PARTICLES:
            return False
        return (self.norm in NEGATORS or self.norm[:1].isdigit()
                or not (self.norm in FUNCTION_WORDS or self.written.lower() in FUNCTION_WORDS))


@dataclass
class QuoteDiff:
    """How two renderings of one quoted passage differ (only words that count)."""

    shared: int
    only_a: list[Token] = field(default_factory=list)
    only_b: list[Token] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.only_a or self.only_b or self.moved)

    @property
    def one_utterance(self) -> bool:
        """Few enough changes for the two to be one utterance re-worded rather than two."""
        allowed = max(1, int(self.shared * CHANGED_PER_SHARED))
        return max(len(self.only_a), len(self.only_b)) <= allowed and len(self.moved) <= MAX_MOVED


# Words that attribute speech; a quotation's own words ("counter", "report") are not among them.
ATTRIBUTION_WORDS = frozenset(
    """said says say saying told tells tell telling according added adds wrote writes asked asks tweeted
    tweets claimed claims argued argues insisted insists explained explains noted warned warns declared
    announced replied responded acknowledged admitted""".split()
)
_WORD = re.compile(r"[A-Za-z]+")
_MARK = re.compile('["\u201c\u201d]')


def _has_cue(text: str) -> bool:
    return any(w.lower() in ATTRIBUTION_WORDS for w in _WORD.findall(text))


def _starts_inside(text: str, kind: str) -> bool:
    """Whether the claim begins inside a quotation whose opening mark the sentence splitter left
    in the previous sentence ('... our facilities, " said Pete Flores'). A claim opening on words
    with no attribution, closed by a lone mark or followed by the attribution, does."""
    marks = list(_MARK.finditer(text))
    if not marks:
        # No mark at all: a quote claim speaking in the first or second person with no attribution
        # is the middle of a longer quotation; otherwise it is reported speech, the outlet's words.
        first_person = any(PRONOUN_PERSON.get(w.lower()) in (1, 2) for w in _WORD.findall(text) if w != "US")
        return kind == "quote" and first_person and not _has_cue(text)
    first = marks[0]
    head = text[:first.start()]
    if first.group() == "\u201c" or len(head.split()) < 3 or _has_cue(head):
        return False
    if first.group() == "\u201d":
        return True
    straight = [m for m in marks if m.group() == '"']
    after = text[first.end(): marks[1].start()] if len(marks) > 1 else text[first.end():]
    return len(straight) % 2 == 1 or _has_cue(" ".join(after.split()[:8]))


def _marked_text(claim: Claim) -> str:
    """The claim's text, with the opening mark restored when it begins inside a quotation."""
    text = claim.text
    if not _starts_inside(text, claim.kind):
        return text
    first = _MARK.search(text)
    return ("\u201c" if first is not None and first.group() == "\u201d" else '"') + text


def quoted_passages(claim: Claim) -> list[str]:
    """Double-quoted passages of a claim, as written."""
    return [passage.text for passage in _passages(claim.text, claim.kind)]


class Passage:
    """One quoted passage: its words as written, its tokens and the bag of its content words.
    Hashed by identity, so comparisons of cached passages can be cached too."""

    __slots__ = ("text", "tokens", "bag")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = quote_tokens(text)
        self.bag = Counter(t.norm for t in self.tokens if t.counts)


@functools.lru_cache(maxsize=1 << 14)
def _passages(text: str, kind: str) -> tuple[Passage, ...]:
    """The claim's passages, built once per claim: a fact's claims are compared pairwise, twice."""
    if kind != "quote" and not _MARK.search(text):
        return ()
    marked = _marked_text(Claim(article="", start=0, end=len(text), text=text, kind=kind))  # type: ignore[arg-type]
    return tuple(Passage(marked[s.start:s.end]) for s in find_quoted_spans(marked))


@functools.lru_cache(maxsize=1 << 14)
def _compare(a: Passage, b: Passage) -> QuoteDiff | None:
    return _diff(a.tokens, b.tokens) if _same_bag(a.bag, b.bag) else None


def _outside_quotes(claim: Claim) -> str:
    """The claim's own words around its quotations: where it names the speaker."""
    text = _marked_text(claim)
    for span in sorted(find_quoted_spans(text), key=lambda s: -s.start):
        text = text[:span.start] + " " + text[span.end:]
    return text


def quote_tokens(passage: str) -> list[Token]:
    """Normalised words of a quoted passage; an ellipsis becomes a GAP token."""
    text = _GLOSS.sub(" ", passage)
    text = _ELLIPSIS.sub(f" {GAP} ", text)
    text = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)
    text = _DAY_MONTH.sub(r"\2 \1", text)
    text = anyascii(text).replace("&", " and ").replace("%", " percent ")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"\b([Cc]a)n'?t\b", r"\1n not", text)
    text = re.sub(r"\b([Ww])on't\b", r"\1ill not", text)
    text = re.sub(r"\bcannot\b", "can not", text, flags=re.IGNORECASE)
    text = re.sub(r"n't\b", " not", text)
    # 's, 're, 'm, 've, 'll, 'd: function words (or a possessive) whichever way they are written.
    text = re.sub(r"'(?:s|re|m|ve|ll|d)\b", " ", text, flags=re.IGNORECASE)
    for phrase, short in ALIASES.items():
        text = re.sub(rf"\b{phrase}\b", short, text, flags=re.IGNORECASE)
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word == GAP:
            tokens.append(Token(GAP, word, False))
            continue
        lower = word.lower()
        if word == "US":
            norm = "usa"  # never the pronoun
        elif word.isupper() and len(word) > 1 or "*" in lower or lower[:1].isdigit():
            norm = lower  # initialisms and figures are not stemmed
        else:
            norm = NUMBER_WORDS.get(lower) or fold(lower)
        tokens.append(Token(norm, word, word[:1].isupper()))
    return tokens


def _variants(x: Token, y: Token) -> bool:
    """Two spellings of one word: a starred expletive, a one- or two-letter spelling difference
    with the same first letter, or a proper name transliterated two ways."""
    a, b = x.norm, y.norm
    if a == b:
        return True
    if a[:1].isdigit() or b[:1].isdigit():
        return False
    if "*" in a or "*" in b:
        stem_a, stem_b = a.split("*")[0], b.split("*")[0]
        return bool(stem_a and stem_b) and (a.startswith(stem_b) or b.startswith(stem_a))
    if a[0] == b[0] and Levenshtein.distance(a, b) <= (1 if min(len(a), len(b)) <= 5 else 2):
        return True
    return x.capital and y.capital and min(len(a), len(b)) >= 5 and JaroWinkler.similarity(a, b) >= 0.8


def _drop_variants(only_a: list[Token], only_b: list[Token]) -> tuple[list[Token], list[Token]]:
    left_a, left_b = list(only_a), list(only_b)
    for x in only_a:
        match = next((y for y in left_b if _variants(x, y)), None)
        if match is not None:
            left_a.remove(x)
            left_b.remove(match)
    return left_a, left_b


def shared_words(a: list[Token], b: list[Token]) -> tuple[int, int]:
    """Content words in common (as a bag) and the content-word count of the shorter passage."""
    return _shared(Counter(t.norm for t in a if t.counts), Counter(t.norm for t in b if t.counts))


def _shared(bag_a: Counter, bag_b: Counter) -> tuple[int, int]:
    return sum((bag_a & bag_b).values()), min(bag_a.total(), bag_b.total())


def _same_bag(bag_a: Counter, bag_b: Counter) -> bool:
    shared, shorter = _shared(bag_a, bag_b)
    return shared >= MIN_SHARED_WORDS and shared >= MIN_SHARED_SHARE * shorter


def same_passage(a: list[Token], b: list[Token]) -> bool:
    return _same_bag(Counter(t.norm for t in a if t.counts), Counter(t.norm for t in b if t.counts))


def _content_blocks(a: list[Token], b: list[Token]) -> list[tuple[int, int, int]]:
    """Matching blocks (i, j, size) that anchor the alignment. The core is the blocks holding two
    words that count (one, when no block does); a block with one such word joins it only when it
    lies within MAX_EDGE_TOKENS of the core on both sides. A lone "never" matched far from the
    shared stretch must not stretch it; words matched elsewhere cancel out anyway."""
    matcher = SequenceMatcher(None, [t.norm for t in a], [t.norm for t in b], autojunk=False)
    weight = {(i, j, n): sum(t.counts for t in a[i:i + n]) for i, j, n in matcher.get_matching_blocks() if n}
    blocks = [block for block, w in weight.items() if w]
    least = 2 if any(w >= 2 for w in weight.values()) else 1
    core = [k for k, block in enumerate(blocks) if weight[block] >= least]
    if not core:
        return []
    first, last = core[0], core[-1]
    while first > 0 and _near(blocks[first - 1], blocks[first]):
        first -= 1
    while last < len(blocks) - 1 and _near(blocks[last], blocks[last + 1]):
        last += 1
    return [block for k, block in enumerate(blocks) if first <= k <= last and (k in core or k < core[0] or k > core[-1])]


def _near(before: tuple[int, int, int], after: tuple[int, int, int]) -> bool:
    (i1, j1, n1), (i2, j2, _) = before, after
    return i2 - (i1 + n1) <= MAX_EDGE_TOKENS and j2 - (j1 + n1) <= MAX_EDGE_TOKENS


def _person(tokens: list[Token]) -> set[int]:
    return {PRONOUN_PERSON[t.norm] for t in tokens if t.norm in PRONOUN_PERSON}


def compare_quotes(a: list[Token], b: list[Token]) -> QuoteDiff | None:
    """The substantive differences between two renderings, or None when they are not one passage
    (too few shared words, or a change of grammatical person: "into our country" / "into their
    country" is someone else's sentence or reported speech, not the same words)."""
    return _diff(a, b) if same_passage(a, b) else None


def _diff(a: list[Token], b: list[Token]) -> QuoteDiff | None:
    blocks = _content_blocks(a, b)
    if not blocks:
        return None
    # Gaps between the shared blocks, plus the stretches before the first and after the last.
    first_i, first_j, _ = blocks[0]
    last_i, last_j, last_n = blocks[-1]
    gaps = [(a[i1 + n1:i2], b[j1 + n1:j2]) for (i1, j1, n1), (i2, j2, _) in zip(blocks, blocks[1:])]
    edges = [(a[:first_i], b[:first_j]), (a[last_i + last_n:], b[last_j + last_n:])]
    only_a: list[Token] = []
    only_b: list[Token] = []
    beyond_a: list[Token] = []  # words beyond the other's quotation marks: not compared
    beyond_b: list[Token] = []
    for side_a, side_b in edges:
        # One outlet quoting a longer stretch, or two outlets opening the quote at different points.
        if not side_a or not side_b or max(len(side_a), len(side_b)) > MAX_EDGE_TOKENS:
            beyond_a += side_a
            beyond_b += side_b
        else:
            gaps.append((side_a, side_b))
    for side_a, side_b in gaps:
        if side_a and side_b and _person(side_a) and _person(side_b) and not (_person(side_a) & _person(side_b)):
            return None
        side_a, side_b = _join_compounds(side_a, side_b)
        side_b, side_a = _join_compounds(side_b, side_a)
        here_a, here_b = _drop_variants([t for t in side_a if t.counts], [t for t in side_b if t.counts])
        # Words one outlet left out at its ellipsis are not missing words.
        only_a += [] if any(t.norm == GAP for t in side_b) else here_a
        only_b += [] if any(t.norm == GAP for t in side_a) else here_b
    only_a, only_b = _drop_variants(only_a, only_b)
    # A word missing here but found in the other's unmatched words (even beyond its marks) was moved.
    spare_b = Counter(t.norm for t in only_b + beyond_b if t.counts)
    spare_a = Counter(t.norm for t in only_a + beyond_a if t.counts)
    moved = Counter(t.norm for t in only_a) & spare_b | Counter(t.norm for t in only_b) & spare_a
    only_a = _without(only_a, moved)
    only_b = _without(only_b, moved)
    shared, _ = shared_words(a, b)
    return QuoteDiff(shared=shared, only_a=only_a, only_b=only_b, moved=sorted(moved))


def _join_compounds(split: list[Token], joined: list[Token]) -> tuple[list[Token], list[Token]]:
    """A compound written open on one side and closed on the other ("work force" / "workforce",
    "health care" / "healthcare") is one word spelt two ways: both sides lose it."""
    closed = {fold(t.written.lower()): t for t in joined}
    for k in range(len(split) - 1):
        compound = fold((split[k].written + split[k + 1].written).lower())
        if compound in closed:
            return _join_compounds(split[:k] + split[k + 2:], [t for t in joined if t is not closed[compound]])
    return split, joined


def _without(tokens: list[Token], moved: Counter) -> list[Token]:
    left = Counter(moved)
    kept = []
    for t in tokens:
        if left[t.norm] > 0:
            left[t.norm] -= 1
            continue
        kept.append(t)
    return kept


def quote_similarity(a: Claim, b: Claim) -> float:
    """Share of the shorter quoted passage's content words found in a passage of the other claim
    (0 when either has none or they share too few): a signal for aligning two quotes of one utterance."""
    best = 0.0
    for pa in _passages(a.text, a.kind):
        for pb in _passages(b.text, b.kind):
            shared, shorter = _shared(pa.bag, pb.bag)
            if shared >= MIN_SHARED_WORDS and shorter:
                best = max(best, shared / shorter)
    return best


def passage_bags(claim: Claim) -> list[Counter]:
    """Bags of content words of the claim's quoted passages (cached per claim text), for
    comparing many claims at once (align.quote_similarities)."""
    return [passage.bag for passage in _passages(claim.text, claim.kind)]


def _mutual_best(a: tuple[Passage, ...], b: tuple[Passage, ...]) -> list[tuple[int, int]]:
    """Passage pairs that are each other's best match: a passage is compared with one other only."""
    if len(a) == 1 and len(b) == 1:
        return [(0, 0)]
    score = [[_shared(x.bag, y.bag)[0] for y in b] for x in a]
    pairs = []
    for i, row in enumerate(score):
        if not row or max(row) == 0:
            continue
        j = row.index(max(row))
        if max(score[k][j] for k in range(len(a))) == row[j]:
            pairs.append((i, j))
    return pairs


def _resolved(speaker: str | None) -> bool:
    """An entity id or a proper name; never a pronoun, a description ("a campaign spokesman") or nothing."""
    if not speaker:
        return False
    if _ENTITY_ID.match(speaker):
        return True
    words = speaker.split()
    return speaker.lower() not in _PRONOUNS and all(w[:1].isupper() or w.lower() in NAME_PARTICLES | {"of"} for w in words)


def _name_words(name: str) -> set[str]:
    return {fold(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", anyascii(name))} - STOP - NAME_PARTICLES


def _named_in(speaker: str, feats: ClaimFeatures) -> bool:
    """The claim itself names its speaker, so the attribution is the outlet's and not carried
    over from an earlier sentence."""
    if _ENTITY_ID.match(speaker):
        return speaker in feats.persons
    words = _name_words(speaker)
    surname = fold(anyascii(speaker).split()[-1])
    outside = _outside_quotes(feats.claim)
    return bool(words) and surname in _name_words(outside)


def _different_speakers(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    sa, sb = a.claim.speaker, b.claim.speaker
    if not (_resolved(sa) and _resolved(sb)) or sa == sb:
        return False
    assert sa is not None and sb is not None
    if bool(_ENTITY_ID.match(sa)) != bool(_ENTITY_ID.match(sb)):
        return False  # an id and a bare name cannot be told apart or together
    if not (_named_in(sa, a) and _named_in(sb, b)):
        return False
    if not _ENTITY_ID.match(sa):
        # "Mike Thibodeau" / "Michael Thibodeau", "Perez" / "Tom Perez": one speaker.
        if _name_words(sa) & _name_words(sb):
            return False
        # One claim naming the other's speaker too ("X said, echoing Y") is no clash.
        if _named_in(sb, a) or _named_in(sa, b):
            return False
    return True


def _speaker_label(speaker: str, feats: ClaimFeatures) -> str:
    return feats.persons.get(speaker, speaker)


def _changed_note(diff: QuoteDiff) -> str:
    parts = []
    if diff.only_a or diff.only_b:
        left = " ".join(t.written for t in diff.only_a) or "-"
        right = " ".join(t.written for t in diff.only_b) or "-"
        parts.append(f"words changed: {left} / {right}")
    if diff.moved:
        parts.append(f"words reordered: {', '.join(diff.moved)}")
    return "; ".join(parts)


def quote_conflicts(pair: tuple[ClaimFeatures, ClaimFeatures]) -> list[Conflict]:
    """At most one quote conflict between two claims of one fact from different outlets."""
    a, b = pair
    passages_a = _passages(a.claim.text, a.claim.kind)
    passages_b = _passages(b.claim.text, b.claim.kind) if passages_a else ()
    if not passages_a or not passages_b:
        return []
    speakers_differ = None
    for i, j in _mutual_best(passages_a, passages_b):
        diff = _compare(passages_a[i], passages_b[j])
        if diff is None:
            continue
        if speakers_differ is None:
            speakers_differ = _different_speakers(a, b)
        if speakers_differ:
            if not diff.changed and diff.shared >= MIN_SPEAKER_WORDS:
                sa, sb = str(a.claim.speaker), str(b.claim.speaker)
                return [Conflict("quote", [ConflictValue(_speaker_label(sa, a), a.claim),
                                           ConflictValue(_speaker_label(sb, b), b.claim)],
                                 note="the same words given to different speakers")]
            continue
        if diff.changed and diff.one_utterance:
            return [Conflict("quote", [ConflictValue(passages_a[i].text, a.claim),
                                       ConflictValue(passages_b[j].text, b.claim)],
                             note=_changed_note(diff))]
    return []
