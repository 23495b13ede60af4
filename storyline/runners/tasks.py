"""The functions Dask workers run. Plain module-level functions so they pickle by reference.

spaCy Docs stay on the workers as one compressed `DocBin` per partition; the client only
ever receives articles (which the report needs anyway) and compact per-mention role lists.
"""
from __future__ import annotations

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


def preload_model() -> None:
    """Load the spaCy model now (worker start-up), not inside the first task."""
    from storyline.extract.nlp import load_nlp

    load_nlp()


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


EXTRACTED_FIELDS = ("published", "published_origin", "mentions", "quotes", "times", "quantities")
# Per article: what linking decided for each mention (entity, type) and quote (speaker).
Links = dict[str, tuple[list[tuple[str | None, str]], list[str | None]]]


def compact(part: ExtractedPartition) -> tuple[list[dict], RoleTable]:
    """What the client pulls from an extracted partition: the extraction results, without
    article texts (the client has them) and without Docs."""
    return [{name: getattr(a, name) for name in EXTRACTED_FIELDS} for a in part.articles], part.roles


def apply_extraction(article: Article, fields: dict) -> None:
    for name, value in fields.items():
        setattr(article, name, value)


def links_of(article: Article) -> tuple[list[tuple[str | None, str]], list[str | None]]:
    return [(m.entity, m.type) for m in article.mentions], [q.speaker for q in article.quotes]


def _apply_links(article: Article, links) -> None:
    mention_links, speakers = links
    for mention, (entity, kind) in zip(article.mentions, mention_links):
        mention.entity, mention.type = entity, kind
    for quote, speaker in zip(article.quotes, speakers):
        quote.speaker = speaker


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


def ledger_chunk(stories: list[Story], links: Links, parts: list[ExtractedPartition]) -> list[Story]:
    """Fill facts and timeline of a group of stories. Their articles and Docs come from the
    partitions already on the cluster; the client sends only what linking decided."""
    from storyline.compare import build_ledger

    # Partitions are shared by the tasks on one worker; applying the same (global) links
    # again is idempotent, so updating them in place is safe.
    articles = {a.id: a for part in parts for a in part.articles if a.id in links}
    for article_id, article_links in links.items():
        _apply_links(articles[article_id], article_links)
    docs = _docs_of(parts, set(links))
    for story in stories:
        build_ledger(story, articles, docs)
    return stories


def write_parquet_part(partition: Partition, folder: str) -> dict[str, int]:
    return write_partition(partition, Path(folder))
