"""Initial schema: articles, mentions, entities, stories, story_articles, and a full-text index
(SQLite: FTS5 over `articles` with triggers; PostgreSQL: a weighted tsvector and GIN index).

The PostgreSQL half is what the retired PostgreSQL-only revision `pg0001` created; the store
renames that revision to this one when it opens such a database.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STRING = sa.String().with_variant(sa.Text(), "postgresql")
DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")

# External-content FTS5 index: the text lives once, in `articles`; the triggers keep the
# index in step with every insert, upsert (UPDATE) and delete, inside the same transaction.
FTS_DDL = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
           title, text, content='articles', content_rowid='search_key',
           tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
           INSERT INTO articles_fts(rowid, title, text)
           VALUES (new.search_key, new.title, new.text);
       END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
           INSERT INTO articles_fts(articles_fts, rowid, title, text)
           VALUES ('delete', old.search_key, old.title, old.text);
       END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
           INSERT INTO articles_fts(articles_fts, rowid, title, text)
           VALUES ('delete', old.search_key, old.title, old.text);
           INSERT INTO articles_fts(rowid, title, text)
           VALUES (new.search_key, new.title, new.text);
       END""",
]
# 'simple': no stemming and no stop words, like the SQLite index (unicode61).
PG_SEARCH_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text), 'B')"
)


def _dialect_columns(dialect: str) -> list[sa.Column]:
    if dialect == "sqlite":
        # The FTS5 rowid; PostgreSQL gains this column in revision 0002.
        return [sa.Column("search_key", sa.Integer, nullable=False, unique=True)]
    return []


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    search_column = ([sa.Column("search", TSVECTOR, sa.Computed(PG_SEARCH_VECTOR, persisted=True))]
                     if dialect == "postgresql" else [])
    op.create_table(
        "articles",
        sa.Column("id", STRING, primary_key=True),
        *_dialect_columns(dialect),
        sa.Column("source", STRING, nullable=False),
        sa.Column("status", STRING, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", STRING),
        sa.Column("published_origin", STRING),
        sa.Column("language", STRING),
        sa.Column("duplicate_of", STRING),
        sa.Column("copy_of", STRING),
        sa.Column("error", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("format", STRING),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", STRING, nullable=False),
        sa.Column("mentions", DOCUMENT, nullable=False),
        sa.Column("quotes", DOCUMENT, nullable=False),
        sa.Column("times", DOCUMENT, nullable=False),
        sa.Column("quantities", DOCUMENT, nullable=False),
        sa.Column("extra", DOCUMENT, nullable=False),
        *search_column,
    )
    op.create_index("ix_articles_status", "articles", ["status"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    if dialect == "postgresql":
        op.create_index("ix_articles_search", "articles", ["search"], postgresql_using="gin")

    op.create_table(
        "mentions",
        sa.Column("article_id", STRING, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", STRING, nullable=False),
        sa.Column("entity_id", STRING),
        sa.Column("resolved", sa.Text),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])

    op.create_table(
        "entities",
        sa.Column("id", STRING, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", STRING, nullable=False),
        sa.Column("aliases", DOCUMENT, nullable=False),
        sa.Column("roles", DOCUMENT, nullable=False),
        sa.Column("articles", DOCUMENT, nullable=False),
        sa.Column("extra", DOCUMENT, nullable=False),
    )

    op.create_table(
        "stories",
        sa.Column("id", STRING, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start", STRING),
        sa.Column("end", STRING),
        sa.Column("articles", DOCUMENT, nullable=False),
        sa.Column("sources", DOCUMENT, nullable=False),
        sa.Column("facts", DOCUMENT, nullable=False),
        sa.Column("timeline", DOCUMENT, nullable=False),
        sa.Column("extra", DOCUMENT, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("story_id", STRING, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", STRING, primary_key=True),
    )
    op.create_index("ix_story_articles_article", "story_articles", ["article_id"])

    if dialect == "sqlite":
        for statement in FTS_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("story_articles", "stories", "entities", "mentions", "articles"):
        op.drop_table(table)
