"""The Markdown report: one section per story, conflicts first."""
from __future__ import annotations

import re

from storyline.model import Fact
from storyline.pipeline import Corpus
from storyline.report.safe_text import terminal_safe
from storyline.report.view import StoryView, story_view

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def md(text: object) -> str:
    """Article text is hostile input: neutralise Markdown and HTML syntax and control characters."""
    return _MD_SPECIAL.sub(r"\\\1", terminal_safe(str(text)).replace("\n", " "))


def render_markdown(corpus: Corpus) -> str:
    articles = {a.id: a for a in corpus.articles}
    entities = {e.id: e for e in corpus.entities}
    lines = ["# storyline report", ""]
    ok = sum(a.ok for a in corpus.articles)
    lines.append(f"{len(corpus.articles)} inputs, {ok} usable articles, {len(corpus.stories)} stories.")
    lines.append("")
    for story in sorted(corpus.stories, key=lambda s: (-len(s.articles), s.id)):
        lines += _story(story_view(story, articles, entities))
    problems = [a for a in corpus.articles if not a.ok]
    if problems:
        lines += ["## Inputs not analysed", "", "| input | status | reason |", "| --- | --- | --- |"]
        for article in sorted(problems, key=lambda a: (a.path or "", a.id)):
            reason = article.error or (f"duplicate of {article.duplicate_of}" if article.duplicate_of else "")
            lines.append(f"| {md(article.path or article.id)} | {article.status} | {md(reason)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _fact_line(fact: Fact) -> str:
    badges = " ".join(f"`{md(s)}`" for s in fact.sources)
    return f"- {md(fact.text)} {badges}"


def _story(view: StoryView) -> list[str]:
    story = view.story
    lines = [f"## {md(story.title)}", "", f"*{md(view.summary)}*  ", f"Story id: `{story.id}`", ""]
    if story.merged_from:
        lines += ["Merged from " + ", ".join(f"`{md(s)}`" for s in story.merged_from), ""]
    if view.conflicts:
        lines += ["### Conflicts", ""]
        for fact in view.conflicts:
            for conflict in fact.conflicts:
                lines.append(f"- **{conflict.kind}**: {md(fact.text)}")
                for value in conflict.values:
                    lines.append(f"  - {md(value.claim.source or value.claim.article)} says **{md(value.value)}**: "
                                 f"> {md(value.claim.text)}")
        lines.append("")
    if view.coverage:
        lines += ["### Coverage", "", "| fact | " + " | ".join(md(s) for s in view.sources) + " |",
                  "| --- |" + " --- |" * len(view.sources)]
        for fact, row in view.coverage:
            lines.append(f"| {md(_short(fact.text))} | " + " | ".join("●" if has else "" for has in row) + " |")
        lines.append("")
    if view.corroborated:
        lines += ["### Corroborated", ""] + [_fact_line(f) for f in view.corroborated] + [""]
    for source, facts in view.single_by_source.items():
        lines += [f"### Only in {md(source)}", ""] + [_fact_line(f) for f in facts] + [""]
    if view.speakers:
        lines += ["### Quotes by speaker", ""]
        for group in view.speakers:
            lines.append(f"- **{md(group.speaker)}**")
            for quote in group.quotes:
                lines.append(f"  - “{md(quote.text)}” ({md(quote.source)}, {quote.kind})")
        lines.append("")
    if view.timeline:
        lines += ["### Timeline", ""]
        for entry in view.timeline:
            lines.append(f"- **{md(entry.date)}**: {md(entry.text)}")
        lines.append("")
    lines += ["### Sources", ""]
    for article in view.articles:
        copy = f" (copy of `{article.copy_of}`)" if article.copy_of else ""
        lines.append(f"- {md(article.source)}: {md(article.title or article.id)}, {md(article.published or 'undated')}{copy}")
    lines.append("")
    return lines


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
