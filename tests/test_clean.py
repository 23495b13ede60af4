"""Boilerplate removal on small fictional articles."""
from __future__ import annotations

import random

import pytest

from storyline.ingest.clean import is_pattern_furniture, remove_boilerplate
from storyline.model import Article

PARAGRAPHS = [
    "The council of Brenmoor voted on Tuesday to close the old harbour bridge for repairs lasting six months.",
    "Engineers found cracks in two of the four supporting piers during an inspection in the spring, officials said.",
    "Local shop owners warned that the closure would cut the number of visitors arriving from the eastern shore.",
    "Mayor Ilse Varga told reporters the town had no choice but to act before the autumn storms arrived.",
    "A temporary ferry will carry pedestrians across the estuary every twenty minutes from next Monday.",
    "The regional transport office said it would publish a detailed timetable for the ferry later this week.",
    "Fishermen who moor their boats under the bridge have been asked to move them to the northern quay.",
    "Repairs are expected to cost about four million crowns, shared between the town and the regional government.",
]


def article(ident: str, body: list[str], source: str = "Brenmoor Gazette") -> Article:
    return Article(id=ident, source=source, text="\n\n".join(body), path=f"{ident}.txt")


def test_recurring_short_lines_of_one_source_are_removed_but_unique_subheads_stay() -> None:
    first = article("a1", ["Gazette Plus Members Area", PARAGRAPHS[0], "Cracks In The Piers", PARAGRAPHS[1]])
    second = article("a2", ["Gazette Plus Members Area", PARAGRAPHS[2], PARAGRAPHS[3]])
    third = article("a3", [PARAGRAPHS[4], "Gazette Plus Members Area", PARAGRAPHS[5]])

    remove_boilerplate([first, second, third])

    for item in (first, second, third):
        assert "Gazette Plus Members Area" not in item.text
    assert "Cracks In The Piers" in first.text
    assert first.text == "\n\n".join([PARAGRAPHS[0], "Cracks In The Piers", PARAGRAPHS[1]])


def test_short_line_shared_by_two_outlets_is_not_furniture_of_either() -> None:
    first = article("b1", ["Harbour Bridge Closure", PARAGRAPHS[0]], source="Brenmoor Gazette")
    second = article("b2", ["Harbour Bridge Closure", PARAGRAPHS[1]], source="Eastern Shore Courier")

    remove_boilerplate([first, second])

    assert first.text.startswith("Harbour Bridge Closure")
    assert second.text.startswith("Harbour Bridge Closure")


def test_subhead_copied_with_its_article_is_kept() -> None:
    # The same report ingested twice: its subhead recurs, but always between the same paragraphs.
    body = [PARAGRAPHS[0], "What Happens Next", PARAGRAPHS[1]]
    first, second = article("c1", body), article("c2", body)

    remove_boilerplate([first, second])

    assert "What Happens Next" in first.text and "What Happens Next" in second.text


@pytest.mark.parametrize("edited", [0, 2], ids=["paragraph-before-edited", "paragraph-after-edited"])
def test_subhead_of_a_lightly_edited_copy_is_kept(edited: int) -> None:
    # An updated version of one report: one neighbour of the subhead changed, the other did not.
    body = [PARAGRAPHS[0], "What Happens Next", PARAGRAPHS[1]]
    updated = list(body)
    updated[edited] = updated[edited].replace("on Tuesday", "late on Tuesday").replace("spring", "early spring")
    first, second = article("k1", body), article("k2", updated)

    remove_boilerplate([first, second])

    assert "What Happens Next" in first.text and "What Happens Next" in second.text


def test_short_sentences_repeated_by_one_outlet_are_kept() -> None:
    sentence = "The ferry operator did not respond to a request for comment."
    first = article("d1", [PARAGRAPHS[0], sentence])
    second = article("d2", [PARAGRAPHS[2], sentence])

    remove_boilerplate([first, second])

    assert sentence in first.text and sentence in second.text


