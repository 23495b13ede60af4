from storyline.model import (Article, Claim, Conflict, ConflictValue, Fact, Mention, Quantity, Quote, Story,
                             TimelineEntry, TimeRef, stable_id)


def test_stable_id_depends_only_on_parts():
    assert stable_id("a", "x", "y") == stable_id("a", "x", "y")
    assert stable_id("a", "x", "y") != stable_id("a", "y", "x")
    assert stable_id("e", "x").startswith("e") and len(stable_id("e", "x")) == 13


def test_article_round_trip_keeps_nested_records():
    article = Article(id="a1", source="Outlet", text="Ann Lee said hi on Monday to 3 people.",
                      mentions=[Mention(0, 7, "Ann Lee", "PERSON", "e1", "Ann Lee")],
                      quotes=[Quote(13, 15, "hi", "indirect", "e1", "Ann Lee", "said", 0, 7)],
                      times=[TimeRef(19, 25, "Monday", "DATE", "2025-04-07", "2025-04-10")],
                      quantities=[Quantity(29, 37, "3 people", 3.0, "people")])
    data = article.to_dict()
    assert list(data)[:4] == ["id", "source", "status", "text"]
    again = Article.from_dict(data)
    assert again == article
    assert isinstance(again.quotes[0], Quote)


def test_story_round_trip_keeps_facts_conflicts_and_timeline():
    claim_a = Claim("a1", 0, 5, "Hello", source="A")
    claim_b = Claim("b1", 0, 5, "Hallo", source="B")
    story = Story(id="s1", title="T", articles=["a1", "b1"], sources=["A", "B"],
                  facts=[Fact("f1", "conflicting", "Hello", [claim_a, claim_b], ["A", "B"],
                              [Conflict("number", [ConflictValue(12, claim_a), ConflictValue(17, claim_b)])])],
                  timeline=[TimelineEntry("2025-04-10", "Hello", [claim_a], "f1")])
    again = Story.from_dict(story.to_dict())
    assert again == story
    assert isinstance(again.facts[0].conflicts[0].values[1].claim, Claim)


def test_private_fields_are_not_serialised():
    assert all(not key.startswith("_") for key in Article(id="x", source="s").to_dict())


def test_a_quantity_read_back_as_a_whole_number_is_a_float_again():
    # PostgreSQL's jsonb returns 7.2e16 as the int 72057594037921390; the model says float.
    read = Quantity.from_dict({"start": 0, "end": 3, "text": "7e16", "value": 72057594037921390, "unit": None})
    assert type(read.value) is float and read.value == 7.205759403792139e+16
    assert Quantity.from_dict({"start": 0, "end": 1, "text": "x", "value": None, "unit": None}).value is None
    assert Mention.from_dict({"start": 4, "end": 9, "text": "mayor", "type": "PERSON"}).start == 4
