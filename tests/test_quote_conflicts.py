"""Quote conflicts: changed words inside the marks, the same words given to two speakers, and the
variants that are no conflict (hand-written sentences)."""
from __future__ import annotations

import pytest

from storyline.compare import build_ledger
from storyline.compare.features import ClaimFeatures
from storyline.compare.quote_conflicts import (
    compare_quotes,
    quote_conflicts,
    quote_similarity,
    quote_tokens,
    quoted_passages,
)
from storyline.model import Article, Claim, Quote, Story

HARBOUR = "We will reopen the northern harbour to fishing boats before the winter storms arrive"


def claim(text: str, speaker: str | None = None, article: str = "a", kind: str = "quote") -> Claim:
    return Claim(article=article, start=0, end=len(text), text=text, source=article.upper(),
                 speaker=speaker, kind=kind)  # type: ignore[arg-type]


def feats(text: str, speaker: str | None = None, article: str = "a", persons: dict | None = None) -> ClaimFeatures:
    return ClaimFeatures(claim=claim(text, speaker, article), words=[], persons=dict(persons or {}))


def conflicts(text_a: str, text_b: str, speaker_a: str | None = None, speaker_b: str | None = None):
    return quote_conflicts((feats(text_a, speaker_a, "a"), feats(text_b, speaker_b, "b")))


@pytest.mark.parametrize("changed, word", [
    ("We will reopen the southern harbour to fishing boats before the winter storms arrive", "southern"),
    ("We will reopen the northern harbour to cargo boats before the winter storms arrive", "cargo"),
    ("We will not reopen the northern harbour to fishing boats before the winter storms arrive", "not"),
    ("We won't reopen the northern harbour to fishing boats before the winter storms arrive", "not"),
    ("We will reopen the northern harbour to fishing boats before the winter storms arrive".replace("northern ", ""),
     "northern"),
])
def test_a_changed_dropped_or_negated_word_is_a_quote_conflict(changed, word):
    found = conflicts(f"“{HARBOUR},” Mayor Anna Berg said.", f"“{changed},” Berg said on Tuesday.")
    assert [c.kind for c in found] == ["quote"]
    assert word in found[0].note.lower()
    assert found[0].values[0].value == HARBOUR


def test_a_changed_number_inside_the_quote_is_a_conflict():
    a = "“Three ferries will sail from the island each morning until the bridge is repaired,” the operator said."
    b = "“Four ferries will sail from the island each morning until the bridge is repaired,” the operator said."
    assert [c.kind for c in conflicts(a, b)] == ["quote"]
    # The same number written as a word and as a figure is no change.
    c = "“3 ferries will sail from the island each morning until the bridge is repaired,” the operator said."
    assert conflicts(a, c) == []


def test_a_reordered_list_is_a_conflict():
    a = "She said the new fleet would be called “Osprey, Kestrel, Merlin and Harrier” by the navy."
    b = "The navy named the fleet “Kestrel, Osprey, Merlin and Harrier” according to her."
    found = conflicts(a, b)
    assert [c.kind for c in found] == ["quote"] and "reordered" in found[0].note


@pytest.mark.parametrize("variant", [
    # punctuation and case
    "we will reopen the Northern Harbour to fishing boats, before the winter storms arrive",
    # American spelling
    "We will reopen the northern harbor to fishing boats before the winter storms arrive",
    # a function word added
    "We will reopen the northern harbour to the fishing boats before the winter storms arrive",
    # contraction
    "We'll reopen the northern harbour to fishing boats before the winter storms arrive",
    # words left out at an ellipsis
    "We will reopen the northern harbour ... before the winter storms arrive",
    # one outlet quotes a shorter stretch (either end)
    "reopen the northern harbour to fishing boats",
    "We will reopen the northern harbour to fishing boats before the winter storms arrive, and we will keep it open",
    # an editor's gloss in brackets
    "We [the council] will reopen the northern harbour to fishing boats before the winter storms arrive",
])
def test_variants_of_one_rendering_are_no_conflict(variant):
    assert conflicts(f"“{HARBOUR},” Anna Berg said.", f"“{variant},” she said.") == []


def test_initialisms_ampersands_and_starred_words_are_no_change():
    a = "“The E.U. & the farmers have been treated like damn fools for ten years,” he said."
    b = "“The EU and the farmers have been treated like d*** fools for 10 years,” he said."
    assert conflicts(a, b) == []
    tokens = [t.norm for t in quote_tokens("the United States and the U.S.")]
    assert tokens.count("usa") == 2 and "us" not in tokens


def test_paraphrase_outside_the_marks_is_not_compared():
    a = f"At a crowded meeting on Monday the mayor promised: “{HARBOUR}.”"
    b = f"Berg, speaking to fishermen late on Sunday, told them “{HARBOUR}.”"
    assert conflicts(a, b) == []


def test_different_quotes_sharing_a_few_words_are_not_one_passage():
    a = "“The harbour is our future and the boats are our life,” Berg said."
    b = "“The harbour budget must be cut before the boats are sold,” Lund said."
    assert compare_quotes(quote_tokens("The harbour is our future and the boats are our life"),
                          quote_tokens("The harbour budget must be cut before the boats are sold")) is None
    assert conflicts(a, b) == []


