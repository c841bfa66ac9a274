"""Load test of the review walk-through: many reviewers saving sections at the same time.

    .venv/bin/python bench/walkthrough.py [--reviewers 20 50] [--seconds 30] [--think 0]
                                          [--workers 2] [--threads 4]
                                          [--database-url postgresql://...]

Serves the app with gunicorn on 127.0.0.1, with a temporary instance folder
(CTDPPEIA_INSTANCE_PATH) and a fresh database built by the migrations: a new SQLite file in
that folder, or the database named by `--database-url`, which is EMPTIED first. For each
number of reviewers it creates that many reviewer accounts, each with a data request and a
DPPEIA review, signs each one in once, and then runs two phases of `--seconds` each, one
thread per reviewer (httpx):

* the floor: every reviewer asks for a trivial page (the signed-in home page) in a loop;
* the saves: every reviewer saves the first section of their own review in a loop, each save
  changing one answer. Only the POST is timed; the page a browser would load after it is not
  requested, and the "saved" message it would take out of the session is dropped by restoring
  the session cookie.

Between two requests each reviewer pauses `--think` seconds on average (0 = as fast as
possible); the pauses vary by +-50 % and the reviewers start at random moments, so they do not
all send at once.

It prints p50/p95/p99 latency, throughput and errors for both phases, then counts the answer
changes stored in the database and compares them with the saves the server accepted: every
accepted save must be there (no lost answers), and each review's answer must be the last one
sent.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench password 12345"
SECTION = "planning"
FIXED_ANSWERS = {
    "q_P0": "no",
    "q_P1": "university",
    "q_P3": "Plan outreach.",
    "q_P4": "yes",
    "q_P8": "hipaa",
}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


@dataclass
class Reviewer:
    email: str
    review_id: int
    client: httpx.Client | None = None
    csrf: str = ""
    session: str = ""  # the session cookie after signing in
    version: int = 0
    accepted: list[str] = field(default_factory=list)  # the P2 texts the server accepted
    sent: int = 0  # saves sent so far, so that each one changes the answer


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(time.perf_counter() - started)

    def quantile(self, percent: int) -> float | None:
        """The `percent`th percentile in milliseconds (None without a successful request)."""
        if len(self.latencies) < 2:
            return None
        ms = [x * 1000 for x in self.latencies]
        return statistics.quantiles(ms, n=100, method="inclusive")[percent - 1]

    def line(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        if not ms:
            return f"{self.name:<20} no successful requests, {len(self.errors)} errors"
        q = statistics.quantiles(ms, n=100, method="inclusive")
        rate = len(ms) / self.seconds
        return (
            f"{self.name:<20} {len(ms):>6} ok  {rate:7.1f}/s  p50 {q[49]:6.1f} ms  "
            f"p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms  errors {len(self.errors)}"
        )


# Setting up ---------------------------------------------------------------------------------


def use_instance(instance: Path, database_url: str = "") -> None:
    """Point this process's app at the instance folder and the database (default: SQLite in
    the instance folder)."""
    os.environ["CTDPPEIA_INSTANCE_PATH"] = str(instance)
    os.environ["CTDPPEIA_ENV"] = "development"
    if database_url:
        os.environ["CTDPPEIA_DATABASE_URL"] = database_url
    else:
        os.environ.pop("CTDPPEIA_DATABASE_URL", None)


def fresh_database(instance: Path, database_url: str = "") -> None:
    """Empty the database and build its schema with the migrations, as a deployment does."""
    use_instance(instance, database_url)
    import flask_migrate
    from sqlalchemy import text

    from ctdppeia import create_app
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db

    app = create_app()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        accounts.seed_agencies()
        db.session.remove()
        db.engine.dispose()


def prepare(instance: Path, count: int, database_url: str = "") -> list[Reviewer]:
    """Accounts, requests and reviews, made directly in the database (built by
    `fresh_database`)."""
    use_instance(instance, database_url)
    from werkzeug.security import generate_password_hash

    from ctdppeia import create_app
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import Role, User
    from ctdppeia.requests.services import create_request
    from ctdppeia.reviews import services
    from ctdppeia.reviews.registry import questionnaires
    from ctdppeia.reviews.subjects import adapter_for

    app = create_app()
    hashed = generate_password_hash(PASSWORD, method="scrypt")  # once: scrypt is slow on purpose
    reviewers = []
    with app.app_context():
        agency = accounts.agency_by_code("DSS")
        start = db.session.scalar(db.select(db.func.count()).select_from(User)) or 0
        dppeia = questionnaires().latest("dppeia")
        assert dppeia is not None, "the DPPEIA questionnaire does not load"
        for number in range(start, start + count):
            user = User(
                email=f"reviewer{number}@bench.ct.gov",
                name=f"Reviewer {number}",
                password_hash=hashed,
                role=Role.REVIEWER,
                agency=agency,
            )
            db.session.add(user)
            db.session.commit()
            fields = {
                "title": f"Bench request {number}",
                "requesting_org": "Bench University",
                "contact_name": "Bench",
                "contact_email": "bench@example.edu",
                "requester_type": "university",
                "purpose": "Load test.",
                "status": "draft",
            }
            subject = create_request(user, fields, [])
            review = services.start_review(user, adapter_for("data-request"), subject, dppeia)
            reviewers.append(Reviewer(user.email, review.id))
        db.session.remove()
        db.engine.dispose()
    return reviewers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    instance: Path, port: int, workers: int, threads: int, settings: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn on 127.0.0.1:`port`; `settings` are extra environment variables (the database
    URL, the rate-limit storage)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTDPPEIA_")}
    env["CTDPPEIA_INSTANCE_PATH"] = str(instance)
    env["CTDPPEIA_ENV"] = "development"
    env.update(settings or {})
    # The shipped settings (gunicorn.conf.py), with the sizes and the keep-alive of the run;
    # the app's request lines are left out, so that writing them is not measured.
    env.setdefault("CTDPPEIA_LOG_LEVEL", "WARNING")
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--backlog", "2048"]
    # Idle connections stay open as behind a proxy, so a request never races the server
    # closing its connection (gunicorn's default keep-alive is 2 s).
    command += ["--keep-alive", "75", "--log-level", "warning", "ctdppeia:create_app()"]
    log = (instance / "gunicorn.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # each worker loads the app: slow on a busy machine
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    process.wait()
    raise RuntimeError((instance / "gunicorn.log").read_text())


def sign_in(base: str, reviewer: Reviewer) -> None:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    token = CSRF.search(client.get("/login").text)
    assert token, "no CSRF token on the sign-in page"
    data = {"csrf_token": token.group(1), "email": reviewer.email, "password": PASSWORD}
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.text[:500]
    page = client.get(f"/reviews/{reviewer.review_id}/sections/{SECTION}").text
    reviewer.csrf = CSRF.search(page).group(1)  # type: ignore[union-attr]
    reviewer.version = int(VERSION.search(page).group(1))  # type: ignore[union-attr]
    reviewer.client = client
    reviewer.session = client.cookies["session"]


# The two phases -----------------------------------------------------------------------------


def run_phase(
    phase: Phase,
    reviewers: list[Any],
    seconds: float,
    step: Callable[[Any, int], str | None],
    think: float,
    phase_of: Callable[[Any], Phase] | None = None,
) -> None:
    """Every user (one thread each, with an `email`) runs `step` in a loop for `seconds`; the
    timings go to `phase`, or to `phase_of(user)` when given (bench/load.py: one per kind)."""
    stop = time.monotonic() + seconds

    def loop(reviewer: Any) -> None:
        target = phase if phase_of is None else phase_of(reviewer)
        pace = random.Random(reviewer.email)  # reproducible, different per user
        time.sleep(pace.uniform(0, think))  # people do not all start at the same moment
        n = 0
        while time.monotonic() < stop:
            n += 1
            started = time.perf_counter()
            try:
                error = step(reviewer, n)
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            target.record(started, error)
            if think:
                time.sleep(pace.uniform(0.5, 1.5) * think)  # nor keep in step

    threads = [threading.Thread(target=loop, args=(r,)) for r in reviewers]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - began


def home(reviewer: Reviewer, n: int) -> str | None:
    response = reviewer.client.get("/")  # type: ignore[union-attr]
    return None if response.status_code == 200 else f"home answered {response.status_code}"


def save_form(reviewer: Reviewer) -> dict[str, str]:
    """The form of the reviewer's next save: the fixed answers and a new text for P2 (numbered
    by the reviewer's own count, so that every save changes it, whatever the phase)."""
    reviewer.sent += 1
    n = reviewer.sent
    return {
        "csrf_token": reviewer.csrf,
        "version": str(reviewer.version),
        "action": "save",
        "q_P2": f"Save {n} of review {reviewer.review_id}: what the project will find out.",
        **FIXED_ANSWERS,
    }


