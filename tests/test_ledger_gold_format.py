"""The ledger gold set v2 (tests/data/ledger_gold_v2) is well formed, and the gold bench scores
conflicts per sentence pair. Structure only: nothing here reads /work/shared (the bench checks
the pointer hashes against the real texts when the datasets are present)."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from storyline.model import Claim, Conflict, ConflictValue, Fact, Story
from tests.compare_helpers import load_gold_bench

ROOT = Path(__file__).resolve().parents[1]
V1 = ROOT / "tests" / "data" / "ledger_gold" / "pairs.jsonl"
V2_DIR = ROOT / "tests" / "data" / "ledger_gold_v2"
V2 = V2_DIR / "pairs.jsonl"
REAL = {"number", "date", "name", "role", "negation", "quote", "other"}
EVENT = re.compile(r"^(basil:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|newswcl50:\d+)$")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def v2() -> list[dict]:
    return _rows(V2)


@pytest.fixture(scope="module")
def new_rows(v2: list[dict]) -> list[dict]:
    old_events = {r["event"] for r in _rows(V1)}
    return [r for r in v2 if r["event"] not in old_events]


def _pointer_problems(pointer: object, event: str) -> list[str]:
    if not isinstance(pointer, dict) or set(pointer) != {"doc", "start", "end", "sha"}:
        return [f"pointer keys {pointer!r}"]
    problems = []
    if not re.fullmatch(r"[0-9a-f]{10}", str(pointer["sha"])):
        problems.append(f"sha {pointer['sha']!r}")
    start, end = pointer["start"], pointer["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        problems.append(f"offsets {start!r}..{end!r}")
    dataset, _, name = event.partition(":")
    expected = "basil/" if dataset == "basil" else f"newswcl50/{name}/"
    if not str(pointer["doc"]).startswith(expected) or (dataset == "basil" and name not in pointer["doc"]):
        problems.append(f"document {pointer['doc']!r} is not from {event}")
    return problems


def test_every_line_is_a_well_formed_pair(v2: list[dict]) -> None:
    problems = []
    for number, row in enumerate(v2, 1):
        if set(row) != {"a", "b", "conflict", "event", "note", "same", "split"}:
            problems.append(f"{number}: keys {sorted(row)}")
            continue
        if not EVENT.match(row["event"]):
            problems.append(f"{number}: event {row['event']!r}")
            continue
        problems += [f"{number}: {p}" for side in "ab" for p in _pointer_problems(row[side], row["event"])]
        if row["a"]["doc"] == row["b"]["doc"]:
            problems.append(f"{number}: both sides in one article")
        if row["same"] not in (True, False, None):
            problems.append(f"{number}: same {row['same']!r}")
        if row["conflict"] not in REAL | {None, "none"}:
            problems.append(f"{number}: conflict {row['conflict']!r}")
        if row["split"] not in ("tune", "test"):
            problems.append(f"{number}: split {row['split']!r}")
    assert not problems, problems[:10]


def test_notes_are_our_own_short_words(v2: list[dict], new_rows: list[dict]) -> None:
    # Notes say why in a few words; quotation marks would mean text copied from an article.
    bad = [r["note"] for r in v2 if not isinstance(r["note"], str)
           or len(r["note"]) > 140 or re.search(r"[\"“”]", r["note"])]
    assert not bad, bad[:5]
    # Version 1 left some notes empty; every new pair says why.
    assert all(r["note"].strip() for r in new_rows)


def test_a_real_conflict_is_between_statements_of_one_fact(v2: list[dict]) -> None:
    assert all(r["same"] is True for r in v2 if r["conflict"] in REAL)


def test_no_pair_is_labelled_twice(v2: list[dict]) -> None:
    keys = Counter(frozenset({(r["a"]["doc"], r["a"]["start"]), (r["b"]["doc"], r["b"]["start"])}) for r in v2)
    assert [k for k, n in keys.items() if n > 1] == []


def test_each_event_stays_in_one_half(v2: list[dict]) -> None:
    halves: dict[str, set[str]] = {}
    for row in v2:
        halves.setdefault(row["event"], set()).add(row["split"])
    assert {e: h for e, h in halves.items() if len(h) > 1} == {}


def test_v2_keeps_every_v1_pair_unchanged(v2: list[dict]) -> None:
    as_text = {json.dumps(r, sort_keys=True) for r in v2}
    missing = [r for r in _rows(V1) if json.dumps(r, sort_keys=True) not in as_text]
    assert missing == []


def test_new_events_alternate_between_halves(new_rows: list[dict]) -> None:
    split_of = {r["event"]: r["split"] for r in new_rows}
    events = sorted(split_of)
    assert [split_of[e] for e in events] == [("tune", "test")[i % 2] for i in range(len(events))]


def test_new_pairs_cover_what_conflict_scoring_needs(new_rows: list[dict]) -> None:
    same_fact = sum(r["same"] is True and r["conflict"] not in REAL for r in new_rows)
    tempting = sum(r["conflict"] == "none" or (r["same"] is False) for r in new_rows)
    real = [r for r in new_rows if r["conflict"] in REAL]
    assert same_fact >= 60 and tempting >= 25 and len(real) >= 15
    assert {r["split"] for r in real} == {"tune", "test"}
    assert len({r["conflict"] for r in real}) >= 3


def test_readme_states_the_current_size(v2: list[dict]) -> None:
    readme = (V2_DIR / "README.md").read_text(encoding="utf-8")
    assert f"{len(v2)} pairs" in readme


# ---- the bench's sentence-level conflict scoring, on a hand-built story --------------------

@pytest.fixture(scope="module")
def gold_bench():
    return load_gold_bench("ledger_gold_bench")


def _claim(doc: str, start: int, end: int) -> Claim:
    return Claim(article=doc, start=start, end=end, text="x")


def _pointer(doc: str, start: int, end: int) -> dict:
    return {"doc": doc, "start": start, "end": end, "sha": "0" * 10}


def _row(a: dict, b: dict, conflict: str | None, same: bool | None = True) -> dict:
    return {"event": "e", "a": a, "b": b, "conflict": conflict, "same": same, "split": "test", "note": "n"}


def _story(*conflicts: Conflict) -> Story:
    fact = Fact(id="f1", status="conflicting", text="t", claims=[], sources=[], conflicts=list(conflicts))
    return Story(id="e", title="e", articles=["A", "B"], sources=[], facts=[fact])


def test_a_conflict_counts_only_when_it_pairs_the_two_gold_sentences(gold_bench) -> None:
    gold = _row(_pointer("A", 0, 40), _pointer("B", 100, 140), "number")
    right = Conflict(kind="number", values=[ConflictValue(40, _claim("A", 0, 50)),
                                            ConflictValue(50, _claim("B", 90, 150))])
    # Same two articles but another sentence of B: right documents, wrong claim.
    elsewhere = Conflict(kind="number", values=[ConflictValue(40, _claim("A", 0, 50)),
                                                ConflictValue(50, _claim("B", 300, 350))])
    assert gold_bench.pairs_sentences(right, gold["a"], gold["b"])
    assert gold_bench.pairs_sentences(right, gold["b"], gold["a"])
    assert not gold_bench.pairs_sentences(elsewhere, gold["a"], gold["b"])
    counts = gold_bench.conflict_counts(_story(elsewhere), [gold])
    assert (counts["ctp"], counts["cfn"], counts["unbacked"]) == (0, 1, 1)
    counts = gold_bench.conflict_counts(_story(right), [gold])
    assert (counts["ctp"], counts["cfn"], counts["cfp"], counts["unbacked"]) == (1, 0, 0, 0)


def test_a_conflict_on_a_tempting_pair_is_false(gold_bench) -> None:
    tempting = _row(_pointer("A", 0, 40), _pointer("B", 100, 140), "none")
    plain = _row(_pointer("A", 200, 240), _pointer("B", 300, 340), None)
    reported = [Conflict(kind="number", values=[ConflictValue(1, _claim("A", 0, 40)),
                                                ConflictValue(2, _claim("B", 100, 140))]),
                Conflict(kind="date", values=[ConflictValue("x", _claim("A", 200, 240)),
                                              ConflictValue("y", _claim("B", 300, 340))])]
    counts = gold_bench.conflict_counts(_story(*reported), [tempting, plain])
    assert (counts["cfp"], counts["cfp_tempting"], counts["reported"], counts["unbacked"]) == (2, 1, 2, 2)
    figures = gold_bench.summarise({**dict.fromkeys(("tp", "fp", "fn", "tn", "drifted"), 0),
                                    **counts, "pairs": 2, "events": 1})
    assert figures["conflict_precision"] == 0.0 and figures["conflict_recall"] is None
    assert figures["false_conflicts_per_story"] == 2.0
