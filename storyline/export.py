"""Exporting the store as one JSON report, JSONL articles, or Parquet tables for DuckDB/Polars/Spark."""
from __future__ import annotations

import json
from pathlib import Path

from storyline.model import Article
from storyline.pipeline import Corpus
from storyline.store import Store

FORMATS = ("json", "jsonl", "parquet", "parquet-dataset")


def export_store(store: Store, fmt: str, output: Path) -> list[Path]:
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


def _article_row(article: Article) -> dict:
    row = article.to_dict()
    for nested in ("mentions", "quotes", "times", "quantities"):
        row.pop(nested)
    return row


def export_parquet(store: Store, folder: Path) -> list[Path]:
    """One Parquet file per table, flat columns, so SQL engines read them without JSON parsing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables: dict[str, list[dict]] = {name: [] for name in
                                     ("articles", "mentions", "quotes", "times", "quantities",
                                      "entities", "stories", "story_articles", "facts")}
    for article in store.iter_articles():
        tables["articles"].append(_article_row(article))
        for nested in ("mentions", "quotes", "times", "quantities"):
            for item in getattr(article, nested):
                tables[nested].append({"article": article.id, **item.to_dict()})
    for entity in store.iter_entities():
        tables["entities"].append(entity.to_dict())
    for story in store.iter_stories():
        row = story.to_dict()
        facts, timeline = row.pop("facts"), row.pop("timeline")
        row["timeline"] = json.dumps(timeline, ensure_ascii=False)
        tables["stories"].append(row)
        tables["story_articles"] += [{"story": story.id, "article": a} for a in story.articles]
        for fact in facts:
            tables["facts"].append({"story": story.id, "id": fact["id"], "status": fact["status"],
                                    "text": fact["text"], "sources": fact["sources"],
                                    "claims": json.dumps(fact["claims"], ensure_ascii=False),
                                    "conflicts": json.dumps(fact["conflicts"], ensure_ascii=False)})
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({}), path)
        written.append(path)
    return written
