"""Pipeline stages that declare what they need and what they set.

Like spaCy components, each stage names the pieces of the corpus it reads (`needs`) and
the pieces it fills (`sets`). `Pipeline` checks the order before any stage runs, so a
stage placed before the one that feeds it fails at construction, not half-way through a
long run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from storyline.model import Article, Entity, Story

# What a corpus can hold; stages name these in `needs` and `sets`.
KEYS = frozenset(
    {
        "inputs",      # paths / stdin given by the user
        "articles",    # Article objects with cleaned text and status
        "copies",      # Article.copy_of / duplicate_of links
        "docs",        # spaCy Doc per ok article (working state, not stored)
        "mentions",
        "quotes",
        "times",
        "quantities",
        "entities",    # corpus-level canonical entities, mention.entity filled
        "stories",
        "facts",
        "timeline",
        "stored",      # results written to the store
    }
)


class PipelineOrderError(ValueError):
    """A stage needs something no earlier stage sets."""


@dataclass
class Options:
    """Run options shared by every stage. Defaults are the documented ones."""

    meta: Path | None = None
    assume_date: dt.date | None = None
    max_bytes: int = 50 * 1024 * 1024
    workers: int = 1
    batch_size: int = 64
    db: Path | None = None
    # Receives (stage name, done, total) so the CLI can draw a progress bar.
    progress: Callable[[str, int, int | None], None] | None = None

    def report_progress(self, stage: str, done: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)


@dataclass
class Corpus:
    """Everything a run knows: its inputs, articles and what stages derived from them."""

    inputs: list[str] = field(default_factory=list)
    options: Options = field(default_factory=Options)
    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    # Working state keyed by article id (spaCy docs); dropped before reporting.
    docs: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)

    def ok_articles(self) -> list[Article]:
        return [article for article in self.articles if article.ok]


class Stage(Protocol):
    name: str
    needs: frozenset[str]
    sets: frozenset[str]

    def __call__(self, corpus: Corpus) -> None: ...


def stage(name: str, needs: Iterable[str], sets: Iterable[str]):
    """Decorate a function `fn(corpus) -> None` as a Stage with declared needs and sets."""

    needs_set, sets_set = frozenset(needs), frozenset(sets)
    unknown = (needs_set | sets_set) - KEYS
    if unknown:
        raise ValueError(f"stage {name!r} names unknown keys: {sorted(unknown)}")

    def wrap(fn: Callable[[Corpus], None]) -> "FunctionStage":
        return FunctionStage(name, needs_set, sets_set, fn)

    return wrap


@dataclass(frozen=True)
class FunctionStage:
    name: str
    needs: frozenset[str]
    sets: frozenset[str]
    fn: Callable[[Corpus], None]

    def __call__(self, corpus: Corpus) -> None:
        self.fn(corpus)


class Pipeline:
    """An ordered list of stages, validated when built."""

    def __init__(self, stages: list[Stage], provided: Iterable[str] = ("inputs",)):
        self.stages = list(stages)
        self.provided = frozenset(provided)
        self.validate()

    def validate(self) -> None:
        available = set(self.provided)
        for position, current in enumerate(self.stages):
            missing = current.needs - available
            if missing:
                setters = {
                    key: [s.name for s in self.stages[position + 1 :] if key in s.sets]
                    for key in sorted(missing)
                }
                hint = "; ".join(
                    f"{key!r} is set by {', '.join(names)} which runs later" if names
                    else f"no stage sets {key!r}"
                    for key, names in setters.items()
                )
                raise PipelineOrderError(f"stage {current.name!r} needs {sorted(missing)}: {hint}")
            available |= current.sets

    def __call__(self, corpus: Corpus) -> Corpus:
        corpus.done |= self.provided
        for current in self.stages:
            current(corpus)
            corpus.done |= current.sets
        return corpus

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]
