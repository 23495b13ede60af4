"""The one data model every stage reads and writes.

Offsets (`start`, `end`) are Python str indices into `Article.text`, end exclusive.
Field order here is the key order of the JSON report, so it is part of the contract
(`storyline/report/report.schema.json`); extra fields are allowed by the schema.
Fields whose name starts with an underscore are working state and never serialised.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, ClassVar, Literal

Status = Literal["ok", "duplicate", "empty", "unsupported", "error"]
PublishedOrigin = Literal["metadata", "extracted", "inferred", "assumed"]
QuoteKind = Literal["direct", "indirect", "mixed"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
FactStatus = Literal["corroborated", "single-source", "conflicting"]
ConflictKind = Literal["number", "date", "name", "role", "negation", "quote", "other"]


def stable_id(prefix: str, *parts: str, length: int = 12) -> str:
    """An id derived only from content, so re-runs and input order never change it."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


@cache
def _public_fields(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow enough to dominate store reads and writes; the answer never changes.
    return tuple(f.name for f in fields(cls) if not f.name.startswith("_"))


class Record:
    """Serialisation shared by every model class: dataclass fields in declaration order."""

    # Fields read back as floats: a JSON store may hand a whole-valued float back as an int
    # (PostgreSQL's jsonb keeps 7.2e16 as 72057594037921390).
    _FLOAT_FIELDS: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        return {name: _plain(getattr(self, name)) for name in _public_fields(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        known = _public_fields(cls)
        kwargs = {}
        for name, value in data.items():
            if name not in known:
                continue
            nested = _NESTED.get((cls.__name__, name))
            if nested is not None and value is not None:
                value = [nested.from_dict(v) if isinstance(v, dict) else v for v in value]
            if name in cls._FLOAT_FIELDS and type(value) is int:
                value = float(value)
            kwargs[name] = value
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass
class Mention(Record):
    """A named-entity mention in one article."""

    start: int
    end: int
    text: str
    type: str
    entity: str | None = None
    # The name this mention stands for inside its article ("Healey" -> "John Healey").
    resolved: str | None = None


@dataclass
class Quote(Record):
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    # Offsets of the words naming the speaker (the name, the pronoun's antecedent, or
    # the description); entity linking turns them into `speaker`.
    speaker_start: int | None = None
    speaker_end: int | None = None
    # The speaker as this quote's attribution writes it, before resolution ("he", "the
    # spokesman", "Healey"), and its [start, end] offsets: what attribution gold sets annotate.
    speaker_as_written: str | None = None
    speaker_span: list[int] | None = None


@dataclass
class TimeRef(Record):
    start: int
    end: int
    text: str
    type: TimeType
    value: str | None
    anchor: str | None = None


@dataclass
class Quantity(Record):
    _FLOAT_FIELDS: ClassVar[tuple[str, ...]] = ("value",)

    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    approximate: bool = False
    # "around", "more than", "up to", ... as written; None when exact.
    modifier: str | None = None


@dataclass
class Entity(Record):
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass
class Article(Record):
    id: str
    source: str
    status: Status = "ok"
    text: str = ""
    title: str | None = None
    url: str | None = None
    path: str | None = None
    published: str | None = None
    published_origin: PublishedOrigin | None = None
    language: str | None = None
    duplicate_of: str | None = None
    error: str | None = None
    author: str | None = None
    # The article this one is a near-copy of (wire copy, light rewrite): same report, counted once.
    copy_of: str | None = None
    format: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(" ".join(self.text.split()).encode("utf-8")).hexdigest()


@dataclass
class Claim(Record):
    """One claim unit (sentence, clause or quote) of one article, traced to its offsets."""

    article: str
    start: int
    end: int
    text: str
    source: str | None = None
    # Who makes the claim when it is a quote or an attribution ("according to Politico").
    speaker: str | None = None
    kind: Literal["statement", "quote"] = "statement"


@dataclass
class ConflictValue(Record):
    value: str | float | int
    claim: Claim


@dataclass
class Conflict(Record):
    kind: ConflictKind
    values: list[ConflictValue]
    note: str | None = None


@dataclass
class Fact(Record):
    id: str
    status: FactStatus
    text: str
    claims: list[Claim]
    sources: list[str]
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class TimelineEntry(Record):
    date: str
    text: str
    claims: list[Claim]
    fact: str | None = None


@dataclass
class Story(Record):
    id: str
    title: str
    articles: list[str]
    sources: list[str]
    start: str | None = None
    end: str | None = None
    facts: list[Fact] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # Ids of earlier stories this one absorbed (a new article showed they were one event).
    merged_from: list[str] = field(default_factory=list)


_NESTED: dict[tuple[str, str], type[Record]] = {
    ("Article", "mentions"): Mention,
    ("Article", "quotes"): Quote,
    ("Article", "times"): TimeRef,
    ("Article", "quantities"): Quantity,
    ("Fact", "claims"): Claim,
    ("Fact", "conflicts"): Conflict,
    ("Conflict", "values"): ConflictValue,
    ("TimelineEntry", "claims"): Claim,
    ("Story", "facts"): Fact,
    ("Story", "timeline"): TimelineEntry,
}


def _conflict_value_from_dict(data: dict[str, Any]) -> ConflictValue:
    return ConflictValue(value=data["value"], claim=Claim.from_dict(data["claim"]))


ConflictValue.from_dict = staticmethod(_conflict_value_from_dict)  # type: ignore[method-assign]
