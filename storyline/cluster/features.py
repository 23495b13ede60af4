"""What an article contributes to clustering: weighted terms, entities and dates.

Batch (`batch.py`) and streaming (`stream.py`) clustering both start from these functions,
so the two see exactly the same evidence and differ only in how they group it.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Article


@dataclass(frozen=True)
class ClusterConfig:
    """Weights and thresholds; the defaults were tuned on ECB+ topics 1-20 only (see bench)."""

    # Extra weight of title words and of the lead (first sentences) over body words:
    # headlines and leads name the event, bodies drift into background.
    title_weight: float = 1.0
    lead_weight: float = 2.0
    lead_chars: int = 400
    # Weight of one canonical entity mention relative to one body word.
    entity_weight: float = 1.0
    use_entities: bool = True
    # Extra weight of capitalised words inside sentences (names of people, places, bodies),
    # which tell two events of the same kind apart even when extraction has not run.
    name_weight: float = 1.0
    use_dates: bool = True
    # Average-linkage similarity needed to merge two clusters (batch) or join a story (stream).
    threshold: float = 0.15
    stream_threshold: float = 0.15
    # Streaming: linkage at which a story that has just grown absorbs another (a bridge).
    stream_merge_threshold: float = 0.18
    # How much two clusters whose described dates disagree lose (0 = dates ignored).
    date_penalty: float = 0.7
    # Publication gaps (days) beyond this start to lower similarity.
    date_window_days: int = 7
    # Share of similarity given to MiniLM vectors of title and lead (`dense.py`); 0 = not used.
    dense_weight: float = 0.0
    # Candidate search: terms per article that go into the index, articles kept per term,
    # neighbours kept per article. Fixed caps keep the cost linear in the corpus.
    index_terms: int = 12
    postings_cap: int = 200
    neighbours: int = 16
    # Candidate pairs whose own cosine is below this fraction of the threshold are dropped.
    edge_fraction: float = 0.5
    # Terms kept in a cluster centroid; bounds memory for very large stories.
    centroid_terms: int = 300
    # Two stories of `contrast_min_size` or more articles whose cores differ (each has a heavy
    # term in at least `core_share` of its articles that the other never has among its heaviest:
    # the other boxer, the other ship) are two events of one kind (two fights of one champion,
    # two raids of one navy); their linkage is multiplied by `contrast_factor`.
    contrast_factor: float = 0.65
    core_share: float = 0.5
    contrast_min_size: int = 5
    # After the merges, a leftover of at most `attach_max_size` articles joins the neighbouring
    # story of `attach_min_target` or more it links to best, if that linkage reaches
    # `attach_threshold` (1 = never): a report that shares little with most of a large,
    # varied story is still far more like it than like anything else.
    attach_threshold: float = 0.10
    attach_max_size: int = 2
    attach_min_target: int = 3


DEFAULT_CONFIG = ClusterConfig()

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according", "new", "year", "just",
                                         "like", "week", "day", "time", "people", "s", "mr", "ms", "mrs"}


@lru_cache(maxsize=1 << 18)  # word frequencies are Zipfian: a bounded cache catches almost all
def normalise_word(word: str) -> str | None:
    """Lower-cased, accent-free word with possessive and plural endings folded; None for noise."""
    word = word.casefold()
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if word in _STOP or len(word) < 2:
        return None
    if word[0].isdigit():
        # Single digits are noise; years, counts and scores can name an event.
        return word if len(word) >= 2 else None
    # A light plural fold: "ministers"/"minister" should meet without a full lemmatiser.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    out = []
    for match in _WORD.finditer(text):
        word = normalise_word(match.group())
        if word is not None:
            out.append(word)
    return out


def name_words(text: str) -> list[str]:
    """Normalised words written capitalised inside a sentence: names, without needing NER."""
    out = []
    for match in _WORD.finditer(text):
        token = match.group()
        if not token[0].isupper() or match.start() == 0:
            continue
        before = text[max(0, match.start() - 2) : match.start()].strip()
        if before and before[-1] in ".!?\"“'‘:":
            continue  # sentence-initial capitals say nothing about names
        word = normalise_word(token)
        if word is not None:
            out.append(word)
    return out


def split_title(article: Article) -> tuple[str, str]:
    """(title, body), not counting a title that the text repeats as its first line twice."""
    title = (article.title or "").strip()
    text = article.text or ""
    if title and text.lstrip().startswith(title):
        text = text.lstrip()[len(title):]
    return title, text


def lead_text(body: str, limit: int) -> str:
    """The first sentences of the body, up to about `limit` characters."""
    body = body.strip()
    if len(body) <= limit:
        return body
    cut = body[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(cut)]
    return cut[: ends[-1]] if ends else cut


def term_counts(article: Article, config: ClusterConfig = DEFAULT_CONFIG) -> dict[str, float]:
    """Weighted counts of the article's words (plus `e:<entity id>` features when linked)."""
    title, body = split_title(article)
    counts: Counter[str] = Counter()
    for word in words(body):
        counts[word] += 1.0
    for word in words(title):
        counts[word] += 1.0 + config.title_weight
    if config.lead_weight:
        for word in words(lead_text(body, config.lead_chars)):
            counts[word] += config.lead_weight
    if config.name_weight:
        for word in name_words(body):
            counts[word] += config.name_weight
    if config.use_entities:
        for mention in article.mentions:
            if mention.entity:
                counts[f"e:{mention.entity}"] += config.entity_weight
    return dict(counts)


