"""A partitioned Parquet dataset (one folder per table, one file per partition).

Each partition is written on its own (by a Dask worker, or in turn by one process), so
no step ever holds every row of a large run. DuckDB (`read_parquet('out/articles/*.parquet')`),
Polars (`scan_parquet`) and `pyarrow.dataset` read the folders directly. Schemas are fixed
here rather than inferred, so a partition whose optional columns are all empty still has
the same schema as the others and the files form one dataset.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from storyline.model import Article, Entity, Story
from storyline.pipeline import Corpus

if TYPE_CHECKING:
    from storyline.store import Store

NESTED_ARTICLE_FIELDS = ("mentions", "quotes", "times", "quantities")
_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_STRS = pa.list_(pa.string())


def _article_schema() -> pa.Schema:
    # Every scalar Article field is text; derived from the model so new fields follow.
    names = [f.name for f in fields(Article) if not f.name.startswith("_") and f.name not in NESTED_ARTICLE_FIELDS]
    return pa.schema([(name, _STR) for name in names])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _article_schema(),
    "mentions": pa.schema([("article", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("type", _STR),
                           ("entity", _STR), ("resolved", _STR)]),
    "quotes": pa.schema([("article", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("kind", _STR),
                         ("speaker", _STR), ("speaker_text", _STR), ("cue", _STR),
                         ("speaker_start", _INT), ("speaker_end", _INT)]),
    "times": pa.schema([("article", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("type", _STR),
                        ("value", _STR), ("anchor", _STR)]),
    "quantities": pa.schema([("article", _STR), ("start", _INT), ("end", _INT), ("text", _STR),
                             ("value", _FLOAT), ("unit", _STR), ("approximate", _BOOL), ("modifier", _STR)]),
    "entities": pa.schema([("id", _STR), ("name", _STR), ("type", _STR), ("aliases", _STRS), ("roles", _STRS),
                           ("articles", _STRS)]),
    "stories": pa.schema([("id", _STR), ("title", _STR), ("start", _STR), ("end", _STR), ("sources", _STRS),
                          ("articles", _STRS), ("timeline", _STR)]),
    "story_articles": pa.schema([("story", _STR), ("article", _STR)]),
    "facts": pa.schema([("story", _STR), ("id", _STR), ("status", _STR), ("text", _STR), ("sources", _STRS),
                        ("claims", _STR), ("conflicts", _STR)]),
}
TABLES = tuple(SCHEMAS)


@dataclass
class Partition:
    """The rows one worker writes: any mix of articles, entities and stories."""

    label: str
    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)


def partition_rows(partition: Partition) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for article in partition.articles:
        data = article.to_dict()
        for nested in NESTED_ARTICLE_FIELDS:
            rows[nested] += [{"article": article.id, **item} for item in data.pop(nested)]
        rows["articles"].append(data)
    rows["entities"] = [entity.to_dict() for entity in partition.entities]
    for story in partition.stories:
        data = story.to_dict()
        facts = data.pop("facts")
        data["timeline"] = json.dumps(data["timeline"], ensure_ascii=False)
        rows["stories"].append(data)
        rows["story_articles"] += [{"story": story.id, "article": a} for a in dict.fromkeys(story.articles)]
        rows["facts"] += [
            {"story": story.id, "id": f["id"], "status": f["status"], "text": f["text"], "sources": f["sources"],
             "claims": json.dumps(f["claims"], ensure_ascii=False),
             "conflicts": json.dumps(f["conflicts"], ensure_ascii=False)}
            for f in facts
        ]
    return rows


def write_partition(partition: Partition, folder: Path | str) -> dict[str, int]:
    """Write this partition's non-empty tables as `folder/<table>/part-<label>.parquet`; return row counts."""
    folder = Path(folder)
    counts: dict[str, int] = {}
    for name, rows in partition_rows(partition).items():
        if not rows:
            continue
        table_dir = folder / name
        table_dir.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]), table_dir / f"part-{partition.label}.parquet")
        counts[name] = len(rows)
    return counts


def clear_dataset(folder: Path | str) -> None:
    """Remove the part files an earlier run left, so a smaller re-run leaves no stale rows."""
    for name in TABLES:
        for old in (Path(folder) / name).glob("part-*.parquet"):
            old.unlink()


def corpus_partitions(corpus: Corpus, size: int = 500) -> list[Partition]:
    """Split a finished corpus into partitions of at most `size` articles / stories."""
    parts = [Partition(f"a{i // size:05d}", articles=corpus.articles[i:i + size])
             for i in range(0, len(corpus.articles), size)]
    parts += [Partition(f"s{i // size:05d}", stories=corpus.stories[i:i + size])
              for i in range(0, len(corpus.stories), size)]
    if corpus.entities:
        parts.append(Partition("e00000", entities=list(corpus.entities)))
    return parts


def store_partitions(store: "Store", size: int = 1000) -> Iterator[Partition]:
    """Partitions streamed from a store, `size` rows at a time: a large store is exported
    without ever being loaded whole."""
    sources = (("a", "articles", store.iter_articles()), ("s", "stories", store.iter_stories()),
               ("e", "entities", store.iter_entities()))
    for prefix, table, rows in sources:
        number = 0
        while chunk := list(islice(rows, size)):
            yield Partition(f"{prefix}{number:05d}", **{table: chunk})
            number += 1


def write_parquet_dataset(corpus_or_partitions: Corpus | Iterable[Partition], folder: Path | str) -> dict[str, int]:
    """Write a corpus (or ready partitions, consumed one at a time) as a Parquet dataset; return rows per table.

    Every table folder exists afterwards, holding at least an empty file with the schema, so
    readers never fail on a table this run happened not to fill.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    clear_dataset(folder)
    partitions = corpus_partitions(corpus_or_partitions) if isinstance(corpus_or_partitions, Corpus) \
        else corpus_or_partitions
    totals = {name: 0 for name in TABLES}
    for partition in partitions:
        for name, count in write_partition(partition, folder).items():
            totals[name] += count
    ensure_every_table(folder)
    return totals


def ensure_every_table(folder: Path | str) -> None:
    for name, schema in SCHEMAS.items():
        table_dir = Path(folder) / name
        table_dir.mkdir(parents=True, exist_ok=True)
        if not any(table_dir.glob("part-*.parquet")):
            pq.write_table(schema.empty_table(), table_dir / "part-empty.parquet")
