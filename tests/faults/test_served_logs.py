"""The app served as in production, by gunicorn with the shipped gunicorn.conf.py: every line
on standard output is JSON, /metrics adds up the counts of every worker (those of a worker
that was killed included), and SIGTERM stops it cleanly."""

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from flask import Flask

from tests.faults.conftest import PROJECT_ROOT, _free_port, _server_env, children, wait_for


@pytest.fixture
def served(migrated_app: Flask, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    env = _server_env(migrated_app) | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "CTDPPEIA_METRICS_ALLOWED_ADDRESSES": "127.0.0.1",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    out = (tmp_path / "stdout.log").open("wb")
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: len(children(process.pid)) == 2 and _answers(url), 180, "gunicorn up")
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        out.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _served_by(url: str) -> str:
    """GET /healthz on a new connection; the request id it was given."""
    response = httpx.get(f"{url}/healthz", headers={"Connection": "close"}, timeout=30)
    assert response.status_code == 200
    return response.headers["X-Request-Id"]


def _lines(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _healthz_lines(log: Path) -> list[dict[str, object]]:
    return [line for line in _lines(log) if line.get("route") == "/healthz"]


def _healthz_count(url: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=30).text
    key = 'ctdppeia_requests_total{method="GET",route="/healthz",status="200"} '
    found = [line for line in text.splitlines() if line.startswith(key)]
    return float(found[0].removeprefix(key)) if found else 0.0


def test_json_logs_metrics_of_every_worker_and_a_clean_stop(
    served: tuple[str, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, process = served
    log = tmp_path / "stdout.log"
    pids: set[object] = set()
    for number in range(400):  # until both workers have answered some
        _served_by(url)
        pids = {line["pid"] for line in _healthz_lines(log)}
        if len(pids) == 2 and number >= 10:
            break
    assert len(pids) == 2, "one worker answered every request"
    # whichever worker answers the scrape, it counts every worker's requests
    assert _healthz_count(url) == len(_healthz_lines(log))
    os.kill(int(str(sorted(pids, key=str)[0])), signal.SIGKILL)
    wait_for(lambda: len(children(process.pid)) == 2 and _answers(url), 180, "a new worker")
    assert _healthz_count(url) == len(_healthz_lines(log))  # the killed worker's kept
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 0
    lines = _lines(log)  # every line is JSON: this fails on any other
    requests = [line for line in lines if line.get("logger") == "ctdppeia.request"]
    assert all(len(str(line["request_id"])) == 32 for line in requests)
    assert any(line.get("logger") == "gunicorn.error" for line in lines)
