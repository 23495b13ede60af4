"""Event-level story clustering on small fictional articles (no shared data, no network)."""
from __future__ import annotations

import random

import pytest

from storyline.cluster import (
    ClusterConfig,
    StoryIndex,
    cluster_articles,
    cluster_stage,
    cluster_with_events,
)
from storyline.cluster.features import event_day, name_words, term_counts, words
from storyline.cluster.index import candidate_pairs, tfidf_matrix
from storyline.model import Article, Mention, Story, TimeRef, stable_id
from storyline.pipeline import Corpus


def dated(text: str, phrase: str, value: str) -> TimeRef:
    start = text.index(phrase)
    return TimeRef(start, start + len(phrase), phrase, "DATE", value)


def article(aid: str, source: str, published: str, title: str, text: str,
            when: tuple[str, str] | None = None, **extra) -> Article:
    body = f"{title}\n\n{text}"
    times = [dated(body, *when)] if when else []
    return Article(id=aid, source=source, published=published, title=title, text=body, times=times, **extra)


# Two events with the same hosts, venue and vocabulary, one day apart.
MINISTERS = (
    "Foreign ministers of the Nordhaven Alliance gathered at the alliance headquarters in Varnholm on "
    "Thursday, 10 April, hosted by Secretary General Ilse Maren. The ministers discussed air defence, "
    "the border patrol mission and the alliance budget for the coming decade."
)
AID = (
    "Ministers of the Nordhaven Alliance met again at the alliance headquarters in Varnholm on Friday, "
    "11 April, hosted by Secretary General Ilse Maren, this time to pledge humanitarian aid for the "
    "flooded river valleys, with field hospitals, water pumps and relief convoys."
)


BACKGROUND = (
    " The Nordhaven Alliance, founded by nine coastal states, holds its ministerial meetings at the "
    "Varnholm headquarters, where Secretary General Ilse Maren has hosted ministers since her election."
)


def meeting_articles() -> list[Article]:
    return [
        article("m1", "Varnholm Post", "2031-04-10", "Alliance ministers meet in Varnholm on air defence",
                MINISTERS + " Maren said the ministers agreed on air defence." + BACKGROUND, ("10 April", "2031-04-10")),
        article("m2", "Coastal Herald", "2031-04-10", "Nordhaven ministers agree air defence plan",
                MINISTERS + " Delegates described the air defence talks as frank." + BACKGROUND, ("10 April", "2031-04-10")),
        article("a1", "Varnholm Post", "2031-04-11", "Alliance ministers pledge flood aid in Varnholm",
                AID + " Maren said the aid would arrive within days." + BACKGROUND, ("11 April", "2031-04-11")),
        article("a2", "Coastal Herald", "2031-04-11", "Nordhaven pledges aid for flooded valleys",
                AID + " Relief groups welcomed the aid pledge." + BACKGROUND, ("11 April", "2031-04-11")),
    ]


def preview_and_report() -> list[Article]:
    preview = article(
        "p1", "Morning Ledger", "2031-06-02", "Tallin Bridge to open on Saturday after six years",
        "The suspension bridge over the Grey Estuary at Tallin will open to traffic on Saturday, "
        "engineers from Kessel Works said, six years after construction began. Mayor Oda Brenn will cut the ribbon.",
        ("Saturday", "2031-06-07"))
    report = article(
        "r1", "Evening Star", "2031-06-07", "Tallin Bridge opens to traffic",
        "Mayor Oda Brenn cut the ribbon on the Tallin suspension bridge over the Grey Estuary on Saturday, "
        "7 June, and the first cars crossed minutes later. Kessel Works spent six years on construction.",
        ("7 June", "2031-06-07"))
    report2 = article(
        "r2", "Harbour Times", "2031-06-08", "First cars cross new Tallin bridge",
        "Crowds watched as Mayor Oda Brenn opened the Tallin suspension bridge over the Grey Estuary "
        "on Saturday. Kessel Works engineers said construction took six years.",
        ("Saturday", "2031-06-07"))
    return [preview, report, report2]


def unrelated() -> list[Article]:
    return [article("u1", "Farm Weekly", "2031-06-03", "Beekeepers report record honey harvest",
                    "Beekeepers in the Ostmark valleys reported a record honey harvest this summer, "
                    "crediting a warm spring and fewer mites in the hives.")]


