"""Streaming clustering: place each new article into an existing story or open a new one.

The index keeps running document frequencies, one summed vector per story and an
inverted index from each story's heaviest terms to the story. A new article is compared
only with the stories its own heaviest terms point to (each posting list capped, most
recent stories kept), so placing one article costs about the same with 100 stories or
100,000. Scores are the same average-linkage cosine times date agreement as in batch.
After each placement the touched story is re-linked against its likeliest neighbours with
batch's story-to-story linkage, so an article that bridges two stories merges them (recorded
in `events` and in the surviving story's `merged_from`), as batch would have grouped them.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storyline.cluster.batch import dot, prune
from storyline.cluster.features import (
    DEFAULT_CONFIG,
    ClusterConfig,
    DateProfile,
    contrast_factor,
    date_factor,
    prune_core,
    sublinear,
    term_counts,
)
from storyline.cluster.stories import StoryEvent, make_story, merged_from
from storyline.model import Article, Story, stable_id

# Candidate stories scored exactly per new article; the others share less of its term weight.
SCORED_CANDIDATES = 64
# Stories compared with a story that has just grown, to catch a bridge between two stories.
RELINK_CANDIDATES = 8


@dataclass
class _StoryState:
    id: str
    members: list[Article] = field(default_factory=list)
    vectors: list[dict[str, float]] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)
    dates: DateProfile | None = None
    # Members whose vectors are in `total`; copies of an earlier member are not.
    weight: int = 0
    # Creation order: on equal size, the older story keeps its id in a merge.
    order: int = 0
    indexed: frozenset[str] = frozenset()
    # How many members have each term among their heaviest (see `features.contrast_factor`).
    core: Counter = field(default_factory=Counter)


class StoryIndex:
    """Incremental story assignment. `add(article)` returns the story id it joined."""

    def __init__(self, config: ClusterConfig = DEFAULT_CONFIG):
        self.config = config
        self._df: dict[str, int] = defaultdict(int)
        self._docs = 0
        self._created = 0
        self._stories: dict[str, _StoryState] = {}
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, list[str]] = defaultdict(list)
        # Stories merged because a new article bridged them, oldest first; never silent.
        self.events: list[StoryEvent] = []

    @classmethod
    def from_stories(cls, stories: list[Story], articles: list[Article],
                     config: ClusterConfig = DEFAULT_CONFIG) -> "StoryIndex":
        """Rebuild an index from earlier stories and their articles, keeping ids and memberships."""
        index = cls(config)
        by_id = {a.id: a for a in articles if a.ok}
        for story in sorted(stories, key=lambda s: s.id):
            if story.merged_from:
                index.events.append(StoryEvent("merge", story.id, tuple(story.merged_from)))
            members = set(story.articles)
            for article_id in story.articles:
                if article_id in by_id:
                    art = by_id[article_id]
                    copy = any(link in members for link in (art.copy_of, art.duplicate_of) if link)
                    index._place(art, story.id, evidence=not copy)
        return index

    def __len__(self) -> int:
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def _vector(self, article: Article) -> dict[str, float]:
        counts = term_counts(article, self.config)
        self._docs += 1
        for term in counts:
            self._df[term] += 1
        n = self._docs
        # Same smoothed idf as scikit-learn's TfidfTransformer, from the documents seen so far.
        weights = {t: sublinear(c) * (math.log((1 + n) / (1 + self._df[t])) + 1.0) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _top_terms(self, vector: dict[str, float], keep: int) -> list[str]:
        return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]]

    def _place(self, article: Article, story_id: str, vector: dict[str, float] | None = None,
               evidence: bool = True) -> str:
        if vector is None:
            vector = self._vector(article)
        state = self._stories.get(story_id)
        if state is None:
            self._created += 1
            state = self._stories[story_id] = _StoryState(story_id, order=self._created)
        state.members.append(article)
        state.vectors.append(vector)
        self._story_of[article.id] = story_id
        if not evidence:
            return story_id
        state.weight += 1
        for t, w in vector.items():
            state.total[t] = state.total.get(t, 0.0) + w
        state.total = prune(state.total, self.config.centroid_terms)
        state.core = prune_core(state.core + Counter(self._top_terms(vector, self.config.index_terms)),
                                self.config.centroid_terms)
        profile = DateProfile.of(article)
        state.dates = profile if state.dates is None else state.dates.merged(profile)
        self._reindex(state)
        return story_id

    def _reindex(self, state: _StoryState) -> None:
        top = frozenset(self._top_terms(state.total, self.config.index_terms))
        for term in top - state.indexed:
            posting = self._postings[term]
            posting.append(state.id)
            if len(posting) > self.config.postings_cap:
                # Drop the oldest stories: news rarely continues a story that has gone quiet.
                del posting[0]
        state.indexed = top

    def candidates(self, vector: dict[str, float]) -> list[str]:
        """The stories sharing most of the article's heaviest terms (weighted), at most `SCORED_CANDIDATES`.

        A full index has `index_terms * postings_cap` postings per query; ranking them by shared
        weight first keeps the exact scoring, the costly part, bounded per article.
        """
        shared: dict[str, float] = defaultdict(float)
        for term in self._top_terms(vector, self.config.index_terms):
            weight = vector[term]
            for story_id in self._postings.get(term, ()):
                shared[story_id] += weight
        if self.events:  # stories absorbed in a merge may linger in postings that no longer lead to them
            shared = {story_id: w for story_id, w in shared.items() if story_id in self._stories}
        if len(shared) > SCORED_CANDIDATES:
            return sorted(heapq.nsmallest(SCORED_CANDIDATES, shared, key=lambda s: (-shared[s], s)))
        return sorted(shared)

    def score(self, vector: dict[str, float], article: Article, story_id: str) -> float:
        return self._score(vector, DateProfile.of(article), story_id, floor=0.0)

    def _score(self, vector: dict[str, float], profile: DateProfile, story_id: str, floor: float) -> float:
        """Average-linkage score; below `floor` it may be returned without the date factor."""
        state = self._stories[story_id]
        assert state.dates is not None
        mean_cosine = dot(vector, state.total) / state.weight
        if mean_cosine < floor:
            return mean_cosine  # the date factor is at most 1: it cannot lift this to the floor
        return mean_cosine * date_factor(profile, state.dates, self.config)

    def add(self, article: Article) -> str:
        """Put `article` in its best-matching story (or a new one) and return that story's id."""
        if article.id in self._story_of:
            return self._story_of[article.id]
        for link in (article.copy_of, article.duplicate_of):
            if link and link in self._story_of:
                return self._place(article, self._story_of[link], evidence=False)
        vector = self._vector(article)
        profile = DateProfile.of(article)
        best, best_score = None, self.config.stream_threshold
        for story_id in self.candidates(vector):
            value = self._score(vector, profile, story_id, floor=best_score)
            if value >= best_score and (best is None or value > best_score):
                best, best_score = story_id, value
        if best is None:
            # A story of one links to others exactly as its article scored above: nothing to re-link.
            return self._place(article, stable_id("s", article.id), vector)
        return self._relink(self._place(article, best, vector))

    def _linkage(self, a: _StoryState, b: _StoryState) -> float:
        """Batch's story-to-story average linkage (`batch.linkage`), on the running vectors."""
        assert a.dates is not None and b.dates is not None
        score = dot(a.total, b.total) / (a.weight * b.weight)
        if score < self.config.stream_merge_threshold:
            return score  # both factors are at most 1
        return (score * date_factor(a.dates, b.dates, self.config)
                * contrast_factor(a.weight, a.core, b.weight, b.core, self.config))

    def _relink(self, story_id: str) -> str:
        """Merge the story an article just joined with any story it now links to as batch would.

        One article can bridge two stories that were placed apart before it arrived; batch sees
        all articles at once and joins them, so streaming re-links the touched story locally.
        """
        while True:
            state = self._stories[story_id]
            best, best_score = None, self.config.stream_merge_threshold
            for other_id in self.candidates(state.total)[:RELINK_CANDIDATES]:
                if other_id == story_id:
                    continue
                value = self._linkage(state, self._stories[other_id])
                if value >= best_score and (best is None or value > best_score):
                    best, best_score = other_id, value
            if best is None:
                return story_id
            story_id = self._merge(story_id, best)

    def _merge(self, a_id: str, b_id: str) -> str:
        """Fold the smaller story into the larger (ties: the older founder keeps its id)."""
        a, b = self._stories[a_id], self._stories[b_id]
        if (b.weight, -b.order) > (a.weight, -a.order):
            a, b = b, a
        a.members.extend(b.members)
        a.vectors.extend(b.vectors)
        for t, w in b.total.items():
            a.total[t] = a.total.get(t, 0.0) + w
        a.total = prune(a.total, self.config.centroid_terms)
        a.core = prune_core(a.core + b.core, self.config.centroid_terms)
        a.weight += b.weight
        if b.dates is not None:
            a.dates = b.dates if a.dates is None else a.dates.merged(b.dates)
        for member in b.members:
            self._story_of[member.id] = a.id
        del self._stories[b.id]
        for term in b.indexed:
            posting = self._postings[term]
            if b.id in posting:
                posting.remove(b.id)
        self._reindex(a)
        self.events.append(StoryEvent("merge", a.id, (b.id,)))
        return a.id

    def stories(self) -> list[Story]:
        out = [make_story(s.id, s.members, s.vectors) for s in self._stories.values()]
        absorbed = merged_from(self.events)
        for story in out:
            story.merged_from = absorbed.get(story.id, [])
        return sorted(out, key=lambda s: (s.start or "\uffff", s.id))
