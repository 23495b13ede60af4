"""The PostgreSQL store: the `Store` interface on a shared server, for several writers at once.

psycopg 3 through SQLAlchemy Core; its own Alembic revisions (`pg_migrations/`). Articles
are upserted with INSERT ... ON CONFLICT, each batch sorted by id and committed on its own,
so two writers with overlapping batches wait for each other's row locks instead of
deadlocking, and a killed run keeps every finished batch. Replacing all entities or
stories takes a transaction-scoped advisory lock, so concurrent replacements serialise.
Search is a weighted tsvector (title above text) behind a GIN index.

PostgreSQL text cannot hold NUL characters; the ingest layer never produces them.
"""
from __future__ import annotations

import re
import zlib
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Column, Connection, Computed, Engine, ForeignKey, Integer, MetaData, Table, Text, bindparam, create_engine,
    delete, func, select, text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.dialects.postgresql import insert as pg_insert

from storyline.model import Article, Entity, Mention, Story
from storyline.store.base import Store
from storyline.store.sqlite import _from_row, _last_per_id, _to_row

MIGRATIONS = Path(__file__).with_name("pg_migrations")
SNIPPET_OPTIONS = "StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…"


def _advisory_key(name: str) -> int:
    # A fixed 32-bit key per purpose, the same in every process.
    return zlib.crc32(f"storyline:{name}".encode())


SEARCH_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text), 'B')"
)
metadata = MetaData()
articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    *(Column(name, Text) for name in ("source", "status", "title", "url", "path", "published", "published_origin",
                                      "language", "duplicate_of", "copy_of", "error", "author", "format", "text",
                                      "content_hash")),
    *(Column(name, JSONB) for name in ("mentions", "quotes", "times", "quantities", "extra")),
    # Filled by the server (a generated column, see the migration); never written by the store.
    Column("search", TSVECTOR, Computed(SEARCH_VECTOR, persisted=True)),
)
mentions = Table(
    "mentions", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE")),
    Column("start", Integer), Column("end", Integer), Column("text", Text), Column("type", Text),
    Column("entity_id", Text), Column("resolved", Text),
)
entities = Table(
    "entities", metadata, Column("id", Text, primary_key=True), Column("name", Text), Column("type", Text),
    *(Column(name, JSONB) for name in ("aliases", "roles", "articles", "extra")),
)
stories = Table(
    "stories", metadata, Column("id", Text, primary_key=True), Column("title", Text), Column("start", Text),
    Column("end", Text), *(Column(name, JSONB) for name in ("articles", "sources", "facts", "timeline", "extra")),
)
story_articles = Table(
    "story_articles", metadata, Column("story_id", Text, primary_key=True), Column("article_id", Text, primary_key=True),
)


def engine_url(url: str) -> str:
    """`postgresql://...` (or `postgres://`) as the psycopg 3 SQLAlchemy URL."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql+psycopg://", url)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision`; an advisory lock makes concurrent first opens create the schema once."""
    config = alembic_config()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key("migrate")})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def to_websearch(query: str) -> str:
    """FTS5-style operators (`NOT x`, `AND`) in websearch syntax (`-x`); `OR` and quotes carry over."""
    words, negate = [], False
    for word in query.split():
        if word == "NOT":
            negate = True
            continue
        if word == "AND":
            continue
        words.append(("-" if negate else "") + word.rstrip("*"))
        negate = False
    return " ".join(words)


