"""One canonical entity per real person, organisation or place across the corpus.

Linking runs in linear time: every mention gets a cheap key (accent-folded, transliteration-
normalised), and the only pairwise comparisons happen inside small blocks (people sharing a
first name and a surname initial). Rules, in order:

1. Type: a name keeps the type most of its mentions have; a one-word name that is the
   surname of a full-named person in the corpus, with more person mentions than
   other-typed ones, becomes a PERSON (the model tags "Healey" as ORG now and then).
2. People: full names merge when first name and surname keys agree (Zelensky/Zelenskyy/
   Zelenskiy, Sebastien/Sébastien), when an initial matches ("J. Healey"), when the
   surnames are near-identical (rapidfuzz) and the first names agree, or when the surnames
   agree and the first names differ only in vowels (Vladimir/Volodymyr). A bare surname joins
   the one full-named person with that surname; with two candidates (John and Jane Smith)
   it stays its own, ambiguous entity.
3. Other names: the alias table below (well-known abbreviations), then an acronym equal to
   the initials of exactly one multi-word name of the same type ("MoD" -> "Ministry of Defence").
Ids are `stable_id("e", type, key of the canonical name)`, so they never depend on order.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from storyline.extract.mentions import bracketed_names
from storyline.extract.names import (
    acronyms_of,
    fold,
    is_accented,
    is_acronym,
    name_key,
    person_parts,
    same_name_in_other_vowels,
)
from storyline.extract.roles import roles_for_span
from storyline.model import Article, Entity, Mention, stable_id
from storyline.unionfind import UnionFind

# Well-known abbreviations and alternative names: name key -> (canonical name, type).
# Only names whose short form cannot be derived by the acronym rule or is used without the
# full form ever appearing ("U.S." rarely comes with "United States of America" spelt out).
ALIASES: dict[str, tuple[str, str]] = {}
for _canonical, _type, _forms in (
    ("United States", "GPE", ("us", "usa", "united states", "united states of america", "america")),
    ("United Kingdom", "GPE", ("uk", "united kingdom", "britain", "great britain")),
    ("European Union", "ORG", ("eu", "european union")),
    ("United Nations", "ORG", ("un", "united nations")),
    ("Kyiv", "GPE", ("kyiv", "kiev")),
    ("Russia", "GPE", ("russia", "russian federation")),
    ("Soviet Union", "GPE", ("soviet union", "ussr")),
    ("United Arab Emirates", "GPE", ("uae", "united arab emirates")),
):
    for _form in _forms:
        ALIASES[name_key(_form)] = (_canonical, _type)

# Tie-break when a name is tagged with several types equally often.
TYPE_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT")
FUZZY_SURNAME_THRESHOLD = 90


@dataclass
class _Occurrence:
    article: Article
    mention: Mention
    surface: str  # the in-article fullest name (mention.resolved) or the text
    # How many mentions this occurrence stands for (`link_name_table` folds equal ones).
    weight: int = 1


@dataclass
class _Group:
    type: str
    occurrences: list[_Occurrence] = field(default_factory=list)
    canonical: str | None = None  # fixed name from the alias table


def link_entities(articles: list[Article], docs: dict) -> list[Entity]:
    _add_bracketed_mentions(articles)
    occurrences = [
        _Occurrence(article, m, m.resolved or m.text) for article in articles for m in article.mentions
    ]
    types = _decide_types(occurrences)
    groups: dict[tuple[str, str], _Group] = {}
    person_occ = [o for o in occurrences if types[_type_key(o)] == "PERSON"]
    other_occ = [o for o in occurrences if types[_type_key(o)] != "PERSON"]
    _group_people(person_occ, groups)
    _group_others(other_occ, types, groups)
    entities = _build_entities(groups, docs)
    _link_speakers(articles, entities)
    return sorted(entities, key=lambda e: e.id)


def _add_bracketed_mentions(articles: list[Article]) -> None:
    """`"the prime minister [Keir Starmer]"`: a bracketed name inside a quote the model missed
    becomes a mention when another article of the corpus names the same entity."""
    candidates = [(a, span) for a in articles if "[" in a.text for span in bracketed_names(a.text, a.mentions)]
    if not candidates:
        return
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for m in article.mentions:
            types[name_key(m.resolved or m.text)][m.type] += 1
            parts = person_parts(m.resolved or m.text) if m.type == "PERSON" else []
            if len(parts) >= 2:  # "[Harrowgate]" names Edmund Harrowgate
                types[name_key(parts[-1])]["PERSON"] += 1
    for article, (start, end) in candidates:
        known = types.get(name_key(article.text[start:end]))
        if known:
            name = article.text[start:end]
            article.mentions.append(Mention(start, end, name, min(known, key=lambda t: (-known[t], _priority(t))), resolved=name))
            article.mentions.sort(key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------- types


def _type_key(o: _Occurrence) -> str:
    return name_key(o.surface)


def _decide_types(occurrences: list[_Occurrence]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for o in occurrences:
        counts[_type_key(o)][o.mention.type] += o.weight
    # Surnames of full-named people, with how often the person is mentioned.
    person_surnames: dict[str, set[str]] = defaultdict(set)
    person_weight: Counter[str] = Counter()
    for key, by_type in counts.items():
        words = key.split()
        if by_type["PERSON"] and len(words) >= 2:
            person_surnames[words[-1]].add(key)
            person_weight[words[-1]] += by_type["PERSON"]
    decided = {}
    for key, by_type in counts.items():
        alias = ALIASES.get(key)
        if alias is not None:
            decided[key] = alias[1]
            continue
        best = min(by_type, key=lambda t: (-by_type[t], _priority(t)))
        if best != "PERSON" and " " not in key and person_surnames.get(key):
            if person_weight[key] + by_type["PERSON"] >= sum(by_type.values()):
                best = "PERSON"
        decided[key] = best
    return decided


def _priority(entity_type: str) -> int:
    return TYPE_PRIORITY.index(entity_type) if entity_type in TYPE_PRIORITY else len(TYPE_PRIORITY)


def _alias_for(surface: str) -> tuple[str, str] | None:
    return ALIASES.get(name_key(surface))


# ---------------------------------------------------------------- people


def _group_people(occurrences: list[_Occurrence], groups: dict[tuple[str, str], _Group]) -> None:
    # The smaller key wins so the result is independent of union order.
    uf: UnionFind[str] = UnionFind(order=str)
    full: dict[str, list[_Occurrence]] = defaultdict(list)  # full-name key -> occurrences
    short: dict[str, list[_Occurrence]] = defaultdict(list)  # one-word key -> occurrences
    for o in occurrences:
        parts = [_phonetic(p) for p in person_parts(o.surface)]
        if len(parts) >= 2:
            full[" ".join(parts)].append(o)
        elif parts:
            short[parts[0]].append(o)

    by_first_last: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in full:
        words = key.split()
        by_first_last[(words[0], words[-1])].append(key)
        uf.find(key)
    # Middle names: "Donald Trump" and "Donald J Trump" are one person unless two different
    # middle names show there are two people behind the first and last name.
    for keys in by_first_last.values():
        middles = {" ".join(k.split()[1:-1]) for k in keys} - {""}
        if len(middles) <= 1:
            for key in keys[1:]:
                uf.union(keys[0], key)
    # "J Healey" joins "John Healey" only when no other J-named Healey exists.
    firsts_by_last: dict[str, set[str]] = defaultdict(set)
    for first, last in by_first_last:
        firsts_by_last[last].add(first)
    for (first, last), keys in by_first_last.items():
        if len(first) == 1:
            matches = [f for f in firsts_by_last[last] if len(f) > 1 and f[0] == first]
            if len(matches) == 1:
                uf.union(keys[0], by_first_last[(matches[0], last)][0])
    # Near-identical surnames (typos, rarer transliterations) with the same first name,
    # compared only inside blocks sharing the first name and the surname's first letter.
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for first, last in by_first_last:
        if len(first) > 1:
            blocks[(first, last[:1])].append(last)
    for (first, _), lasts in blocks.items():
        lasts.sort()
        for i, last_a in enumerate(lasts):
            for last_b in lasts[i + 1 :]:
                if fuzz.ratio(last_a, last_b) >= FUZZY_SURNAME_THRESHOLD:
                    uf.union(by_first_last[(first, last_a)][0], by_first_last[(first, last_b)][0])

    # Transliterations of one first name with the same surname ("Vladimir"/"Volodymyr Zelensky"),
    # compared only inside blocks sharing surname and first name's first and last letters.
    by_surname_edges: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for first, last in by_first_last:
        by_surname_edges[(last, first[:1], first[-1:])].append(first)
    for (last, _, _), firsts in by_surname_edges.items():
        firsts.sort()
        for i, first_a in enumerate(firsts):
            for first_b in firsts[i + 1 :]:
                if same_name_in_other_vowels(first_a, first_b):
                    uf.union(by_first_last[(first_a, last)][0], by_first_last[(first_b, last)][0])

    roots_by_surname: dict[str, set[str]] = defaultdict(set)
    for key in full:
        roots_by_surname[key.split()[-1]].add(uf.find(key))
    for key, occ in full.items():
        _add(groups, ("PERSON", uf.find(key)), "PERSON", occ)
    for surname, occ in short.items():
        roots = roots_by_surname.get(surname, set())
        target = next(iter(roots)) if len(roots) == 1 else f"~{surname}"
        _add(groups, ("PERSON", target), "PERSON", occ)


def _phonetic(word: str) -> str:
    return name_key(word)


# ---------------------------------------------------------------- other names


def _group_others(occurrences: list[_Occurrence], types: dict[str, str], groups) -> None:
    keyed: dict[tuple[str, str], list[_Occurrence]] = defaultdict(list)
    canonical: dict[tuple[str, str], str] = {}
    for o in occurrences:
        entity_type = types[_type_key(o)]
        alias = _alias_for(o.surface) if entity_type != "NORP" else None
        if alias is not None:
            entity_type = alias[1]
            key = (entity_type, name_key(alias[0]))
            canonical[key] = alias[0]
        else:
            key = (entity_type, name_key(o.surface))
        keyed[key].append(o)

    # Acronym rule: "MoD" joins "Ministry of Defence" when no other name has those initials.
    # The type is not required to agree: the model tags a lone acronym GPE or ORG at random.
    expansions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, occ in keyed.items():
        if key in canonical or key[0] == "NORP":
            continue
        for acronym in acronyms_of(occ[0].surface):
            expansions[acronym].add(key)
    for key, occ in sorted(keyed.items()):
        target = key
        if key not in canonical and key[0] != "NORP" and is_acronym(occ[0].mention.text):
            options = expansions.get(fold(occ[0].mention.text).replace(" ", ""), set()) - {key}
            if len(options) == 1:
                target = next(iter(options))
        _add(groups, target, target[0], occ)
        if target in canonical:
            groups[target].canonical = canonical[target]


def _add(groups, key: tuple[str, str], entity_type: str, occurrences: list[_Occurrence]) -> None:
    group = groups.setdefault(key, _Group(entity_type))
    group.occurrences.extend(occurrences)


# ---------------------------------------------------------------- entities


def _build_entities(groups: dict[tuple[str, str], _Group], docs: dict) -> list[Entity]:
    by_id: dict[str, Entity] = {}
    for group in groups.values():
        name = group.canonical or _canonical_name(group)
        entity_id = stable_id("e", group.type, name_key(name))
        entity = by_id.get(entity_id)
        if entity is None:
            entity = by_id[entity_id] = Entity(id=entity_id, name=name, type=group.type)
        surfaces = set(entity.aliases)
        roles = list(entity.roles)
        article_ids = set(entity.articles)
        for o in group.occurrences:
            o.mention.entity = entity_id
            o.mention.type = group.type
            surfaces.update((o.mention.text, o.surface))
            article_ids.add(o.article.id)
            doc = docs.get(o.article.id)
            if group.type == "PERSON" and doc is not None:
                roles.extend(roles_for_span(doc, o.mention.start, o.mention.end))
        entity.aliases = sorted(s for s in surfaces if s != entity.name)
        entity.roles = _dedupe_roles(roles)
        entity.articles = sorted(article_ids)
    return list(by_id.values())


def _canonical_name(group: _Group) -> str:
    """Fullest form, then properly accented, then most used, then longest, then alphabetical."""
    counts: Counter[str] = Counter()
    for o in group.occurrences:
        counts[o.surface] += o.weight
        if o.mention.text != o.surface:
            counts[o.mention.text] += 0  # a variant worth knowing, but not a vote

    def words(text: str) -> int:
        return len(person_parts(text)) if group.type == "PERSON" else len(fold(text).split())

    return min(
        counts,
        key=lambda t: (-words(t), is_acronym(t), not is_accented(t), -counts[t], -len(t), t),
    )


def _dedupe_roles(roles: list[str]) -> list[str]:
    variants: dict[str, set[str]] = defaultdict(set)
    for role in roles:
        variants[" ".join(role.split()).casefold()].add(" ".join(role.split()))
    return sorted((min(forms) for forms in variants.values()), key=lambda r: (r.casefold(), r))


# ---------------------------------------------------------------- speakers


def _link_speakers(articles: list[Article], entities: list[Entity]) -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            by_name[name_key(form)].add(entity.id)
        if entity.type == "PERSON":
            parts = person_parts(entity.name)
            if len(parts) >= 2:
                by_surname[name_key(parts[-1])].add(entity.id)
    for article in articles:
        for quote in article.quotes:
            quote.speaker = _speaker_from_offsets(article, quote) or _speaker_from_text(
                quote.speaker_text, by_name, by_surname
            )


def _speaker_from_offsets(article: Article, quote) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    best, best_rank = None, (0, False)
    for m in article.mentions:
        overlap = min(m.end, quote.speaker_end) - max(m.start, quote.speaker_start)
        rank = (overlap, m.type == "PERSON")
        if overlap > 0 and m.entity and rank > best_rank:
            best, best_rank = m.entity, rank
    return best


def _speaker_from_text(text: str | None, by_name, by_surname) -> str | None:
    if not text:
        return None
    key = name_key(text)
    candidates = by_name.get(key) or by_surname.get(key) or set()
    return next(iter(candidates)) if len(candidates) == 1 else None


# ---------------------------------------------------------------- linking from a folded name table


@dataclass
class NameRow:
    """Every mention of one (surface, text, type) in a corpus, folded into one row.

    `link_name_table` needs only these rows, whose number grows with the distinct names,
    not with the articles: a partitioned run folds them on its workers.
    """

    surface: str
    text: str
    type: str
    # Where the first of these mentions occurs, (article order, mention index): the rules
    # that look at "the first occurrence" of a name must see the same one as `link_entities`.
    first: tuple
    count: int = 1
    articles: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.surface, self.text, self.type)


def link_name_table(rows: list[NameRow]) -> tuple[list[Entity], dict[tuple[str, str, str], tuple[str, str]]]:
    """The entities `link_entities` finds for the mentions the rows stand for, and for each
    row key the (entity id, type) its mentions get. Speakers are left to `link_speakers`."""
    holder = Article(id="", source="")
    ordered = sorted(rows, key=lambda r: r.first)
    occurrences = [_Occurrence(holder, Mention(0, 0, r.text, r.type), r.surface, r.count) for r in ordered]
    types = _decide_types(occurrences)
    groups: dict[tuple[str, str], _Group] = {}
    _group_people([o for o in occurrences if types[_type_key(o)] == "PERSON"], groups)
    _group_others([o for o in occurrences if types[_type_key(o)] != "PERSON"], types, groups)
    entities = {e.id: e for e in _build_entities(groups, {})}
    articles: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, list[str]] = defaultdict(list)
    decisions = {}
    for row, o in zip(ordered, occurrences):
        entity_id = o.mention.entity
        assert entity_id is not None
        decisions[row.key] = (entity_id, o.mention.type)
        articles[entity_id] |= row.articles
        if o.mention.type == "PERSON":
            roles[entity_id] += row.roles
    for entity in entities.values():
        entity.articles = sorted(articles[entity.id])
        entity.roles = _dedupe_roles(roles[entity.id])
    return sorted(entities.values(), key=lambda e: e.id), decisions


def link_speakers(articles: list[Article], entities: list[Entity]) -> None:
    """Quote speakers from the linked mentions and the entity names (part of `link_entities`)."""
    _link_speakers(articles, entities)
