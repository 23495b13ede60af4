"""The fact ledger: claims of a story's articles aligned into facts, each marked
corroborated, single-source or conflicting, with typed conflicts and a timeline."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from storyline.compare.align import Member, attach_parts, group, second_supports, similarity
from storyline.compare.claims import claim_key, clause_parts, split_claims
from storyline.compare.conflicts import find_conflicts
from storyline.compare.features import ClaimFeatures, claim_features
from storyline.compare.semantic import semantic_similarity
from storyline.compare.sources import SourceCredit, copy_roots
from storyline.compare.timeline import build_timeline
from storyline.model import Article, Claim, Fact, Story, stable_id
from storyline.pipeline import Corpus, stage

__all__ = ["build_ledger", "compare_stage", "story_claims", "split_claims"]

STATUS_ORDER = {"conflicting": 0, "corroborated": 1, "single-source": 2}


def story_claims(story: Story, articles: dict[str, Article], docs: dict | None = None) -> list[ClaimFeatures]:
    """Claim features of every usable article of the story, in a fixed order (article id, offset)."""
    feats: list[ClaimFeatures] = []
    for article_id in sorted(set(story.articles)):
        article = articles.get(article_id)
        if article is None or not article.ok or not article.text:
            continue
        doc = (docs or {}).get(article_id)
        for claim in split_claims(article, doc):
            feats.append(claim_features(article, claim, doc))
    return feats


def with_clause_parts(feats: list[ClaimFeatures], articles: dict[str, Article],
                      docs: dict | None = None) -> tuple[list[ClaimFeatures], list[str]]:
    """The story's claims followed by the clause parts of its compound sentences, and for each
    the key of the sentence it belongs to."""
    parts, units = [], [claim_key(f.claim) for f in feats]
    for f in feats:
        for part in clause_parts(f.claim):
            parts.append(claim_features(articles[f.claim.article], part, (docs or {}).get(f.claim.article)))
            units.append(claim_key(f.claim))
    return feats + parts, units


def _copied(claim: Claim, original: Article) -> bool:
    """Whether a copy's claim is found in the original (whitespace aside)."""
    return " ".join(claim.text.split()) in " ".join((original.text or "").split())


def _fact_text(members: list[int], feats: list[ClaimFeatures], scores: np.ndarray) -> str:
    """The claim closest to all the others reads as the fact; ties go to the earliest."""
    if len(members) == 1:
        best = members[0]
    else:
        best = max(members, key=lambda i: (sum(scores[i, j] for j in members if j != i), -members.index(i)))
    return " ".join(feats[best].claim.text.split())


def claim_origins(feats: list[ClaimFeatures], articles: dict[str, Article]) -> tuple[list[str], list[Member]]:
    """Who stands behind each claim (credited outlet, else the original's outlet) and its member record."""
    in_story = {f.claim.article: articles[f.claim.article] for f in feats}
    roots = copy_roots(in_story)
    credit = SourceCredit(sorted({a.source for a in in_story.values()}))
    origins: list[str] = []
    members: list[Member] = []
    for f in feats:
        outlet = credit.credited(f.claim)
        root = roots[f.claim.article]
        if root != f.claim.article and not _copied(f.claim, in_story[root]):
            # A line the copy added is the copying outlet's own: credit it there, not to the original.
            root = f.claim.article
        origin = outlet or in_story[root].source
        origins.append(origin)
        members.append(Member(f.claim.article, origin, root, credited=outlet is not None))
    return origins, members


def build_ledger(story: Story, articles: dict[str, Article], docs: dict | None = None) -> None:
    """Fill `story.facts` and `story.timeline` from the story's articles."""
    sentences = story_claims(story, articles, docs)
    feats, units = with_clause_parts(sentences, articles, docs)
    origins, members = claim_origins(feats, articles)
    members = [replace(m, unit=unit) for m, unit in zip(members, units)]
    semantic = semantic_similarity([f.claim.text for f in feats])
    scores = similarity(feats, semantic)
    # Sentences are grouped on their own scores (word weights over sentences only), exactly as
    # without parts; parts only attach afterwards.
    n = len(sentences)
    scores[:n, :n] = similarity(sentences, None if semantic is None else semantic[:n, :n])
    facts: list[Fact] = []
    groups = group(scores[:n, :n], members[:n])
    # Second supports are chosen among sentences, before parts attach (group indices stay).
    extra = second_supports(groups, scores[:n, :n], members[:n])
    groups = attach_parts(groups, scores, members, n)
    for g, cluster in enumerate(groups):
        conflicts = find_conflicts([feats[i] for i in cluster], [origins[i] for i in cluster])
        # A sentence lent to a fact its own clause has joined is there already.
        if g in extra and all(members[i].unit != members[extra[g]].unit for i in cluster):
            with_extra = cluster + [extra[g]]
            extra_conflicts = find_conflicts([feats[i] for i in with_extra], [origins[i] for i in with_extra])
            # A sentence lent to a second fact only corroborates it: when it would contradict
            # the fact, it was most likely about something else ("that meeting" = another one),
            # unless it dates the same event or counts the same thing as every claim of the fact
            # ("creating around 450 jobs" vs "would create around 600 jobs"): then that is the fact.
            same_slot = all(feats[extra[g]].slots & feats[i].slots for i in cluster)
            if len(extra_conflicts) == len(conflicts) or same_slot:
                cluster = with_extra
                conflicts = extra_conflicts
        claims: list[Claim] = [feats[i].claim for i in cluster]
        sources = sorted({origins[i] for i in cluster})
        status = "conflicting" if conflicts else "corroborated" if len(sources) >= 2 else "single-source"
        fact_id = stable_id("f", story.id, *sorted(claim_key(c) for c in claims))
        facts.append(Fact(id=fact_id, status=status, text=_fact_text(cluster, feats, scores), claims=claims,
                          sources=sources, conflicts=conflicts))
    first_seen = {claim_key(f.claim): i for i, f in enumerate(feats)}
    facts.sort(key=lambda f: (STATUS_ORDER[f.status], -len(f.sources), first_seen[claim_key(f.claims[0])]))
    story.facts = facts
    story.timeline = build_timeline(facts, {claim_key(f.claim): f for f in feats})


@stage("compare", needs={"stories", "mentions", "quotes", "times", "quantities", "entities"}, sets={"facts", "timeline"})
def compare_stage(corpus: Corpus) -> None:
    articles = {a.id: a for a in corpus.articles}
    for done, story in enumerate(corpus.stories, start=1):
        build_ledger(story, articles, corpus.docs)
        corpus.options.report_progress("compare", done, len(corpus.stories))
