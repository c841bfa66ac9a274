"""No list page asks the database once per row: each list page is requested with 5 rows and
again with 30, and it must not run more SQL statements for 30 than for 5."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from ctdppeia import audit
from ctdppeia.ai.subject import AIUseCaseSubject
from ctdppeia.board import services as board
from ctdppeia.extensions import db
from ctdppeia.inventory import services as inventory
from ctdppeia.models import AIUseCase, BoardShare, DataRequest, Review, Role, User
from ctdppeia.reviews import services as reviews
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.scale.seed import seed_scale
from tests.conftest import MakeUser, put_session
from tests.factories.use_cases import add_decision
from tests.waiting_page import panel

PASSWORD = "scale password 12345"
# Page keys before and after every row.
FAR_KEY = "2999-01-01T00:00:00_1"
OLD_KEY = "2000-01-01T00:00:00_1"


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


class World:
    """The rows behind every list page, added `count` at a time. Each page shows the same
    kinds of rows at every size (so only the number of rows changes): the agency staff see
    data requests only, the AI use cases belong to an agency that owns no request."""

    def __init__(self, app: Flask, make_user: MakeUser) -> None:
        self.app = app
        self.member = make_user(Role.BOARD, agency="OPM")
        self.ai_reviewer = make_user(Role.AI_REVIEWER, agency="DAS", ai_chair=True)
        self.admin = make_user(Role.ADMIN, agency="DAS")
        self.watched_request = self.approver = self.reviewer = self.ai_owner = 0
        self.first_use_case = 0

    def add(self, count: int) -> None:
        with self.app.app_context():
            seed_scale(count, PASSWORD)
            if not self.watched_request:
                self._choose_people()
            for review in self._unshared_request_reviews()[:count]:
                self._share(review)
            for number in range(count):
                self._use_case(number)
            self._history(count)

    def _choose_people(self) -> None:
        """Staff of the agency whose review waits for approval; an owner of AI use cases
        from an agency with no request."""
        waiting = db.session.scalars(select(Review).where(Review.submitted_at.is_not(None)))
        request = db.session.get(DataRequest, next(iter(waiting)).subject_id)
        assert request is not None
        self.watched_request = request.id
        agency = request.owner_agency.code.lower()
        self.approver = _user_id(f"approver-{agency}@%")
        self.reviewer = _user_id(f"reviewer-{agency}@%")
        owners = select(DataRequest.owner_agency_id)
        others = select(User.id).where(User.email.like("reviewer-%"), User.agency_id.not_in(owners))
        self.ai_owner = db.session.scalars(others).first() or 0

    def _unshared_request_reviews(self) -> list[Review]:
        shared = select(BoardShare.review_id)
        query = select(Review).where(
            Review.subject_kind == "data-request", Review.id.not_in(shared)
        )
        return list(db.session.scalars(query.order_by(Review.id)))

    def _share(self, review: Review) -> None:
        actor = db.session.get(User, review.started_by_id)
        today = date.today()
        board.share_review(actor, review, "A study of wages.", None, today, today + timedelta(20))

    def _use_case(self, number: int) -> None:
        owner = db.session.get(User, self.ai_owner)
        assert owner is not None
        use_case = AIUseCase(
            agency_id=owner.agency_id, created_by_id=owner.id, name=f"Chatbot {number}",
            vendor="Acme AI", description="Answers questions.", intended_use="Help residents.",
            stage="pilot", hosting="vendor-cloud",
        )  # fmt: skip
        db.session.add(use_case)
        db.session.commit()
        self.first_use_case = self.first_use_case or use_case.id
        offered = questionnaires().offered("ai-use-case")
        reviewer = db.session.get(User, self.ai_reviewer.id)
        reviews.start_review(reviewer, AIUseCaseSubject(), use_case, offered[0])
        add_decision(use_case.id, self.ai_reviewer.id)  # publishing needs an approval
        inventory.publish(reviewer, use_case, _entry(use_case.name))
        db.session.commit()
        self._before_the_group(owner, number)

    def _before_the_group(self, owner: User, number: int) -> None:
        """A use case whose submitted review waits for the group's votes and decision."""
        use_case = AIUseCase(
            agency_id=owner.agency_id, created_by_id=owner.id, name=f"Scorer {number}",
            vendor="Acme AI", description="Scores claims.", intended_use="Sort the work.",
            stage="pilot", hosting="vendor-cloud",
        )  # fmt: skip
        db.session.add(use_case)
        db.session.commit()
        offered = questionnaires().offered("ai-use-case")
        review = reviews.start_review(owner, AIUseCaseSubject(), use_case, offered[0])
        review.submitted_at, review.submitted_by_id = datetime.now(UTC), owner.id
        db.session.commit()

    def _history(self, count: int) -> None:
        """Changes to one request by `count` different people (its page lists them)."""
        people = db.session.scalars(select(User).where(User.email.like("%@scale.example.org")))
        watched = db.session.get(DataRequest, self.watched_request)
        for person in list(people)[:count]:
            audit.record(person, "request.updated", watched, summary="Changed the title")
        db.session.commit()


