"""The fixtures every test package may use (registered in ``tests/conftest.py``): the people
around a review, the small test questionnaire, a data request and its review, an AI use case,
and the public AI inventory's (a fixed clock, decided use cases, signed records, the publish
form). A package's conftest may define a fixture of the same name for its own tests."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.models import AIUseCase, Role, User
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories import inventory, requests, reviews, use_cases


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name="Rosa Reviewer")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.APPROVER, agency="DSS", name="Ana Approver")


@pytest.fixture
def ai_reviewer(make_user: MakeUser) -> User:
    return make_user(Role.AI_REVIEWER, agency="DAS", name="Alex AI")


@pytest.fixture
def member(make_user: MakeUser) -> User:
    """A member of the board."""
    return make_user(Role.BOARD, agency="OPM", name="Marcus Bell")


@pytest.fixture
def member2(make_user: MakeUser) -> User:
    return make_user(Role.BOARD, agency="OPM", name="Dana Ortiz")


@pytest.fixture
def admin(make_user: MakeUser) -> User:
    return make_user(Role.ADMIN, agency="OPM", name="Jordan Ellis")


@pytest.fixture
def owner(make_user: MakeUser) -> User:
    """The reviewer whose agency owns the ``make_case`` use cases."""
    return make_user(Role.REVIEWER, agency="DSS", name="Owner Reviewer")


@pytest.fixture
def members(make_user: MakeUser) -> dict[str, User]:
    """Four AI reviewers of three agencies: a chair, a subcommittee member and two others."""
    return {
        "chair": make_user(Role.AI_REVIEWER, agency="DAS", name="Chair Person", ai_chair=True),
        "sub": make_user(
            Role.AI_REVIEWER, agency="OPM", name="Sub Member", high_risk_subcommittee=True
        ),
        "ana": make_user(Role.AI_REVIEWER, agency="DSS", name="Ana Member"),
        "ben": make_user(Role.AI_REVIEWER, agency="DCF", name="Ben Member"),
    }


@pytest.fixture
def qdir(app: Flask, tmp_path: Path) -> Path:
    """A questionnaire folder holding mini.md, used by the app instead of the shipped one."""
    return reviews.use_questionnaire_folder(app, tmp_path / "questionnaires")


@pytest.fixture
def request_id(app: Flask, reviewer: User) -> int:
    return requests.new_request(app, reviewer)


@pytest.fixture
def review_id(app: Flask, qdir: Path, reviewer: User, request_id: int) -> int:
    """A review of the small test questionnaire (mini.md), started by the reviewer."""
    return reviews.start_review(app, reviewer, request_id)


@pytest.fixture
def make_request(app: Flask) -> requests.MakeRequest:
    """Record a request as `user` directly: make_request(user, title=..., holders=("DSS",))."""

    def make(user: User, holders: tuple[str, ...] = (), **fields: object) -> int:
        return requests.record_request(app, user, holders, **fields)

    return make


@pytest.fixture
def use_case_id(app: Flask, reviewer: User) -> int:
    return use_cases.new_use_case(app, reviewer)


@pytest.fixture
def make_case(app: Flask, owner: User) -> use_cases.CaseFactory:
    """make_case(tier=None|"low"|"medium"|"high", submitted=True) -> (use case id, review id)."""

    def make(tier: str | None = None, submitted: bool = True) -> tuple[int, int]:
        return use_cases.stored_case(app, owner, tier, submitted)

    return make


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> inventory.Clock:
    fixed = inventory.Clock()
    monkeypatch.setattr(clock, "now", fixed.now)
    return fixed


@pytest.fixture
def decide(app: Flask, make_user: MakeUser) -> inventory.Decide:
    """Record the advisory group's decision on a use case: decide(use_case_id, "approve").

    The decision is on the use case's latest Responsible-AI review when it has none yet (the
    review is marked submitted), else on a new review amending it, as a re-assessment is. The
    advisory group's own steps are tested in tests/advisory."""
    chair: list[User] = []

    def add(use_case_id: int, outcome: str = "approve") -> None:
        if not chair:
            chair.append(make_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True))
        with app.app_context():
            use_cases.add_decision(use_case_id, chair[0].id, outcome)

    return add


@pytest.fixture
def sign(app: Flask, make_user: MakeUser) -> inventory.Sign:
    """Give a use case's latest Responsible-AI review a signed record, confirmed by an
    approver of its agency: sign(use_case_id)."""

    def add(use_case_id: int, at: datetime = datetime(2026, 2, 10, 15, 0, tzinfo=UTC)) -> str:
        with app.app_context():
            code = db.session.get_one(AIUseCase, use_case_id).agency.code
        approver = make_user(Role.APPROVER, agency=code)
        with app.app_context():
            return inventory.add_signed_record(use_case_id, at, approver.id)

    return add


@pytest.fixture
def make_use_case(
    app: Flask, make_user: MakeUser, decide: inventory.Decide
) -> inventory.MakeUseCase:
    """Create an AI use case and return its id: make_use_case(agency="DSS", name=...).

    The advisory group approves it (`decided="approve"`), so it may be published; pass
    `decided=None` for a use case without a decision, or another outcome."""
    owner: dict[str, User] = {}

    def make(agency: str = "DSS", decided: str | None = "approve", **extra: Any) -> int:
        if agency not in owner:
            owner[agency] = make_user(Role.REVIEWER, agency=agency)
        with app.app_context():
            found = inventory.inventory_use_case(agency, owner[agency].id, **extra)
        if decided is not None:
            decide(found, decided)
        return found

    return make


@pytest.fixture
def publisher(auth: AuthActions) -> User:
    """An AI reviewer, signed in."""
    return auth.login(Role.AI_REVIEWER, agency="DAS")


@pytest.fixture
def publish(client: FlaskClient, publisher: User) -> inventory.Publish:
    """POST the publish form for a use case, then its check page's "Publish"; returns the
    last response."""

    def post(use_case_id: int, **changes: Any) -> Any:
        url = f"/ai-use-cases/{use_case_id}/inventory"
        return through_check(client, url, inventory.entry_form(**changes), "publish")

    return post
