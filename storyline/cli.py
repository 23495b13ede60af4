"""The `storyline` command: parses arguments, calls one library function, formats the result."""
from __future__ import annotations

import datetime as dt
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import click
from rich.console import Console

from storyline import __version__, api
from storyline.pipeline import Options
from storyline.store import DEFAULT_DB, open_store

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
CONTEXT = {"help_option_names": ["--help", "-h"], "max_content_width": 100}
db_option = click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
                         metavar="FILE", help="The store to use.")


def _set_quiet(ctx, param, value):
    State.quiet = State.quiet or value
    return value


# Accepted after the command too (`storyline analyze ... -q`), as users type it.
quiet_option = click.option("--quiet", "-q", is_flag=True, expose_value=False, callback=_set_quiet,
                            help="Print nothing but errors.")


class State:
    quiet = False
    debug = False


@click.group(context_settings=CONTEXT)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, help="Show the full traceback of internal errors.")
@click.version_option(__version__, "--version", prog_name="storyline", message="%(prog)s %(version)s")
def app(quiet: bool, debug: bool) -> None:
    """Cross-source news intelligence: stories, entities, quotes, dates, numbers and a fact ledger."""
    State.quiet, State.debug = quiet, debug


def _date(value: Optional[str], option: str = "date") -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


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


def _date_option(ctx, param, value):
    return _date(value, param.opts[0])


def _bytes_option(ctx, param, value):
    """A size such as 4GB or 512MiB, checked now rather than when the cluster starts."""
    if value is None:
        return None
    try:
        from dask.utils import parse_bytes
    except ImportError:  # the runner reports that Dask is missing
        return value
    try:
        parse_bytes(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 4GB or 512MiB") from None
    return value


@app.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--json", "json_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the JSON report (schema storyline.report/1).")
@click.option("--md", "md_path", type=click.Path(path_type=Path), metavar="FILE", help="Write a Markdown report.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Write a self-contained HTML report.")
@click.option("--meta", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="FILE",
              help="JSONL metadata for plain files (file, source, title, url, published).")
@click.option("--assume-date", callback=_date_option, metavar="YYYY-MM-DD",
              help="Reference date for articles with no publication date and none to infer.")
@db_option
@click.option("--max-bytes", type=click.IntRange(min=1), default=Options.max_bytes, show_default=True, metavar="N",
              help="Inputs larger than this are reported with status error, not read.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Worker processes: more than 1 runs on a local Dask cluster.")
@click.option("--worker-memory", callback=_bytes_option, metavar="SIZE",
              help="Memory of each local worker (e.g. 4GB); past it held partitions spill to disk.")
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run on a remote Dask cluster.")
@click.option("--parquet-dataset", "parquet_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Also write Parquet tables (articles, mentions, entities, quotes, times, stories, facts).")
@quiet_option
def analyze(inputs, json_path, md_path, html_path, meta, assume_date, db, max_bytes, workers, worker_memory,
            scheduler, parquet_dir) -> None:
    """Ingest, extract, cluster and compare INPUT (files, folders, or - for JSONL on stdin); print a summary
    and write the reports asked for."""
    from storyline.report import build_report, write_json
    from storyline.report.terminal import print_summary

    from storyline.runners import make_runner

    if worker_memory and (scheduler or workers == 1):
        raise click.UsageError("--worker-memory sets the memory of local workers: use it with --workers N "
                               "(N > 1); a remote cluster's workers get theirs where they are started")
    options = Options(meta=meta, assume_date=assume_date, max_bytes=max_bytes, db=db)
    with open_store(db) as store, _progress(options), \
            make_runner(workers, scheduler, parquet_dir, worker_memory) as runner:
        corpus = runner.run(list(inputs), options, store=store)
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


@app.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--meta", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="FILE",
              help="JSONL metadata for plain files.")
@db_option
@click.option("--max-bytes", type=click.IntRange(min=1), default=Options.max_bytes, show_default=True, metavar="N",
              help="Inputs larger than this are reported with status error, not read.")
@quiet_option
def ingest(inputs, meta, db, max_bytes) -> None:
    """Read INPUT into the store without analysing it."""
    from storyline.report.terminal import print_ingest

    options = Options(meta=meta, max_bytes=max_bytes, db=db)
    with open_store(db) as store, _progress(options):
        articles = api.ingest(inputs, options, store)
        total = store.count_articles()
    if not State.quiet:
        print_ingest(out, articles, total)


