"""Reading inputs into Articles: files, folders, gzip, standard input, every supported format.

`read_inputs` is the public entry point (the CLI and the pipeline call it). Every input
(file, record, feed entry, HTML response in a WARC) comes back as exactly one Article; an
input that cannot be used carries a status and an error message instead of stopping the run.
"""
from __future__ import annotations

import re
import sys
import typing

from storyline.ingest.discover import Unreadable, discover
from storyline.ingest.errors import UsageError
from storyline.ingest.build import problem
from storyline.ingest.meta import Sidecar
from storyline.ingest.readers import read_file
from storyline.model import Article
from storyline.pipeline import Corpus, Options, stage

__all__ = ["read_inputs", "read_articles", "post_process", "ingest_stage", "UsageError"]

_RECORD_SUFFIX = re.compile(r"^(.*):#?(\d+)$")


def read_inputs(inputs: list[str], options: Options, stdin: typing.BinaryIO | None = None) -> list[Article]:
    """All articles of `inputs`, cleaned of boilerplate and with duplicates and copies marked.

    Raises UsageError when an INPUT path does not exist or the --meta file is unusable.
    """
    articles = read_articles(inputs, options, stdin)
    post_process(articles)
    return articles


def read_articles(inputs: list[str], options: Options, stdin: typing.BinaryIO | None = None) -> list[Article]:
    """What the readers produce, sorted, before boilerplate removal and copy detection."""
    sidecar = Sidecar.load(options.meta) if options.meta is not None else Sidecar.empty()
    if stdin is None and "-" in inputs:
        stdin = sys.stdin.buffer
    found = discover(inputs, options.meta, stdin)
    articles: list[Article] = []
    for done, item in enumerate(found, 1):
        if isinstance(item, Unreadable):
            articles.append(problem(item.display, item.status, item.reason))  # type: ignore[arg-type]
        else:
            articles.extend(read_file(item, options, sidecar))
        options.report_progress("ingest", done, len(found))
    articles.sort(key=reading_order)
    return articles


def reading_order(article: Article) -> tuple[str, int, str]:
    """By path, records of one file in their numeric order ("f:10" after "f:9"), then id."""
    path = article.path or ""
    match = _RECORD_SUFFIX.match(path)
    if match:
        return (match.group(1), int(match.group(2)), article.id)
    return (path, -1, article.id)


def post_process(articles: list[Article]) -> None:
    """Mark exact duplicates, remove page furniture, then link near copies (in place, ok articles only).

    Exact duplicates go first: two identical copies of one short article would otherwise look
    like lines recurring across the source's articles and be emptied as furniture.
    """
    from storyline.ingest.clean import remove_boilerplate
    from storyline.ingest.dedup import mark_exact_duplicates, mark_near_copies

    mark_exact_duplicates(articles)
    remove_boilerplate(articles)
    mark_near_copies(articles)


@stage("ingest", needs={"inputs"}, sets={"articles", "copies"})
def ingest_stage(corpus: Corpus) -> None:
    corpus.articles = read_inputs(corpus.inputs, corpus.options)