def save(reviewer: Reviewer, n: int) -> str | None:
    data = save_form(reviewer)
    url = f"/reviews/{reviewer.review_id}/sections/{SECTION}"
    response = reviewer.client.post(url, data=data)  # type: ignore[union-attr]
    if response.status_code != 302:
        return f"save answered {response.status_code}"
    # A browser would now show the next page, which takes the "saved" message out of the
    # session; without that, the messages would pile up in the cookie.
    reviewer.client.cookies.set("session", reviewer.session)  # type: ignore[union-attr]
    reviewer.version += 1  # only this reviewer writes to this review
    reviewer.accepted.append(data["q_P2"])
    return None


# Checking -----------------------------------------------------------------------------------


def check_nothing_lost(instance: Path, reviewers: list[Reviewer], database_url: str = "") -> str:
    """Compare the stored answer changes with the saves the server accepted."""
    use_instance(instance, database_url)
    from ctdppeia import create_app
    from ctdppeia.extensions import db
    from ctdppeia.models import AuditEvent, ReviewAnswer

    app = create_app()
    problems = []
    with app.app_context():
        for reviewer in reviewers:
            query = db.select(AuditEvent).where(
                AuditEvent.scope_type == "review",
                AuditEvent.scope_id == reviewer.review_id,
                AuditEvent.action == "review.answer_changed",
            )
            events = db.session.scalars(query.order_by(AuditEvent.id))
            stored = [e.changes["P2"][1] for e in events if "P2" in e.changes]
            answer = db.session.scalar(
                db.select(ReviewAnswer.value).where(
                    ReviewAnswer.review_id == reviewer.review_id, ReviewAnswer.question_id == "P2"
                )
            )
            if stored != reviewer.accepted:
                problems.append(
                    f"review {reviewer.review_id}: {len(reviewer.accepted)} saves accepted, "
                    f"{len(stored)} answer changes stored"
                )
            elif reviewer.accepted and answer != reviewer.accepted[-1]:
                problems.append(f"review {reviewer.review_id}: the last answer is not stored")
        db.engine.dispose()
    accepted = sum(len(r.accepted) for r in reviewers)
    verdict = "no lost answers" if not problems else f"{len(problems)} problems: {problems[:3]}"
    return f"saves accepted: {accepted}; stored answer changes checked against them: {verdict}"


