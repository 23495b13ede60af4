"""`export --format parquet` and `parquet-dataset` are one writer in two layouts: same schemas,
same rows, every table present, nothing stale after a re-export, no model field dropped."""
from __future__ import annotations

import dataclasses

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from storyline.export import export_store
from storyline.model import Article, Entity, Mention, Quantity, Quote, TimeRef
from storyline.runners.parquet import (
    SCHEMAS, TABLES, _arrow_type, store_partitions, write_parquet_dataset,
)
from storyline.store.sqlite import SQLiteStore
from store_records import full_article, full_story


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "store.db") as opened:
        quoted = full_article("a2", text="Officials said the pier reopens.")
        quoted.quotes = [Quote(0, 31, "Officials said the pier reopens", "indirect", speaker_as_written="Officials",
                               speaker_span=[0, 9])]
        opened.put_articles([full_article("a1"), quoted, Article(id="a3", source="Bare", text="Nothing more.")])
        opened.put_entities([Entity("e-mayor", "Jane Mayor", "PERSON", aliases=["Mayor"], articles=["a1"])])
        opened.put_stories([full_story()])
        yield opened


def _rows(table) -> list[tuple]:
    return sorted(tuple(str(value) for value in row.values()) for row in table.to_pylist())


def test_both_parquet_formats_hold_the_same_rows_with_the_same_schemas(store, tmp_path):
    files = export_store(store, "parquet", tmp_path / "flat")
    export_store(store, "parquet-dataset", tmp_path / "dataset")
    assert files == [tmp_path / "flat" / f"{name}.parquet" for name in TABLES]
    for name in TABLES:
        flat = pq.read_table(tmp_path / "flat" / f"{name}.parquet")
        dataset = ds.dataset(tmp_path / "dataset" / name, format="parquet").to_table()
        assert flat.schema == SCHEMAS[name] == dataset.schema, name
        assert _rows(flat) == _rows(dataset), name
    counts = {name: pq.read_metadata(path).num_rows for name, path in zip(TABLES, files)}
    assert counts == {"articles": 3, "mentions": 4, "quotes": 2, "times": 2, "quantities": 2, "entities": 1,
                      "stories": 1, "story_articles": 2, "facts": 2}


def test_fields_added_to_the_model_reach_their_table(store, tmp_path):
    export_store(store, "parquet", tmp_path)
    quotes = pq.read_table(tmp_path / "quotes.parquet").to_pylist()
    written = next(q for q in quotes if q["article"] == "a2")
    assert written["speaker_as_written"] == "Officials" and written["speaker_span"] == [0, 9]
    for name, record in (("mentions", Mention), ("quotes", Quote), ("times", TimeRef), ("quantities", Quantity),
                         ("entities", Entity)):
        model_fields = {f.name for f in dataclasses.fields(record) if not f.name.startswith("_")}
        assert model_fields <= set(SCHEMAS[name].names), name


def test_single_files_stream_one_row_group_per_partition(store, tmp_path):
    totals = write_parquet_dataset(store_partitions(store, size=2), tmp_path, layout="single")
    assert totals["articles"] == 3
    metadata = pq.read_metadata(tmp_path / "articles.parquet")
    assert metadata.num_row_groups == 2 and metadata.num_rows == 3
    assert [a["id"] for a in pq.read_table(tmp_path / "articles.parquet").to_pylist()] == ["a1", "a2", "a3"]


@pytest.mark.parametrize("fmt", ["parquet", "parquet-dataset"])
def test_every_table_exists_and_a_smaller_re_export_leaves_nothing_stale(store, tmp_path, fmt):
    export_store(store, fmt, tmp_path / "out")
    with SQLiteStore(tmp_path / "small.db") as small:
        small.put_articles([Article(id="only", source="s", text="One article, no stories.")])
        export_store(small, fmt, tmp_path / "out")
    for name in TABLES:
        path = tmp_path / "out" / (f"{name}.parquet" if fmt == "parquet" else name)
        table = ds.dataset(path, format="parquet").to_table()
        assert table.schema == SCHEMAS[name]
        assert table.num_rows == (1 if name == "articles" else 0), name


def test_unknown_layouts_and_field_types_are_refused(tmp_path):
    with pytest.raises(ValueError, match="layout"):
        write_parquet_dataset([], tmp_path, layout="zip")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _arrow_type(dict[str, int])
    assert str(_arrow_type(list[int] | None)) == "list<item: int64>"
