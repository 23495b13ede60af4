"""Article ids: derived only from what an input says, never from its position in the run."""
from __future__ import annotations

from storyline.model import stable_id


def article_id(
    *,
    explicit: object = None,
    url: str | None = None,
    source: str | None = None,
    text: str = "",
    path: str | None = None,
) -> str:
    """The input's own id; else from its URL; else from outlet + text; else (unusable input) from its path."""
    if explicit is not None and not isinstance(explicit, bool) and str(explicit).strip():
        return str(explicit).strip()
    if url:
        return stable_id("a", url)
    folded = " ".join(text.split())
    if folded:
        return stable_id("a", source or "", folded)
    return stable_id("a", path or "")
