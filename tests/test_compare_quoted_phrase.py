"""A phrase one claim quotes, found word for word in the other (align.QUOTED_PHRASE_*)."""
from __future__ import annotations

from storyline.compare.align import _quoted_phrase_matrix
from tests.compare_helpers import outlet_claims


def test_a_quoted_phrase_found_in_the_other_claim_links_them():
    feats = outlet_claims("The mayor repeated on the radio that the town would \u201cnever sell the harbour\u201d to developers.",
                   "\u201cWe will never sell the harbour, not to anyone,\u201d the mayor told listeners.",
                   "The harbour was sold to developers in the end.")
    links = _quoted_phrase_matrix(feats)
    assert links[0, 1] and links[1, 0]
    # The third claim holds the words but not the phrase as quoted.
    assert not links[0, 2] and not links[1, 2]


def test_short_phrases_and_title_case_labels_do_not_count():
    # Three words are too few to be one utterance by themselves.
    assert not _quoted_phrase_matrix(outlet_claims("He called it \u201ca total mess\u201d on Friday.",
                                            "Officials said the port was a total mess after the storm."))[0, 1]
    # A slogan or title in Title Case is a label, not someone's words.
    assert not _quoted_phrase_matrix(outlet_claims("Fans wore \u201cKeep Harbour Town Proud\u201d scarves at the match.",
                                            "The mayor ended with: we will keep Harbour Town proud."))[0, 1]
