"""The fixtures every test package may use (registered in ``tests/conftest.py``): the people
around a review, the small test questionnaire, a data request and its review, an AI use case.
A package's conftest may define a fixture of the same name for its own tests."""

from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.factories import requests, reviews, use_cases


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
