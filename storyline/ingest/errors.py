"""Exceptions of the ingest package."""
from __future__ import annotations


class UsageError(Exception):
    """The user asked for something that cannot work (a missing INPUT path, a bad --meta file).

    The CLI turns it into exit status 2 with the message as the one-line reason.
    """


class InputTooLarge(Exception):
    """A file (after decompression) is larger than `Options.max_bytes`."""
