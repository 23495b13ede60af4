"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists(),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"),
]


@contextmanager
def _running(app) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/stories.json", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(analysed):
    from storyline.web.app import create_app

    with _running(create_app(analysed[1])) as url:
        yield url


@pytest.fixture(scope="module")
def writable_url(analysed, tmp_path_factory):
    """A write-enabled server over a copy of the analysed store (the shared one stays untouched)."""
    from storyline.store import open_store
    from storyline.web.app import create_app

    copy = tmp_path_factory.mktemp("writable") / "store.db"
    with open_store(analysed[1]) as source, open_store(copy) as target:
        target.put_articles(source.iter_articles())
        target.put_entities(source.iter_entities())
        target.put_stories(source.iter_stories())
    with _running(create_app(copy, allow_write=True)) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.console_errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def _story_with_conflict(base_url: str) -> dict:
    stories = httpx.get(base_url + "/stories.json").json()["stories"]
    conflicted = [s for s in stories if s["conflicts"]]
    assert conflicted, "the bundled examples contain real conflicts; a story should show one"
    return conflicted[0]


def test_open_story_and_see_the_conflict(page, base_url):
    story = _story_with_conflict(base_url)
    page.goto(base_url + "/")
    page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)
    page.get_by_role("link", name=story["title"]).click()
    page.wait_for_url(f"**/stories/{story['id']}")
    heading = page.get_by_role("heading", name="Conflicts")
    assert heading.is_visible()
    assert page.locator(".conflict").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)


def test_click_a_fact_and_see_its_sentence_highlighted(page, base_url):
    story = _story_with_conflict(base_url)
    page.goto(f"{base_url}/stories/{story['id']}")
    link = page.locator("a.fact-claim").first
    claim_text = link.inner_text().split(": “", 1)[-1].rstrip("”").rstrip("…").strip()
    link.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    assert mark.is_visible()
    marked = mark.inner_text()
    assert claim_text[:40] in marked or marked[:40] in claim_text
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)


def test_search_for_an_entity(page, base_url):
    page.goto(base_url + "/")
    page.get_by_label("Search articles").fill("Halvorsen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=Halvorsen")
    hits = page.locator("text=Articles matching")
    assert hits.is_visible()
    assert page.locator("main li a[href^='/articles/']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)


def test_entity_page(page, base_url):
    story = _story_with_conflict(base_url)
    page.goto(f"{base_url}/stories/{story['id']}")
    page.locator("a[href^='/entities/']").first.click()
    page.wait_for_url("**/entities/**")
    assert page.get_by_role("heading", name="Stories").is_visible()
    page.screenshot(path=str(ARTIFACTS / "entity.png"), full_page=True)


def test_keyboard_navigation_and_labelled_controls(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, button')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.outerHTML)""")
    assert unlabelled == []
    # Tab reaches the first story link without a mouse.
    for _ in range(30):  # date inputs take one stop per field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href') || ''").startswith("/stories/"):
            break
    else:
        pytest.fail("no story link reachable by keyboard")


def test_hostile_article_runs_no_script(page, base_url):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + "/articles/hostile-1")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert "<script>" in page.locator("#article-text").inner_text()
    assert page.evaluate("document.querySelectorAll('#article-text script, #article-text img').length") == 0
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_paste_an_article_and_land_on_its_story(page, writable_url):
    page.goto(writable_url + "/")
    page.get_by_role("link", name="Add articles").click()
    page.wait_for_url("**/add")
    page.get_by_label("Source (outlet)").fill("Quayside Bulletin")
    page.get_by_label("Title").fill("Orchard Lane library gets a new roof")
    page.get_by_label("Published").fill("2031-05-06")
    page.get_by_label("Text").fill(
        "The Orchard Lane library in Pellham reopened on Monday after workers finished a new copper roof. "
        "Librarian Tamsin Oduya said the repairs cost 85,000 pounds and took eleven weeks.")
    page.screenshot(path=str(ARTIFACTS / "add.png"), full_page=True)
    page.get_by_role("button", name="Add and analyse").click()
    page.wait_for_url("**/stories/**", timeout=120_000)
    assert page.get_by_role("heading", level=3, name="Quayside Bulletin", exact=True).is_visible()
    assert "Tamsin Oduya" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "added-story.png"), full_page=True)


def _pages(base_url: str) -> list[str]:
    story = max(httpx.get(base_url + "/stories.json").json()["stories"], key=lambda s: s["articles"])
    data = httpx.get(f"{base_url}/stories/{story['id']}.json").json()
    return ["/", f"/stories/{story['id']}", f"/articles/{data['articles'][0]['id']}",
            f"/entities/{data['entities'][0]['id']}", "/stories/no-such-story", "/?q=bridge"]


def test_every_page_has_one_h1_landmarks_and_visible_focus(page, base_url, writable_url):
    urls = [base_url + path for path in _pages(base_url)] + [writable_url + "/add"]
    for url in urls:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert page.locator("main").count() == 1 and page.locator("header").count() == 1, url
        assert page.get_by_role("navigation").count() >= 1 and page.get_by_role("search").count() == 1, url
        assert page.evaluate("document.documentElement.lang") == "en", url
        # Tab to the first few controls: each shows a focus outline.
        for _ in range(4):
            page.keyboard.press("Tab")
            outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
            assert outline[0] != "none" and outline[1] >= 2, (url, outline)
