"""Discovery of inputs: folders, gzip, stdin, the --meta sidecar, ordering and unusable paths."""
from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from storyline.ingest import UsageError, ingest_stage, read_inputs
from storyline.pipeline import Corpus, Options

TOPICS = ["lighthouse", "orchard", "tramway", "observatory", "granary", "ferry", "glasshouse", "aqueduct"]


def prose(topic: str) -> str:
    """A few long, fictional sentences unique to `topic`, so no line recurs across fixtures."""
    return (
        f"The {topic} committee of Velmora met on Tuesday to review the {topic} repair budget for next year.\n"
        f"Members said the {topic} had drawn twice as many visitors as the year before, according to the minutes.\n"
        f"A final vote on the {topic} plan is expected after the summer recess, the committee chair said."
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def by_path(articles):
    return {article.path: article for article in articles}


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b" / "deep" / "two.txt", prose("orchard"))
    write(tmp_path / "a.txt", prose("lighthouse"))
    write(tmp_path / "c.md", "# Tramway news\n\n" + prose("tramway"))
    write(tmp_path / ".hidden" / "skip.txt", prose("granary"))
    articles = read_inputs([str(tmp_path)], Options())
    paths = [a.path for a in articles]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "deep" / "two.txt"), str(tmp_path / "c.md")]
    assert all(a.status == "ok" for a in articles)


def test_result_does_not_depend_on_input_order(tmp_path):
    for topic in TOPICS[:4]:
        write(tmp_path / f"{topic}.txt", prose(topic))
    names = [str(tmp_path / f"{topic}.txt") for topic in TOPICS[:4]]
    first = [a.to_dict() for a in read_inputs(names, Options())]
    second = [a.to_dict() for a in read_inputs(list(reversed(names)), Options())]
    assert first == second
    assert len({a["id"] for a in first}) == 4


def test_missing_input_is_a_usage_error(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match="no such file or directory: .*nope"):
        read_inputs([str(missing)], Options())


def test_gzip_of_any_format_is_read(tmp_path):
    records = "\n".join(json.dumps({"id": f"rec-{t}", "text": prose(t), "source": "Wire"}) for t in TOPICS[:2])
    write(tmp_path / "batch.jsonl.gz", gzip.compress(records.encode()))
    write(tmp_path / "plain.txt.gz", gzip.compress(prose("ferry").encode()))
    html = f"<html><head><title>Granary</title></head><body><article><p>{prose('granary')}</p></article></body></html>"
    write(tmp_path / "page.html.gz", gzip.compress(html.encode()))
    articles = by_path(read_inputs([str(tmp_path)], Options()))
    assert articles[f"{tmp_path}/batch.jsonl.gz:1"].id == "rec-lighthouse"
    assert articles[f"{tmp_path}/batch.jsonl.gz:2"].id == "rec-orchard"
    assert "ferry committee" in articles[f"{tmp_path}/plain.txt.gz"].text
    assert articles[f"{tmp_path}/page.html.gz"].format == "html"
    assert "granary repair budget" in articles[f"{tmp_path}/page.html.gz"].text


def test_dash_reads_jsonl_from_stdin():
    lines = [json.dumps({"text": prose(t), "source": "Desk", "url": f"https://example.test/{t}"}) for t in TOPICS[:3]]
    stdin = io.BytesIO(("\n".join(lines) + "\n").encode())
    articles = read_inputs(["-"], Options(), stdin=stdin)
    assert [a.path for a in articles] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert {a.source for a in articles} == {"Desk"}


