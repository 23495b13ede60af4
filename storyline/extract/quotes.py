"""Quotes with their speakers: direct (between quotation marks), indirect ("X said that ...",
"according to X, ...") and mixed (reported speech holding a quoted phrase).

Works on the article's existing parse and NER mentions; no second model. Decisions:
- A split quote (`"A," he said, "B."` or `"A," said X, the ... of .... "B."`) is ONE quote spanning
  A through B (its text therefore holds the interrupting attribution), because it is one act of
  speech with one speaker and cue (PolNeAR annotates it the same way).
- A quoted passage never crosses a line break; an opening mark left unclosed closes at the
  end of its line (see quote_marks).
- A quote with no attribution of its own takes, in this order: a cue before a colon on its line or
  ending the paragraph before; a said thing with its owner (`Trump's claim that "..."`); the verb
  governing it (`called the show "..."`); a `― Name` after it; a headline label (`Cruz: ...,
  ‘...’`); the speaker of an attributed quote earlier in its paragraph, or of the attributed
  sentence right before it, or up to two paragraphs back.
  Transcript lines (`PENCE: ...`) and headline labels (`Markov: ‘...’`) name their speaker.
- The cue nearest the quote wins, except a speech verb inside a relative clause (`told a woman who
  suggested that "..."`) or with "it" for subject, when another speech verb reports it. When the
  parse gives the cue no subject outside the quote, word order does (`"...," said Jane Doe, a ...`;
  `Doe, the adviser, said: "..."`).
- Each quote keeps the speaker as written (`speaker_as_written`, "he", "the spokesman") beside the
  resolved name (`speaker_text`): attribution corpora annotate the former, users want the latter.
- Short quoted phrases with no attribution of their own (scare quotes, titles) are not quotes;
  inside reported speech they make it `mixed`.
- Indirect speech: a speech or thought verb with a clausal complement, any non-light verb with a
  clausal complement, an intention verb with an infinitive ("vowed to ..."), "according to X".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.extract.quote_cues import (
    according_to,
    cue_lemma,
    cue_words,
    is_cue,
    is_speech_cue,
)
from storyline.extract.quote_direct_cues import (
    LIGHT_VERBS,
    cue_in_line_before,
    governing_verb,
    name_after_quote,
    nearest_cue,
    sentence_subject,
    speech_noun,
    token_range,
)
from storyline.extract.quote_layout import (
    colon_label_speaker,
    dash_speaker,
    label_speaker,
    speaker_of_paragraph_before,
    speaker_of_sentence_before,
)
from storyline.extract.quote_marks import QuotedSpan, find_quoted_spans
from storyline.extract.quote_speakers import Speaker, SpeakerResolver, person_before, speaker_head, subject_beside
from storyline.model import Mention, Quote

# An unattributed quoted passage needs this many words to count as a quote on its own.
MIN_UNATTRIBUTED_WORDS = 6
# How many paragraphs back an unattributed paragraph-long quote may borrow the last speaker from.
CONTINUATION_PARAGRAPHS = 2
# Longest attribution standing between the two halves of a split quote.
MAX_ATTRIBUTION_WORDS = 40
_SENTENCE_END = frozenset({".", "!", "?"})
# Stated intentions ("vowed to make Mexico pay"), reported like speech: content is the infinitive.
INTENTION_LEMMAS = frozenset(
    """want hope plan vow pledge promise urge aim intend threaten refuse decline expect ask
    tell call encourage warn""".split()
)
QUOTE_OPENERS = "\"\u201c\u2018'"
QUOTE_CLOSERS = "\"\u201d\u2019'"


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: Token | None = None
    speaker: Speaker | None = None
    marks: list[QuotedSpan] | None = None


def find_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """All quotes in one parsed article, in text order."""
    text = doc.text
    if not text.strip():
        return []
    resolver = SpeakerResolver(doc, mentions)
    direct = _direct_quotes(doc, text, resolver, find_quoted_spans(text))
    direct += _line_speaker_quotes(doc, text, resolver, [(f.start, f.end) for f in direct])
    found = direct + _indirect_quotes(doc, text, resolver, direct)
    found.sort(key=lambda f: (f.start, f.end))
    return [_to_quote(text, f) for f in found]


def _to_quote(text: str, f: _Found) -> Quote:
    cue = None
    if f.cue is not None:
        cs, ce = cue_words(f.cue)
        cue = text[cs:ce]
    sp = f.speaker
    written = sp.written_span if sp else None
    return Quote(start=f.start, end=f.end, text=text[f.start:f.end], kind=f.kind,  # type: ignore[arg-type]
                 speaker_text=sp.text if sp else None, cue=cue,
                 speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None,
                 speaker_as_written=text[written[0]:written[1]] if written else None,
                 speaker_span=list(written) if written else None)


# --- direct quotes ---------------------------------------------------------------------------

def _only_attribution_between(text: str, prev: _Found, quote: QuotedSpan) -> bool:
    """`"A," said Caddell. "B."`: between the two halves stands only the attribution, cue included."""
    last_close = max(m.outer_end for m in prev.marks or [])
    cue = prev.cue
    words = len(text[last_close:quote.open].split())
    if words <= 2:  # two passages of one quotation, marks reopened for a new sentence
        return True
    return cue is not None and last_close <= cue.idx < quote.open and words <= MAX_ATTRIBUTION_WORDS


def _starts_line(text: str, quote: QuotedSpan) -> bool:
    line_start = text.rfind("\n", 0, quote.open) + 1
    return not text[line_start:quote.open].strip()


def _mark_tokens(doc: Doc, spans: list[QuotedSpan]) -> set[int]:
    marks: set[int] = set()
    for q in spans:
        for pos in (q.open, q.close):
            if pos is not None:
                tok = token_range(doc, pos, pos + 1)
                if tok is not None:
                    marks.update(range(tok.start, tok.end))
    return marks


def _direct_quotes(doc: Doc, text: str, resolver: SpeakerResolver, spans: list[QuotedSpan]) -> list[_Found]:
    mark_tokens = _mark_tokens(doc, spans)
    found: list[_Found] = []
    last_speaker: tuple[int, Speaker] | None = None  # (line number, speaker) of the last attributed quote
    for q in spans:
        skip = [(q.start, q.end)]
        cue = nearest_cue(doc, text, q, mark_tokens)
        # `Pollsters agree - Carl Bialik: "..."`: a name at the colon beats guessing from verbs,
        # and beats a cue before it when a dash sets the name apart from that cue's sentence.
        labelled = colon_label_speaker(doc, text, resolver, q) if cue is None or cue.idx < q.open else None
        if labelled is not None and cue is not None:
            if any(d in text[cue.idx:labelled.written_span[0]] for d in (" - ", " \u2013 ", " \u2014 ", " \u2015 ")):
                cue = None
            else:
                labelled = None
        if cue is None and labelled is None:
            cue = cue_in_line_before(doc, text, q) or speech_noun(doc, q) or governing_verb(doc, q, mark_tokens)
        line_no = text.count("\n", 0, q.open)
        prev = found[-1] if found else None
        same_line_as_prev = prev is not None and "\n" not in text[prev.end:q.start]
        if (prev is not None and same_line_as_prev and prev.cue is not None and (cue is None or cue.i == prev.cue.i)
                and _only_attribution_between(text, prev, q)):
            # The rest of a quote interrupted by its attribution: `"A," he said. "B."`
            prev.end = max(prev.end, q.end)
            prev.marks = (prev.marks or []) + [q]
            continue
        kind, start, end = "direct", q.start, q.end
        speaker = None
        label = _TRANSCRIPT_LABEL.match(text, q.start, q.end)
        if label is not None:
            # A quoted transcript line, `"PENCE: Well, look, ..."`: the label is the speaker.
            mention = resolver.mention_by_word(label.group(1))
            speaker = resolver.full(mention) if mention else Speaker(label.group(1), label.start(1), label.end(1))
            found.append(_Found(label.end(), end, kind, None, speaker, [q]))
            last_speaker = (line_no, speaker)
            continue
        if cue is not None:
            head = speaker_head(cue)
            if head is not None and q.open <= head.idx < q.outer_end:
                # A subject inside the quotation is a misparse, not the speaker; `Clinton seemed
                # ready, telling the crowd, "..."`: a participle shares the sentence's subject.
                head = sentence_subject(cue, q)
            if head is None:
                head = subject_beside(doc, cue, q)
            head = name_after_quote(doc, resolver, cue, q) or head
            speaker = resolver.resolve(head, skip) if head is not None else None
            if speaker is None and same_line_as_prev and prev is not None:
                speaker = prev.speaker
            clause = _content_of(cue) if cue.idx < q.open else None
            if clause is not None and clause.start_char < q.open - 1 and q.outer_end <= clause.end_char + 1:
                # "He said the plan was "dead on arrival."": reported speech around a quoted phrase.
                kind, start, end = "mixed", clause.start_char, max(clause.end_char, q.end)
        else:
            speaker = (labelled or dash_speaker(doc, text, resolver, q)
                       or label_speaker(doc, text, resolver, q))
            if speaker is None and same_line_as_prev and prev is not None:
                speaker = prev.speaker  # a further quote in the paragraph of an attributed one
            long_enough = len(text[q.start:q.end].split()) >= MIN_UNATTRIBUTED_WORDS
            if speaker is None and long_enough:
                speaker = (speaker_of_sentence_before(doc, text, resolver, q)
                           or speaker_of_paragraph_before(doc, text, resolver, q, any_subject=False))
            if (speaker is None and _starts_line(text, q) and last_speaker is not None
                    and line_no - last_speaker[0] <= CONTINUATION_PARAGRAPHS * 2):  # paragraphs are often blank-line separated
                speaker = last_speaker[1]
            if speaker is None and long_enough:
                speaker = (speaker_of_sentence_before(doc, text, resolver, q, any_subject=True)
                           or speaker_of_paragraph_before(doc, text, resolver, q, any_subject=True))
        content = text[q.start:q.end]
        if cue is None and speaker is None and len(content.split()) < MIN_UNATTRIBUTED_WORDS:
            continue
        if _looks_like_title(content) and not (cue is not None and is_speech_cue(cue)) and "\n" in text[:q.open]:
            continue  # a show, a book, a slogan or a scare-quoted word, not something said
        found.append(_Found(start, end, kind, cue, speaker, [q]))
        if speaker is not None:
            last_speaker = (line_no, speaker)
    return found


_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s+")
_LINE_SPEAKER = re.compile(r"^([A-Z][\w.'’ -]{1,40}?):[ \t]+(\S.*)$", re.MULTILINE)


def _line_speaker_quotes(doc: Doc, text: str, resolver: SpeakerResolver, taken: list[tuple[int, int]]) -> list[_Found]:
    """Transcript and headline lines, `PENCE: We will ...` / `Jane Doe: Voters are worried`,
    when the label is a person or body the article names."""
    found = []
    matches = list(_LINE_SPEAKER.finditer(text))
    # A transcript names its speakers in capitals, each more than once.
    label_counts = Counter(m.group(1) for m in matches if m.group(1).isupper())
    for m in matches:
        label = token_range(doc, m.start(1), m.end(1))
        if label is None or any(s < m.end(2) and m.start(2) < e for s, e in taken):
            continue
        shouting = m.group(1).isupper()
        mention = resolver.mention_at(label.root)
        if mention is not None and not (mention.start <= m.start(1) and m.end(1) <= mention.end):
            mention = None  # the label says more than a name ("Obama said Tuesday")
        if mention is None and shouting:
            mention = resolver.mention_by_word(m.group(1))
        speaker = resolver.full(mention) if mention is not None else None
        if speaker is None and shouting and label_counts[m.group(1)] > 1 and m.group(1).replace(" ", "").isalpha():
            speaker = Speaker(m.group(1), m.start(1), m.end(1))
        if speaker is None:
            continue
        start, end = m.start(2), m.end(2)
        while end > start and text[end - 1].isspace():
            end -= 1
        kind = "direct" if shouting else "indirect"
        if end - start > 2 and text[start] in QUOTE_OPENERS and text[end - 1] in QUOTE_CLOSERS:
            kind, start, end = "direct", start + 1, end - 1  # headline style: `Markov: ‘We will not retreat’`
        found.append(_Found(start, end, kind, None, speaker))
    return found


def _looks_like_title(content: str) -> bool:
    """"Good Morning America", "Sean Hannity Show.": short and capitalised throughout."""
    words = [w for w in content.split() if w.lower() not in _TITLE_SMALL_WORDS]
    return 0 < len(words) <= 6 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by"})


# --- indirect and mixed quotes ---------------------------------------------------------------

def _content_of(cue: Token) -> Span | None:
    """The reported clause: the cue's clausal complement, or for "according to" and a
    parenthetical "X said" the clause it comments on."""
    doc = cue.doc
    if according_to(cue) is not None:
        clause = cue.head
        pp = range(cue.left_edge.i, cue.right_edge.i + 1)
        return _clause_without(doc, clause, pp)
    for child in cue.children:
        if child.dep_ == "ccomp" and not _apposed_to_object(cue, child):
            return _trim(doc[child.left_edge.i:_clause_end(child) + 1])
    if cue_lemma(cue) in INTENTION_LEMMAS:
        for child in cue.children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                return _trim(doc[child.left_edge.i:child.right_edge.i + 1])
    if cue.dep_ == "parataxis" and is_speech_cue(cue):
        return _clause_without(doc, cue.head, range(cue.left_edge.i, cue.right_edge.i + 1))
    return None


def _clause_end(clause: Token) -> int:
    """Last token of the reported clause. `X said the tone was patronizing, noting her remarks
    ...`: a participle after a comma is the reporter's narration, not more of what was said.
    (Cutting at a conjoined clause with its own subject was tried too: it lost on train.)"""
    doc = clause.doc
    end = clause.right_edge.i
    for child in clause.children:
        if not clause.i < child.i <= end:
            continue
        if child.dep_ == "advcl" and child.tag_ == "VBG" and doc[child.left_edge.i - 1].text == ",":
            cut = child.left_edge.i - 1
            while cut > clause.i and doc[cut].is_punct:
                cut -= 1
            said = doc.text[clause.left_edge.idx:doc[cut].idx + len(doc[cut].text)]
            if len(_DOUBLE_MARK.findall(said)) % 2 == 0:  # never cut inside a quoted passage
                end = min(end, cut)
    return end


_DOUBLE_MARK = re.compile("[\"\u201c\u201d]|''|``")


def _apposed_to_object(cue: Token, clause: Token) -> bool:
    """`hoping for guarantees from the US, something Trump has been unwilling to provide`: a
    "clause" after the cue's own object and a comma renames that object; it reports nothing."""
    first = clause.left_edge.i
    while first < clause.i and cue.doc[first].is_punct:
        first += 1  # the parse often hangs the comma on the clause
    if first <= cue.i:
        return False
    between = cue.doc[cue.i + 1:first]
    has_object = any(t.head == cue and t.dep_ in ("prep", "dobj") for t in between)
    return has_object and any(t.text == "," for t in between)


