"""Shared fixtures: the bundled examples (plus a hostile article) analysed once into a real SQLite file."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

# The PostgreSQL server and per-test databases, for every test file that asks for them.
from postgres_server import database_url, server_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"

# Article text is hostile input: every way of smuggling markup or misleading text we guard against.
HOSTILE_TEXT = (
    "Officials in Westbrook said the harbour <script>alert('x')</script> would reopen on Monday. "
    "A resident posted <img src=x onerror=\"alert(1)\"> and a link <a href=\"javascript:alert(2)\">here</a>. "
    "The invoice read \u202egnp.exe\u202c and the bell rang\x07 twice."
)


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, folder / "examples")
    record = {"id": "hostile-1", "source": "<b>Evil</b> Gazette", "title": "<script>alert('t')</script> Harbour",
              "published": "2026-03-06", "text": HOSTILE_TEXT}
    (folder / "examples" / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return folder / "examples"


@pytest.fixture(scope="session")
def analysed(corpus_dir, tmp_path_factory):
    """(corpus, db path) for the examples analysed into a fresh store."""
    from storyline import api
    from storyline.pipeline import Options
    from storyline.store import open_store

    db = tmp_path_factory.mktemp("db") / "examples.db"
    with open_store(db) as store:
        corpus = api.analyze([str(corpus_dir)], Options(meta=corpus_dir / "meta.jsonl"), store=store)
    return corpus, db


@pytest.fixture(scope="session")
def nlp():
    """The real packaged spaCy model, loaded once for the whole test session."""
    from storyline.extract.nlp import ModelMissingError, load_nlp

    try:
        return load_nlp()
    except ModelMissingError:
        pytest.skip("no spaCy English model installed")
