"""Counts of one thing told with different figures (compare/counts.py): read from the text, they
bring two outlets' sentences together where the differing figure leaves few shared words."""
from __future__ import annotations

from storyline.compare import align
from storyline.compare.align import Member, group
from storyline.compare.counts import close_counts, counted_figures
from storyline.compare.features import STOP, fold
from storyline.model import Claim
from tests.compare_helpers import outlet_claims


def counts(text: str):
    return counted_figures(text, fold, STOP)


def test_a_figure_is_read_with_the_noun_it_counts():
    assert counts("The auditors released a 412-page report on Friday.") == [(412.0, frozenset({"page", "report"}))]
    assert counts("Some 1.2 million voters stayed home.") == [(1.2e6, frozenset({"voter", "stay"}))]
    # A stop word or punctuation ends the noun phrase: "and headed" counts nothing.
    assert counts("The column once numbered about 1,300 and headed west.") == []
    assert counts("There were 90 trucks, most of them empty.") == [(90.0, frozenset({"truck"}))]


def test_money_years_days_and_ages_count_nothing():
    assert counts("She raised $300,000 donors said.") == []
    assert counts("The 2019 election was close.") == []
    assert counts("It opened on March 14 ships permitting.") == []
    assert counts("A 19-year-old student was hurt.") == []


def test_close_figures_of_one_noun_match_and_distant_ones_do_not():
    assert close_counts(counts("boxes holding 40,000 pages of notes"), counts("some 42,000 pages of notes arrived"))
    # Thirty countries meeting and a dozen willing to act are different things counted.
    assert not close_counts(counts("30 countries met"), counts("12 countries will act"))
    assert not close_counts(counts("40,000 pages were sent"), counts("40,000 people marched"))


def test_a_count_told_two_ways_joins_the_two_sentences(monkeypatch):
    feats = outlet_claims(
        "County inspectors counted 4,100 damaged homes after the flood swept through Marlow on Tuesday.",
        "After the flood, officials in the river town put the number at 4,400 damaged homes, many of them near the old mill.",
    )
    members = [Member("a0", "Outlet 0", "a0"), Member("a1", "Outlet 1", "a1")]
    assert group(align.similarity(feats), members) == [[0, 1]]
    # The rule is what joins them: without the count bonus the shared words are too few.
    monkeypatch.setattr(align, "COUNT_WEIGHT", 0.0)
    assert group(align.similarity(feats), members) == [[0], [1]]


def test_many_shared_content_words_earn_a_bonus(monkeypatch):
    from storyline.compare.features import ClaimFeatures

    def lexical(*rows):
        return align.lexical_similarity([ClaimFeatures(claim=Claim(article=f"a{i}", start=0, end=1, text="x"), words=row)
                                         for i, row in enumerate(rows)])[0, 1]

    common = ["harbour", "ferry", "pier", "monday", "captain", "quay", "schedule"]
    seven = (common + ["alpha", "beta", "gamma", "delta"], common + ["omega", "sigma", "kappa", "theta"])
    eight = (seven[0] + ["tide"], seven[1] + ["tide"])
    with_bonus = lexical(*seven), lexical(*eight)
    monkeypatch.setattr(align, "MANY_SHARED_BONUS", 0.0)
    assert with_bonus[0] == lexical(*seven)
    assert abs(with_bonus[1] - lexical(*eight) - 0.06) < 1e-9


def test_close_large_counts_of_one_noun_need_even_fewer_shared_words(monkeypatch):
    texts = ("About 300 volunteers, most of them students, spent the weekend filling sandbags along the Tarn.",
             "Roughly 340 volunteers from nearby towns gathered near the river levee at dawn on Saturday.",
             "The weather service expects more rain over the hills by Thursday evening.",
             "Schools in the valley will stay closed until the water recedes.")
    members = [Member(f"a{i}", f"Outlet {i}", f"a{i}") for i in range(len(texts))]
    assert [0, 1] in group(align.similarity(outlet_claims(*texts)), members)
    # The large-count rule is what joins them ...
    monkeypatch.setattr(align, "LARGE_COUNT_BONUS", 0.0)
    monkeypatch.setattr(align, "LARGE_COUNT_LEXICAL", 1.0)
    assert [0, 1] not in group(align.similarity(outlet_claims(*texts)), members)
    monkeypatch.undo()
    # ... and small counts do not earn it: 30 and 34 volunteers are too common to mean one group.
    small = (texts[0].replace("About 300", "About 30"), texts[1].replace("Roughly 340", "Roughly 34"), *texts[2:])
    assert [0, 1] not in group(align.similarity(outlet_claims(*small)), members)
