"""The watch loop: poll feeds, ingest new entries, place them into stories, refresh the
ledgers of the stories they touched, and say what changed."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from storyline.model import Article, Entity, Fact, Story
from storyline.pipeline import Options
from storyline.store import Store
from storyline.watch.events import EventSink
from storyline.watch.feeds import FetchError, StateFile, expand_feeds, fetch


def parse_feed(feed: str, data: bytes, options: Options) -> list[Article]:
    """The feed's entries as cleaned Articles, through the ordinary feed reader."""
    from storyline.ingest import read_inputs

    with tempfile.TemporaryDirectory(prefix="storyline-watch-") as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(data)
        articles = read_inputs([str(path)], options)
    for article in articles:
        # Name the feed, not the temporary file, as where the entry came from.
        if article.path and article.path.startswith(str(path)):
            article.path = feed + article.path[len(str(path)):]
        if article.error:
            article.error = article.error.replace(str(path), feed)
    return articles


def _claim_keys(fact: Fact) -> set[tuple]:
    from storyline.compare.claims import claim_key

    return {claim_key(claim) for claim in fact.claims}


def _new_facts(story: Story, previous: Story | None, status: str) -> list[Fact]:
    """Facts of `status` that continue no fact of that status the story had before.
    (A fact's id changes when a claim joins it, so continuity is judged by shared claims.)"""
    known: set[tuple] = set()
    for fact in (previous.facts if previous else []):
        if fact.status == status:
            known |= _claim_keys(fact)
    return [f for f in story.facts if f.status == status and not (_claim_keys(f) & known)]


class Watcher:
    """The state of a watch: stored articles, a streaming story index and per-feed state."""

    def __init__(self, feeds: list[str], store: Store, options: Options, sink: EventSink,
                 interval: float, state_path: Path | None):
        from storyline.cluster import StoryIndex

        self.feeds, self.store, self.options, self.sink = expand_feeds(feeds), store, options, sink
        self.interval = interval
        self.state = StateFile(state_path)
        self.articles: dict[str, Article] = {a.id: a for a in store.iter_articles("ok")}
        self.stories: dict[str, Story] = {s.id: s for s in store.iter_stories()}
        self.index = StoryIndex.from_stories(list(self.stories.values()), list(self.articles.values()))

    def poll(self, now: float) -> list[dict[str, Any]]:
        """Poll every feed that is due; return the events this poll emitted."""
        first = len(self.sink.sent)
        fresh: dict[str, Article] = {}
        for feed in self.feeds:
            feed_state = self.state.get(feed)
            if now < feed_state.next_poll:
                continue
            try:
                data = fetch(feed, feed_state, self.options.max_bytes)
                entries = parse_feed(feed, data, self.options) if data is not None else []
                whole = [a for a in entries if a.path == feed and not a.ok]
                if whole and (whole[0].status == "error" or whole[0].format != "feed"):
                    # The whole response was unusable (an error page, not a feed): retry later.
                    raise FetchError(whole[0].error or "not a readable feed")
                entries = [a for a in entries if a not in whole]  # an empty feed is no article
            except (FetchError, OSError, ValueError) as error:
                delay = feed_state.failed(str(error), now, self.interval)
                self.sink.emit("feed_error", feed=feed, error=str(error), failures=feed_state.failures,
                               retry_in=delay)
                continue
            feed_state.succeeded(now, self.interval)
            for article in entries:
                if article.id not in self.articles and article.id not in fresh \
                        and self.store.get_article(article.id) is None:
                    fresh[article.id] = article
        self.state.save()
        if fresh:
            self._take_in(list(fresh.values()))
        return self.sink.sent[first:]

    def _take_in(self, new: list[Article]) -> None:
        from storyline.compare import build_ledger
        from storyline.extract import extract_article
        from storyline.extract.nlp import parse

        ok_new = [a for a in new if a.ok]
        docs = {}
        for article, doc in zip(ok_new, parse((a.text for a in ok_new), batch_size=self.options.batch_size)):
            extract_article(article, doc, self.options.assume_date)
            docs[article.id] = doc
        before = {a.id: [m.entity for m in a.mentions] for a in self.articles.values()}
        self.articles.update((a.id, a) for a in ok_new)
        entities = self._relink(docs)
        changed = [a for a in self.articles.values() if a.id in before and before[a.id] != [m.entity for m in a.mentions]]
        seen_events = len(self.index.events)
        touched = {self.index.add(a) for a in sorted(ok_new, key=lambda a: (a.published or "", a.id))}
        # Stories that merged or split while placing them changed too (members moved).
        touched |= {s for event in self.index.events[seen_events:] for s in (event.story, *event.others)}
        current = {s.id: s for s in self.index.stories()}
        for story_id, story in current.items():
            if story_id in touched:
                missing = [a for a in (self.articles.get(i) for i in story.articles) if a and a.id not in docs]
                docs.update(zip((a.id for a in missing), parse((a.text for a in missing))))
                build_ledger(story, self.articles, docs)
                self._announce(story, self.stories.get(story_id))
            elif story_id in self.stories:
                story.facts, story.timeline = self.stories[story_id].facts, self.stories[story_id].timeline
        self.stories = {**self.stories, **current}
        self.store.put_articles([*new, *changed], batch_size=self.options.batch_size)
        self.store.put_entities(entities)
        self.store.put_stories(list(self.stories.values()))

    def _relink(self, new_docs: dict) -> list[Entity]:
        """Link entities over every article (mentions only; Docs of the new ones for roles),
        keeping the roles earlier runs found for the same entity."""
        from storyline.extract.entities import _dedupe_roles, link_entities

        entities = link_entities(list(self.articles.values()), new_docs)
        earlier = {e.id: e.roles for e in self.store.iter_entities()}
        for entity in entities:
            entity.roles = _dedupe_roles([*entity.roles, *earlier.get(entity.id, [])])
        return entities

    def _announce(self, story: Story, previous: Story | None) -> None:
        if previous is None:
            self.sink.emit("new_story", story=story.id, title=story.title, sources=story.sources,
                           articles=story.articles)
        for fact in _new_facts(story, previous, "corroborated"):
            self.sink.emit("new_corroboration", story=story.id, title=story.title, fact=fact.id, text=fact.text,
                           sources=fact.sources)
        for fact in _new_facts(story, previous, "conflicting"):
            self.sink.emit("new_conflict", story=story.id, title=story.title, fact=fact.id, text=fact.text,
                           sources=fact.sources, kinds=sorted({c.kind for c in fact.conflicts}))
