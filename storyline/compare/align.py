"""Joining claims from different outlets that state the same thing.

Similarity is the better of TF-IDF cosine and an IDF-weighted overlap coefficient over
folded lemmas (news-verb synonyms folded: host/lead/chair, meet/gather/convene, ...), plus
agreement on canonical entities, numbers and resolved dates (and, when installed and asked
for, a sentence-embedding model). Grouping is complete-link with a floor: a claim joins a fact
only if it clears the floor with EVERY claim already in it and the threshold on average, so
loosely related sentences never chain into one fact. An outlet may hold two claims in one fact
(it stated the fact twice) only when each clears THRESHOLD * REPEAT_FACTOR with every claim.

Recall signals measured on the tune half of tests/data/ledger_gold_v2 (without the spaCy pass,
alignment recall 0.691 at the start): quotes of one utterance (QUOTE_*) 0.702, figures written
the same way (FIGURE_WEIGHT) 0.734, a single claim joining a fact near all of it (CLOSE_LINK)
0.745, precision 0.956 -> 0.959, conflicts unchanged. Folding reporting verbs ("wrote",
"confirmed", "revealed") together or dropping them changed nothing, so they are left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.compare.counts import close_counts
from storyline.compare.features import STOP, ClaimFeatures
from storyline.compare.quote_conflicts import MIN_SHARED_WORDS, passage_bags

# Tuned on the tune half of tests/data/ledger_gold (bench/ledger/gold.py --split tune, with and
# without --nlp); OVERLAP_WEIGHT 0.8-0.9 scored a little higher there but joined unrelated
# sentences of the seed story, so the weight was kept at 0.7.
THRESHOLD = 0.36
ENTITY_WEIGHT = 0.10
NUMBER_WEIGHT = 0.10
DATE_WEIGHT = 0.10
# Both claims date the same event or count the same thing (a shared slot token, see slots.py),
# whether or not they agree on the value: that is what makes them comparable at all.
SLOT_WEIGHT = 0.10
EVENT_WEIGHT = 0.15
# Every pair inside a fact must reach this floor (complete link, so no chaining), and the
# average pair the threshold: one weaker paraphrase does not split a five-outlet fact.
LINK_FLOOR = 0.18
# Weight of the IDF-weighted overlap coefficient, an alternative to cosine for short-vs-long claims.
OVERLAP_WEIGHT = 0.7
MIN_OVERLAP_WORDS = 4
# Two long sentences sharing this many content words state one thing more often than their
# cosine says (cosine divides by all the other words each one carries): a small bonus. Tune
# half: 0.06 +2 pairs; 0.10 one more but, read on the whole tune stories, about 35 more joins,
# many of them one topic rather than one statement.
MANY_SHARED = 8
MANY_SHARED_BONUS = 0.06
# A single claim that clears the threshold with one claim of a fact and this with every other
# joins it even below the average: a caption that grabbed one outlet's report first must not
# keep a third outlet out of the fact.
CLOSE_LINK = 0.24
# A second claim of one outlet in a fact must reach THRESHOLD * REPEAT_FACTOR with every claim.
REPEAT_FACTOR = 1.25
# Claims that share almost nothing lexically are never joined, whatever the bonuses say.
MIN_LEXICAL = 0.20
# Two claims quoting one passage (QUOTE_SAME of the shorter quotation's words found in the
# other) report one utterance, however differently the words around it run ("Trump wrote on
# Twitter" / "seized on the memos in a message posted late Thursday"): their score is raised
# to QUOTE_WEIGHT times that share.
QUOTE_SAME = 0.8
# ... when the quotations share at least this many content words: four ("Iran", "Middle",
# "East", "Syria") are shared by quotes of two different remarks on one topic.
QUOTE_MIN_WORDS = 6
# Figures written the same way in both claims ("700,000", "5.7"): rare across a story, so
# sharing them is strong evidence even when no extractor read them as quantities.
FIGURE_WEIGHT = 0.15
# Small whole numbers (days of a month, "two", ranks) are shared by chance.
MIN_FIGURE = 32
QUOTE_WEIGHT = 0.45
# Both claims count one noun with close figures (counts.py: 50,000 vs 55,000 pages): the words
# differ exactly where they disagree, so this stands in for them and lets a weaker lexical match
# through (like a shared event slot).
COUNT_WEIGHT = 0.20
# ... and more when both figures are at least LARGE_COUNT: two outlets rarely give close counts
# of one noun in the hundreds or millions by chance (150 vs about 200 migrants, 1.5 vs up to
# 1.6 million women), so such a pair needs even fewer shared words (LARGE_COUNT_LEXICAL).
# Small counts (41 vs 51 votes, 19 vs 23 steps) stay with the plain count rule. Tune half:
# 0.819 -> 0.851 at precision 0.963 -> 0.964; on the whole tune stories exactly those two facts change.
LARGE_COUNT = 100
LARGE_COUNT_BONUS = 0.10
LARGE_COUNT_LEXICAL = 0.07
# Two claims, one negating what the other asserts, are kept apart below this score: a claim
# and its negation that agree on everything else are one fact in conflict; below it, different
# statements that share words.
NEGATION_SAME = 0.60
# A phrase one claim quotes found word for word in the other: the same words reported twice.
QUOTED_PHRASE_WORDS = 4
QUOTED_PHRASE_WEIGHT = 0.05
# Sentence embeddings (optional, semantic.py): cosine at which two claims read as one statement,
# the lexical similarity they still need, and how far below the cosine their score is put.
SEMANTIC_SAME = 0.75
SEMANTIC_MIN_LEXICAL = 0.15
SEMANTIC_OFFSET = 0.15


@dataclass(frozen=True)
class Member:
    """Where a claim comes from, for the one-claim-per-source rule."""

    article: str
    origin: str
    root: str
    credited: bool = False
    # The sentence a claim is (part of): a clause part never shares a fact with its sentence
    # or with another part of it (claims.clause_parts).
    unit: str = ""


def _binary(rows: list[set[str]]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    indices, indptr = [], [0]
    for row in rows:
        for item in sorted(row):
            indices.append(vocab.setdefault(item, len(vocab)))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(vocab))))


def _overlap(rows: list[set[str]]) -> np.ndarray:
    """Overlap coefficient |A & B| / min(|A|, |B|); 0 where either side is empty."""
    matrix = _binary(rows)
    shared = (matrix @ matrix.T).toarray()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    smaller = np.minimum.outer(sizes, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(smaller > 0, shared / np.maximum(smaller, 1), 0.0)


def _tfidf_cosine(rows: list[list[str]]) -> np.ndarray:
    if not any(rows):
        return np.zeros((len(rows), len(rows)))
    vectorizer = TfidfVectorizer(analyzer=lambda items: items, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform(rows)
    return (matrix @ matrix.T).toarray()


def _weighted_overlap(rows: list[list[str]]) -> np.ndarray:
    """IDF-weighted share of the shorter claim's content words found in the other claim.

    Cosine punishes a short report of a fact stated inside a long sentence; this does not,
    and the IDF weights keep the story's everyday words from carrying it."""
    if not any(rows):
        return np.zeros((len(rows), len(rows)))
    vectorizer = TfidfVectorizer(analyzer=lambda items: items, use_idf=True, binary=True, norm=None)
    matrix = vectorizer.fit_transform(rows)
    weights = sparse.diags(vectorizer.idf_)
    present = (matrix > 0).astype(np.float32)
    shared = (present @ weights @ present.T).toarray()
    totals = np.asarray((present @ weights).sum(axis=1)).ravel()
    smaller = np.minimum.outer(totals, totals)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(smaller > 0, shared / np.maximum(smaller, 1e-9), 0.0)


