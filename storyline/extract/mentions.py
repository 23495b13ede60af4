"""Named-entity mentions of one article, cleaned and resolved to their fullest in-article name.

The spaCy model gives the spans; this module trims what is not part of the name (determiners,
titles, possessives), drops a few systematic model errors, and resolves short forms
("Healey" -> "John Healey", "MoD" -> "Ministry of Defence") within the article.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from storyline.extract.names import (
    CABINET_TITLES,
    PERSON_TITLES,
    PORTFOLIO_WORDS,
    acronyms_of,
    fold,
    is_acronym,
    name_key,
    person_parts,
    strip_possessive,
)
from storyline.extract.quote_marks import find_quoted_spans
from storyline.model import Mention

# Names of things; dates, times, money, numbers and ordinals are other extractors' job.
MENTION_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "LAW", "PRODUCT"})

_LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_EDGE_PUNCT = "\"'“”‘’«»()[]{}.,;:!?-–—"
# The model sometimes retags a known person's surname as one of these.
_RETYPABLE = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC"})


def find_mentions(doc, types: frozenset[str] = MENTION_TYPES) -> list[Mention]:
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in types:
            continue
        mention = _clean_span(doc, ent.start, ent.end, ent.label_)
        if mention is not None:
            mentions.append(mention)
    if "PERSON" in types:
        mentions = _recover_surnames(doc, mentions)
        mentions = _recover_bracketed_names(doc, mentions)
    _resolve_in_article(mentions)
    return mentions


# An editor's insertion naming who a quote refers to: `"The prime minister [Keir Starmer] said"`.
_BRACKETED = re.compile(r"\[([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})\]")


def _recover_bracketed_names(doc, mentions: list[Mention]) -> list[Mention]:
    """Names in square brackets inside a quote, which the model mostly leaves untagged: typed as
    a mention of the same name elsewhere in the article, else as a person when a title stands
    right before the bracket ("the prime minister [Keir Starmer]")."""
    text = doc.text
    type_by_key = {name_key(m.text): m.type for m in mentions}
    added = []
    for start, end in bracketed_names(text, mentions):
        name = text[start:end]
        mention_type = type_by_key.get(name_key(name))
        if mention_type is None:
            words_before = text[max(0, start - 40):start - 1].split()
            titled = bool(words_before) and words_before[-1].lower().strip(",") in PERSON_TITLES
            mention_type = "PERSON" if titled and len(name.split()) >= 2 else None
        if mention_type is not None:
            added.append(Mention(start=start, end=end, text=name, type=mention_type))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def bracketed_names(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Offsets of capitalised word sequences in square brackets inside a quote that no mention covers."""
    if "[" not in text:
        return []
    quoted = [(q.start, q.end) for q in find_quoted_spans(text)]
    found = []
    for match in _BRACKETED.finditer(text):
        start, end = match.span(1)
        if any(s <= start and end <= e for s, e in quoted) and not any(
                m.start < end and start < m.end for m in mentions):
            found.append((start, end))
    return found


def _recover_surnames(doc, mentions: list[Mention]) -> list[Mention]:
    """Add surnames of this article's named people that the model left untagged.

    The small model often misses a bare surname at the start of a sentence ("Ashworth told
    reporters") after tagging the full name earlier; the full name is strong evidence.
    """
    surnames = {m.text.split()[-1] for m in mentions if m.type == "PERSON" and len(m.text.split()) >= 2}
    surnames = {s for s in surnames if s[:1].isupper() and s.lower() not in PERSON_TITLES}
    if not surnames:
        return mentions
    added = [
        Mention(start=t.idx, end=t.idx + len(t.text), text=t.text, type="PERSON")
        for t in doc
        if t.text in surnames and t.ent_iob_ == "O" and t.pos_ in ("PROPN", "NOUN")
    ]
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _clean_span(doc, start: int, end: int, label: str) -> Mention | None:
    """Trim one entity span to the name itself, or None when it is no name at all."""
    while start < end and (
        doc[start].lower_ in _LEADING_WORDS
        or doc[start].is_punct
        or doc[start].tag_ == "POS"  # "Britain’s Starmer" tagged from the clitic on
        or (label == "PERSON" and end - start > 1 and doc[start].lower_ in PERSON_TITLES)
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    if start >= end or _is_title_fragment(doc, start, end, label):
        return None
    span = doc[start:end]
    text = span.text
    first_char, last_char = span.start_char, span.end_char
    # The tokenizer keeps some possessives attached ("NATO’s" after odd quotes).
    bare = strip_possessive(text).rstrip(_EDGE_PUNCT.replace(".", ""))
    if bare != text:
        last_char -= len(text) - len(bare)
        text = bare
    if not text or not any(ch.isalpha() for ch in text):
        return None
    if label == "PERSON" and not any(ch.isupper() for ch in text):
        return None  # lower-case "person" spans are model noise ("the minister")
    return Mention(start=first_char, end=last_char, text=text, type=label)


def _is_title_fragment(doc, start: int, end: int, label: str) -> bool:
    words = [t.lower_ for t in doc[start:end]]
    if label == "PERSON" and all(w in PERSON_TITLES for w in words):
        return True  # "President" alone tagged as a person
    following = doc[end].lower_ if end < len(doc) else ""
    # "British Defence Secretary": the model tags "British Defence" as an organisation.
    return label in ("ORG", "NORP", "GPE") and words[-1] in PORTFOLIO_WORDS and following in CABINET_TITLES


def _resolve_in_article(mentions: list[Mention]) -> None:
    """Fill `resolved` with the fullest name this article uses for the same entity."""
    surname_to_full: dict[str, Counter[str]] = defaultdict(Counter)
    full_keys_by_surname: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.type == "PERSON":
            parts = person_parts(m.text)
            if len(parts) >= 2:
                surname = name_key(parts[-1])
                surname_to_full[surname][m.text] += 1
                full_keys_by_surname[surname].add(name_key(" ".join((parts[0], parts[-1]))))
    # The model tags a lone acronym GPE or ORG at random, so types need not agree.
    acronym_to_full: dict[str, Counter[str]] = defaultdict(Counter)
    full_type: dict[str, str] = {}
    for m in mentions:
        if m.type not in ("PERSON", "NORP") and len(m.text.split()) >= 2:
            for acronym in acronyms_of(m.text):
                acronym_to_full[acronym][m.text] += 1
            full_type[m.text] = m.type

    for m in mentions:
        m.resolved = m.text
        words = person_parts(m.text) if m.type == "PERSON" else fold(m.text).split()
        if len(words) == 1 and (m.type == "PERSON" or m.type in _RETYPABLE and m.text[:1].isupper()):
            surname = name_key(words[0])
            # Exactly one full-named person with that surname: "Smith" beside John and
            # Jane Smith stays unresolved.
            if len(full_keys_by_surname.get(surname, ())) == 1:
                m.type = "PERSON"
                m.resolved = _fullest(surname_to_full[surname])
                continue
        if m.type not in ("PERSON", "NORP") and is_acronym(m.text):
            candidates = acronym_to_full.get(fold(m.text))
            if candidates and len({fold(t) for t in candidates}) == 1:
                m.resolved = _fullest(candidates)
                m.type = full_type[m.resolved]


def _fullest(variants: Counter[str]) -> str:
    """Most words, then most frequent, then longest, then alphabetical: order-independent."""
    return min(variants, key=lambda t: (-len(t.split()), -variants[t], -len(t), t))
