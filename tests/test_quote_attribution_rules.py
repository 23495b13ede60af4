"""Attribution shapes the parse alone gets wrong, on small fictional articles: dash bylines with
no-break spaces, mixed quotation marks, quotes continuing an attributed sentence, inverted
`said X`, `by saying`, and quotes marked with two apostrophes."""
from __future__ import annotations

from storyline.extract.quote_marks import find_quoted_spans
from tests.quote_helpers import quote_with


def test_dash_byline_after_a_no_break_space_names_each_speaker(nlp):
    text = ("Readers wrote in after the debate.\n"
            "\u201cThe schools in our town need more teachers and more money.\u201d \u2015\u00a0Lena Ortiz Varga.\n"
            "\u201cNobody on that stage talked about the price of rent.\u201d\u00a0\u2015 Tomas Reyes")
    assert quote_with(nlp, text, "teachers").speaker_text == "Lena Ortiz Varga"
    assert quote_with(nlp, text, "rent").speaker_text == "Tomas Reyes"


def test_straight_mark_closing_a_curly_quote_before_a_later_straight_pair():
    text = ('\u201cThe deal should not be a condition for talks," Chairman Ray Doyle said, adding that '
            'offers were handed out "like candy."')
    spans = [text[q.start:q.end] for q in find_quoted_spans(text)]
    assert spans[0] == "The deal should not be a condition for talks"
    assert "like candy." in spans


def test_quote_after_an_attributed_sentence_continues_its_speaker(nlp):
    text = ("The vote was delayed on Monday.\n"
            'The delay came as talks went on in Geneva, Senator Ruth Kimball said. "The other '
            'reason may be that nobody wants to be blamed for the result."')
    q = quote_with(nlp, text, "other reason")
    assert q.speaker_text == "Ruth Kimball"
    assert q.speaker_as_written == "Senator Ruth Kimball"  # as written, title included


def test_inverted_said_with_a_long_appositive(nlp):
    text = ('Markets fell.\n"The campaign is in panic mode. Full panic mode," said Dora Wexley, a '
            "Miami-based president of the regional caucus.")
    q = quote_with(nlp, text, "panic")
    assert q.speaker_text == "Dora Wexley"


def test_by_saying_takes_the_subject_of_the_governing_verb(nlp):
    text = ("Governor Alan Brightwater opened the meeting on Tuesday by saying the budget would be "
            "balanced within two years.")
    q = quote_with(nlp, text, "budget")
    assert q.speaker_text == "Alan Brightwater"


def test_two_apostrophes_quote_like_a_double_mark(nlp):
    text = ("The museum opened.\n''Hopefully,'' the mayor said, ''this museum can help us talk to each "
            "other.''")
    spans = [text[q.start:q.end] for q in find_quoted_spans(text)]
    assert spans == ["Hopefully", "this museum can help us talk to each other."]
    q = quote_with(nlp, text, "Hopefully")
    assert q.kind == "direct"
    assert q.speaker_as_written == "the mayor"


def test_headline_label_names_the_speaker_of_its_quote(nlp):
    text = ("Kimball: Court Picks Are At Stake, \u2018I Fear The Same Thing Is True\u2019 for Brandt.\n"
            "Senator Ruth Kimball spoke in Dayton on Monday.")
    q = quote_with(nlp, text, "I Fear")
    assert q.speaker_text == "Ruth Kimball"
    assert q.speaker_as_written == "Kimball"


def test_quote_after_a_colon_takes_the_verb_before_it(nlp):
    text = ("Mayor Ann Lister spoke twice.\nShe then addressed the supporters again: \u201cHere is what "
            "I regret. I regret they do not want to listen to anybody else.\u201d")
    q = quote_with(nlp, text, "regret")
    assert q.speaker_text == "Ann Lister"
    assert q.speaker_as_written == "She"


def test_question_then_a_capitalised_pronoun_starts_a_new_attribution(nlp):
    text = ("Paul Oakes was asked, \u201cWould you have warned her?\u201d He answered, \u201cI have no idea. "
            "We are old friends.\u201d")
    asked = quote_with(nlp, text, "warned")
    answer = quote_with(nlp, text, "old friends")
    assert asked.text == "Would you have warned her?"
    assert answer.speaker_as_written == "He"


def test_speech_verb_inside_a_relative_clause_is_not_the_attribution(nlp):
    text = ("The panel met.\nMarc Thorne, the chief executive of the league, told a young woman who "
            'suggested that some people may not vote that "this is not the first generation to be frustrated."')
    q = quote_with(nlp, text, "first generation")
    assert q.speaker_text == "Marc Thorne"


def test_dateline_is_not_the_speaker(nlp):
    text = ('WASHINGTON -- President Ada Quell, opening the museum on Saturday, said it would tell a story '
            'of "suffering and delight, of fear, but also of hope."')
    q = quote_with(nlp, text, "suffering")
    assert q.speaker_text == "Ada Quell"


def test_coordinated_speakers_are_written_in_full(nlp):
    text = "Both Mr. King and Mr. Schultz say the network's managers have never told them what to say."
    q = quote_with(nlp, text, "managers")
    assert q.speaker_as_written == "Both Mr. King and Mr. Schultz"


def test_speech_verb_introducing_the_quote_keeps_it(nlp):
    text = 'Voters met in Dayton.\nHe said Tom Smith told him, "We will not sign this deal in its current form."'
    assert quote_with(nlp, text, "sign this deal").speaker_text == "Tom Smith"


def test_name_right_behind_the_quote_speaks_whatever_its_appositive(nlp):
    text = ("The rally ended.\n\u201cVery good reporter, very good reporter this guy,\u201d Ada Quell, the "
            "front-runner who won the New Hampshire primaries, said on Monday.")
    assert quote_with(nlp, text, "reporter").speaker_text == "Ada Quell"
    text = 'The rally ended.\n"We will win the state easily," Ada Quell\'s spokesman said on Monday.'
    assert quote_with(nlp, text, "win").speaker_as_written == "Ada Quell's spokesman"
