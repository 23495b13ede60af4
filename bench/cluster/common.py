"""Shared helpers for the clustering benchmarks: shared datasets, reports, the reference scorer."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from storyline.model import Article, Story

SHARED = Path("/work/shared")
SCORERS = SHARED / "scorers"
# (label, dataset name, ECB+ topic range)
SETS = [
    ("ecb-dev(1-20)", "ecbplus", "1-20"),
    ("ecb-test(21-45)", "ecbplus", "21-45"),
    ("ecb-all", "ecbplus", None),
    ("basil", "basil", None),
    ("newswcl50", "newswcl50", None),
    ("allsides", "allsides", None),
    ("uci", "uci", None),
]


def shared_available() -> bool:
    return (SCORERS / "make_cluster_input.py").exists()


def load_set(name: str, topics: str | None, workdir: Path) -> tuple[list[Article], Path]:
    """Articles and the gold file for one dataset, made with the reference input builder."""
    tag = f"{name}-{topics or 'all'}"
    jsonl, gold = workdir / f"{tag}.jsonl", workdir / f"{tag}.gold.json"
    if not gold.exists():
        cmd = [sys.executable, str(SCORERS / "make_cluster_input.py"), name, str(jsonl), str(gold)]
        if topics:
            cmd += ["--topics", topics]
        subprocess.run(cmd, check=True, capture_output=True)
    articles = []
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            articles.append(Article(id=r["id"], source=r.get("source") or "", text=r.get("text", ""),
                                    title=r.get("title"), url=r.get("url"), published=r.get("published")))
    return articles, gold


def score(articles: list[Article], stories: list[Story], gold: Path) -> dict[str, float]:
    """B-cubed P/R/F1 and ARI from the reference scorer."""
    report = {"schema": "storyline.report/1",
              "articles": [{"id": a.id, "status": a.status} for a in articles],
              "stories": [{"id": s.id, "articles": s.articles} for s in stories]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(report, f)
    out = subprocess.run([sys.executable, str(SCORERS / "score_clusters.py"), f.name, str(gold)],
                         check=True, capture_output=True, text=True).stdout
    Path(f.name).unlink()
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("B-cubed"):
            figures.update(P=float(parts[2]), R=float(parts[4]), F1=float(parts[6]))
        elif line.startswith("ARI"):
            figures.update(ARI=float(parts[1]), NMI=float(parts[3]))
    return figures
