"""Extraction: mentions, quotes, time expressions and quantities per article, then one
canonical entity per real person, organisation or place across the corpus."""
from __future__ import annotations

import datetime as dt

from storyline.model import Article
from storyline.pipeline import Corpus, stage


def publication_anchor(article: Article, doc, assume_date: dt.date | None) -> dt.date | None:
    """The date relative expressions resolve against; fills `published` when it must guess.

    Order: the article's own publication date; one inferred from full dates in its text
    (only where that is safe); the user's `--assume-date`; else None. Never today's date.
    """
    from storyline.extract.times import infer_anchor

    if article.published:
        try:
            return dt.date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    inferred = infer_anchor(doc)
    if inferred is not None:
        article.published, article.published_origin = inferred.isoformat(), "inferred"
        return inferred
    if assume_date is not None:
        article.published, article.published_origin = assume_date.isoformat(), "assumed"
        return assume_date
    return None


def extract_article(article: Article, doc, assume_date: dt.date | None = None) -> None:
    from storyline.extract.mentions import find_mentions
    from storyline.extract.quantities import find_quantities
    from storyline.extract.quotes import find_quotes
    from storyline.extract.times import find_times

    anchor = publication_anchor(article, doc, assume_date)
    article.mentions = find_mentions(doc)
    article.quotes = find_quotes(doc, article.mentions)
    article.times = find_times(doc, anchor)
    article.quantities = find_quantities(doc)


@stage("extract", needs={"articles"}, sets={"docs", "mentions", "quotes", "times", "quantities", "entities"})
def extract_stage(corpus: Corpus) -> None:
    from storyline.extract.entities import link_entities
    from storyline.extract.nlp import parse

    options = corpus.options
    articles = corpus.ok_articles()
    # Several processes only pay off once the batch outweighs their start-up cost.
    n_process = options.workers if len(articles) >= 200 else 1
    docs = parse((a.text for a in articles), batch_size=options.batch_size, n_process=n_process)
    for done, (article, doc) in enumerate(zip(articles, docs), start=1):
        extract_article(article, doc, options.assume_date)
        corpus.docs[article.id] = doc
        options.report_progress("extract", done, len(articles))
    corpus.entities = link_entities(articles, corpus.docs)
