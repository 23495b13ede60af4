"""Long fuzz run: many hypothesis examples against every reader, the time normaliser, the quantity
parser and the JSON report, counting inputs tried, crashes and invariant violations.

Unlike the test suite (which stops at the first failure), each example's outcome is recorded and
the run goes on, so the figures printed are totals. Strategies and checks are the test suite's
own (tests/test_fuzz_*.py), so the bench and the tests cannot drift apart.

    .venv/bin/python bench/reliability/fuzz.py [--examples N] [--only ingest,timex,quantities,report]
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import test_fuzz_extract as fx  # noqa: E402
import test_fuzz_ingest as fi  # noqa: E402
import test_fuzz_report as fr  # noqa: E402


class Tally:
    """Inputs tried, crashes (exceptions) and broken invariants (failed checks), by signature."""

    def __init__(self, name: str):
        self.name, self.tried, self.started = name, 0, time.monotonic()
        self.crashes: Counter[str] = Counter()
        self.violations: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def run(self, function, *args, describe: str = "") -> None:
        self.tried += 1
        try:
            function(*args)
        except AssertionError as failure:
            # Numbers and paths vary between examples of one problem; group on the rest.
            message = str(failure).splitlines()[0][:120] if str(failure) else ""
            key = re.sub(r"/tmp/\S+?/", "/tmp/…/", re.sub(r"\d+", "N", f"{type(failure).__name__}: {message}"))
            self.violations[key] += 1
            self.examples.setdefault(key, describe)
        except Exception as crash:  # noqa: BLE001 - counting every crash is the point
            where = traceback.extract_tb(crash.__traceback__)[-1]
            message = re.sub(r"/tmp/\S+?/", "/tmp/…/", re.sub(r"\d+", "N", str(crash)[:80]))
            key = f"{type(crash).__name__} at {Path(where.filename).name}:{where.lineno}: {message}"
            self.crashes[key] += 1
            self.examples.setdefault(key, describe)

    def report(self) -> None:
        seconds = time.monotonic() - self.started
        print(f"{self.name}: {self.tried} inputs tried in {seconds:.0f} s, "
              f"{sum(self.crashes.values())} crashes, {sum(self.violations.values())} invariant violations")
        for kind, counter in (("crash", self.crashes), ("violation", self.violations)):
            for key, count in counter.most_common():
                print(f"    {kind} x{count}: {key}\n        e.g. {self.examples[key][:300]}")


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck))


def fuzz_ingest(examples: int) -> Tally:
    tally = Tally("ingest readers (read_inputs)")
    for name in sorted(fi.SEEDS):
        @_settings(examples)
        @given(data=st.one_of(fi.mutate(fi.SEEDS[name]), st.binary(max_size=4096)))
        def one(data: bytes) -> None:
            tally.run(fi.read_bytes_as, name, data, describe=f"{name}: {data[:160]!r}")
        one()
    return tally


def fuzz_timex(examples: int) -> Tally:
    tally = Tally("time normaliser (normalise)")
    anchors = st.one_of(fx.ANCHORS, st.dates())
    counted = st.builds(lambda n, unit, tail: f"{n} {unit} {tail}", st.integers(0, 10**25),
                        st.sampled_from(fx.UNITS), st.sampled_from(["ago", "later", "from now", ""]))

    @_settings(examples)
    @given(text=st.one_of(fx.time_phrases, counted, st.text(max_size=60)), anchor=anchors, tense=fx.TENSES)
    def one(text: str, anchor: dt.date | None, tense: str | None) -> None:
        tally.run(lambda: fx.check_result(fx.normalise(text, anchor, tense)),
                  describe=f"normalise({text!r}, {anchor!r}, {tense!r})")
    one()
    return tally


def fuzz_quantities(examples: int) -> Tally:
    from storyline.extract.nlp import load_nlp
    from storyline.extract.quantities import find_quantities

    nlp = load_nlp()
    tally = Tally("quantity parser (find_quantities)")

    def check(text: str) -> None:
        for quantity in find_quantities(nlp(text)):
            assert text[quantity.start:quantity.end] == quantity.text, quantity
            assert quantity.value is None or quantity.value == quantity.value, quantity  # not NaN

    @_settings(examples)
    @given(text=fx.quantity_text)
    def one(text: str) -> None:
        tally.run(check, text, describe=repr(text))
    one()
    return tally


def fuzz_report(examples: int) -> Tally:
    tally = Tally("JSON report (build_report, validation_errors, dumps)")

    def check(corpus) -> None:
        report = fr.build_report(corpus)
        assert fr.validation_errors(report) == []
        assert fr.dumps(report) == fr.dumps(fr.build_report(corpus))

    @_settings(examples)
    @given(corpus=fr.corpora())
    def one(corpus) -> None:
        tally.run(check, corpus, describe=f"{len(corpus.articles)} articles")
    one()
    return tally


TARGETS = {"ingest": fuzz_ingest, "timex": fuzz_timex, "quantities": fuzz_quantities, "report": fuzz_report}
# Relative cost: examples per target are scaled so each part takes a similar time.
SCALE = {"ingest": 0.1, "timex": 5.0, "quantities": 0.3, "report": 1.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="base number of examples per target")
    parser.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets")
    args = parser.parse_args()
    totals = Counter()
    for name in args.only.split(","):
        examples = max(10, int(args.examples * SCALE[name]))
        tally = TARGETS[name](examples)
        tally.report()
        totals["tried"] += tally.tried
        totals["crashes"] += sum(tally.crashes.values())
        totals["violations"] += sum(tally.violations.values())
    print(f"TOTAL: {totals['tried']} inputs tried, {totals['crashes']} crashes, "
          f"{totals['violations']} invariant violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
