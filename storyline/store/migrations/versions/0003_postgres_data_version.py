"""PostgreSQL: a one-row counter the store bumps in every write transaction, read as the
store's data version (SQLite reads its own `PRAGMA data_version` instead).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "storyline_version",
        sa.Column("id", sa.Integer, sa.CheckConstraint("id = 1", name="storyline_version_one_row"),
                  primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO storyline_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("storyline_version")