def test_line_must_recur_in_a_share_of_a_large_source() -> None:
    # 60 articles need ceil(0.05 * 60) = 3 occurrences; two are not enough.
    group = [article(f"e{i}", [PARAGRAPHS[i % 8], PARAGRAPHS[(i + 1) % 8]]) for i in range(60)]
    for item in group[:2]:
        item.text = "Regional Desk Notes\n\n" + item.text
    remove_boilerplate(group)
    assert all(item.text.startswith("Regional Desk Notes") for item in group[:2])

    group = [article(f"f{i}", [PARAGRAPHS[i % 8], PARAGRAPHS[(i + 1) % 8]]) for i in range(60)]
    for item in group[:3]:
        item.text = f"Regional Desk Notes\n\n{item.text}"
    remove_boilerplate(group)
    assert not any("Regional Desk Notes" in item.text for item in group)


@pytest.mark.parametrize(
    "line",
    [
        "This audio is created with AI assistance",
        "Listen to this article",
        "Related news",
        "Related Articles:",
        "Read next",
        "READ MORE: Ferry timetable published",
        "See also",
        "- Latest news",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "Share on Facebook",
        "Share this article",
        "Facebook | Twitter | WhatsApp | Email",
        "Follow us on Telegram",
        "Advertisement",
        "ADVERTISEMENT - Scroll to continue",
        "Click here to read the full story",
        "We use cookies to improve your experience on our website.",
        "Accept all cookies",
        "© 2024 Brenmoor Gazette. All rights reserved.",
        "Photo: Jonas Lind / Gazette",
        "The harbour bridge at dusk. Photo: Gazette archive",
        "Loading...",
        "4 min read",
        "0:00 / 2:31",
        "https://example.org/embed.js",
        "#Brenmoor #Bridge",
        "Show more",
        "12 comments",
    ],
)
def test_documented_patterns_match_furniture(line: str) -> None:
    assert is_pattern_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Credible Security Assurances",
        "BRENMOOR, Norland (Tidewire) - The council voted on Tuesday to close the bridge.",
        "Share prices of the ferry company rose sharply",
        "Subscribers to the ferry pass will pay less",
        "Related talks will continue in the spring",
        "Sign language interpreters attended the meeting",
        "Copyright law was not discussed",
        "The photo agency said the image was authentic.",
        "What Happens Next",
        "21:30",
        PARAGRAPHS[3],
    ],
)
def test_documented_patterns_spare_article_lines(line: str) -> None:
    assert not is_pattern_furniture(line)


def test_removal_renormalises_blank_lines() -> None:
    item = article("g1", [])
    item.text = (
        "Advertisement\n\n\n" + PARAGRAPHS[0] + "\n\nShare on X\n\n\n\n" + PARAGRAPHS[1] + "\n\nRelated news\n"
    )
    remove_boilerplate([item])
    assert item.text == PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1]
    assert item.status == "ok"


def test_article_of_only_furniture_becomes_empty() -> None:
    item = article("h1", ["Subscribe", "Share on Facebook", "Advertisement"])
    remove_boilerplate([item])
    assert item.status == "empty"
    assert item.text == ""
    assert item.error is not None and "h1.txt" in item.error and "boilerplate" in item.error


def test_articles_not_ok_are_left_alone() -> None:
    item = Article(id="i1", source="Brenmoor Gazette", status="error", text="Advertisement", error="bad file")
    remove_boilerplate([item])
    assert item.text == "Advertisement" and item.status == "error" and item.error == "bad file"


def test_result_does_not_depend_on_input_order() -> None:
    def build() -> list[Article]:
        return [
            article(f"j{i}", ["Gazette Weekend Edition", PARAGRAPHS[i], "Tide Tables", PARAGRAPHS[i + 1]])
            for i in range(6)
        ]

    straight = build()
    remove_boilerplate(straight)
    shuffled = build()
    random.Random(7).shuffle(shuffled)
    remove_boilerplate(shuffled)
    assert {a.id: a.text for a in straight} == {a.id: a.text for a in shuffled}
    assert all("Gazette Weekend Edition" not in a.text and "Tide Tables" not in a.text for a in straight)
