"""Finding quoted passages by their quotation marks, on the raw text (no parse needed).

A quoted passage never crosses a line break: news text puts each paragraph on its own
line, and the convention for a quote running over several paragraphs is to reopen it at
the start of each one, so an opening mark left unclosed at a line end closes there. That
also keeps an unbalanced mark from swallowing the rest of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CURLY, CLOSE_CURLY = "\u201c", "\u201d"
OPEN_SINGLE, CLOSE_SINGLE = "\u2018", "\u2019"
STRAIGHT = '"'
ANY_DOUBLE_MARK = re.compile('["\u201c\u201d]')

# Single curly marks are mostly apostrophes; they count as quotation marks only in a
# short, clearly delimited stretch (headline style: Putin: ‘We will respond’).
_SINGLE_QUOTED = re.compile(
    r"(?:^|(?<=[\s(:\[—–-]))\u2018([^\u2018\u2019\n]{2,200}?)\u2019(?![A-Za-z])", re.MULTILINE
)


@dataclass(frozen=True)
class QuotedSpan:
    """Offsets of the marks and of the content between them (content trimmed of spaces)."""

    open: int  # index of the opening mark
    close: int | None  # index of the closing mark; None when the line ended first
    start: int
    end: int

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _straight_opens(text: str, i: int) -> bool:
    """A straight mark opens when it follows a space, line start or opening punctuation."""
    before = text[i - 1] if i > 0 else "\n"
    return before.isspace() or before in "([{—–-:/"


def _closes_after_curly(text: str, i: int, line_end: int) -> bool:
    """A straight mark after a curly opener closes it when it is the line's last straight mark, or
    when it ends a clause (`...FBI," Chaffetz said ... "like candy."`) and the straight marks after
    it pair up among themselves."""
    rest = text.count(STRAIGHT, i + 1, line_end)
    if rest == 0:
        return True
    ends_clause = text[i - 1] in ",.?!" and (i + 1 == line_end or text[i + 1] == " ")
    return ends_clause and rest % 2 == 0


def _closers_before_next_opener(text: str, i: int, line_end: int) -> int:
    nxt = text.find(OPEN_CURLY, i + 1, line_end)
    return text.count(CLOSE_CURLY, i + 1, nxt if nxt >= 0 else line_end)


def _line_spans(text: str, line_start: int, line_end: int) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    nested = False  # inside a quote within the quote, in the other style of marks
    nested_curly = False  # inside a quote within the quote, in the same curly marks
    for i in range(line_start, line_end):
        ch = text[i]
        if ch not in (OPEN_CURLY, CLOSE_CURLY, STRAIGHT):
            continue
        if open_at is None:
            # A closing curly mark opening a paragraph (`”Fear. I am ...” ― Name`) is a typo for
            # an opening one: nothing stands before it on the line that it could close.
            opens_line = ch == CLOSE_CURLY and not text[line_start:i].strip()
            if ch == OPEN_CURLY or opens_line or (ch == STRAIGHT and _straight_opens(text, i)):
                open_at, nested, nested_curly = i, False, False
            continue
        if nested_curly:
            nested_curly = ch != CLOSE_CURLY
            continue
        outer_straight = text[open_at] == STRAIGHT
        # Scraped text often mixes styles ("...” or “..."): a closer of the other style that
        # ends no nested quote, or the line's last straight mark after a curly opener, closes.
        mixed_close = (outer_straight and ch == CLOSE_CURLY and not nested) or (
            not outer_straight and ch == STRAIGHT and not nested and i > open_at + 1
            and not text[i - 1].isspace() and _closes_after_curly(text, i, line_end))
        if outer_straight and ch in (OPEN_CURLY, CLOSE_CURLY) and not mixed_close:
            nested = ch == OPEN_CURLY
            continue
        if not outer_straight and ch == STRAIGHT and not mixed_close:
            nested = not nested
            continue
        if ch == OPEN_CURLY:
            if not outer_straight and _closers_before_next_opener(text, i, line_end) >= 2:
                # `“... what he calls “hell” than ...”`: a quote inside the quote, same marks.
                nested_curly = True
                continue
            # Otherwise a second opener before any closer means the first was unbalanced: restart.
            open_at = i
            continue
        s, e = _trimmed(text, open_at + 1, i)
        if e > s:
            spans.append(QuotedSpan(open_at, i, s, e))
        open_at = None
    if open_at is not None:
        s, e = _trimmed(text, open_at + 1, line_end)
        if e > s:
            spans.append(QuotedSpan(open_at, None, s, e))
    return spans


def _double_apostrophe_spans(text: str, line_start: int, line_end: int) -> list[QuotedSpan]:
    """Lines quoting with two apostrophes (`''Hopefully,'' the president said`, an archive
    convention): each pair read as one straight mark, offsets mapped back onto the text."""
    compact: list[str] = []
    origin: list[int] = []  # index in text of each compact character
    i = line_start
    while i < line_end:
        origin.append(i)
        if text.startswith("''", i) and i + 1 < line_end:
            compact.append(STRAIGHT)
            i += 2
        else:
            compact.append(text[i])
            i += 1
    line = "".join(compact)
    spans = []
    for q in _line_spans(line, 0, len(line)):
        close = None if q.close is None else origin[q.close] + 1  # the pair's second apostrophe
        spans.append(QuotedSpan(origin[q.open], close, origin[q.start], origin[q.end - 1] + 1))
    return spans


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every double-quoted passage (straight or curly marks), plus headline-style single-quoted ones."""
    spans: list[QuotedSpan] = []
    pos = 0
    for line in text.split("\n"):
        line_end = pos + len(line)
        if "''" in line and not ANY_DOUBLE_MARK.search(line):
            spans.extend(_double_apostrophe_spans(text, pos, line_end))
        elif ANY_DOUBLE_MARK.search(line):
            spans.extend(_line_spans(text, pos, line_end))
        elif OPEN_SINGLE in line:
            for m in _SINGLE_QUOTED.finditer(text, pos, line_end):
                s, e = _trimmed(text, m.start(1), m.end(1))
                if e > s:
                    spans.append(QuotedSpan(m.start(), m.end() - 1, s, e))
        pos = line_end + 1
    return spans
