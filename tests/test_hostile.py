"""Hostile article text stays inert in every output: terminal, Markdown, HTML report and web UI.

One fictional corpus carries every trick we know (script/style/iframe, event handlers,
`javascript:` links, Markdown and rich markup, ANSI escapes, C0/C1 controls, bidi overrides,
very long lines) in every field an output shows. The checks parse what is produced instead of
searching for the exact escaping, so they hold whatever escaping style the outputs choose.
"""
from __future__ import annotations

import io
import re

import lxml.html
import pytest
from markdown_it import MarkdownIt
from rich.console import Console
from starlette.testclient import TestClient

from storyline.model import (
    Article, Claim, Conflict, ConflictValue, Entity, Fact, Mention, Quote, Story, TimeRef, TimelineEntry,
)
from storyline.pipeline import Corpus
from storyline.report.html import render_html
from storyline.report.markdown import render_markdown
from storyline.report.terminal import print_ingest, print_stories, print_story, print_summary
from storyline.store.sqlite import SQLiteStore
from storyline.web.app import create_app

MARKUP = (
    "<script>alert(1)</script><style>body{display:none}</style><iframe src=\"https://evil.example/\"></iframe>"
    "<img src=x onerror=\"alert(2)\"><a href=\"javascript:alert(3)\" onclick=\"alert(4)\">here</a>"
    "<svg onload=alert(5)></svg><object data=\"javascript:alert(6)\"></object>"
)
MD_TRICKS = "[click me](javascript:alert(7)) ![x](javascript:alert(8)) **loud** # not a heading | cell | `code`"
TERMINAL_TRICKS = "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 bell\x07 nul\x00 del\x7f c1\x85\x9b"
BIDI = "invoice \u202egnp.exe\u202c \u2066isolated\u2069 \u200fmark"
RICH_MARKUP = "[bold red]rich[/bold red] [link=https://evil.example]x[/link]"
HOSTILE = f"{MARKUP} {MD_TRICKS} {TERMINAL_TRICKS} {BIDI} {RICH_MARKUP}"
LONG_LINE = "Westbrook " * 3000

# What must never reach a terminal: C0/C1 controls other than tab and newline, and bidi controls.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def hostile_corpus() -> Corpus:
    texts = [f"Officials said {HOSTILE} on Monday. {LONG_LINE}", f"A rival outlet wrote {HOSTILE} about 300 homes."]
    articles = []
    for number, text in enumerate(texts):
        start, end = _span(text, HOSTILE)
        articles.append(Article(
            id=f"evil-{number}", source=f"{MARKUP} Gazette {number}", title=f"{HOSTILE} headline {number}",
            text=text, url="javascript:alert(9)", published="2026-03-02", author=HOSTILE,
            mentions=[Mention(start, end, HOSTILE, "PERSON", entity="e-evil")],
            quotes=[Quote(start, end, HOSTILE, "direct", speaker="e-evil", speaker_text=HOSTILE, cue=HOSTILE)],
            times=[TimeRef(start, end, HOSTILE, "DATE", "2026-03-02")],
        ))
    articles.append(Article(id="evil-bad", source=HOSTILE, status="error", path=f"{HOSTILE}.txt",
                            error=f"{HOSTILE}.txt: {HOSTILE}"))
    claims = [Claim(a.id, *_span(a.text, HOSTILE), HOSTILE, source=a.source, speaker=HOSTILE) for a in articles[:2]]
    facts = [
        Fact("f-conflict", "conflicting", HOSTILE, claims, [a.source for a in articles[:2]],
             conflicts=[Conflict("number", [ConflictValue(HOSTILE, claims[0]), ConflictValue(300, claims[1])],
                                 note=HOSTILE)]),
        Fact("f-both", "corroborated", HOSTILE, claims, [a.source for a in articles[:2]]),
        Fact("f-one", "single-source", HOSTILE, claims[:1], [articles[0].source]),
    ]
    story = Story(id="s-evil", title=HOSTILE, articles=[a.id for a in articles[:2]],
                  sources=[a.source for a in articles[:2]], start="2026-03-02", end="2026-03-02", facts=facts,
                  timeline=[TimelineEntry("2026-03-02", HOSTILE, claims[:1], fact="f-one")])
    entity = Entity(id="e-evil", name=HOSTILE, type="PERSON", aliases=[HOSTILE], roles=[HOSTILE],
                    articles=[a.id for a in articles[:2]])
    return Corpus(articles=articles, entities=[entity], stories=[story])


# -- terminal -------------------------------------------------------------------------------

def _console_output(draw) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False, highlight=False)
    draw(console)
    return buffer.getvalue()


