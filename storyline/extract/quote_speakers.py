"""Who a quote's speaker is: a name, a pronoun's antecedent, a title's holder, a document's issuer.

Everything works on the article's own parse and its NER mentions; the speaker is always
written as the fullest name the article gives (`Mention.resolved`), and its offsets point at
a mention of that full name so the entity linker can map it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.model import Mention

_LEADING_THE = re.compile(r"the\s+", re.IGNORECASE)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
BODY_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
BODY_TYPES = frozenset({"ORG", "GPE", "NORP"})
SPEAKER_TYPES = frozenset({"PERSON"}) | BODY_TYPES
# Nouns for texts that "say" things on behalf of whoever issued them.
DOCUMENT_NOUNS = frozenset(
    {"statement", "release", "report", "memo", "letter", "post", "tweet", "email", "filing",
     "communique", "announcement", "notice", "document", "message", "blog", "complaint", "lawsuit"}
)
ISSUING_VERBS = frozenset({"issue", "release", "publish", "put", "send", "post", "file", "make", "circulate"})
# Dependents that make a noun phrase longer without naming the speaker any better.
_DESCRIPTION_CUTS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "conj", "cc", "parataxis"})


@dataclass(frozen=True)
class Speaker:
    text: str
    start: int
    end: int


class SpeakerResolver:
    """Per-article index of mentions, roles and document issuers; resolves a head token to a Speaker."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = sorted((m for m in mentions if m.type in SPEAKER_TYPES), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._by_name: dict[str, list[Mention]] = {}
        for m in self.mentions:
            self._by_name.setdefault(m.text, []).append(m)
        self.roles: list[tuple[str, int, Mention]] = []
        self.issuers: list[tuple[str, int, Mention]] = []
        self._index_roles()
        self._index_issuers()

    # --- mentions -------------------------------------------------------------------------
    def mention_at(self, token: Token) -> Mention | None:
        i = bisect.bisect_right(self._starts, token.idx) - 1
        if i >= 0 and self.mentions[i].start <= token.idx < self.mentions[i].end:
            return self.mentions[i]
        return None

    def _mention_in(self, token: Token) -> Mention | None:
        """The mention naming this token's phrase: the token itself or one of its name parts."""
        found = self.mention_at(token)
        if found is not None:
            return found
        for child in token.children:
            # "the governor, Chris Christie" names him; "the Christie supporter" does not.
            name_part = child.dep_ == "appos" or (child.dep_ in ("compound", "flat") and token.pos_ == "PROPN")
            if name_part and child.pos_ == "PROPN":
                found = self.mention_at(child)
                if found is not None and found.type == "PERSON":
                    return found
        return None

    def mention_by_word(self, word: str) -> Mention | None:
        """A mention whose name ends with this word, any case ("PENCE" -> "Mike Pence")."""
        key = word.strip().lower()
        for m in self.mentions:
            name = (m.resolved or m.text).lower()
            if name == key or name.endswith(" " + key):
                return m
        return None

    def person_by_surname(self, word: str) -> Mention | None:
        key = word.lower()
        for m in self.mentions:
            if m.type == "PERSON" and " " in m.text and m.text.lower().endswith(" " + key):
                return m
        return None

    def full(self, mention: Mention) -> Speaker:
        """The fullest name for a mention, with offsets of a mention spelling that name."""
        name = mention.resolved or mention.text
        same = self._by_name.get(name)
        target = mention
        if same and name != mention.text:
            before = [m for m in same if m.start <= mention.start]
            target = before[-1] if before else same[0]
        start, end = target.start, target.end
        if name == target.text:
            # "The British Ministry of Defence" -> "British Ministry of Defence"
            lead = _LEADING_THE.match(name)
            if lead and len(name) > lead.end():
                name, start = name[lead.end():], start + lead.end()
        return Speaker(name, start, end)

    def antecedent(self, position: int, types: frozenset[str], skip: list[tuple[int, int]]) -> Mention | None:
        """Nearest mention of a compatible type starting before `position`, outside `skip` spans."""
        i = bisect.bisect_left(self._starts, position) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.type in types and m.end <= position and not any(s <= m.start < e for s, e in skip):
                return m
            i -= 1
        return None

    # --- roles and issuers -----------------------------------------------------------------
    def _index_roles(self) -> None:
        """Titles the article gives a named person: "Peskov, the Kremlin spokesman", "spokesman Peskov"."""
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = span.root
            for child in head.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    self.roles.append((child.lemma_.lower(), child.i, m))
                if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i < span.start:
                    self.roles.append((child.lemma_.lower(), child.i, m))
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                self.roles.append((head.head.lemma_.lower(), head.head.i, m))

    def _index_issuers(self) -> None:
        """Who issued a statement: "X issued a statement", "X's statement", "a statement from X"."""
        for token in self.doc:
            lemma = token.lemma_.lower()
            if token.pos_ != "NOUN" or lemma not in DOCUMENT_NOUNS:
                continue
            issuer = None
            if token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in ISSUING_VERBS:
                issuer = self._subject_mention(token.head)
            for child in token.children:
                if issuer is None and child.dep_ == "poss":
                    issuer = self._mention_in(child)
                if issuer is None and child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                    issuer = next((self._mention_in(p) for p in child.children if p.dep_ == "pobj"), None)
            if issuer is None and token.dep_ == "pobj" and token.head.lower_ == "in":
                # "X said in a statement": the statement is X's.
                verb = token.head.head
                if verb.pos_ in ("VERB", "AUX"):
                    issuer = self._subject_mention(verb)
            if issuer is not None:
                self.issuers.append((lemma, token.i, issuer))

    def _subject_mention(self, verb: Token) -> Mention | None:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return self._mention_in(child)
        return None

    @staticmethod
    def _nearest(table: list[tuple[str, int, Mention]], lemma: str, i: int) -> Mention | None:
        hits = [(pos, m) for key, pos, m in table if key == lemma]
        if not hits:
            return None
        before = [h for h in hits if h[0] <= i]
        return (before[-1] if before else hits[0])[1]

    # --- the public entry ------------------------------------------------------------------
    def resolve(self, head: Token, skip: list[tuple[int, int]]) -> Speaker:
        """The speaker named by the phrase headed by `head`; `skip` are spans (the quote itself)
        whose mentions cannot be a pronoun's antecedent."""
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.resolve(head.head.head, skip)
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in BODY_PRONOUNS:
            types = frozenset({"PERSON"}) if lower in PERSON_PRONOUNS else (
                BODY_TYPES if lower in BODY_PRONOUNS else frozenset())
            found = self.antecedent(head.idx, types, skip) if types else None
            if found is None and lower in ("they", "them", "their"):
                found = self.antecedent(head.idx, frozenset({"PERSON"}), skip)
            if found is not None:
                return self.full(found)
            return Speaker(head.text, head.idx, head.idx + len(head.text))
        mention = self._mention_in(head)
        if (mention is None and head.pos_ == "PROPN") or (mention is not None and mention.type != "PERSON"
                                                          and " " not in mention.text):
            # A surname the model missed or mistyped ("Healey" as ORG): the person of that name.
            person = self.person_by_surname(head.text)
            mention = person or mention
        if mention is not None:
            return self.full(mention)
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN":
            holder = None
            if lemma in DOCUMENT_NOUNS:
                holder = self._nearest(self.issuers, lemma, head.i)
            elif any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
                holder = self._nearest(self.roles, lemma, head.i)
            if holder is not None:
                return self.full(holder)
        return self.description(head)

    def description(self, head: Token) -> Speaker:
        """The noun phrase itself ("a campaign spokesman", "the statement"), without clauses."""
        keep = [head]
        stack = [c for c in head.children if c.dep_ not in _DESCRIPTION_CUTS]
        while stack:
            tok = stack.pop()
            keep.append(tok)
            stack.extend(c for c in tok.children if c.dep_ not in ("relcl", "acl", "punct", "advcl"))
        first = min(t.i for t in keep)
        last = max(t.i for t in keep)
        for tok in self.doc[first:head.i]:  # a dateline or timestamp line is not part of the phrase
            if "\n" in tok.text_with_ws:
                first = tok.i + 1
        for tok in self.doc[head.i:last]:
            if "\n" in tok.text_with_ws:
                last = tok.i
                break
        span = self.doc[first:last + 1]
        return Speaker(span.text, span.start_char, span.end_char)
