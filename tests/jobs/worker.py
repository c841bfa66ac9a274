"""A real job worker for the tests: `flask --app ctdppeia jobs work` in a process of its own,
on Redis database 5 (TEST_JOBS_REDIS_URL), against the test's own database.

The tests that queue jobs take turns (a lock file): each empties the Redis database first,
and a worker takes every job it finds there, so two at once would run each other's jobs."""

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError

from ctdppeia.config import PROJECT_ROOT

REDIS_URL = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_or_skip() -> Redis:
    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        redis.ping()
    except RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return redis


@pytest.fixture
def queued(app: Flask) -> Iterator[Redis]:
    """The app queues its jobs in an empty Redis database instead of running them inline."""
    redis = redis_or_skip()
    name = hashlib.sha256(REDIS_URL.encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"ctdppeia-jobs-{name}.lock", "w") as turn:
        fcntl.flock(turn, fcntl.LOCK_EX)  # released when the file closes
        redis.flushdb()
        app.config.update(JOBS_RUN_INLINE=False, JOBS_REDIS_URL=REDIS_URL)
        app.extensions.pop("ctdppeia_jobs_redis", None)
        yield redis
        redis.flushdb()


def worker_environment(app: Flask) -> dict[str, str]:
    """The settings the worker needs to share the app's database, keys and mail server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")}
    settings = {
        "ENV": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SIGNING_PASSPHRASE": app.config["SIGNING_PASSPHRASE"],
        "JOBS_REDIS_URL": REDIS_URL,
        "JOBS_RUN_INLINE": "false",
        "LOG_LEVEL": "WARNING",
        "INSTANCE_PATH": app.instance_path,
    }
    if app.config.get("MAIL_SERVER"):
        settings |= {
            "MAIL_SERVER": app.config["MAIL_SERVER"],
            "MAIL_PORT": str(app.config["MAIL_PORT"]),
        }
    env |= {f"CTDPPEIA_{name}": value for name, value in settings.items()}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    return env


def start_worker(app: Flask, *options: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "flask", "--app", "ctdppeia", "jobs", "work", *options]
    return subprocess.Popen(command, env=worker_environment(app), cwd=PROJECT_ROOT)


def run_burst(app: Flask) -> None:
    """Run a worker until the queues are empty."""
    worker = start_worker(app, "--burst")
    assert worker.wait(timeout=300) == 0


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


def wait_until(condition: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the worker did not get there"
        time.sleep(0.05)
