"""Bounded reading and character decoding of input bytes.

Every byte an input yields goes through `LimitedReader`, so neither a huge file nor a gzip
bomb can make a run read (or hold) more than `max_bytes` of it.
"""
from __future__ import annotations

import codecs
import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from storyline.ingest.errors import InputTooLarge

GZIP_MAGIC = b"\x1f\x8b"
# Errors that mean a compressed stream is cut short or corrupt, not a bug of ours.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# How much worse (charset-normalizer "chaos") windows-1252 may look than the best guess and
# still win: short Western texts are often mis-guessed as cp1250/cp1257, and windows-1252 is
# what the web means by "latin-1" anyway (WHATWG encoding standard).
_CP1252_TOLERANCE = 0.1


class LimitedReader(io.RawIOBase):
    """A raw stream that raises `InputTooLarge` once more than `limit` bytes were read."""

    def __init__(self, raw: BinaryIO, limit: int, closers: tuple[BinaryIO, ...] = (), compressed: bool = False):
        super().__init__()
        self.compressed = compressed
        self._raw = raw
        self._limit = limit
        self._count = 0
        self._closers = (raw, *closers)

    def readable(self) -> bool:
        return True

    @property
    def damage(self) -> StreamDamage | None:
        """Why a compressed stream ended early (see `GunzipReader`), once it has."""
        return getattr(self._raw, "damage", None)

    def readinto(self, buffer) -> int:  # type: ignore[override]
        # Never ask for more than one byte past the limit: that is enough to know it was crossed.
        room = self._limit - self._count + 1
        view = memoryview(buffer)[: max(1, min(len(buffer), room))]
        count = self._raw.readinto(view)  # type: ignore[attr-defined]
        if count:
            self._count += count
            if self._count > self._limit:
                raise InputTooLarge(self._limit)
        return count or 0

    def close(self) -> None:
        for stream in self._closers:
            try:
                stream.close()
            except OSError:
                pass
        super().close()


@dataclass(frozen=True)
class StreamDamage:
    """Where a compressed stream stopped early: "truncated" (cut short) or "corrupt"."""

    kind: str
    detail: str

    def describe(self, records: int | None = None) -> str:
        """The reason, saying how many complete records were kept when the file holds records."""
        if records is None:
            return f"the compressed file is {self.kind} ({self.detail})"
        plural = "" if records == 1 else "s"
        return f"the compressed file is {self.kind} after {records} record{plural} ({self.detail}); those were kept"


class GunzipReader(io.RawIOBase):
    """Gunzips a (multi-member) stream, ending cleanly where it is cut short or corrupt.

    gzip.GzipFile raises at the damage, and a buffered reader above it then drops every byte it
    had decompressed in that call, so the complete records before the damage were lost. Here the
    stream just ends, all bytes before the damage are delivered, and `damage` says what happened.
    """

    _CHUNK = 64 * 1024

    def __init__(self, raw: BinaryIO):
        super().__init__()
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        self._pending = b""  # compressed bytes read but not yet given to the inflater
        self._in_member = False  # the current gzip member has started
        self._finished = False
        self.damage: StreamDamage | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._finished:
            data = self._inflate(len(buffer))
            if data:
                buffer[: len(data)] = data
                return len(data)
        return 0

    def _inflate(self, size: int) -> bytes:
        """Up to `size` decompressed bytes; b"" when a step only consumed headers or padding."""
        source = self._inflater.unconsumed_tail or self._pending or self._raw.read(self._CHUNK)
        self._pending = b""
        if not self._in_member:
            source = source.lstrip(b"\x00")  # padding between members, as gzip.GzipFile allows
        if not source:
            if self._in_member:
                self._end("truncated", "the file ends inside a gzip member")
            elif not self._raw_has_more():
                self._finished = True
            return b""
        try:
            data = self._inflater.decompress(source, max(1, size))  # bounded: a gzip bomb inflates lazily
        except zlib.error as exc:
            self._end("corrupt", f"corrupt gzip data: {exc}")
            return b""
        self._in_member = True
        if self._inflater.eof:
            self._pending = self._inflater.unused_data
            self._inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
            self._in_member = False
        return data

    def _raw_has_more(self) -> bool:
        more = self._raw.read(self._CHUNK)
        self._pending = more
        return bool(more)

    def _end(self, kind: str, detail: str) -> None:
        self._finished = True
        self.damage = StreamDamage(kind, detail)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def is_gzip_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_limited(path: Path, limit: int) -> io.BufferedReader:
    """Open `path` for reading, transparently gunzipping it, never yielding more than `limit` bytes.

    `stream.raw.compressed` tells whether the file was gzip.
    """
    handle = open(path, "rb")
    try:
        if handle.read(2) == GZIP_MAGIC:
            handle.seek(0)
            raw: BinaryIO = GunzipReader(handle)  # type: ignore[assignment]
            closers: tuple[BinaryIO, ...] = (handle,)
        else:
            handle.seek(0)
            raw, closers = handle, ()
    except BaseException:
        handle.close()
        raise
    limited = LimitedReader(raw, limit, closers, compressed=raw is not handle)
    return io.BufferedReader(limited, buffer_size=256 * 1024)


def wrap_limited(stream: BinaryIO, limit: int) -> io.BufferedReader:
    """Bound an already open binary stream (standard input)."""
    raw: BinaryIO = stream if hasattr(stream, "readinto") else io.BytesIO(stream.read(limit + 1))
    return io.BufferedReader(LimitedReader(raw, limit), buffer_size=256 * 1024)


def looks_binary(head: bytes) -> bool:
    """NUL bytes never occur in text, except in UTF-16/32, which announces itself with a BOM."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head[:8192]


def declared_html_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text of unknown encoding: BOM, then a declared charset, then UTF-8, then a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if declared:
        try:
            return data.decode(_normalise_encoding_name(declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on the web: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess_decode(data)


def _normalise_encoding_name(name: str) -> str:
    lowered = name.strip().lower()
    # Browsers treat these labels as windows-1252, and so do real pages that use them.
    if lowered in {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        return "cp1252"
    return lowered


def _guess_decode(data: bytes) -> str:
    matches = list(charset_normalizer.from_bytes(data))
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    if not matches:
        return as_cp1252 if as_cp1252 is not None else data.decode("utf-8", errors="replace")
    best = matches[0]
    if as_cp1252 is not None:
        for match in matches:
            if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + _CP1252_TOLERANCE:
                return as_cp1252
        if best.encoding.startswith("utf_16") or best.encoding.startswith("utf_32"):
            # Without NUL bytes (checked by the caller) a UTF-16 guess is a coincidence.
            return as_cp1252
    return str(best)