def lexical_similarity(feats: list[ClaimFeatures]) -> np.ndarray:
    rows = [f.words for f in feats]
    cosine = _tfidf_cosine(rows)
    if OVERLAP_WEIGHT <= 0:
        return cosine
    overlap = _weighted_overlap(rows)
    # A few shared words make a large share of a short claim by luck ("Colorado Attorney
    # General X isn't backing down" vs any sentence about that office): need enough of them.
    present = _binary([set(r) for r in rows])
    shared = (present @ present.T).toarray()
    enough = shared >= MIN_OVERLAP_WORDS
    best = np.maximum(cosine, np.where(enough, OVERLAP_WEIGHT * overlap, 0.0))
    return best + np.where(shared >= MANY_SHARED, MANY_SHARED_BONUS, 0.0)


def _figures(words: list[str]) -> set[str]:
    """Figures among a claim's words, as written: decimals, thousands, and whole numbers >= MIN_FIGURE."""
    found = set()
    for word in words:
        if not word[:1].isdigit():
            continue
        plain = word.replace(",", "")
        if not plain.isdigit() or int(plain) >= MIN_FIGURE:
            found.add(plain)
    return found


def quote_similarities(feats: list[ClaimFeatures]) -> np.ndarray:
    """Pairwise quote_conflicts.quote_similarity of all claims at once: the shared share of the
    shorter quoted passage, best passage pair per claim pair, 0 below MIN_SHARED_WORDS shared."""
    n = len(feats)
    owners: list[int] = []
    rows: list[set[str]] = []
    for index, f in enumerate(feats):
        for bag in passage_bags(f.claim):
            owners.append(index)
            # A word said twice becomes two items, so shared items are the bags' common count.
            rows.append({f"{word}#{k}" for word, count in bag.items() for k in range(count)})
    result = np.zeros((n, n))
    if not rows:
        return result
    present = _binary(rows)
    shared = (present @ present.T).toarray()
    sizes = np.asarray(present.sum(axis=1)).ravel()
    smaller = np.minimum.outer(sizes, sizes)
    share = np.where((shared >= max(MIN_SHARED_WORDS, QUOTE_MIN_WORDS)) & (smaller > 0), shared / np.maximum(smaller, 1), 0.0)
    owner = np.asarray(owners)
    np.fill_diagonal(share, 0.0)
    p, q = np.nonzero(share)
    np.maximum.at(result, (owner[p], owner[q]), share[p, q])
    return result