class PostgresStore(Store):
    """Articles, entities and stories in a PostgreSQL database, migrated to head on open."""

    def __init__(self, url: str, pool_size: int = 5):
        self.url = url
        self._engine = create_engine(engine_url(url), pool_size=pool_size, pool_pre_ping=True)
        migrate(self._engine)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.begin() as connection:
            yield connection

    # -- articles --------------------------------------------------------------------------

    def put_articles(self, articles_in: Iterable[Article], batch_size: int = 200) -> int:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        iterator = iter(articles_in)
        written = 0
        while batch := list(islice(iterator, batch_size)):
            # Same lock order in every writer: no deadlock between overlapping batches.
            unique = sorted(_last_per_id(batch), key=lambda a: a.id)
            with self._write() as connection:
                self._write_articles(connection, unique)
            written += len(batch)
        return written

    @staticmethod
    def _write_articles(connection: Connection, batch: list[Article]) -> None:
        rows = [_to_row(articles, article, content_hash=article.content_hash) for article in batch]
        statement = pg_insert(articles)
        updates = {c.name: statement.excluded[c.name] for c in articles.c if c.name not in ("id", "search")}
        connection.execute(statement.on_conflict_do_update(index_elements=[articles.c.id], set_=updates), rows)
        # The upsert holds each article's row lock until commit, so this delete and insert
        # cannot interleave with another writer's for the same article.
        connection.execute(delete(mentions).where(mentions.c.article_id == bindparam("article")),
                           [{"article": article.id} for article in batch])
        mention_rows = [
            {"article_id": article.id, "start": m.start, "end": m.end, "text": m.text, "type": m.type,
             "entity_id": m.entity, "resolved": m.resolved}
            for article in batch for m in article.mentions
        ]
        if mention_rows:
            connection.execute(mentions.insert(), mention_rows)

    def get_article(self, article_id: str) -> Article | None:
        with self._engine.connect() as connection:
            row = connection.execute(self._article_query().where(articles.c.id == article_id)).first()
        return None if row is None else _from_row(Article, row)

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among `article_ids`, by id, in one query."""
        wanted = list(dict.fromkeys(article_ids))
        with self._engine.connect() as connection:
            rows = connection.execute(self._article_query().where(articles.c.id.in_(wanted))) if wanted else []
            found = {row.id: _from_row(Article, row) for row in rows}
        return {article_id: found[article_id] for article_id in wanted if article_id in found}

    @staticmethod
    def _article_query():
        return select(*(c for c in articles.c if c.name != "search"))

    def iter_articles(self, status: str | None = None) -> Iterator[Article]:
        query = self._article_query().order_by(articles.c.id)
        if status is not None:
            query = query.where(articles.c.status == status)
        with self._engine.connect() as connection:
            # A server-side cursor: large stores stream instead of loading at once.
            for row in connection.execution_options(yield_per=256).execute(query):
                yield _from_row(Article, row)

    def count_articles(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(articles)
        if status is not None:
            query = query.where(articles.c.status == status)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def iter_mentions(self, entity_id: str) -> Iterator[tuple[str, Mention]]:
        query = (select(mentions).where(mentions.c.entity_id == entity_id)
                 .order_by(mentions.c.article_id, mentions.c.start, mentions.c.end))
        with self._engine.connect() as connection:
            for row in connection.execute(query):
                yield row.article_id, Mention(start=row.start, end=row.end, text=row.text, type=row.type,
                                              entity=row.entity_id, resolved=row.resolved)

    # -- entities and stories --------------------------------------------------------------

    def put_entities(self, entities_in: Iterable[Entity]) -> None:
        rows = [_to_row(entities, entity) for entity in _last_per_id(entities_in)]
        with self._write() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key("entities")})
            connection.execute(delete(entities))
            if rows:
                connection.execute(entities.insert(), rows)

    def iter_entities(self) -> Iterator[Entity]:
        with self._engine.connect() as connection:
            for row in connection.execute(select(entities).order_by(entities.c.id)):
                yield _from_row(Entity, row)

    def get_entity(self, entity_id: str) -> Entity | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(entities).where(entities.c.id == entity_id)).first()
        return None if row is None else _from_row(Entity, row)

    def get_entities(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        wanted = list(dict.fromkeys(entity_ids))
        with self._engine.connect() as connection:
            rows = connection.execute(select(entities).where(entities.c.id.in_(wanted))) if wanted else []
            found = {row.id: _from_row(Entity, row) for row in rows}
        return {entity_id: found[entity_id] for entity_id in wanted if entity_id in found}

    def put_stories(self, stories_in: Iterable[Story]) -> None:
        unique = _last_per_id(stories_in)
        rows = [_to_row(stories, story) for story in unique]
        links = [{"story_id": story.id, "article_id": article_id}
                 for story in unique for article_id in dict.fromkeys(story.articles)]
        with self._write() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key("stories")})
            connection.execute(delete(story_articles))
            connection.execute(delete(stories))
            if rows:
                connection.execute(stories.insert(), rows)
            if links:
                connection.execute(story_articles.insert(), links)

    def iter_stories(self) -> Iterator[Story]:
        with self._engine.connect() as connection:
            for row in connection.execute(select(stories).order_by(stories.c.id)):
                yield _from_row(Story, row)

    def get_story(self, story_id: str) -> Story | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(stories).where(stories.c.id == story_id)).first()
        return None if row is None else _from_row(Story, row)

    def stories_of_article(self, article_id: str) -> list[str]:
        query = (select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)
                 .order_by(story_articles.c.story_id))
        with self._engine.connect() as connection:
            return list(connection.execute(query).scalars())

    # -- search ----------------------------------------------------------------------------

    _SEARCH = text(
        """
        SELECT id, ts_headline('simple', coalesce(title, '') || E'\\n' || text, q, :options) AS snippet
        FROM articles, websearch_to_tsquery('simple', :query) AS q
        WHERE search @@ q
        ORDER BY ts_rank(search, q) DESC, id
        LIMIT :limit
        """
    )

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search, best first: words, "phrases", `OR`, `-word` / `NOT word`; never a syntax error."""
        if not query.strip() or limit < 1:
            return []
        params = {"query": to_websearch(query), "limit": limit, "options": SNIPPET_OPTIONS}
        with self._engine.connect() as connection:
            return [(row.id, row.snippet) for row in connection.execute(self._SEARCH, params)]

    def data_version(self) -> object | None:
        """The server's next transaction id: every committed write (by anyone) takes one, so it
        moves on after each write. It may also move for writes elsewhere on the server, which
        only costs a reader a needless refresh."""
        with self._engine.connect() as connection:
            return int(connection.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")).scalar_one())

    def close(self) -> None:
        self._engine.dispose()


__all__ = ["PostgresStore", "engine_url", "migrate", "to_websearch", "metadata"]
