"""`analyze --scheduler tcp://HOST:PORT`: a real Dask scheduler and worker, started as their own
processes on loopback the way a team would run them, give the same report as the in-process run."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_runners import write_corpus

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the scheduler exited early with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port} after {seconds} s")


def _wait_for_workers(address: str, count: int, seconds: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=seconds) as client:
        client.wait_for_workers(count, timeout=seconds)


@pytest.fixture()
def cluster(tmp_path):
    pytest.importorskip("distributed")
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if dask is None:
        pytest.skip("the `dask` command is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = [open(tmp_path / name, "w") for name in ("scheduler.log", "worker.log")]
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard", "--no-show"],
                                 stdout=logs[0], stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    processes = [scheduler]
    try:
        _wait_for_port(port, scheduler)
        processes.append(subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                           "--no-dashboard", "--local-directory", str(tmp_path / "w")],
                                          stdout=logs[1], stderr=subprocess.STDOUT, env=env, cwd=tmp_path))
        _wait_for_workers(address, 1)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


def _analyze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyline.cli", "analyze", *args, "--quiet"],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)


def test_a_remote_scheduler_gives_the_in_process_report(cluster, tmp_path):
    inputs = write_corpus(tmp_path / "corpus")
    local = _analyze(*inputs, "--db", str(tmp_path / "local.db"), "--json", str(tmp_path / "local.json"))
    assert local.returncode == 0, local.stderr
    remote = _analyze(*inputs, "--scheduler", cluster, "--db", str(tmp_path / "remote.db"),
                      "--json", str(tmp_path / "remote.json"), "--parquet-dataset", str(tmp_path / "pq"))
    assert remote.returncode == 0, remote.stderr
    assert (tmp_path / "remote.json").read_bytes() == (tmp_path / "local.json").read_bytes()
    import pyarrow.dataset as ds

    assert ds.dataset(tmp_path / "pq" / "articles", format="parquet").count_rows() == 7


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("distributed")
    inputs = write_corpus(tmp_path / "corpus")
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = _analyze(*inputs, "--scheduler", address, "--db", str(tmp_path / "x.db"))
    assert result.returncode != 0
    assert result.returncode == 1
    assert f"cannot reach the Dask scheduler at {address}" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_missing_input_is_a_usage_error_before_any_scheduler_is_reached(tmp_path):
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = _analyze(str(tmp_path / "nowhere"), "--scheduler", address, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "nowhere" in result.stderr
    assert time.monotonic() - started < 25  # the connection timeout (30 s) was never waited for
