"""Fact ledger: claims, alignment, source crediting, conflicts and timeline (hand-built texts)."""
from __future__ import annotations

import numpy as np

from storyline.compare import build_ledger, compare_stage, split_claims
from storyline.compare.align import Member, group
from storyline.model import Article, Mention, Quantity, Quote, Story, TimeRef
from storyline.pipeline import Pipeline


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def person(text: str, phrase: str, entity: str) -> Mention:
    start, end = at(text, phrase)
    return Mention(start, end, phrase, "PERSON", entity=entity)


def qty(text: str, phrase: str, value: float, unit: str, approximate: bool = False, modifier: str | None = None) -> Quantity:
    start, end = at(text, phrase)
    return Quantity(start, end, phrase, value, unit, approximate, modifier)


def date(text: str, phrase: str, value: str) -> TimeRef:
    start, end = at(text, phrase)
    return TimeRef(start, end, phrase, "DATE", value)


def ledger(*articles: Article) -> Story:
    story = Story(id="s1", title="t", articles=[a.id for a in articles], sources=[])
    build_ledger(story, {a.id: a for a in articles})
    return story


def fact_with(story: Story, article_id: str, phrase: str):
    for fact in story.facts:
        for claim in fact.claims:
            if claim.article == article_id and phrase in claim.text:
                return fact
    raise AssertionError(f"no fact holds {phrase!r}")


def test_claims_skip_headings_and_furniture_and_keep_offsets():
    text = ("Ministers Meet In Town\nAdm. Sir Jan Blok visited the port of Dunmore last week with two aides. "
            "The visit lasted three hours and ended at noon.”Sign up for our newsletter today\n")
    article = Article(id="a", source="Gazette", text=text)
    claims = split_claims(article)
    assert [c.text for c in claims] == [
        "Adm. Sir Jan Blok visited the port of Dunmore last week with two aides.",
        "The visit lasted three hours and ended at noon.”",
    ]
    assert all(text[c.start : c.end] == c.text and c.source == "Gazette" for c in claims)


def test_quote_is_a_claim_of_its_speaker():
    text = "The mayor spoke to reporters on the harbour front. “We will rebuild the old pier by next summer,” Anna Berg said."
    start, end = at(text, "We will rebuild the old pier by next summer")
    article = Article(id="a", source="Gazette", text=text,
                      quotes=[Quote(start, end, text[start:end], "direct", speaker="e:berg", speaker_text="Anna Berg")])
    quote_claims = [c for c in split_claims(article) if c.kind == "quote"]
    assert len(quote_claims) == 1 and quote_claims[0].speaker == "e:berg"
    assert "Anna Berg said" in quote_claims[0].text


def test_paraphrase_from_two_outlets_is_corroborated():
    ta = ("British Defence Secretary Tom Avery and French Defence Minister Luc Marel are hosting the meeting. "
          "The harvest festival in the northern valley drew record crowds this year.")
    tb = ("Led by French Defense Minister Luc Marel and U.K. Defense Minister Tom Avery, the meeting will take place "
          "at the alliance headquarters. Shipping rates across the southern ocean fell sharply again.")
    a = Article(id="a", source="Outlet A", text=ta,
                mentions=[person(ta, "Tom Avery", "e:avery"), person(ta, "Luc Marel", "e:marel")])
    b = Article(id="b", source="Outlet B", text=tb,
                mentions=[person(tb, "Tom Avery", "e:avery"), person(tb, "Luc Marel", "e:marel")])
    story = ledger(a, b)
    fact = fact_with(story, "a", "hosting the meeting")
    assert fact.status == "corroborated" and fact.sources == ["Outlet A", "Outlet B"]
    assert {c.article for c in fact.claims} == {"a", "b"}
    # Titles and spellings of one office are no role conflict.
    assert fact.conflicts == []
    assert fact_with(story, "a", "harvest festival").status == "single-source"


def test_complete_link_does_not_chain_and_keeps_one_claim_per_source():
    # 0~1 and 1~2 are similar, 0 and 2 are not: single-link would join all three.
    scores = np.array([[1, .9, .1], [.9, 1, .8], [.1, .8, 1]])
    members = [Member("a", "A", "a"), Member("b", "B", "b"), Member("c", "C", "c")]
    assert group(scores, members, threshold=0.5) == [[0, 1], [2]]
    same_source = [Member("a", "A", "a"), Member("b", "A", "b"), Member("c", "C", "c")]
    # A second claim of outlet A joins only if it clears the threshold with every claim (0.4 < 0.5)...
    scores = np.array([[1, .9, .7], [.9, 1, .4], [.7, .4, 1]])
    assert group(scores, same_source, threshold=0.5) == [[0, 2], [1]]
    # ...and then it may (the full threshold times REPEAT_FACTOR): the outlet said it twice.
    scores = np.array([[1, .9, .7], [.9, 1, .7], [.7, .7, 1]])
    assert group(scores, same_source, threshold=0.5) == [[0, 1, 2]]
    # Near-copies (same root) of one report may sit together.
    copies = [Member("a", "A", "a"), Member("b", "A", "a"), Member("c", "C", "c")]
    assert group(scores, copies, threshold=0.5) == [[0, 1, 2]]


