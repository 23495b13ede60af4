"""Quotes and speakers on small fictional articles, parsed with the packaged spaCy model."""
from __future__ import annotations

from storyline.extract.quote_marks import find_quoted_spans
from storyline.model import Mention, Quote

MENTION_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def mentions_of(doc) -> list[Mention]:
    """Stand-in for the mention finder: entities without a leading "the", persons resolved to
    the longest name in the article ending with the same word."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in MENTION_TYPES:
            continue
        span = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
        mentions.append(Mention(span.start_char, span.end_char, span.text, ent.label_))
    persons = [m for m in mentions if m.type == "PERSON"]
    for m in persons:
        longest = max((p.text for p in persons if p.text.split()[-1] == m.text.split()[-1]), key=len)
        m.resolved = longest
    return mentions


def quotes_in(nlp, text: str) -> list[Quote]:
    from storyline.extract.quotes import find_quotes

    doc = nlp(text)
    quotes = find_quotes(doc, mentions_of(doc))
    for q in quotes:  # offsets always index the article text
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return quotes


def only(quotes: list[Quote], containing: str) -> Quote:
    hits = [q for q in quotes if containing in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


def test_straight_quote_then_attribution_with_hearer(nlp):
    text = 'Flooding closed the old bridge.\n"We will rebuild it by spring," Mayor Anna Palisa told reporters.'
    q = only(quotes_in(nlp, text), "rebuild")
    assert q.text == "We will rebuild it by spring"
    assert q.kind == "direct"
    assert q.speaker_text == "Anna Palisa"
    assert q.cue == "told reporters"
    assert text[q.speaker_start:q.speaker_end] == "Anna Palisa"


def test_colon_introduced_curly_quote_and_short_name_resolution(nlp):
    text = ("Defence Secretary John Healey visited the base on Monday. Healey said: \u201cThe troops will "
            "stay as long as they are needed.\u201d")
    q = only(quotes_in(nlp, text), "troops")
    assert q.text == "The troops will stay as long as they are needed."
    assert q.speaker_text == "John Healey"
    # The offsets point at the full-name mention so the entity linker can map it.
    assert text[q.speaker_start:q.speaker_end] == "John Healey"


def test_pronoun_speaker_skips_people_named_inside_the_quote(nlp):
    text = ("Maria Lopez spoke after the vote on Thursday.\n\n"
            "\u201cTom Baker was wrong about the budget and he knows it,\u201d she said.")
    q = only(quotes_in(nlp, text), "budget")
    assert q.speaker_text == "Maria Lopez"
    assert q.cue == "said"


def test_split_quote_is_one_quote_with_one_speaker(nlp):
    text = ('Governor Helen Ward toured the flooded valley.\n'
            '"We will rebuild every home," Ward said, "and we will start on Monday."')
    quotes = quotes_in(nlp, text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.text.startswith("We will rebuild every home")
    assert q.text.endswith("we will start on Monday.")
    assert q.speaker_text == "Helen Ward"


def test_multi_sentence_quote(nlp):
    text = ('"The storm has passed. The damage is severe. We need help now," Governor Helen Ward said.')
    q = only(quotes_in(nlp, text), "storm")
    assert q.text == "The storm has passed. The damage is severe. We need help now"
    assert q.speaker_text == "Helen Ward"


def test_statement_is_attributed_to_the_body_that_issued_it(nlp):
    text = ("The British Ministry of Defence issued a statement on Tuesday. "
            "The statement said the drills would continue until the end of the month.")
    q = only(quotes_in(nlp, text), "drills")
    assert q.kind == "indirect"
    assert q.text == "the drills would continue until the end of the month"
    assert q.speaker_text == "British Ministry of Defence"
    assert text[q.speaker_start:q.speaker_end] == "British Ministry of Defence"


def test_title_alone_resolves_to_the_person_holding_it(nlp):
    text = ("Kremlin spokesman Dmitry Peskov spoke to journalists on Monday. "
            "The Kremlin spokesman said the talks would continue next week.")
    q = only(quotes_in(nlp, text), "talks")
    assert q.speaker_text == "Dmitry Peskov"


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    text = ('The senator Paul Grant said "the bill is dead and everyone in this building knows it.\n\n'
            "The council met on Friday. Ruth Okafor said that the budget was approved.")
    quotes = quotes_in(nlp, text)
    dead = only(quotes, "bill is dead")
    assert "\n" not in dead.text and "council" not in dead.text
    budget = only(quotes, "budget")
    assert budget.speaker_text == "Ruth Okafor"


def test_indirect_speech_said_that_and_warned_that(nlp):
    text = ("Finance Minister Carla Diaz said that the fuel tax would rise next year. "
            "Colonel Ivan Markov warned that the ceasefire could collapse within days.")
    quotes = quotes_in(nlp, text)
    tax = only(quotes, "fuel tax")
    assert (tax.kind, tax.text, tax.speaker_text, tax.cue) == (
        "indirect", "the fuel tax would rise next year", "Carla Diaz", "said")
    truce = only(quotes, "ceasefire")
    assert (truce.kind, truce.speaker_text, truce.cue) == ("indirect", "Ivan Markov", "warned")


def test_according_to(nlp):
    text = "According to the Interior Ministry, forty people were evacuated from the coast."
    q = only(quotes_in(nlp, text), "evacuated")
    assert q.text == "forty people were evacuated from the coast"
    assert q.speaker_text == "Interior Ministry"
    assert q.cue == "According to"


def test_mixed_quote(nlp):
    text = 'Finance Minister Carla Diaz said the proposal was "dead on arrival" in the Senate.'
    quotes = quotes_in(nlp, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.kind == "mixed"
    assert "proposal" in q.text and "dead on arrival" in q.text
    assert q.speaker_text == "Carla Diaz"


def test_quote_paragraph_continues_the_previous_speaker(nlp):
    text = ('"The plant will reopen in May," said Anna Palisa, the director.\n\n'
            '"Nobody will lose their job while we repair the furnaces and the roof."')
    quotes = quotes_in(nlp, text)
    second = only(quotes, "furnaces")
    assert second.speaker_text == "Anna Palisa"


def test_attribution_in_previous_paragraph_ending_with_colon(nlp):
    text = ("Anna Palisa addressed the workers on Friday and continued:\n\n"
            "\u201cWe have rebuilt before and we will rebuild again, whatever it takes.\u201d")
    q = only(quotes_in(nlp, text), "rebuilt")
    assert q.speaker_text == "Anna Palisa"


def test_scare_quotes_alone_are_not_quotes(nlp):
    text = 'The so-called "Blue Plan" was shelved in March after the funding ran out.'
    assert quotes_in(nlp, text) == []


def test_headline_single_curly_quote(nlp):
    text = "Markov: \u2018We will not retreat\u2019\n\nColonel Ivan Markov spoke to soldiers on Sunday."
    q = only(quotes_in(nlp, text), "retreat")
    assert q.text == "We will not retreat"
    assert q.kind == "direct"
    assert q.speaker_text == "Ivan Markov"


def test_empty_text(nlp):
    assert quotes_in(nlp, "") == []


def test_quote_marks_straight_curly_and_apostrophes():
    text = 'He said "yes" and \u201cno\u201d but it\u2019s the fans\u2019 choice.\nShe said \u201copen'
    spans = find_quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["yes", "no", "open"]
    assert spans[-1].close is None  # closed by the line end, not by a later mark


def test_transcript_lines_name_their_speaker(nlp):
    text = ("Senator Paul Grant spoke to the host Chris Wallace on Sunday.\n\n"
            '"WALLACE: Will the budget pass this week?\n\n'
            '"GRANT: I believe it will pass, and the votes are there."')
    quotes = quotes_in(nlp, text)
    answer = only(quotes, "votes are there")
    assert answer.text.startswith("I believe")
    assert answer.speaker_text == "Paul Grant"
    question = only(quotes, "budget pass")
    assert question.speaker_text == "Chris Wallace"


def test_dash_attribution_after_quote(nlp):
    text = "\u201cThe new park changed how our street feels at night.\u201d \u2015 Rosa Delgado, a resident"
    q = only(quotes_in(nlp, text), "park")
    assert q.speaker_text == "Rosa Delgado"


def test_mixed_straight_and_curly_marks_pair_up():
    from storyline.extract.quote_marks import find_quoted_spans

    text = 'The adviser spoke. "Talks with the northern states have begun,” Varga told reporters.'
    spans = find_quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["Talks with the northern states have begun"]
    assert spans[0].close is not None
    flipped = "She added: “We will wait for the vote.\" Then she left."
    assert [flipped[s.start:s.end] for s in find_quoted_spans(flipped)] == ["We will wait for the vote."]
