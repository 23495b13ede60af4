"""Cutting an article into claim units: sentences, clauses of long compound sentences, and
quotes credited to their speaker. Headings and page furniture are left out."""
from __future__ import annotations

import re

from storyline.model import Article, Claim

# A full stop (with any closing quotes) before a capital or an opening quote, or a newline.
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?:\s+(?=[\"“‘'(\[]?[A-Z0-9])|(?=[A-Z“]))|\n+")
ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Adm|Gen|Lt|Col|Sgt|Sen|Rep|Gov|Prof|St|Jr|Sr|U\.S|U\.K|U\.N|E\.U|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|[A-Z])\.$")
# Page furniture that slips through article extraction; cut wherever it starts.
BOILERPLATE = re.compile(
    r"This audio is (?:created|generated) with AI|Sign up for|Subscribe to|Click here|Read more:|"
    r"All rights reserved|Copyright ©|©\s*\d{4}|Follow us on|Share this article|Advertisement\b",
    re.IGNORECASE,
)
MIN_WORDS = 5
# A sentence this long with a clause break is split so each clause can align on its own.
LONG_SENTENCE_WORDS = 40
CLAUSE_BREAK = re.compile(r";\s+|\s+[-—–]{1,2}\s+(?=[a-z])")


# A dotted initialism ("F.B.I.") usually runs on into a name ("F.B.I. Director"), but a full
# name with a middle initial after it ("... lied to the F.B.I. Michael T. Flynn, ...") opens the
# next sentence: news style names a person that way at first mention, never inside an
# organisation's name.
INITIALISM_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
NAME_WITH_INITIAL = re.compile(r"[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+")


def _abbreviation_ends(text: str, start: int, match: re.Match) -> bool:
    """Whether the full stop of `match` belongs to an abbreviation rather than ending a sentence."""
    before = text[start : match.start() + 1]
    if not ABBREVIATIONS.search(before):
        return False
    return not (INITIALISM_END.search(before) and NAME_WITH_INITIAL.match(text, match.end()))


def _spans_from_text(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        mark = match.group().rstrip()
        if mark and _abbreviation_ends(text, start, match):
            continue
        spans.append((start, match.start() + len(mark)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _spans_from_doc(text: str, doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        # spaCy joins lines without a full stop; a newline is always a unit boundary here.
        offset = sent.start_char
        for piece in re.split(r"(\n+)", text[sent.start_char : sent.end_char]):
            if piece and not piece.startswith("\n"):
                spans.append((offset, offset + len(piece)))
            offset += len(piece)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    furniture = BOILERPLATE.search(text, start, end)
    if furniture:
        end = furniture.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(piece: str) -> bool:
    words = piece.split()
    if len(words) < MIN_WORDS:
        return True
    # Headings and bylines carry no final punctuation.
    # Tokenised corpora leave a space before the closing quote: `... war. "` still ends a sentence.
    return not re.search(r"[.!?](?:\s?[\"”’')\]])*$", piece) and len(words) < 15


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) < LONG_SENTENCE_WORDS:
        return [(start, end)]
    pieces, cursor = [], start
    for match in CLAUSE_BREAK.finditer(text, start, end):
        if len(text[cursor : match.start()].split()) >= MIN_WORDS * 2 and len(text[match.end() : end].split()) >= MIN_WORDS * 2:
            pieces.append((cursor, match.start()))
            cursor = match.end()
    pieces.append((cursor, end))
    return pieces


def split_claims(article: Article, doc=None) -> list[Claim]:
    """Claim units of one article in text order; quotes become claims of their speaker."""
    text = article.text
    raw = _spans_from_doc(text, doc) if doc is not None else _spans_from_text(text)
    units: list[tuple[int, int]] = []
    for start, end in (piece for span in raw for piece in _paragraph_pieces(text, *span)):
        start, end = _trim(text, start, end)
        if end <= start or _is_heading(text[start:end]):
            continue
        units.extend(_clauses(text, start, end))
    units = _merge_quote_units(units, article)
    claims = []
    for start, end in units:
        quote = _quote_in(article, start, end)
        speaker = (quote.speaker or quote.speaker_text) if quote else None
        claims.append(
            Claim(article=article.id, start=start, end=end, text=text[start:end], source=article.source,
                  speaker=speaker, kind="quote" if quote else "statement")
        )
    return claims


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence never runs across a paragraph break, whatever the sentence splitter thought."""
    pieces, cursor = [], start
    while (cut := text.find("\n\n", cursor, end)) != -1:
        pieces.append((cursor, cut))
        cursor = cut + 2
    pieces.append((cursor, end))
    return pieces


def _merge_quote_units(units: list[tuple[int, int]], article: Article) -> list[tuple[int, int]]:
    """A quote running over several sentences stays one claim: its words belong together."""
    merged: list[tuple[int, int]] = []
    for start, end in units:
        if merged and "\n\n" not in article.text[merged[-1][1]:start] and any(
                q.start < merged[-1][1] and q.end > start for q in article.quotes):
            merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged


def _quote_in(article: Article, start: int, end: int):
    """The quote that makes up most of this unit, if any."""
    best, best_overlap = None, 0
    for quote in article.quotes:
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    if best is None or best_overlap < 0.4 * (end - start):
        return None
    return best


# Where a sentence may carry a second statement: a comma before a relative or reporting clause,
# a semicolon, a dash. Used only for alignment parts (clause_parts), never to cut claims.
PART_BREAK = re.compile(r",\s+(?=(?:who|which|where|according to|saying|while|after|but|because|claiming|adding)\b)"
                        r"|;\s+|\s+[-—–―]{1,2}\s+")
MIN_PART_WORDS = 8


def clause_parts(claim: Claim) -> list[Claim]:
    """The clauses of a compound sentence, each a claim of its own for alignment only.

    "Trump will travel to the UK in July, the White House confirmed, where he will meet May"
    states the visit and the meeting; the whole sentence can sit in one fact only, so each
    part may join a fact other outlets state (compare.build_ledger keeps a part only then).
    Empty when the sentence has no break leaving MIN_PART_WORDS words on both sides."""
    text, pieces, cursor = claim.text, [], 0
    for match in PART_BREAK.finditer(text):
        if len(text[cursor: match.start()].split()) >= MIN_PART_WORDS and \
                len(text[match.end():].split()) >= MIN_PART_WORDS:
            pieces.append((cursor, match.start()))
            cursor = match.end()
    if not pieces:
        return []
    pieces.append((cursor, len(text)))
    return [Claim(article=claim.article, start=claim.start + a, end=claim.start + b, text=text[a:b],
                  source=claim.source, speaker=claim.speaker, kind=claim.kind) for a, b in pieces]


def claim_key(claim: Claim) -> str:
    return f"{claim.article}:{claim.start}-{claim.end}"
