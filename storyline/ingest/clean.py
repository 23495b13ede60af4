"""Remove page furniture (share buttons, newsletter prompts, credits, ...) from article text.

Two general rules, documented in docs/INGEST-CLEANING.md:

1. Recurring short lines: a short line that one outlet repeats across several of its
   articles, each time between different content, is a template line (menu, tag line,
   promo), not reporting.
2. A small list of whole-line patterns for furniture that can appear only once.

A line is never removed merely for being short: subheads are short too, but they are
specific to one article.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable

from storyline.model import Article

# Rule 1 only looks at lines of at most this many words; longer lines are paragraphs.
MAX_FURNITURE_WORDS = 12
# A line must recur in at least this many of the outlet's articles ...
MIN_RECURRENCE = 2
# ... and in at least this share of them, so big outlets need proportionally more evidence.
MIN_SOURCE_SHARE = 0.05
# Rule 1 spares prose: a line of this many words ending like a sentence reads as reporting
# ("The Kremlin did not comment.") even if two articles of one outlet repeat it.
SENTENCE_MIN_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")

_SOCIAL = (
    r"facebook|twitter|x|instagram|linkedin|whatsapp|telegram|reddit|pinterest|youtube|tiktok"
    r"|threads|bluesky|mastodon|flipboard|messenger|viber|vk|e-?mail|print|copy link|copy|sms"
)

# Whole-line furniture patterns, matched case-insensitively against the line with bullets,
# dashes and trailing punctuation trimmed (see `_core`). Keep in step with the docs.
FURNITURE_PATTERNS: tuple[str, ...] = (
    # AI narration notices and audio players
    r".*\b(audio|voice|narration|narrated|listen\w*)\b"
    r".*\b(ai|artificial intelligence|automated|text-to-speech)\b.*",
    r"listen to (this|the) (article|story)\b.*",
    # cross-links
    r"related( (news|articles?|stories|content|coverage|reading|topics|links|posts))?",
    r"(read|see) (more|next|also)\b.*",
    r"(more|latest|top|breaking|world|related) (news|stories|headlines)( feed)?",
    r"more (from|on) .{1,40}",
    r"(most (read|popular|viewed)|trending( now)?|news feed|you may also like|recommended( for you| stories)?)",
    # subscription and accounts
    r"subscribe\b.*",
    r"(sign|log) (up|in)\b.*",
    r"(get|join|receive) our (free )?(daily |weekly )?newsletters?\b.*",
    r"newsletters?",
    # sharing and following
    r"share(\s+(this|the)\s+(article|story|page|post|video))?(\s+(on|via|to|with)\s+.{0,40})?",
    rf"(?:(?:{_SOCIAL})\s*[|,·•/]?\s*)+",
    r"follow us\b.*",
    rf"follow (\S+ ){{0,3}}on ({_SOCIAL})\b.*",
    # advertising and calls to action
    r"(advertisement|advert|sponsored( content)?|promoted( content)?|ad|ads by \w+)(\s*[-–:]\s*.*)?",
    r"(click|tap) here\b.*",
    r"scroll (down )?to (continue|read)\b.*",
    # cookie banners
    r".*\b(we|this (site|website)|our (site|website))\b.*\bcookies?\b.*",
    r"(accept|reject|manage|allow) (all )?cookies?\b.*",
    r"cookies? (settings|policy|preferences|consent|notice)\b.*",
    # copyright and picture credits
    r"(©|\(c\)|copyright\s*(©|\(c\)|\d{4}))\s*.*",
    r".*\ball rights reserved\b.*",
    r"(photo|image|picture|video|illustration|credit|pictured)s?( credit| by| source)?\s*:.*",
    r".*\b(photo|image)\s*:\s*\S.*",
    r".*\b(getty images|ap photo|afp photo|epa-efe|shutterstock|stock photo)\b.*",
    # page chrome
    r"(loading|please wait)(\.\.\.|…)?",
    r"show (more|less|all)|view (all|more)|see all|load more",
    r"(skip|jump) to (the )?(main )?(content|navigation|article)|accessibility links|back to top",
    r"\d+\s*(min|mins|minute|minutes)\s*(read|listen|watch)",
    r"(print|email)( this)?( article| page| story)?",
    r"(icon|menu|close|search|home|back|next|previous|prev|top)",
    r"(\d+\s+)?comments?|(view|show|leave a|add a|post a) comments?",
    r"(updated|published|posted)",
    # media player time codes ("0:00 / 2:31") and lone links or hashtags
    r"(\d{1,2}:)?\d{1,2}:\d{2}(\s*/?\s*(\d{1,2}:)?\d{1,2}:\d{2})+",
    r"(https?://|www\.)\S+|pic\.twitter\.com/\S+",
    r"(#\w+\s*)+",
)
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)

# Bullets, dashes and arrows around a furniture label ("- Latest news", "Read more »").
_LEADING = re.compile(r"^[\s\-–—•·*|>›»→]+")
_TRAILING = re.compile(r"[\s\-–—•·*|:.…›»→<]+$")
_DIGITS = re.compile(r"\d+")


def remove_boilerplate(articles: list[Article]) -> None:
    """Drop furniture lines from every ok article, in place; empty results become status "empty"."""
    usable = [a for a in articles if a.ok]
    recurring = _recurring_lines(usable)
    for article in usable:
        furniture = recurring.get(source_key(article), frozenset())
        kept = [line for line in article.text.splitlines() if not is_furniture(line, furniture)]
        article.text = join_kept_lines(kept)
        if not article.text:
            article.status = "empty"
            article.error = (
                f"{article.path or article.id}: only page furniture (boilerplate) was found, no article text"
            )


def is_pattern_furniture(line: str) -> bool:
    """Whether one line matches the documented furniture list (rule 2)."""
    core = _core(line)
    return bool(core) and len(core.split()) <= MAX_FURNITURE_WORDS + 3 and _FURNITURE.fullmatch(core) is not None


def is_furniture(line: str, recurring: frozenset[str]) -> bool:
    if not line.strip():
        return False
    return _line_key(line) in recurring or is_pattern_furniture(line)


def _recurring_lines(articles: Iterable[Article]) -> dict[str, frozenset[str]]:
    """Per source, the keys of short lines that recur between different content (rule 1).

    An occurrence's context is the nearest long line before and after it. A line copied
    along with its article (a re-ingested or updated copy) keeps the same neighbours, so it
    counts once; furniture sits next to different paragraphs in every article.
    """
    by_source: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_source[source_key(article)].append(article)

    result: dict[str, frozenset[str]] = {}
    for source, group in by_source.items():
        needed = max(MIN_RECURRENCE, math.ceil(MIN_SOURCE_SHARE * len(group)))
        if len(group) < needed:
            continue
        before: dict[str, set[str]] = defaultdict(set)
        after: dict[str, set[str]] = defaultdict(set)
        for position, article in enumerate(group):
            for key, previous, following in short_lines_in_context(article.text, position):
                before[key].add(previous)
                after[key].add(following)
        result[source] = frozenset(
            key for key in before if min(len(before[key]), len(after[key])) >= needed
        )
    return result


def short_lines_in_context(text: str, position: int) -> Iterable[tuple[str, str, str]]:
    """(key, previous long line, next long line) for each candidate short line of one text.

    A missing neighbour is made unique to the article, so "top of page" never looks shared.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    is_long = [len(line.split()) > MAX_FURNITURE_WORDS for line in lines]
    edge = f"\x00{position}"
    previous_long = [edge] * len(lines)
    last = edge
    for index, line in enumerate(lines):
        previous_long[index] = last
        if is_long[index]:
            last = _context_key(line)
    next_long = [edge] * len(lines)
    last = edge
    for index in range(len(lines) - 1, -1, -1):
        next_long[index] = last
        if is_long[index]:
            last = _context_key(lines[index])
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if is_long[index] or _reads_as_sentence(line):
            continue
        key = _line_key(line)
        if key and key not in seen:  # one vote per article
            seen.add(key)
            yield key, previous_long[index], next_long[index]


def _reads_as_sentence(line: str) -> bool:
    return len(line.split()) >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(line) is not None


def _line_key(line: str) -> str:
    # Digits folded so "Updated 10:42" and "Updated 18:05" are one template line.
    return _DIGITS.sub("0", " ".join(_core(line).split()).casefold())


def _context_key(line: str) -> str:
    return " ".join(line.split()).casefold()


def _core(line: str) -> str:
    return _TRAILING.sub("", _LEADING.sub("", line))


def source_key(article: Article) -> str:
    return " ".join((article.source or "").split()).casefold()


def join_kept_lines(lines: list[str]) -> str:
    """Join lines with no blank lines at either end and never two blank lines in a row."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
