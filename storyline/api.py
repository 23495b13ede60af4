"""The library functions the CLI and the web app call: one call per command."""
from __future__ import annotations

from storyline.model import Article, Story
from storyline.pipeline import Corpus, Options, Pipeline, stage
from storyline.store import Store


def _persist_articles_stage(store: Store):
    @stage("store-articles", needs={"articles", "copies"}, sets={"stored"})
    def persist_articles(corpus: Corpus) -> None:
        # Articles are written as soon as they are read, in batches, so a killed run keeps
        # every finished batch and a re-run (an idempotent upsert) completes the rest.
        store.put_articles(corpus.articles, batch_size=corpus.options.batch_size)

    return persist_articles


def _persist_results_stage(store: Store):
    @stage("store-results", needs={"stored", "entities", "facts", "timeline"}, sets=())
    def persist_results(corpus: Corpus) -> None:
        store.put_articles(corpus.ok_articles(), batch_size=corpus.options.batch_size)
        store.put_entities(corpus.entities)
        store.put_stories(corpus.stories)

    return persist_results


def analysis_pipeline(store: Store | None = None) -> Pipeline:
    """ingest → (store) → extract → cluster → compare → (store): the whole `analyze` job."""
    from storyline.cluster import cluster_stage
    from storyline.compare import compare_stage
    from storyline.extract import extract_stage
    from storyline.ingest import ingest_stage

    stages = [ingest_stage]
    if store is not None:
        stages.append(_persist_articles_stage(store))
    stages += [extract_stage, cluster_stage, compare_stage]
    if store is not None:
        stages.append(_persist_results_stage(store))
    return Pipeline(stages)


def analyze(
    inputs: list[str],
    options: Options | None = None,
    store: Store | None = None,
) -> Corpus:
    """Read, extract, cluster and compare `inputs`; write everything to `store` if given."""
    corpus = Corpus(inputs=list(inputs), options=options or Options())
    analysis_pipeline(store)(corpus)
    return corpus


def ingest(inputs: list[str], options: Options, store: Store) -> list[Article]:
    """Read `inputs` into `store` without analysing them; return every input's article."""
    from storyline.ingest import ingest_stage

    corpus = Corpus(inputs=list(inputs), options=options)
    Pipeline([ingest_stage, _persist_articles_stage(store)])(corpus)
    return corpus.articles


def add_articles(store: Store, inputs: list[str], options: Options | None = None) -> list[Article]:
    """Read `inputs` and re-analyse them together with every stored ok article, so stories and facts
    take the new articles in; return the inputs' articles. One already stored (same id) is returned
    with status "duplicate" pointing at the stored one and is not written again."""
    from storyline.cluster import cluster_stage
    from storyline.compare import compare_stage
    from storyline.extract import extract_stage
    from storyline.ingest import post_process, read_articles
    from storyline.ingest.dedup import mark_near_copies

    options = options or Options()
    new = read_articles(inputs, options)
    # Cleaning looks at the new articles only: the stored texts were cleaned when first read and
    # must keep their offsets.
    post_process(new)
    stored = list(store.iter_articles(status="ok"))
    stored_ids = {a.id for a in stored}
    fresh = []
    for article in new:
        if article.ok and article.id in stored_ids:
            article.status, article.duplicate_of = "duplicate", article.id
        else:
            fresh.append(article)
    everything = stored + fresh
    mark_near_copies(everything)
    # Earlier stories guide clustering so their ids survive when their articles do.
    corpus = Corpus(inputs=list(inputs), options=options, articles=everything, stories=list(store.iter_stories()))
    Pipeline([_persist_articles_stage(store), extract_stage, cluster_stage, compare_stage,
              _persist_results_stage(store)], provided={"inputs", "articles", "copies"})(corpus)
    return new


def list_stories(
    store: Store,
    source: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    query: str | None = None,
) -> list[Story]:
    """Stored stories, newest first, filtered by source, entity (id or name), date range, or text."""
    # Each entity already lists the articles that mention it: no need to open the articles.
    entity_articles: set[str] | None = None
    if entity:
        wanted = entity.casefold()
        entity_articles = {
            article_id for e in store.iter_entities()
            if e.id == entity or e.name.casefold() == wanted or wanted in (a.casefold() for a in e.aliases)
            for article_id in e.articles
        }
    matching_articles: set[str] | None = None
    if query:
        matching_articles = {article_id for article_id, _ in store.search(query, limit=1000)}
    stories = []
    for story in store.iter_stories():
        if source and source.casefold() not in (s.casefold() for s in story.sources):
            continue
        if since and (story.end or story.start or "") < since:
            continue
        if until and (story.start or story.end or "9999") > until:
            continue
        if matching_articles is not None and not matching_articles & set(story.articles):
            continue
        if entity_articles is not None and not entity_articles & set(story.articles):
            continue
        stories.append(story)
    stories.sort(key=lambda s: (s.end or s.start or "", len(s.articles), s.id), reverse=True)
    return stories


def find_story(store: Store, story_id: str) -> Story | None:
    """A stored story by id, or by a unique id prefix (as users type them)."""
    story = store.get_story(story_id)
    if story is not None:
        return story
    matches = [s for s in store.iter_stories() if s.id.startswith(story_id)]
    return matches[0] if len(matches) == 1 else None

