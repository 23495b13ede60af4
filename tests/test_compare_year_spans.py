"""Spans of years given two ways (compare/conflicts.year_span_conflicts)."""
from __future__ import annotations

from storyline.compare.conflicts import year_span_conflicts
from tests.compare_helpers import outlet_claims


def _pair(first: str, second: str):
    return year_span_conflicts(tuple(outlet_claims(first, second)))


def test_one_term_of_office_given_two_ways_is_a_date_conflict():
    found = _pair("She follows Ada Morrow, who led the port authority from 1981 to 1994.",
                  "The last woman to run it was Ada Morrow, who held the post from 1982 to 1995.")
    assert [(c.kind, [v.value for v in c.values]) for c in found] == [("date", ["1981-1994", "1982-1995"])]


def test_same_span_other_periods_and_one_sided_spans_are_no_conflict():
    assert not _pair("Ada Morrow led the port authority from 1981 to 1994.",
                     "Ada Morrow ran the port authority between 1981 and 1994.")
    # Different things spanned: nothing shared before the spans.
    assert not _pair("Ada Morrow led the port authority from 1981 to 1994.",
                     "The dock strikes lasted from 1985 to 1987.")
    # Periods that do not overlap are different periods, not one told two ways.
    assert not _pair("Ada Morrow led the port authority from 1981 to 1994.",
                     "Ada Morrow led the harbour trust from 1996 to 2001.")
    assert not _pair("Ada Morrow led the port authority from 1981 to 1994.",
                     "Ada Morrow led the port authority for thirteen years.")
