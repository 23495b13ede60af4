"""Who a quote's speaker is: a name, a pronoun's antecedent, a title's holder, a document's issuer.

Everything works on the article's own parse and its NER mentions; the speaker is always
written as the fullest name the article gives (`Mention.resolved`), and its offsets point at
a mention of that full name so the entity linker can map it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from storyline.extract.quote_cues import speaker_head as _parsed_speaker_head
from storyline.extract.quote_marks import QuotedSpan
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
    """`text` is the resolved name at [start, end); `written` the words of this attribution that
    name the speaker ("he", "the spokesman"), when they are elsewhere."""

    text: str
    start: int
    end: int
    written: tuple[int, int] | None = None

    @property
    def written_span(self) -> tuple[int, int]:
        return self.written if self.written is not None else (self.start, self.end)


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
        return Speaker(name, start, end, written=(mention.start, mention.end))

    def antecedent(self, position: int, types: frozenset[str], skip: list[tuple[int, int]]) -> Mention | None:
        """Nearest mention of a compatible type starting before `position`, outside `skip` spans."""
        i = bisect.bisect_left(self._starts, position) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.type in types and m.end <= position and not any(s <= m.start < e for s, e in skip):
                return m
            i -= 1
        return None

    def pronoun_antecedent(self, pronoun: Token, types: frozenset[str], skip: list[tuple[int, int]]) -> Mention | None:
        """A subject pronoun opening its sentence ("Trump has been discussing a deal with President
        Zelenskyy. He has said ...") refers back to the previous sentence's subject rather than to
        a later object or appositive there; otherwise the nearest compatible mention."""
        nearest = self.antecedent(pronoun.idx, types, skip)
        sentence = pronoun.sent
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or sentence.start == 0:
            return nearest
        if nearest is not None and nearest.start >= sentence.start_char:
            return nearest  # named earlier in the pronoun's own sentence
        previous = self.doc[sentence.start - 1].sent
        subject = self._main_subject(previous, types, skip)
        return subject if subject is not None else nearest

    def _main_subject(self, sentence: Span, types: frozenset[str], skip: list[tuple[int, int]]) -> Mention | None:
        """The mention that is the subject of the sentence's main verb, when there is one."""
        i = bisect.bisect_left(self._starts, sentence.start_char)
        while i < len(self.mentions) and self.mentions[i].start < sentence.end_char:
            m = self.mentions[i]
            i += 1
            if m.type not in types or any(s <= m.start < e for s, e in skip):
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = span.root
            if head.dep_ in ("nsubj", "nsubjpass") and head.head == sentence.root:
                return m
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
        whose mentions cannot be a pronoun's antecedent. `written` is the phrase itself."""
        head = _issuer_of(head) or head
        speaker = self._resolve(head, skip)
        return replace(speaker, written=self.written_phrase(head))

    def written_phrase(self, head: Token) -> tuple[int, int]:
        """Offsets of the words naming the speaker here: a pronoun alone (relative ones too, as
        attribution corpora annotate "who" in "an aide who said"), else its noun phrase."""
        if head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS | BODY_PRONOUNS | RELATIVE_PRONOUNS:
            return head.idx, head.idx + len(head.text)
        if self.mention_at(head) is None:
            # `With 50 days until the election, Jane Doe, an adviser, said`: the parse may make the
            # name an appositive of some other noun; the name is who is written as speaking.
            for child in head.children:
                mention = self.mention_at(child) if child.dep_ == "appos" and child.pos_ == "PROPN" else None
                if mention is not None and mention.type == "PERSON":
                    phrase = self.description(child, conjuncts=True)
                    return phrase.start, phrase.end
        phrase = self.description(head, conjuncts=True)
        return phrase.start, phrase.end

    def _resolve(self, head: Token, skip: list[tuple[int, int]]) -> Speaker:
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self._resolve(head.head.head, skip)
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in BODY_PRONOUNS:
            types = frozenset({"PERSON"}) if lower in PERSON_PRONOUNS else (
                BODY_TYPES if lower in BODY_PRONOUNS else frozenset())
            found = self.pronoun_antecedent(head, types, skip) if types else None
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

    def description(self, head: Token, conjuncts: bool = False) -> Speaker:
        """The noun phrase itself ("a campaign spokesman", "the statement"), without clauses;
        with `conjuncts`, all of "Mr. King and Mr. Schultz"."""
        keep = [head]
        cuts = _DESCRIPTION_CUTS - {"conj", "cc"} if conjuncts else _DESCRIPTION_CUTS
        stack = [c for c in head.children if c.dep_ not in cuts]
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


def _issuer_of(document: Token) -> Token | None:
    """`The council issued a statement calling the test "a clear violation"`: the statement
    speaks for whoever issued it, the subject of the issuing verb, and is written as such."""
    if document.pos_ != "NOUN" or document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    verb = document.head
    if document.dep_ != "dobj" or verb.lemma_.lower() not in ISSUING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")), None)


# --- attributions read from word order where the parse fails ----------------------------------

DASHES = "\u2015\u2014\u2013-"
_SENTENCE_END = frozenset({".", "!", "?"})
_QUOTE_MARKS = "\"\u201c\u2018'\"\u201d\u2019"


def _chars(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def speaker_head(cue: Token) -> Token | None:
    """The parsed subject, unless it is a dateline (`WASHINGTON -- X, ..., said`: X), or a line break
    (dateline, timestamp) separates it from the cue: then the parse has glued two lines together
    and the subject is the last noun on the cue's line. A bare day or time is never the subject."""
    head = _speaker_head_across_lines(cue)
    if head is not None and head.ent_type_ in ("DATE", "TIME") and not any(c.dep_ == "det" for c in head.children):
        return None  # "on Tuesday and began by saying": a misparse; "the 46-year-old" may speak
    return head


def _speaker_head_across_lines(cue: Token) -> Token | None:
    head = _parsed_speaker_head(cue)
    if head is None or head.i > cue.i:
        return head
    after_head = cue.doc[head.i + 1:head.i + 5]
    if head.is_upper and len(head) > 1 and after_head and after_head[0].text in (*DASHES, "--"):
        # A dateline, `WASHINGTON -- President Obama, ..., said`, parsed as the subject.
        named = [c for c in head.children if c.dep_ == "appos" and c.i < cue.i]
        return named[0] if named else None
    between = cue.doc[head.i:cue.i]
    breaks = [t.i for t in between if "\n" in t.text_with_ws]
    if not breaks:
        return head
    candidates = [t for t in between if t.i > breaks[-1] and t.pos_ in ("NOUN", "PROPN", "PRON")
                  and t.dep_ not in ("compound", "poss", "amod")]
    return candidates[-1] if candidates else None


_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})