_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,300})[\"“”]")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    return " ".join(_PLAIN_WORD.findall(text.lower().replace("’", "'")))


def _holders(word_lists) -> dict[str, set[int]]:
    """word -> indices of the claims holding it, so pair checks visit only claims sharing a word."""
    holders: dict[str, set[int]] = {}
    for j, words in enumerate(word_lists):
        for word in words:
            holders.setdefault(word, set()).add(j)
    return holders


def _quoted_phrase_matrix(feats: list[ClaimFeatures]) -> np.ndarray:
    """Pairs where one claim quotes a phrase, of at least QUOTED_PHRASE_WORDS words of which two
    are content words, that the other claim holds word for word ("NO COLLUSION and NO
    OBSTRUCTION" quoted in a report of a tweet and in the tweet itself)."""
    n = len(feats)
    result = np.zeros((n, n), dtype=bool)
    plain = [f" {_plain(f.claim.text)} " for f in feats]
    holders = _holders(text.split() for text in plain)
    for i, f in enumerate(feats):
        for match in _QUOTED.finditer(f.claim.text):
            raw = re.findall(r"[A-Za-z]+", match.group(1))
            # A phrase in Title Case is a name, a title or a slogan ("Make America Great Again"
            # on hats), quoted as a label rather than as someone's words.
            if raw and all(w[:1].isupper() and not w.isupper() for w in raw if len(w) > 3):
                continue
            phrase = _plain(match.group(1))
            words = phrase.split()
            if len(words) < QUOTED_PHRASE_WORDS or sum(w not in STOP for w in words) < 2:
                continue
            # Only claims holding every word of the phrase can hold the phrase.
            for j in sorted(set.intersection(*(holders.get(w, set()) for w in set(words))) - {i}):
                if f" {phrase} " in plain[j]:
                    result[i, j] = result[j, i] = True
    return result


def _close_count_matrix(feats: list[ClaimFeatures], least: float = 0.0) -> np.ndarray:
    """Pairs of claims counting one noun with close figures (counts.close_counts), both at least `least`."""
    n = len(feats)
    result = np.zeros((n, n), dtype=bool)
    counts = [[c for c in f.counts if c[0] >= least] for f in feats]
    counting = [i for i, c in enumerate(counts) if c]
    for x, i in enumerate(counting):
        for j in counting[x + 1:]:
            if close_counts(counts[i], counts[j]):
                result[i, j] = result[j, i] = True
    return result


def contradicts(x: ClaimFeatures, y: ClaimFeatures) -> bool:
    """One claim negates a word the other asserts ("Nobody defended him" / "X defended him",
    "has pleaded not guilty" / "have pleaded guilty"), the other holding no negative word."""
    for negated, plain in ((x, y), (y, x)):
        if negated.negated and not plain.has_negator and any(v in plain.content for v in negated.negated - plain.negated):
            return True
    return False


