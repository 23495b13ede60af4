"""watch: conditional polling of local feeds, backoff for a failing feed, incremental stories and events."""
from __future__ import annotations

import hashlib
import http.server
import json
import threading

import pytest

from storyline.pipeline import Options
from storyline.store import open_store
from storyline.watch import expand_feeds, watch
from storyline.watch.feeds import MAX_BACKOFF_SECONDS, FeedState

BRIDGE_A = ("Varnholm closes Tessel Bridge", "https://north.example/bridge",
            "The city of Varnholm closed the Tessel Bridge on Monday after engineers found cracks in two supports. "
            "Mayor Ilsa Brandvik said 40 inspectors would examine the bridge this week.")
BRIDGE_B = ("Tessel Bridge shut in Varnholm", "https://harbour.example/bridge",
            "The city of Varnholm closed the Tessel Bridge on Monday after engineers found cracks in two supports. "
            "Mayor Ilsa Brandvik said 45 inspectors would examine the bridge this week.")
FESTIVAL = ("Lantern festival returns to Brisk", "https://harbour.example/lanterns",
            "The town of Brisk will hold its lantern festival on Saturday by the river. "
            "Organiser Pell Amsel said thousands of visitors were expected.")


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 06 May 2031 09:00:00 GMT</pubDate><description>{text}</description></item>"
        for t, link, text in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link><description>d</description>{entries}</channel></rss>").encode()


class FeedServer:
    """Two feeds whose content the test changes between polls, and one that always fails."""

    def __init__(self):
        self.feeds = {"/north.xml": rss("North Ledger", [BRIDGE_A]), "/harbour.xml": rss("Harbour Times", [FESTIVAL]),
                      "/page.xml": b"<html><body>Service unavailable</body></html>"}
        self.hits: dict[str, list[int]] = {}
        self.conditional = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                body = owner.feeds.get(self.path)
                code = 500 if self.path == "/broken.xml" else 200 if body is not None else 404
                etag = f'"{hashlib.sha1(body).hexdigest()}"' if body else None
                if etag and self.headers.get("If-None-Match") == etag:
                    code = 304
                    owner.conditional += 1
                owner.hits.setdefault(self.path, []).append(code)
                self.send_response(code)
                if code == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeTime:
    def __init__(self, on_sleep=None):
        self.now, self.on_sleep, self.sleeps = 0.0, on_sleep, 0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1
        if self.on_sleep:
            self.on_sleep(self.sleeps)


def test_watch_polls_conditionally_backs_off_and_emits_events(tmp_path):
    with FeedServer() as server, open_store(tmp_path / "w.db") as store:
        def change_feeds(sleeps: int) -> None:
            if sleeps == 2:  # before the third poll a second outlet reports the bridge story
                server.feeds["/harbour.xml"] = rss("Harbour Times", [FESTIVAL, BRIDGE_B])

        fake = FakeTime(change_feeds)
        seen: list[dict] = []
        feeds = [server.url("/north.xml"), server.url("/broken.xml"), server.url("/harbour.xml")]
        events = watch(feeds, store, Options(), events_path=tmp_path / "events.jsonl", interval=10,
                       max_polls=6, on_event=seen.append, clock=fake.clock, sleep=fake.sleep)

        kinds = [e["event"] for e in events]
        assert kinds.count("new_story") == 2  # the bridge and the festival; the second bridge report joins
        corroborated = [e for e in events if e["event"] == "new_corroboration"]
        conflicts = [e for e in events if e["event"] == "new_conflict"]
        assert len(corroborated) == 1 and "closed the Tessel Bridge" in corroborated[0]["text"]
        assert len(conflicts) == 1 and conflicts[0]["kinds"] == ["number"]
        assert kinds.index("new_conflict") > kinds.index("new_story")
        assert store.count_articles() == 3
        bridge = [s for s in store.iter_stories() if len(s.articles) == 2]
        assert len(bridge) == 1 and sorted(bridge[0].sources) == ["Harbour Times", "North Ledger"]
        # Polls at t=0,10,...,50; the broken feed failed at 0, waited 20, failed at 20, waits 40.
        assert server.hits["/broken.xml"] == [500, 500]
        errors = [e for e in events if e["event"] == "feed_error"]
        assert [e["retry_in"] for e in errors] == [20, 40]
        # The healthy feeds were polled every time, unchanged content answered with 304.
        assert len(server.hits["/north.xml"]) == 6 and server.hits["/north.xml"][1:] == [304] * 5
        assert server.conditional >= 8
        # Every event reached the callback and the JSONL file, in order.
        lines = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
        assert lines == seen == events
        state = json.loads((tmp_path / "w.db.watch.json").read_text())["feeds"]
        assert state[server.url("/broken.xml")]["failures"] == 2
        assert state[server.url("/north.xml")]["etag"]


def test_a_restarted_watch_remembers_etags_and_seen_entries(tmp_path):
    with FeedServer() as server, open_store(tmp_path / "w.db") as store:
        feeds = [server.url("/north.xml")]
        first = watch(feeds, store, Options(), once=True, clock=lambda: 1000.0)
        too_soon = watch(feeds, store, Options(), once=True, clock=lambda: 1100.0)
        due = watch(feeds, store, Options(), once=True, clock=lambda: 1300.0)
        assert [e["event"] for e in first] == ["new_story"]
        assert too_soon == due == []
        assert server.hits["/north.xml"] == [200, 304]  # not polled before its interval, then conditionally
        (tmp_path / "w.db.watch.json").unlink()
        assert watch(feeds, store, Options(), once=True) == []  # fetched in full, but the entry is known
        assert server.hits["/north.xml"] == [200, 304, 200] and store.count_articles() == 1


def test_webhook_receives_each_event(tmp_path):
    received: list[dict] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        with FeedServer() as server, open_store(tmp_path / "w.db") as store:
            events = watch([server.url("/north.xml"), server.url("/missing.xml"), server.url("/page.xml")],
                           store, Options(), once=True,
                           webhook=f"http://127.0.0.1:{hook.server_address[1]}/hook")
    finally:
        hook.shutdown()
        hook.server_close()
    assert sorted(e["event"] for e in received) == ["feed_error", "feed_error", "new_story"]
    assert received == events
    assert "404" in received[1]["error"] or "404" in received[0]["error"]


def test_opml_lists_expand_to_their_feeds(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="News"><outline type="rss" xmlUrl="http://127.0.0.1:1/a.xml"/>'
                    '<outline type="rss" xmlUrl="http://127.0.0.1:1/b.xml"/></outline></body></opml>')
    assert expand_feeds([str(opml), "http://127.0.0.1:1/a.xml", "http://127.0.0.1:1/c.xml"]) == [
        "http://127.0.0.1:1/a.xml", "http://127.0.0.1:1/b.xml", "http://127.0.0.1:1/c.xml"]


def test_backoff_doubles_and_is_capped():
    state = FeedState()
    assert [state.failed("x", 0, 60) for _ in range(3)] == [120, 240, 480]
    assert state.failed("x", 0, 10 ** 6) == MAX_BACKOFF_SECONDS
    state.succeeded(100, 60)
    assert state.failures == 0 and state.next_poll == 160


def test_interval_must_be_positive(tmp_path):
    with open_store(tmp_path / "w.db") as store, pytest.raises(ValueError):
        watch([], store, interval=0)
