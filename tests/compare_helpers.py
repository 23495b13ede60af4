"""Claim features of hand-written sentences, one outlet each: the helper the compare rule tests share."""
from __future__ import annotations

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