def _clause_without(doc: Doc, clause: Token, hole: range) -> Span | None:
    first, last = clause.left_edge.i, clause.right_edge.i
    if hole.start <= first:
        first = hole.stop
    elif hole.stop > last:
        last = hole.start - 1
    if last < first:
        return None
    return _trim(doc[first:last + 1])


def _trim(span: Span) -> Span | None:
    doc = span.doc
    first, last = span.start, span.end - 1
    while first <= last and (doc[first].is_punct and doc[first].text not in "\"“'‘" or doc[first].lower_ == "that"
                             and doc[first].dep_ == "mark"):
        first += 1
    while last >= first and doc[last].is_punct and doc[last].text not in "\"”'’":
        last -= 1
    if last < first:
        return None
    return doc[first:last + 1]


def _reports_clause(verb: Token) -> bool:
    """Any verb taking a clause (`X insisted on Tuesday the plan works`), except light verbs."""
    return (verb.pos_ == "VERB" and verb.lemma_.lower() not in LIGHT_VERBS
            and any(c.dep_ == "ccomp" for c in verb.children))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _indirect_quotes(doc: Doc, text: str, resolver: SpeakerResolver, direct: list[_Found]) -> list[_Found]:
    direct_outer = [(min([f.start] + [m.open for m in f.marks or []]),
                     max([f.end] + [m.outer_end for m in f.marks or []])) for f in direct]
    used_cues = {f.cue.i for f in direct if f.cue is not None}
    all_marks = find_quoted_spans(text)
    found: list[_Found] = []
    for tok in doc:
        if tok.i in used_cues or _inside(tok.idx, direct_outer):
            continue
        if not (is_cue(tok) or according_to(tok) is not None or _reports_clause(tok)
                or cue_lemma(tok) in INTENTION_LEMMAS):
            continue
        content = _content_of(tok)
        if content is None or len(content) < 2:
            continue
        start, end = content.start_char, content.end_char
        overlapping = [i for i, (s, e) in enumerate(direct_outer) if s < end and start < e]
        if any(not (start <= direct_outer[i][0] and direct_outer[i][1] <= end) for i in overlapping):
            continue  # the clause cuts through a direct quote: the parse is not to be trusted here
        if any(direct[i].speaker is not None and start >= direct_outer[i][0] - 1 and end <= direct_outer[i][1] + 1
               for i in overlapping):
            continue  # the "clause" is only a quote that already has its speaker (`X agree - Name: "..."`)
        head = speaker_head(tok) or (person_before(tok) if _active_main_verb(tok) else None)
        if head is None:
            continue
        kind = "mixed" if any(start <= m.open < end for m in all_marks) else "indirect"
        speaker = resolver.resolve(head, [(start, end)])
        found.append(_Found(start, end, kind, tok, speaker))
        for i in overlapping:  # the quoted words are part of this reported speech
            direct[i].kind = "absorbed"
    direct[:] = [f for f in direct if f.kind != "absorbed"]
    return _drop_nested(found)


def _active_main_verb(verb: Token) -> bool:
    """A verb that could have a subject of its own. "X is not expected to attend": a passive cue
    names nobody, not even the person before it."""
    return verb.pos_ == "VERB" and verb.dep_ in ("ROOT", "ccomp", "conj") and not any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _drop_nested(found: list[_Found]) -> list[_Found]:
    """Attribution inside reported speech ("He said she thinks ...") is part of the outer one."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in found:
        if kept and kept[-1].start <= f.start and f.end <= kept[-1].end:
            continue
        kept.append(f)
    return kept
