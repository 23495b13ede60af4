"""Feed lists (URLs, files, OPML) and polite polling: conditional GETs and per-feed backoff."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

USER_AGENT = "storyline-watch/1 (+https://github.com/storyline)"
TIMEOUT_SECONDS = 30
MAX_BACKOFF_SECONDS = 6 * 3600


def expand_feeds(feeds: list[str]) -> list[str]:
    """Feed URLs and paths, with every OPML file replaced by the feeds it lists (in order, once each)."""
    out: list[str] = []
    for item in feeds:
        path = Path(item)
        if not _is_url(item) and path.suffix.lower() in (".opml", ".xml") and path.is_file() and _is_opml(path):
            out += [o.get("xmlUrl") for o in ET.parse(path).iter("outline") if o.get("xmlUrl")]
        else:
            out.append(item)
    return list(dict.fromkeys(out))


def _is_opml(path: Path) -> bool:
    try:
        return ET.parse(path).getroot().tag.lower() == "opml"
    except ET.ParseError:
        return False


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


@dataclass
class FeedState:
    """What is remembered per feed between polls (and runs)."""

    etag: str | None = None
    modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0
    last_error: str | None = None

    def failed(self, error: str, now: float, interval: float) -> float:
        """Record a failure; the wait doubles with each failure in a row, up to a cap."""
        self.failures += 1
        self.last_error = error
        delay = min(interval * 2 ** self.failures, MAX_BACKOFF_SECONDS)
        self.next_poll = now + delay
        return delay

    def succeeded(self, now: float, interval: float) -> None:
        self.failures, self.last_error = 0, None
        self.next_poll = now + interval


class StateFile:
    """Per-feed state in a small JSON file, rewritten atomically after each poll."""

    def __init__(self, path: Path | None):
        self.path = path
        self.feeds: dict[str, FeedState] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text("utf-8"))
                self.feeds = {url: FeedState(**value) for url, value in data.get("feeds", {}).items()}
            except (ValueError, TypeError):
                self.feeds = {}  # a damaged state file only costs one unconditional poll

    def get(self, feed: str) -> FeedState:
        return self.feeds.setdefault(feed, FeedState())

    def save(self) -> None:
        if self.path is None:
            return
        temporary = self.path.with_suffix(self.path.suffix + ".tmp")
        temporary.write_text(json.dumps({"feeds": {u: asdict(s) for u, s in self.feeds.items()}}, indent=1), "utf-8")
        temporary.replace(self.path)


class FetchError(Exception):
    pass


def fetch(feed: str, state: FeedState, max_bytes: int) -> bytes | None:
    """The feed's bytes, or None when unchanged since the last poll (HTTP 304 / same file time)."""
    if not _is_url(feed):
        path = Path(feed)
        try:
            stamp = str(path.stat().st_mtime_ns)
            if stamp == state.modified:
                return None
            data = path.read_bytes()[: max_bytes + 1]
        except OSError as error:
            raise FetchError(f"cannot read {feed}: {error.strerror or error}") from error
        state.modified = stamp
        return data
    headers = {"User-Agent": USER_AGENT}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.modified:
        headers["If-Modified-Since"] = state.modified
    request = urllib.request.Request(feed, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(max_bytes + 1)
            state.etag = response.headers.get("ETag") or state.etag
            state.modified = response.headers.get("Last-Modified") or state.modified
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None
        raise FetchError(f"HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FetchError(str(getattr(error, "reason", error))) from error
    if len(data) > max_bytes:
        raise FetchError(f"feed larger than {max_bytes} bytes")
    return data
