"""The self-contained HTML report: no scripts, no external files, every value escaped."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jinja2
import markupsafe

from storyline.pipeline import Corpus
from storyline.report.safe_text import terminal_safe
from storyline.report.view import StoryView, story_view


def safe_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A template environment in which every printed value is escaped and stripped of control
    and bidi-override characters, so no field can be forgotten (the HTML report and the web UI)."""
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # article text is hostile input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["safe_text"] = terminal_safe
    env.globals["timeline_points"] = timeline_points
    return env


def _finalize(value):
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(terminal_safe(value))
    return terminal_safe(value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return safe_environment(jinja2.PackageLoader("storyline.report", "templates"))


def render_html(corpus: Corpus) -> str:
    articles = {a.id: a for a in corpus.articles}
    entities = {e.id: e for e in corpus.entities}
    views: list[StoryView] = [
        story_view(s, articles, entities) for s in sorted(corpus.stories, key=lambda s: (-len(s.articles), s.id))
    ]
    problems = sorted((a for a in corpus.articles if not a.ok), key=lambda a: (a.path or "", a.id))
    return environment().get_template("report.html").render(
        views=views, problems=problems, inputs=len(corpus.articles),
        usable=sum(a.ok for a in corpus.articles),
    )


def _as_date(value: str) -> dt.date | None:
    """The first day a TIMEX value covers (2025-04-10, 2025-04, 2025-W15, 2025), or None."""
    try:
        if len(value) >= 10:
            return dt.date.fromisoformat(value[:10])
        if "-W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01")
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def timeline_points(entries, width: int = 640) -> list[dict]:
    """x positions (px) of timeline entries on a linear date axis, for the inline SVG chart."""
    dated = [(e, _as_date(e.date)) for e in entries]
    dated = [(e, d) for e, d in dated if d is not None]
    if not dated:
        return []
    first, last = min(d for _, d in dated), max(d for _, d in dated)
    span = max((last - first).days, 1)
    return [{"x": 20 + int((d - first).days / span * (width - 40)), "date": e.date, "text": e.text}
            for e, d in dated]
