"""A claim and its negation (compare/align.contradicts): joined only when everything else agrees
(then a negation conflict, tests/test_compare.py), otherwise kept apart, never corroboration."""
from __future__ import annotations

from storyline.compare import align
from storyline.compare.align import Member, contradicts, group, similarity
from tests.compare_helpers import outlet_claims


def _members(n: int):
    return [Member(f"a{i}", f"Outlet {i}", f"a{i}") for i in range(n)]


def test_a_negated_statement_about_others_is_not_corroboration(monkeypatch):
    # Two people, one who did not defend the plan and one who did: different statements.
    feats = outlet_claims("The harbour master did not defend the pier plan at the council meeting.",
                   "At the council meeting the mayor defended the pier plan, the new ferry timetable and the "
                   "budget for the lighthouse repairs.",
                   "Rain fell on the town all week and the ferry ran late.",
                   "The school reopened after the summer holiday with new teachers.")
    assert contradicts(feats[0], feats[1])
    assert [0, 1] not in group(similarity(feats), _members(4))
    # Without the check the two would be one fact: the rule is what keeps them apart.
    monkeypatch.setattr(align, "NEGATION_SAME", 0.0)
    assert [0, 1] in group(similarity(feats), _members(4))


def test_a_negation_that_agrees_on_everything_else_stays_one_fact():
    # The same sentence but for "did not": one fact, left to the negation conflict check.
    feats = outlet_claims("Finance Minister Tom Avery attended the summit of lenders in Geneva.",
                   "Finance Minister Tom Avery did not attend the summit of lenders in Geneva.")
    assert contradicts(*feats)
    assert group(similarity(feats), _members(2)) == [[0, 1]]


def test_negated_words_in_a_typographic_contraction_count_as_negation():
    # "don’t" with a curly apostrophe is as negative as "don't": both sides negate, no contradiction.
    assert not contradicts(*outlet_claims("The ferry crews don’t want the new rota, the union said.",
                                   "The union said ferry crews don't want the new rota."))
    assert outlet_claims("The ferry crews don’t want the new rota.")[0].has_negator


def test_not_only_negates_nothing():
    feats = outlet_claims("The audit not only criticised the budget but also the hiring of the new director.",
                   "The audit criticised the budget of the museum.")
    assert not feats[0].negated
    assert not contradicts(*feats)