def _user_id(pattern: str) -> int:
    found = db.session.scalar(select(User.id).where(User.email.like(pattern)))
    assert found is not None, pattern
    return found


def _entry(name: str) -> dict[str, object]:
    return {
        "name": name, "vendor": "Acme AI", "capabilities_and_uses": "Answers questions.",
        "decision_role": "none", "impact_assessment_before_use": True,
        "development_stage": "pilot", "date_first_used": date(2025, 1, 10),
        "risk_tier": "low", "risk_tier_basis": "Public pages only.", "ai_technique": "Chatbot",
        "data_used": "Public web pages", "personal_data": False,
        "human_oversight": "Staff read a sample every week.",
        "how_to_appeal": "Call the help line.", "public_contact": "ai.help@ct.gov",
        "decision_date": date(2026, 2, 15), "next_review_date": date(2029, 2, 15),
    }  # fmt: skip


def _pages(world: World) -> dict[str, tuple[int | None, str]]:
    """Page -> (who asks for it: a user id or None when signed out, its URL)."""
    return {
        "requests": (world.admin.id, "/requests/"),
        "requests of an agency": (world.reviewer, "/requests/"),
        "search": (world.admin.id, "/requests/?q=0"),  # every seeded title has a number
        "reviews": (world.reviewer, "/reviews/"),
        "reviews and the approval queue": (world.approver, "/reviews/"),
        "reviews of AI use cases": (world.ai_reviewer.id, "/reviews/"),
        "AI use case queue": (world.ai_reviewer.id, "/ai-use-cases/"),
        "AI use cases of a status": (
            world.ai_reviewer.id,
            "/ai-use-cases/?status=waiting-approval",
        ),
        "AI use cases, older": (world.ai_reviewer.id, f"/ai-use-cases/?older={FAR_KEY}"),
        "AI use cases, newer": (world.ai_owner, f"/ai-use-cases/?newer={OLD_KEY}&status=new"),
        "propose an AI use case": (world.reviewer, "/ai-use-cases/new"),
        "change an AI use case": (world.ai_owner, f"/ai-use-cases/{world.first_use_case}/edit"),
        "board home": (world.member.id, "/board/"),
        "home of an approver": (world.approver, "/"),
        "home of a reviewer": (world.reviewer, "/"),
        "home of the AI group's chair": (world.ai_reviewer.id, "/"),
        "home of an owner of AI use cases": (world.ai_owner, "/"),
        "notices": (world.member.id, "/notices"),
        "inventory": (None, "/ai-inventory"),
        "inventory, filtered": (None, f"/ai-inventory?status=pilot&tier=low&older={FAR_KEY}"),
        "inventory as CSV": (None, "/ai-inventory.csv"),
        "inventory as JSON": (None, "/ai-inventory.json"),
        "request history": (world.admin.id, f"/requests/{world.watched_request}"),
    }


def _statements(app: Flask, client: FlaskClient, user_id: int | None, url: str) -> list[str]:
    with app.app_context():
        user = db.session.get(User, user_id) if user_id is not None else None
        if user is not None:
            db.session.expunge(user)
    put_session(client, user)
    client.get(url)  # once first: one-time loads (questionnaires, caches) are not counted
    with counted(app) as statements:
        response = client.get(url)
        response.get_data()  # a streamed file is read from the database as it is sent
    assert response.status_code == 200, url
    return statements


def _repeated(statements: list[str]) -> str:
    """The statement run most often, to name the culprit when a count grows."""
    most = Counter(statements).most_common(1)
    return f"{most[0][1]} x {most[0][0][:300]}" if most else ""


def test_list_pages_ask_the_database_no_more_for_30_rows_than_for_5(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    world = World(app, make_user)
    world.add(5)
    pages = _pages(world)
    few = {name: _statements(app, client, *where) for name, where in pages.items()}
    world.add(25)
    many = {name: _statements(app, client, *where) for name, where in pages.items()}
    # Never more for 30 rows than for 5. (It can be one fewer: with more rows, an object a
    # page reads, such as the user's agency, may already be in the session.)
    grown = {
        name: (len(few[name]), len(found), _repeated(found))
        for name, found in many.items()
        if len(found) > len(few[name])
    }
    assert not grown, "\n".join(f"{name}: {numbers}" for name, numbers in grown.items())
    assert all(few.values())
    _the_panels_list_rows(app, client, world)


def _the_panels_list_rows(app: Flask, client: FlaskClient, world: World) -> None:
    """The home pages counted above have rows in their "Waiting for you" panels."""
    for user_id, label in (
        (world.approver, "Reviews waiting for your approval"),
        (world.ai_reviewer.id, "AI cases waiting for your vote"),
        (world.member.id, "Projects open for your comments"),
    ):
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.expunge(user)
        put_session(client, user)
        path = "/board/" if user_id == world.member.id else "/"
        assert panel(client, path)[label].total >= 1, label
