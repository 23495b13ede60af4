"""Speakers given by the layout of the text: signatures ending a line, names before a colon,
the paragraph before a quote with no attribution, and quotation marks typed wrongly."""
from __future__ import annotations

from storyline.extract.quote_marks import find_quoted_spans
from tests.quote_helpers import quote_with


def test_a_closing_mark_opening_a_paragraph_opens_the_quote():
    text = "Readers wrote in.\n\u201dI am worried about rents. Nobody talks about them.\u201d \u2015 Lena Ortiz"
    spans = [text[q.start:q.end] for q in find_quoted_spans(text)]
    assert spans == ["I am worried about rents. Nobody talks about them."]


def test_a_quote_inside_a_quote_in_the_same_curly_marks_stays_inside():
    text = "\u201cI would rather live in what he calls \u201cchaos\u201d than in his world.\u201d \u2015 Ana Ruiz"
    spans = [text[q.start:q.end] for q in find_quoted_spans(text)]
    assert spans == ["I would rather live in what he calls \u201cchaos\u201d than in his world."]


def test_an_unbalanced_opener_still_restarts_at_the_next_one():
    text = "Notes: \u201cdraft. \u201cWe will build it,\u201d the mayor said."
    spans = [text[q.start:q.end] for q in find_quoted_spans(text)]
    assert spans == ["We will build it"]


def test_a_signature_ending_the_line_signs_each_quote_on_it(nlp):
    text = ("Readers wrote in after the debate.\n"
            "\u201cThe schools in our town need more teachers and more money.\u201d \u2015 Paula Brandt\n"
            "\u201cNobody on that stage talked about rent, which doubled in five years.\u201d And that is all. "
            "\u201cThey should be ashamed.\u201d \u2015 Sarah Mitchell")
    assert quote_with(nlp, text, "doubled").speaker_text == "Sarah Mitchell"


def test_a_name_after_a_dash_before_the_colon_speaks(nlp):
    text = ("The polls were close.\n"
            "Pollsters agree - Carla Benton: \u201cThe biggest lesson is to keep calling voters as late as "
            "possible.\u201d")
    q = quote_with(nlp, text, "biggest lesson")
    assert q.speaker_text == "Carla Benton"


def test_a_lawmaker_with_party_and_state_before_the_colon_speaks(nlp):
    text = ("The hearing went on for hours.\n"
            "Rep. Dana Whitfield (R-Ohio):\"I have never heard anyone else cite that number. Who told you that?\"")
    q = quote_with(nlp, text, "cite that number")
    assert q.speaker_text and "Whitfield" in q.speaker_text


def test_a_name_after_a_preposition_before_the_colon_is_not_the_speaker(nlp):
    text = ("The network answered its critics.\n"
            "Network chief on Senator Ray Kemp: \u201cWe do not apologise for covering every single rally.\u201d")
    q = quote_with(nlp, text, "do not apologise")
    assert q.speaker_text != "Ray Kemp"


def test_a_quote_paragraph_continues_the_speech_verb_of_the_paragraph_before(nlp):
    text = ("The party met in Denver.\n"
            "After the vote, the party issued a statement that Chairwoman Gloria Pratt read to reporters, "
            "saying the rules had been followed.\n"
            "\u201cOn behalf of everyone here, we want to thank the volunteers who made this possible.\u201d")
    q = quote_with(nlp, text, "thank the volunteers")
    assert q.speaker_text is not None


def test_a_quote_paragraph_continues_the_subject_of_the_paragraph_before(nlp):
    text = ("Governor Ellis was joined on Monday by the baker Marco Valente.\n"
            "Valente praised the governor's work after the flood and his skill with a divided legislature.\n"
            "\u201cWe need someone who is going to cut through the noise and bring people together.\u201d")
    q = quote_with(nlp, text, "cut through the noise")
    assert q.speaker_text and "Valente" in q.speaker_text


def test_a_quote_after_a_sentence_about_a_person_continues_that_person(nlp):
    text = ("The union held its rally on Monday.\n"
            "Senator Helen Carter touted her record on labour law. \"We need to find ways to support "
            "workers who want a union in their workplace.\"")
    q = quote_with(nlp, text, "support workers")
    assert q.speaker_text == "Helen Carter"


def test_said_followed_by_a_described_name_names_the_speaker(nlp):
    text = ("The debate was long.\n"
            "\"I am not going to say it is a mistake, so forget about it,\" said retired surgeon Ben Carlson, "
            "asked about his claims.")
    q = quote_with(nlp, text, "forget about it")
    assert q.speaker_text and "Carlson" in q.speaker_text
