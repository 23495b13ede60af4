"""Streaming clustering: place each new article into an existing story or open a new one.

The index keeps running document frequencies, one summed vector per story and an
inverted index from each story's heaviest terms to the story. A new article is compared
only with the stories its own heaviest terms point to (each posting list capped, most
recent stories kept), so placing one article costs about the same with 100 stories or
100,000. Scores are the same average-linkage cosine times date agreement as in batch.
After each placement the touched story is re-linked against its likeliest neighbours with
batch's story-to-story linkage, so an article that bridges two stories merges them (recorded
in `events` and in the surviving story's `merged_from`), as batch would have grouped them.
Each time a young story has grown by half, it and its likely neighbours are re-grouped as
batch would group their members, with today's document frequencies (`consolidate.py`):
articles placed too early move to the story of their own event, recorded as splits and
merges; a story that continues keeps its id.
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
from storyline.cluster.consolidate import heirs, regroup
from storyline.cluster.stories import StoryEvent, make_story, merged_from
from storyline.model import Article, Story, stable_id

# Candidate stories scored exactly per new article; the others share less of its term weight.
SCORED_CANDIDATES = 64
# Stories compared with a story that has just grown, to catch a bridge between two stories.
RELINK_CANDIDATES = 8
# A story is re-grouped as batch would group it (`consolidate.regroup`) each time its evidence
# grows by this factor since the last time, while it has at most `CONSOLIDATE_MAX` members:
# early mistakes are undone while the story is young, at a cost that stays linear overall.
CONSOLIDATE_GROWTH = 1.5
CONSOLIDATE_MIN = 3
CONSOLIDATE_MAX = 64


@dataclass
class _StoryState:
    id: str
    members: list[Article] = field(default_factory=list)
    # Per member: its weighted term counts (`features.term_counts`), weighed with the idf of
    # the moment whenever they are needed again (re-grouping, story titles).
    counts: list[dict[str, float]] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)
    dates: DateProfile | None = None
    # Members whose vectors are in `total`; copies of an earlier member are not.
    weight: int = 0
    # Creation order: on equal size, the older story keeps its id in a merge.
    order: int = 0
    indexed: frozenset[str] = frozenset()
    # How many members have each term among their heaviest (see `features.contrast_factor`).
    core: Counter = field(default_factory=Counter)
    # Per member: False for a copy of an earlier member (it follows, adds no evidence).
    evidence: list[bool] = field(default_factory=list)
    # Evidence weight when the story was last re-grouped (`StoryIndex._consolidate`).
    consolidated: int = 0


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

    def _counts(self, article: Article) -> dict[str, float]:
        """The article's term counts; its terms join the running document frequencies."""
        counts = term_counts(article, self.config)
        self._docs += 1
        for term in counts:
            self._df[term] += 1
        return counts

    def _weigh(self, counts: dict[str, float]) -> dict[str, float]:
        n = self._docs
        # Same smoothed idf as scikit-learn's TfidfTransformer, from the documents seen so far.
        weights = {t: sublinear(c) * (math.log((1 + n) / (1 + self._df[t])) + 1.0) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _top_terms(self, vector: dict[str, float], keep: int) -> list[str]:
        return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]]

    def _place(self, article: Article, story_id: str, counts: dict[str, float] | None = None,
               vector: dict[str, float] | None = None, evidence: bool = True) -> str:
        if counts is None:
            counts = self._counts(article)
        if vector is None:
            vector = self._weigh(counts)
        state = self._stories.get(story_id)
        if state is None:
            self._created += 1
            state = self._stories[story_id] = _StoryState(story_id, order=self._created)
        state.members.append(article)
        state.counts.append(counts)
        state.evidence.append(evidence)
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
        return sorted(self.likeliest(vector, SCORED_CANDIDATES))

    def likeliest(self, vector: dict[str, float], keep: int) -> list[str]:
        """Up to `keep` stories, those sharing most of the vector's heaviest terms first."""
        shared: dict[str, float] = defaultdict(float)
        for term in self._top_terms(vector, self.config.index_terms):
            weight = vector[term]
            for story_id in self._postings.get(term, ()):
                shared[story_id] += weight
        if self.events:  # stories absorbed in a merge may linger in postings that no longer lead to them
            shared = {story_id: w for story_id, w in shared.items() if story_id in self._stories}
        return heapq.nsmallest(keep, shared, key=lambda s: (-shared[s], s))

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
        counts = self._counts(article)
        vector = self._weigh(counts)
        profile = DateProfile.of(article)
        best, best_score = None, self.config.stream_threshold
        for story_id in self.candidates(vector):
            value = self._score(vector, profile, story_id, floor=best_score)
            if value >= best_score and (best is None or value > best_score):
                best, best_score = story_id, value
        if best is None:
            # A story of one links to others exactly as its article scored above: nothing to re-link.
            return self._place(article, stable_id("s", article.id), counts, vector)
        self._place(article, best, counts, vector)
        # Re-grouping covers what re-linking does (and more); between re-groupings, re-link.
        if not self._consolidate(best):
            self._relink(best)
        return self._story_of[article.id]

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
            for other_id in self.likeliest(state.total, RELINK_CANDIDATES + 1):
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
        a.counts.extend(b.counts)
        a.evidence.extend(b.evidence)
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

    def _consolidate(self, story_id: str) -> bool:
        """Re-group a young story and its likeliest neighbours as batch would, when it has grown.

        Members may move: a group that continues no earlier story becomes a new story, recorded
        as a split from the story most of it came from; a group that holds most of two earlier
        stories keeps the id of the one it holds most of and records the merge. Ids of groups
        that continue a story never change.
        """
        state = self._stories[story_id]
        due = max(CONSOLIDATE_MIN, math.ceil(state.consolidated * CONSOLIDATE_GROWTH))
        if state.weight < due or len(state.members) > CONSOLIDATE_MAX:
            return False
        state.consolidated = state.weight
        pool, size = [story_id], len(state.members)
        floor = self.config.threshold * self.config.edge_fraction
        for other_id in self.likeliest(state.total, RELINK_CANDIDATES + 1):
            other = self._stories[other_id]
            if other_id == story_id or size + len(other.members) > CONSOLIDATE_MAX:
                continue
            # Only stories that could share an event with this one: batch's edge floor, story to story.
            if dot(state.total, other.total) / (state.weight * other.weight) >= floor:
                pool.append(other_id)
                size += len(other.members)
        states = [self._stories[s] for s in pool]
        members = [a for st in states for a in st.members]
        counts = [c for st in states for c in st.counts]
        owner = [st.id for st in states for _ in st.members]
        was_evidence = [e for st in states for e in st.evidence]
        position = {a.id: k for k, a in enumerate(members)}
        original: list[int | None] = []
        for k, article in enumerate(members):
            links = [position[link] for link in (article.copy_of, article.duplicate_of) if link in position]
            # A copy follows its original; one whose original is elsewhere counts as evidence here.
            follows = not was_evidence[k] and links and was_evidence[links[0]]
            original.append(links[0] if follows else None)
        evidence = [source is None for source in original]
        vectors = [self._weigh(c) for c in counts]
        groups = regroup(vectors, [DateProfile.of(a) for a in members], original, self.config)
        ids, absorbed = heirs(groups, owner, evidence, {st.id: st.order for st in states})
        if all(i is not None and not more and len(g) == len(self._stories[i].members)
               for i, more, g in zip(ids, absorbed, groups)):
            return True  # every story kept exactly its members
        old = {st.id: st for st in states}
        for g, group in enumerate(groups):
            story = ids[g]
            if story is None:
                parent = Counter(owner[k] for k in group).most_common(1)[0][0]
                story = stable_id("s", parent, "split", members[group[0]].id)
                self._created += 1
                order, indexed = self._created, frozenset()
                self.events.append(StoryEvent("split", story, (parent,)))
            else:
                order, indexed = old[story].order, old[story].indexed
            fresh = _StoryState(story, order=order, indexed=indexed)
            for k in group:
                self._add_member(fresh, members[k], counts[k], vectors[k], evidence[k])
            fresh.total = prune(fresh.total, self.config.centroid_terms)
            fresh.core = prune_core(fresh.core, self.config.centroid_terms)
            fresh.consolidated = fresh.weight
            self._stories[story] = fresh
            self._reindex(fresh)
            for gone in absorbed[g]:
                self._drop(old[gone])
                self.events.append(StoryEvent("merge", story, (gone,)))
        return True

    def _add_member(self, state: _StoryState, article: Article, counts: dict[str, float],
                    vector: dict[str, float], evidence: bool) -> None:
        state.members.append(article)
        state.counts.append(counts)
        state.evidence.append(evidence)
        self._story_of[article.id] = state.id
        if not evidence:
            return
        state.weight += 1
        for t, w in vector.items():
            state.total[t] = state.total.get(t, 0.0) + w
        state.core.update(self._top_terms(vector, self.config.index_terms))
        profile = DateProfile.of(article)
        state.dates = profile if state.dates is None else state.dates.merged(profile)

    def _drop(self, state: _StoryState) -> None:
        """Forget a story that another absorbed (its members are already elsewhere)."""
        del self._stories[state.id]
        for term in state.indexed:
            posting = self._postings[term]
            if state.id in posting:
                posting.remove(state.id)

    def stories(self) -> list[Story]:
        out = [make_story(s.id, s.members, [self._weigh(c) for c in s.counts]) for s in self._stories.values()]
        absorbed = merged_from(self.events)
        for story in out:
            story.merged_from = absorbed.get(story.id, [])
        return sorted(out, key=lambda s: (s.start or "\uffff", s.id))
