"""How much memory our records take, told to Dask so that a worker's memory limit holds.

Dask decides what to spill to disk from `dask.sizeof`, which knows nothing of our dataclasses
and counts an Article as one bare object (64 bytes for ~5 KB of text, mentions and quotes),
so held partitions looked tiny and the memory they really took showed up as "unmanaged":
spilling started late and a worker could pass its limit and be restarted. The estimates
below were calibrated on extracted generated articles (about 1 KB of fixed cost, ~380 bytes
per mention, quote, time or quantity, plus the strings); they need to be the right size, not exact.
"""
from __future__ import annotations

import sys

from dask.sizeof import sizeof

from storyline.model import Article, Story
from storyline.runners.tasks import ExtractedPartition

RECORD_OVERHEAD = 1000  # one Article or Story object with its small fields
ITEM_BYTES = 400  # one Mention, Quote, TimeRef or Quantity with its strings
FACT_BYTES = 2000  # one Fact with its claims and conflict values


def _strings(*values: str | None) -> int:
    return sum(sys.getsizeof(value) for value in values if value)


@sizeof.register(Article)
def article_bytes(article: Article) -> int:
    items = len(article.mentions) + len(article.quotes) + len(article.times) + len(article.quantities)
    return RECORD_OVERHEAD + ITEM_BYTES * items + _strings(article.id, article.text, article.title, article.url,
                                                             article.path, article.error)


@sizeof.register(Story)
def story_bytes(story: Story) -> int:
    return RECORD_OVERHEAD + 80 * len(story.articles) + FACT_BYTES * len(story.facts) + ITEM_BYTES * len(story.timeline)


@sizeof.register(ExtractedPartition)
def partition_bytes(part: ExtractedPartition) -> int:
    return (sizeof(part.articles) + len(part.docs) + 200 * len(part.roles)
            + _strings(*part.doc_ids) + 100 * len(part.doc_ids))
