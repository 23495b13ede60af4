"""Fact ledger: values that differ between outlets (dates, counts) must not keep their claims
apart; wire copies' own lines; name conflicts only for the same role in the same event."""
from __future__ import annotations

from storyline.compare import build_ledger
from storyline.compare.conflicts import _predicate
from storyline.model import Article, Mention, Quantity, Quote, Story, TimeRef


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def ledger(*articles: Article, docs: dict | None = None) -> Story:
    story = Story(id="s1", title="t", articles=[a.id for a in articles], sources=[])
    build_ledger(story, {a.id: a for a in articles}, docs)
    return story


def conflicts(story: Story) -> list[tuple[str, set[str]]]:
    return [(c.kind, {str(v.value) for v in c.values}) for f in story.facts for c in f.conflicts]


def test_dates_of_one_event_are_compared_even_with_another_date_in_the_sentence(nlp):
    ta = "Documents seen by the Valley Courier show the dam was last inspected on May 3, 2024, and that its gates were rated poor."
    tb = "The county's safety review, published on Tuesday, shows the dam was last inspected on August 9, 2024."
    a = Article(id="a", source="Valley Courier", text=ta,
                times=[TimeRef(*at(ta, "May 3, 2024"), "May 3, 2024", "DATE", "2024-05-03")])
    b = Article(id="b", source="Hill Times", text=tb,
                times=[TimeRef(*at(tb, "Tuesday"), "Tuesday", "DATE", "2025-01-14"),
                       TimeRef(*at(tb, "August 9, 2024"), "August 9, 2024", "DATE", "2024-08-09")])
    story = ledger(a, b, docs={"a": nlp(ta), "b": nlp(tb)})
    assert conflicts(story) == [("date", {"2024-05-03", "2024-08-09"})]


def test_weekdays_resolved_to_dates_conflict_when_one_start_is_told_two_ways(nlp):
    ta = "Okoro said the council would open a temporary shuttle service on Monday while crews cleared the road."
    tb = "She added that the shuttle service would start on Wednesday."
    speaker = "e:okoro"
    a = Article(id="a", source="A", text=ta, mentions=[Mention(*at(ta, "Okoro"), "Okoro", "PERSON", entity=speaker)],
                quotes=[Quote(*at(ta, "the council would open a temporary shuttle service on Monday"), "x", "indirect",
                              speaker=speaker)],
                times=[TimeRef(*at(ta, "Monday"), "Monday", "DATE", "2026-05-04")])
    b = Article(id="b", source="B", text=tb, mentions=[Mention(0, 3, "She", "PERSON", entity=speaker)],
                quotes=[Quote(*at(tb, "the shuttle service would start on Wednesday"), "x", "indirect", speaker=speaker)],
                times=[TimeRef(*at(tb, "Wednesday"), "Wednesday", "DATE", "2026-05-06")])
    story = ledger(a, b, docs={"a": nlp(ta), "b": nlp(tb)})
    assert ("date", {"2026-05-04", "2026-05-06"}) in conflicts(story)
    # Told the same way, the same start is corroborated, not a conflict.
    tc = "The council would open a temporary shuttle service on Monday, Okoro said."
    c = Article(id="c", source="C", text=tc, mentions=[Mention(*at(tc, "Okoro"), "Okoro", "PERSON", entity=speaker)],
                times=[TimeRef(*at(tc, "Monday"), "Monday", "DATE", "2026-05-04")])
    story = ledger(a, c, docs={"a": nlp(ta), "c": nlp(tc)})
    assert conflicts(story) == [] and any(f.status == "corroborated" for f in story.facts)


def test_different_counts_of_one_thing_are_aligned_despite_the_differing_figure(nlp):
    ta = "The port said the new terminal would create around 800 jobs during construction."
    tb = "The port said the new terminal would create around 500 jobs during construction work."
    a = Article(id="a", source="A", text=ta, quantities=[Quantity(*at(ta, "around 800 jobs"), "around 800 jobs", 800, "jobs", True, "around")])
    b = Article(id="b", source="B", text=tb, quantities=[Quantity(*at(tb, "around 500 jobs"), "around 500 jobs", 500, "jobs", True, "around")])
    story = ledger(a, b, docs={"a": nlp(ta), "b": nlp(tb)})
    assert [k for k, _ in conflicts(story)] == ["number"]


