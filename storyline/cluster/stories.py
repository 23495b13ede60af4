"""From groups of articles to `Story` records: ids, titles, date ranges, and what changed.

A story's id comes from its founding article (earliest published, then smallest id), so
re-runs give the same ids. When earlier stories are given, each new group that continues
one keeps that story's id; merges and splits are returned as `StoryEvent`s, never silent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from storyline.cluster.features import split_title, story_day
from storyline.model import Article, Story, stable_id

_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)
TITLE_CHARS = 120


@dataclass(frozen=True)
class StoryEvent:
    """A change between earlier stories and this run's: `story` absorbed or split from `others`."""

    kind: Literal["merge", "split"]
    story: str
    others: tuple[str, ...]


@dataclass
class ClusterResult:
    stories: list[Story]
    events: list[StoryEvent] = field(default_factory=list)
    # Story id each earlier story's articles mostly went to (for callers that keep references).
    renamed: dict[str, str] = field(default_factory=dict)


def founding_key(article: Article) -> tuple[str, str]:
    # Articles without a date sort after dated ones: they cannot claim to have come first.
    return (article.published or "\uffff", article.id)


# A first line this short that does not end a sentence is the page's headline, not its lead.
HEADLINE_WORDS = (3, 20)
_SENTENCE_END = (".", "!", "?", ":", ";", ",")


def headline_line(body: str) -> str | None:
    """The headline a scraped text opens with ("Allies meet in Brussels" on a line of its own),
    skipping menu crumbs of one or two words ("- Category", "Updated"); None when the text
    opens straight into a sentence."""
    for line in body.splitlines()[:6]:
        words = line.strip(" \t-•*|").split()
        if len(words) < HEADLINE_WORDS[0]:
            continue
        if len(words) <= HEADLINE_WORDS[1] and not words[-1].endswith(_SENTENCE_END):
            return " ".join(words)
        return None
    return None


def fallback_title(article: Article) -> str:
    """For articles without a title: the headline line the text opens with, else its first sentence."""
    _, body = split_title(article)
    sentence = headline_line(body)
    if not sentence:
        text = " ".join(body.split())
        match = _FIRST_SENTENCE.match(text)
        sentence = match.group(1) if match else text
    if len(sentence) > TITLE_CHARS:
        sentence = sentence[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return sentence or article.id


def central_article(members: list[Article], vectors: list[dict]) -> Article:
    """The member closest to the group's mean vector (ties: smallest id)."""
    total: dict = {}
    for vector in vectors:
        for k, v in vector.items():
            total[k] = total.get(k, 0.0) + v
    best, best_score = members[0], float("-inf")
    for article, vector in sorted(zip(members, vectors), key=lambda pair: pair[0].id):
        score = sum(v * total.get(k, 0.0) for k, v in vector.items())
        if score > best_score + 1e-12:
            best, best_score = article, score
    return best


def make_story(story_id: str, members: list[Article], vectors: list[dict]) -> Story:
    titled = [(a, v) for a, v in zip(members, vectors) if (a.title or "").strip()]
    if titled:
        centre = central_article([a for a, _ in titled], [v for _, v in titled])
        title = " ".join((centre.title or "").split())
    else:
        title = fallback_title(central_article(members, vectors))
    days = sorted(d for d in (story_day(a) for a in members) if d)
    return Story(
        id=story_id,
        title=title,
        articles=sorted(a.id for a in members),
        sources=sorted({a.source for a in members if a.source}),
        start=days[0].isoformat() if days else None,
        end=days[-1].isoformat() if days else None,
    )


def merged_from(events: list[StoryEvent]) -> dict[str, list[str]]:
    """Story id -> sorted ids it absorbed, following chains (a absorbed b, which had absorbed c)."""
    direct: dict[str, set[str]] = {}
    for event in events:
        if event.kind == "merge":
            direct.setdefault(event.story, set()).update(event.others)
    out = {}
    for story in direct:
        seen: set[str] = set()
        todo = [story]
        while todo:
            for other in direct.get(todo.pop(), ()):
                if other not in seen and other != story:
                    seen.add(other)
                    todo.append(other)
        out[story] = sorted(seen)
    return out


def fresh_id(members: list[Article]) -> str:
    return stable_id("s", min(members, key=founding_key).id)


def assign_ids(groups: list[list[Article]], previous: list[Story] | None) -> tuple[list[str], list[StoryEvent], dict[str, str]]:
    """One id per group, continuing earlier stories where their articles went."""
    fresh = [fresh_id(g) for g in groups]
    if not previous:
        return fresh, [], {}
    story_of = {aid: s.id for s in previous for aid in s.articles}
    # overlap[g][story] = how many of group g's articles the earlier story held
    overlaps = []
    for group in groups:
        counts: dict[str, int] = {}
        for article in group:
            if article.id in story_of:
                counts[story_of[article.id]] = counts.get(story_of[article.id], 0) + 1
        overlaps.append(counts)
    # Each earlier story's id goes to the group holding most of its articles (ties: group order,
    # which is sorted, so deterministic); a group inheriting several takes the largest share.
    heir: dict[str, int] = {}
    for story in sorted({sid for counts in overlaps for sid in counts}):
        heir[story] = max(range(len(groups)), key=lambda g: (overlaps[g].get(story, 0), -g))
    ids, events = list(fresh), []
    renamed: dict[str, str] = {}
    taken = set()
    for g, counts in enumerate(overlaps):
        inherited = sorted((s for s in counts if heir[s] == g), key=lambda s: (-counts[s], s))
        if inherited:
            ids[g] = inherited[0]
            taken.add(inherited[0])
            for s in inherited:
                renamed[s] = inherited[0]
            if len(inherited) > 1:
                events.append(StoryEvent("merge", inherited[0], tuple(inherited[1:])))
    for g, counts in enumerate(overlaps):
        split_from = sorted(s for s in counts if heir[s] != g)
        if ids[g] in taken and not any(heir[s] == g for s in counts):
            ids[g] = stable_id("s", ids[g], "split")
        if split_from:
            events.append(StoryEvent("split", ids[g], tuple(split_from)))
    return ids, events, renamed
