"""The --meta sidecar (metadata for plain files) and publication dates."""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from dateutil import parser as date_parser

from storyline.ingest.errors import UsageError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
SIDECAR_FIELDS = ("source", "title", "url", "published", "author", "language")


@dataclass(frozen=True)
class FileMeta:
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None


class Sidecar:
    """Metadata lines keyed by `file`: a path relative to the INPUT folder, or a bare file name."""

    def __init__(self, entries: dict[str, FileMeta], path: Path | None = None):
        self._entries = entries
        self.path = path

    @classmethod
    def empty(cls) -> "Sidecar":
        return cls({})

    @classmethod
    def load(cls, path: Path) -> "Sidecar":
        try:
            handle = open(path, "r", encoding="utf-8-sig")
        except FileNotFoundError:
            raise UsageError(f"--meta: no such file or directory: {path}") from None
        except OSError as exc:
            raise UsageError(f"--meta: cannot read {path}: {exc.strerror or exc}") from None
        entries: dict[str, FileMeta] = {}
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"--meta {path} line {number}: invalid JSON ({exc.msg})") from None
                if not isinstance(data, dict) or not isinstance(data.get("file"), str):
                    raise UsageError(f'--meta {path} line {number}: expected an object with a "file" name')
                key = _normalise_key(data["file"])
                values = {name: _text_or_none(data.get(name)) for name in SIDECAR_FIELDS}
                values["published"] = parse_published(data.get("published"))
                entries[key] = FileMeta(**values)
        return cls(entries, path)

    def lookup(self, relative: str | None, name: str, given: str | None = None) -> FileMeta | None:
        """The entry for a file: by its path under the INPUT folder first, then as given, then by name."""
        for key in (relative, given, name):
            if key is not None:
                found = self._entries.get(_normalise_key(key))
                if found is not None:
                    return found
        return None

    def __len__(self) -> int:
        return len(self._entries)


def _normalise_key(file: str) -> str:
    return str(PurePosixPath(file.replace("\\", "/")))


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_published(value: Any) -> str | None:
    """An ISO 8601 date or date-time string, keeping the precision given; None when unusable."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if _DATE_ONLY.match(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    if _YEAR_MONTH.match(text):
        month = int(text[5:])
        return text if 1 <= month <= 12 else None
    if _YEAR.match(text):
        return text
    try:
        return _format_datetime(date_parser.isoparse(text))
    except (ValueError, OverflowError):
        return None


def parse_feed_date(value: Any) -> str | None:
    """RSS dates are RFC 822 ("Fri, 03 May 2024 10:00:00 +0200"), Atom dates ISO 8601."""
    if not value:
        return None
    text = str(value).strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _format_datetime(parsed)
    return parse_published(text)


def _format_datetime(value: dt.datetime) -> str:
    return value.isoformat()
