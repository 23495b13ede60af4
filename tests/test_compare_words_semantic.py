"""Alignment words (dotted acronyms, ordinals), the gate on sentence-embedding evidence, and the
gold bench counting a sentence's clauses as the sentence (hand-built texts and matrices)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.compare import align
from storyline.compare.features import align_fold, claim_features
from storyline.model import Article, Claim, Fact, Story
from tests.compare_helpers import load_gold_bench

ROOT = Path(__file__).resolve().parents[1]


def feats_of(*texts: str):
    out = []
    for i, text in enumerate(texts):
        article = Article(id=f"a{i}", source=f"Outlet {i}", text=text)
        out.append(claim_features(article, Claim(article=article.id, start=0, end=len(text), text=text)))
    return out


def test_dotted_acronyms_and_ordinals_fold_to_one_word():
    assert align_fold("F.B.I.") == align_fold("FBI") == "fbi"
    assert align_fold("13th") == "13" and align_fold("1st") == "1"
    dotted, plain = feats_of("The F.B.I. questioned the harbour master on the 13th of May.",
                             "The FBI questioned the harbour master on May 13.")
    assert "fbi" in dotted.words and "fbi" in plain.words
    assert "13" in dotted.words and "th" not in dotted.words
    # Single letters of a dotted acronym are no words of their own.
    assert not {"f", "b", "i"} & set(dotted.words)


def test_embedding_evidence_needs_some_shared_words():
    feats = feats_of(
        "The ferry operator cancelled every crossing to the island on Friday because of the storm.",
        "Every crossing to the island was called off by the ferry operator on Friday as the storm hit.",
        "Gales battered the coast and harbour authorities warned residents to stay indoors.",
    )
    lexical = align.lexical_similarity(feats)
    assert lexical[0, 1] >= align.SEMANTIC_MIN_LEXICAL and lexical[0, 2] < align.SEMANTIC_MIN_LEXICAL
    semantic = np.full((3, 3), 0.9)
    with_model = align.similarity(feats, semantic)
    without = align.similarity(feats)
    # Same statement in other words: the embedding lifts the pair.
    assert with_model[0, 1] >= max(without[0, 1], 0.9 - align.SEMANTIC_OFFSET - 1e-9)
    # Same topic only (no content word shared): the embedding alone joins nothing.
    assert with_model[0, 2] == without[0, 2] < align.THRESHOLD
    # A middling cosine is no evidence at all.
    assert np.allclose(align.similarity(feats, np.full((3, 3), align.SEMANTIC_SAME - 0.05)), without)


def _gold_bench():
    return load_gold_bench("ledger_gold_bench_words")


def test_gold_bench_counts_a_clause_claim_as_its_sentence():
    gold = _gold_bench()
    # One sentence (0-100) cut at a semicolon into two claims; the gold pointer is the sentence.
    first = Claim(article="d", start=0, end=48, text="x" * 48)
    second = Claim(article="d", start=50, end=100, text="y" * 50)
    outside = Claim(article="d", start=100, end=160, text="z" * 60)
    story = Story(id="s", title="t", articles=["d"], sources=[], facts=[
        Fact(id="f1", status="single-source", text="", sources=["d"], claims=[first]),
        Fact(id="f2", status="single-source", text="", sources=["d"], claims=[second]),
        Fact(id="f3", status="single-source", text="", sources=["d"], claims=[outside]),
    ])
    assert set(gold._facts_of(story, "d", 0, 100)) == {"f1", "f2"}
    # A longer claim holding the sentence still counts through the sentence's middle.
    story.facts.append(Fact(id="f4", status="single-source", text="", sources=["d"],
                            claims=[Claim(article="d", start=0, end=400, text="w" * 400)]))
    assert set(gold._facts_of(story, "d", 0, 100)) == {"f1", "f2", "f4"}