def person_before(cue: Token, window: int = 25) -> Token | None:
    """`Sen. Jane Doe, facing a tough race in Iowa, a swing state, said ...` with the name parsed
    as the object of an earlier verb: when the cue has no subject at all, the nearest person
    named before it in its sentence (or "he", "she") is who speaks."""
    doc = cue.doc
    for tok in reversed(doc[max(0, cue.i - window):cue.i]):
        if tok.text in _SENTENCE_END or "\n" in tok.text_with_ws or any(m in tok.text for m in _QUOTE_MARKS):
            return None
        if tok.lower_ in ("he", "she") or (tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN"):
            return tok
    return None


def subject_beside(doc: Doc, cue: Token, quote: QuotedSpan) -> Token | None:
    """When the parse gives the cue no subject outside the quote, the word order of an attribution
    does: `"...," Chief Jordan said` (the last noun between quote and cue) or `"...," said James
    Acton` / `Said Ellis: "..."` (the name right after the cue, up to the first punctuation)."""
    if cue.tag_ == "VBG":
        # `Trump hardly explained it -- "A" -- and, when asked after the debate, asserting, "B"`: a
        # participle has no subject of its own; the nouns before it are no speaker, the
        # sentence's subject is.
        subjects = [t for t in cue.sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < cue.i
                    and not quote.open <= t.idx < quote.outer_end
                    and (t.ent_type_ == "PERSON" or t.lower_ in ("he", "she"))]
        return subjects[0] if subjects else None
    if cue.idx >= quote.outer_end:
        between = [t for t in doc[max(0, cue.i - 8):cue.i] if t.idx >= quote.outer_end]
        nominal = [t for t in between if t.pos_ in _NOMINAL]
        if nominal and not any(t.text in _SENTENCE_END or "\n" in t.text_with_ws for t in between):
            return nominal[-1]
    run: list[Token] = []
    if cue.idx < quote.open:
        # `her adviser, Jake Sullivan, said: "..."`: the nearest person named before the cue.
        for tok in reversed(doc[max(0, cue.i - 8):cue.i]):
            if tok.text in _SENTENCE_END or "\n" in tok.text_with_ws or tok.text in _QUOTE_MARKS:
                break
            if tok.lower_ in ("he", "she") or tok.ent_type_ == "PERSON":
                return tok
    for tok in doc[cue.i + 1:cue.i + 8]:
        if quote.open <= tok.idx < quote.outer_end or tok.is_punct or "\n" in doc[tok.i - 1].text_with_ws:
            break
        if tok.ent_type_ in ("DATE", "TIME"):
            if run:
                break
            continue  # "said Monday"
        if tok.pos_ in _NOMINAL:
            run.append(tok)
        elif run or not (tok.pos_ in ("DET", "ADJ") or tok.dep_ == "amod"):
            break  # "said in an interview" names nobody after the cue; "said retired judge X" does
    return run[-1] if run else None