def test_a_change_of_grammatical_person_is_another_sentence_not_a_change():
    a = "“No ship of that size will ever be let into our harbour again,” the minister wrote on Monday."
    b = "“No ship of that size will ever be let into their harbour again,” the minister wrote on Monday."
    assert conflicts(a, b) == []


def test_same_words_given_to_two_named_speakers():
    a = f"“{HARBOUR},” Harbour Master Anna Berg said in a statement."
    b = f"“{HARBOUR},” said Piet Lund, the deputy mayor."
    found = conflicts(a, b, "Anna Berg", "Piet Lund")
    assert [c.kind for c in found] == ["quote"]
    assert {v.value for v in found[0].values} == {"Anna Berg", "Piet Lund"}
    assert "different speakers" in found[0].note


@pytest.mark.parametrize("speaker_b, text_b", [
    # an unresolved pronoun is nobody in particular
    ("he", f"“{HARBOUR},” he said."),
    # the speaker carried over from an earlier sentence, not named in this one
    ("Piet Lund", f"“{HARBOUR},” the statement said."),
    # one person, two forms of the name
    ("Annie Berg", f"“{HARBOUR},” Annie Berg said."),
    # a description, not a resolved person
    ("a port spokesman", f"“{HARBOUR},” a port spokesman said."),
])
def test_same_words_without_two_resolved_speakers_are_no_conflict(speaker_b, text_b):
    assert conflicts(f"“{HARBOUR},” Anna Berg said.", text_b, "Anna Berg", speaker_b) == []


def test_linked_speakers_compare_by_entity_id():
    a = feats(f"“{HARBOUR},” Anna Berg said.", "e0123456789ab", "a", {"e0123456789ab": "Anna Berg"})
    b = feats(f"“{HARBOUR},” Piet Lund said.", "e0fedcba98765", "b", {"e0fedcba98765": "Piet Lund"})
    found = quote_conflicts((a, b))
    assert [v.value for v in found[0].values] == ["Anna Berg", "Piet Lund"]
    same = feats(f"“{HARBOUR},” Berg said.", "e0123456789ab", "b", {"e0123456789ab": "Berg"})
    assert quote_conflicts((a, same)) == []


def test_different_speakers_and_different_words_are_two_utterances():
    a = f"“{HARBOUR},” Anna Berg said."
    b = "“We will reopen the southern harbour to fishing boats before the winter storms arrive,” Piet Lund said."
    assert conflicts(a, b, "Anna Berg", "Piet Lund") == []


def test_passages_of_a_claim_that_begins_inside_a_quotation():
    # The sentence splitter left the opening mark in the previous sentence.
    lone = claim('Boats may need to wait offshore while the harbour is cleared, " said Piet Lund, the harbour master.')
    assert quoted_passages(lone) == ["Boats may need to wait offshore while the harbour is cleared"]
    middle = claim("Our boats may need to wait offshore while the harbour is cleared of the old wrecks.")
    assert quoted_passages(middle) == [middle.text]
    # Reported speech has no quoted words at all, with or without its reporting verb.
    reported = claim("Lund said boats may need to wait offshore while the harbour is cleared of wrecks.")
    assert quoted_passages(reported) == []
    assert quoted_passages(claim("The boats may need to wait offshore while the harbour is cleared.")) == []
    assert quoted_passages(claim("Lund warned of delays.", kind="statement")) == []


def test_quote_similarity_is_the_shared_share_of_the_shorter_passage():
    a = claim(f"“{HARBOUR},” Anna Berg said.")
    b = claim("“We will reopen the northern harbour to fishing boats,” she said.")
    assert quote_similarity(a, b) == 1.0
    assert quote_similarity(a, claim("“Taxes on diesel will rise in the spring for every trawler,” Lund said.")) == 0.0


def test_ledger_marks_the_fact_conflicting_on_changed_quote_words():
    def article(aid: str, words: str, attribution: str) -> Article:
        text = f"“{words},” {attribution}. The council meets again in March to discuss the port budget."
        return Article(id=aid, source=aid.upper(), text=text,
                       quotes=[Quote(1, 1 + len(words), words, "direct", speaker_text="Anna Berg")])

    changed = HARBOUR.replace("fishing", "cargo")
    story = Story(id="s", title="t", articles=["a", "b"], sources=[])
    build_ledger(story, {"a": article("a", HARBOUR, "Anna Berg said"), "b": article("b", changed, "Berg said")})
    quoted = [f for f in story.facts if "harbour" in f.text]
    assert quoted[0].status == "conflicting" and [c.kind for c in quoted[0].conflicts] == ["quote"]
    spelling = HARBOUR.replace("harbour", "harbor")
    build_ledger(story, {"a": article("a", HARBOUR, "Anna Berg said"), "b": article("b", spelling, "Berg said")})
    assert all(not f.conflicts for f in story.facts)


def test_open_and_closed_compounds_are_one_word():
    a = "“The new rules will hurt our work force and the health care of every family,” she said."
    b = "“The new rules will hurt our workforce and the healthcare of every family,” she said."
    assert conflicts(a, b) == []
    c = "“The new rules will hurt our police force and the health care of every family,” she said."
    assert [x.kind for x in conflicts(a, c)] == ["quote"]
