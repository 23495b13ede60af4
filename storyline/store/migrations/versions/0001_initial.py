"""Initial schema: articles (+ FTS5 index), mentions, entities, stories, story_articles.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

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


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("search_key", sa.Integer, nullable=False, unique=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", sa.String),
        sa.Column("published_origin", sa.String),
        sa.Column("language", sa.String),
        sa.Column("duplicate_of", sa.String),
        sa.Column("copy_of", sa.String),
        sa.Column("error", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("format", sa.String),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("mentions", sa.JSON, nullable=False),
        sa.Column("quotes", sa.JSON, nullable=False),
        sa.Column("times", sa.JSON, nullable=False),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_index("ix_articles_status", "articles", ["status"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])

    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("entity_id", sa.String),
        sa.Column("resolved", sa.Text),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])

    op.create_table(
        "entities",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("articles", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
    )

    op.create_table(
        "stories",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start", sa.String),
        sa.Column("end", sa.String),
        sa.Column("articles", sa.JSON, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("timeline", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("story_id", sa.String, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", sa.String, primary_key=True),
    )
    op.create_index("ix_story_articles_article", "story_articles", ["article_id"])

    for statement in FTS_DDL:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.drop_table("story_articles")
    op.drop_table("stories")
    op.drop_table("entities")
    op.drop_table("mentions")
    op.drop_table("articles")
