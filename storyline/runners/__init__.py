"""Where the analysis runs: in this process (`LocalRunner`) or on a Dask cluster (`DaskRunner`).

Every runner takes the same inputs and options and returns the same finished `Corpus`:
the same input gives the same stories and facts whichever runner is used.

    with DaskRunner(n_workers=4) as runner:
        corpus = runner.run(["feeds/"], Options())
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from storyline.pipeline import Corpus, Options
from storyline.runners.parquet import Partition, write_parquet_dataset

if TYPE_CHECKING:
    from storyline.store import Store

__all__ = ["Runner", "LocalRunner", "DaskRunner", "Partition", "write_parquet_dataset", "make_runner",
           "RunnerUnavailable"]


class RunnerUnavailable(RuntimeError):
    """The cluster asked for cannot be used (a scheduler address that does not answer): a
    problem of the setup, reported as such, not as an internal failure."""


class Runner(Protocol):
    def run(self, inputs: list[str], options: Options | None = None, store: "Store | None" = None) -> Corpus:
        """Ingest, extract, link, cluster and compare `inputs`; write to `store` when given."""
        ...

    def close(self) -> None: ...


class LocalRunner:
    """Everything in this process: exactly `storyline.api.analyze`."""

    def __init__(self, parquet_dir: Path | str | None = None):
        self.parquet_dir = parquet_dir

    def run(self, inputs: list[str], options: Options | None = None, store: "Store | None" = None) -> Corpus:
        from storyline.api import analyze

        corpus = analyze(inputs, options, store)
        if self.parquet_dir is not None:
            write_parquet_dataset(corpus, self.parquet_dir)
        return corpus

    def close(self) -> None:
        pass

    def __enter__(self) -> "LocalRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_runner(workers: int = 1, scheduler: str | None = None, parquet_dir: Path | str | None = None,
                worker_memory: str | None = None) -> Runner:
    """The runner a command line asks for: a scheduler address or more than one worker means Dask.
    `worker_memory` bounds each local worker; past it Dask spills held partitions to disk."""
    if scheduler or workers > 1:
        from storyline.runners.dask_runner import DaskRunner

        return DaskRunner(n_workers=workers if not scheduler else None, scheduler=scheduler, parquet_dir=parquet_dir,
                          memory_limit=worker_memory)
    return LocalRunner(parquet_dir=parquet_dir)


def __getattr__(name: str):
    # Dask is imported only when a DaskRunner is asked for.
    if name == "DaskRunner":
        from storyline.runners.dask_runner import DaskRunner

        return DaskRunner
    raise AttributeError(name)