def _contradiction_matrix(feats: list[ClaimFeatures]) -> np.ndarray:
    n = len(feats)
    result = np.zeros((n, n), dtype=bool)
    # Only claims holding a word another claim negates can contradict it: look them up by word.
    holders = _holders(f.words for f in feats)
    for i in (i for i, f in enumerate(feats) if f.negated):
        for j in sorted(set().union(*(holders.get(v, set()) for v in feats[i].negated)) - {i}):
            if contradicts(feats[i], feats[j]):
                result[i, j] = result[j, i] = True
    return result


def similarity(feats: list[ClaimFeatures], semantic: np.ndarray | None = None) -> np.ndarray:
    """Pairwise claim similarity in [0, ~1.4]; the diagonal is meaningless."""
    lexical = lexical_similarity(feats)
    if semantic is not None:
        # The embedding sees paraphrase the lemma overlap misses, but it also scores any two
        # sentences on one topic high: it only speaks for claims that share some words too.
        lexical = np.where((lexical >= SEMANTIC_MIN_LEXICAL) & (semantic >= SEMANTIC_SAME),
                           np.maximum(lexical, semantic - SEMANTIC_OFFSET), lexical)
    # IDF-weighted: the story's main actors (named in every other sentence) say little.
    entities = _tfidf_cosine([sorted(f.entities) for f in feats])
    numbers = _overlap([{f"{q.value:g}|{q.unit}" for q in f.quantities} for f in feats])
    dates = _overlap([{d for d in f.dates if len(d) == 10} for f in feats])
    figures = _tfidf_cosine([sorted(_figures(f.words)) for f in feats])
    slots = _overlap([{s for s in f.slots if "|" not in s} for f in feats])
    # The same verb about the same noun dating or counting something ("the bridge was last
    # inspected on <date>" twice): the same event whatever else the sentences say.
    events = _overlap([{s for s in f.slots if "|" in s} for f in feats]) > 0
    counted = _close_count_matrix(feats)
    large = _close_count_matrix(feats, LARGE_COUNT)
    score = lexical + ENTITY_WEIGHT * entities + NUMBER_WEIGHT * numbers + DATE_WEIGHT * dates \
        + SLOT_WEIGHT * slots + EVENT_WEIGHT * events + FIGURE_WEIGHT * figures + COUNT_WEIGHT * counted + LARGE_COUNT_BONUS * large \
        + QUOTED_PHRASE_WEIGHT * _quoted_phrase_matrix(feats)
    weak_ok = (events | counted) & (lexical >= MIN_LEXICAL / 2) | large & (lexical >= LARGE_COUNT_LEXICAL)
    score = np.where((lexical >= MIN_LEXICAL) | weak_ok, score, 0.0)
    if QUOTE_WEIGHT > 0:
        quotes = quote_similarities(feats)
        score = np.where(quotes >= QUOTE_SAME, np.maximum(score, QUOTE_WEIGHT * quotes), score)
    else:
        quotes = np.zeros_like(score)
    # A claim and its negation are one fact (a negation conflict) only when everything else
    # agrees; otherwise they say different things and must not be joined as corroboration. A
    # quote of one utterance is left to the quote check (a dropped "not" is a changed quote).
    # The score is set to 0, under the link floor: no fact may hold both.
    apart = _contradiction_matrix(feats) & (score < NEGATION_SAME) & (quotes < QUOTE_SAME)
    return np.where(apart, 0.0, score)


def _same_source_pairs(a: list[int], b: list[int], members: list[Member]) -> bool:
    """Whether joining a and b would put two claims of one independent source in a fact.

    Copies (same root) and claims credited to another outlet do not count: they are not
    the publishing outlet speaking twice."""
    for i in a:
        for j in b:
            mi, mj = members[i], members[j]
            if mi.article == mj.article:
                return True
            if mi.origin == mj.origin and mi.root != mj.root and not (mi.credited or mj.credited):
                return True
    return False


def _same_sentence(a: list[int], b: list[int], members: list[Member]) -> bool:
    units = {members[i].unit for i in a} - {""}
    return bool(units) and any(members[j].unit in units for j in b)


def _compatible(a: list[int], b: list[int], members: list[Member]) -> bool:
    """At most one claim per article, and per independent source unless copies or credited."""
    return not _same_source_pairs(a, b, members) and not _same_sentence(a, b, members)


