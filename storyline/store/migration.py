"""Running the store's one Alembic tree (`migrations/`) on SQLite or PostgreSQL.

The revisions are dialect-aware: each creates what its dialect needs (FTS5 and triggers on
SQLite, a generated tsvector and GIN index on PostgreSQL) and the rest is shared. The back
ends call `upgrade` on a connection they have already locked, so concurrent first opens
create the schema once.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).with_name("migrations")

# Revisions of the retired PostgreSQL-only tree and the shared revision that creates the
# same schema, so databases made by it upgrade in place.
LEGACY_REVISIONS = {"pg0001": "0001"}


def alembic_config() -> Config:
    """The Alembic configuration, built in code so no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade the database behind `connection` to `revision`, inside the caller's transaction."""
    _adopt_legacy_revision(connection)
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _adopt_legacy_revision(connection: Connection) -> None:
    if not inspect(connection).has_table("alembic_version"):
        return
    for old, new in LEGACY_REVISIONS.items():
        connection.execute(text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
                           {"old": old, "new": new})