def sublinear(count: float) -> float:
    return 1.0 + math.log(count) if count >= 1.0 else count


def published_day(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


# A day, or a time on a day ("2026-03-03TEV", "2026-03-03T18:00"): both say which day it was.
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(T[\dA-Z:.]*)?$")


# A date on a short line that holds a year and is no sentence is a dateline or byline ("Kyiv,
# Ukraine Thu Apr 17 2025", "March 28,2025 580"): when the page was written, not when the event happened.
# A headline's weekday ("Bridge to open on Saturday") names the event and is kept.
DATELINE_WORDS = 10
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def in_dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return (len(line.split()) <= DATELINE_WORDS and _YEAR.search(line) is not None
            and not line.endswith((".", "!", "?", "”", '"')))


def event_day(article: Article, max_distance_days: int = 45) -> dt.date | None:
    """The day the article describes: its first expression resolved to a day (or a time on one).

    News leads state when the event happens ("on Thursday", "10 April"), so the first
    day-precise date is the event's, whether the article is a preview or a report. Dates
    far from publication are background ("the 2014 summit") and are skipped, and so are
    datelines on a line of their own (`in_dateline`).
    """
    published = published_day(article)
    text = article.text or ""
    for ref in sorted(article.times, key=lambda t: (t.start, t.end)):
        match = _DAY.match(ref.value or "") if ref.type in ("DATE", "TIME") else None
        if match is None or in_dateline(text, ref.start, ref.end):
            continue
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if published is None or abs((day - published).days) <= max_distance_days:
            return day
    return None


def story_day(article: Article) -> dt.date | None:
    """The article's best date for a story's date range: described event, else publication."""
    return event_day(article) or published_day(article)


@dataclass
class DateProfile:
    """The dates a cluster describes (counted) and the span over which it was published."""

    events: Counter
    first_published: dt.date | None
    last_published: dt.date | None

    @classmethod
    def of(cls, article: Article) -> "DateProfile":
        day = event_day(article)
        published = published_day(article)
        return cls(Counter([day]) if day else Counter(), published, published)

    def merged(self, other: "DateProfile") -> "DateProfile":
        firsts = [d for d in (self.first_published, other.first_published) if d]
        lasts = [d for d in (self.last_published, other.last_published) if d]
        return DateProfile(self.events + other.events, min(firsts, default=None), max(lasts, default=None))


def contrast_factor(a_weight: int, a_core: Counter, b_weight: int, b_core: Counter,
                    config: ClusterConfig = DEFAULT_CONFIG) -> float:
    """`config.contrast_factor` when two sizeable stories each have a core of their own, else 1.

    A story's core is what most of its members have among their heaviest terms; `a_core`
    counts, per term, the members that do.
    """
    if config.contrast_factor >= 1.0 or min(a_weight, b_weight) < config.contrast_min_size:
        return 1.0

    def own_core(weight: int, core: Counter, other: Counter) -> bool:
        need = config.core_share * weight
        return any(count >= need and term not in other for term, count in core.items())

    if own_core(a_weight, a_core, b_core) and own_core(b_weight, b_core, a_core):
        return config.contrast_factor
    return 1.0


def prune_core(core: Counter, keep: int) -> Counter:
    # Terms in half the members are always among the most common few: pruning never hides a core.
    if len(core) <= keep:
        return core
    return Counter(dict(sorted(core.items(), key=lambda kv: (-kv[1], str(kv[0])))[:keep]))


def date_factor(a: DateProfile, b: DateProfile, config: ClusterConfig = DEFAULT_CONFIG) -> float:
    """A multiplier in (0, 1]: 1 when dates agree or are unknown, lower as they disagree."""
    if not config.use_dates:
        return 1.0
    if a.events and b.events:
        total_a, total_b = sum(a.events.values()), sum(b.events.values())
        overlap = sum(min(a.events[d] / total_a, b.events[d] / total_b) for d in a.events if d in b.events)
        factor = 1.0 - config.date_penalty * (1.0 - overlap)
        if overlap == 0.0:
            # No described day shared and published far apart: the same kind of event at the
            # same place weeks later, not one event. Reports published close together keep the
            # milder penalty, since an event day read from a text is sometimes a background date.
            factor *= _publication_gap_factor(a, b, config)
        return factor
    return _publication_gap_factor(a, b, config)


def _publication_gap_factor(a: DateProfile, b: DateProfile, config: ClusterConfig) -> float:
    if a.first_published and b.first_published and a.last_published and b.last_published:
        gap = max((b.first_published - a.last_published).days, (a.first_published - b.last_published).days, 0)
        excess = gap - config.date_window_days
        if excess > 0:
            return 1.0 / (1.0 + excess / config.date_window_days)
    return 1.0
