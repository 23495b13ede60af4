"""PostgreSQL articles gain `search_key`, so both dialects share one table description
(SQLite has had it since 0001 as its FTS5 rowid). Existing rows are filled in id order,
a page at a time, with the same hash the store computes on write.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
import hashlib
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

PAGE = 5000


def _search_key(article_id: str) -> int:
    # Frozen copy of storyline.store.schema.search_key: a migration must not change meaning
    # when the application code does.
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:15], 16)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.add_column("articles", sa.Column("search_key", sa.BigInteger))
    connection = op.get_bind()
    last = ""
    # Keyset pages over the primary key: each page is an index range, never a rescan.
    while ids := connection.execute(sa.text("SELECT id FROM articles WHERE id > :last ORDER BY id LIMIT :page"),
                                    {"last": last, "page": PAGE}).scalars().all():
        connection.execute(sa.text("UPDATE articles SET search_key = :key WHERE id = :id"),
                           [{"id": article_id, "key": _search_key(article_id)} for article_id in ids])
        last = ids[-1]
    op.alter_column("articles", "search_key", nullable=False)
    op.create_unique_constraint("articles_search_key_key", "articles", ["search_key"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_constraint("articles_search_key_key", "articles", type_="unique")
    op.drop_column("articles", "search_key")