def test_compound_sentence_can_support_a_second_fact():
    from storyline.compare.align import second_supports

    # Claim 2 (outlet B) is in the fact with claim 0 but also clearly states claim 1's fact.
    scores = np.array([[1, .1, .8], [.1, 1, .5], [.8, .5, 1]])
    members = [Member("a", "A", "a"), Member("a2", "A2", "a2"), Member("b", "B", "b")]
    assert second_supports([[0, 2], [1]], scores, members) == {1: 2}
    scores[1, 2] = scores[2, 1] = 0.2
    assert second_supports([[0, 2], [1]], scores, members) == {}


def test_copy_counts_once_and_credited_outlet_is_named():
    text = "Rebel forces captured the river town of Esk after three days of heavy fighting."
    original = Article(id="a", source="Wire", text=text)
    copy = Article(id="b", source="Daily Reprint", text=text, copy_of="a")
    fact = fact_with(ledger(original, copy), "a", "Esk")
    assert fact.status == "single-source" and fact.sources == ["Wire"] and len(fact.claims) == 2

    credited = Article(id="c", source="Outlet C",
                       text="Rebel forces captured the river town of Esk after heavy fighting, according to Politico.")
    fact = fact_with(ledger(original, credited), "c", "Esk")
    assert fact.status == "corroborated" and fact.sources == ["Politico", "Wire"]


def _pair(ta: str, tb: str, qa=(), qb=(), ma=(), mb=(), ta_times=(), tb_times=()) -> Story:
    a = Article(id="a", source="A", text=ta, quantities=list(qa), mentions=list(ma), times=list(ta_times))
    b = Article(id="b", source="B", text=tb, quantities=list(qb), mentions=list(mb), times=list(tb_times))
    return ledger(a, b)


def test_number_conflict_and_tolerated_approximations():
    ta = "The government delivered 40 tanks to the eastern brigade on Monday."
    tb = "The government delivered 50 tanks to the eastern brigade on Monday."
    fact = _pair(ta, tb, [qty(ta, "40 tanks", 40, "tanks")], [qty(tb, "50 tanks", 50, "tanks")]).facts[0]
    assert fact.status == "conflicting" and fact.conflicts[0].kind == "number"
    assert sorted(v.value for v in fact.conflicts[0].values) == ["40 tanks", "50 tanks"]

    ta = "The government delivered around 30 tanks to the eastern brigade on Monday."
    tb = "The government delivered 30 tanks to the eastern brigade on Monday."
    story = _pair(ta, tb, [qty(ta, "around 30 tanks", 30, "tanks", True, "around")], [qty(tb, "30 tanks", 30, "tanks")])
    assert story.facts[0].status == "corroborated"

    ta = "The government delivered some 40 tanks to the eastern brigade on Monday."
    tb = "The government delivered about 45 tanks to the eastern brigade on Monday."
    story = _pair(ta, tb, [qty(ta, "some 40 tanks", 40, "tanks", True, "some")],
                  [qty(tb, "about 45 tanks", 45, "tanks", True, "about")])
    assert story.facts[0].status == "corroborated"


def test_different_things_counted_are_not_a_conflict():
    ta = "Ministers from around 30 countries met at the alliance headquarters to discuss a peace mission."
    tb = ("Ministers discussed a peace mission at the alliance headquarters, and about a dozen countries "
          "could be willing to send troops.")
    story = _pair(ta, tb, [qty(ta, "around 30 countries", 30, "countries", True, "around")],
                  [qty(tb, "about a dozen countries", 12, "countries", True, "about")])
    assert all(not f.conflicts for f in story.facts)


def test_date_conflict_but_not_between_forecast_and_report():
    ta = "The envoys signed the border treaty in Vienna on 3 May."
    tb = "The envoys signed the border treaty in Vienna on 5 May."
    story = _pair(ta, tb, ta_times=[date(ta, "3 May", "2025-05-03")], tb_times=[date(tb, "5 May", "2025-05-05")])
    assert story.facts[0].conflicts[0].kind == "date"

    ta = "The envoys will sign the border treaty in Vienna on 3 May."
    story = _pair(ta, tb, ta_times=[date(ta, "3 May", "2025-05-03")], tb_times=[date(tb, "5 May", "2025-05-05")])
    assert all(not f.conflicts for f in story.facts)