def test_a_wire_copys_added_line_is_credited_to_the_copying_outlet():
    text = "Rebel forces captured the river town of Esk after three days of heavy fighting."
    original = Article(id="a", source="Wire", text=text)
    copy = Article(id="b", source="Daily Reprint", copy_of="a",
                   text=text + "\n\nThe Daily Reprint will update this story as more details emerge.")
    story = ledger(original, copy)
    shared = next(f for f in story.facts if any("Esk" in c.text for c in f.claims))
    added = next(f for f in story.facts if any("update this story" in c.text for c in f.claims))
    assert shared.sources == ["Wire"] and shared.status == "single-source"
    assert added.sources == ["Daily Reprint"]


def test_predicate_of_a_named_person():
    assert _predicate("The talks will be chaired by Foreign Minister Ana Ruiz on Friday.", "Ana Ruiz") == "host"
    assert _predicate("Foreign Minister Ana Ruiz will not attend the talks.", "Ana Ruiz") == "not attend"
    assert _predicate("Foreign Minister Ana Ruiz, who arrived late, spoke first.", "Ana Ruiz") is None


def test_different_people_doing_different_things_are_no_name_conflict():
    ta = "The Friday talks in Lisbon will be chaired by Foreign Minister Ana Ruiz of Portugal, officials said."
    tb = "Foreign Minister Tomas Gil of Portugal will not attend the Friday talks in Lisbon, officials said."
    tc = "The Friday talks in Lisbon will be chaired by Foreign Minister Tomas Gil of Portugal, officials said."
    a = Article(id="a", source="A", text=ta, mentions=[Mention(*at(ta, "Ana Ruiz"), "Ana Ruiz", "PERSON", entity="e:ruiz")])
    b = Article(id="b", source="B", text=tb, mentions=[Mention(*at(tb, "Tomas Gil"), "Tomas Gil", "PERSON", entity="e:gil")])
    c = Article(id="c", source="C", text=tc, mentions=[Mention(*at(tc, "Tomas Gil"), "Tomas Gil", "PERSON", entity="e:gil")])
    assert all(kind != "name" for kind, _ in conflicts(ledger(a, b)))
    assert [kind for kind, _ in conflicts(ledger(a, c))] == ["name"]


def test_a_compound_sentence_counting_the_same_thing_differently_is_a_conflict(nlp):
    # B's sentence is first drawn to its speaker's other statement; its second half counts the
    # jobs A counts, so it also belongs to A's fact, and the figures disagree.
    ta = "The city council said the stadium would create around 900 jobs during construction of the stands."
    tb = "Chief executive Mara Lind said the stands would be built in the valley, creating around 500 jobs during construction."
    tc = "The company's chief executive, Mara Lind, said the stands would be built in the valley next year."
    lind = "e:lind"
    a = Article(id="a", source="A", text=ta,
                quantities=[Quantity(*at(ta, "around 900 jobs"), "around 900 jobs", 900, "jobs", True, "around")])
    b = Article(id="b", source="B", text=tb, mentions=[Mention(*at(tb, "Mara Lind"), "Mara Lind", "PERSON", entity=lind)],
                quantities=[Quantity(*at(tb, "around 500 jobs"), "around 500 jobs", 500, "jobs", True, "around")])
    c = Article(id="c", source="C", text=tc, mentions=[Mention(*at(tc, "Mara Lind"), "Mara Lind", "PERSON", entity=lind)])
    story = ledger(a, b, c, docs={"a": nlp(ta), "b": nlp(tb), "c": nlp(tc)})
    assert ("number", {"around 900 jobs", "around 500 jobs"}) in conflicts(story)
