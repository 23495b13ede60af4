"""`storyline serve --allow-write`: the "Add articles" page, its CSRF check and limits, in process."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from starlette.testclient import TestClient

from storyline import api
from storyline.store import open_store
from storyline.web import write
from storyline.web.app import create_app

# A fictional event told by two outlets; the pasted third report must join their story.
REPORTS = [
    {"source": "Lakeside Courier", "title": "Ferrin Bridge closed after crack found", "published": "2031-04-02",
     "text": "The Ferrin Bridge in Dunmore was closed on Tuesday after engineers found a crack in its main span. "
             "Mayor Ilse Varga said the bridge would stay shut for at least three weeks. "
             "About 14,000 vehicles cross the Ferrin Bridge every day, according to the county."},
    {"source": "Dunmore Post", "title": "Crack shuts Ferrin Bridge for weeks", "published": "2031-04-02",
     "text": "Engineers closed the Ferrin Bridge in Dunmore on Tuesday after finding a crack in the main span. "
             "\"We will not reopen it until it is safe,\" Mayor Ilse Varga said. "
             "The county says 14,000 vehicles use the Ferrin Bridge daily."},
]
PASTED = {"source": "Valley Herald", "title": "Ferrin Bridge crack: repairs to take three weeks",
          "published": "2031-04-03", "url": "https://valley-herald.example/ferrin-bridge",
          "text": "The Ferrin Bridge in Dunmore will stay closed for three weeks after engineers found a crack "
                  "in its main span on Tuesday, Mayor Ilse Varga said. Some 14,000 vehicles cross the Ferrin "
                  "Bridge each day."}


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("write")
    corpus = folder / "in"
    corpus.mkdir()
    (corpus / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    path = folder / "store.db"
    with open_store(path) as store:
        api.analyze([str(corpus)], store=store)
    return path


@pytest.fixture()
def db(analysed_db, tmp_path):
    """A fresh copy of the analysed store for each test, since tests write to it."""
    for suffix in ("", "-wal", "-shm"):
        source = analysed_db.with_name(analysed_db.name + suffix)
        if source.exists():
            shutil.copyfile(source, tmp_path / ("store.db" + suffix))
    return tmp_path / "store.db"


@pytest.fixture()
def client(db):
    with TestClient(create_app(db, allow_write=True)) as client:
        yield client


def _token(client: TestClient) -> str:
    page = client.get("/add")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _article_count(db) -> int:
    with open_store(db) as store:
        return store.count_articles(status="ok")


def test_read_only_server_refuses_the_form_and_posts(db):
    with TestClient(create_app(db)) as client:
        assert client.get("/add").status_code == 403
        assert client.post("/add", data=PASTED).status_code == 403
        assert 'href="/add"' not in client.get("/").text
    assert _article_count(db) == 2


def test_form_sets_a_strict_csrf_cookie_matching_its_hidden_field(client):
    page = client.get("/add")
    cookie = page.headers["set-cookie"]
    assert "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert f"{write.CSRF_COOKIE}={token}" in cookie and len(token) >= 32
    assert 'href="/add"' in client.get("/").text


@pytest.mark.parametrize("case", ["no token", "wrong field", "no cookie"])
def test_post_without_a_matching_token_is_refused(client, db, case):
    token = _token(client)
    data = dict(PASTED, csrf="forged" if case == "wrong field" else token)
    if case == "no token":
        data.pop("csrf")
    if case == "no cookie":
        client.cookies.clear()
    response = client.post("/add", data=data, files={"files": ("", b"")}, follow_redirects=False)
    assert response.status_code == 403
    assert _article_count(db) == 2


def test_pasted_article_joins_the_story_and_lands_on_it(client, db):
    token = _token(client)
    before = client.get("/stories.json").json()["stories"]
    for story in before:  # now cached: adding must still show the change
        client.get(f"/stories/{story['id']}.json")
    response = client.post("/add", data=dict(PASTED, csrf=token), files={"files": ("", b"")},
                           follow_redirects=False)
    assert response.status_code == 303
    target = response.headers["location"]
    assert target.startswith("/stories/")
    story = client.get(target + ".json").json()
    assert "Valley Herald" in story["story"]["sources"]
    assert len(story["story"]["articles"]) == max(s["articles"] for s in before) + 1
    assert "Valley Herald" in client.get(target).text
    assert _article_count(db) == 3
    again = client.post("/add", data=dict(PASTED, csrf=token), files={"files": ("", b"")}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == target
    assert _article_count(db) == 3


def test_upload_is_saved_under_a_generated_name(client, db):
    token = _token(client)
    text = PASTED["text"].replace("Some 14,000", "Around 14,000") + " Ferries will run extra services."
    response = client.post("/add", data={"csrf": token, "source": "Harbour Radio"},
                           files={"files": ("../../etc/evil name.txt", text.encode())}, follow_redirects=False)
    assert response.status_code == 303
    with open_store(db) as store:
        added = [a for a in store.iter_articles(status="ok") if a.source == "Harbour Radio"]
    assert len(added) == 1
    assert "evil" not in (added[0].path or "") and ".." not in (added[0].path or "")
    assert re.search(r"upload-01\.txt$", added[0].path or "")


@pytest.mark.parametrize("field, value, message", [
    ("published", "next tuesday", "YYYY-MM-DD"),
    ("url", "javascript:alert(1)", "http"),
    ("source", "", "source"),
    ("text", "", "Paste"),
])
def test_unusable_submissions_come_back_with_a_message(client, db, field, value, message):
    token = _token(client)
    response = client.post("/add", data=dict(PASTED, csrf=token, **{field: value}), files={"files": ("", b"")})
    assert response.status_code == 400
    assert message in response.text and 'role="alert"' in response.text
    assert _article_count(db) == 2


def test_body_size_limit_still_applies(client):
    token = _token(client)
    response = client.post("/add", data={"csrf": token, "source": "Big"},
                           files={"files": ("big.txt", b"word " * (600 * 1024))})
    assert response.status_code == 413


@pytest.mark.parametrize("name, suffix", [
    ("report.html", ".html"), ("feed.JSONL.gz", ".jsonl.gz"), ("../../x.txt", ".txt"),
    ("C:\\Users\\me\\notes.txt", ".txt"), ("noext", ""), ("weird.<script>", ""), ("a.tar.gz.sh", ".gz.sh"),
])
def test_safe_suffix_keeps_only_short_plain_extensions(name, suffix):
    assert write.safe_suffix(name) == suffix


def test_streamed_body_over_the_limit_is_refused(client):
    token = _token(client)
    boundary = "x-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode()

    def chunks():  # no Content-Length: the limit has to be counted as the body arrives
        yield head
        for _ in range(40):
            yield b"word " * 20_000

    response = client.post("/add", content=chunks(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
