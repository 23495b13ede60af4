"""The functions Dask workers run. Plain module-level functions so they pickle by reference.

spaCy Docs stay on the workers as one compressed `DocBin` per partition; they travel only
to the ledger tasks, one small `DocBin` per article, with the article.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from storyline.model import Article, Story
from storyline.runners.parquet import Partition, write_partition

RoleTable = dict[tuple[str, int, int], list[str]]


@dataclass
class ExtractedPartition:
    articles: list[Article]
    # Roles next to every mention span, for entity linking in the client without Docs.
    roles: RoleTable
    doc_ids: list[str]
    docs: bytes


def extract_partition(articles: list[Article], assume_date: dt.date | None, batch_size: int) -> ExtractedPartition:
    from spacy.tokens import DocBin

    from storyline.extract import extract_article
    from storyline.extract.nlp import parse
    from storyline.extract.roles import roles_for_span

    docs = DocBin(store_user_data=False)
    roles: RoleTable = {}
    for article, doc in zip(articles, parse((a.text for a in articles), batch_size=batch_size)):
        extract_article(article, doc, assume_date)
        for mention in article.mentions:
            found = roles_for_span(doc, mention.start, mention.end)
            if found:
                roles[(article.id, mention.start, mention.end)] = found
        docs.add(doc)
    return ExtractedPartition(articles, roles, [a.id for a in articles], docs.to_bytes())


def _docs_of(parts: list[ExtractedPartition], wanted: set[str]) -> dict:
    from spacy.tokens import DocBin

    from storyline.extract.nlp import load_nlp

    vocab = load_nlp().vocab
    docs: dict = {}
    for part in parts:
        if not wanted.intersection(part.doc_ids):
            continue
        for article_id, doc in zip(part.doc_ids, DocBin().from_bytes(part.docs).get_docs(vocab)):
            if article_id in wanted:
                docs[article_id] = doc
    return docs


def write_parquet_part(partition: Partition, folder: str) -> dict[str, int]:
    return write_partition(partition, Path(folder))


def extract_all(articles: list[Article], assume_date: dt.date | None, batch_size: int) -> list[ExtractedPartition]:
    """One ingested partition, extracted: its ok articles parsed, the others carried along."""
    ok = [a for a in articles if a.ok]
    extracted = extract_partition(ok, assume_date, batch_size)
    return [ExtractedPartition(articles, extracted.roles, extracted.doc_ids, extracted.docs)]


def partition_label(part: ExtractedPartition) -> str:
    """A name for the partition's files that stays the same when the same input is re-run."""
    from storyline.model import stable_id

    return stable_id("a", *(a.id for a in part.articles), length=16)


def ledger_rows(parts: list[ExtractedPartition], group_of: dict[str, int]) -> list[tuple[int, tuple]]:
    """(story group, article and its Doc) for the ok articles of a partition that are in a story."""
    from spacy.tokens import DocBin

    rows = []
    for part in parts:
        docs = _docs_of([part], set(group_of).intersection(part.doc_ids))
        for article in part.articles:
            if article.id in docs:
                single = DocBin(docs=[docs[article.id]], store_user_data=False).to_bytes()
                rows.append((group_of[article.id], ("a", article, single)))
    return rows


def ledger_group(group: tuple[int, list[tuple]], folder: str | None = None, keep_facts: bool = True) -> list[Story]:
    """Facts and timeline of one group of stories, from the articles the shuffle brought together;
    written to the Parquet dataset in `folder` when given; without them unless `keep_facts`."""
    from spacy.tokens import DocBin

    from storyline.compare import build_ledger
    from storyline.extract.nlp import load_nlp

    _, items = group
    vocab = load_nlp().vocab
    articles = {item[1].id: item[1] for item in items if item[0] == "a"}
    docs = {item[1].id: next(iter(DocBin().from_bytes(item[2]).get_docs(vocab))) for item in items if item[0] == "a"}
    stories = [item[1] for item in items if item[0] == "s"]
    for story in stories:
        build_ledger(story, articles, docs)
    if folder is not None:
        write_partition(Partition(f"s{group[0]:06d}", stories=stories), Path(folder))
    if keep_facts:
        return stories
    return [dataclasses.replace(story, facts=[], timeline=[]) for story in stories]


def write_articles_part(part: ExtractedPartition, folder: str) -> dict[str, int]:
    return write_partition(Partition(partition_label(part), articles=part.articles), Path(folder))
