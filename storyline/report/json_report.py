"""The JSON report of the contract (`storyline.report/1`), byte-identical for the same input."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.pipeline import Corpus

SCHEMA_ID = "storyline.report/1"


def build_report(corpus: Corpus) -> dict[str, Any]:
    """The report as plain data. Lists are sorted by id so input order never shows."""
    articles = sorted(corpus.articles, key=lambda a: (a.id, a.path or ""))
    return {
        "schema": SCHEMA_ID,
        "articles": [a.to_dict() for a in articles],
        "entities": [e.to_dict() for e in sorted(corpus.entities, key=lambda e: e.id)],
        "stories": [s.to_dict() for s in sorted(corpus.stories, key=lambda s: s.id)],
        "summary": summarise(corpus),
    }


def summarise(corpus: Corpus) -> dict[str, Any]:
    statuses: dict[str, int] = {}
    for article in corpus.articles:
        statuses[article.status] = statuses.get(article.status, 0) + 1
    facts: dict[str, int] = {"corroborated": 0, "single-source": 0, "conflicting": 0}
    for story in corpus.stories:
        for fact in story.facts:
            facts[fact.status] = facts.get(fact.status, 0) + 1
    return {
        "inputs": len(corpus.articles),
        "status": dict(sorted(statuses.items())),
        "entities": len(corpus.entities),
        "stories": len(corpus.stories),
        "facts": facts,
        "quotes": sum(len(a.quotes) for a in corpus.articles),
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def write_json(report: dict[str, Any], path: Path | str) -> None:
    Path(path).write_text(dumps(report), encoding="utf-8")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The project's own copy of the contract schema."""
    return json.loads(resources.files("storyline.report").joinpath("report.schema.json").read_text("utf-8"))


def validation_errors(report: dict[str, Any]) -> list[str]:
    """Schema violations plus the span rule the schema can only describe: text == article.text[start:end]."""
    import jsonschema

    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema()).iter_errors(report)
    ]
    for article in report.get("articles", []):
        text = article.get("text", "")
        for field in ("mentions", "quotes", "times", "quantities"):
            for span in article.get(field, []):
                if text[span["start"]:span["end"]] != span["text"]:
                    errors.append(f"article {article['id']} {field}: span {span['start']}-{span['end']} "
                                  f"is {text[span['start']:span['end']]!r}, not {span['text']!r}")
    return errors
