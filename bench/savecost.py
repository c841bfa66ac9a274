"""What one section save costs, in one process: SQL statements and milliseconds.

    .venv/bin/python bench/savecost.py [--database-url URL] [--saves 200] [--profile]

Builds a fresh schema in the database (default: a SQLite file in a temporary folder; a
PostgreSQL database given by URL is EMPTIED first), with one reviewer, a data request and a
DPPEIA review made as in `bench/walkthrough.py`, signs in through Flask's test client and saves
the first section `--saves` times, each save changing one answer, as the walk-through does.
It prints the SQL statements one save sends (each one listed), the median and p95 time of a
save, and with `--profile` the functions where one save spends its time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
import walkthrough  # the set-up and the save are the walk-through's own


@contextmanager
def statements(engine: Any) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs (first line of each)."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split())[:150])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


class TestClientSession:
    """The walk-through's reviewer, signed in through Flask's test client instead of httpx."""

    def __init__(self, app: Any, reviewer: walkthrough.Reviewer) -> None:
        self.app, self.reviewer = app, reviewer
        self.client = app.test_client()
        page = self.client.get("/login").get_data(as_text=True)
        token = walkthrough.CSRF.search(page).group(1)  # type: ignore[union-attr]
        data = {"csrf_token": token, "email": reviewer.email, "password": walkthrough.PASSWORD}
        assert self.client.post("/login", data=data).status_code == 302
        url = f"/reviews/{reviewer.review_id}/sections/{walkthrough.SECTION}"
        page = self.client.get(url).get_data(as_text=True)
        reviewer.csrf = walkthrough.CSRF.search(page).group(1)  # type: ignore[union-attr]
        reviewer.version = int(walkthrough.VERSION.search(page).group(1))  # type: ignore[union-attr]

    def save(self, n: int) -> None:
        reviewer = self.reviewer
        data = walkthrough.save_form(reviewer)
        url = f"/reviews/{reviewer.review_id}/sections/{walkthrough.SECTION}"
        response = self.client.post(url, data=data)
        assert response.status_code == 302, response.status_code
        with self.client.session_transaction() as session:
            session.pop("_flashes", None)  # as a browser's next page would
        reviewer.version += 1

    def home(self, _n: int) -> None:
        assert self.client.get("/").status_code == 200


def timed(step: Any, numbers: range) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each call of `step`."""
    wall, cpu = [], []
    for n in numbers:
        started, started_cpu = time.perf_counter(), time.process_time()
        step(n)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def summary(milliseconds: list[float]) -> str:
    q = statistics.quantiles(milliseconds, n=100, method="inclusive")
    return f"median {q[49]:.1f} ms, p95 {q[94]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="cProfile 50 saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctdppeia-savecost-") as folder:
        instance = Path(folder)
        walkthrough.fresh_database(instance, args.database_url)
        [reviewer] = walkthrough.prepare(instance, 1, args.database_url)
        from ctdppeia import create_app
        from ctdppeia.extensions import db

        app = create_app()
        with app.app_context():
            engine = db.engine
        session = TestClientSession(app, reviewer)
        session.save(0)  # warm: templates, questionnaire, pools
        with statements(engine) as sent:
            session.save(1)
        print(f"Database: {engine.dialect.name}; SQL statements in one section save: {len(sent)}")
        for number, statement in enumerate(sent, 1):
            print(f"  {number:>2}. {statement}")
        save_wall, save_cpu = timed(session.save, range(2, args.saves + 2))
        home_wall, home_cpu = timed(session.home, range(args.saves))
        print(f"{args.saves} of each, one at a time (this process's CPU time beside the wall):")
        print(
            f"  section save: {summary(save_wall)}; CPU median {statistics.median(save_cpu):.1f} ms"
        )
        print(
            f"  GET /:        {summary(home_wall)}; CPU median {statistics.median(home_cpu):.1f} ms"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for n in range(args.saves + 2, args.saves + 52):
                session.save(n)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(40)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
