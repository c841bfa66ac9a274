"""Fault tests: the app served by gunicorn in real processes, on the test database (SQLite in a
temporary instance folder, or PostgreSQL when TEST_DATABASE_URL is set), built by the
migrations as in a deployment.

Every test here is marked ``faults`` (``pytest -m faults`` runs only them, ``-m "not faults"``
leaves them out); each takes a minute or two. Waits are bounded polls for a state (a worker
respawned, a process ended), never assertions on elapsed time.

Fixtures
--------
``server``
    gunicorn with 2 workers x 4 threads on a free port of 127.0.0.1, with CSRF on and the same
    instance folder and database as ``migrated_app``; stopped after the test.

``make_people(app, savers, to_confirm)`` makes the accounts to sign in with: reviewers, each
with a DPPEIA review in progress, and reviews submitted by another reviewer, ready for one
approver to confirm and sign.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

import httpx
import pytest
from flask import Flask

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.factories.reviews import dppeia_review, submit

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
PASSWORD = "fault tests password"
WORKERS = 2
APP_NAME = "ctdppeia-faults"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
T = TypeVar("T")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.faults)


def wait_for(check: Callable[[], T | None], seconds: float, what: str) -> T:
    """Poll ``check`` until it returns something true (a pid, a non-empty list); fail after
    ``seconds`` saying what did not happen."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:g} s")
        time.sleep(0.01)


# Processes ----------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (zombies left out)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def all_workers_up(self) -> list[int]:
        """The workers, once there are as many as configured and each one answers."""
        workers = self.workers()
        if len(workers) != WORKERS:
            return []
        return workers if self.answers() else []

    def answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def signing_job(self) -> tuple[int, int] | None:
        """(worker, its signing child process) while a worker is signing a PDF."""
        for worker in self.workers():
            jobs = children(worker)
            if jobs:
                return worker, jobs[0]
        return None

    def kill(self, worker: int) -> None:
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: worker not in self.workers(), 30, f"worker {worker} gone")
        wait_for(self.all_workers_up, 120, f"{WORKERS} workers serving again")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(app: Flask) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")}
    env.pop("RATELIMIT_STORAGE_URI", None)
    env.update(
        {
            "CTDPPEIA_ENV": "development",
            "CTDPPEIA_INSTANCE_PATH": app.instance_path,
            "CTDPPEIA_DATABASE_URL": server_database_url(str(app.config["DATABASE_URL"])),
            "CTDPPEIA_SECRET_KEY": f"faults-{uuid.uuid4().hex}",
            "CTDPPEIA_SIGNING_PASSPHRASE": str(app.config["SIGNING_PASSPHRASE"]),
        }
    )
    return env


def server_database_url(url: str) -> str:
    """The server's database; on PostgreSQL its connections carry APP_NAME, so that a test can
    find them in pg_stat_activity."""
    if not url.startswith("postgresql"):
        return url
    return f"{url}{'&' if '?' in url else '?'}application_name={APP_NAME}"


def _stop(process: subprocess.Popen[bytes], log_file: IO[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log_file.close()


@pytest.fixture
def server(migrated_app: Flask) -> Iterator[Server]:
    url = f"http://127.0.0.1:{_free_port()}"
    log = Path(migrated_app.instance_path) / "gunicorn.log"
    log_file = log.open("wb")
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", url.removeprefix("http://")]
    command += ["--workers", str(WORKERS), "--threads", "4", "--timeout", "120"]
    # Workers end only when a test kills them (never replaced after max_requests).
    command += ["--graceful-timeout", "5", "--max-requests", "0", "ctdppeia:create_app()"]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=_server_env(migrated_app),
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    running = Server(url, process, log)
    try:
        try:
            wait_for(running.all_workers_up, 120, "gunicorn serving")
        except AssertionError as error:
            raise AssertionError(f"{error}; its log:\n{log.read_text()}") from error
        yield running
    finally:
        _stop(process, log_file)


# People and their reviews -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    email: str


@dataclass(frozen=True)
class People:
    savers: list[tuple[Person, int]]  # a reviewer and the review they save sections of
    approver: Person
    to_confirm: list[int]  # submitted reviews, ready for the approver


def make_person(app: Flask, role: Role, name: str) -> Person:
    with app.app_context():
        user = accounts.create_user(
            None,
            email=f"{role.value}-{uuid.uuid4().hex[:8]}@faults.ct.gov",
            name=name,
            role=role,
            agency=accounts.agency_by_code("DSS"),
            password=PASSWORD,
        )
        return Person(user.id, user.email)


def _user(app: Flask, person: Person) -> User:
    with app.app_context():
        user = db.session.get(User, person.id)
        assert user is not None
        db.session.expunge(user)
        return user


def make_people(app: Flask, savers: int, to_confirm: int) -> People:
    """Reviewers with a review in progress each, and reviews submitted by another reviewer
    for one approver to confirm."""
    saving = []
    for number in range(savers):
        reviewer = make_person(app, Role.REVIEWER, f"Saver {number}")
        review_id, _ = dppeia_review(app, _user(app, reviewer))
        saving.append((reviewer, review_id))
    submitted = []
    if to_confirm:
        submitter = _user(app, make_person(app, Role.REVIEWER, "Rosa Delgado"))
        for _ in range(to_confirm):
            review_id, _ = dppeia_review(app, submitter)
            submit(app, submitter, review_id)
            submitted.append(review_id)
    approver = make_person(app, Role.APPROVER, "Nguyễn Văn An")
    return People(saving, approver, submitted)


# A person at a browser ----------------------------------------------------------------------


def signed_in(server: Server, person: Person) -> tuple[httpx.Client, str]:
    """An HTTP client signed in as ``person``, and its form token."""
    client = httpx.Client(base_url=server.url, timeout=120, follow_redirects=False)
    token = CSRF.search(client.get("/login").text)
    assert token, "no form token on the sign-in page"
    form = {"csrf_token": token.group(1), "email": person.email, "password": PASSWORD}
    response = client.post("/login", data=form)
    assert response.status_code == 302, response.text[:500]
    home = CSRF.search(client.get("/").text)
    assert home, "no form token on the home page"
    return client, home.group(1)


SignIn = Callable[[Person], tuple[httpx.Client, str]]


@pytest.fixture
def sign_in(server: Server) -> Iterator[SignIn]:
    """``sign_in(person)``: a client signed in to ``server`` and its form token; closed after
    the test."""
    clients: list[httpx.Client] = []

    def signed(person: Person) -> tuple[httpx.Client, str]:
        client, token = signed_in(server, person)
        clients.append(client)
        return client, token

    yield signed
    for client in clients:
        client.close()


SET_ASIDE = re.compile(r'name="(set-aside-[^"]+)"')


def sign_form(client: httpx.Client, token: str, review_id: int) -> dict[str, str]:
    """The last confirmation step as an approver fills it: the note, the declaration and a
    reason for every item to close before approval still open (read from the check page)."""
    form = {"csrf_token": token, "note": "Confirmed.", "declaration": "y", "step": "check"}
    check = client.post(f"/reviews/{review_id}/confirm", data=form)
    reasons = dict.fromkeys(SET_ASIDE.findall(check.text), "Closed before release.")
    return {**form, "step": "sign", **reasons}
