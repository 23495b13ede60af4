"""Entity linking on Dask: the corpus-wide votes are folded on the workers.

Every mention becomes a `NameRow` (surface, text, type, first occurrence, count, articles,
roles found next to it); a fold merges equal rows, so the client receives one row per
distinct name, not per mention. `link_name_table` decides the entities from those rows as
`link_entities` does from the mentions, and the decision table (row key -> entity id,
type) goes back to the workers, which apply it and link quote speakers in their partition.
"""
from __future__ import annotations

import dataclasses

from storyline.extract.entities import NameRow, link_name_table, link_speakers
from storyline.ingest import reading_order
from storyline.model import Entity
from storyline.runners.tasks import ExtractedPartition


def name_rows(parts: list[ExtractedPartition]) -> list[tuple[tuple[str, str, str], NameRow]]:
    rows = []
    for part in parts:
        for article in part.articles:
            if not article.ok:
                continue
            order = reading_order(article)
            for index, mention in enumerate(article.mentions):
                roles = part.roles.get((article.id, mention.start, mention.end), ())
                row = NameRow(mention.resolved or mention.text, mention.text, mention.type, (order, index),
                              1, {article.id}, set(roles))
                rows.append((row.key, row))
    return rows


def _fold(acc: NameRow | None, item: tuple) -> NameRow:
    return _merge(acc, item[1])


def _merge(a: NameRow | None, b: NameRow | None) -> NameRow:
    if a is None or b is None:
        found = a or b
        assert found is not None
        return found
    # A new row rather than updating one: task results may be read by a retried task.
    return NameRow(a.surface, a.text, a.type, min(a.first, b.first), a.count + b.count,
                   a.articles | b.articles, a.roles | b.roles)


def apply_links(part: ExtractedPartition, decisions: dict[tuple[str, str, str], tuple[str, str]],
                entities: list[Entity]) -> ExtractedPartition:
    """The partition with linked mentions and speakers (new objects: the input stays as it was)."""
    articles = []
    for article in part.articles:
        if article.ok:
            mentions = []
            for m in article.mentions:
                entity_id, kind = decisions[(m.resolved or m.text, m.text, m.type)]
                mentions.append(dataclasses.replace(m, entity=entity_id, type=kind))
            article = dataclasses.replace(article, mentions=mentions,
                                          quotes=[dataclasses.replace(q) for q in article.quotes])
        articles.append(article)
    link_speakers([a for a in articles if a.ok], entities)
    return dataclasses.replace(part, articles=articles)


def distributed_link(parts, client) -> tuple[list[Entity], object]:
    """(entities, the persisted bag of linked partitions)."""
    from storyline.runners.dask_ingest import broadcast

    folded = parts.map_partitions(name_rows).foldby(lambda kv: kv[0], _fold, None, _merge, None)
    rows = [row for _, row in client.compute(folded, sync=True)]
    entities, decisions = link_name_table(rows)
    # Speakers need names and aliases only; the article lists stay in the client.
    names = [Entity(e.id, e.name, e.type, aliases=e.aliases) for e in entities]
    linked = client.persist(parts.map(apply_links, broadcast(decisions), broadcast(names)))
    return entities, linked
