"""One view of a story for every output: Markdown, HTML, the terminal and the web UI.

Outputs differ only in how they draw this data, so they never disagree about what a story says.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from storyline.model import Article, Entity, Fact, Story


@dataclass
class QuoteView:
    text: str
    kind: str
    cue: str | None
    source: str
    article: str
    start: int
    end: int


@dataclass
class SpeakerQuotes:
    speaker: str
    entity: str | None
    quotes: list[QuoteView] = field(default_factory=list)


@dataclass
class StoryView:
    story: Story
    summary: str
    sources: list[str]
    conflicts: list[Fact]
    corroborated: list[Fact]
    single_by_source: dict[str, list[Fact]]
    # One row per fact: (fact, [True/False for each source in `sources`]).
    coverage: list[tuple[Fact, list[bool]]]
    speakers: list[SpeakerQuotes]
    timeline: list[Any]
    articles: list[Article]
    entities: list[Entity]

    def to_dict(self) -> dict[str, Any]:
        """The JSON twin of the story page."""
        return {
            "story": self.story.to_dict(),
            "summary": self.summary,
            "sources": self.sources,
            "conflicts": [f.id for f in self.conflicts],
            "corroborated": [f.id for f in self.corroborated],
            "single_source": {s: [f.id for f in facts] for s, facts in self.single_by_source.items()},
            "coverage": [{"fact": f.id, "sources": [s for s, has in zip(self.sources, row) if has]}
                         for f, row in self.coverage],
            "quotes_by_speaker": [
                {"speaker": sq.speaker, "entity": sq.entity,
                 "quotes": [q.__dict__ for q in sq.quotes]} for sq in self.speakers
            ],
            "articles": [{"id": a.id, "source": a.source, "title": a.title, "url": a.url,
                          "published": a.published, "copy_of": a.copy_of} for a in self.articles],
            "entities": [{"id": e.id, "name": e.name, "type": e.type} for e in self.entities],
        }


def story_view(story: Story, articles: dict[str, Article], entities: dict[str, Entity]) -> StoryView:
    members = [articles[a] for a in story.articles if a in articles]
    sources = sorted(story.sources) or sorted({a.source for a in members})
    conflicts = [f for f in story.facts if f.status == "conflicting"]
    corroborated = [f for f in story.facts if f.status == "corroborated"]
    single_by_source: dict[str, list[Fact]] = defaultdict(list)
    for fact in story.facts:
        if fact.status == "single-source":
            single_by_source[fact.sources[0] if fact.sources else "unknown"].append(fact)
    ordered = conflicts + corroborated + [f for s in sorted(single_by_source) for f in single_by_source[s]]
    coverage = [(f, [s in f.sources for s in sources]) for f in ordered]
    story_entities = sorted(
        {m.entity for a in members for m in a.mentions if m.entity and m.entity in entities},
    )
    return StoryView(
        story=story,
        summary=summary_line(story, members),
        sources=sources,
        conflicts=conflicts,
        corroborated=corroborated,
        single_by_source=dict(sorted(single_by_source.items())),
        coverage=coverage,
        speakers=quotes_by_speaker(members, entities),
        timeline=list(story.timeline),
        articles=sorted(members, key=lambda a: (a.published or "", a.source, a.id)),
        entities=[entities[e] for e in story_entities],
    )


def summary_line(story: Story, members: Iterable[Article]) -> str:
    members = list(members)
    counts = {"corroborated": 0, "single-source": 0, "conflicting": 0}
    for fact in story.facts:
        counts[fact.status] += 1
    dates = " to ".join(dict.fromkeys(d for d in (story.start, story.end) if d)) or "undated"
    return (f"{len(members)} article{'s' * (len(members) != 1)} from {len(story.sources)} "
            f"source{'s' * (len(story.sources) != 1)}, {dates}: {counts['corroborated']} corroborated, "
            f"{counts['single-source']} single-source, {counts['conflicting']} conflicting")


def quotes_by_speaker(members: list[Article], entities: dict[str, Entity]) -> list[SpeakerQuotes]:
    groups: dict[str, SpeakerQuotes] = {}
    for article in members:
        for quote in article.quotes:
            if quote.speaker and quote.speaker in entities:
                key, name = quote.speaker, entities[quote.speaker].name
            else:
                name = quote.speaker_text or "unattributed"
                key = "text:" + name.casefold()
            group = groups.setdefault(key, SpeakerQuotes(speaker=name, entity=quote.speaker))
            group.quotes.append(QuoteView(quote.text, quote.kind, quote.cue, article.source,
                                          article.id, quote.start, quote.end))
    return sorted(groups.values(), key=lambda g: (-len(g.quotes), g.speaker))
