"""Load test of the whole application: reviewers, board members, AI reviewers, readers of
signed PDFs and visitors of the public AI inventory at the same time.

    .venv/bin/python bench/load.py [--databases sqlite postgresql://...] [--workers 2 4]
                                   [--users 50 200] [--seconds 20] [--think 1] [--rounds 1]
                                   [--threads 4] [--ratelimit-storage redis://127.0.0.1:6379/0]

For each database (`sqlite`: a new SQLite file in a temporary folder; a URL: that database,
which is EMPTIED first) it builds the schema with the migrations, adds the demo data (a
project shared with the Resident Advisory Board with its comment period open, an AI use case
waiting for the advisory group's votes, a confirmed review with its signed PDF, the public AI
inventory) and accounts for the largest number of users. Then, for each number of gunicorn
workers and each number of users, it serves the app (`--threads` threads per worker), signs
the users in and runs two phases of `--seconds`, one thread per user (httpx), each pausing
`--think` seconds on average between requests (+-50 %, random start):

* the floor: every signed-in user asks for `GET /` (the signed-in home page);
* the mix: of every ten users, five reviewers save a section of their own review (as in
  `bench/walkthrough.py`), two board members comment on the shared project, one AI reviewer
  votes (changes their recommendation) on the waiting use case, one reader downloads the
  signed PDF and one visitor (not signed in) reads the public AI inventory.

With `--rounds N` the two phases run N times in turn (floor, mix, floor, mix, ...) and each
kind's timings are pooled over the rounds, so that a machine whose speed drifts during the run
weighs on the floor and the mix alike.

It prints, per kind of action, p50/p95/p99, throughput and errors beside the floor, and the
save's p95 as a multiple of the floor's. Afterwards it counts every answer change, comment and
vote in the database and compares them with what the clients recorded as accepted (lost
writes must be 0), and checks the audit log's hash chain.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import walkthrough as walk  # the reviewers, the server, the phases and the save are its own
from walkthrough import CSRF, PASSWORD, Phase, Reviewer

MIX = ("reviewer",) * 5 + ("board",) * 2 + ("ai",) + ("pdf",) + ("public",)
KINDS = {
    "reviewer": "section save (POST)",
    "board": "board comment (POST)",
    "ai": "AI vote (POST)",
    "pdf": "signed PDF (GET)",
    "public": "AI inventory (GET)",
}


@dataclass
class Member:
    """A board member, an AI reviewer, a PDF reader or a public visitor."""

    email: str
    kind: str
    client: httpx.Client | None = None
    csrf: str = ""
    session: str = ""
    accepted: list[str] = field(default_factory=list)  # comment bodies or vote rationales


@dataclass
class Demo:
    """The shared objects every user of a kind works on."""

    share_id: int
    use_case_id: int
    vote_review_id: int
    signed_review_id: int


@dataclass
class Crowd:
    reviewers: list[Reviewer]
    members: dict[str, list[Member]]  # kind -> members
    demo: Demo

    def pick(self, users: int) -> list[tuple[str, Reviewer | Member]]:
        """`users` users in the proportions of MIX."""
        kinds = list(itertools.islice(itertools.cycle(MIX), users))
        taken: dict[str, int] = {}
        chosen: list[tuple[str, Reviewer | Member]] = []
        for kind in kinds:
            index = taken.get(kind, 0)
            taken[kind] = index + 1
            pool = self.reviewers if kind == "reviewer" else self.members[kind]
            chosen.append((kind, pool[index]))
        return chosen


# Setting up ---------------------------------------------------------------------------------


def populate(instance: Path, url: str, users: int) -> Crowd:
    """The demo data, then accounts for `users` users in the proportions of MIX."""
    walk.use_instance(instance, url)
    from ctdppeia import create_app
    from ctdppeia.demo import seed_demo

    app = create_app()
    with app.app_context():
        seed_demo()
        demo = _demo_objects()
    counts = {kind: sum(1 for k in itertools.islice(itertools.cycle(MIX), users) if k == kind)
              for kind in KINDS}  # fmt: skip
    reviewers = walk.prepare(instance, counts["reviewer"], url)
    members = {kind: _accounts(app, kind, counts[kind]) for kind in KINDS if kind != "reviewer"}
    return Crowd(reviewers, members, demo)


def _demo_objects() -> Demo:
    from sqlalchemy import select

    from ctdppeia.board import period
    from ctdppeia.extensions import db
    from ctdppeia.models import AIUseCase, BoardShare, Review

    today = period.today()
    open_now = (BoardShare.opens_on <= today) & (BoardShare.closes_on >= today)
    share = db.session.scalars(select(BoardShare).where(open_now).order_by(BoardShare.id)).first()
    assert share is not None, "the demo data have no project open for comments"
    waiting = db.session.scalars(select(AIUseCase).where(AIUseCase.name == "SNAP questions chat"))
    use_case = waiting.one()
    vote_review = db.session.scalars(
        select(Review).where(Review.subject_kind == "ai-use-case", Review.subject_id == use_case.id)
    ).one()
    signed = db.session.scalars(
        select(Review).where(
            Review.subject_kind == "data-request", Review.confirmed_at.is_not(None)
        )
    ).one()
    return Demo(share.id, use_case.id, vote_review.id, signed.id)


def _accounts(app: object, kind: str, count: int) -> list[Member]:
    """Accounts for one kind of user (public visitors need none)."""
    if kind == "public":
        return [Member(f"visitor{n}", kind) for n in range(count)]
    from werkzeug.security import generate_password_hash

    from ctdppeia.admin import services as accounts
    from ctdppeia.extensions import db
    from ctdppeia.models import Role, User

    role, agency = {
        "board": (Role.BOARD, "OPM"),
        "ai": (Role.AI_REVIEWER, "DAS"),
        "pdf": (Role.REVIEWER, "DSS"),  # the signed review's agency
    }[kind]
    hashed = generate_password_hash(PASSWORD, method="scrypt")
    members = []
    with app.app_context():  # type: ignore[attr-defined]
        for number in range(count):
            email = f"{kind}{number}@bench.ct.gov"
            db.session.add(
                User(
                    email=email,
                    name=f"{kind.title()} {number}",
                    password_hash=hashed,
                    role=role,
                    agency=accounts.agency_by_code(agency),
                )
            )
            members.append(Member(email, kind))
        db.session.commit()
        db.engine.dispose()
    return members


def sign_in(base: str, user: Reviewer | Member, demo: Demo) -> None:
    """Sign the user in (public visitors only get a client) and keep the form token of the
    page they post from."""
    if isinstance(user, Reviewer):
        walk.sign_in(base, user)
        return
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    user.client = client
    if user.kind == "public":
        return
    token = CSRF.search(client.get("/login").text)
    assert token, "no CSRF token on the sign-in page"
    data = {"csrf_token": token.group(1), "email": user.email, "password": PASSWORD}
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.text[:500]
    form_page = {
        "board": f"/board/projects/{demo.share_id}",
        "ai": f"/ai-use-cases/{demo.use_case_id}/advisory",
    }.get(user.kind)
    if form_page:
        found = CSRF.search(client.get(form_page).text)
        assert found, f"no form on {form_page} for {user.email}"
        user.csrf = found.group(1)
    user.session = client.cookies["session"]


# What each kind of user does ----------------------------------------------------------------


def steps(demo: Demo) -> dict[str, Callable[[Reviewer | Member, int], str | None]]:
    def comment(member: Reviewer | Member, n: int) -> str | None:
        assert isinstance(member, Member) and member.client
        body = f"Comment {n} from {member.email}: how will the results reach parents?"
        data = {"csrf_token": member.csrf, "body": body, "concern": ""}
        response = member.client.post(f"/board/projects/{demo.share_id}/comments", data=data)
        return _accepted(member, response, body)

    def vote(member: Reviewer | Member, n: int) -> str | None:
        assert isinstance(member, Member) and member.client
        why = f"Vote {n} from {member.email}: public pages only."
        data = {"csrf_token": member.csrf, "recommendation": "approve", "rationale": why}
        url = f"/ai-use-cases/{demo.use_case_id}/advisory/{demo.vote_review_id}/recommendation"
        return _accepted(member, member.client.post(url, data=data), why)

    def pdf(member: Reviewer | Member, n: int) -> str | None:
        assert isinstance(member, Member) and member.client
        response = member.client.get(f"/reviews/{demo.signed_review_id}/review.pdf")
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            return f"PDF answered {response.status_code}"
        return None

    def inventory(member: Reviewer | Member, n: int) -> str | None:
        assert isinstance(member, Member) and member.client
        response = member.client.get("/ai-inventory")
        return None if response.status_code == 200 else f"inventory answered {response.status_code}"

    def save(reviewer: Reviewer | Member, n: int) -> str | None:
        assert isinstance(reviewer, Reviewer)
        return walk.save(reviewer, n)

    return {"reviewer": save, "board": comment, "ai": vote, "pdf": pdf, "public": inventory}


def _accepted(member: Member, response: httpx.Response, text: str) -> str | None:
    if response.status_code != 302:
        return f"{member.kind} answered {response.status_code}"
    member.client.cookies.set("session", member.session)  # type: ignore[union-attr]
    member.accepted.append(text)
    return None


def home(user: Reviewer | Member, n: int) -> str | None:
    response = user.client.get("/")  # type: ignore[union-attr]
    return None if response.status_code == 200 else f"home answered {response.status_code}"


# Running ------------------------------------------------------------------------------------


@dataclass
class Run:
    floor: Phase
    kinds: dict[str, Phase]

    def lines(self) -> list[str]:
        floor_p95 = self.floor.quantile(95)
        rows = [self.floor.line()]
        for phase in self.kinds.values():
            p95 = phase.quantile(95)
            ratio = f"  ({p95 / floor_p95:.1f}x the floor's p95)" if p95 and floor_p95 else ""
            rows.append(phase.line() + ratio)
        return rows


def run(
    crowd: Crowd,
    chosen: list[tuple[str, Reviewer | Member]],
    seconds: float,
    think: float,
    rounds: int = 1,
) -> Run:
    """`rounds` pairs of phases, each a floor then a mix, pooled per kind of request: with
    more than one, a machine whose speed drifts during the run weighs on both alike."""
    pooled = Run(Phase("floor (GET /)"), {kind: Phase(label) for kind, label in KINDS.items()})
    for _ in range(rounds):
        one = _one_round(crowd, chosen, seconds, think)
        for into, came in [(pooled.floor, one.floor)] + [
            (pooled.kinds[kind], one.kinds[kind]) for kind in KINDS
        ]:
            into.latencies += came.latencies
            into.errors += came.errors
            into.seconds += came.seconds
    return pooled


def _one_round(
    crowd: Crowd, chosen: list[tuple[str, Reviewer | Member]], seconds: float, think: float
) -> Run:
    signed_in = [user for kind, user in chosen if kind != "public"]
    floor = Phase("floor (GET /)")
    walk.run_phase(floor, signed_in, seconds, home, think)
    kinds = {kind: Phase(label) for kind, label in KINDS.items()}
    kind_of = {user.email: kind for kind, user in chosen}
    actions = steps(crowd.demo)

    def step(user: Reviewer | Member, n: int) -> str | None:
        return actions[kind_of[user.email]](user, n)

    mixed = Phase("mix")
    users = [user for _, user in chosen]
    walk.run_phase(mixed, users, seconds, step, think, lambda user: kinds[kind_of[user.email]])
    for phase in kinds.values():
        phase.seconds = mixed.seconds
    return Run(floor, kinds)


# Checking -----------------------------------------------------------------------------------


def check_writes(instance: Path, url: str, crowd: Crowd) -> list[str]:
    """Every accepted answer, comment and vote against the database; the audit chain."""
    answers = walk.check_nothing_lost(instance, crowd.reviewers, url)
    walk.use_instance(instance, url)
    from sqlalchemy import func, select

    from ctdppeia import create_app
    from ctdppeia.audit_chain import verify_chain
    from ctdppeia.extensions import db
    from ctdppeia.models import AIRecommendation, AuditEvent, BoardComment, User

    app = create_app()
    lost, lines = 0 if "no lost answers" in answers else 1, [answers]
    with app.app_context():
        ids: dict[str, int] = dict(db.session.execute(select(User.email, User.id)).all())  # type: ignore[arg-type]
        comments = 0
        for member in crowd.members["board"]:
            stored = list(
                db.session.scalars(
                    select(BoardComment.body)
                    .where(BoardComment.author_id == ids[member.email])
                    .order_by(BoardComment.id)
                )
            )
            comments += len(stored)
            lost += len(set(member.accepted) - set(stored))
        votes = 0
        for member in crowd.members["ai"]:
            changes = db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.actor_id == ids[member.email])
                .where(AuditEvent.action.like("advisory.recommend%"))
            )
            row = db.session.scalar(
                select(AIRecommendation.rationale).where(
                    AIRecommendation.user_id == ids[member.email]
                )
            )
            votes += changes or 0
            lost += max(0, len(member.accepted) - (changes or 0))
            if member.accepted and row != member.accepted[-1]:
                lost += 1
        chain = verify_chain()
        db.engine.dispose()
    accepted_comments = sum(len(m.accepted) for m in crowd.members["board"])
    accepted_votes = sum(len(m.accepted) for m in crowd.members["ai"])
    lines.append(f"comments accepted: {accepted_comments}, stored: {comments}")
    lines.append(f"votes accepted: {accepted_votes}, vote changes stored: {votes}")
    verdict = "whole" if chain.ok else f"BROKEN at event {chain.broken.event_id}"  # type: ignore[union-attr]
    lines.append(f"audit chain: {chain.checked} events, {verdict}")
    lines.append(f"LOST WRITES: {lost}")
    return lines


# The matrix ---------------------------------------------------------------------------------

# Board members here comment about once a second, far above the limits a real member meets
# (ctdppeia/board/flood.py): lifted, so that the load measures the server, not the limits.
UNLIMITED_COMMENTS = {
    f"CTDPPEIA_BOARD_{name}": "1000000"
    for name in (
        "MEMBER_COMMENTS_PER_HOUR",
        "MEMBER_COMMENTS_PER_PROJECT",
        "PROJECT_COMMENTS_PER_HOUR",
        "PROJECT_COMMENTS_MAX",
    )
}


def one_database(args: argparse.Namespace, database: str) -> None:
    url = "" if database == "sqlite" else database
    settings = {"CTDPPEIA_DATABASE_URL": url} if url else {}
    settings |= UNLIMITED_COMMENTS
    if args.ratelimit_storage:
        settings["RATELIMIT_STORAGE_URI"] = args.ratelimit_storage
        # No job worker runs here: sign and send in the request, as one host alone would.
        settings["CTDPPEIA_JOBS_RUN_INLINE"] = "true"
    with tempfile.TemporaryDirectory(prefix="ctdppeia-load-") as folder:
        instance = Path(folder)
        walk.fresh_database(instance, url)
        crowd = populate(instance, url, max(args.users))
        for workers in args.workers:
            for users in args.users:
                chosen = crowd.pick(users)
                port = walk.free_port()
                server = walk.serve(instance, port, workers, args.threads, settings)
                try:
                    base = f"http://127.0.0.1:{port}"
                    for _, user in chosen:
                        sign_in(base, user, crowd.demo)
                    result = run(crowd, chosen, args.seconds, args.think, args.rounds)
                finally:
                    server.terminate()
                    server.wait()
                    for _, user in chosen:
                        if user.client:
                            user.client.close()
                            user.client = None
                server_words = f"{workers} workers x {args.threads} threads"
                print(f"{walk.database(url)}, {server_words}, {users} users")
                for line in result.lines():
                    print(f"  {line}")
                errors = [e for p in [result.floor, *result.kinds.values()] for e in p.errors]
                for error in sorted(set(errors))[:5]:
                    print(f"    error: {error}")
                for line in check_writes(instance, url, crowd):
                    print(f"  {line}")
                print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite"], help="sqlite or URLs")
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="pause after each request")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument(
        "--rounds", type=int, default=1, help="floor-then-mix pairs of phases, pooled"
    )
    parser.add_argument(
        "--ratelimit-storage",
        default="",
        help="RATELIMIT_STORAGE_URI, e.g. redis://127.0.0.1:6379/0",
    )
    args = parser.parse_args()
    print(f"Machine: {walk.machine()}")
    rounds = f"; {args.rounds} rounds of floor then mix, pooled" if args.rounds > 1 else ""
    print(
        f"Each phase: {args.seconds:.0f} s; pause between requests: {args.think} s{rounds}\n",
        flush=True,
    )
    for database in args.databases:
        one_database(args, database)


if __name__ == "__main__":
    main()
