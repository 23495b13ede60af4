"""Event-level story clustering: one story per real-world event, not per topic.

Evidence: TF-IDF over normalised words (titles and leads weighted up), canonical entity
ids when extraction has linked them, and the dates the articles describe (a look-alike
meeting one day later is another story). Two sizeable stories that each have a core
vocabulary of their own (the other opponent, the other ship) are two events of one kind and
link less (`features.contrast_factor`). Optional MiniLM vectors: `dense.py`. Batch
clustering is sparse average linkage (`batch.py`), after which leftovers of one or two
articles join the larger story they link to best at a lower bar; `StoryIndex` (`stream.py`)
places articles one at a time, merges two stories when a new article bridges them, and
re-groups young stories with their neighbours as batch would (`consolidate.py`).

    stories = cluster_articles(articles)                # batch, deterministic
    result = cluster_with_events(articles, previous)    # also reports merges and splits
"""
from __future__ import annotations

import logging

from storyline.cluster.batch import cluster_indices
from storyline.cluster.features import DEFAULT_CONFIG, ClusterConfig
from storyline.cluster.stories import ClusterResult, StoryEvent, assign_ids, make_story, merged_from
from storyline.cluster.stream import StoryIndex
from storyline.model import Article, Story
from storyline.pipeline import Corpus, stage

__all__ = [
    "ClusterConfig",
    "ClusterResult",
    "StoryEvent",
    "StoryIndex",
    "cluster_articles",
    "cluster_stage",
    "cluster_with_events",
]

log = logging.getLogger(__name__)


def cluster_with_events(
    articles: list[Article],
    previous: list[Story] | None = None,
    config: ClusterConfig = DEFAULT_CONFIG,
) -> ClusterResult:
    """Group ok articles into stories; with `previous`, keep continuing ids and record changes."""
    ok = sorted((a for a in articles if a.ok), key=lambda a: a.id)
    groups, vectors = cluster_indices(ok, config)
    members = [[ok[k] for k in group] for group in groups]
    ids, events, renamed = assign_ids(members, previous)
    stories = [
        make_story(story_id, group_articles, [vectors[k] for k in group])
        for story_id, group_articles, group in zip(ids, members, groups)
    ]
    absorbed = merged_from(events)
    for story in stories:
        story.merged_from = absorbed.get(story.id, [])
    for event in events:
        log.info("story %s %s %s", event.story, "absorbed" if event.kind == "merge" else "split from",
                 ", ".join(event.others))
    stories.sort(key=lambda s: (s.start or "\uffff", s.id))
    return ClusterResult(stories, events, renamed)


def cluster_articles(articles: list[Article], previous: list[Story] | None = None) -> list[Story]:
    return cluster_with_events(articles, previous).stories


@stage("cluster", needs={"articles", "entities", "times"}, sets={"stories"})
def cluster_stage(corpus: Corpus) -> None:
    corpus.stories = cluster_articles(corpus.ok_articles(), corpus.stories or None)
