"""Where watch events go: a callback (the terminal), a JSONL file and/or a webhook."""
from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.request
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)
EVENT_KINDS = ("new_story", "new_corroboration", "new_conflict", "feed_error")
WEBHOOK_TIMEOUT_SECONDS = 10


class EventSink:
    """Sends each event to every configured destination; one failing destination never stops the others."""

    def __init__(self, on_event: Callable[[dict[str, Any]], None] | None = None,
                 events_path: Path | str | None = None, webhook: str | None = None):
        self.on_event, self.webhook = on_event, webhook
        self.events_path = Path(events_path) if events_path is not None else None
        self.sent: list[dict[str, Any]] = []

    def emit(self, kind: str, **fields: Any) -> dict[str, Any]:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        event = {"event": kind, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **fields}
        self.sent.append(event)
        line = json.dumps(event, ensure_ascii=False)
        if self.on_event is not None:
            self.on_event(event)
        if self.events_path is not None:
            with open(self.events_path, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        if self.webhook:
            self._post(line)
        return event

    def _post(self, body: str) -> None:
        request = urllib.request.Request(self.webhook, data=body.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS):
                pass
        except OSError as error:  # URLError and timeouts are OSErrors
            log.warning("webhook %s failed: %s", self.webhook, error)