def _other_sources(cluster: list[int], members: list[Member]) -> bool:
    """A repeated claim only joins a fact that more than one outlet states."""
    return len({members[i].origin for i in cluster}) > 1


def _close(cross: np.ndarray, threshold: float) -> bool:
    """One claim joining a fact: close to every claim of it and at the threshold with one."""
    return min(cross.shape) == 1 and cross.max() >= threshold and cross.min() >= CLOSE_LINK


def _links(cross: np.ndarray, floor: float, threshold: float) -> bool:
    """Complete link: no pair under `floor`, and the threshold on average (or `_close`)."""
    return cross.min() >= floor and (cross.mean() >= threshold or _close(cross, threshold))


def group(scores: np.ndarray, members: list[Member], threshold: float | None = None) -> list[list[int]]:
    """Complete-link grouping of claim indices; every claim ends in exactly one group."""
    threshold = THRESHOLD if threshold is None else threshold
    n = len(members)
    cluster_of = list(range(n))
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    upper = np.triu(scores, k=1)
    rows, cols = np.nonzero(upper >= threshold)
    # Strongest pairs first; index order breaks ties so the result never depends on luck.
    order = sorted(zip(rows.tolist(), cols.tolist()), key=lambda p: (-upper[p[0], p[1]], p[0], p[1]))
    for i, j in order:
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        a, b = clusters[ci], clusters[cj]
        if _same_sentence(a, b, members):
            continue
        cross = scores[a][:, b]
        if not _links(cross, min(LINK_FLOOR, threshold), threshold):
            continue
        # An outlet stating the fact twice may keep both claims, but only when each one
        # matches every claim of the fact at the full threshold (no loose second claims).
        if _same_source_pairs(a, b, members) and (cross.min() < threshold * REPEAT_FACTOR or not _other_sources(a + b, members)):
            continue
        keep, drop = min(ci, cj), max(ci, cj)
        clusters[keep] = sorted(a + b)
        for k in clusters.pop(drop):
            cluster_of[k] = keep
    return [clusters[k] for k in sorted(clusters)]


def attach_parts(groups: list[list[int]], scores: np.ndarray, members: list[Member], sentences: int,
                 threshold: float | None = None) -> list[list[int]]:
    """Clause parts of compound sentences (indices from `sentences` on) join the fact of another
    outlet they match as one claim would (complete link, threshold on average or CLOSE_LINK),
    never their own sentence's fact; a part that joins nothing is left out.

    Runs after the sentences are grouped, so parts never split or block what whole sentences
    agree on; a sentence carrying two facts ends in both (itself in one, a part in the other)."""
    threshold = THRESHOLD if threshold is None else threshold
    groups = [list(g) for g in groups]
    group_of = {i: g for g, cluster in enumerate(groups) for i in cluster}
    for part in range(sentences, len(members)):
        near = np.nonzero(scores[part, :sentences] >= threshold)[0]
        best, best_mean = None, 0.0
        for g in sorted({group_of[int(j)] for j in near}):
            cluster = groups[g]
            cross = scores[[part]][:, cluster]
            if not _links(cross, LINK_FLOOR, threshold):
                continue
            if not _compatible(cluster, [part], members):
                continue
            if cross.mean() > best_mean:
                best, best_mean = g, float(cross.mean())
        if best is not None:
            groups[best] = sorted(groups[best] + [part])
    return groups


# A claim already in one fact may also support a single-source fact when it clearly states
# it too: compound sentences ("Led by A and B, the meeting takes place at C") carry two facts.
SECOND_FACT_SCORE = 0.40


def second_supports(groups: list[list[int]], scores: np.ndarray, members: list[Member]) -> dict[int, int]:
    """Group index -> one extra claim index, for groups backed by a single origin."""
    extra: dict[int, int] = {}
    for g, claims in enumerate(groups):
        if len({members[i].origin for i in claims}) > 1:
            continue
        cross = scores[claims].min(axis=0)
        best = None
        for j in np.argsort(-cross, kind="stable").tolist():
            if cross[j] < SECOND_FACT_SCORE:
                break
            if j not in claims and _compatible(claims, [j], members) and members[j].origin != members[claims[0]].origin:
                best = j
                break
        if best is not None:
            extra[g] = best
    return extra
