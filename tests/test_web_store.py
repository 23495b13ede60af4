"""What the web pages need from the store (batched reads, a data version) and the page cache built on it."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from storyline.model import Article, Entity, Mention, Story
from storyline.store import open_store
from storyline.store import sql as sql_store
from storyline.web import views
from storyline.web.app import create_app
from storyline.web.cache import Page, PageCache


def _article(number: int) -> Article:
    text = f"Harbour master Lio Brandt said pier {number} reopens on Friday."
    return Article(id=f"art-{number}", source=f"Outlet {number % 3}", text=text, title=f"Pier {number}",
                   published="2031-06-01", mentions=[Mention(15, 25, "Lio Brandt", "PERSON", entity="e-brandt")])


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "store.db"
    with open_store(path) as store:
        store.put_articles([_article(n) for n in range(6)])
        store.put_entities([Entity("e-brandt", "Lio Brandt", "PERSON", articles=[f"art-{n}" for n in range(6)]),
                            Entity("e-other", "Mara Quist", "PERSON")])
        store.put_stories([Story("s-pier", "Piers reopen", [f"art-{n}" for n in range(6)],
                                 ["Outlet 0", "Outlet 1", "Outlet 2"])])
    return path


def test_get_articles_reads_many_in_the_order_asked(db, monkeypatch):
    monkeypatch.setattr(sql_store, "IN_CHUNK", 2)  # several chunks even for a handful of ids
    with open_store(db) as store:
        found = store.get_articles(["art-4", "missing", "art-0", "art-4", "art-2"])
        assert list(found) == ["art-4", "art-0", "art-2"]
        assert found["art-0"] == store.get_article("art-0")
        assert store.get_articles([]) == {}


def test_get_entities_reads_only_those_asked(db):
    with open_store(db) as store:
        assert list(store.get_entities(["e-other", "nope", "e-brandt"])) == ["e-other", "e-brandt"]
        assert store.get_entities(["e-brandt"])["e-brandt"].name == "Lio Brandt"


def test_data_version_moves_with_every_commit_from_anywhere(db):
    with open_store(db) as reader, open_store(db) as writer:
        first = reader.data_version()
        assert reader.data_version() == first  # no write, no change
        writer.put_articles([_article(10)])
        second = reader.data_version()
        assert second != first
        reader.put_articles([_article(11)])  # the same store object writes through another connection
        assert reader.data_version() != second


def test_page_cache_forgets_the_least_recently_used():
    cache = PageCache(max_pages=2)
    page = Page(b"x", "text/html", 200)
    cache.put("a", page)
    cache.put("b", page)
    assert cache.get("a") is page  # "b" is now the oldest
    cache.put("c", page)
    assert cache.get("b") is None and cache.get("a") is page and cache.get("c") is page and len(cache) == 2


def test_story_page_is_served_from_cache_until_the_store_changes(db, monkeypatch):
    built = []
    real = views.story_page
    monkeypatch.setattr(views, "story_page", lambda store, story_id: built.append(story_id) or real(store, story_id))
    with TestClient(create_app(db)) as client:
        first = client.get("/stories/s-pier")
        again = client.get("/stories/s-pier")
        assert first.status_code == again.status_code == 200 and again.text == first.text
        assert again.headers["content-type"].startswith("text/html")
        assert "content-security-policy" in again.headers
        assert built == ["s-pier"]
        assert client.get("/stories/s-pier.json").json()["story"]["title"] == "Piers reopen"
        with open_store(db) as writer:
            writer.put_stories([Story("s-pier", "Piers reopen after storm", [f"art-{n}" for n in range(6)],
                                      ["Outlet 0"])])
        changed = client.get("/stories/s-pier")
        assert "Piers reopen after storm" in changed.text
        assert client.get("/stories/s-pier.json").json()["story"]["title"] == "Piers reopen after storm"
        assert client.get("/stories/s-pier?q=pier").status_code == 200
        # Built for: the first page, its JSON twin, both again after the change, and the new query.
        assert built.count("s-pier") == 5
