"""Helpers the compare tests share: claim features of hand-written sentences (one outlet each)
and the ledger gold benchmark loaded as a module."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from storyline.compare.features import ClaimFeatures, claim_features
from storyline.model import Article, Claim


def outlet_claims(*texts: str) -> list[ClaimFeatures]:
    """Each text a whole claim of its own article, from "Outlet 0", "Outlet 1", ..."""
    feats = []
    for i, text in enumerate(texts):
        article = Article(id=f"a{i}", source=f"Outlet {i}", text=text)
        feats.append(claim_features(article, Claim(article=article.id, start=0, end=len(text), text=text,
                                                   source=article.source)))
    return feats


def load_gold_bench(name: str):
    """bench/ledger/gold.py as module `name` (its scoring functions are tested on hand-built stories)."""
    path = Path(__file__).resolve().parents[1] / "bench" / "ledger" / "gold.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    saved = sys.modules.pop("datasets", None)  # the bench imports its sibling datasets.py
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("datasets", None)
        if saved is not None:
            sys.modules["datasets"] = saved
    return module
