"""What every reader gets: the file, the run options and the file's sidecar metadata."""
from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from storyline.ingest.build import stem_source
from storyline.ingest.decode import StreamDamage, open_limited, wrap_limited
from storyline.ingest.discover import InputFile
from storyline.ingest.meta import FileMeta
from storyline.pipeline import Options

# A compressed stream that ends early or is corrupt normally just ends (see decode.GunzipReader);
# these are what gzip/zlib raise should one slip through.
CORRUPT_STREAM_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


@dataclass
class ReadContext:
    file: InputFile
    options: Options
    meta: FileMeta | None = None
    format: str | None = None
    # The whole (decompressed) file when the dispatcher already read it while sniffing.
    data: bytes | None = None
    # Every stream opened, so that a gzip stream's damage can be read after it was closed.
    _streams: list[io.BufferedReader] = field(default_factory=list, repr=False)

    @property
    def display(self) -> str:
        return self.file.display

    @property
    def fallback_source(self) -> str:
        return stem_source(self.file.name)

    def open(self) -> io.BufferedReader:
        """A fresh stream over the file's (decompressed) bytes, bounded by max_bytes."""
        if self.file.path is None:
            if self.file.stdin is None:
                raise OSError("standard input is not available")
            stream = wrap_limited(self.file.stdin, self.options.max_bytes)
        else:
            stream = open_limited(self.file.path, self.options.max_bytes)
        self._streams.append(stream)
        return stream

    def stream_damage(self) -> StreamDamage | None:
        """Why a stream this context opened ended early, if one did (also after it was closed)."""
        for stream in self._streams:
            damage = getattr(stream.raw, "damage", None)
            if damage is not None:
                return damage
        return None

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        with self.open() as stream:
            return stream.read()
