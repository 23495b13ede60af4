"""Exact duplicates and near copies among small fictional articles."""
from __future__ import annotations

import copy
import random

from storyline.ingest.dedup import copy_groups, is_near_copy, mark_copies, shingles
from storyline.model import Article, stable_id

# A fictional wire report about a bridge closure in an invented town.
WIRE = "\n\n".join(
    [
        "BRENMOOR, Norland (Tidewire) - The town council of Brenmoor voted on Tuesday to close the old "
        "harbour bridge for repairs expected to last at least six months.",
        "Engineers found deep cracks in two of the four supporting piers during a routine inspection in "
        "the spring, according to a report presented to councillors.",
        "Mayor Ilse Varga told reporters after the vote that the town had no choice but to act before "
        "the autumn storms, which last year flooded the lower quays twice.",
        "A temporary ferry will carry pedestrians and cyclists across the estuary every twenty minutes "
        "from next Monday, while cars will be diverted over the inland road through Halden.",
        "Shop owners on the eastern shore warned that the closure could halve the number of visitors "
        "during the busiest weeks of the tourist season.",
        "The repairs are expected to cost about four million crowns, shared between the town and the "
        "regional government, the council said in a statement.",
    ]
)

# The same report as another outlet ran it: new intro, a few words changed.
REWRITE = "\n\n".join(
    [
        "Brenmoor's best-known landmark will be off limits to traffic for half a year, local leaders "
        "decided this week after a heated debate.",
        "Engineers found deep cracks in two of the four supporting piers during a routine inspection in "
        "the spring, according to a report presented to council members.",
        "Mayor Ilse Varga told journalists after the vote that the town had no choice but to act before "
        "the autumn storms, which last year flooded the lower quays twice.",
        "A temporary ferry will carry pedestrians and cyclists across the estuary every twenty minutes "
        "from next Monday, while cars will be diverted over the inland road through Halden.",
        "Shop owners on the eastern shore warned that the closure could halve the number of tourists "
        "during the busiest weeks of the tourist season.",
        "The repairs are expected to cost about four million crowns, shared between the town and the "
        "regional government, the council said in a statement.",
    ]
)

# A different article on the same event: same names and facts, its own words.
SAME_EVENT = "\n\n".join(
    [
        "Ferry crossings will replace the harbour bridge in Brenmoor from Monday after councillors "
        "agreed to shut the ageing structure, Mayor Ilse Varga confirmed on Wednesday.",
        "The decision follows an inspection that revealed cracks in the piers of the bridge, which was "
        "built more than a century ago and carries most traffic to the eastern shore.",
        "Traders fear lost income. 'We depend on day visitors,' said a cafe owner near the quay, adding "
        "that the ferry would not carry cars and that many families would simply stay away.",
        "The council said the repairs would cost about four million crowns and that the regional "
        "government had promised to pay half of the bill.",
    ]
)


def make(ident: str, text: str, source: str, published: str | None = None, **extra: str) -> Article:
    return Article(id=ident, source=source, text=text, published=published, path=f"in/{ident}.txt", **extra)


def corpus() -> list[Article]:
    return [
        make("wire", WIRE, "Tidewire", "2024-09-03T08:00:00+00:00"),
        make("wire2", "  " + WIRE.replace("\n\n", "\n") + "\n", "Tidewire", "2024-09-03"),
        make("gazette", REWRITE, "Brenmoor Gazette", "2024-09-03T11:30:00+02:00"),
        make("courier", WIRE, "Eastern Shore Courier", "2024-09-04"),
        make("other", SAME_EVENT, "Norland Daily", "2024-09-04"),
    ]


def by_id(articles: list[Article]) -> dict[str, Article]:
    return {a.id: a for a in articles}


def test_exact_duplicate_of_same_source_is_marked_and_emptied() -> None:
    articles = corpus()
    mark_copies(articles)
    again = by_id(articles)["wire2"]
    assert again.status == "duplicate"
    assert again.duplicate_of == "wire"
    assert again.text == "" and again.error is None
    assert by_id(articles)["wire"].status == "ok"


def test_wire_copies_point_at_the_earliest_original() -> None:
    articles = corpus()
    mark_copies(articles)
    found = by_id(articles)
    assert found["wire"].copy_of is None
    # identical text at another outlet, and a rewrite with a new intro: near copies, still ok
    assert found["courier"].status == "ok" and found["courier"].copy_of == "wire"
    assert found["gazette"].status == "ok" and found["gazette"].copy_of == "wire"
    assert copy_groups(articles) == {"wire": ["courier", "gazette"]}


def test_different_articles_on_the_same_event_are_not_linked() -> None:
    articles = corpus()
    mark_copies(articles)
    assert by_id(articles)["other"].copy_of is None
    assert "other" not in copy_groups(articles)


