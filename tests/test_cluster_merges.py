"""Contrasting story cores, streaming bridges and `Story.merged_from` (small fictional articles)."""
from __future__ import annotations

from collections import Counter

from storyline.cluster import ClusterConfig, StoryIndex, cluster_with_events
from storyline.cluster.features import contrast_factor
from storyline.cluster.stories import StoryEvent, merged_from
from storyline.model import Article, Story, stable_id

CONFIG = ClusterConfig(contrast_min_size=3)


def test_contrast_needs_an_own_core_on_both_sides():
    a = Counter({"korv": 3, "title": 3, "bout": 2})
    b = Counter({"tamsin": 3, "title": 3, "bout": 3})
    assert contrast_factor(3, a, 3, b, CONFIG) == CONFIG.contrast_factor
    # `b` shares every core term of `a`: one event, however much `b` has of its own.
    assert contrast_factor(3, Counter({"title": 3}), 3, b, CONFIG) == 1.0
    # Too small to have a core worth the name.
    assert contrast_factor(2, a, 3, b, CONFIG) == 1.0
    # A term in only one of three members is no core.
    assert contrast_factor(3, Counter({"korv": 1, "title": 3}), 3, b, CONFIG) == 1.0


FIGHT = ("Champion Wendel Aster defended his heavyweight title belts in the arena on Saturday night, "
         "stopping the challenger {who} in the {round} round after a long left hook and a right hand. "
         "Aster kept his heavyweight titles and his unbeaten run, promoters said. {extra}")
# One closing sentence per article, none shared, so no pair across the fights is a near-copy.
EXTRAS = {"h": ["The crowd cheered loudly.", "Fans filled the seats early.", "Ticket sales were strong.",
                "The referee waved it off.", "Aster thanked his trainer."],
          "o": ["Rain kept nobody away.", "Broadcasters reported record audiences.", "Vendors sold out of scarves.",
                "The judges were never needed.", "His brother watched from ringside."]}


def fights() -> list[Article]:
    out = []
    for k in range(5):
        for who, rnd, tag in (("Corvin Haldane", "seventh", "h"), ("Piet Olmaro", "sixth", "o")):
            text = FIGHT.format(who=who, round=rnd, extra=EXTRAS[tag][k])
            title = f"Aster stops {who.split()[1]} to keep titles"
            out.append(Article(id=f"{tag}{k}", source=f"outlet{k}", text=f"{title}\n\n{text}", title=title))
    return out


