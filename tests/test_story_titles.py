"""Story titles for articles that come without one: the headline line a scraped page opens with."""
from __future__ import annotations

from storyline.cluster.stories import fallback_title
from storyline.model import Article


def _title(text: str) -> str:
    return fallback_title(Article(id="a1", source="S", text=text))


def test_a_headline_line_is_the_title_not_headline_and_lead_run_together():
    text = "Harbour cranes fall silent in Quellport\n\nDock workers walked out on Tuesday. The union said 1,200 joined."
    assert _title(text) == "Harbour cranes fall silent in Quellport"


def test_menu_crumbs_before_the_headline_are_skipped():
    text = "- Category\n- Latest news\nTessel Bridge reopens after repairs\nThe bridge reopened on Monday."
    assert _title(text) == "Tessel Bridge reopens after repairs"


def test_a_text_that_opens_with_a_sentence_gets_its_first_sentence():
    text = "The city of Varnholm closed the Tessel Bridge on Monday after engineers found cracks.\nMore later."
    assert _title(text) == "The city of Varnholm closed the Tessel Bridge on Monday after engineers found cracks."


def test_a_long_first_line_is_a_lead_not_a_headline():
    lead = " ".join(["word"] * 30)
    title = _title(lead + "\nSecond line.")
    assert title.endswith("…") and len(title) <= 120
