"""Rich terminal output for the CLI. Every article-derived string goes through `terminal_safe`."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.model import Article, Entity, Story
from storyline.pipeline import Corpus
from storyline.report.safe_text import terminal_safe
from storyline.report.view import story_view


def t(text: object, limit: int | None = None) -> str:
    """Hostile text made safe for a terminal and for rich markup."""
    return escape(terminal_safe(str(text), limit))


def print_summary(console: Console, corpus: Corpus) -> None:
    from storyline.report.json_report import summarise

    summary = summarise(corpus)
    status = ", ".join(f"{n} {s}" for s, n in summary["status"].items())
    facts = summary["facts"]
    console.print(f"[bold]{summary['inputs']} inputs[/] ({status}); {summary['entities']} entities, "
                  f"{summary['quotes']} quotes; [bold]{summary['stories']} stories[/]; facts: "
                  f"{facts['corroborated']} corroborated, {facts['single-source']} single-source, "
                  f"{facts['conflicting']} conflicting")
    if corpus.stories:
        print_stories(console, sorted(corpus.stories, key=lambda s: (-len(s.articles), s.id))[:20])
    problems = [a for a in corpus.articles if not a.ok and a.status != "duplicate"]
    for article in sorted(problems, key=lambda a: a.path or a.id)[:50]:
        console.print(f"[yellow]{article.status}[/] {t(article.path or article.id)}: {t(article.error or '')}")


def print_ingest(console: Console, articles: list[Article], total: int) -> None:
    counts: dict[str, int] = {}
    for article in articles:
        counts[article.status] = counts.get(article.status, 0) + 1
    console.print(f"read {len(articles)} inputs ({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))}); "
                  f"the store holds {total} articles")
    for article in articles:
        if not article.ok and article.status != "duplicate":
            console.print(f"[yellow]{article.status}[/] {t(article.path or article.id)}: {t(article.error or '')}")


def print_stories(console: Console, stories: list[Story]) -> None:
    table = Table(show_lines=False)
    for column in ("story", "dates", "articles", "sources", "conflicts", "title"):
        table.add_column(column, overflow="fold")
    for story in stories:
        conflicts = sum(f.status == "conflicting" for f in story.facts)
        dates = " – ".join(dict.fromkeys(d for d in (story.start, story.end) if d)) or "undated"
        table.add_row(story.id, dates, str(len(story.articles)), t(", ".join(story.sources), 60),
                      str(conflicts), t(story.title, 90))
    console.print(table)


def print_story(console: Console, story: Story, articles: dict[str, Article], entities: dict[str, Entity]) -> None:
    view = story_view(story, articles, entities)
    console.rule(f"[bold]{t(story.title)}")
    console.print(f"{t(view.summary)}  [dim]{story.id}[/]")
    for fact in view.conflicts:
        for conflict in fact.conflicts:
            console.print(f"\n[bold red]CONFLICT ({conflict.kind})[/] {t(fact.text)}")
            for value in conflict.values:
                console.print(f"  [bold]{t(value.claim.source or value.claim.article)}[/]: {t(value.value)} — "
                              f"“{t(value.claim.text, 300)}”")
    if view.coverage:
        table = Table(title="coverage", show_lines=False)
        table.add_column("fact", overflow="fold", min_width=30)
        for source in view.sources:
            table.add_column(t(source, 30), justify="center", max_width=10, overflow="fold")
        for fact, row in view.coverage:
            colour = {"corroborated": "green", "conflicting": "red"}.get(fact.status, "yellow")
            table.add_row(f"[{colour}]{t(fact.text, 140)}[/]", *("●" if has else "" for has in row))
        console.print(table)
    if view.speakers:
        console.print("\n[bold]Quotes by speaker[/]")
        for group in view.speakers:
            console.print(f"  [bold]{t(group.speaker)}[/]")
            for quote in group.quotes:
                console.print(f"    “{t(quote.text, 300)}” [dim]{t(quote.source)}, {quote.kind}[/]")
    if view.timeline:
        console.print("\n[bold]Timeline[/]")
        for entry in view.timeline:
            console.print(f"  {t(entry.date)}  {t(entry.text, 160)}")
    console.print("\n[bold]Sources[/]")
    for article in view.articles:
        console.print(f"  {t(article.source)}: {t(article.title or article.id, 100)} "
                      f"[dim]{article.published or 'undated'} {article.id}[/]")
