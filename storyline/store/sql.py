"""The `Store` interface over SQLAlchemy Core and the tables of `schema`, shared by the SQLite
and PostgreSQL back ends.

Both run the same queries; a back end supplies its engine, how a write transaction begins
and ends (`_write`), its dialect's INSERT (for ON CONFLICT upserts), a lock for replacing a
whole table, and full-text search, which differs per database.
"""
from __future__ import annotations

import abc
from contextlib import AbstractContextManager
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, select

from storyline.model import Article, Entity, Mention, Story
from storyline.store import rows, schema
from storyline.store.base import Store

# Ids per `IN (...)` query, well under SQLite's limit on bound parameters.
IN_CHUNK = 500


class SQLStore(Store):
    """Reads and writes common to the SQL back ends (see the module docstring)."""

    _engine: Engine
    # The dialect's `insert` construct (it has `on_conflict_do_update`).
    _dialect_insert: Callable[[Table], Any]

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """A connection in a write transaction, committed when the block ends without error."""

    def _lock_for_replacement(self, connection: Connection, table: str) -> None:
        """Serialise whole-table replacements of `table` where the write transaction alone does not."""

    def _refuse(self, record: Any) -> None:
        """Raise ValueError, naming the record, when this backend cannot store it."""

    def _upsert(self, table: Table, key: str = "id") -> Any:
        statement = self._dialect_insert(table)
        updates = {column.name: statement.excluded[column.name] for column in table.c if column.name != key}
        return statement.on_conflict_do_update(index_elements=[table.c[key]], set_=updates)

    # -- articles --------------------------------------------------------------------------

    def put_articles(self, articles: Iterable[Article], batch_size: int = 200) -> int:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        iterator = iter(articles)
        written = 0
        # Each batch is drawn from the (possibly slow) iterable before the write transaction
        # starts, and committed on its own: a killed run loses only the batch in flight.
        while batch := list(islice(iterator, batch_size)):
            # Rows locked in id order by every writer: overlapping batches wait, never deadlock.
            unique = sorted(rows.last_per_id(batch), key=lambda article: article.id)
            with self._write() as connection:
                self._write_articles(connection, unique)
            written += len(batch)
        return written

    def put_article(self, article: Article) -> None:
        self.put_articles([article], batch_size=1)

    def _write_articles(self, connection: Connection, batch: list[Article]) -> None:
        for article in batch:
            self._refuse(article)
        connection.execute(self._upsert(schema.articles), [rows.article_row(article) for article in batch])
        # The upsert holds each article's row lock until commit, so this delete and insert
        # cannot interleave with another writer's for the same article.
        connection.execute(
            delete(schema.mentions).where(schema.mentions.c.article_id == bindparam("article")),
            [{"article": article.id} for article in batch],
        )
        if mention_rows := rows.mention_rows(batch):
            connection.execute(schema.mentions.insert(), mention_rows)

    def get_article(self, article_id: str) -> Article | None:
        return self._get_one(Article, schema.articles, article_id)

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among `article_ids`, by id, read in a few queries rather than one each."""
        return self._get_many(Article, schema.articles, article_ids)

    def iter_articles(self, status: str | None = None) -> Iterator[Article]:
        query = select(schema.articles).order_by(schema.articles.c.id)
        if status is not None:
            query = query.where(schema.articles.c.status == status)
        with self._engine.connect() as connection:
            # One read transaction (a consistent snapshot while writers commit), streamed in
            # chunks (a server-side cursor on PostgreSQL) so a large store is never loaded whole.
            for row in connection.execution_options(yield_per=256).execute(query):
                yield rows.from_row(Article, row)

    def count_articles(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(schema.articles)
        if status is not None:
            query = query.where(schema.articles.c.status == status)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def iter_mentions(self, entity_id: str) -> Iterator[tuple[str, Mention]]:
        table = schema.mentions
        query = select(table).where(table.c.entity_id == entity_id).order_by(table.c.article_id, table.c.start,
                                                                             table.c.end)
        with self._engine.connect() as connection:
            for row in connection.execute(query):
                yield rows.mention_from_row(row)

    # -- entities --------------------------------------------------------------------------

    def put_entities(self, entities: Iterable[Entity]) -> None:
        unique = rows.last_per_id(entities)
        for entity in unique:
            self._refuse(entity)
        entity_rows = [rows.to_row(schema.entities, entity) for entity in unique]
        with self._write() as connection:
            self._lock_for_replacement(connection, "entities")
            connection.execute(delete(schema.entities))
            if entity_rows:
                connection.execute(schema.entities.insert(), entity_rows)

    def iter_entities(self) -> Iterator[Entity]:
        yield from self._iter_all(Entity, schema.entities)

    def get_entity(self, entity_id: str) -> Entity | None:
        return self._get_one(Entity, schema.entities, entity_id)

    def get_entities(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        return self._get_many(Entity, schema.entities, entity_ids)

    # -- stories ---------------------------------------------------------------------------

    def put_stories(self, stories: Iterable[Story]) -> None:
        unique = rows.last_per_id(stories)
        for story in unique:
            self._refuse(story)
        story_rows = [rows.to_row(schema.stories, story) for story in unique]
        links = rows.story_links(unique)
        with self._write() as connection:
            self._lock_for_replacement(connection, "stories")
            connection.execute(delete(schema.story_articles))
            connection.execute(delete(schema.stories))
            if story_rows:
                connection.execute(schema.stories.insert(), story_rows)
            if links:
                connection.execute(schema.story_articles.insert(), links)

    def iter_stories(self) -> Iterator[Story]:
        yield from self._iter_all(Story, schema.stories)

    def get_story(self, story_id: str) -> Story | None:
        return self._get_one(Story, schema.stories, story_id)

    def stories_of_article(self, article_id: str) -> list[str]:
        table = schema.story_articles
        query = select(table.c.story_id).where(table.c.article_id == article_id).order_by(table.c.story_id)
        with self._engine.connect() as connection:
            return list(connection.execute(query).scalars())

    # -- shared reads ----------------------------------------------------------------------

    def _get_one(self, cls: type[rows.R], table: Table, record_id: str) -> rows.R | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.id == record_id)).first()
        return None if row is None else rows.from_row(cls, row)

    def _get_many(self, cls: type[rows.R], table: Table, record_ids: Iterable[str]) -> dict[str, rows.R]:
        wanted = list(dict.fromkeys(record_ids))
        found: dict[str, rows.R] = {}
        with self._engine.connect() as connection:
            for start in range(0, len(wanted), IN_CHUNK):
                query = select(table).where(table.c.id.in_(wanted[start:start + IN_CHUNK]))
                for row in connection.execute(query):
                    found[row.id] = rows.from_row(cls, row)
        return {record_id: found[record_id] for record_id in wanted if record_id in found}

    def _iter_all(self, cls: type[rows.R], table: Table) -> Iterator[rows.R]:
        with self._engine.connect() as connection:
            for row in connection.execute(select(table).order_by(table.c.id)):
                yield rows.from_row(cls, row)
