"""Model records to table rows and back, the same for every SQL back end.

A record's fields that have a column of their own go there; the rest travel in the `extra`
JSON column, so model fields added after the schema round-trip before a migration gives
them a column.
"""
from __future__ import annotations

from typing import Any, Iterable, TypeVar

from sqlalchemy import Table

from storyline.model import Article, Mention, Record, Story
from storyline.store import schema

R = TypeVar("R", bound=Record)


def to_row(table: Table, record: Record, **computed: Any) -> dict[str, Any]:
    """`record` as a row of `table`: its own columns, the rest in `extra`, then `computed` values."""
    data = record.to_dict()
    row = {name: data.pop(name) for name in list(data) if name in table.c and name != "extra"}
    row["extra"] = data
    row.update(computed)
    return row


def from_row(cls: type[R], row: Any) -> R:
    """The record of type `cls` a row (with its `extra` folded back in) describes."""
    data = dict(row._mapping)
    data.update(data.pop("extra", None) or {})
    return cls.from_dict(data)


def article_row(article: Article) -> dict[str, Any]:
    return to_row(schema.articles, article, search_key=schema.search_key(article.id),
                  content_hash=article.content_hash)


def mention_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """The `mentions` table rows of these articles (the copy that makes "articles of entity X" an index lookup)."""
    return [
        {"article_id": article.id, "start": mention.start, "end": mention.end, "text": mention.text,
         "type": mention.type, "entity_id": mention.entity, "resolved": mention.resolved}
        for article in articles
        for mention in article.mentions
    ]


def mention_from_row(row: Any) -> tuple[str, Mention]:
    return row.article_id, Mention(start=row.start, end=row.end, text=row.text, type=row.type,
                                   entity=row.entity_id, resolved=row.resolved)


def story_links(stories: Iterable[Story]) -> list[dict[str, str]]:
    """The `story_articles` rows of these stories, one per distinct (story, article)."""
    return [{"story_id": story.id, "article_id": article_id}
            for story in stories for article_id in dict.fromkeys(story.articles)]


def last_per_id(records: Iterable[R]) -> list[R]:
    """Drop all but the last record of each id, keeping first-seen order."""
    latest: dict[str, R] = {}
    for record in records:
        latest[record.id] = record  # type: ignore[attr-defined]
    return list(latest.values())
