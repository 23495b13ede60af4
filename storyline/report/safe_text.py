"""Making hostile article text safe to print in a terminal or a report."""
from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline, and the bidirectional overrides/isolates that can
# make text display in an order other than the one it is stored in (CVE-2021-42574 style).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, limit: int | None = None) -> str:
    """Drop control and bidi-override characters (shown as U+FFFD) and cut very long lines."""
    cleaned = _UNSAFE.sub("\ufffd", unicodedata.normalize("NFC", text))
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned
