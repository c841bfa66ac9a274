"""bench/hosts.py's processes: its own Redis, the two hosts (gunicorn with gunicorn.conf.py),
HAProxy with deploy/haproxy.cfg, the job worker when the release has one."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load
from walkthrough import ROOT

HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {seconds:g} s")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL to the whole group: gunicorn, its workers and any signing child."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Host:
    address: str
    port: int
    runner: Process

    @property
    def bind(self) -> str:
        return f"{self.address}:{self.port}"

    def ready(self) -> bool:
        return answers(f"http://{self.bind}/readyz")


def host_env(instance: Path, url: str, redis: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTDPPEIA_", "GUNICORN_"))}
    env.pop("RATELIMIT_STORAGE_URI", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env |= load.UNLIMITED_COMMENTS | {
        "CTDPPEIA_ENV": "development",
        "CTDPPEIA_INSTANCE_PATH": str(instance),
        "CTDPPEIA_DATABASE_URL": url,
        "CTDPPEIA_SECRET_KEY": secret,
        "CTDPPEIA_SIGNING_PASSPHRASE": f"{secret}-signing",
        "CTDPPEIA_LOG_LEVEL": "WARNING",
        "CTDPPEIA_PROXY_FIX_X_FOR": "1",
        "CTDPPEIA_PROXY_FIX_X_PROTO": "1",
        "RATELIMIT_STORAGE_URI": redis,
    }
    return env


def make_host(folder: Path, address: str, workers: int, env: dict[str, str]) -> Host:
    port = free_port(address)
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"{address}:{port}", "--workers", str(workers), "--log-level", "warning"]
    log = folder / f"gunicorn-{address}.log"
    return Host(address, port, Process(f"host {address}", command, env, log))


def worker(folder: Path, env: dict[str, str]) -> Process | None:
    """The job worker, when this release has one (`flask --app ctdppeia jobs`)."""
    if not has_worker(env):
        return None
    command = [sys.executable, "-m", "flask", "--app", "ctdppeia", "jobs", "work"]
    return Process("worker", command, env, folder / "worker.log")


def has_worker(env: dict[str, str]) -> bool:
    """Whether this release has the job worker's command."""
    command = [sys.executable, "-m", "flask", "--app", "ctdppeia", "jobs", "--help"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    return done.returncode == 0


@contextmanager
def redis_server(given: str, folder: Path) -> Iterator[str]:
    if given:
        yield given
        return
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server), or --redis")
    port = free_port()
    runner = Process(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(folder)],
        dict(os.environ),
        folder / "redis.log",
    )  # fmt: skip
    runner.start()
    try:
        wait_until(lambda: _listening(port), 30, "redis-server listening")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        runner.stop()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def haproxy(folder: Path, hosts: list[Host], threads: int) -> tuple[Process, str]:
    """HAProxy with deploy/haproxy.cfg in front of `hosts`, each serving `threads` at once."""
    if shutil.which("haproxy") is None:
        raise SystemExit("haproxy is not installed (apt-get install haproxy)")
    port = free_port()
    env = dict(os.environ) | {
        "CTDPPEIA_HTTP_BIND": f"127.0.0.1:{port}",
        "CTDPPEIA_SITE_HOST": "127.0.0.1",
        "CTDPPEIA_HOST1": hosts[0].bind,
        "CTDPPEIA_HOST2": hosts[1].bind,
        "CTDPPEIA_HAPROXY_UNPRIVILEGED": "1",
        "CTDPPEIA_HOST_MAXCONN": str(threads),
    }
    runner = Process(
        "haproxy", ["haproxy", "-db", "-f", str(HAPROXY_CONFIG)], env, folder / "haproxy.log"
    )
    runner.start()
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: answers(f"{base}/healthz"), 30, "HAProxy answering")
    return runner, base


def ensure_database(url: str) -> None:
    """Create the database when it does not exist (it is emptied afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{target.database}"')  # our own name
