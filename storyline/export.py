"""Exporting the store as one JSON report, JSONL articles, or Parquet tables for DuckDB/Polars/Spark.

Both Parquet formats go through the one writer in `storyline.runners.parquet`, so they share
its schemas: "parquet" is its one-file-per-table layout, "parquet-dataset" its partitioned one.
"""
from __future__ import annotations

import json
from pathlib import Path

from storyline.pipeline import Corpus
from storyline.store import Store

FORMATS = ("json", "jsonl", "parquet", "parquet-dataset")


def export_store(store: Store, fmt: str, output: Path) -> list[Path]:
    """Write the store to `output` (a file for json/jsonl, a folder for Parquet); return what was written."""
    if fmt == "json":
        from storyline.report import build_report, write_json

        corpus = Corpus(articles=list(store.iter_articles()), entities=list(store.iter_entities()),
                        stories=list(store.iter_stories()))
        write_json(build_report(corpus), output)
        return [output]
    if fmt == "jsonl":
        with open(output, "w", encoding="utf-8") as handle:
            for article in store.iter_articles():
                handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        return [output]
    if fmt == "parquet":
        return export_parquet(store, output)
    if fmt == "parquet-dataset":
        from storyline.runners.parquet import store_partitions, write_parquet_dataset

        write_parquet_dataset(store_partitions(store), output)
        return [output]
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export_parquet(store: Store, folder: Path) -> list[Path]:
    """One Parquet file per table in `folder`, streamed from the store a partition (row group) at a time."""
    from storyline.runners.parquet import single_file_paths, store_partitions, write_parquet_dataset

    write_parquet_dataset(store_partitions(store), folder, layout="single")
    return single_file_paths(folder)
