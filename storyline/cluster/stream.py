"""Streaming clustering: place each new article into an existing story or open a new one.

The index keeps running document frequencies, one summed vector per story and an
inverted index from each story's heaviest terms to the story. A new article is compared
only with the stories its own heaviest terms point to (each posting list capped, most
recent stories kept), so placing one article costs about the same with 100 stories or
100,000. Scores are the same average-linkage cosine times date agreement as in batch.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from storyline.cluster.batch import dot, prune
from storyline.cluster.features import (
    DEFAULT_CONFIG,
    ClusterConfig,
    DateProfile,
    date_factor,
    sublinear,
    term_counts,
)
from storyline.cluster.stories import make_story
from storyline.model import Article, Story, stable_id


@dataclass
class _StoryState:
    id: str
    members: list[Article] = field(default_factory=list)
    vectors: list[dict[str, float]] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)
    dates: DateProfile | None = None
    # Members whose vectors are in `total`; copies of an earlier member are not.
    weight: int = 0
    indexed: frozenset[str] = frozenset()


class StoryIndex:
    """Incremental story assignment. `add(article)` returns the story id it joined."""

    def __init__(self, config: ClusterConfig = DEFAULT_CONFIG):
        self.config = config
        self._df: dict[str, int] = defaultdict(int)
        self._docs = 0
        self._stories: dict[str, _StoryState] = {}
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, list[str]] = defaultdict(list)

    @classmethod
    def from_stories(cls, stories: list[Story], articles: list[Article],
                     config: ClusterConfig = DEFAULT_CONFIG) -> "StoryIndex":
        """Rebuild an index from earlier stories and their articles, keeping ids and memberships."""
        index = cls(config)
        by_id = {a.id: a for a in articles if a.ok}
        for story in sorted(stories, key=lambda s: s.id):
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
            state = self._stories[story_id] = _StoryState(story_id)
        state.members.append(article)
        state.vectors.append(vector)
        self._story_of[article.id] = story_id
        if not evidence:
            return story_id
        state.weight += 1
        for t, w in vector.items():
            state.total[t] = state.total.get(t, 0.0) + w
        state.total = prune(state.total, self.config.centroid_terms)
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
        found: set[str] = set()
        for term in self._top_terms(vector, self.config.index_terms):
            found.update(self._postings.get(term, ()))
        return sorted(found)

    def score(self, vector: dict[str, float], article: Article, story_id: str) -> float:
        state = self._stories[story_id]
        assert state.dates is not None
        mean_cosine = dot(vector, state.total) / state.weight
        return mean_cosine * date_factor(DateProfile.of(article), state.dates, self.config)

    def add(self, article: Article) -> str:
        """Put `article` in its best-matching story (or a new one) and return that story's id."""
        if article.id in self._story_of:
            return self._story_of[article.id]
        for link in (article.copy_of, article.duplicate_of):
            if link and link in self._story_of:
                return self._place(article, self._story_of[link], evidence=False)
        vector = self._vector(article)
        best, best_score = None, self.config.stream_threshold
        for story_id in self.candidates(vector):
            value = self.score(vector, article, story_id)
            if value >= best_score and (best is None or value > best_score):
                best, best_score = story_id, value
        if best is None:
            best = stable_id("s", article.id)
        return self._place(article, best, vector)

    def stories(self) -> list[Story]:
        out = [make_story(s.id, s.members, s.vectors) for s in self._stories.values()]
        return sorted(out, key=lambda s: (s.start or "\uffff", s.id))
