"""Alignment signals added for recall (issue 5 follow-up): quotes of one utterance, figures
written the same way, and a third outlet joining a fact its best match is already in."""
from __future__ import annotations

import numpy as np

from storyline.compare import align
from storyline.compare.align import Member, group, quote_similarities
from storyline.compare.features import ClaimFeatures, fold
from storyline.compare.quote_conflicts import quote_similarity
from storyline.model import Claim


def feats_of(*texts: str) -> list[ClaimFeatures]:
    claims = [Claim(article=f"a{i}", start=0, end=len(t), text=t, kind="quote") for i, t in enumerate(texts)]
    return [ClaimFeatures(claim=c, words=[fold(w) for w in c.text.split()]) for c in claims]


def test_vectorised_quote_similarity_matches_the_pairwise_one():
    feats = feats_of(
        "“The harbour crane will be rebuilt before the winter storms arrive,” Ortega said.",
        "Ortega promised: “The harbour crane will be rebuilt before the winter storms.”",
        "“The harbour crane was never safe,” a dock worker said.",
        "The council met on Monday without any quotation at all.",
    )
    matrix = quote_similarities(feats)
    for i in range(len(feats)):
        for j in range(len(feats)):
            if i != j:
                assert matrix[i, j] == quote_similarity(feats[i].claim, feats[j].claim)
    assert matrix[0, 1] == 1.0
    assert matrix[0, 2] == 0.0  # too few shared words to call it one utterance


def test_one_utterance_quoted_in_different_settings_is_joined():
    feats = feats_of(
        "Speaking after a stormy four-hour budget session in the old council chamber, the embattled mayor told reporters that “the ferry terminal will reopen to all passengers next spring,” drawing jeers.",
        "“The ferry terminal will reopen to all passengers next spring,” Lindqvist wrote on her campaign website late Sunday, answering critics among harbour business owners.",
    )
    scores = align.similarity(feats)
    assert scores[0, 1] >= align.THRESHOLD
    assert group(scores, [Member("a0", "Outlet A", "a0"), Member("a1", "Outlet B", "a1")]) == [[0, 1]]


def test_figures_are_written_forms_above_small_numbers():
    assert align._figures(["700,000", "5.7", "13", "july", "2024"]) == {"700000", "5.7", "2024"}


def test_a_third_outlet_joins_when_close_to_every_claim_and_at_the_threshold_with_one():
    t = align.THRESHOLD
    members = [Member("a", "A", "a"), Member("b", "B", "b"), Member("c", "C", "c")]
    # a-b is the strongest pair; c clears the threshold with b and is close to a.
    close = np.array([[1, 0.6, t - 0.05], [0.6, 1, t + 0.01], [t - 0.05, t + 0.01, 1]])
    assert group(close, members) == [[0, 1, 2]]
    # Far from a: complete link keeps c out, so nothing chains.
    far = close.copy()
    far[0, 2] = far[2, 0] = align.CLOSE_LINK - 0.05
    assert group(far, members) == [[0, 1], [2]]