def partition(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_words_fold_case_plurals_and_stopwords():
    assert words("The Ministers' meetings and THE minister") == ["minister", "meeting", "minister"]


def test_name_words_skip_sentence_initial_capitals():
    assert name_words("Rain fell. Then Mayor Oda Brenn spoke in Tallin.") == ["mayor", "oda", "brenn", "tallin"]


def test_event_day_takes_first_resolved_date_near_publication():
    art = meeting_articles()[0]
    assert event_day(art).isoformat() == "2031-04-10"
    far = article("x", "s", "2031-04-10", "t", "The 2014 summit on 3 May was long.", ("3 May", "2014-05-03"))
    assert event_day(far) is None


def test_event_day_skips_a_dateline_on_a_line_of_its_own():
    text = "Harbour standoff\n\nVarnholm, Norland Thu Apr 17 2031\nDock workers walked out on 3 April over pay."
    times = [dated(text, "Apr 17 2031", "2031-04-17"), dated(text, "3 April", "2031-04-03")]
    art = Article(id="d", source="s", published="2031-04-17", text=text, times=times)
    assert event_day(art).isoformat() == "2031-04-03"
    # The same date inside the lead's sentence is the event's day.
    lead = "On Apr 17 2031 dock workers in Varnholm walked out over pay, the union said on 3 April."
    assert event_day(article("e", "s", "2031-04-17", "t", lead, ("Apr 17 2031", "2031-04-17"))).isoformat() == "2031-04-17"


def test_same_venue_and_hosts_one_day_apart_split():
    stories = cluster_articles(meeting_articles())
    assert partition(stories) == {frozenset({"m1", "m2"}), frozenset({"a1", "a2"})}


def test_without_dates_the_two_meetings_would_merge():
    # Shows the date evidence is what separates them (the test above is not passing by luck).
    stories = cluster_with_events(meeting_articles(), config=ClusterConfig(use_dates=False)).stories
    assert len(stories) == 1


STRIKE = ("Dock workers of the Quellport Harbour Union walked out on {day}, halting the container cranes at "
          "the north quay. Union secretary Teo Amsel said the strike over night-shift pay would last until "
          "the harbour board reopened talks, and the board said ferries would keep running.")


def recurring_strike(second_published: str, second_day: str) -> list[Article]:
    """Two outlets on a strike, and two more on a strike worded the same way on another day."""
    first = [article(f"s{k}", source, "2031-03-04", "Quellport dock workers strike over pay",
                     STRIKE.format(day="Tuesday, 4 March"), ("4 March", "2031-03-04"))
             for k, source in enumerate(["Harbour Times", "North Ledger"])]
    later = [article(f"t{k}", source, second_published, "Quellport dock workers strike over pay",
                     STRIKE.format(day=f"Tuesday, {second_day[0]}"), second_day)
             for k, source in enumerate(["Harbour Times", "North Ledger"])]
    return first + later


def test_the_same_kind_of_event_months_later_is_another_story():
    # Worded alike, no described day in common, published months apart: two strikes.
    stories = cluster_articles(recurring_strike("2031-11-11", ("11 November", "2031-11-11")))
    assert partition(stories) == {frozenset({"s0", "s1"}), frozenset({"t0", "t1"})}


def test_a_report_whose_event_day_is_misread_still_joins_when_published_alongside():
    # Same day of publication, but the second pair's event day is a background date read from
    # the text: the milder penalty keeps one story.
    stories = cluster_articles(recurring_strike("2031-03-04", ("11 November", "2030-11-11")))
    assert len(stories) == 1


def test_preview_joins_the_report_of_its_event():
    stories = cluster_articles(preview_and_report() + unrelated())
    assert partition(stories) == {frozenset({"p1", "r1", "r2"}), frozenset({"u1"})}
    bridge = next(s for s in stories if "p1" in s.articles)
    assert (bridge.start, bridge.end) == ("2031-06-07", "2031-06-07")
    assert bridge.sources == ["Evening Star", "Harbour Times", "Morning Ledger"]


def test_wire_copy_joins_its_original_even_when_text_differs():
    original = preview_and_report()[1]
    copy = Article(id="w1", source="Wire Digest", published="2031-06-07", title="Honey and bees",
                   text="Beekeepers report record honey harvest in the Ostmark valleys.", copy_of="r1")
    stories = cluster_articles([original, copy] + unrelated())
    assert frozenset({"r1", "w1"}) in partition(stories)


def test_every_ok_article_in_exactly_one_story_and_others_left_out():
    arts = meeting_articles() + preview_and_report() + unrelated()
    arts.append(Article(id="bad", source="x", status="error", text="Alliance ministers meet in Varnholm"))
    stories = cluster_articles(arts)
    placed = [aid for s in stories for aid in s.articles]
    assert sorted(placed) == sorted(a.id for a in arts if a.ok)
    for story in stories:
        assert story.articles == sorted(story.articles)
        assert story.facts == [] and story.timeline == []


def test_shuffled_input_gives_identical_output():
    arts = meeting_articles() + preview_and_report() + unrelated()
    expected = [s.to_dict() for s in cluster_articles(arts)]
    for seed in range(5):
        shuffled = arts[:]
        random.Random(seed).shuffle(shuffled)
        assert [s.to_dict() for s in cluster_articles(shuffled)] == expected


def test_story_id_comes_from_the_founding_article():
    stories = cluster_articles(preview_and_report())
    assert [s.id for s in stories] == [stable_id("s", "p1")]


def test_ids_stay_when_articles_are_added():
    first = cluster_articles(meeting_articles() + preview_and_report())
    later = article("r3", "Late Gazette", "2031-06-09", "Tallin bridge traffic heavy after opening",
                    "Traffic was heavy on the new Tallin suspension bridge over the Grey Estuary, opened by "
                    "Mayor Oda Brenn on Saturday after six years of construction by Kessel Works.",
                    ("Saturday", "2031-06-07"))
    result = cluster_with_events(meeting_articles() + preview_and_report() + [later], previous=first)
    assert {s.id for s in result.stories} == {s.id for s in first}
    bridge = next(s for s in result.stories if "p1" in s.articles)
    assert "r3" in bridge.articles
    assert result.events == []


def test_merge_of_earlier_stories_is_recorded():
    arts = preview_and_report()
    # An earlier run (or a user) had the report and the preview apart.
    previous = [Story(id="s-old-a", title="x", articles=["p1"], sources=[]),
                Story(id="s-old-b", title="y", articles=["r1", "r2"], sources=[])]
    result = cluster_with_events(arts, previous=previous)
    assert len(result.stories) == 1
    assert result.stories[0].id == "s-old-b"  # the larger share keeps its id
    assert [(e.kind, e.story, e.others) for e in result.events] == [("merge", "s-old-b", ("s-old-a",))]


def test_split_of_an_earlier_story_is_recorded():
    arts = meeting_articles()
    previous = [Story(id="s-both", title="x", articles=["m1", "m2", "a1", "a2"], sources=[])]
    result = cluster_with_events(arts, previous=previous)
    ids = sorted(s.id for s in result.stories)
    assert "s-both" in ids and len(ids) == 2
    assert [e.kind for e in result.events] == ["split"]
    assert result.events[0].others == ("s-both",)


def test_title_is_the_most_central_article_title_else_first_sentence():
    stories = cluster_articles(preview_and_report())
    assert stories[0].title in {a.title for a in preview_and_report()}
    untitled = Article(id="n1", source="s", text="Beekeepers report a record harvest. It was a warm spring.")
    assert cluster_articles([untitled])[0].title == "Beekeepers report a record harvest."


def test_shared_entities_count_as_evidence_and_empty_mentions_work():
    def with_entity(aid: str, text: str, entity: str) -> Article:
        start = text.index("Brenn")
        return Article(id=aid, source="s", text=text, mentions=[Mention(start, start + 5, "Brenn", "PERSON", entity)])

    left = with_entity("e1", "Brenn opened the depot in the north.", "E-brenn")
    right = with_entity("e2", "Brenn visited a school in the south.", "E-brenn")
    linked = term_counts(left)
    assert linked["e:E-brenn"] > 0
    assert "e:E-brenn" not in term_counts(left, ClusterConfig(use_entities=False))
    plain = [Article(id=a.id, source="s", text=a.text) for a in (left, right)]
    assert cluster_articles(plain)  # no mentions at all: still clusters


def test_candidate_search_is_bounded_per_article():
    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(300)]
    counts = [{rng.choice(vocabulary): 1.0 for _ in range(20)} for _ in range(400)]
    config = ClusterConfig(neighbours=5)
    i, j, cos = candidate_pairs(tfidf_matrix(counts), config)
    assert len(i) <= 400 * 5
    assert (i < j).all() and ((cos >= 0) & (cos <= 1 + 1e-9)).all()


def test_streaming_matches_batch_on_time_ordered_input():
    arts = meeting_articles() + preview_and_report() + unrelated()
    index = StoryIndex()
    for art in sorted(arts, key=lambda a: (a.published or "", a.id)):
        index.add(art)
    streamed, batch = index.stories(), cluster_articles(arts)
    assert partition(streamed) == partition(batch)
    assert [s.id for s in streamed] == [s.id for s in batch]


def test_streaming_places_copies_and_rebuilds_from_previous_stories():
    arts = preview_and_report()
    index = StoryIndex.from_stories(cluster_articles(arts), arts)
    story = index.story_of("p1")
    copy = Article(id="w2", source="Wire", text="Short unrelated words about honey.", copy_of="r1")
    assert index.add(copy) == story
    assert index.add(unrelated()[0]) != story
    assert len(index) == 2


def test_cluster_stage_sets_stories_from_ok_articles():
    corpus = Corpus(articles=meeting_articles())
    assert cluster_stage.needs == {"articles", "entities", "times"} and cluster_stage.sets == {"stories"}
    cluster_stage(corpus)
    assert len(corpus.stories) == 2


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs(n):
    arts = unrelated()[:n]
    assert len(cluster_articles(arts)) == n