def machine() -> str:
    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"gunicorn {version('gunicorn')}, SQLAlchemy {version('sqlalchemy')}, "
        f"SQLite {__import__('sqlite3').sqlite_version}"
    )


DATABASE_HELP = (
    "the database to serve from, e.g. postgresql://postgres@127.0.0.1:5432/bench "
    "(EMPTIED first); default: a new SQLite file (WAL) in a temporary folder"
)


def database(url: str) -> str:
    """The database in words, for the report."""
    if not url:
        return "SQLite (WAL), a new file"
    from sqlalchemy.engine import make_url

    return f"{make_url(url).get_backend_name()} database {make_url(url).database}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviewers", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.0, help="pause after each request")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--database-url", default="", help=DATABASE_HELP)
    args = parser.parse_args()
    url = args.database_url
    print(f"Machine: {machine()}")
    print(f"Server: gunicorn, {args.workers} workers x {args.threads} thread(s), {database(url)}")
    print(f"Each phase: {args.seconds:.0f} s; pause between requests: {args.think} s\n")
    with tempfile.TemporaryDirectory(prefix="ctdppeia-bench-") as folder:
        instance = Path(folder)
        fresh_database(instance, url)
        settings = {"CTDPPEIA_DATABASE_URL": url} if url else {}
        for count in args.reviewers:
            reviewers = prepare(instance, count, url)
            port = free_port()
            server = serve(instance, port, args.workers, args.threads, settings)
            try:
                base = f"http://127.0.0.1:{port}"
                for reviewer in reviewers:
                    sign_in(base, reviewer)
                floor, saves = Phase("floor (GET /)"), Phase("section save (POST)")
                run_phase(floor, reviewers, args.seconds, home, args.think)
                run_phase(saves, reviewers, args.seconds, save, args.think)
            finally:
                server.terminate()
                server.wait()
                for reviewer in reviewers:
                    if reviewer.client:
                        reviewer.client.close()
            print(f"{count} reviewers")
            print(f"  {floor.line()}")
            print(f"  {saves.line()}")
            for error in sorted(set(floor.errors + saves.errors))[:5]:
                print(f"    error: {error}")
            print(f"  {check_nothing_lost(instance, reviewers, url)}\n")


if __name__ == "__main__":
    main()
