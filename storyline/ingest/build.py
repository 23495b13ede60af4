"""Constructing Article objects the same way in every reader."""
from __future__ import annotations

import os

from storyline.ingest.ids import article_id
from storyline.model import Article, Status


def stem_source(name: str) -> str:
    """The fallback outlet name: the file name without its (possibly doubled, .jsonl.gz) extensions."""
    stem = os.path.basename(name)
    for compression in (".gz", ".gzip"):
        if stem.lower().endswith(compression):
            stem = stem[: -len(compression)]
    base, suffix = os.path.splitext(stem)
    return (base if suffix and len(suffix) <= 9 else stem) or name


def problem(
    path: str,
    status: Status,
    reason: str,
    *,
    source: str | None = None,
    format: str | None = None,
    title: str | None = None,
    url: str | None = None,
    explicit_id: object = None,
) -> Article:
    """An input that cannot be analysed: reported with a status and a reason, never silently dropped."""
    return Article(
        id=article_id(explicit=explicit_id, path=path),
        source=source or stem_source(path.rsplit(":", 1)[0] if ":" in path else path),
        status=status,
        text="",
        title=title,
        url=url,
        path=path,
        error=f"{path}: {reason}",
        format=format,
    )
