"""Parquet output of a run or a store: one writer, two layouts.

"partitioned" (the dataset): one folder per table, one file per partition. Each partition is
written on its own (by a Dask worker, or in turn by one process), so no step ever holds every
row of a large run. DuckDB (`read_parquet('out/articles/*.parquet')`), Polars (`scan_parquet`)
and `pyarrow.dataset` read the folders directly.

"single": one file per table (`out/articles.parquet`), each partition appended as a row group,
so it streams just the same; handier for a small store and for tools that want one file.

Schemas are fixed here rather than inferred, so a partition whose optional columns are all
empty still has the same schema as the others and the files form one dataset. They are
derived from the model's type hints, so a field added to the model gains a column.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field, fields
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from storyline.model import Article, Entity, Mention, Quantity, Quote, Story, TimeRef
from storyline.pipeline import Corpus

if TYPE_CHECKING:
    from storyline.store import Store

NESTED_ARTICLE_FIELDS = ("mentions", "quotes", "times", "quantities")
_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_STRS = pa.list_(pa.string())
_SCALARS = {str: _STR, int: _INT, float: _FLOAT, bool: _BOOL}
Layout = Literal["partitioned", "single"]
LAYOUTS: tuple[str, ...] = typing.get_args(Layout)


def _arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a model field's type hint: Optional drops away, Literals of text are text."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        if len(present) == 1:
            return _arrow_type(present[0])
    elif origin is Literal and all(isinstance(arg, str) for arg in args):
        return _STR
    elif origin is list and len(args) == 1:
        return pa.list_(_arrow_type(args[0]))
    elif hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"no Parquet column type for {hint!r}; give the table an explicit schema")


def _record_schema(cls: type, leading: Iterable[tuple[str, pa.DataType]] = (), skip: Iterable[str] = ()) -> pa.Schema:
    """`leading` columns, then one per public field of the model class `cls` (minus `skip`), in field order."""
    hints, skipped = typing.get_type_hints(cls), set(skip)
    own = [(f.name, _arrow_type(hints[f.name])) for f in fields(cls)
           if not f.name.startswith("_") and f.name not in skipped]
    return pa.schema([*leading, *own])


_IN_ARTICLE = [("article", _STR)]
SCHEMAS: dict[str, pa.Schema] = {
    "articles": _record_schema(Article, skip=NESTED_ARTICLE_FIELDS),
    "mentions": _record_schema(Mention, _IN_ARTICLE),
    "quotes": _record_schema(Quote, _IN_ARTICLE),
    "times": _record_schema(TimeRef, _IN_ARTICLE),
    "quantities": _record_schema(Quantity, _IN_ARTICLE),
    "entities": _record_schema(Entity),
    # Stories and facts nest records (claims, conflicts, timeline entries) that SQL engines
    # read best as JSON text next to flat columns, so their schemas are spelled out.
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


def partition_tables(partition: Partition) -> dict[str, pa.Table]:
    """The partition's non-empty tables, each with its fixed schema."""
    return {name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            for name, rows in partition_rows(partition).items() if rows}


def write_partition(partition: Partition, folder: Path | str) -> dict[str, int]:
    """Write this partition's non-empty tables as `folder/<table>/part-<label>.parquet`; return row counts."""
    folder = Path(folder)
    counts: dict[str, int] = {}
    for name, table in partition_tables(partition).items():
        table_dir = folder / name
        table_dir.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, table_dir / f"part-{partition.label}.parquet")
        counts[name] = table.num_rows
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


def write_parquet_dataset(corpus_or_partitions: Corpus | Iterable[Partition], folder: Path | str,
                          layout: Layout = "partitioned") -> dict[str, int]:
    """Write a corpus (or ready partitions, consumed one at a time) as Parquet; return rows per table.

    `layout` "partitioned" writes `folder/<table>/part-*.parquet`, "single" `folder/<table>.parquet`
    (see the module docstring). Every table exists afterwards, at least as an empty file with
    its schema, so readers never fail on a table this run happened not to fill.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown Parquet layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    partitions = corpus_partitions(corpus_or_partitions) if isinstance(corpus_or_partitions, Corpus) \
        else corpus_or_partitions
    if layout == "single":
        return _write_single_files(partitions, folder)
    clear_dataset(folder)
    totals = {name: 0 for name in TABLES}
    for partition in partitions:
        for name, count in write_partition(partition, folder).items():
            totals[name] += count
    ensure_every_table(folder)
    return totals


def single_file_paths(folder: Path | str) -> list[Path]:
    """The files of the "single" layout in `folder`, one per table."""
    return [Path(folder) / f"{name}.parquet" for name in TABLES]


def _write_single_files(partitions: Iterable[Partition], folder: Path) -> dict[str, int]:
    totals = {name: 0 for name in TABLES}
    writers = {name: pq.ParquetWriter(path, SCHEMAS[name]) for name, path in zip(TABLES, single_file_paths(folder))}
    try:
        for partition in partitions:
            for name, table in partition_tables(partition).items():
                writers[name].write_table(table)  # one row group per partition
                totals[name] += table.num_rows
    finally:
        for writer in writers.values():
            writer.close()
    return totals


def ensure_every_table(folder: Path | str) -> None:
    for name, schema in SCHEMAS.items():
        table_dir = Path(folder) / name
        table_dir.mkdir(parents=True, exist_ok=True)
        if not any(table_dir.glob("part-*.parquet")):
            pq.write_table(schema.empty_table(), table_dir / "part-empty.parquet")
