"""What each web page shows, as plain data: the HTML template and the JSON twin render the same view."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline import api
from storyline.model import Article, Story
from storyline.report.view import story_view
from storyline.store import Store


class NotFound(LookupError):
    pass


def stories_page(store: Store, filters: dict[str, str | None]) -> dict[str, Any]:
    stories = api.list_stories(store, source=filters.get("source"), entity=filters.get("entity"),
                               since=filters.get("since"), until=filters.get("until"), query=filters.get("q"))
    hits = store.search(filters["q"], limit=20) if filters.get("q") else []
    sources = sorted({s for story in store.iter_stories() for s in story.sources})
    return {
        "filters": {k: v for k, v in filters.items() if v},
        "sources": sources,
        "stories": [story_row(story) for story in stories],
        "search_hits": [{"article": article_id, "snippet": snippet} for article_id, snippet in hits],
    }


def story_row(story: Story) -> dict[str, Any]:
    return {
        "id": story.id, "title": story.title, "start": story.start, "end": story.end,
        "articles": len(story.articles), "sources": story.sources,
        "conflicts": sum(f.status == "conflicting" for f in story.facts),
        "corroborated": sum(f.status == "corroborated" for f in story.facts),
    }


def story_page(store: Store, story_id: str):
    story = store.get_story(story_id)
    if story is None:
        raise NotFound(f"no story {story_id}")
    articles = store.get_articles(story.articles)
    # Only the entities this story mentions: a big store holds far more.
    entities = store.get_entities(m.entity for a in articles.values() for m in a.mentions if m.entity)
    return story_view(story, articles, entities)


@dataclass
class Segment:
    """A run of article text with the same highlights; `classes` drive the colouring."""

    text: str
    start: int
    classes: list[str]
    titles: list[str]


def article_page(store: Store, article_id: str, highlight: tuple[int, int] | None = None) -> dict[str, Any]:
    article = store.get_article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    entities = {e.id: e for e in store.iter_entities()}
    story_ids = store.stories_of_article(article.id)
    claims = []
    for story_id in story_ids:
        story = store.get_story(story_id)
        for fact in story.facts if story else []:
            for claim in fact.claims:
                if claim.article == article.id:
                    claims.append({"start": claim.start, "end": claim.end, "story": story_id,
                                   "fact": fact.id, "status": fact.status})
    claims.sort(key=lambda c: (c["start"], c["end"]))
    return {
        "article": article,
        "stories": story_ids,
        "entities": {m.entity: entities[m.entity].name for m in article.mentions if m.entity in entities},
        "claims": claims,
        "segments": segments(article, highlight, claims),
        "highlight": highlight,
    }


def segments(article: Article, highlight: tuple[int, int] | None, claims: list[dict]) -> list[Segment]:
    """Cut the text at every span boundary so overlapping highlights nest without broken markup."""
    spans: list[tuple[int, int, str, str]] = []
    for m in article.mentions:
        spans.append((m.start, m.end, "mention", f"{m.type}"))
    for q in article.quotes:
        spans.append((q.start, q.end, "quote", f"quote: {q.speaker_text or 'unattributed'} ({q.cue or q.kind})"))
    for t in article.times:
        spans.append((t.start, t.end, "time", f"{t.type} {t.value or 'unresolved'}"))
    for n in article.quantities:
        spans.append((n.start, n.end, "quantity", f"{n.value} {n.unit or ''}".strip()))
    if highlight:
        spans.append((highlight[0], highlight[1], "highlight", "the claim you followed"))
    text = article.text
    cuts = sorted({0, len(text)} | {p for s, e, _, _ in spans for p in (s, e) if 0 <= p <= len(text)}
                  | {p for c in claims for p in (c["start"], c["end"]) if 0 <= p <= len(text)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [(kind, title) for s, e, kind, title in spans if s <= start and end <= e]
        out.append(Segment(text[start:end], start, sorted({k for k, _ in covering}), [t for _, t in covering]))
    return out


def entity_page(store: Store, entity_id: str) -> dict[str, Any]:
    entity = store.get_entity(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id}")
    wanted = set(entity.articles)
    stories = [story_row(s) for s in store.iter_stories() if wanted & set(s.articles)]
    quotes = []
    for article_id in entity.articles:
        article = store.get_article(article_id)
        for quote in article.quotes if article else []:
            if quote.speaker == entity.id:
                quotes.append({"article": article.id, "source": article.source, "text": quote.text,
                               "kind": quote.kind, "cue": quote.cue, "start": quote.start, "end": quote.end})
    return {"entity": entity, "stories": stories, "quotes": quotes}


def json_twin(value: Any) -> Any:
    """Plain JSON data for a view (dataclasses and model records turned into dicts)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Segment):
        return {"text": value.text, "start": value.start, "classes": value.classes}
    if isinstance(value, dict):
        return {k: json_twin(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_twin(v) for v in value]
    return value