def test_role_conflict_for_incompatible_offices():
    ta = "Defense Minister Tom Avery opened the naval exhibition in the capital on Friday."
    tb = "Foreign Minister Tom Avery opened the naval exhibition in the capital on Friday."
    story = _pair(ta, tb, ma=[person(ta, "Tom Avery", "e:avery")], mb=[person(tb, "Tom Avery", "e:avery")])
    assert [c.kind for c in story.facts[0].conflicts] == ["role"]


def test_negation_conflict():
    ta = "Finance Minister Tom Avery attended the summit of lenders in Geneva."
    tb = "Finance Minister Tom Avery did not attend the summit of lenders in Geneva."
    story = _pair(ta, tb, ma=[person(ta, "Tom Avery", "e:avery")], mb=[person(tb, "Tom Avery", "e:avery")])
    assert [c.kind for c in story.facts[0].conflicts] == ["negation"]


def test_quote_given_to_different_speakers():
    words = "Our harbour will be open to every ship again before the winter storms"
    ta, tb = f"“{words},” Anna Berg said.", f"“{words},” Piet Lund said."
    qa, qb = at(ta, words), at(tb, words)
    a = Article(id="a", source="A", text=ta, quotes=[Quote(*qa, words, "direct", speaker="Anna Berg")])
    b = Article(id="b", source="B", text=tb, quotes=[Quote(*qb, words, "direct", speaker="Piet Lund")])
    fact = ledger(a, b).facts[0]
    assert fact.status == "conflicting" and fact.conflicts[0].kind == "quote"


def test_timeline_sorted_and_output_deterministic():
    ta = ("The port reopened to container ships on 12 March after repairs. "
          "Dock workers first walked out over pay on 2 February at the northern terminal.")
    tb = "Container ships returned to the port on 12 March once repairs ended."
    a = Article(id="a", source="A", text=ta, times=[date(ta, "12 March", "2025-03-12"), date(ta, "2 February", "2025-02-02")])
    b = Article(id="b", source="B", text=tb, times=[date(tb, "12 March", "2025-03-12")])
    story = ledger(a, b)
    assert [e.date for e in story.timeline] == ["2025-02-02", "2025-03-12"]
    assert len(story.timeline[1].claims) == 2 and story.timeline[1].fact is not None
    again = Story(id="s1", title="t", articles=["b", "a"], sources=[])
    build_ledger(again, {"b": b, "a": a})
    assert [f.to_dict() for f in again.facts] == [f.to_dict() for f in story.facts]
    assert [e.to_dict() for e in again.timeline] == [e.to_dict() for e in story.timeline]


def test_compare_stage_declares_its_needs():
    assert compare_stage.needs == {"stories", "mentions", "quotes", "times", "quantities", "entities"}
    assert compare_stage.sets == {"facts", "timeline"}
    Pipeline([compare_stage], provided={"stories", "mentions", "quotes", "times", "quantities", "entities"})


def test_quote_with_changed_words_but_not_spelling_variants():
    ta = "“We will counter for the servers that Wendy Shultz refused to hand over,” the president wrote."
    tb = "“We will counter for the servers that Debbie Shultz refused to hand over,” the president wrote."
    story = _pair(ta, tb)
    assert [c.kind for c in story.facts[0].conflicts] == ["quote"]
    tc = "“We will counter for the servers that Wendy Schultz refused to hand over,” the president wrote."
    assert all(not f.conflicts for f in _pair(ta, tc).facts)


def test_far_apart_figures_and_one_word_titles_are_not_conflicts():
    ta = "The couple reported $139 million in income for the years from 2007 to 2014, the returns show."
    tb = "The couple paid $43 million in federal taxes for the years from 2007 to 2014, the returns show."
    story = _pair(ta, tb, [qty(ta, "$139 million", 139e6, "USD")], [qty(tb, "$43 million", 43e6, "USD")])
    assert all(not f.conflicts for f in story.facts)
    ta = "Minority Leader Carl Dunn called the order a plain power grab by the president."
    tb = "Sen. Carl Dunn called the order a plain power grab by the president."
    story = _pair(ta, tb, ma=[person(ta, "Carl Dunn", "e:dunn")], mb=[person(tb, "Carl Dunn", "e:dunn")])
    assert all(not f.conflicts for f in story.facts)


