import pytest

from storyline.api import analysis_pipeline
from storyline.pipeline import Corpus, Pipeline, PipelineOrderError, stage


@stage("make", needs={"inputs"}, sets={"articles"})
def make(corpus: Corpus) -> None:
    corpus.inputs.append("made")


@stage("use", needs={"articles"}, sets={"stories"})
def use(corpus: Corpus) -> None:
    corpus.inputs.append("used")


def test_stages_run_in_order():
    corpus = Pipeline([make, use])(Corpus())
    assert corpus.inputs == ["made", "used"]
    assert {"inputs", "articles", "stories"} <= corpus.done


def test_wrong_order_fails_before_any_stage_runs():
    corpus = Corpus()
    with pytest.raises(PipelineOrderError, match="'use' needs \\['articles'\\].*make which runs later"):
        Pipeline([use, make])(corpus)
    assert corpus.inputs == []


def test_missing_setter_is_named():
    with pytest.raises(PipelineOrderError, match="no stage sets 'articles'"):
        Pipeline([use])


def test_unknown_key_is_rejected():
    with pytest.raises(ValueError, match="unknown keys"):
        stage("bad", needs={"nonsense"}, sets=())


def test_the_analysis_pipeline_is_in_a_valid_order():
    names = analysis_pipeline().names
    assert names == ["ingest", "extract", "cluster", "compare"]
    with pytest.raises(PipelineOrderError):
        Pipeline(list(reversed(analysis_pipeline().stages)))
