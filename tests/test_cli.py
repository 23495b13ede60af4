"""The command-line contract (../shared/contract/README.md): options, exit codes, reports, determinism."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.docs_cli import render
from storyline.report import validation_errors

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("storyline ")


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("analyze", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_is_a_usage_error(tmp_path):
    result = run("analyze", str(tmp_path), "--assume-date", "10/04/2025", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert run("analyze", "--no-such-option").returncode == 2


def test_worker_memory_is_checked_before_any_work(tmp_path):
    db = str(tmp_path / "x.db")
    alone = run("analyze", "examples", "--worker-memory", "2GB", "--db", db)
    assert alone.returncode == 2 and "--workers" in alone.stderr
    remote = run("analyze", "examples", "--scheduler", "tcp://127.0.0.1:1", "--worker-memory", "2GB", "--db", db)
    assert remote.returncode == 2 and "remote" in remote.stderr
    pytest.importorskip("dask")
    bogus = run("analyze", "examples", "--workers", "2", "--worker-memory", "lots", "--db", db)
    assert bogus.returncode == 2 and "'lots'" in bogus.stderr and "Traceback" not in bogus.stderr
    assert not (tmp_path / "x.db").exists()


def test_internal_error_exits_1_with_a_message_and_debug_shows_traceback(tmp_path, monkeypatch, capsys):
    from storyline import api

    def explode(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "analyze", explode)
    (tmp_path / "a.txt").write_text("Some text about a harbour.", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "boom" in err and "Traceback" not in err
    assert main(["--debug", "analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "x.db")]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_analyze_examples_writes_valid_reports_byte_identically(tmp_path):
    args = ["analyze", "examples", "--meta", "examples/meta.jsonl", "--quiet"]
    first = run(*args, "--db", str(tmp_path / "1.db"), "--json", str(tmp_path / "1.json"),
                "--md", str(tmp_path / "r.md"), "--html", str(tmp_path / "r.html"))
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    second = run(*args, "--db", str(tmp_path / "2.db"), "--json", str(tmp_path / "2.json"))
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    report = json.loads((tmp_path / "1.json").read_text())
    assert validation_errors(report) == []
    assert {a["status"] for a in report["articles"]} == {"ok"}
    assert len(report["articles"]) == 9
    assert "<script" not in (tmp_path / "r.html").read_text()
    assert (tmp_path / "r.md").read_text().startswith("# storyline report")


def test_ingest_twice_adds_no_rows_and_stories_lists(tmp_path):
    db = str(tmp_path / "s.db")
    for _ in range(2):
        result = run("ingest", "examples", "--meta", "examples/meta.jsonl", "--db", db)
        assert result.returncode == 0, result.stderr
    from storyline.store import open_store

    with open_store(db) as store:
        assert store.count_articles() == 9
    assert run("analyze", "examples", "--meta", "examples/meta.jsonl", "--db", db, "-q").returncode == 0
    with open_store(db) as store:
        assert store.count_articles() == 9
        story_id = next(store.iter_stories()).id
    listed = run("stories", "--db", db, "--json")
    assert listed.returncode == 0 and story_id in listed.stdout
    shown = run("show", story_id[:8], "--db", db)
    assert shown.returncode == 0 and "Sources" in shown.stdout
    assert run("show", "nope", "--db", db).returncode == 2


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_export(tmp_path, fmt):
    db = str(tmp_path / "e.db")
    assert run("ingest", "examples", "--meta", "examples/meta.jsonl", "--db", db, "-q").returncode == 0
    out = tmp_path / f"out.{fmt}"
    result = run("export", "--format", fmt, "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert validation_errors(json.loads(out.read_text())) == []
    elif fmt == "jsonl":
        assert len(out.read_text().splitlines()) == 9
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out / "articles.parquet").num_rows == 9
    assert run("export", "--format", "xml", "--out", str(out), "--db", db).returncode == 2


def test_stdin_jsonl(tmp_path):
    record = {"id": "r1", "source": "Paper", "text": "The harbour council met on Monday and approved the budget."}
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "analyze", "-", "--db", str(tmp_path / "d.db"),
                             "--json", str(tmp_path / "o.json"), "-q"], input=json.dumps(record) + "\n",
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "o.json").read_text())
    assert [a["id"] for a in report["articles"]] == ["r1"]


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8") == render(), "run `make docs`"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seeds_contract(tmp_path):
    result = run("analyze", str(SHARED / "seeds"), "--meta", str(SHARED / "seeds" / "meta.jsonl"),
                 "--assume-date", "2025-04-10", "--json", str(tmp_path / "out.json"), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out.json").read_text())
    assert validation_errors(report) == []
    articles = {a["source"]: a for a in report["articles"]}
    assert set(articles) == {"The Epoch Times", "The Kyiv Independent"}
    assert all(a["status"] == "ok" for a in articles.values())
    assert "This audio is created with AI assistance" not in articles["The Kyiv Independent"]["text"]
    assert articles["The Epoch Times"]["published_origin"] == "assumed"
    assert articles["The Kyiv Independent"]["published"].startswith("2025-04-10")


@pytest.mark.skipif(not (SHARED / "corpora" / "ukraine-2025").is_dir(), reason="../shared/corpora not present")
def test_ukraine_corpus_ingests_all_61(tmp_path):
    corpus = SHARED / "corpora" / "ukraine-2025"
    result = run("ingest", str(corpus / "articles"), "--meta", str(corpus / "meta.jsonl"), "--db", str(tmp_path / "u.db"))
    assert result.returncode == 0, result.stderr
    from storyline.store import open_store

    with open_store(tmp_path / "u.db") as store:
        statuses = [a.status for a in store.iter_articles()]
    assert len(statuses) == 61 and statuses.count("ok") + statuses.count("duplicate") == 61
