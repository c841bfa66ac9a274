"""Benchmark: the list pages, search, a review page and the inventory as the data grow.

    .venv/bin/python bench/scale.py [--database-url URL] [--sizes 1000 10000 100000]
                                    [--runs 15] [--keep]

Builds the schema with the migrations on an EMPTY database (PostgreSQL by default:
postgresql+psycopg://postgres@127.0.0.1:5432/scale_h, or a sqlite:/// file), then for each
size adds requests with `seed-scale` until the database holds that many and times each page
--runs times through the app's test client (in the process: the time is the app's and the
database's, without a network or a web server). Every page is asked for once before timing,
so caches (questionnaires, templates) are warm.

For each page it prints the median and the 95th percentile in milliseconds and the number of
SQL statements the page ran, next to the floor of the same run: the signed-in "change your
password" page, which reads nothing but the user. (The home page was the floor until it showed
"Waiting for you"; it is now measured for three roles.) With --keep the database is not
emptied first (it must hold the schema and fewer requests than the first size).

    .venv/bin/python bench/scale.py --database-url SMALL_URL --paired-with LARGE_URL --runs 21

times each page on two databases filled by earlier runs (say 1,000 and 100,000 requests),
one request on each in turn, so that both see the same load: on a shared machine the ratio of
the two medians says how a page grows with the data far better than two runs minutes apart.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "scale benchmark password 1"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/scale_h"
CHAIR = "ai-reviewer@scale.example.org"  # the AI reviewer and chair seed-scale makes


def machine() -> str:
    """CPU model, cores, Python and the load on the machine."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load}"


@dataclass
class Page:
    name: str
    user: str  # email of who asks ("" when signed out)
    url: Callable[[], str]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def empty_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    if engine.dialect.name == "sqlite" and engine.url.database:
        Path(engine.url.database).unlink(missing_ok=True)


def make_app(url: str):  # type: ignore[no-untyped-def]
    os.environ["CTDPPEIA_ENV"] = "development"
    os.environ["CTDPPEIA_DATABASE_URL"] = url
    os.environ["CTDPPEIA_WTF_CSRF_ENABLED"] = "false"  # the pages are read, not posted
    os.environ["CTDPPEIA_RATELIMIT_ENABLED"] = "false"  # one client signs in many times
    from ctdppeia import create_app

    return create_app()


def grow_to(app, size: int) -> str:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from ctdppeia.extensions import db
    from ctdppeia.models import DataRequest
    from ctdppeia.scale.seed import seed_scale

    with app.app_context():
        have = db.session.scalar(select(func.count()).select_from(DataRequest)) or 0
        if have >= size:
            return f"{have:,} requests already"
        started = time.perf_counter()
        report = seed_scale(size - have, PASSWORD)
        seconds = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        return (
            f"added {report.requests:,} requests, {report.reviews:,} reviews, "
            f"{report.answers:,} answers, {report.events:,} audit events in {seconds:.0f} s"
        )