def test_outlet_named_in_text_maps_to_the_story_source_name():
    from storyline.compare.sources import SourceCredit
    from storyline.model import Claim

    credit = SourceCredit(["Radio Meridian News", "Harbor Ledger", "The Kyiv Independent"])

    def credited(source: str, text: str) -> str | None:
        return credit.credited(Claim(article="x", start=0, end=len(text), text=text, source=source))

    seen = "The wind farm will have 40 turbines, according to documents seen by Radio Meridian."
    assert credited("Harbor Ledger", seen) == "Radio Meridian News"
    assert credited("Harbor Ledger", '"We are nearly there," he told Radio Meridian.') == "Radio Meridian News"
    assert credited("Harbor Ledger", "The ferry will stop in May, according to Meridian.") == "Radio Meridian News"
    # Its own outlet under a shorter name: just the outlet's own claim.
    assert credited("Radio Meridian News", '"We are nearly there," he told Radio Meridian.') is None
    assert credited("Harbor Ledger", "The ferry will stop in May, Politico reports.") == "Politico"
    # A different outlet sharing one word is not the story's outlet; a fire service is no outlet.
    assert credited("Harbor Ledger", "The ferry will stop in May, according to the Independent.") != "The Kyiv Independent"
    assert credited("Harbor Ledger", "Nine were hurt, according to the Westbrook Fire Service.") is None


def test_credited_claim_under_short_name_joins_the_outlet_in_the_ledger():
    own = Article(id="a", source="Radio Meridian News",
                  text="The harbour authority will close the north pier for repairs from next Monday.")
    other = Article(id="b", source="Harbor Ledger",
                    text="The harbour authority will close the north pier for repairs, according to Radio Meridian.")
    fact = fact_with(ledger(own, other), "b", "north pier")
    # One outlet reported it; the other only repeats it: no corroboration, one source name.
    assert fact.sources == ["Radio Meridian News"] and fact.status == "single-source"


def test_news_verb_synonyms_fold_together():
    from storyline.compare.features import claim_features

    def words(text: str) -> list[str]:
        article = Article(id="a", source="A", text=text)
        return claim_features(article, split_claims(article)[0]).words

    assert "host" in words("The ministers of Esk and Varn chaired the summit in Lanport.")
    assert "host" in words("Led by the ministers of Esk and Varn, the summit took place in Lanport.")
    assert "meet" in words("Delegates from forty countries gathered in Lanport on Friday.")
    assert "absent" in words("Varn will not be represented at the summit in Lanport.")
    assert "absent" in words("The alliance notably excludes Varn from the summit in Lanport.")
    assert "absent" in words("Varn stayed out of the summit talks in Lanport this week.")
    assert "attend" in words("Varn took part in the summit talks in Lanport this week.")
    assert "support" in words("Esk pledged more military aid to Varn at the summit in Lanport.")
    # "take place" says only that the event happens: neither word is content.
    taking_place = words("The summit will take place in Lanport next week.")
    assert "place" not in taking_place and "take" not in taking_place and "lanport" in taking_place
    # Words of an aside between dashes belong to another statement.
    aside = words("Varn—which is seeking to broker a grain deal with Esk—will not be represented in Lanport.")
    assert "broker" not in aside and "grain" not in aside and "absent" in aside and "lanport" in aside


def test_an_outlet_stating_a_fact_twice_keeps_both_claims_without_chaining():
    # a0 and a1 are one outlet saying the same thing twice; both match b0 strongly.
    scores = np.array([[1, .8, .7, .1], [.8, 1, .7, .1], [.7, .7, 1, .5], [.1, .1, .5, 1]])
    members = [Member("a", "A", "a"), Member("a", "A", "a"), Member("b", "B", "b"), Member("c", "C", "c")]
    assert group(scores, members, threshold=0.5) == [[0, 1, 2], [3]]
    # A repeat that matches the other outlet only loosely stays out.
    scores[1, 2] = scores[2, 1] = 0.3
    assert group(scores, members, threshold=0.5) == [[0, 2], [1], [3]]
    # Two claims of one article alone never make a fact of their own.
    alone = [Member("a", "A", "a"), Member("a", "A", "a"), Member("c", "C", "c"), Member("d", "D", "d")]
    scores = np.array([[1, .9, .1, .1], [.9, 1, .1, .1], [.1, .1, 1, .1], [.1, .1, .1, 1]])
    assert group(scores, alone, threshold=0.5) == [[0], [1], [2], [3]]