def test_original_is_chosen_by_publication_date() -> None:
    # The rewrite came out first, so the wire story is the copy.
    articles = [
        make("wire", WIRE, "Tidewire", "2024-09-05"),
        make("gazette", REWRITE, "Brenmoor Gazette", "2024-09-02"),
    ]
    mark_copies(articles)
    assert by_id(articles)["wire"].copy_of == "gazette"
    assert by_id(articles)["gazette"].copy_of is None


def test_chains_collapse_to_the_root_original() -> None:
    paragraphs = WIRE.split("\n\n")
    # Each step rewrites one more paragraph, so the last is far from the first but linked by steps.
    other = SAME_EVENT.split("\n\n")
    step1 = "\n\n".join(paragraphs[:4] + other[:1])
    step2 = "\n\n".join(paragraphs[1:4] + other[:2])
    assert not is_near_copy(shingles(WIRE), shingles(step2))  # linked only through step1
    articles = [
        make("first", WIRE, "A", "2024-09-01"),
        make("second", step1, "B", "2024-09-02"),
        make("third", step2, "C", "2024-09-03"),
    ]
    mark_copies(articles)
    found = by_id(articles)
    assert found["second"].copy_of == "first"
    assert found["third"].copy_of == "first"


def test_same_url_is_a_duplicate_even_from_another_source_name() -> None:
    articles = [
        make("p1", WIRE, "Tidewire", url="https://News.example.org/bridge/"),
        make("p2", WIRE + "\n\nUpdated.", "tidewire.example", url="https://news.example.org/bridge#top"),
    ]
    mark_copies(articles)
    assert by_id(articles)["p2"].status == "duplicate"
    assert by_id(articles)["p2"].duplicate_of == "p1"


def test_same_id_duplicate_gets_an_id_derived_from_its_path() -> None:
    first = Article(id="story-1", source="Tidewire", text=WIRE, path="feeds/a.jsonl:1")
    second = Article(id="story-1", source="Tidewire", text=WIRE, path="feeds/b.jsonl:4")
    articles = [second, first]
    mark_copies(articles)
    assert first.status == "ok" and first.id == "story-1"
    assert second.status == "duplicate" and second.duplicate_of == "story-1"
    assert second.id == stable_id("a", "feeds/b.jsonl:4")


def test_short_texts_are_never_called_copies() -> None:
    articles = [make("s1", "Bridge closed today.", "A"), make("s2", "Bridge closed today.", "B")]
    mark_copies(articles)
    assert all(a.copy_of is None and a.status == "ok" for a in articles)


def test_articles_not_ok_are_ignored() -> None:
    failed = make("bad", WIRE, "Tidewire")
    failed.status, failed.error = "error", "could not decode"
    articles = [make("good", WIRE, "Tidewire"), failed]
    mark_copies(articles)
    assert failed.status == "error" and failed.duplicate_of is None and failed.copy_of is None


def test_result_does_not_depend_on_input_order() -> None:
    reference = corpus()
    mark_copies(reference)
    expected = sorted(a.to_dict().items().__repr__() for a in reference)
    for seed in range(5):
        shuffled = copy.deepcopy(corpus())
        random.Random(seed).shuffle(shuffled)
        mark_copies(shuffled)
        assert sorted(a.to_dict().items().__repr__() for a in shuffled) == expected


def test_near_copy_thresholds() -> None:
    base = set(range(100))
    assert is_near_copy(base, base)
    assert is_near_copy(base, set(range(85)))  # trimmed copy: containment 1.0
    assert is_near_copy(base, set(range(25, 125)))  # 75 shared: J 0.6
    assert not is_near_copy(base, set(range(60, 160)))  # 40 shared: J 0.25, C 0.4
    assert not is_near_copy(base, set())


def test_shingles_are_word_order_sensitive_and_case_blind() -> None:
    words = " ".join(f"word{i}" for i in range(30))
    assert shingles(words) == shingles(words.upper().replace(" ", "  "))
    swapped = words.replace("word10 word11", "word11 word10")
    assert len(shingles(words) - shingles(swapped)) == 6  # every 5-gram touching the swap
    assert shingles("too short to judge") == set()


def test_articles_sharing_a_long_quoted_statement_are_not_copies() -> None:
    statement = (
        "'We have inspected every pier, we have listened to the engineers, and we have concluded that "
        "the bridge cannot safely carry traffic through another winter without major repairs to its "
        "foundations,' the council said in its statement."
    )
    first = "\n\n".join([statement] + WIRE.split("\n\n")[2:5])
    second = "\n\n".join(SAME_EVENT.split("\n\n")[:3] + [statement])
    articles = [make("q1", first, "Tidewire", "2024-09-03"), make("q2", second, "Norland Daily", "2024-09-04")]
    mark_copies(articles)
    assert all(a.copy_of is None for a in articles)