def groups(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_two_fights_of_one_champion_stay_two_stories():
    # The fictional fights are far more alike than real reports; a threshold to match keeps
    # each fight together and lets the shared vocabulary alone join the two.
    articles = fights()
    expected = {frozenset(f"h{k}" for k in range(5)), frozenset(f"o{k}" for k in range(5))}
    config = ClusterConfig(contrast_min_size=3, threshold=0.4)
    assert groups(cluster_with_events(articles, config=config).stories) == expected
    # Without the contrast the shared vocabulary wins: the test above can fail.
    merged = cluster_with_events(articles, config=ClusterConfig(threshold=0.4, contrast_factor=1.0)).stories
    assert groups(merged) != expected


def bridge_articles() -> list[Article]:
    left = ("Lantern Bay ferry service halted after the harbour crane collapse damaged the quay wall, "
            "port director Mira Sollen said.")
    right = ("Mira Sollen said repairs to the Lantern Bay quay wall will take months as divers inspect "
             "the pier foundations.")
    bridge = ("Port director Mira Sollen said the harbour crane collapse halted ferry service and the quay wall "
              "repairs will take months while divers inspect the pier foundations at Lantern Bay.")
    return [Article(id="x1", source="a", text=left, published="2031-05-01"),
            Article(id="x2", source="b", text=right, published="2031-05-02"),
            Article(id="x3", source="c", text=bridge, published="2031-05-03")]


def test_streaming_records_a_bridge_merge():
    config = ClusterConfig(stream_threshold=0.45, stream_merge_threshold=0.45)
    index = StoryIndex(config)
    first, second = (index.add(a) for a in bridge_articles()[:2])
    assert first != second  # too unlike to join at a strict placement threshold
    index.add(bridge_articles()[2])
    stories = index.stories()
    assert len(stories) == 1 and stories[0].articles == ["x1", "x2", "x3"]
    assert [e.kind for e in index.events] == ["merge"]
    assert stories[0].merged_from == [({first, second} - {stories[0].id}).pop()]
    # Rebuilt from its stories (as `storyline watch` does), the index keeps the record.
    again = StoryIndex.from_stories(stories, bridge_articles(), config)
    assert again.stories()[0].merged_from == stories[0].merged_from


def test_merged_from_follows_chains_and_round_trips():
    events = [StoryEvent("merge", "s1", ("s2",)), StoryEvent("merge", "s2", ("s3",)),
              StoryEvent("split", "s9", ("s1",))]
    assert merged_from(events) == {"s1": ["s2", "s3"], "s2": ["s3"]}
    story = Story(id="s1", title="t", articles=["a"], sources=[], merged_from=["s2", "s3"])
    assert Story.from_dict(story.to_dict()).merged_from == ["s2", "s3"]
    assert Story.from_dict({"id": "s4", "title": "t", "articles": [], "sources": []}).merged_from == []


def test_batch_rerun_fills_merged_from():
    articles = fights()
    halves = [Story(id="s-h", title="", articles=[f"h{k}" for k in range(5)], sources=[]),
              Story(id="s-o", title="", articles=[f"o{k}" for k in range(5)], sources=[])]
    merged = cluster_with_events(articles, halves, config=ClusterConfig(threshold=0.4, contrast_factor=1.0))
    (story,) = [s for s in merged.stories if len(s.articles) == 10]
    assert story.id in {"s-h", "s-o"} and story.merged_from == sorted({"s-h", "s-o"} - {story.id})


def test_markdown_report_names_the_absorbed_stories():
    from storyline.pipeline import Corpus
    from storyline.report.markdown import render_markdown

    articles = bridge_articles()
    stories = [Story(id="s1", title="Quay wall", articles=["x1", "x2"], sources=["a", "b"], merged_from=["s2"]),
               Story(id="s3", title="Other", articles=["x3"], sources=["c"])]
    text = render_markdown(Corpus(articles=articles, stories=stories))
    assert "Merged from `s2`" in text
    assert text.count("Merged from") == 1


def test_streaming_regroups_an_early_mistake_as_a_recorded_split(monkeypatch):
    import storyline.cluster.stream as stream

    # Interleaved, the first reports of the second fight join the first fight's story before
    # their own siblings exist; re-grouping the grown story as batch would undoes that.
    config = ClusterConfig(contrast_min_size=3, threshold=0.4, stream_threshold=0.4, stream_merge_threshold=0.4)
    expected = groups(cluster_with_events(fights(), config=config).stories)
    assert len(expected) == 2
    index = StoryIndex(config)
    for article in fights():
        index.add(article)
    stories = index.stories()
    assert groups(stories) == expected
    first = index.story_of("h0")
    assert [(e.kind, e.others) for e in index.events] == [("split", (first,))]
    assert index.events[0].story == index.story_of("o0") != first
    assert first == stable_id("s", "h0")  # the founder's story keeps its id
    # Without re-grouping the stream keeps the mistake: the test above can fail.
    monkeypatch.setattr(stream, "CONSOLIDATE_MAX", 0)
    index = StoryIndex(config)
    for article in fights():
        index.add(article)
    assert len(index) == 1


def test_regrouped_stories_keep_the_ids_of_the_stories_they_continue():
    from storyline.cluster.consolidate import heirs

    owner = ["a", "a", "a", "b", "b", "c"]
    evidence = [True] * 6
    age = {"a": 1, "b": 2, "c": 3}
    # a's members mostly in group 0, b's and c's in group 2: group 2 keeps b (it holds more
    # of b than of c) and absorbs c; group 1, a's third member alone, continues nothing: new.
    ids, absorbed = heirs([[0, 1], [2], [3, 4, 5]], owner, evidence, age)
    assert ids == ["a", None, "b"]
    assert absorbed == [[], [], ["c"]]
    # A copy carries no evidence: it does not decide where its story's id goes.
    ids, _ = heirs([[0], [1, 3]], ["a", "a", "b", "a"], [True, False, True, False], {"a": 1, "b": 2})
    assert ids == ["a", None]


def crane_reports() -> list[Article]:
    core = "Lantern Bay harbour crane collapse damaged the quay wall"
    extras = ["divers inspected pier foundations", "ferry timetable suspended until spring",
              "insurers sent assessors on Tuesday", "port director Mira Sollen apologised",
              "dock workers were evacuated safely"]
    reports = [Article(id=f"a{k}", source=f"s{k}", published="2031-05-01",
                       text=f"{core}. {extras[k]} {extras[(k + 1) % 5]}.") for k in range(5)]
    return reports + [Article(id="choir", source="s8", published="2031-05-01",
                              text="A village choir rehearsed new carols for the winter concert in the old chapel.")]


def test_small_leftovers_attach_to_the_story_they_link_to_best():
    # At a strict threshold one report pair is left beside its story; attaching joins it.
    strict = ClusterConfig(threshold=0.4, attach_threshold=1.0)
    apart = groups(cluster_with_events(crane_reports(), config=strict).stories)
    assert frozenset({"a2", "a3"}) in apart
    attached = groups(cluster_with_events(crane_reports(), config=ClusterConfig(threshold=0.4,
                                                                                attach_threshold=0.3)).stories)
    assert attached == {frozenset(f"a{k}" for k in range(5)), frozenset({"choir"})}
    # Leftovers larger than `attach_max_size` stay apart.
    single_only = ClusterConfig(threshold=0.4, attach_threshold=0.3, attach_max_size=1)
    assert groups(cluster_with_events(crane_reports(), config=single_only).stories) == apart


def test_regrouping_keeps_a_copy_with_its_original():
    config = ClusterConfig(contrast_min_size=3, threshold=0.4, stream_threshold=0.4, stream_merge_threshold=0.4)
    articles = fights()
    copy = Article(id="wire", source="wire", text="Unrelated words about lanterns and honey.", copy_of="o0")
    index = StoryIndex(config)
    for article in articles[:2] + [copy] + articles[2:]:
        index.add(article)
    assert index.story_of("wire") == index.story_of("o0") != index.story_of("h0")
    assert any(e.kind == "split" for e in index.events)  # o0 (and its copy) left h0's story
    assert sum(len(s.articles) for s in index.stories()) == len(articles) + 1