def test_several_figures_of_one_unit_are_paired_by_what_they_count():
    ta = ("The northern district reported 40 percent turnout in the vote, while the harbour "
          "district turnout was 25 percent.")
    tb = ("Turnout in the harbour district was 31 percent, and the northern district reported "
          "40 percent turnout.")
    qa = [qty(ta, "40 percent", 40, "percent"), qty(ta, "25 percent", 25, "percent")]
    qb = [qty(tb, "31 percent", 31, "percent"), qty(tb, "40 percent", 40, "percent")]
    fact = _pair(ta, tb, qa, qb).facts[0]
    assert fact.status == "conflicting"
    assert sorted(v.value for v in fact.conflicts[0].values) == ["25 percent", "31 percent"]

    # Same figures for the same districts: nothing to report.
    tb2 = tb.replace("31 percent", "25 percent")
    qb2 = [qty(tb2, "25 percent", 25, "percent"), qty(tb2, "40 percent", 40, "percent")]
    assert all(not f.conflicts for f in _pair(ta, tb2, qa, qb2).facts)

    # Figures that cannot be told apart (no words of their own) are never paired.
    tc = "Turnout was 40 percent and 25 percent in the two districts of the port city this year."
    td = "Turnout was 40 percent and 31 percent in the two districts of the port city this year."
    story = _pair(tc, td, [qty(tc, "40 percent", 40, "percent"), qty(tc, "25 percent", 25, "percent")],
                  [qty(td, "40 percent", 40, "percent"), qty(td, "31 percent", 31, "percent")])
    assert all(not f.conflicts for f in story.facts)

    # A lone figure is paired only when most of what describes it matches: a combined rate is
    # not the federal rate of a claim that also gives a charity share.
    te = "The harbour firm paid an effective federal tax rate of 20 percent and gave over 9 percent to charity."
    tf = "The harbour firm's federal rate was 20.2, and with city and county taxes its combined rate was 31 percent."
    from storyline.compare.conflicts import number_conflicts
    from storyline.compare.features import claim_features

    def feats(article_id: str, text: str, quantities: list[Quantity]):
        article = Article(id=article_id, source=article_id.upper(), text=text, quantities=quantities)
        return claim_features(article, split_claims(article)[0])

    e = feats("e", te, [qty(te, "20 percent", 20, "percent"), qty(te, "over 9 percent", 9, "percent", modifier="over")])
    f = feats("f", tf, [qty(tf, "20.2", 20.2, ""), qty(tf, "31 percent", 31, "percent")])
    assert number_conflicts((e, f)) == []
    # ...while the rate described the same way on both sides is compared.
    tg = "The harbour firm paid an effective federal tax rate of 24 percent, its filing showed this week."
    g = feats("g", tg, [qty(tg, "24 percent", 24, "percent")])
    assert [c.kind for c in number_conflicts((e, g))] == ["number"]


def test_a_claim_never_runs_across_a_paragraph_break():
    from storyline.compare.claims import split_claims

    text = ("The harbour board will meet on April 11 under the port director.\n\n"
            "Earlier, reports said the mayor would not attend the vote.")
    # An extracted quote that wrongly spans both paragraphs must not glue them into one claim.
    article = Article(id="p1", source="Gazette", text=text,
                      quotes=[Quote(30, len(text) - 1, text[30:len(text) - 1], "indirect")])
    claims = split_claims(article)
    assert len(claims) == 2 and all("\n\n" not in claim.text for claim in claims)


def test_a_year_old_month_mentioned_in_passing_is_no_date_conflict():
    ta = "The two governments signed the minerals fund agreement in Lisbon on Wednesday."
    tb = "The minerals fund agreement the two governments signed in Lisbon follows aid given since the war began in February 2022."
    story = _pair(ta, tb, ta_times=[date(ta, "Wednesday", "2025-04-30")],
                  tb_times=[date(tb, "February 2022", "2022-02")])
    assert all(not f.conflicts for f in story.facts)


def test_same_office_of_different_countries_is_no_name_conflict():
    ta = "The aid meeting in Brussels will be chaired by German Defense Minister Karl Brandt on Friday."
    tb = "The aid meeting in Brussels will be chaired by US Defense Secretary Pieter Vos on Friday."
    story = _pair(ta, tb, ma=[person(ta, "Karl Brandt", "e:brandt")], mb=[person(tb, "Pieter Vos", "e:vos")])
    assert all(c.kind != "name" for f in story.facts for c in f.conflicts)
    tc = "The aid meeting in Brussels will be chaired by German Defense Minister Otto Kern on Friday."
    story = _pair(ta, tc, ma=[person(ta, "Karl Brandt", "e:brandt")], mb=[person(tc, "Otto Kern", "e:kern")])
    assert [c.kind for f in story.facts for c in f.conflicts] == ["name"]
