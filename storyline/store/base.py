"""The one storage interface. SQLite (default) and later back ends implement it."""
from __future__ import annotations

import abc
from typing import Iterable, Iterator

from storyline.model import Article, Entity, Mention, Story


class Store(abc.ABC):
    """Articles, their extraction results, entities and stories, behind one interface.

    Writes are idempotent: putting an article whose id is already stored replaces that row,
    so re-ingesting the same input never adds rows. `put_articles` commits every
    `batch_size` articles, so a killed run loses at most the batch in flight.
    """

    @abc.abstractmethod
    def put_articles(self, articles: Iterable[Article], batch_size: int = 200) -> int:
        """Upsert articles (with mentions/quotes/times/quantities); return how many were written."""

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abc.abstractmethod
    def iter_articles(self, status: str | None = None) -> Iterator[Article]:
        """All stored articles ordered by id, optionally only those with `status`."""

    @abc.abstractmethod
    def count_articles(self, status: str | None = None) -> int: ...

    @abc.abstractmethod
    def iter_mentions(self, entity_id: str) -> Iterator[tuple[str, Mention]]:
        """Every stored mention linked to `entity_id`, as (article id, mention), by article then offset."""

    @abc.abstractmethod
    def put_entities(self, entities: Iterable[Entity]) -> None:
        """Replace the stored canonical entities with these."""

    @abc.abstractmethod
    def iter_entities(self) -> Iterator[Entity]: ...

    @abc.abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None: ...

    @abc.abstractmethod
    def put_stories(self, stories: Iterable[Story]) -> None:
        """Replace the stored stories (with facts and timeline) with these."""

    @abc.abstractmethod
    def iter_stories(self) -> Iterator[Story]: ...

    @abc.abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abc.abstractmethod
    def stories_of_article(self, article_id: str) -> list[str]:
        """Ids of the stored stories that hold `article_id`."""

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search over article titles and text: [(article id, snippet)], best first."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among `article_ids`, by id; ids not stored are left out."""
        found = {}
        for article_id in dict.fromkeys(article_ids):
            if (article := self.get_article(article_id)) is not None:
                found[article_id] = article
        return found

    def get_entities(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        """The stored entities among `entity_ids`, by id; ids not stored are left out."""
        found = {}
        for entity_id in dict.fromkeys(entity_ids):
            if (entity := self.get_entity(entity_id)) is not None:
                found[entity_id] = entity
        return found

    def data_version(self) -> object | None:
        """A value that changes whenever a write is committed (by any process), so readers can
        cache what they derived from the store; None when the back end cannot tell."""
        return None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
