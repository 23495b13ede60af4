"""Things a reader would not call quotes, and a pronoun given to the wrong person, on small
fictional articles: scare-quoted names, seeking to do something, a renamed object mistaken
for a reported clause, and "He" after a sentence whose subject and object are both people."""
from __future__ import annotations

import pytest

from tests.quote_helpers import quotes_in


def test_scare_quoted_group_name_after_a_participle_is_not_a_quote(nlp):
    text = ("Ministers of the so-called \u201cgroup of the brave\u201d met in Oslo on Friday.\n"
            "The Nordic states involved in the \u201cgroup of the brave\u201d are still waiting for an "
            "answer from Washington.")
    assert not [q for q in quotes_in(nlp, text) if "group of the brave" in q.text]


def test_scare_quoted_label_before_its_noun_is_not_a_quote(nlp):
    text = ("Lawmakers met on Monday.\n"
            "The bill would also end the \u201csunset clause\u201d exemption that favours large landlords.")
    assert not [q for q in quotes_in(nlp, text) if "sunset clause" in q.text]


def test_a_verb_calling_something_by_a_quoted_name_still_attributes_it(nlp):
    text = ("The council met on Monday.\n"
            "Mayor Lotte Brandt called the new budget \u201ca betrayal of every family in this city.\u201d")
    hits = [q for q in quotes_in(nlp, text) if "betrayal" in q.text]
    assert len(hits) == 1 and hits[0].speaker_text == "Lotte Brandt"


@pytest.mark.parametrize("sentence", [
    "The proposed plan comes as Finland seeks to strengthen its border defences, especially after the talks stalled.",
    "The European Union\u2014which is seeking to negotiate a trade pact between the two sides\u2014will not attend "
    "the summit in Lisbon.",
])
def test_seeking_to_do_something_is_not_speech(nlp, sentence):
    text = "The summit opens on Monday.\n" + sentence
    assert not [q for q in quotes_in(nlp, text) if q.cue and q.cue.lower().startswith(("seek", "is seek"))]
    assert not [q for q in quotes_in(nlp, text) if "strengthen" in q.text or "negotiate" in q.text]


def test_a_clause_renaming_the_object_is_not_reported(nlp):
    text = ("The talks ended on Tuesday.\n"
            "Poland and the Baltic states are still hoping for firm commitments from Canada in the event of a "
            "blockade, something Prime Minister Anna Lind has been reluctant to offer.")
    assert not [q for q in quotes_in(nlp, text) if q.text.startswith("something")]


def test_hoped_is_a_cue_although_the_model_lemmatises_it_as_hop(nlp):
    text = "The bridge was closed in March.\nMayor Helen Carter hoped to reopen the bridge before the winter."
    hits = [q for q in quotes_in(nlp, text) if "reopen the bridge" in q.text]
    assert len(hits) == 1
    assert hits[0].speaker_text == "Helen Carter" and hits[0].cue == "hoped"


def test_he_opening_a_sentence_is_the_previous_sentence_subject_not_its_object(nlp):
    text = ("Chancellor Karl Weber has been negotiating a treaty with Dutch Prime Minister Pieter Janssen "
            "under which both countries would share one power grid.\n"
            "He has said that the treaty would lower prices for every household.")
    hits = [q for q in quotes_in(nlp, text) if "lower prices" in q.text]
    assert len(hits) == 1
    assert hits[0].speaker_as_written == "He"
    assert hits[0].speaker_text == "Karl Weber"


def test_he_after_a_name_in_its_own_sentence_keeps_that_name(nlp):
    text = ("Chancellor Karl Weber met Prime Minister Pieter Janssen in Berlin on Monday.\n"
            "After the talks Janssen told reporters he believed the treaty would lower prices.")
    hits = [q for q in quotes_in(nlp, text) if "lower prices" in q.text]
    assert len(hits) == 1 and hits[0].speaker_text == "Pieter Janssen"


def test_a_passive_expectation_is_not_given_to_its_subject(nlp):
    text = "The ministers meet in Brussels on Thursday.\nDefence Secretary Mark Dalton is not expected to take part."
    assert not [q for q in quotes_in(nlp, text) if q.speaker_text and "Dalton" in q.speaker_text]

