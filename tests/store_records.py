"""Records with every nested object filled in, for the store and export tests."""
from __future__ import annotations

from storyline.model import (
    Article, Claim, Conflict, ConflictValue, Fact, Mention, Quantity, Quote, Story, TimelineEntry, TimeRef,
)


def full_article(article_id: str = "a1", text: str = "The mayor said 40 people left on Monday.") -> Article:
    return Article(
        id=article_id, source="Daily Example", status="ok", text=text, title="Mayor counts departures",
        url="https://example.org/a", path="in/a.html", published="2024-03-04T10:00:00+00:00",
        published_origin="metadata", language="en", duplicate_of=None, error=None, author="A. Writer",
        copy_of="a0", format="html",
        mentions=[
            Mention(4, 9, "mayor", "PERSON", entity="e-mayor", resolved="Jane Mayor"),
            Mention(33, 39, "Monday", "DATE"),
        ],
        quotes=[Quote(0, 25, "The mayor said 40 people", "indirect", speaker="e-mayor", speaker_text="mayor",
                      cue="said", speaker_start=4, speaker_end=9)],
        times=[TimeRef(33, 39, "Monday", "DATE", "2024-03-04", anchor="2024-03-04")],
        quantities=[Quantity(15, 24, "40 people", 40.0, "people", approximate=True, modifier="about")],
    )


def full_story() -> Story:
    claim_a = Claim("a1", 0, 20, "40 people left", source="Daily Example", speaker="e-mayor", kind="quote")
    claim_b = Claim("a2", 5, 30, "45 people left", source="Other Paper")
    return Story(
        id="s1", title="Departures", articles=["a1", "a2"], sources=["Daily Example", "Other Paper"],
        start="2024-03-04", end="2024-03-05",
        facts=[
            Fact("f1", "conflicting", "people left", [claim_a, claim_b], ["Daily Example", "Other Paper"],
                 conflicts=[Conflict("number", [ConflictValue(40, claim_a), ConflictValue(45.5, claim_b)],
                                     note="counts differ")]),
            Fact("f2", "single-source", "mayor spoke", [claim_a], ["Daily Example"]),
        ],
        timeline=[TimelineEntry("2024-03-04", "people left", [claim_a], fact="f1")],
    )
