"""The `storyline` command: parses arguments, calls one library function, formats the result."""
from __future__ import annotations

import datetime as dt
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import click
import typer
from rich.console import Console

from storyline import __version__, api
from storyline.pipeline import Options
from storyline.store import DEFAULT_DB

app = typer.Typer(
    name="storyline",
    help="Cross-source news intelligence: stories, entities, quotes, dates, numbers and a fact ledger.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class State:
    quiet = False
    debug = False


def _version(value: bool) -> None:
    if value:
        print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    State.quiet, State.debug = quiet, debug


def _date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint="--assume-date")


@contextmanager
def _progress(options: Options) -> Iterator[None]:
    """A progress bar on stderr for long stages, unless quiet or not a terminal."""
    if State.quiet or not err.is_terminal:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        options.progress = update
        yield


@app.command()
def analyze(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Files or folders (walked recursively); - reads JSONL from stdin."),
    json_path: Optional[Path] = typer.Option(None, "--json", metavar="FILE", help="Write the JSON report (schema storyline.report/1)."),
    md_path: Optional[Path] = typer.Option(None, "--md", metavar="FILE", help="Write a Markdown report."),
    html_path: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Write a self-contained HTML report."),
    meta: Optional[Path] = typer.Option(None, "--meta", metavar="FILE", help="JSONL metadata for plain files (file, source, title, url, published)."),
    assume_date: Optional[str] = typer.Option(None, "--assume-date", metavar="YYYY-MM-DD", help="Reference date for articles with no publication date."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to write to."),
    max_bytes: int = typer.Option(Options.max_bytes, "--max-bytes", metavar="N", help="Inputs larger than this are reported, not read."),
    workers: int = typer.Option(1, "--workers", metavar="N", help="Processes for the NLP pass."),
) -> None:
    """Ingest, extract, cluster and compare INPUT; print a summary and write the reports asked for."""
    from storyline.report import build_report, write_json
    from storyline.report.terminal import print_summary

    options = Options(meta=_existing(meta, "--meta"), assume_date=_date(assume_date), max_bytes=max_bytes,
                      workers=workers, db=db)
    with api.open_default_store(db) as store, _progress(options):
        corpus = api.analyze(inputs, options, store=store)
    if json_path:
        write_json(build_report(corpus), json_path)
    if md_path:
        from storyline.report.markdown import render_markdown

        md_path.write_text(render_markdown(corpus), encoding="utf-8")
    if html_path:
        from storyline.report.html import render_html

        html_path.write_text(render_html(corpus), encoding="utf-8")
    if not State.quiet:
        print_summary(out, corpus)


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Files or folders; - reads JSONL from stdin."),
    meta: Optional[Path] = typer.Option(None, "--meta", metavar="FILE", help="JSONL metadata for plain files."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to write to."),
    max_bytes: int = typer.Option(Options.max_bytes, "--max-bytes", metavar="N", help="Inputs larger than this are reported, not read."),
) -> None:
    """Read INPUT into the store without analysing it."""
    from storyline.report.terminal import print_ingest

    options = Options(meta=_existing(meta, "--meta"), max_bytes=max_bytes, db=db)
    with api.open_default_store(db) as store, _progress(options):
        articles = api.ingest(inputs, options, store)
        total = store.count_articles()
    if not State.quiet:
        print_ingest(out, articles, total)


@app.command()
def stories(
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to read."),
    source: Optional[str] = typer.Option(None, "--source", help="Only stories this outlet covers."),
    entity: Optional[str] = typer.Option(None, "--entity", help="Only stories mentioning this entity (id or name)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Only stories ending on or after."),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Only stories starting on or before."),
    search: Optional[str] = typer.Option(None, "--search", help="Only stories with an article matching this full-text query."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the stories in the store: sources, article count, dates, title."""
    from storyline.report.terminal import print_stories

    _date(since), _date(until)
    with api.open_default_store(_existing(db, "--db")) as store:
        found = api.list_stories(store, source=source, entity=entity, since=since, until=until, query=search)
    if as_json:
        import json

        print(json.dumps([s.to_dict() | {"facts": len(s.facts)} for s in found], ensure_ascii=False, indent=2))
    else:
        print_stories(out, found)


@app.command()
def show(
    story_id: str = typer.Argument(..., metavar="STORY", help="A story id (or a unique prefix of one)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to read."),
) -> None:
    """Show one story: conflicts, coverage, facts, quotes and timeline."""
    from storyline.report.terminal import print_story

    with api.open_default_store(_existing(db, "--db")) as store:
        story = api.find_story(store, story_id)
        if story is None:
            raise click.UsageError(f"no story {story_id!r} in {db} (see `storyline stories`)")
        articles = {a: store.get_article(a) for a in story.articles}
        entities = {e.id: e for e in store.iter_entities()}
    print_story(out, story, {k: v for k, v in articles.items() if v is not None}, entities)


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", metavar="json|jsonl|parquet", help="Output format."),
    output: Path = typer.Option(..., "--out", "-o", metavar="PATH", help="File (json, jsonl) or folder (parquet)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to read."),
) -> None:
    """Export the store: one JSON report, JSONL articles, or a Parquet dataset per table."""
    from storyline.export import FORMATS, export_store

    if fmt not in FORMATS:
        raise click.UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    with api.open_default_store(_existing(db, "--db")) as store:
        written = export_store(store, fmt, output)
    if not State.quiet:
        out.print(f"wrote {', '.join(str(p) for p in written)}")


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", metavar="FILE", help="The store to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; loopback unless you choose otherwise."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Browse the store in a web browser: stories, sources side by side, facts, conflicts, timeline."""
    from storyline.web.app import serve as run_server

    _existing(db, "--db")
    if not State.quiet:
        err.print(f"serving {db} on http://{host}:{port}/ (read-only; Ctrl-C stops)")
    run_server(db, host=host, port=port)


def _existing(path: Optional[Path], option: str) -> Optional[Path]:
    if path is not None and not path.exists():
        raise click.UsageError(f"{option}: no such file: {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    """Entry point: usage errors exit 2 with one line, internal errors exit 1 with a message."""
    from storyline.ingest import UsageError as InputError

    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="storyline", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.Abort:
        err.print("storyline: interrupted")
        return 130
    except (click.UsageError, InputError) as problem:
        message = problem.format_message() if isinstance(problem, click.UsageError) else str(problem)
        print(f"storyline: error: {' '.join(message.split())}", file=sys.stderr)
        return 2
    except click.ClickException as problem:
        print(f"storyline: error: {problem.format_message()}", file=sys.stderr)
        return problem.exit_code
    except BrokenPipeError:
        return 0
    except Exception as problem:  # an internal failure: a message, the traceback only on request
        if State.debug or "--debug" in (argv if argv is not None else sys.argv):
            traceback.print_exc()
        print(f"storyline: internal error: {type(problem).__name__}: {problem}"
              + ("" if State.debug else " (run with --debug for the traceback)"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
