"""Number conflicts from counts read in the text (compare/counts.read_counts): a text-only run,
with no quantity extractor, still sees one thing counted two ways, and tolerates what the
documented rules tolerate (approximations, bounds, range ends, different things counted)."""
from __future__ import annotations

from storyline.compare.conflicts import number_conflicts
from storyline.compare.counts import read_counts
from storyline.compare.features import STOP, fold
from tests.compare_helpers import outlet_claims


def _conflicts(first: str, second: str):
    return number_conflicts(tuple(outlet_claims(first, second)))


def test_one_thing_counted_two_ways_is_a_number_conflict():
    found = _conflicts("The mayor read the 42-word pledge on the steps of the town hall.",
                       "On the town hall steps the mayor read a 45-word pledge to the crowd.")
    assert [(c.kind, [v.value for v in c.values]) for c in found] == [("number", ["42-word", "45-word"])]
    found = _conflicts("Crews hauled 12,000 tonnes of gravel to the collapsed dam by Friday.",
                       "By Friday, 14,000 tonnes of gravel had reached the collapsed dam.")
    assert [v.value for v in found[0].values] == ["12,000 tonnes", "14,000 tonnes"]


def test_approximations_and_bounds_are_tolerated():
    # about 200 vs 190: within the 20 % an approximate figure allows.
    assert not _conflicts("About 200 volunteers cleared the beach at Dunmore after the spill.",
                          "Some 190 volunteers cleared the Dunmore beach after the spill.")
    # Two ceilings ("as many as", "up to") do not disagree.
    assert not _conflicts("The claim could cover as many as 1.5 million tenants of the housing group.",
                          "The housing group faces a claim on behalf of up to 1.6 million tenants.")
    # A floor agrees with any larger figure.
    assert not _conflicts("More than 150 tenants of the housing group signed the petition.",
                          "The petition was signed by 180 tenants of the housing group.")
    # ... but an exact figure outside an approximation's tolerance does not.
    assert _conflicts("The 150 tenants of the housing group signed the petition on Monday.",
                      "About 200 tenants of the housing group signed the petition on Monday.")


def test_range_ends_and_different_things_counted_are_not_compared():
    assert read_counts("Estimates run from 500,000 to 1.6 million tenants.", fold, STOP)[-1].in_range
    assert not _conflicts("Estimates run from 500,000 to 1.6 million tenants of the housing group.",
                          "The housing group has 1.2 million tenants.")
    # The same noun, but nothing else in common around the figure: different things counted.
    assert not _conflicts("Delegates of 30 countries met in Geneva on Monday.",
                          "Only 12 countries pledged warships to the mission.")


def test_a_modal_before_have_speaks_of_the_past():
    # "may have had" is no forecast: its claim is compared with reports of what happened.
    assert not outlet_claims("The office said it may have had 3,000 pages of letters in storage.")[0].prospective
    assert outlet_claims("The office said it may release 3,000 pages of letters next week.")[0].prospective
    assert _conflicts("The office said it may have had 3,000 pages of letters in storage.",
                      "The office kept 4,000 pages of letters in storage.")
