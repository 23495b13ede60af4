"""What every worker needs before its first task, re-run on a worker the nanny restarts."""
from __future__ import annotations

from distributed import WorkerPlugin


class WorkerSetup(WorkerPlugin):
    """Our records' sizes told to Dask (so the memory limit holds) and the spaCy model loaded
    at start-up rather than inside the first task."""

    name = "storyline-worker-setup"

    def setup(self, worker) -> None:
        from storyline.extract.nlp import load_nlp
        from storyline.runners import sizes  # noqa: F401  (registers with dask.sizeof on import)

        load_nlp()