TERMINAL_CALLS = {
    "summary": lambda c, corpus: print_summary(c, corpus),
    "stories": lambda c, corpus: print_stories(c, corpus.stories),
    "story": lambda c, corpus: print_story(c, corpus.stories[0], {a.id: a for a in corpus.articles},
                                           {e.id: e for e in corpus.entities}),
    "ingest": lambda c, corpus: print_ingest(c, corpus.articles, len(corpus.articles)),
}


@pytest.mark.parametrize("name", sorted(TERMINAL_CALLS))
def test_terminal_output_has_no_control_or_bidi_characters(name):
    corpus = hostile_corpus()
    output = _console_output(lambda console: TERMINAL_CALLS[name](console, corpus))
    assert output.strip()
    found = sorted({f"U+{ord(ch):04X}" for ch in UNSAFE_CHARS.findall(output)})
    assert found == [], found


def test_rich_markup_in_article_text_is_printed_not_obeyed():
    story = Story(id="s1", title=RICH_MARKUP, articles=["a"], sources=["[red]Outlet[/red]"])
    output = _console_output(lambda console: print_stories(console, [story]))
    assert "[bold red]rich[/bold red]" in output and "[red]Outlet[/red]" in output


# -- Markdown -------------------------------------------------------------------------------

def _dangerous(document) -> list[str]:
    """Executable or page-altering markup in a parsed HTML document."""
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}:
            problems.append(f"<{tag}> {element.attrib}")
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on"):
                problems.append(f"<{tag} {attribute}=...>")
            if attribute.lower() in {"href", "src", "data", "action", "formaction", "xlink:href"} and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                problems.append(f"<{tag} {attribute}={value!r}>")
    return problems


def test_markdown_report_keeps_article_markup_inert():
    output = render_markdown(hostile_corpus())
    assert UNSAFE_CHARS.findall(output) == []
    # No HTML tag from the article survives unescaped.
    assert re.search(r"(?<!\\)<[A-Za-z/!?]", output) is None
    # Rendered by a CommonMark renderer with raw HTML allowed, nothing executable appears...
    rendered = MarkdownIt("commonmark").render(output)
    assert _dangerous(lxml.html.fromstring(f"<div>{rendered}</div>")) == []
    # ...and the article's Markdown did not become links, images or emphasis.
    assert "<a " not in rendered and "<img" not in rendered and "<strong>loud</strong>" not in rendered


def test_markdown_escaping_can_be_told_apart_from_raw_markup():
    # The checks above must be able to fail: the same text unescaped is caught.
    rendered = MarkdownIt("commonmark").render(HOSTILE)
    assert _dangerous(lxml.html.fromstring(f"<div>{rendered}</div>"))


# -- HTML report ------------------------------------------------------------------------------

def test_html_report_has_no_executable_markup_from_articles():
    output = render_html(hostile_corpus())
    document = lxml.html.fromstring(output)
    assert _dangerous(document) == []
    # The template's own <style> is the only one; none come from article text.
    benign = lxml.html.fromstring(render_html(Corpus(articles=[Article(id="a", source="s", text="Calm day.")])))
    assert len(document.findall(".//style")) == len(benign.findall(".//style"))
    assert "alert(1)" in document.text_content()  # shown as text, not dropped or run


def test_html_report_has_no_control_or_bidi_characters():
    assert UNSAFE_CHARS.findall(render_html(hostile_corpus())) == []


# -- web UI ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    corpus = hostile_corpus()
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with SQLiteStore(db) as store:
        store.put_articles(corpus.articles)
        store.put_entities(corpus.entities)
        store.put_stories(corpus.stories)
    with TestClient(create_app(db)) as client:
        yield client


WEB_PAGES = ["/", "/?q=script", "/?q=%3Cscript%3E&source=%3Ciframe%3E", "/stories/s-evil", "/articles/evil-0",
             "/articles/evil-0?hl=0-40", "/entities/e-evil", "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]


@pytest.mark.parametrize("path", WEB_PAGES)
def test_web_pages_have_no_control_or_bidi_characters(hostile_client, path):
    assert UNSAFE_CHARS.findall(hostile_client.get(path).text) == []


@pytest.mark.parametrize("path", WEB_PAGES)
def test_web_pages_keep_article_markup_inert(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code in (200, 404), response.status_code
    assert "content-security-policy" in response.headers
    document = lxml.html.fromstring(response.text)
    problems = [p for p in _dangerous(document) if not p.startswith("<script")]
    assert problems == []
    for script in document.iter("script"):
        # Only the app's own files, never inline code (the CSP would block it; it should not be there).
        assert (script.get("src") or "").startswith("/static/") and not (script.text or "").strip(), script.attrib

