"""Benchmark: sharing a review with the Resident Advisory Board, when the mail server is slow.

    .venv/bin/python bench/share_email.py [--members 20] [--delay-ms 200]
        [--redis redis://127.0.0.1:6379/5]

Builds a temporary SQLite database from the models: a DPPEIA review of a data request and
--members board members who want each notice by email, and a local SMTP server (aiosmtpd) that
waits --delay-ms before taking each email. Then shares the review through the app's test
client twice, on fresh databases: with jobs inline (each email sent in the request, as before
the job worker) and with jobs queued in Redis (--redis; the request writes the outbox rows and
queues one job per email; no worker runs here). Prints the share request's wall-clock time in
each mode. The Redis database given is emptied.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "share email benchmark password"


class SlowSink:
    """An SMTP server that takes each email after a pause."""

    def __init__(self, delay: float) -> None:
        self.delay, self.count = delay, 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        self.count += 1
        return "250 Message accepted"


def build(folder: Path, members: int, settings: dict[str, Any]) -> tuple[Any, int]:
    """The app and the review's id, with `members` active board members."""
    os.environ["CTDPPEIA_INSTANCE_PATH"] = str(folder)
    from ctdppeia import create_app
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import Role
    from ctdppeia.requests.services import create_request
    from ctdppeia.reviews import services as reviews
    from ctdppeia.reviews.registry import questionnaires
    from ctdppeia.reviews.subjects import adapter_for

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "SIGNING_PASSPHRASE": "bench",
            "FAST_PASSWORD_HASH_FOR_TESTS": True,
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
        accounts.seed_agencies()

        def person(email: str, role: Role, code: str) -> Any:
            agency = accounts.agency_by_code(code)
            return accounts.create_user(
                None, email=email, name=email, role=role, agency=agency, password=PASSWORD
            )

        reviewer = person("reviewer@bench.example", Role.REVIEWER, "DSS")
        for n in range(members):
            person(f"member{n}@bench.example", Role.BOARD, "OPM")
        fields = {
            "title": "Bench",
            "requesting_org": "Org",
            "contact_name": "C",
            "contact_email": "c@example.gov",
            "requester_type": "university",
            "purpose": "Bench.",
        }
        subject = create_request(reviewer, fields, [])
        questionnaire = questionnaires().latest("dppeia")
        review = reviews.start_review(reviewer, adapter_for("data-request"), subject, questionnaire)
        return app, review.id


def share_seconds(app: Any, review_id: int) -> float:
    client = app.test_client()
    client.post("/login", data={"email": "reviewer@bench.example", "password": PASSWORD})
    today = date.today()
    monday = today + timedelta(days=7 - today.weekday())
    form = {
        "summary": "We want to know if child care help leads to better pay.",
        "summary_es": "",
        "opens_on": monday.isoformat(),
        "closes_on": (monday + timedelta(days=14)).isoformat(),
        "action": "save",
    }
    began = time.perf_counter()
    response = client.post(f"/reviews/{review_id}/board", data=form)
    seconds = time.perf_counter() - began
    assert response.status_code == 302, response.status_code
    return seconds


def main() -> None:
    from aiosmtpd.controller import Controller
    from redis import Redis

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    sink = SlowSink(args.delay_ms / 1000)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
    try:
        for label, jobs in (
            ("inline (email in the request)", {"JOBS_RUN_INLINE": True}),
            ("queued (outbox + job)", {"JOBS_RUN_INLINE": False, "JOBS_REDIS_URL": args.redis}),
        ):
            Redis.from_url(args.redis).flushdb()
            with tempfile.TemporaryDirectory() as folder:
                app, review_id = build(Path(folder), args.members, mail | jobs)
                before = sink.count
                seconds = share_seconds(app, review_id)
                print(
                    f"{label}: share with {args.members} members took {seconds * 1000:.0f} ms;"
                    f" {sink.count - before} emails taken by the server during it"
                )
        Redis.from_url(args.redis).flushdb()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