def pages(app) -> list[Page]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from ctdppeia.extensions import db
    from ctdppeia.models import DataRequest, Review, User

    with app.app_context():
        waiting = db.session.scalar(
            select(Review)
            .where(Review.subject_kind == "data-request", Review.submitted_at.is_not(None))
            .order_by(Review.id.desc())
        )
        assert waiting is not None
        owner = db.session.get(DataRequest, waiting.subject_id)
        assert owner is not None
        code = owner.owner_agency.code.lower()
        middle = db.session.scalar(
            select(DataRequest)
            .order_by(DataRequest.id)
            .offset(db.session.scalar(select(db.func.count()).select_from(DataRequest)) // 2)
        )
        assert middle is not None
        deep_key = quote(f"{middle.created_at.isoformat()}_{middle.id}")
        rare = middle.title.split()[-1]
        admin = db.session.scalar(select(User.email).where(User.email == "admin@scale.example.org"))
    assert admin
    reviewer, approver = f"reviewer-{code}@scale.example.org", f"approver-{code}@scale.example.org"
    return [
        Page("floor: password page", reviewer, lambda: "/account/password"),
        Page("home: approver's panel", approver, lambda: "/"),
        Page("home: reviewer's panel", reviewer, lambda: "/"),
        Page("home: AI chair's panel", CHAIR, lambda: "/"),
        Page("requests, newest (admin)", admin, lambda: "/requests/"),
        Page("requests, newest (agency)", reviewer, lambda: "/requests/"),
        Page("requests, halfway back", admin, lambda: f"/requests/?older={deep_key}"),
        Page("requests, status filter", reviewer, lambda: "/requests/?status=draft"),
        Page("search, common word", admin, lambda: "/requests/?q=wage"),
        Page("search, one match", admin, lambda: f"/requests/?q={rare}"),
        Page("reviews + approval queue", approver, lambda: "/reviews/"),
        Page("reviews (admin)", admin, lambda: "/reviews/"),
        Page("one review", reviewer, lambda: f"/reviews/{waiting.id}"),
        Page("AI inventory (public)", "", lambda: "/ai-inventory"),
        Page("AI use cases (admin)", admin, lambda: "/ai-use-cases/"),
        Page("AI use cases (agency)", reviewer, lambda: "/ai-use-cases/"),
        Page("AI use cases, rare status", admin, lambda: "/ai-use-cases/?status=decided"),
        Page("AI use cases, 1 in 10", admin, lambda: "/ai-use-cases/?status=waiting-approval"),
        Page("AI use cases, due", admin, lambda: "/ai-use-cases/?status=due"),
        Page("AI use cases, 9 in 10", admin, lambda: "/ai-use-cases/?status=new"),
        Page("propose an AI use case", reviewer, lambda: "/ai-use-cases/new"),
    ]


def add_admin(app) -> None:  # type: ignore[no-untyped-def]
    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import Role, User

    with app.app_context():
        if accounts.find_user("admin@scale.example.org") is None:
            agency = accounts.agency_by_code("DAS")
            user = User(email="admin@scale.example.org", name="Admin", role=Role.ADMIN)
            user.agency_id = agency.id
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()


def prepare(app, page: Page) -> tuple[Any, str, int]:  # type: ignore[no-untyped-def]
    """A signed-in client for the page, its URL (asked for once, to warm the caches) and the
    number of SQL statements it runs."""
    from sqlalchemy import event

    from ctdppeia.extensions import db

    client = app.test_client()
    if page.user:
        signed = client.post("/login", data={"email": page.user, "password": PASSWORD})
        assert signed.status_code == 302, page.user
    url = page.url()
    assert client.get(url).status_code == 200, url  # warm
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append("")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    client.get(url)
    event.remove(engine, "before_cursor_execute", count)
    return client, url, len(statements)


def timed(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    took = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, url
    return took


def measure(app, page: Page, runs: int) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    client, url, statements = prepare(app, page)
    return [timed(client, url) for _ in range(runs)], statements


def paired(small_url: str, large_url: str, runs: int) -> None:
    """Each page on two databases already filled and migrated by earlier runs (say 1,000 and
    100,000 requests), asked for in turn, one request on each, so both see the same load on a
    shared machine: the ratio of their medians is the growth, whatever the machine was doing."""
    small, large = make_app(small_url), make_app(large_url)
    for app in (small, large):
        add_admin(app)
    print(f"Paired: {small_url.split('@')[-1]} and {large_url.split('@')[-1]}; {runs} runs each\n")
    floors: list[float] = []
    for one, other in zip(pages(small), pages(large), strict=True):
        first, second = prepare(small, one), prepare(large, other)
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(runs):
            times[0].append(timed(*first[:2]))
            times[1].append(timed(*second[:2]))
        p50s = [statistics.median(found) for found in times]
        floors = floors or p50s
        cells = [
            f"p50 {p50:6.1f} ms p95 {percentile(found, 0.95):6.1f} ms ({p50 / floor:4.1f}x floor)"
            for p50, found, floor in zip(p50s, times, floors, strict=True)
        ]
        print(
            f"  {one.name:<28} {cells[0]} | {cells[1]} | {p50s[1] / p50s[0]:4.2f}x  "
            f"{first[2]:3d}/{second[2]:3d} SQL"
        )
    print(f"  load now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="do not empty the database first")
    parser.add_argument(
        "--paired-with",
        metavar="URL",
        help="a second database, already filled: time each page on both in turn, nothing added",
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    if args.paired_with:
        paired(args.database_url, args.paired_with, args.runs)
        return
    if not args.keep:
        empty_database(args.database_url)
    app = make_app(args.database_url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    print(f"Database: {app.config['DATABASE_URL'].split('@')[-1]}; {args.runs} runs per page\n")
    for size in args.sizes:
        print(f"{size:,} requests ({grow_to(app, size)})")
        add_admin(app)
        floor_p95 = 0.0
        for page in pages(app):
            times, statements = measure(app, page, args.runs)
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            floor_p95 = floor_p95 or p95
            print(
                f"  {page.name:<28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"({p95 / floor_p95:4.1f}x floor)  {statements:3d} SQL"
            )
        print(f"  load now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")


if __name__ == "__main__":
    main()
