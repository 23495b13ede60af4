"""Rendered pages kept while the store is unchanged.

A story page over a hundred articles takes a tenth of a second or more to read and render, and
readers ask for the same few pages again and again; the store's data version (which moves with
every committed write, from any process) tells when a kept page has gone stale.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Hashable


@dataclass(frozen=True)
class Page:
    body: bytes
    media_type: str
    status: int


class PageCache:
    """A small LRU of rendered pages keyed by (what was asked, store version)."""

    def __init__(self, max_pages: int = 128):
        self.max_pages = max_pages
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: Page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)
