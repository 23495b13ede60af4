"""Turning decoded input (plain text, Markdown, HTML fragments) into the final cleaned text.

Offsets of every later stage index into the string `normalise_text` returns, so it is the
last transformation an article's text goes through during reading.
"""
from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls other than tab and newline, and the zero-width no-break space (stray BOMs).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")

# A line that reads like prose: at least this many words and ends like a sentence.
_MIN_SENTENCE_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u00bb]*$")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_PARAGRAPH, _LINE = "\x00P", "\x00L"

_markdown = MarkdownIt("commonmark")


def normalise_text(text: str) -> str:
    """Newlines to \\n, no control characters, NFC, no trailing spaces, at most one blank line in a row."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def has_sentence(text: str) -> bool:
    """Whether any line reads like prose; menus, link lists and button labels do not."""
    for line in text.split("\n"):
        line = line.strip()
        if len(line.split()) >= _MIN_SENTENCE_WORDS and _SENTENCE_END.search(line):
            return True
    return False


def markdown_to_text(source: str) -> tuple[str | None, str]:
    """(title, body): a leading level-1 heading is the title; Markdown syntax becomes plain text."""
    tokens = _markdown.parse(source)
    title: str | None = None
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        title = _render_inline(tokens[1]).strip() or None
        tokens = tokens[3:]
    blocks: list[str] = []
    list_stack: list[list[int | str]] = []  # [kind, next number] per open list
    previous_was_tight_item = False
    for position, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            list_stack.append(["ol" if token.type == "ordered_list_open" else "ul", start])
            previous_was_tight_item = False
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
            previous_was_tight_item = False
        elif token.type == "inline":
            text = _render_inline(token).strip()
            if not text:
                continue
            opener = tokens[position - 1] if position else None
            in_item = bool(list_stack) and _opens_list_item(tokens, position)
            if in_item:
                kind = list_stack[-1]
                if kind[0] == "ol":
                    text = f"{kind[1]}. {text}"
                    kind[1] = int(kind[1]) + 1
                else:
                    text = f"- {text}"
            tight = opener is not None and opener.hidden
            if tight and previous_was_tight_item and blocks:
                blocks[-1] += "\n" + text
            else:
                blocks.append(text)
            previous_was_tight_item = tight
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
            previous_was_tight_item = False
    return title, normalise_text("\n\n".join(blocks))


def _opens_list_item(tokens: list[Token], position: int) -> bool:
    # inline <- paragraph_open <- list_item_open: the first paragraph of an item carries its marker.
    return position >= 2 and tokens[position - 2].type == "list_item_open"


def _render_inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        # images, inline HTML and link/emphasis markers carry no body text
    return "".join(parts)


def html_fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (a feed entry's content), paragraphs kept as lines."""
    if "<" not in fragment:
        return normalise_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []
    _collect_text(root, parts)
    flat = re.sub(r"\s+", " ", "".join(parts))
    flat = flat.replace(_LINE, "\n").replace(_PARAGRAPH, "\n\n")
    lines = (line.strip() for line in flat.split("\n"))
    return normalise_text("\n".join(lines))


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED_TAGS:
        parts.append(element.tail or "")
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append(_PARAGRAPH)
    if tag == "br":
        parts.append(_LINE)
    parts.append(element.text or "")
    for child in element:
        _collect_text(child, parts)
    if block:
        parts.append(_PARAGRAPH)
    parts.append(element.tail or "")
