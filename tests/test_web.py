"""Every route of `storyline serve` and its JSON twin, in process, over a real store."""
from __future__ import annotations

import html
import re

import pytest
from starlette.testclient import TestClient

from storyline.web.app import create_app


@pytest.fixture(scope="module")
def client(analysed):
    _, db = analysed
    with TestClient(create_app(db)) as client:
        yield client


@pytest.fixture(scope="module")
def ids(client):
    stories = client.get("/stories.json").json()["stories"]
    story = max(stories, key=lambda s: s["articles"])
    story_json = client.get(f"/stories/{story['id']}.json").json()
    article = story_json["articles"][0]["id"]
    entity = story_json["entities"][0]["id"]
    return {"story": story["id"], "article": article, "entity": entity, "title": story["title"]}


def test_stories_page_and_twin(client, ids):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    twin = client.get("/stories.json").json()
    assert any(s["id"] == ids["story"] for s in twin["stories"])
    assert ids["story"] in page.text


@pytest.mark.parametrize("kind", ["stories", "articles", "entities"])
def test_each_page_has_a_json_twin_from_the_same_view(client, ids, kind):
    key = {"stories": "story", "articles": "article", "entities": "entity"}[kind]
    page = client.get(f"/{kind}/{ids[key]}")
    twin = client.get(f"/{kind}/{ids[key]}.json")
    assert page.status_code == 200 and twin.status_code == 200
    assert twin.headers["content-type"].startswith("application/json")
    data = twin.json()
    if kind == "stories":
        assert data["story"]["id"] == ids["story"] and data["story"]["title"] in page.text.replace("&#39;", "'")
        assert {"conflicts", "coverage", "quotes_by_speaker", "sources"} <= set(data)
    elif kind == "articles":
        assert data["article"]["id"] == ids["article"] and data["segments"]
    else:
        assert data["entity"]["id"] == ids["entity"] and data["stories"]


def test_filters_and_full_text_search(client, ids):
    everything = client.get("/stories.json").json()["stories"]
    by_source = client.get("/stories.json", params={"source": "Northfield Daily"}).json()["stories"]
    assert 0 < len(by_source) < len(everything)
    assert all("Northfield Daily" in s["sources"] for s in by_source)
    found = client.get("/stories.json", params={"q": "turbines"}).json()
    assert found["search_hits"] and all("turbine" in s["title"].lower() or s["articles"] for s in found["stories"])
    assert client.get("/stories.json", params={"since": "2030-01-01"}).json()["stories"] == []


def test_highlight_marks_the_claim_in_the_article(client, ids):
    article = client.get(f"/articles/{ids['article']}.json").json()["article"]
    page = client.get(f"/articles/{ids['article']}", params={"hl": "0-20"})
    assert '<mark id="hl"' in page.text
    assert client.get(f"/articles/{ids['article']}", params={"hl": "x-<script>"}).status_code == 200
    text_part = page.text.split('id="article-text">', 1)[1].split("</div>", 1)[0]
    text_part = re.sub(r'<a class="claim-link"[^>]*>.*?</a>', "", text_part)
    shown = html.unescape(re.sub(r"<[^>]+>", "", text_part))
    assert shown == article["text"]


def test_security_headers_on_every_response(client, ids):
    for path in ("/", f"/stories/{ids['story']}", "/stories.json", "/static/style.css", "/nope"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "cache-control" in response.headers


def test_errors_are_pages_without_tracebacks(client, analysed, monkeypatch):
    missing = client.get("/stories/does-not-exist")
    assert missing.status_code == 404 and "Not found" in missing.text
    assert client.get("/stories/does-not-exist.json").json()["status"] == 404
    from storyline.web import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "story_page", broken)
    failing = TestClient(create_app(analysed[1]), raise_server_exceptions=False)
    response = failing.get("/stories/anything")
    assert response.status_code == 500
    assert "secret internal detail" not in response.text and "Traceback" not in response.text


def test_no_path_traversal(client):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/articles/..%2f..%2fetc%2fpasswd"):
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert "create_app" not in response.text


def test_request_size_limit(client):
    response = client.post("/", content=b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413


def test_hostile_article_renders_as_text(client):
    page = client.get("/articles/hostile-1")
    assert page.status_code == 200
    body = page.text
    assert "<script>alert" not in body and "&lt;script&gt;" in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=" in body
    assert 'href="javascript:' not in body
    assert "\u202e" not in body and "\x07" not in body
    assert "<b>Evil</b>" not in body


def test_entity_filter_keeps_only_stories_that_mention_it(client, ids):
    entity = client.get(f"/entities/{ids['entity']}.json").json()["entity"]
    everything = client.get("/stories.json").json()["stories"]
    for wanted in (entity["id"], entity["name"]):
        found = client.get("/stories.json", params={"entity": wanted}).json()["stories"]
        assert found and all(client.get(f"/stories/{s['id']}.json").json()["story"]["articles"]
                             for s in found)
        assert {s["id"] for s in found} == {
            s["id"] for s in everything
            if set(entity["articles"]) & set(client.get(f"/stories/{s['id']}.json").json()["story"]["articles"])}
    assert client.get("/stories.json", params={"entity": "Nobody Ofthatname"}).json()["stories"] == []
