"""Storage behind one interface (`Store`); `open_store` picks the back end from the location."""
from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store

DEFAULT_DB = Path("storyline.db")


def open_store(location: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `location`.

    A plain path or `sqlite:///path` opens the embedded SQLite store (the default is
    `storyline.db` in the current folder); a `postgresql://` URL opens the PostgreSQL store.
    """
    from storyline.store.sqlite import SQLiteStore

    location = str(location or DEFAULT_DB)
    if location.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(location)
    if location.startswith("sqlite:///"):
        location = location[len("sqlite:///"):]
    return SQLiteStore(Path(location))


__all__ = ["Store", "open_store", "DEFAULT_DB"]
