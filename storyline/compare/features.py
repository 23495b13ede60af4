"""What alignment and conflict detection look at in one claim: content words, entities,
numbers, resolved dates, negation and modality.

Words are folded the same way whether they come from spaCy lemmas or from the cheap
regex tokenizer, so claims from articles with and without a parsed Doc still compare.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from anyascii import anyascii
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.compare.counts import BOUNDS, read_counts
from storyline.compare.slots import slot_tokens
from storyline.model import Article, Claim, Quantity, TimeRef

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
# British and American spellings of the same word must count as one word.
SPELLING = {
    "defence": "defense", "offence": "offense", "licence": "license", "labour": "labor",
    "honour": "honor", "favour": "favor", "neighbour": "neighbor", "centre": "center",
    "programme": "program", "organisation": "organization", "authorise": "authorize",
    "recognise": "recognize", "criticise": "criticize", "colour": "color", "jeopardise": "jeopardize",
    "ceasefire": "cease-fire", "u.s": "us", "u.k": "uk",
}
NEGATORS = {"not", "n't", "never", "no", "nobody", "none", "neither", "nor"}
VERB_NEGATORS = {"not", "n't", "never"}
# Verbs that negate what follows ("declined to predict"): such a claim is no plain assertion.
NEGATIVE_VERBS = {"decline", "declin", "refuse", "refus", "deny", "deni", "fail", "reject"}
# Words that make a claim a forecast rather than a report of what happened.
PROSPECTIVE = {"will", "would", "expect", "plan", "set", "schedule", "could", "may", "might", "shall",
               "upcoming", "next", "propose", "aim", "intend"}
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "say", "says", "told", "tell", "also", "mr", "ms", "mrs", "s",
                                        "add", "added"}
# News verbs outlets swap freely for one another, folded to one word for alignment only
# (conflict checks still see the words as written). Keys and values are folded forms.
VERB_SYNONYMS = {
    "lead": "host", "led": "host", "chair": "host", "co-chair": "host", "cochair": "host", "co-host": "host",
    "gather": "meet", "convene": "meet", "conven": "meet", "meeting": "meet", "met": "meet",
    # "say"/"tell" are stop words; "stated" is left alone: it folds like "States".
    "declar": "say", "declare": "say",
    "represent": "attend", "participat": "attend", "participate": "attend", "join": "attend",
    "exclud": "absent", "exclude": "absent", "boycott": "absent", "skip": "absent", "skipp": "absent",
    # Help given to a side in a war: outlets swap these nouns freely ("military aid/support").
    "aid": "support", "assistance": "support",
    # Something beginning: "the ferry service would start on Saturday" / "begin", "launch".
    "begin": "start", "began": "start", "begun": "start", "launch": "start",
}
# Synonyms only as verbs, so only where a parse says so: "open a ferry service" is to start
# it, "the invitation remains open" is not.
VERB_ONLY_SYNONYMS = {"open": "start"}
# Two-word verbs (folded) that mean one of the words above.
PHRASE_SYNONYMS = {("take", "part"): "attend", ("tak", "part"): "attend", ("took", "part"): "attend",
                   ("stay", "out"): "absent", ("stay", "away"): "absent",
                   ("sit", "out"): "absent", ("left", "out"): "absent", ("leave", "out"): "absent",
                   # "will take place at X" only says the event happens: no content of its own.
                   ("take", "place"): "", ("tak", "place"): "", ("took", "place"): ""}
# Dotted acronyms are one word ("F.B.I." is "FBI", not three letters), and so is an ordinal
# ("13th" is the 13 of "July 13").
ALIGN_WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b|" + WORD_RE.pattern)
ORDINAL_RE = re.compile(r"(\d+)(?:st|nd|rd|th)$")
PARTICLES = {w for pair in PHRASE_SYNONYMS for w in pair}
# Being kept out of something: "not attend" reads as "absent" whichever verb was used.
ABSENCE_OF = {"attend": "absent"}


def align_fold(raw: str) -> str:
    """fold() for alignment words: acronyms without their dots, ordinals as their number."""
    bare = raw.replace(".", "")
    if "." in raw.rstrip(".") and bare.isalpha():
        return fold(bare)
    ordinal = ORDINAL_RE.match(raw)
    if ordinal:
        return ordinal.group(1)
    return fold(raw)


def _special_form(text: str) -> bool:
    """A word align_fold reads differently from its lemma: a dotted acronym or an ordinal."""
    return "." in text.rstrip(".") or bool(ORDINAL_RE.match(text))


@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """One comparable form per word: ASCII, lower case, American spelling, crude stem."""
    word = anyascii(word).lower().strip("'’-.")
    word = SPELLING.get(word, word)
    return stem(word)


def stem(word: str) -> str:
    # Deliberately crude: "meeting"/"meet", "hosts"/"host", "talks"/"talk" must collide;
    # a few wrong merges cost less than missed paraphrases.
    if len(word) <= 4 or word.isdigit():
        return word
    # The act and its noun are one word for alignment: "inspection"/"inspected", "construction"/"constructed".
    if word.endswith(("ction", "ctions")) and len(word) >= 8:
        return word[: word.rindex("ction") + 2]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)] + keep
    return word


def entity_key(text: str) -> str:
    """Cheap canonical form of a name when entity linking gave none: its last word."""
    words = [fold(w) for w in WORD_RE.findall(anyascii(text))]
    words = [w for w in words if w not in STOP]
    return words[-1] if words else anyascii(text).lower()


@dataclass
class ClaimFeatures:
    claim: Claim
    words: list[str]
    entities: set[str] = field(default_factory=set)
    persons: dict[str, str] = field(default_factory=dict)  # entity key -> surface name
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)  # folded verbs under a negation
    prospective: bool = False
    # Any negative word at all: such a claim is never the "plain" side of a negation conflict.
    has_negator: bool = False
    # Full dates by the event (folded verb) they date: "last inspected on June 2" -> {"inspect": [...]}.
    dated_events: dict[str, list[str]] = field(default_factory=dict)
    # What its dates date and its figures count ("@date:inspect", "@count:create:job"), see slots.py.
    slots: set[str] = field(default_factory=set)
    # Figures with the noun they count, read from the text ("50,000 pages"), see counts.py.
    counts: list[tuple[float, frozenset[str]]] = field(default_factory=list)
    # The same counts as quantities (unit: the counted noun), for number conflicts when no
    # extractor read the claim's quantities (text-only runs): "the 35-word oath" vs "38-word".
    counted: list[Quantity] = field(default_factory=list)

    @property
    def content(self) -> set[str]:
        return set(self.words)


_DASH_ASIDE = re.compile(r"(?:—|\s[–-]{1,2}\s)[^—–]{3,}?(?:—|\s[–-]{1,2}\s)")


def _inside(start: int, end: int, claim: Claim) -> bool:
    return start >= claim.start and end <= claim.end


def _own_outlet_spans(claim: Claim) -> list[tuple[int, int]]:
    """Where the claim names its own outlet ("records seen by the Harbor Ledger"): a credit, not content.

    A run of consecutive words all from the outlet's name, one of them more than a generic
    word ("Radio Meridian" for "Radio Meridian News", never "News" alone)."""
    from storyline.compare.sources import GENERIC_WORDS

    name = {w.lower() for w in WORD_RE.findall(anyascii(claim.source or ""))}
    spans: list[tuple[int, int]] = []
    run: list[re.Match] = []
    for match in [*WORD_RE.finditer(claim.text), None]:
        if match is not None and anyascii(match.group()).lower() in name:
            run.append(match)
            continue
        if any(anyascii(m.group()).lower() not in GENERIC_WORDS for m in run):
            spans.append((claim.start + run[0].start(), claim.start + run[-1].end()))
        run = []
    return spans


def words_of(article: Article, claim: Claim, doc=None, blank: list[tuple[int, int]] = ()) -> tuple[list[str], set[str], bool]:
    """Content words, negated verbs and whether the claim looks ahead, from lemmas when a Doc exists.

    Words inside `blank` spans (values such as figures and dates, the outlet's own name) are left out."""
    blank = [*blank, *_own_outlet_spans(claim)]
    words: list[str] = []
    negated: set[str] = set()
    prospective = False
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand") if doc is not None else None
    # "The United States—which is seeking to broker a deal—will not attend": the aside between
    # dashes is another statement; its words would dilute the claim's own.
    asides = [(claim.start + m.start(), claim.start + m.end()) for m in _DASH_ASIDE.finditer(claim.text)]
    if span is not None:
        for token in span:
            lemma = align_fold(token.text) if _special_form(token.text) else fold(token.lemma_ or token.text)
            if token.tag_ == "MD" and token.lower_ in PROSPECTIVE and not _modal_perfect(token.nbor() if token.i + 1 < len(token.doc) else None) \
                    or (lemma in PROSPECTIVE and token.pos_ in {"VERB", "ADJ"} and token.tag_ != "MD"):
                prospective = True
            # Only a negated main verb flips a claim; "no collusion" or "not guilty" do not.
            if token.dep_ == "neg" and token.head.dep_ == "ROOT" and token.head.pos_ in {"VERB", "AUX"} \
                    and not _not_only(token.nbor().lower_ if token.i + 1 < len(token.doc) else ""):
                negated.add(fold(token.head.lemma_))
            if token.is_punct or token.is_space or any(a <= token.idx < b for a, b in asides):
                continue
            if any(a <= token.idx < b for a, b in blank):
                words.append("")
                continue
            if token.pos_ == "VERB":
                lemma = VERB_ONLY_SYNONYMS.get(lemma, lemma)
            # Stop words stay until phrases are folded: "take part", "stay out" need their particle.
            words.append(lemma if not (token.is_stop and lemma not in PARTICLES) else "")
        words = [w for w in _fold_phrases(words) if w and w not in STOP]
        return canonical_words(words, negated), negated, prospective
    plain = _DASH_ASIDE.sub(lambda m: " " * len(m.group()), claim.text)
    matches = list(ALIGN_WORD_RE.finditer(plain))
    raw = [m.group() for m in matches]
    folded = ["" if any(a <= claim.start + m.start() < b for a, b in blank) else align_fold(m.group()) for m in matches]
    for i, word in enumerate(folded):
        # Lower case only: the month "May" is no modal.
        if word in PROSPECTIVE and raw[i][:1].islower() and not (i + 1 < len(raw) and raw[i + 1].lower() == "have"):
            prospective = True
        if _is_negator(raw[i], VERB_NEGATORS) and not _not_only(raw[i + 1] if i + 1 < len(raw) else ""):
            # Without a parse, the negated verb is the next content word.
            nxt = next((w for w in folded[i + 1 : i + 4] if w not in STOP and w not in {"be", "been"}), None)
            if nxt:
                negated.add(nxt)
    # Particles ("part", "out") are stop words or short: fold phrases before dropping them.
    words = [w for w in _fold_phrases(folded) if w and w not in STOP]
    return canonical_words(words, negated), negated, prospective


def _is_negator(word: str, negators: set[str]) -> bool:
    """A negative word, with the typographic apostrophe of "don’t" read like "don't"."""
    lower = word.lower().replace("’", "'")
    return lower in negators or lower.endswith("n't")


def _not_only(following: str) -> bool:
    """"not only ... but also" adds to what is said; it negates nothing."""
    return following.lower() == "only"


def _modal_perfect(following) -> bool:
    """"may have had", "would have won": a modal before "have" speaks of the past (a guess or
    a counterfactual), not of what is to come, so the claim is no forecast."""
    return following is not None and following.lower_ == "have"


def _fold_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = tuple(words[i : i + 2])
        if pair in PHRASE_SYNONYMS:
            out.append(PHRASE_SYNONYMS[pair])
            i += 2
            continue
        out.append(words[i])
        i += 1
    return out


def canonical_words(words: list[str], negated: set[str]) -> list[str]:
    """Content words with news-verb synonyms folded together; a negated attendance verb is an absence."""
    negated_canon = {VERB_SYNONYMS.get(v, v) for v in negated}
    out = []
    for word in _fold_phrases(words):
        word = VERB_SYNONYMS.get(word, word)
        if word in negated_canon and word in ABSENCE_OF:
            word = ABSENCE_OF[word]
        out.append(word)
    return out


def claim_features(article: Article, claim: Claim, doc=None) -> ClaimFeatures:
    dated = [t for t in article.times if _dated(t) and _inside(t.start, t.end, claim)]
    quantities = [q for q in article.quantities if _inside(q.start, q.end, claim) and q.value is not None]
    words, negated, prospective = words_of(article, claim, doc)
    slots, events = slot_tokens(dated, quantities, doc, fold, {**VERB_SYNONYMS, **VERB_ONLY_SYNONYMS})
    # What is dated or counted only adds a bonus (align.SLOT_WEIGHT), so a claim's lone figure
    # costs nothing; equal dates already earn align.DATE_WEIGHT.
    feats = ClaimFeatures(claim=claim, words=words, slots=set(slots), negated=negated, prospective=prospective,
                          has_negator=any(_is_negator(w, NEGATORS) or fold(w) in NEGATIVE_VERBS
                                          for w in WORD_RE.findall(claim.text)),
                          dated_events=events)
    _add_counts(feats)
    linked = set()
    for mention in article.mentions:
        if mention.entity:
            linked.add(mention.entity)
        if not _inside(mention.start, mention.end, claim):
            continue
        key = mention.entity or entity_key(mention.resolved or mention.text)
        feats.entities.add(key)
        if mention.type in {"PERSON", "PER"}:
            feats.persons.setdefault(key, mention.resolved or mention.text)
    if claim.speaker in linked:
        # "She added that ..." is the linked speaker's claim as much as "Marsh said ...": who
        # speaks is part of what is said.
        feats.entities.add(claim.speaker)
        # (as an entity only: a word of its own would dilute every quote whose partner names no one)
    feats.quantities = quantities
    feats.dates = sorted({t.value for t in dated})
    return feats


def _add_counts(feats: ClaimFeatures) -> None:
    claim = feats.claim
    for count in read_counts(claim.text, fold, STOP):
        feats.counts.append((count.value, count.nouns))
        # One end of a range, or a figure whose first word is a generic noun ("5 percent"), is
        # no count of a thing that another outlet could give differently.
        if count.in_range or not count.head:
            continue
        feats.counted.append(Quantity(start=claim.start + count.start, end=claim.start + count.end,
                                      text=claim.text[count.start:count.end], value=count.value, unit=count.head,
                                      approximate=count.modifier is not None and count.modifier not in BOUNDS,
                                      modifier=count.modifier))


DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _dated(time: TimeRef) -> bool:
    return time.type == "DATE" and bool(time.value) and bool(DATE_RE.match(time.value or ""))
