"""Transliterated first names, bracketed names in quotes and possessive clitics, on small
fictional articles (entity linking with the real spaCy model)."""
from __future__ import annotations

import pytest

from storyline.extract.names import name_key, same_name_in_other_vowels
from storyline.model import Article


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Volodymyr", "Vladimir", True),
    ("Oleksandr", "Oleksander", True),
    ("Alexander", "Alexandra", False),  # gendered pairs differ in the last letter
    ("Michael", "Michelle", False),
    ("Daniel", "Daniela", False),
    ("Mark", "Marc", False),  # too short to judge by consonants
    ("Stephen", "Steven", False),
])
def test_first_names_differing_only_in_vowels(a, b, same):
    assert same_name_in_other_vowels(name_key(a), name_key(b)) is same


def test_surname_final_y_variants_share_a_key():
    assert name_key("Zelensky") == name_key("Zelenskyy") == name_key("Zelenskiy")
    assert name_key("Zelensky") != name_key("Zelenska")


def link(nlp, texts: dict[str, str]):
    from storyline.extract.entities import link_entities
    from storyline.extract.mentions import find_mentions

    articles, docs = [], {}
    for article_id, text in texts.items():
        doc = nlp(text)
        articles.append(Article(id=article_id, source=article_id, text=text, mentions=find_mentions(doc)))
        docs[article_id] = doc
    return articles, link_entities(articles, docs)


def entity_ids(articles, article_id: str, surface: str) -> set[str | None]:
    article = next(a for a in articles if a.id == article_id)
    ids = {m.entity for m in article.mentions if m.text == surface}
    assert ids, (surface, [m.text for m in article.mentions])
    return ids


def test_transliterated_first_name_and_spelling_variants_are_one_person(nlp):
    articles, _ = link(nlp, {
        "a": "Ukrainian President Volodymyr Kovalenskyy met the French minister in Lviv on Monday.",
        "b": "Like Vladimir Kovalensky, the minister will speak by video link from Kyiv on Tuesday.",
        "c": "President Volodymyr Kovalenskiy thanked the allies for their help on Wednesday.",
    })
    assert entity_ids(articles, "a", "Volodymyr Kovalenskyy") == entity_ids(articles, "b", "Vladimir Kovalensky")
    assert entity_ids(articles, "a", "Volodymyr Kovalenskyy") == entity_ids(articles, "c", "Volodymyr Kovalenskiy")


def test_bracketed_name_in_a_quote_becomes_a_mention(nlp):
    text = ('The ministry said in a statement: "The prime minister [Edmund Harrowgate] and the defence '
            'secretary have both been clear that peace needs security guarantees."')
    articles, entities = link(nlp, {"a": text})
    people = {e.name for e in entities if e.type == "PERSON"}
    assert "Edmund Harrowgate" in people


def test_bracketed_name_known_elsewhere_in_the_corpus_becomes_a_mention(nlp):
    articles, entities = link(nlp, {
        "a": "Prime Minister Edmund Harrowgate visited Lviv on Monday with his advisers.",
        "b": 'The statement said: "We thank [Harrowgate] for his visit and his support for our army."',
    })
    b = next(a for a in articles if a.id == "b")
    bracketed = [m for m in b.mentions if m.text == "Harrowgate"]
    assert bracketed and bracketed[0].type == "PERSON"
    assert bracketed[0].entity == entity_ids(articles, "a", "Edmund Harrowgate").pop()


def test_possessive_clitic_is_not_part_of_a_name(nlp):
    from storyline.extract.mentions import find_mentions

    doc = nlp("Britain’s Harrowgate said that all coalition members would send troops.")
    names = [m.text for m in find_mentions(doc) if m.type == "PERSON"]
    assert not any(n.startswith(("’s", "'s")) for n in names)
