"""Dated events of a story: each fact whose claims carry a resolved full date or month."""
from __future__ import annotations

from storyline.compare.features import ClaimFeatures
from storyline.model import Fact, TimelineEntry


def build_timeline(facts: list[Fact], feats_by_key: dict[str, ClaimFeatures]) -> list[TimelineEntry]:
    """One entry per (date, fact), ascending by date; claims are those giving that date."""
    from storyline.compare.claims import claim_key

    entries: list[TimelineEntry] = []
    for fact in facts:
        by_date: dict[str, list] = {}
        for claim in fact.claims:
            feats = feats_by_key.get(claim_key(claim))
            for date in feats.dates if feats else []:
                by_date.setdefault(date, []).append(claim)
        # A month is dropped when the same fact also gives a day inside it: the day is the event.
        for date in sorted(by_date):
            if len(date) == 7 and any(d.startswith(date) and len(d) == 10 for d in by_date):
                continue
            entries.append(TimelineEntry(date=date, text=fact.text, claims=by_date[date], fact=fact.id))
    entries.sort(key=lambda e: (e.date, e.fact or ""))
    return entries
