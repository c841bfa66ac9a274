"""Benchmark: the staff's "Answer the board" page when a project has many comments.

    .venv/bin/python bench/board_answers.py [--comments 852] [--runs 5]

Builds a temporary SQLite database from the models: a DPPEIA review of a data request, shared
with the Resident Advisory Board, and N comments from one member (the third security test left
852 on one project). Then asks for the answer page as the reviewer, --runs times, through the
app's test client (in the process: no network or web server), and prints its size and the
median wall-clock and CPU time (CPU time is steadier on a shared machine). The page is asked
for once before timing, so the caches are warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "board answers benchmark password"


def build(folder: Path, comments: int) -> tuple[object, int]:
    """The app and the review's id, with `comments` comments on its shared project."""
    os.environ["CTDPPEIA_INSTANCE_PATH"] = str(folder)
    from ctdppeia import create_app
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import BoardComment, BoardShare, Role
    from ctdppeia.models.timestamps import utcnow
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
        }
    )
    with app.app_context():
        db.create_all()
        accounts.seed_agencies()

        def person(email: str, role: Role, code: str) -> object:
            agency = accounts.agency_by_code(code)
            return accounts.create_user(
                None, email=email, name=email, role=role, agency=agency, password=PASSWORD
            )

        reviewer = person("reviewer@bench.example", Role.REVIEWER, "DSS")
        member = person("board@bench.example", Role.BOARD, "OPM")
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
        today = date.today()
        share = BoardShare(
            review_id=review.id,
            shared_by_id=reviewer.id,
            summary="Bench.",
            opens_on=today - timedelta(days=2),
            closes_on=today + timedelta(days=12),
        )
        db.session.add(share)
        db.session.flush()
        start = utcnow() - timedelta(days=1)
        db.session.add_all(
            BoardComment(
                share_id=share.id,
                author_id=member.id,
                body=f"Comment {n}: {'x' * 80}",
                created_at=start + timedelta(seconds=n),
            )
            for n in range(comments)
        )
        db.session.commit()
        return app, review.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=852)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, review_id = build(Path(folder), args.comments)
        client = app.test_client()  # type: ignore[attr-defined]
        client.post("/login", data={"email": "reviewer@bench.example", "password": PASSWORD})
        url = f"/reviews/{review_id}/board/answers"
        size = len(client.get(url).data)
        wall, cpu = [], []
        for _ in range(args.runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        print(f"{args.comments} comments: {url} (load {os.getloadavg()[0]:.1f})")
        print(
            f"  size {size:,} bytes, median {statistics.median(wall):.0f} ms wall, "
            f"{statistics.median(cpu):.0f} ms CPU over {args.runs}"
        )


if __name__ == "__main__":
    main()