def test_meta_sidecar_gives_metadata_and_is_not_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "articles" / "001.txt", prose("observatory"))
    write(corpus / "articles" / "002.txt", prose("aqueduct"))
    meta = write(
        corpus / "meta.jsonl",
        json.dumps({"file": "001.txt", "source": "Velmora Herald", "title": "Observatory vote", "url": "https://herald.test/obs", "published": "2024-03-05"})
        + "\n"
        + json.dumps({"file": "articles/002.txt", "source": "Velmora Post", "published": "not a date"})
        + "\n",
    )
    articles = by_path(read_inputs([str(corpus)], Options(meta=meta)))
    assert set(articles) == {f"{corpus}/articles/001.txt", f"{corpus}/articles/002.txt"}
    first = articles[f"{corpus}/articles/001.txt"]
    assert (first.source, first.title, first.url) == ("Velmora Herald", "Observatory vote", "https://herald.test/obs")
    assert (first.published, first.published_origin) == ("2024-03-05", "metadata")
    second = articles[f"{corpus}/articles/002.txt"]
    assert second.source == "Velmora Post"
    assert second.published is None and second.published_origin is None


def test_unusable_meta_file_is_a_usage_error(tmp_path):
    write(tmp_path / "a.txt", prose("ferry"))
    with pytest.raises(UsageError, match="--meta"):
        read_inputs([str(tmp_path)], Options(meta=tmp_path / "absent.jsonl"))
    bad = write(tmp_path / "meta.jsonl", "{not json\n")
    with pytest.raises(UsageError, match="line 1"):
        read_inputs([str(tmp_path / "a.txt")], Options(meta=bad))


def test_symlink_loops_are_reported_without_hanging(tmp_path):
    root = tmp_path / "root"
    write(root / "inner" / "story.txt", prose("tramway"))
    os.symlink(root, root / "inner" / "back")      # leads to an ancestor
    os.symlink(root / "self", root / "self")        # points at itself
    articles = by_path(read_inputs([str(root)], Options()))
    loop = articles[f"{root}/inner/back"]
    assert loop.status == "error" and "symbolic link loop" in loop.error
    assert articles[f"{root}/self"].status == "error"
    assert "symbolic link" in articles[f"{root}/self"].error
    assert articles[f"{root}/inner/story.txt"].status == "ok"
    assert len(articles) == 3


def _read_without_root(path: Path) -> tuple[str, str | None]:
    """Read `path` in a forked child that has dropped to an unprivileged user, so the
    operating system really refuses a file root could read."""
    import multiprocessing

    read_inputs([str(path.with_name("warm-up.txt"))], Options())  # imports done before the fork
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child() -> None:
        os.setgid(65534)
        os.setuid(65534)
        [article] = read_inputs([str(path)], Options())
        results.put((article.status, article.error))

    process = context.Process(target=child)
    process.start()
    try:
        return results.get(timeout=60)
    finally:
        process.join(timeout=10)


def test_unreadable_file_is_an_error(tmp_path):
    tmp_path.chmod(0o755)
    write(tmp_path / "warm-up.txt", prose("harbour"))
    target = write(tmp_path / "locked.txt", prose("granary"))
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            status, error = _read_without_root(target)
        else:
            [article] = read_inputs([str(target)], Options())
            status, error = article.status, article.error
        assert status == "error"
        assert "permission denied" in error and str(target) in error
    finally:
        target.chmod(0o644)


def test_ingest_stage_fills_corpus(tmp_path):
    write(tmp_path / "a.txt", prose("lighthouse"))
    corpus = Corpus(inputs=[str(tmp_path)])
    ingest_stage(corpus)
    assert [a.path for a in corpus.articles] == [f"{tmp_path}/a.txt"]
    assert ingest_stage.sets == {"articles", "copies"} and ingest_stage.needs == {"inputs"}


def test_every_input_appears_exactly_once(tmp_path):
    write(tmp_path / "a.txt", prose("lighthouse"))
    write(tmp_path / "b.jsonl", "\n".join(json.dumps({"text": prose(t)}) for t in TOPICS[1:4]) + "\n")
    write(tmp_path / "c.bin", bytes(range(256)) * 4)
    write(tmp_path / "d.txt", "")
    articles = read_inputs([str(tmp_path), str(tmp_path / "a.txt")], Options())
    paths = sorted(a.path for a in articles)
    assert len(paths) == len(set(paths)) == 6
