"""The signing job's child process: it holds nothing of the worker's, and ends with it."""

import multiprocessing
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from ctdppeia.documents import job

from .conftest import alive, wait_for

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _open_descriptors(_: object) -> bytes:
    return " ".join(sorted(os.listdir("/proc/self/fd"))).encode()


def test_the_job_does_not_hold_the_workers_sockets() -> None:
    """A client's connection stays the worker's alone: closed when the worker closes it."""
    client, served = socket.socketpair()
    try:
        seen = job._in_child_process(_open_descriptors, None, 60).decode().split()  # type: ignore[arg-type]
    finally:
        client.close()
        served.close()
    assert str(served.fileno()) not in seen and str(client.fileno()) not in seen
    assert len(seen) <= 6  # stdin, stdout, stderr, its pipe, its parent's sentinel, listing


def _sign_for_ever(path: object) -> bytes:
    Path(str(path)).write_text(str(os.getpid()))
    time.sleep(600)
    return b""


def _worker(path: str) -> None:
    job._in_child_process(_sign_for_ever, path, 900)  # type: ignore[arg-type]


def test_a_job_ends_when_its_worker_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "job.pid"
    worker = multiprocessing.get_context("fork").Process(target=_worker, args=(str(marker),))
    worker.start()
    started = lambda: (marker.read_text() or None) if marker.is_file() else None  # noqa: E731
    try:
        pid = int(wait_for(started, 60, "the job started"))
        os.kill(worker.pid or 0, signal.SIGKILL)
        worker.join()
        wait_for(lambda: not alive(pid), 30, "the job ended with its worker")
    finally:
        if worker.is_alive():
            worker.kill()
            worker.join()
        if started() and alive(int(started() or 0)):
            os.kill(int(started() or 0), signal.SIGKILL)
