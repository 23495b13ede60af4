"""Watching feeds: poll RSS/Atom feeds, grow stories as entries arrive, report what changed.

    events = watch(["https://example.org/feed.xml", "feeds.opml"], store, Options(),
                   events_path="events.jsonl", interval=300)

Each feed is fetched with a conditional request (ETag / Last-Modified remembered in a JSON
state file next to the store); a failing feed is retried after a doubling wait and never
stops the others. New entries (by article id, which follows the entry's link) are
extracted, placed into stories by the streaming `StoryIndex`, and the ledgers of the
stories they touched are rebuilt. Events (`new_story`, `new_corroboration`,
`new_conflict`, `feed_error`) go to `on_event`, a JSONL file and/or a webhook.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from storyline.pipeline import Options
from storyline.store import Store
from storyline.watch.events import EVENT_KINDS, EventSink
from storyline.watch.feeds import FeedState, expand_feeds
from storyline.watch.loop import Watcher, parse_feed

__all__ = ["watch", "Watcher", "EventSink", "EVENT_KINDS", "FeedState", "expand_feeds", "parse_feed",
           "default_state_path"]


def default_state_path(store: Store) -> Path | None:
    """`<db>.watch.json` next to a file store; None (state kept in memory) for a server store."""
    path = getattr(store, "path", None)
    return Path(path).with_name(Path(path).name + ".watch.json") if path is not None else None


def watch(
    feeds: list[str],
    store: Store,
    options: Options | None = None,
    events_path: Path | str | None = None,
    webhook: str | None = None,
    interval: float = 300,
    once: bool = False,
    max_polls: int | None = None,
    on_event: Callable[[dict[str, Any]], None] | None = None,
    state_path: Path | str | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """Poll `feeds` every `interval` seconds until stopped (Ctrl-C), `once`, or after `max_polls`;
    return every event emitted."""
    if interval <= 0:
        raise ValueError("interval must be positive")
    sink = EventSink(on_event, events_path, webhook)
    state = Path(state_path) if state_path is not None else default_state_path(store)
    watcher = Watcher(feeds, store, options or Options(), sink, interval, state)
    polls = 0
    while True:
        watcher.poll(clock())
        polls += 1
        if once or (max_polls is not None and polls >= max_polls):
            return sink.sent
        sleep(interval)
