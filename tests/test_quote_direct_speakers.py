"""Direct quotes whose speaker the parse alone gets wrong or misses, on small invented sentences:
a long attribution after a quote that ends its own sentence, "as X put it", a said thing with its
possessor ("Trump's claim that ..."), a date parsed as the subject, newer speech verbs."""
from __future__ import annotations

from tests.quote_helpers import quote_with, quotes_in


def test_long_attribution_after_a_quote_ending_its_sentence(nlp):
    text = ("The roll call began at noon.\n\n\u201cThe great state of Alabama is proud to cast its votes "
            "for the next president!\u201d Senator Jeff Sessions said as he opened the process.")
    q = quote_with(nlp, text, "Alabama")
    assert q.speaker_as_written == "Senator Jeff Sessions"
    assert q.cue == "said"


def test_a_new_sentence_reporting_something_else_is_not_the_attribution(nlp):
    text = ('"That was very wrong of him and I am done with it." Smith said the plan was dead on '
            "arrival in the Senate.")
    q = quote_with(nlp, text, "very wrong")
    assert q.speaker_text is None
    reported = quote_with(nlp, text, "dead on arrival")
    assert reported.kind == "indirect" and reported.speaker_as_written == "Smith"


def test_as_x_put_it_names_the_speaker(nlp):
    text = ('As Steven Marsh, a tax lawyer in Denver, recently put it, "Did the company lower its taxes '
            'through legal avoidance, or through plain evasion?"')
    q = quote_with(nlp, text, "lower its taxes")
    assert q.speaker_as_written == "Steven Marsh"
    assert q.cue == "put it"


def test_put_it_somewhere_is_not_a_cue(nlp):
    from storyline.extract.quote_cues import is_speech_cue

    doc = nlp("She put it on the table before the meeting.")
    assert not any(is_speech_cue(t) for t in doc)
    doc = nlp("As she put it, the plan is dead.")
    assert any(is_speech_cue(t) for t in doc)


def test_possessor_of_a_claim_speaks_not_the_sentence_subject(nlp):
    text = ("The fact checkers seized on Mayor Dan Ortiz\u2019s claim that there have been "
            "\u201cthousands of break-ins\u201d in the city this year alone.")
    q = quote_with(nlp, text, "break-ins")
    assert q.speaker_text == "Dan Ortiz"
    assert q.cue == "claim"


def test_possessor_of_a_said_thing_that_is_the_subject(nlp):
    text = ("Senator Ana Ruiz\u2019s answer was that \u201cthe most important institution in society is "
            "the family,\u201d so government should help families.")
    q = quote_with(nlp, text, "family")
    assert q.speaker_text == "Ana Ruiz"


def test_demanded_is_a_speech_verb(nlp):
    text = ("The hearing ran long.\n\n\u201cWhy is this not clear proof that the bank is too big to "
            "manage?\u201d Senator Paul Vane demanded.")
    q = quote_with(nlp, text, "too big")
    assert q.speaker_as_written == "Senator Paul Vane"


def test_a_day_is_never_the_speaker(nlp):
    """A parse that makes the day the subject ("appeared on Tuesday and began by saying") names
    nobody; the same parse with a person as subject names the person."""
    from spacy.tokens import Doc

    from storyline.extract.quote_speakers import speaker_head

    def parsed(first: str, label: str) -> Doc:
        doc = Doc(nlp.vocab, words=[first, "said", "no", "."], pos=["PROPN", "VERB", "INTJ", "PUNCT"],
                  heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "intj", "punct"], lemmas=["x", "say", "no", "."],
                  ents=[f"B-{label}", "O", "O", "O"])
        return doc

    assert speaker_head(parsed("Tuesday", "DATE")[1]) is None
    assert speaker_head(parsed("Ortiz", "PERSON")[1]).text == "Ortiz"


def test_dateline_parsed_as_a_second_subject_does_not_speak(nlp):
    text = ("Lisbon (AFP) \u2013 Prime Minister Ana Costa has taken a swipe at her rival\u2019s stance on "
            "trade, saying that \u201cloud threats\u201d do more harm than good during such times.")
    q = quote_with(nlp, text, "loud threats")
    assert q.speaker_text == "Ana Costa"


def test_participle_hung_on_a_verb_inside_the_quote_shares_the_sentence_subject(nlp):
    text = ("Maria Lopez seemed to be ready to joke about the incident in Ohio, telling the crowd, "
            "\u201cSome people get a little carried away, have you noticed that?\u201d")
    q = quote_with(nlp, text, "carried away")
    assert q.speaker_text == "Maria Lopez"
    assert "people" not in (q.speaker_as_written or "")


def test_a_said_thing_is_not_attributed_when_the_quote_is_said_of_it(nlp):
    text = ("The fact checkers then ruled that Mayor Dan Ortiz\u2019s statement about the break-ins is "
            "\u201ctrue,\u201d in a long report.")
    assert all(q.cue != "statement" for q in quotes_in(nlp, text))


def test_a_pronoun_owner_of_a_promise_leaves_the_speaker_to_the_sentence(nlp):
    text = "Tom Baker has pushed his promise of \u201cfree college for every student\u201d all year."
    assert all(q.speaker_as_written != "his" for q in quotes_in(nlp, text))


def test_speech_verb_in_a_relative_clause_yields_to_a_distant_reporting_verb(nlp):
    text = ('Dan Ortiz, the head of the union, forcefully told a young woman from the north side of the '
            'city who suggested at the meeting on Monday that some people may not vote this year because of '
            'their deep frustration that "this is not the first generation to be frustrated and staying '
            'home is not a smart strategy."')
    q = quote_with(nlp, text, "first generation")
    assert q.speaker_text == "Dan Ortiz"
    assert q.cue.startswith("told")
