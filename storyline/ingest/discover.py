"""Turning INPUT arguments into the list of files to read, deterministically.

Folders are walked recursively in sorted order. Symbolic links are followed, but a link
that leads back into one of its own ancestors is reported instead of walked forever.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from storyline.ingest.errors import UsageError

STDIN = "-"


@dataclass(frozen=True)
class InputFile:
    """One file to read; `display` is how the report names it."""

    display: str
    path: Path | None = None          # None for standard input
    relative: str | None = None       # posix path under the INPUT folder that contained it
    given: str | None = None          # the INPUT argument itself, for files named directly
    stdin: BinaryIO | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "stdin"


@dataclass(frozen=True)
class Unreadable:
    """Something found while walking that cannot be read at all (loop, broken link, device)."""

    display: str
    status: str
    reason: str


Found = Union[InputFile, Unreadable]


def discover(inputs: list[str], meta_path: Path | None = None, stdin: BinaryIO | None = None) -> list[Found]:
    """Files under `inputs` in a stable order; raises UsageError for an INPUT that does not exist."""
    excluded = _identity(meta_path) if meta_path is not None else None
    found: list[Found] = []
    seen: set[str] = set()
    for given in inputs:
        if given == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                found.append(InputFile(display="<stdin>", stdin=stdin))
            continue
        for item in _expand(given, excluded):
            if item.display not in seen:
                seen.add(item.display)
                found.append(item)
    return found


def _expand(given: str, excluded: tuple[int, int] | None) -> list[Found]:
    path = Path(given)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"no such file or directory: {given}") from None
    except OSError as exc:
        return [_unreadable(given, exc)]
    if stat.S_ISDIR(info.st_mode):
        out: list[Found] = []
        _walk(path, given, "", ((info.st_dev, info.st_ino),), excluded, out)
        return out
    if excluded is not None and (info.st_dev, info.st_ino) == excluded:
        return []
    if not stat.S_ISREG(info.st_mode):
        return [Unreadable(given, "unsupported", "not a regular file (device, socket or pipe)")]
    return [InputFile(display=given, path=path, given=given)]


def _walk(
    folder: Path,
    display: str,
    relative: str,
    ancestors: tuple[tuple[int, int], ...],
    excluded: tuple[int, int] | None,
    out: list[Found],
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        out.append(_unreadable(display, exc, what="cannot list folder"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are not articles
        child_display = os.path.join(display, entry.name)
        child_relative = f"{relative}/{entry.name}" if relative else entry.name
        try:
            info = os.stat(entry.path)  # follows symbolic links
        except OSError as exc:
            out.append(_unreadable(child_display, exc))
            continue
        identity = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if identity in ancestors:
                out.append(
                    Unreadable(child_display, "error", "symbolic link loop: it leads back to a folder that contains it; not followed")
                )
                continue
            _walk(Path(entry.path), child_display, child_relative, (*ancestors, identity), excluded, out)
        elif identity == excluded:
            continue  # the --meta sidecar describes the corpus, it is not part of it
        elif stat.S_ISREG(info.st_mode):
            out.append(InputFile(display=child_display, path=Path(entry.path), relative=child_relative))
        else:
            out.append(Unreadable(child_display, "unsupported", "not a regular file (device, socket or pipe)"))


def _unreadable(display: str, exc: OSError, what: str = "cannot read") -> Unreadable:
    if exc.errno == errno.ELOOP:
        return Unreadable(display, "error", "symbolic link loop (too many levels of symbolic links)")
    if isinstance(exc, FileNotFoundError):
        return Unreadable(display, "error", "broken symbolic link: its target does not exist")
    if isinstance(exc, PermissionError):
        return Unreadable(display, "error", f"{what}: permission denied")
    return Unreadable(display, "error", f"{what}: {exc.strerror or exc}")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)
