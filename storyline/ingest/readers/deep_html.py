"""Text of HTML nested too deeply for libxml2 (and so for trafilatura) to keep its body.

libxml2 stops building the tree at a nesting depth of 256 (2048 with huge_tree), so the prose
of a page wrapped in thousands of elements is silently dropped. The stdlib's streaming
`html.parser` builds no tree: it sees every text node at any depth, in time linear in the page.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from storyline.ingest.normalise import _BLOCK_TAGS, _SKIPPED_TAGS, has_sentence, normalise_text

# The nesting depth from which libxml2 drops content (its default xmlParserMaxDepth).
LIBXML_MAX_DEPTH = 256
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Boilerplate containers: a deep page's prose is only its article text, as trafilatura would keep.
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button", "select"})
_PARAGRAPH = "\x00"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.max_depth = 0
        self._stack: list[str] = []
        self._open = Counter[str]()  # tag -> how many are open, so a closing tag is matched in O(1)
        self._hidden = 0  # open elements whose text is not prose

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(_PARAGRAPH)
        if tag in _VOID_TAGS:
            return
        self._stack.append(tag)
        self._open[tag] += 1
        self._hidden += tag in _SKIPPED_TAGS or tag in _FURNITURE_TAGS
        self.max_depth = max(self.max_depth, len(self._stack))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)
        if not self._open[tag]:
            return  # a stray closing tag closes nothing
        while self._stack:  # elements left unclosed inside this one end with it
            closed = self._stack.pop()
            self._open[closed] -= 1
            self._hidden -= closed in _SKIPPED_TAGS or closed in _FURNITURE_TAGS
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def deep_page_text(html: str) -> str:
    """The prose of a page nested deeper than libxml2 can parse; "" for any other page.

    Only deep pages qualify: for the rest, trafilatura's verdict (no article body) stands.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    if collector.max_depth < LIBXML_MAX_DEPTH:
        return ""
    flat = re.sub(r"\s+", " ", "".join(collector.parts))
    lines = (line.strip() for line in flat.split(_PARAGRAPH))
    text = normalise_text("\n\n".join(line for line in lines if line))
    return text if has_sentence(text) else ""
