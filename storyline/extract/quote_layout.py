"""Speakers read from the layout of the text rather than from a cue's parse: a signature after a
dash, a name labelling a line or standing before a colon, an attributed sentence just before.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from storyline.extract.quote_cues import is_speech_cue
from storyline.extract.quote_marks import QuotedSpan
from storyline.extract.quote_speakers import DASHES, Speaker, SpeakerResolver, speaker_head

_CLOSING_MARKS = ("\"", "\u201d", "\u2019")


def _chars(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def dash_speaker(doc: Doc, text: str, resolver: SpeakerResolver, quote: QuotedSpan) -> Speaker | None:
    """`"..." ― Jane Doe`: a name after a dash right behind the closing mark, a person the model
    tagged or else a short run of capitalised words ending the line or sentence."""
    if quote.close is None:
        return None
    close = quote.close
    if text[close + 1:close + 4].lstrip()[:1] not in tuple(DASHES):
        # `“A.” And that is all. “B.” ― Jane Doe`: a signature ending the line signs every quote
        # on it, when the line opens with a quote.
        line_end = text.find("\n", close)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, quote.open) + 1
        last_close = max(text.rfind(mark, close, line_end) for mark in _CLOSING_MARKS)
        if text[line_start:quote.open].strip() or last_close <= close:
            return None
        close = last_close
    rest = text[close + 1:close + 4]
    stripped = rest.lstrip()
    if not stripped or stripped[0] not in DASHES:
        return None
    dash_at = close + 1 + (len(rest) - len(stripped))
    after = _chars(doc, dash_at, dash_at + 1)
    if after is None:
        return None
    words = []
    for tok in doc[after.end:after.end + 6]:
        if "\n" in text[dash_at:tok.idx]:
            break
        if tok.is_space:
            continue
        words.append(tok)
    if not words:
        return None
    mention = resolver.mention_at(words[0])
    if mention is not None and mention.type == "PERSON":
        return resolver.full(mention)
    name: list[Token] = []
    for tok in words:
        if not (tok.text[:1].isupper() and (tok.is_alpha or tok.text.endswith("."))):
            break
        name.append(tok)
    rest_of_line = text[name[-1].idx + len(name[-1].text):].split("\n", 1)[0].strip() if name else "x"
    if 2 <= len(name) <= 5 and rest_of_line in ("", "."):
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        return Speaker(text[start:end], start, end)
    return None


_LINE_LABEL = re.compile(r"([A-Z][\w.'’ -]{1,40}?):\s")


def label_speaker(doc: Doc, text: str, resolver: SpeakerResolver, quote: QuotedSpan) -> Speaker | None:
    """Headlines, `Cruz: Trump Would ..., ‘I Fear The Same Thing Is True’`: the label opening the
    line names whoever is quoted in it, when it is a name."""
    line_start = text.rfind("\n", 0, quote.open) + 1
    label = _LINE_LABEL.match(text, line_start, quote.open)
    if label is None:
        return None
    words = _chars(doc, label.start(1), label.end(1))
    if words is None or len(words) > 5:
        return None
    mention = resolver.mention_at(words[-1])
    if mention is not None and mention.type in ("PERSON", "ORG"):
        return replace(resolver.full(mention), written=label.span(1))
    if all(t.pos_ == "PROPN" for t in words):
        return Speaker(label.group(1), label.start(1), label.end(1))
    return None


def speaker_of_sentence_before(doc: Doc, text: str, resolver: SpeakerResolver,
                               quote: QuotedSpan, any_subject: bool = False) -> Speaker | None:
    """`... over Syria, Schiff said. "The other factor ..."`: a quote with no attribution of its own
    right after an attributed sentence of its paragraph continues that speaker; with `any_subject`,
    `Clinton touted her record. "We need ..."`: the person the sentence before is about."""
    before = text[:quote.open].rstrip()
    if not before or before[-1] not in ".!?" or "\n" in text[len(before):quote.open]:
        return None
    end_tok = _chars(doc, len(before) - 1, len(before))
    if end_tok is None:
        return None
    sentence = doc[end_tok.start].sent
    if "\n" in text[sentence.start_char:len(before)]:
        return None
    for tok in reversed(sentence):
        if is_speech_cue(tok):
            head = speaker_head(tok)
            if head is not None and head.idx >= sentence.start_char:
                return resolver.resolve(head, [(quote.start, quote.end)])
    if any_subject:
        subject = next((c for c in sentence.root.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.lower_ in ("he", "she") or subject.ent_type_ == "PERSON"):
            return resolver.resolve(subject, [(quote.start, quote.end)])
    return None


_PARENTHETICAL_END = re.compile(r"\s*\([^()\n]{1,30}\)\s*$")
_LABEL_AFTER_DASH = re.compile(r"(?:^|\s[-\u2013\u2014\u2015]+\s*)((?:[A-Z][\w.'\u2019-]*\s?){1,5})$")


def colon_label_speaker(doc: Doc, text: str, resolver: SpeakerResolver, quote: QuotedSpan) -> Speaker | None:
    """`Pollsters agree - Carl Bialik: "..."`, `Rep. Jane Doe (D-Ore.):"..."`, `The result does not
    surprise pollster Dan Shaw: "..."`: a name ending right at the colon that introduces the
    quote names its speaker (a quote with a speech verb of its own never gets here)."""
    before = text[:quote.open].rstrip()
    if not before.endswith(":"):
        return None
    colon = len(before) - 1
    label_start = text.rfind("\n", 0, colon) + 1
    head = text[label_start:colon]
    tail = _PARENTHETICAL_END.search(head)  # a party and state after a lawmaker's name
    name_end = label_start + (tail.start() if tail else len(head.rstrip()))
    if name_end <= label_start:
        return None
    last = _chars(doc, name_end - 1, name_end)
    if last is None:
        return None
    mention = resolver.mention_at(doc[last.end - 1])
    if mention is not None and mention.end == name_end and mention.type in ("PERSON", "ORG"):
        named = _chars(doc, mention.start, mention.end)
        # `CNN President on Trump: "..."`, `a blunt message to Trump: "..."`: the name after a
        # preposition is what the quote is about or whom it is for, not who speaks.
        preposition = named.root.head if named is not None else None
        about = (named is not None and named.root.dep_ == "pobj" and named.start - 3 <= preposition.i < named.start
                 and preposition.lower_ != "from")  # "More from Jones:" does name the source
        return None if named is None or about else resolver.full(mention)
    # `... - HuffPollster: "..."`: a capitalised label after a dash or opening the line.
    label = _LABEL_AFTER_DASH.search(text, label_start, name_end)
    if label is not None and label.end(1) == name_end:
        words = _chars(doc, label.start(1), label.end(1))
        if words is not None and all(t.pos_ == "PROPN" for t in words) and not label.group(1).isupper():
            return Speaker(label.group(1).strip(), label.start(1), label.end(1))
    return None


def speaker_of_paragraph_before(doc: Doc, text: str, resolver: SpeakerResolver, quote: QuotedSpan,
                                any_subject: bool) -> Speaker | None:
    """`Valastro praised the governor's leadership after the storm.` / `"We need someone who ..."`:
    a paragraph that is only a quote, with no attribution of its own, continues the paragraph
    before: the speaker of its last sentence's speech verb or, with `any_subject`, that
    sentence's subject when it names a person or body."""
    line_start = text.rfind("\n", 0, quote.open) + 1
    before = text[:line_start].rstrip()
    if not before or text[line_start:quote.open].strip():
        return None
    end_tok = _chars(doc, len(before) - 1, len(before))
    if end_tok is None:
        return None
    sentence = doc[end_tok.start].sent
    paragraph_start = text.rfind("\n", 0, len(before)) + 1
    skip = [(quote.start, quote.end)]
    cues = []
    for tok in reversed(sentence):
        if tok.idx < paragraph_start or any(m in tok.text for m in _CLOSING_MARKS + ("\u201c",)):
            break  # the sentence before ends with a quote: its own speaker is already decided
        if is_speech_cue(tok):
            head = speaker_head(tok)
            if head is not None and head.idx >= max(sentence.start_char, paragraph_start):
                cues.append((sum(1 for _ in tok.ancestors), -tok.i, head))
    if cues:  # the main clause's cue, not one inside a clause it reports
        return resolver.resolve(min(cues)[2], skip)
    if not any_subject:
        return None
    subject = next((c for c in sentence.root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.idx < paragraph_start:
        return None
    if subject.lower_ in ("he", "she") or subject.pos_ == "PROPN" or resolver.mention_at(subject) is not None:
        return resolver.resolve(subject, skip)
    return None