@app.command(context_settings=CONTEXT)
@db_option
@click.option("--source", help="Only stories this outlet covers.")
@click.option("--entity", help="Only stories mentioning this entity (id or name).")
@click.option("--since", callback=_date_option, metavar="YYYY-MM-DD", help="Only stories ending on or after.")
@click.option("--until", callback=_date_option, metavar="YYYY-MM-DD", help="Only stories starting on or before.")
@click.option("--search", help="Only stories with an article matching this full-text query.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@quiet_option
def stories(db, source, entity, since, until, search, as_json) -> None:
    """List the stories in the store: sources, article count, dates, title."""
    from storyline.report.terminal import print_stories

    with open_store(_existing(db, "--db")) as store:
        found = api.list_stories(store, source=source, entity=entity, since=since and since.isoformat(),
                                 until=until and until.isoformat(), query=search)
    if as_json:
        import json

        print(json.dumps([s.to_dict() | {"facts": len(s.facts)} for s in found], ensure_ascii=False, indent=2))
    else:
        print_stories(out, found)


@app.command(context_settings=CONTEXT)
@click.argument("story_id", metavar="STORY")
@db_option
@quiet_option
def show(story_id, db) -> None:
    """Show one STORY (an id or a unique prefix of one): conflicts, coverage, facts, quotes and timeline."""
    from storyline.report.terminal import print_story

    with open_store(_existing(db, "--db")) as store:
        story = api.find_story(store, story_id)
        if story is None:
            raise click.UsageError(f"no story {story_id!r} in {db} (see `storyline stories`)")
        articles = {a: store.get_article(a) for a in story.articles}
        entities = {e.id: e for e in store.iter_entities()}
    print_story(out, story, {k: v for k, v in articles.items() if v is not None}, entities)


@app.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "parquet", "parquet-dataset"]), required=True,
              help="json: one report; jsonl: one article a line; parquet: one file per table; "
                   "parquet-dataset: a partitioned folder per table.")
@click.option("--out", "-o", "output", type=click.Path(path_type=Path), required=True, metavar="PATH",
              help="File (json, jsonl) or folder (parquet).")
@db_option
@quiet_option
def export(fmt, output, db) -> None:
    """Export the store: one JSON report, JSONL articles, or a Parquet dataset per table."""
    from storyline.export import export_store

    with open_store(_existing(db, "--db")) as store:
        written = export_store(store, fmt, output)
    if not State.quiet:
        out.print(f"wrote {', '.join(str(p) for p in written)}")


@app.command(context_settings=CONTEXT)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; loopback unless you choose.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-write", is_flag=True,
              help="Enable the \"Add articles\" page (paste or upload articles to analyse into the store).")
@quiet_option
def serve(db, host, port, allow_write) -> None:
    """Browse the store in a web browser: stories, sources side by side, facts, conflicts, timeline."""
    from storyline.web.app import serve as run_server

    _existing(db, "--db")
    if not State.quiet:
        mode = "articles can be added at /add" if allow_write else "read-only"
        err.print(f"serving {db} on http://{host}:{port}/ ({mode}; Ctrl-C stops)")
    run_server(db, host=host, port=port, allow_write=allow_write)


@app.command(context_settings=CONTEXT)
@quiet_option
@click.argument("feeds", nargs=-1, required=True, metavar="FEED...")
@db_option
@click.option("--events", "events_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Append events (new_story, new_corroboration, new_conflict, feed_error) as JSON lines.")
@click.option("--webhook", metavar="URL", help="POST each event as JSON to this URL.")
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True, metavar="SECONDS",
              help="Seconds between polls of a feed.")
@click.option("--once", is_flag=True, help="Poll every feed once and stop.")
@click.option("--max-polls", type=click.IntRange(min=1), metavar="N", help="Stop after N polling rounds.")
def watch(feeds, db, events_path, webhook, interval, once, max_polls) -> None:
    """Poll RSS/Atom FEED URLs (or an OPML file of them), add new entries to their stories and
    report new stories, corroborations and conflicts as they happen."""
    import json

    from storyline.watch import watch as run_watch

    def show(event: dict) -> None:
        if not State.quiet:
            print(json.dumps(event, ensure_ascii=False), flush=True)

    with open_store(db) as store:
        run_watch(list(feeds), store, Options(db=db), events_path=events_path, webhook=webhook,
                  interval=interval, once=once, max_polls=max_polls, on_event=show)


def _existing(path: Optional[Path], option: str) -> Optional[Path]:
    if path is not None and not path.exists():
        raise click.UsageError(f"{option}: no such file: {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    """Entry point: usage errors exit 2 with one line, internal errors exit 1 with a message."""
    from storyline.ingest import UsageError as InputError
    from storyline.runners import RunnerUnavailable

    try:
        app.main(args=argv, prog_name="storyline", standalone_mode=False)
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
    except RunnerUnavailable as problem:  # the setup's fault, not storyline's: no traceback hint
        print(f"storyline: error: {problem}", file=sys.stderr)
        return 1
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
